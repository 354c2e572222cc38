// SPDX-License-Identifier: MIT
/*
 * test_match.c - cmocka tests of rn_avc_count_match() and
 * rn_avc_count_subject().
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rnx_audit.h"

static struct rn_avc rec(const char *type, const char *result,
			  const char *perms, const char *tclass,
			  const char *stype, const char *ttype, int permissive,
			  long pid, const char *comm)
{
	struct rn_avc a;

	memset(&a, 0, sizeof(a));
	snprintf(a.type, sizeof(a.type), "%s", type);
	snprintf(a.result, sizeof(a.result), "%s", result);
	snprintf(a.perms, sizeof(a.perms), "%s", perms);
	snprintf(a.tclass, sizeof(a.tclass), "%s", tclass);
	snprintf(a.stype, sizeof(a.stype), "%s", stype);
	snprintf(a.ttype, sizeof(a.ttype), "%s", ttype);
	a.permissive = permissive;
	a.pid = pid;
	snprintf(a.comm, sizeof(a.comm), "%s", comm);
	return a;
}

static struct rn_avc recs[7];
static struct rn_avc_list list = { recs, 7, 7 };

static int setup(void **state)
{
	(void)state;
	recs[0] = rec("AVC", "denied", "open read write", "file", "rustnet_t",
		      "user_home_t", 0, 100, "rnx-open");
	recs[1] = rec("AVC", "denied", "name_connect", "tcp_socket",
		      "rustnet_t", "ssh_port_t", 1, 101, "rnx-connect");
	recs[2] = rec("AVC", "denied", "name_connect", "tcp_socket",
		      "rustnet_t", "ssh_port_t", 0, 102, "rnx-connect");
	recs[3] = rec("USER_AVC", "denied", "send_msg", "dbus", "rustnet_t",
		      "system_dbusd_t", -1, -1, "");
	recs[4] = rec("AVC", "granted", "setenforce", "security",
		      "unconfined_t", "security_t", -1, 103, "setenforce");
	recs[5] = rec("SELINUX_ERR", "", "", "process", "unconfined_t",
		      "rustnet_exec_t", -1, -1, "");
	recs[6] = rec("AVC", "denied", "readdir", "dir", "sshd_t",
		      "user_home_dir_t", 0, 104, "sshd");
	return 0;
}

static struct rn_expect any(void)
{
	struct rn_expect e = { .permissive = -1, .pid = -1 };

	return e;
}

static void test_perm_in_multi_perm_list(void **state)
{
	struct rn_expect e = any();

	(void)state;
	e.perm = "read";
	assert_int_equal(rn_avc_count_match(&list, &e), 1);
	e.perm = "write";
	assert_int_equal(rn_avc_count_match(&list, &e), 1);
	e.perm = "open";
	assert_int_equal(rn_avc_count_match(&list, &e), 1);
	/* whole words only: "read" is not "readdir", "rea" is no perm */
	e.perm = "rea";
	assert_int_equal(rn_avc_count_match(&list, &e), 0);
	e.perm = "readdir";
	assert_int_equal(rn_avc_count_match(&list, &e), 1);
	e.perm = "ead";
	assert_int_equal(rn_avc_count_match(&list, &e), 0);
}

static void test_fields(void **state)
{
	struct rn_expect e = any();

	(void)state;
	e.perm = "name_connect";
	e.tclass = "tcp_socket";
	e.stype = "rustnet_t";
	e.ttype = "ssh_port_t";
	assert_int_equal(rn_avc_count_match(&list, &e), 2);
	e.tclass = "udp_socket";
	assert_int_equal(rn_avc_count_match(&list, &e), 0);
	e.tclass = "tcp_socket";
	e.stype = "unconfined_t";
	assert_int_equal(rn_avc_count_match(&list, &e), 0);
	e.stype = "rustnet_t";
	e.ttype = "http_port_t";
	assert_int_equal(rn_avc_count_match(&list, &e), 0);
	/* "" is "any" like NULL */
	e.ttype = "";
	assert_int_equal(rn_avc_count_match(&list, &e), 2);
}

static void test_permissive_wildcard(void **state)
{
	struct rn_expect e = any();

	(void)state;
	e.perm = "name_connect";
	assert_int_equal(rn_avc_count_match(&list, &e), 2);
	e.permissive = 0;
	assert_int_equal(rn_avc_count_match(&list, &e), 1);
	e.permissive = 1;
	assert_int_equal(rn_avc_count_match(&list, &e), 1);
	/* a record without the flag meets only the wildcard */
	e.perm = "send_msg";
	e.permissive = 0;
	assert_int_equal(rn_avc_count_match(&list, &e), 0);
	e.permissive = -1;
	assert_int_equal(rn_avc_count_match(&list, &e), 1);
}

static void test_pid_and_comm(void **state)
{
	struct rn_expect e = any();

	(void)state;
	e.perm = "name_connect";
	e.pid = 102;
	assert_int_equal(rn_avc_count_match(&list, &e), 1);
	e.pid = 999;
	assert_int_equal(rn_avc_count_match(&list, &e), 0);
	e.pid = -1;
	e.comm = "rnx-connect";
	assert_int_equal(rn_avc_count_match(&list, &e), 2);
	e.comm = "rnx-open";
	assert_int_equal(rn_avc_count_match(&list, &e), 0);
	e.perm = NULL;
	assert_int_equal(rn_avc_count_match(&list, &e), 1);
}

static void test_granted_never_matches(void **state)
{
	struct rn_expect e = any();

	(void)state;
	e.perm = "setenforce";
	assert_int_equal(rn_avc_count_match(&list, &e), 0);
	/* the empty expectation meets every non-granted record */
	e.perm = NULL;
	assert_int_equal(rn_avc_count_match(&list, &e), 6);
}

static void test_subject_count(void **state)
{
	struct rn_avc_list empty = { 0 };

	(void)state;
	assert_int_equal(rn_avc_count_subject(&list, "rustnet_t"), 4);
	assert_int_equal(rn_avc_count_subject(&list, "unconfined_t"), 2);
	assert_int_equal(rn_avc_count_subject(&list, "sshd_t"), 1);
	assert_int_equal(rn_avc_count_subject(&list, "rustnet"), 0);
	assert_int_equal(rn_avc_count_subject(&list, NULL), 7);
	assert_int_equal(rn_avc_count_subject(&empty, "rustnet_t"), 0);
	assert_int_equal(rn_avc_count_subject(NULL, "rustnet_t"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_perm_in_multi_perm_list),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_permissive_wildcard),
		cmocka_unit_test(test_pid_and_comm),
		cmocka_unit_test(test_granted_never_matches),
		cmocka_unit_test(test_subject_count),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
