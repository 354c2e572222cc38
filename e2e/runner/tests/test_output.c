// SPDX-License-Identifier: MIT
/*
 * test_output.c - cmocka tests of the output-row decisions
 * (output_judge.c): rustnet's own refusal against other failures, the
 * audit subjects of its exits, an appended file and an untouched one.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "output_judge.h"

#define MSG	"output directory is owned or writable by an untrusted user"
#define PATH	"/tmp/rnx-out-gw-enforcing/shared/events.json"
/* the shape of anyhow's report of main's error */
#define ERR_OK	"Error: failed to prepare runtime outputs\n\nCaused by:\n" \
		"    failed to open JSON log output '" PATH "': " MSG "\n"

/* The sudo rows' exit: 0 ok; 1 with the 1.7.0 quit-deadline line GAP;
 * 1 for another reason, or another status, FAIL. */
static void test_ran(void **state)
{
	char gap[256];

	(void)state;
	assert_int_equal(rn_out_ran(0, "", gap, sizeof(gap)), 0);
	assert_string_equal(gap, "");
	assert_int_equal(rn_out_ran(1, "Error: runtime shutdown failed: 1 worker(s) timed out and 0 worker(s) panicked\n",
				     gap, sizeof(gap)), 1);
	assert_non_null(strstr(gap, "1 worker(s) missed the shutdown deadline"));
	/* a panicked worker is not the deadline */
	assert_int_equal(rn_out_ran(1, "Error: runtime shutdown failed: 1 worker(s) timed out and 1 worker(s) panicked\n",
				     gap, sizeof(gap)), -EINVAL);
	assert_int_equal(rn_out_ran(1, "Error: Permission denied (os error 13)\n",
				     gap, sizeof(gap)), -EINVAL);
	assert_int_equal(rn_out_ran(1, NULL, gap, sizeof(gap)), -EINVAL);
	assert_int_equal(rn_out_ran(2, "Error: runtime shutdown failed: 1 worker(s) timed out and 0 worker(s) panicked\n",
				     gap, sizeof(gap)), -EINVAL);
}

static void test_refused(void **state)
{
	char why[256];

	(void)state;
	assert_int_equal(rn_out_refused(1, ERR_OK, MSG, PATH, why,
					 sizeof(why)), 0);
	/* it ran instead */
	assert_int_equal(rn_out_refused(0, "", MSG, PATH, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "did not refuse"));
	/* killed, timed out, or sudo/runuser failing */
	assert_int_equal(rn_out_refused(137, ERR_OK, MSG, PATH, why,
					 sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "exited 137"));
	/* another error of rustnet */
	assert_int_equal(rn_out_refused(1, "Error: capture failed\n", MSG,
					 PATH, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "lacks its own message"));
	assert_int_equal(rn_out_refused(1, NULL, MSG, PATH, why,
					 sizeof(why)), -EINVAL);
	/* the message about some other output */
	assert_int_equal(rn_out_refused(1, "failed to open JSON log output '/x': " MSG,
					 MSG, PATH, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "does not name"));
	/* the kernel or SELinux refused first */
	assert_int_equal(rn_out_refused(1, ERR_OK "Permission denied (os error 13)\n",
					 MSG, PATH, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "os error 13"));
}

static void test_subjects(void **state)
{
	char why[256];

	(void)state;
	assert_int_equal(rn_out_subjects(" subj=unconfined_u:unconfined_r:rustnet_t:s0-s0:c0.c1023\n",
					  why, sizeof(why)), 0);
	assert_int_equal(rn_out_subjects(" subj=u:r:rustnet_t:s0\n subj=u:r:rustnet_t:s0",
					  why, sizeof(why)), 0);
	/* one run outside the domain is enough to fail */
	assert_int_equal(rn_out_subjects(" subj=u:r:rustnet_t:s0\n subj=u:r:unconfined_t:s0\n",
					  why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "unconfined_t"));
	assert_int_equal(rn_out_subjects("", why, sizeof(why)), -ENOENT);
	assert_int_equal(rn_out_subjects("\n \n", why, sizeof(why)), -ENOENT);
	assert_int_equal(rn_out_subjects(NULL, why, sizeof(why)), -ENOENT);
}

static void test_appended(void **state)
{
	const struct rn_out_stat before = { 1200, 0640, 1000 };
	struct rn_out_stat after = { 2400, 0600, 1000 };
	char why[256];

	(void)state;
	assert_int_equal(rn_out_appended(&before, &after, 1, 1000, why,
					  sizeof(why)), 0);
	/* old bytes replaced */
	assert_int_equal(rn_out_appended(&before, &after, 0, 1000, why,
					  sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "not appended"));
	/* nothing written, or truncated */
	after.size = 1200;
	assert_int_equal(rn_out_appended(&before, &after, 1, 1000, why,
					  sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "did not grow"));
	after.size = 10;
	assert_int_equal(rn_out_appended(&before, &after, 1, 1000, why,
					  sizeof(why)), -EINVAL);
	after.size = 2400;
	/* left to root */
	after.uid = 0;
	assert_int_equal(rn_out_appended(&before, &after, 1, 1000, why,
					  sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "uid 0"));
	after.uid = 1000;
	/* no fchmod */
	after.mode = 0640;
	assert_int_equal(rn_out_appended(&before, &after, 1, 1000, why,
					  sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "0640"));
}

static void test_untouched(void **state)
{
	const struct rn_out_stat before = { 13, 0666, 1001 };
	struct rn_out_stat after = before;
	char why[256];

	(void)state;
	assert_int_equal(rn_out_untouched(&before, &after, 1, why,
					   sizeof(why)), 0);
	assert_int_equal(rn_out_untouched(&before, &after, 0, why,
					   sizeof(why)), -EINVAL);
	after.size = 0;
	assert_int_equal(rn_out_untouched(&before, &after, 1, why,
					   sizeof(why)), -EINVAL);
	after = before;
	after.mode = 0600;
	assert_int_equal(rn_out_untouched(&before, &after, 1, why,
					   sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "mode"));
	after = before;
	after.uid = 1000;
	assert_int_equal(rn_out_untouched(&before, &after, 1, why,
					   sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "owner"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ran),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_subjects),
		cmocka_unit_test(test_appended),
		cmocka_unit_test(test_untouched),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
