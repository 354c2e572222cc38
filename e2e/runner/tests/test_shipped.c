// SPDX-License-Identifier: MIT
/*
 * test_shipped.c - cmocka tests of the decision in core_shipped.c: when a
 * check may take a recorded listing instead of running sesearch, and when
 * a matched policy is recorded.  rn_sh and the hash list are faked with
 * -Wl,--wrap; the fake answers by the command it is given.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_sh.h"
#include "core.h"

#define FAKE_LIST_PATH "/var/lib/rnx/shipped/matched.txt"
#include "fake_hashlist.h"

#define H1 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define H2 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

int rn_opt_reuse_setup;	/* main.c's option */

static struct {
	const char *hash[4];	/* sha256sum answers, in order */
	int nhash, ihash;
	int hash_rc;
	int cmp_rc[4];		/* rule comparison exit statuses, in order */
	int ncmp;
	char sesearch, cat_listing, cp_listing;	/* commands seen */
	const char *diff_out;	/* what the comparisons print */
} F;

/* the fake's answers: list lookup, the hashes before and after sesearch
 * (NULL: none), the exit statuses of the first two comparisons */
static void fake_set(int found, const char *h0, const char *h1, int cmp0,
		     int cmp1)
{
	memset(&F, 0, sizeof(F));
	memset(&FL, 0, sizeof(FL));
	/* found 1: H1 is listed; else what any lookup returns */
	FL.listed = found == 1 ? H1 : NULL;
	FL.info = "sesearch at permissive-begin, T0";
	FL.other = found == 1 ? 0 : found;
	F.hash[0] = h0;
	F.hash[1] = h1;
	F.nhash = !!h0 + !!h1;
	F.cmp_rc[0] = cmp0;
	F.cmp_rc[1] = cmp1;
}

int __wrap_rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
		   const char *fmt, ...);
int __wrap_rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
		   const char *fmt, ...)
{
	char cmd[4096];
	const char *o = "";
	int rc = 0;
	va_list ap;

	(void)r;
	(void)timeout_s;
	va_start(ap, fmt);
	fake_sh_format(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (!strncmp(cmd, "sha256sum ", 10)) {
		rc = F.hash_rc;
		o = F.ihash < F.nhash ? F.hash[F.ihash++] : "";
	} else if (strstr(cmd, "diff -u")) {
		assert_true(F.ncmp < 4);
		rc = F.cmp_rc[F.ncmp++];
		if (strstr(cmd, "sesearch -A -T --allowxperm -s rustnet_t "
			   "/sys/fs/selinux/policy"))
			F.sesearch++;
		if (strstr(cmd, "cat /var/lib/rnx/shipped/loaded-" H1 ".txt"))
			F.cat_listing++;
		if (F.diff_out)
			o = F.diff_out;
	} else if (!strncmp(cmd, "cp ", 3) &&
		   strstr(cmd, "/var/lib/rnx/shipped/loaded-")) {
		F.cp_listing++;
	} else if (strstr(cmd, "semodule -lfull")) {
		o = "400 rustnet pp\n";
	}
	if (out)
		*out = strdup(o);
	return rc;
}

static enum rn_verdict check(const char *tag, struct rn_result *r)
{
	char *mods = NULL;

	rn_result_init(r);
	assert_int_equal(rn_shipped_check("/opt/rnx", "/out", tag, r, &mods),
			 0);
	free(mods);
	return r->verdict;
}

/* no listed policy: sesearch, and the match is recorded */
static void test_miss_runs_sesearch(void **state)
{
	struct rn_result r;

	(void)state;
	fake_set(0, H1 "  /sys/fs/selinux/policy\n",
		 H1 "  /sys/fs/selinux/policy\n", 0, 0);
	assert_int_equal(check("permissive-begin", &r), RN_PASS);
	assert_int_equal(F.sesearch, 1);
	assert_int_equal(F.cat_listing, 0);
	assert_int_equal(F.cp_listing, 1);
	assert_int_equal(FL.nadd, 1);
	assert_string_equal(FL.added, H1);
	assert_non_null(strstr(FL.added_info, "sesearch at permissive-begin, "));
	assert_non_null(strstr(r.reason, "sesearch -A -T --allowxperm"));
	rn_result_free(&r);
}

/* a listed policy: its listing, compared again, no sesearch */
static void test_hit_takes_listing(void **state)
{
	struct rn_result r;

	(void)state;
	fake_set(1, H1 "  /sys/fs/selinux/policy\n", NULL, 0, 0);
	assert_int_equal(check("permissive-end", &r), RN_PASS);
	assert_int_equal(F.sesearch, 0);
	assert_int_equal(F.cat_listing, 1);
	assert_int_equal(FL.nadd, 0);
	assert_non_null(strstr(r.reason, "byte-identical"));
	assert_non_null(strstr(r.reason, "sesearch at permissive-begin, T0"));
	rn_result_free(&r);
}

/* the recorded listing against the reference still decides: a
 * difference is FAIL (a test module widens rustnet_t) */
static void test_hit_differs_fails(void **state)
{
	struct rn_result r;

	(void)state;
	fake_set(1, H1 "\n", NULL, 1, 0);
	assert_int_equal(check("enforcing-end", &r), RN_FAIL);
	assert_int_equal(F.sesearch, 0);
	assert_non_null(strstr(r.reason, "differ"));
	rn_result_free(&r);
}

/* issue 12 case b: the reason names the rule only a test module gives */
#define CASE_B_DIFF \
	"512 /out/shipped/rustnet_t-rules.enforcing-begin.txt\n" \
	"rn-diff: added 2 removed 0\n" \
	"--- shipped-only\n+++ loaded\n@@ -80,6 +80,8 @@\n" \
	" allow rustnet_t proc_t:lnk_file { getattr read };\n" \
	"+allow rustnet_t rustnet_config_home_t:dir { getattr open read search };\n" \
	"+allow rustnet_t rustnet_config_home_t:file { getattr open read };\n"

static void test_differs_names_rule(void **state)
{
	struct rn_result r;

	(void)state;
	fake_set(0, H1 "\n", H1 "\n", 1, 0);
	F.diff_out = CASE_B_DIFF;
	assert_int_equal(check("enforcing-begin", &r), RN_FAIL);
	assert_non_null(strstr(r.reason, "gives rustnet_t 2 rule(s)"));
	assert_non_null(strstr(r.reason,
		"(first: allow rustnet_t rustnet_config_home_t:dir { getattr open read search };)"));
	assert_null(strstr(r.reason, "; and lacks"));
	rn_result_free(&r);

	fake_set(0, H1 "\n", H1 "\n", 1, 0);
	F.diff_out = "rn-diff: added 0 removed 1\n--- shipped-only\n"
		     "+++ loaded\n-allow rustnet_t self:tcp_socket { read };\n";
	assert_int_equal(check("enforcing-begin", &r), RN_FAIL);
	assert_non_null(strstr(r.reason,
		"lacks 1 rustnet_t rule(s) of the shipped module (first: allow rustnet_t self:tcp_socket { read };)"));
	rn_result_free(&r);
}

/* the recorded listing cannot be read: sesearch after all */
static void test_hit_unreadable_falls_back(void **state)
{
	struct rn_result r;

	(void)state;
	fake_set(1, H1 "\n", H1 "\n", 3, 0);
	assert_int_equal(check("enforcing-begin", &r), RN_PASS);
	assert_int_equal(F.cat_listing, 1);
	assert_int_equal(F.sesearch, 1);
	assert_null(strstr(r.reason, "byte-identical"));
	rn_result_free(&r);
}

/* the policy changed while sesearch ran: nothing recorded */
static void test_changed_under_sesearch(void **state)
{
	struct rn_result r;

	(void)state;
	fake_set(0, H1 "\n", H2 "\n", 0, 0);
	assert_int_equal(check("enforcing-begin", &r), RN_PASS);
	assert_int_equal(F.sesearch, 1);
	assert_int_equal(FL.nadd, 0);
	assert_int_equal(F.cp_listing, 0);
	rn_result_free(&r);
}

/* a difference is FAIL and never recorded */
static void test_differs_not_recorded(void **state)
{
	struct rn_result r;

	(void)state;
	fake_set(0, H1 "\n", H1 "\n", 1, 0);
	assert_int_equal(check("enforcing-end", &r), RN_FAIL);
	assert_int_equal(FL.nadd, 0);
	rn_result_free(&r);
}

/* no hash (sha256sum failed) or an unreadable list: sesearch, no record */
static void test_no_hash(void **state)
{
	struct rn_result r;

	(void)state;
	fake_set(0, NULL, NULL, 0, 0);
	F.hash_rc = 1;
	assert_int_equal(check("permissive-begin", &r), RN_PASS);
	assert_int_equal(F.sesearch, 1);
	assert_int_equal(FL.nadd, 0);
	rn_result_free(&r);

	fake_set(-EACCES, H1 "\n", H1 "\n", 0, 0);
	assert_int_equal(check("permissive-end", &r), RN_PASS);
	assert_int_equal(F.sesearch, 1);
	assert_non_null(strstr(r.notes, "sesearch runs"));
	rn_result_free(&r);
}

/* no reference: ERROR, whatever the hash says */
static void test_no_reference(void **state)
{
	struct rn_result r;

	(void)state;
	fake_set(1, H1 "\n", NULL, 2, 0);
	assert_int_equal(check("enforcing-end", &r), RN_ERROR);
	assert_non_null(strstr(r.reason, "no shipped-only reference"));
	rn_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_miss_runs_sesearch),
		cmocka_unit_test(test_hit_takes_listing),
		cmocka_unit_test(test_hit_differs_fails),
		cmocka_unit_test(test_differs_names_rule),
		cmocka_unit_test(test_hit_unreadable_falls_back),
		cmocka_unit_test(test_changed_under_sesearch),
		cmocka_unit_test(test_differs_not_recorded),
		cmocka_unit_test(test_no_hash),
		cmocka_unit_test(test_no_reference),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
