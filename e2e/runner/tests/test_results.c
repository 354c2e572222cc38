// SPDX-License-Identifier: MIT
/*
 * test_results.c - results.json from a small run: valid JSON (checked with
 * python3's parser), the keys scripts/report.py reads, hostile strings.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core.h"

static const struct rn_scenario sc_attack = {
	.id = "attack.read_shadow", .claim = "claim \"quoted\"",
	.section = "attack", .kind = RN_ATTACK,
};
static const struct rn_scenario sc_allowed = {
	.id = "capture.session", .claim = "c", .section = "allowed",
	.kind = RN_ALLOWED,
};

static void test_write_and_parse(void **state)
{
	struct rn_record recs[2];
	struct rn_audit_summary a;
	struct rn_avc v;
	struct rn_meta m;
	char *out = NULL;
	int rc;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.start = 1700000000;
	m.end = 1700000100;
	m.kernel = "6.1.0-test";
	m.policy_build = "Compiling \x1b[1mdefault\x1b[0m \xff module\n";
	m.duration = 60;
	m.profile = "debian12";

	memset(&v, 0, sizeof(v));
	snprintf(v.type, sizeof(v.type), "AVC");
	snprintf(v.result, sizeof(v.result), "denied");
	snprintf(v.perms, sizeof(v.perms), "read");
	snprintf(v.tclass, sizeof(v.tclass), "file");
	snprintf(v.stype, sizeof(v.stype), "rustnet_t");
	snprintf(v.ttype, sizeof(v.ttype), "shadow_t");
	v.permissive = 0;
	v.pid = 42;

	memset(recs, 0, sizeof(recs));
	recs[0].sc = &sc_attack;
	recs[0].mode = RN_MODE_ENFORCING;
	rn_result_init(&recs[0].r);
	recs[0].r.expect.perm = "read";
	recs[0].r.expect.stype = "rustnet_t";
	recs[0].r.expect.permissive = 0;
	recs[0].r.expect_errno = 13;
	recs[0].r.observed_errno = 13;
	recs[0].r.avcs.v = &v;
	recs[0].r.avcs.n = 1;
	recs[0].r.start = 1700000010;
	recs[0].r.end = 1700000012;
	rn_set(&recs[0].r, RN_PASS, "1 matching record(s)");
	assert_int_equal(rn_sh(&recs[0].r, 5, NULL, "printf 'a\\tb\\001'"),
			 0);
	recs[0].ausearch = "type=AVC msg=audit(1.2:3): avc: denied";

	recs[1].sc = &sc_allowed;
	recs[1].mode = RN_MODE_PERMISSIVE;
	rn_result_init(&recs[1].r);
	rn_note(&recs[1].r, "line1\nline2 \"q\" \\");

	memset(&a, 0, sizeof(a));
	a.have_before = 1;
	a.before.pid = 100;
	a.before.lost = 2;
	a.have_after = 1;
	a.after.pid = 100;
	a.after.lost = 2;
	a.canary[0] = 1;
	a.canary[1] = -1;

	assert_int_equal(rn_results_write("results-test.json", &m, recs, 2,
					   &a), 0);
	/* written through PATH.tmp, which is gone; a directory that is
	 * not there is an error, and leaves nothing */
	assert_int_equal(access("results-test.json.tmp", F_OK), -1);
	assert_int_equal(rn_results_write("no-such-dir/results.json", &m,
					   recs, 2, &a), -ENOENT);
	assert_int_equal(access("no-such-dir", F_OK), -1);
	rc = rn_sh_quiet(30, &out,
			   "python3 -c 'import json,sys\n"
			   "R=json.load(open(\"results-test.json\"))\n"
			   "s=R[\"scenarios\"]\n"
			   "assert R[\"schema\"]==1\n"
			   "assert R[\"run\"][\"kernel\"]==\"6.1.0-test\"\n"
			   "assert R[\"run\"][\"profile\"]==\"debian12\"\n"
			   "assert R[\"run\"][\"start\"]==\"2023-11-14T22:13:20Z\"\n"
			   "assert \"\\ufffd\" in R[\"run\"][\"policy_build\"]\n"
			   "assert s[0][\"kind\"]==\"ATTACK\" and s[0][\"verdict\"]==\"PASS\"\n"
			   "assert s[0][\"expect\"][\"perm\"]==\"read\"\n"
			   "assert s[0][\"expect_errno\"]==13 and s[0][\"observed_errno\"]==13\n"
			   "assert len(s[0][\"avcs\"])==1 and \"shadow_t\" in s[0][\"avcs\"][0]\n"
			   "assert s[0][\"matched_avcs\"]==s[0][\"avcs\"]\n"
			   "assert s[0][\"evidence\"][0][\"output\"]==\"a\\tb\\x01\"\n"
			   "assert s[0][\"duration_s\"]==2\n"
			   "assert s[1][\"notes\"]==\"line1\\nline2 \\\"q\\\" \\\\\"\n"
			   "assert s[1][\"observed_errno\"] is None\n"
			   "assert \"matched_avcs\" not in s[1]\n"
			   "assert R[\"audit\"][\"lost_delta\"]==0\n"
			   "assert R[\"audit\"][\"canary_found\"]=={\"permissive\":True,\"enforcing\":None}\n"
			   "print(\"parsed\")' 2>&1");
	if (rc != 0)
		fail_msg("results.json check failed: %s", out ? out : "");
	assert_string_equal(out, "parsed\n");
	free(out);
	recs[0].r.avcs.v = NULL;	/* on the stack */
	recs[0].r.avcs.n = 0;
	rn_result_free(&recs[0].r);
	rn_result_free(&recs[1].r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_write_and_parse),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
