// SPDX-License-Identifier: MIT
/* test_winstate.c - <out>/window: its line, its atomic replacement, its
 * removal at the start of a run. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core.h"
#include "file.h"

static char dir[] = "/tmp/rnx-test-winstate.XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	char p[128];

	(void)state;
	snprintf(p, sizeof(p), "%s/" RN_WINSTATE_FILE, dir);
	unlink(p);
	return rmdir(dir);
}

static void test_format(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(rn_winstate_format(buf, sizeof(buf), 1, "enforcing",
					     "capture.session", 1700000000),
			 0);
	assert_string_equal(buf, "open enforcing/capture.session 1700000000\n");
	assert_int_equal(rn_winstate_format(buf, sizeof(buf), 0, "permissive",
					     "x", 5), 0);
	assert_string_equal(buf, "closed permissive/x 5\n");
	/* never a cut line the reader could take for a whole one */
	assert_int_equal(rn_winstate_format(buf, 16, 1, "enforcing",
					     "capture.session", 1), -ENAMETOOLONG);
}

/* open then closed: the file holds one whole line each time, no temporary
 * is left, and a new run removes it. */
static void test_write_clear(void **state)
{
	char p[128], tmp[140], want[64], *data = NULL;
	time_t t0 = time(NULL);
	long long t;
	char st[16], row[64];

	(void)state;
	snprintf(p, sizeof(p), "%s/" RN_WINSTATE_FILE, dir);
	snprintf(tmp, sizeof(tmp), "%s.tmp", p);
	assert_int_equal(rn_winstate_write(dir, 1, "enforcing",
					    "capture.session"), 0);
	assert_int_equal(rn_read_file(p, &data, NULL), 0);
	assert_int_equal(sscanf(data, "%15s %63s %lld", st, row, &t), 3);
	assert_string_equal(st, "open");
	assert_string_equal(row, "enforcing/capture.session");
	assert_true(t >= (long long)t0 && t <= (long long)time(NULL));
	snprintf(want, sizeof(want), "open enforcing/capture.session %lld\n", t);
	assert_string_equal(data, want);
	free(data);
	assert_int_equal(access(tmp, F_OK), -1);

	assert_int_equal(rn_winstate_write(dir, 0, "enforcing",
					    "capture.session"), 0);
	assert_int_equal(rn_read_file(p, &data, NULL), 0);
	assert_true(strncmp(data, "closed enforcing/capture.session ", 33) == 0);
	free(data);

	assert_int_equal(rn_winstate_clear(dir), 0);
	assert_int_equal(access(p, F_OK), -1);
	/* nothing there: still fine */
	assert_int_equal(rn_winstate_clear(dir), 0);
	/* an output directory that is not there: the error is returned */
	assert_int_equal(rn_winstate_write("/nonexistent-rnx-dir", 1, "e", "x"),
			 -ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_write_clear),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
