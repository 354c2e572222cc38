// SPDX-License-Identifier: MIT
/*
 * test_ss_parse.c - cmocka tests of the `ss -Htin` parser used by the
 * egress.guard.ssh_channel scenario (runner/sc_egress_ssh.c).  The runner
 * core functions it calls are stubbed: only the parser runs here.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core.h"
#include "sc_egress_ssh.h"

int rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
	   const char *fmt, ...)
{
	(void)r;
	(void)timeout_s;
	(void)fmt;
	if (out)
		*out = NULL;
	return -ENOSYS;
}

int rn_sh_quiet(unsigned int timeout_s, char **out, const char *fmt, ...)
{
	(void)timeout_s;
	(void)fmt;
	*out = NULL;
	return -ENOSYS;
}

void rn_note(struct rn_result *r, const char *fmt, ...)
{
	(void)r;
	(void)fmt;
}

int rn_set(struct rn_result *r, enum rn_verdict v, const char *fmt, ...)
{
	r->verdict = v;
	(void)fmt;
	return 0;
}

/* as printed by iproute2 6.1 in the Debian 12 guest */
static const char two[] =
	"0      0      10.0.2.15:22 10.0.2.2:54998\n"
	"\t cubic rto:220 rtt:16.09/9.172 mss:1460 cwnd:10 bytes_sent:6145 "
	"bytes_acked:6145 bytes_received:6368 segs_out:49\n"
	"0      36     10.0.2.15:22 10.0.2.2:55000\n"
	"\t cubic rto:204 bytes_sent:99 bytes_acked:63 bytes_received:10\n";

static void test_first(void **state)
{
	unsigned long long acked = 0;
	char conn[128];

	(void)state;
	assert_int_equal(rn_sc_ss_acked(two, "", conn, sizeof(conn), &acked),
			 0);
	assert_string_equal(conn, "10.0.2.15:22 10.0.2.2:54998");
	assert_true(acked == 6145);
}

static void test_by_peer(void **state)
{
	unsigned long long acked = 0;
	char conn[128];

	(void)state;
	assert_int_equal(rn_sc_ss_acked(two, "10.0.2.2:55000", conn,
					 sizeof(conn), &acked), 0);
	assert_string_equal(conn, "10.0.2.15:22 10.0.2.2:55000");
	assert_true(acked == 63);
}

static void test_by_pid(void **state)
{
	static const char withp[] =
		"0 0 10.0.2.15:22 10.0.2.2:1 users:((\"sshd\",pid=41,fd=4))\n"
		"\t cubic bytes_acked:5\n"
		"0 0 10.0.2.15:22 10.0.2.2:2 users:((\"sshd\",pid=412,fd=4),(\"sshd\",pid=400,fd=4))\n"
		"\t cubic bytes_acked:900\n";
	unsigned long long acked = 0;
	char conn[128];

	(void)state;
	assert_int_equal(rn_sc_ss_acked(withp, "pid=412,", conn, sizeof(conn),
					 &acked), 0);
	assert_true(acked == 900);
	assert_int_equal(rn_sc_ss_acked(withp, "pid=41,", conn, sizeof(conn),
					 &acked), 0);
	assert_true(acked == 5);
	assert_int_equal(rn_sc_ss_acked(withp, "pid=4,", conn, sizeof(conn),
					 &acked), -ENOENT);
}

static void test_missing(void **state)
{
	unsigned long long acked = 7;
	char conn[128];

	(void)state;
	assert_int_equal(rn_sc_ss_acked(two, "10.0.2.2:1", conn, sizeof(conn),
					 &acked), -ENOENT);
	assert_int_equal(rn_sc_ss_acked("", "", conn, sizeof(conn), &acked),
			 -ENOENT);
	/* a connection line without its info line */
	assert_int_equal(rn_sc_ss_acked("0 0 1.2.3.4:22 5.6.7.8:9\n", "",
					 conn, sizeof(conn), &acked), -ENOENT);
	assert_true(acked == 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first),
		cmocka_unit_test(test_by_peer),
		cmocka_unit_test(test_by_pid),
		cmocka_unit_test(test_missing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
