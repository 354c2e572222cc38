// SPDX-License-Identifier: MIT
/* test_json.c - cmocka tests of the JSON writer (escaping and nesting). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core.h"

static char *escaped(const char *s, size_t len)
{
	char *buf = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&buf, &sz);

	assert_non_null(f);
	rn_json_escape(f, s, len);
	fclose(f);
	return buf;
}

static void check(const char *in, size_t len, const char *want)
{
	char *got = escaped(in, len);

	assert_string_equal(got, want);
	free(got);
}

static void test_plain(void **state)
{
	(void)state;
	check("abc", 3, "\"abc\"");
	check("", 0, "\"\"");
}

static void test_specials(void **state)
{
	(void)state;
	check("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
	check("l1\nl2\r\t", 7, "\"l1\\nl2\\r\\t\"");
	check("\b\f", 2, "\"\\b\\f\"");
}

static void test_control(void **state)
{
	(void)state;
	/* ANSI escape from a tmux pane, NUL inside the length, DEL */
	check("\x1b[31mred", 8, "\"\\u001b[31mred\"");
	check("a\0b", 3, "\"a\\u0000b\"");
	check("\x7f", 1, "\"\\u007f\"");
}

static void test_utf8(void **state)
{
	(void)state;
	/* valid: é, ↓, 😀 pass through */
	check("\xc3\xa9\xe2\x86\x93\xf0\x9f\x98\x80", 9,
	      "\"\xc3\xa9\xe2\x86\x93\xf0\x9f\x98\x80\"");
	/* invalid: lone continuation, overlong, truncated, surrogate */
	check("\x80", 1, "\"\\ufffd\"");
	check("\xc0\xaf", 2, "\"\\ufffd\\ufffd\"");
	check("a\xe2\x86", 3, "\"a\\ufffd\\ufffd\"");
	check("\xed\xa0\x80", 3, "\"\\ufffd\\ufffd\\ufffd\"");
}

static void test_nesting(void **state)
{
	struct rn_json w;
	char *buf = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&buf, &sz);

	(void)state;
	assert_non_null(f);
	rn_json_init(&w, f);
	rn_json_obj_begin(&w, NULL);
	rn_json_str(&w, "k", "v");
	rn_json_arr_begin(&w, "a");
	rn_json_int(&w, NULL, -3);
	rn_json_bool(&w, NULL, 1);
	rn_json_str(&w, NULL, NULL);
	rn_json_arr_end(&w);
	rn_json_arr_begin(&w, "e");
	rn_json_arr_end(&w);
	rn_json_obj_end(&w);
	assert_int_equal(rn_json_finish(&w), 0);
	fclose(f);
	assert_string_equal(buf, "{\n  \"k\": \"v\",\n  \"a\": [\n    -3,\n"
			    "    true,\n    null\n  ],\n  \"e\": []\n}\n");
	free(buf);
}

static void test_unbalanced(void **state)
{
	struct rn_json w;
	char *buf = NULL;
	size_t sz = 0;
	FILE *f = open_memstream(&buf, &sz);

	(void)state;
	rn_json_init(&w, f);
	rn_json_obj_begin(&w, NULL);
	assert_int_not_equal(rn_json_finish(&w), 0);
	fclose(f);
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_specials),
		cmocka_unit_test(test_control),
		cmocka_unit_test(test_utf8),
		cmocka_unit_test(test_nesting),
		cmocka_unit_test(test_unbalanced),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
