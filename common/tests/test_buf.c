// SPDX-License-Identifier: MIT
/* test_buf.c - the string buffer and the shell quoting helper (each quoted
 * string is handed to a real sh and must come back unchanged). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "proc.h"

static void test_printf_and_steal(void **state)
{
	struct rn_buf b;
	char *s;

	(void)state;
	rn_buf_init(&b);
	assert_int_equal(rn_buf_printf(&b, "%d-%s", 42, "x"), 0);
	assert_int_equal(rn_buf_puts(&b, "!"), 0);
	assert_int_equal(rn_buf_xml(&b, "<a&'\">"), 0);
	s = rn_buf_steal(&b);
	assert_string_equal(s, "42-x!&lt;a&amp;&apos;&quot;&gt;");
	assert_null(b.p);
	free(s);
	/* an empty buffer steals as "" */
	s = rn_buf_steal(&b);
	assert_string_equal(s, "");
	free(s);
}

static void test_shquote_text(void **state)
{
	char *q;

	(void)state;
	q = rn_shquote("");
	assert_string_equal(q, "''");
	free(q);
	q = rn_shquote("it's $HOME");
	assert_string_equal(q, "'it'\\''s $HOME'");
	free(q);
}

/* What sh makes of the quoted word is the original string. */
static void test_shquote_roundtrip(void **state)
{
	static const char *const words[] = {
		"plain", "two words", "it's", "''", "$(id) `id` $HOME",
		"back\\slash", "new\nline", "*?[a]", "; rm -rf x &", "",
	};
	const struct rn_proc_spec spec = {
		.timeout = 10, .in_fd = -1, .out = RN_OUT_CAPTURE,
		.err = RN_OUT_CAPTURE,
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		struct rn_buf cmd;
		struct rn_proc_result r;
		char *argv[] = { "sh", "-c", NULL, NULL };

		rn_buf_init(&cmd);
		assert_int_equal(rn_buf_puts(&cmd, "printf %s "), 0);
		assert_int_equal(rn_buf_shquote(&cmd, words[i]), 0);
		argv[2] = cmd.p;
		rn_proc_result_init(&r);
		assert_int_equal(rn_proc_run(argv, &spec, &r), 0);
		assert_int_equal(r.exit_code, 0);
		assert_string_equal(r.out.p ? r.out.p : "", words[i]);
		rn_proc_result_free(&r);
		rn_buf_free(&cmd);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printf_and_steal),
		cmocka_unit_test(test_shquote_text),
		cmocka_unit_test(test_shquote_roundtrip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
