// SPDX-License-Identifier: MIT
/*
 * test_helpers.c - cmocka tests of the helpers' argument parsing and exit
 * status mapping (rnx_helper.c).  No guest, no root needed.
 */
#include <errno.h>
#include <netdb.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <arpa/inet.h>
#include <cmocka.h>

#include "rnx_helper.h"

static void test_port(void **state)
{
	unsigned short p = 7;

	(void)state;
	assert_int_equal(rnx_h_parse_port("1234", &p), 0);
	assert_int_equal(p, 1234);
	assert_int_equal(rnx_h_parse_port("65535", &p), 0);
	assert_int_equal(p, 65535);
	assert_int_equal(rnx_h_parse_port("1", &p), 0);
	p = 7;
	assert_int_equal(rnx_h_parse_port("0", &p), -EINVAL);
	assert_int_equal(rnx_h_parse_port("65536", &p), -EINVAL);
	assert_int_equal(rnx_h_parse_port("12a", &p), -EINVAL);
	assert_int_equal(rnx_h_parse_port("", &p), -EINVAL);
	assert_int_equal(rnx_h_parse_port("+53", &p), -EINVAL);
	assert_int_equal(rnx_h_parse_port("-53", &p), -EINVAL);
	assert_int_equal(rnx_h_parse_port(" 53", &p), -EINVAL);
	assert_int_equal(rnx_h_parse_port("99999999999999999999", &p),
			 -EINVAL);
	assert_int_equal(rnx_h_parse_port(NULL, &p), -EINVAL);
	assert_int_equal(p, 7);
}

static void test_pid(void **state)
{
	pid_t pid = 0;

	(void)state;
	assert_int_equal(rnx_h_parse_pid("4242", &pid), 0);
	assert_int_equal(pid, 4242);
	assert_int_equal(rnx_h_parse_pid("0", &pid), -EINVAL);
	assert_int_equal(rnx_h_parse_pid("-1", &pid), -EINVAL);
	assert_int_equal(rnx_h_parse_pid("2147483648", &pid), -EINVAL);
	assert_int_equal(rnx_h_parse_pid("1x", &pid), -EINVAL);
}

static void test_ipv4(void **state)
{
	struct sockaddr_in sa;

	(void)state;
	assert_int_equal(rnx_h_parse_ipv4("127.0.0.1", "1234", &sa), 0);
	assert_int_equal(sa.sin_family, AF_INET);
	assert_int_equal(ntohs(sa.sin_port), 1234);
	assert_int_equal(ntohl(sa.sin_addr.s_addr), 0x7f000001);
	assert_int_equal(rnx_h_parse_ipv4("198.18.1.10", "53", &sa), 0);
	assert_int_equal(ntohl(sa.sin_addr.s_addr), 0xc612010a);
	assert_int_equal(rnx_h_parse_ipv4("localhost", "53", &sa), -EINVAL);
	assert_int_equal(rnx_h_parse_ipv4("::1", "53", &sa), -EINVAL);
	assert_int_equal(rnx_h_parse_ipv4("1.2.3.256", "53", &sa), -EINVAL);
	assert_int_equal(rnx_h_parse_ipv4("1.2.3.4", "0", &sa), -EINVAL);
	assert_int_equal(rnx_h_parse_ipv4(NULL, "53", &sa), -EINVAL);
}

static void test_socket_names(void **state)
{
	int v = -1;

	(void)state;
	assert_int_equal(rnx_h_parse_domain("inet", &v), 0);
	assert_int_equal(v, AF_INET);
	assert_int_equal(rnx_h_parse_domain("packet", &v), 0);
	assert_int_equal(v, AF_PACKET);
	assert_int_equal(rnx_h_parse_domain("10", &v), 0);
	assert_int_equal(v, AF_INET6);
	assert_int_equal(rnx_h_parse_domain("inet4", &v), -EINVAL);
	assert_int_equal(rnx_h_parse_type("raw", &v), 0);
	assert_int_equal(v, SOCK_RAW);
	assert_int_equal(rnx_h_parse_type("dgram", &v), 0);
	assert_int_equal(v, SOCK_DGRAM);
	assert_int_equal(rnx_h_parse_type("datagram", &v), -EINVAL);
	assert_int_equal(rnx_h_parse_proto("icmp", &v), 0);
	assert_int_equal(v, IPPROTO_ICMP);
	assert_int_equal(rnx_h_parse_proto("raw", &v), 0);
	assert_int_equal(v, IPPROTO_RAW);
	assert_int_equal(rnx_h_parse_proto("0", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(rnx_h_parse_proto("256", &v), -EINVAL);
	assert_int_equal(rnx_h_parse_proto("", &v), -EINVAL);
	assert_int_equal(rnx_h_parse_proto(NULL, &v), -EINVAL);
}

static void test_fail_status(void **state)
{
	(void)state;
	assert_int_equal(rnx_h_fail("t", "op", EACCES), EACCES);
	assert_int_equal(rnx_h_fail("t", "op", EPERM), EPERM);
	assert_int_equal(rnx_h_fail("t", "op", ECONNREFUSED), ECONNREFUSED);
	/* never 0 for a failure, never a value that looks like another */
	assert_int_equal(rnx_h_fail("t", "op", 0), RNX_H_USAGE);
	assert_int_equal(rnx_h_fail("t", "op", -5), RNX_H_USAGE);
	assert_int_equal(rnx_h_fail("t", "op", 300), RNX_H_USAGE);
	assert_int_equal(rnx_h_usage("t", "ARGS"), RNX_H_USAGE);
}

static void test_eai_status(void **state)
{
	(void)state;
	assert_int_equal(rnx_h_eai_status(0, 0), 0);
	assert_int_equal(rnx_h_eai_status(EAI_NONAME, 0), 202);
	assert_int_equal(rnx_h_eai_status(EAI_AGAIN, 0), 203);
	assert_int_equal(rnx_h_eai_status(EAI_FAIL, 0), 204);
	assert_int_equal(rnx_h_eai_status(EAI_SYSTEM, EACCES), EACCES);
	assert_int_equal(rnx_h_eai_status(EAI_SYSTEM, 0), RNX_H_USAGE);
	/* glibc's extension codes (-100...) fall outside the table */
	assert_int_equal(rnx_h_eai_status(-100, 0), RNX_H_USAGE - 1);
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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
