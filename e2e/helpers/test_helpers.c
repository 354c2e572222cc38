// SPDX-License-Identifier: MIT
/*
 * test_helpers.c - cmocka tests of the helpers' argument parsing and exit
 * status mapping (rnx_helper.c).  No guest, no root needed.
 */
#include <errno.h>
#include <netdb.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "rnx_helper.h"

static void test_port(void **state)
{
	unsigned short p = 7;

	(void)state;
	assert_int_equal(rn_h_parse_port("1234", &p), 0);
	assert_int_equal(p, 1234);
	assert_int_equal(rn_h_parse_port("65535", &p), 0);
	assert_int_equal(p, 65535);
	assert_int_equal(rn_h_parse_port("1", &p), 0);
	p = 7;
	assert_int_equal(rn_h_parse_port("0", &p), -EINVAL);
	assert_int_equal(rn_h_parse_port("65536", &p), -EINVAL);
	assert_int_equal(rn_h_parse_port("12a", &p), -EINVAL);
	assert_int_equal(rn_h_parse_port("", &p), -EINVAL);
	assert_int_equal(rn_h_parse_port("+53", &p), -EINVAL);
	assert_int_equal(rn_h_parse_port("-53", &p), -EINVAL);
	assert_int_equal(rn_h_parse_port(" 53", &p), -EINVAL);
	assert_int_equal(rn_h_parse_port("99999999999999999999", &p),
			 -EINVAL);
	assert_int_equal(rn_h_parse_port(NULL, &p), -EINVAL);
	assert_int_equal(p, 7);
}

static void test_pid(void **state)
{
	pid_t pid = 0;

	(void)state;
	assert_int_equal(rn_h_parse_pid("4242", &pid), 0);
	assert_int_equal(pid, 4242);
	assert_int_equal(rn_h_parse_pid("0", &pid), -EINVAL);
	assert_int_equal(rn_h_parse_pid("-1", &pid), -EINVAL);
	assert_int_equal(rn_h_parse_pid("2147483648", &pid), -EINVAL);
	assert_int_equal(rn_h_parse_pid("1x", &pid), -EINVAL);
}

static void test_ipv4(void **state)
{
	struct sockaddr_in sa;

	(void)state;
	assert_int_equal(rn_h_parse_ipv4("127.0.0.1", "1234", &sa), 0);
	assert_int_equal(sa.sin_family, AF_INET);
	assert_int_equal(ntohs(sa.sin_port), 1234);
	assert_int_equal(ntohl(sa.sin_addr.s_addr), 0x7f000001);
	assert_int_equal(rn_h_parse_ipv4("198.18.1.10", "53", &sa), 0);
	assert_int_equal(ntohl(sa.sin_addr.s_addr), 0xc612010a);
	assert_int_equal(rn_h_parse_ipv4("localhost", "53", &sa), -EINVAL);
	assert_int_equal(rn_h_parse_ipv4("::1", "53", &sa), -EINVAL);
	assert_int_equal(rn_h_parse_ipv4("1.2.3.256", "53", &sa), -EINVAL);
	assert_int_equal(rn_h_parse_ipv4("1.2.3.4", "0", &sa), -EINVAL);
	assert_int_equal(rn_h_parse_ipv4(NULL, "53", &sa), -EINVAL);
}

static void test_socket_names(void **state)
{
	int v = -1;

	(void)state;
	assert_int_equal(rn_h_parse_domain("inet", &v), 0);
	assert_int_equal(v, AF_INET);
	assert_int_equal(rn_h_parse_domain("packet", &v), 0);
	assert_int_equal(v, AF_PACKET);
	assert_int_equal(rn_h_parse_domain("10", &v), 0);
	assert_int_equal(v, AF_INET6);
	assert_int_equal(rn_h_parse_domain("inet4", &v), -EINVAL);
	assert_int_equal(rn_h_parse_type("raw", &v), 0);
	assert_int_equal(v, SOCK_RAW);
	assert_int_equal(rn_h_parse_type("dgram", &v), 0);
	assert_int_equal(v, SOCK_DGRAM);
	assert_int_equal(rn_h_parse_type("datagram", &v), -EINVAL);
	assert_int_equal(rn_h_parse_proto("icmp", &v), 0);
	assert_int_equal(v, IPPROTO_ICMP);
	assert_int_equal(rn_h_parse_proto("raw", &v), 0);
	assert_int_equal(v, IPPROTO_RAW);
	assert_int_equal(rn_h_parse_proto("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(rn_h_parse_proto("256", &v), -EINVAL);
	assert_int_equal(rn_h_parse_proto("", &v), -EINVAL);
	assert_int_equal(rn_h_parse_proto(NULL, &v), -EINVAL);
}

static void test_fail_status(void **state)
{
	(void)state;
	assert_int_equal(rn_h_fail("t", "op", EACCES), EACCES);
	assert_int_equal(rn_h_fail("t", "op", EPERM), EPERM);
	assert_int_equal(rn_h_fail("t", "op", ECONNREFUSED), ECONNREFUSED);
	/* never 0 for a failure, never a value that looks like another */
	assert_int_equal(rn_h_fail("t", "op", 0), RN_H_USAGE);
	assert_int_equal(rn_h_fail("t", "op", -5), RN_H_USAGE);
	assert_int_equal(rn_h_fail("t", "op", 300), RN_H_USAGE);
	assert_int_equal(rn_h_usage("t", "ARGS"), RN_H_USAGE);
}

static void test_eai_status(void **state)
{
	(void)state;
	assert_int_equal(rn_h_eai_status(0, 0), 0);
	assert_int_equal(rn_h_eai_status(EAI_NONAME, 0), 202);
	assert_int_equal(rn_h_eai_status(EAI_AGAIN, 0), 203);
	assert_int_equal(rn_h_eai_status(EAI_FAIL, 0), 204);
	assert_int_equal(rn_h_eai_status(EAI_SYSTEM, EACCES), EACCES);
	assert_int_equal(rn_h_eai_status(EAI_SYSTEM, 0), RN_H_USAGE);
	/* glibc's extension codes (-100...) fall outside the table */
	assert_int_equal(rn_h_eai_status(-100, 0), RN_H_USAGE - 1);
}

static void test_unix_addr(void **state)
{
	struct sockaddr_un sa;
	socklen_t len = 0;
	char big[200];

	(void)state;
	/* abstract: leading NUL, no terminator, length counts the name */
	assert_int_equal(rn_h_parse_unix("@rnx-abs", &sa, &len), 0);
	assert_int_equal(sa.sun_family, AF_UNIX);
	assert_int_equal(sa.sun_path[0], '\0');
	assert_memory_equal(sa.sun_path + 1, "rnx-abs", 7);
	assert_int_equal(len, offsetof(struct sockaddr_un, sun_path) + 8);
	/* path: terminator included */
	assert_int_equal(rn_h_parse_unix("/run/x.sock", &sa, &len), 0);
	assert_string_equal(sa.sun_path, "/run/x.sock");
	assert_int_equal(len, offsetof(struct sockaddr_un, sun_path) + 12);
	assert_int_equal(rn_h_parse_unix("", &sa, &len), -EINVAL);
	assert_int_equal(rn_h_parse_unix("@", &sa, &len), -EINVAL);
	assert_int_equal(rn_h_parse_unix(NULL, &sa, &len), -EINVAL);
	/* sun_path is 108 bytes: a path of 107 fits, 108 does not; an
	 * abstract name (no terminator) of 107 after its NUL fits */
	memset(big, 'a', sizeof(big));
	big[0] = '/';
	big[107] = '\0';
	assert_int_equal(rn_h_parse_unix(big, &sa, &len), 0);
	big[107] = 'a';
	big[108] = '\0';
	assert_int_equal(rn_h_parse_unix(big, &sa, &len), -EINVAL);
	big[0] = '@';
	assert_int_equal(rn_h_parse_unix(big, &sa, &len), 0);
	assert_int_equal(len, offsetof(struct sockaddr_un, sun_path) + 108);
	big[108] = 'a';
	big[109] = '\0';
	assert_int_equal(rn_h_parse_unix(big, &sa, &len), -EINVAL);
}

static void test_signal(void **state)
{
	int v = -1;

	(void)state;
	assert_int_equal(rn_h_parse_signal("kill", &v), 0);
	assert_int_equal(v, SIGKILL);
	assert_int_equal(rn_h_parse_signal("term", &v), 0);
	assert_int_equal(v, SIGTERM);
	assert_int_equal(rn_h_parse_signal("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(rn_h_parse_signal("64", &v), 0);
	assert_int_equal(v, 64);
	v = 7;
	assert_int_equal(rn_h_parse_signal("65", &v), -EINVAL);
	assert_int_equal(rn_h_parse_signal("SIGKILL", &v), -EINVAL);
	assert_int_equal(rn_h_parse_signal("-9", &v), -EINVAL);
	assert_int_equal(rn_h_parse_signal("", &v), -EINVAL);
	assert_int_equal(v, 7);
}

static void test_secs(void **state)
{
	unsigned int s = 9;

	(void)state;
	assert_int_equal(rn_h_parse_secs("8", &s), 0);
	assert_int_equal(s, 8);
	assert_int_equal(rn_h_parse_secs("600", &s), 0);
	assert_int_equal(rn_h_parse_secs("0", &s), -EINVAL);
	assert_int_equal(rn_h_parse_secs("601", &s), -EINVAL);
	assert_int_equal(rn_h_parse_secs("2s", &s), -EINVAL);
	assert_int_equal(s, 600);
}

static void test_frame(void **state)
{
	unsigned char f[RN_H_FRAME_MAX], zero[60] = { 0 };
	char big[RN_H_FRAME_MAX];
	int n;

	(void)state;
	memset(f, 0xaa, sizeof(f));
	n = rn_h_build_frame(f, sizeof(f), "rnx-m");
	/* padded to the Ethernet minimum, broadcast, our source, 0x88b5 */
	assert_int_equal(n, RN_H_FRAME_MIN);
	assert_memory_equal(f, "\xff\xff\xff\xff\xff\xff", 6);
	assert_memory_equal(f + 6, RN_H_FRAME_SRC, 6);
	assert_int_equal(f[12], 0x88);
	assert_int_equal(f[13], 0xb5);
	assert_memory_equal(f + 14, "rnx-m", 5);
	assert_memory_equal(f + 19, zero, RN_H_FRAME_MIN - 19);
	/* a long marker is not padded */
	memset(big, 'm', 100);
	big[100] = '\0';
	assert_int_equal(rn_h_build_frame(f, sizeof(f), big), 114);
	assert_int_equal(rn_h_build_frame(f, 100, big), -EMSGSIZE);
	memset(big, 'm', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(rn_h_build_frame(f, sizeof(f), big), -EMSGSIZE);
	assert_int_equal(rn_h_build_frame(f, sizeof(f), ""), -EINVAL);
	assert_int_equal(rn_h_build_frame(f, sizeof(f), NULL), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_port),
		cmocka_unit_test(test_pid),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_socket_names),
		cmocka_unit_test(test_fail_status),
		cmocka_unit_test(test_eai_status),
		cmocka_unit_test(test_unix_addr),
		cmocka_unit_test(test_signal),
		cmocka_unit_test(test_secs),
		cmocka_unit_test(test_frame),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
