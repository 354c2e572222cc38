// SPDX-License-Identifier: MIT
/* test_tap.c - cmocka tests of the TAP line format. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core.h"

static void test_lines(void **state)
{
	char buf[256];

	(void)state;
	assert_int_equal(rn_tap_format(buf, sizeof(buf), 1, "permissive",
					"help", RN_PASS, "ignored"), 0);
	assert_string_equal(buf, "ok 1 - permissive/help");
	assert_int_equal(rn_tap_format(buf, sizeof(buf), 2, "enforcing",
					"x", RN_SKIP, "no guard"), 0);
	assert_string_equal(buf, "ok 2 - enforcing/x # SKIP no guard");
	assert_int_equal(rn_tap_format(buf, sizeof(buf), 3, "enforcing",
					"x", RN_FAIL, "2 AVCs"), 0);
	assert_string_equal(buf, "not ok 3 - enforcing/x # FAIL: 2 AVCs");
	assert_int_equal(rn_tap_format(buf, sizeof(buf), 4, "permissive",
					"y", RN_ERROR, ""), 0);
	assert_string_equal(buf,
			    "not ok 4 - permissive/y # ERROR: no reason given");
	/* a known gap is its own outcome: never a bare "ok" like PASS */
	assert_int_equal(rn_tap_format(buf, sizeof(buf), 5, "enforcing",
					"g", RN_KNOWN_GAP, "as documented"), 0);
	assert_string_equal(buf, "ok 5 - enforcing/g # GAP: as documented");
}

static void test_sanitise(void **state)
{
	char buf[256];

	(void)state;
	/* a '#' or newline in the reason must not end or split the line */
	assert_int_equal(rn_tap_format(buf, sizeof(buf), 5, "enforcing",
					"z", RN_FAIL, "a#b\nc"), 0);
	assert_string_equal(buf, "not ok 5 - enforcing/z # FAIL: a b c");
}

static void test_small_buffer(void **state)
{
	char buf[8];

	(void)state;
	assert_int_not_equal(rn_tap_format(buf, sizeof(buf), 1, "permissive",
					    "capture.session", RN_PASS, ""),
			     0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lines),
		cmocka_unit_test(test_sanitise),
		cmocka_unit_test(test_small_buffer),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
