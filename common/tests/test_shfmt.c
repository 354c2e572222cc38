// SPDX-License-Identifier: MIT
/* test_shfmt.c - printf for shell command lines: %s is one word whatever
 * it holds (a space, a quote, nothing), %-s is shell text, the integer
 * conversions are printf's; the words survive a real /bin/sh. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <cmocka.h>

#include "proc.h"
#include "shfmt.h"

static void expect(const char *got, const char *want)
{
	assert_non_null(got);
	assert_string_equal(got, want);
	free((char *)got);
}

static void test_words(void **state)
{
	(void)state;
	/* plain paths stay readable, as they were */
	expect(rn_shfmt("cat %s", "/var/lib/rnx/out/a.log"),
	       "cat /var/lib/rnx/out/a.log");
	expect(rn_shfmt("ls %s", "a b"), "ls 'a b'");
	expect(rn_shfmt("ls %s", "it's"), "ls 'it'\\''s'");
	expect(rn_shfmt("ls %s", ""), "ls ''");
	expect(rn_shfmt("echo %s", "$(id)`x`;|&*?<>"),
	       "echo '$(id)`x`;|&*?<>'");
	/* a word glued to literal text is still one word */
	expect(rn_shfmt("sh %s/guest/netfix.sh", "/opt/r nx"),
	       "sh '/opt/r nx'/guest/netfix.sh");
	expect(rn_shfmt("x %.3s", "ab cd"), "x 'ab '");
	/* shell text built by the caller goes in as it is */
	expect(rn_shfmt("rustnet %-s; %s", "-i rnx0 --no-dns", "a;b"),
	       "rustnet -i rnx0 --no-dns; 'a;b'");
}

static void test_numbers(void **state)
{
	(void)state;
	expect(rn_shfmt("%d %u %ld %lld %llu %zu %04o %x %c %% %5d|%-3d|%.2d",
			-1, 2u, -3L, -4LL, 5ULL, (size_t)6, 0644, 255, 'z',
			7, 8, 9),
	       "-1 2 -3 -4 5 6 0644 ff z %     7|8  |09");
	expect(rn_shfmt("%*d|%.*s", 4, 1, 2, "abcd"), "   1|ab");
	expect(rn_shfmt("no conversion"), "no conversion");
	expect(rn_shfmt("%s", "100%"), "100%");
}

/* Anything the formatter does not know is refused, never guessed. */
static int bad(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = rn_vshfmt(fmt, ap);
	va_end(ap);
	free(s);
	return s ? 0 : -errno;
}

static void test_refused(void **state)
{
	(void)state;
	assert_int_equal(bad("%f", 1.0), -EINVAL);
	assert_int_equal(bad("%p", (void *)0), -EINVAL);
	assert_int_equal(bad("%10s", "a"), -EINVAL);
	assert_int_equal(bad("%ls", "a"), -EINVAL);
	assert_int_equal(bad("50%"), -EINVAL);
}

static void test_buf(void **state)
{
	char b[8];

	(void)state;
	assert_int_equal(rn_shfmt_buf(b, sizeof(b), "%s x", "a b"), 0);
	assert_string_equal(b, "'a b' x");
	/* never a cut command line */
	assert_int_equal(rn_shfmt_buf(b, sizeof(b), "%s xy", "a b"),
			 -ENAMETOOLONG);
	assert_string_equal(b, "");
}

/* The words reach the program as they were: a path with a space and a
 * quote survives sh -c. */
static void test_through_sh(void **state)
{
	const char *nasty = "/tmp/rnx dir/it's \"x\" $HOME;";
	char *cmd = rn_shfmt("printf '%%s|' %s %s", nasty, "");
	char *argv[] = { "sh", "-c", cmd, NULL };
	const struct rn_proc_spec spec = {
		.timeout = 10, .in_fd = -1, .out = RN_OUT_CAPTURE,
		.err = RN_OUT_INHERIT,
	};
	struct rn_proc_result res;

	(void)state;
	assert_non_null(cmd);
	rn_proc_result_init(&res);
	assert_int_equal(rn_proc_run(argv, &spec, &res), 0);
	assert_int_equal(res.exit_code, 0);
	assert_non_null(res.out.p);
	assert_string_equal(res.out.p, "/tmp/rnx dir/it's \"x\" $HOME;||");
	rn_proc_result_free(&res);
	free(cmd);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_through_sh),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
