// SPDX-License-Identifier: MIT
/* test_log.c - messages carry the program's name; quiet drops info only. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "file.h"
#include "log.h"

/* stderr of fn() as a string (newly allocated). */
static char *capture_stderr(void (*fn)(void))
{
	char path[] = "/tmp/rn-test-log-XXXXXX";
	int fd = mkstemp(path), saved = dup(2);
	char *text = NULL;

	assert_true(fd >= 0 && saved >= 0);
	fflush(stderr);
	assert_int_equal(dup2(fd, 2), 2);
	fn();
	fflush(stderr);
	assert_int_equal(dup2(saved, 2), 2);
	close(saved);
	close(fd);
	assert_int_equal(rn_read_file(path, &text, NULL), 0);
	unlink(path);
	return text;
}

static void say(void)
{
	rn_err("bad %d", 7);
	rn_info("note");
}

static void test_prefix(void **state)
{
	char *text;

	(void)state;
	rn_log_set_prog("rnx-e2e");
	text = capture_stderr(say);
	assert_string_equal(text, "rnx-e2e: ERROR: bad 7\nrnx-e2e: note\n");
	free(text);
	rn_set_quiet(true);
	text = capture_stderr(say);
	assert_string_equal(text, "rnx-e2e: ERROR: bad 7\n");
	free(text);
	rn_set_quiet(false);
	rn_log_set_prog("rnlab");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prefix),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
