// SPDX-License-Identifier: MIT
/*
 * test_lines.c - cmocka tests of the set of lines waiting for a record
 * (lib/avc_lines.c): what is left is exactly what no record came from,
 * in order, and the set does not grow with the lines that passed.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../lib/avc_internal.h"

#define N 100000
#define LAG 40

struct seen {
	size_t v[16];
	size_t n;
};

static void collect(void *ctx, size_t line)
{
	struct seen *s = ctx;

	if (s->n < 16)
		s->v[s->n] = line;
	s->n++;
}

static int skipped(size_t line)
{
	return line == 1 || line == 777 || line == 50001 || line == N - 3;
}

/* Lines taken some way behind the feed, out of order within a window,
 * a few never: only those are left, and the array stays small. */
static void test_take_behind(void **state)
{
	struct rn_lines t = { 0 };
	struct seen s = { .n = 0 };
	size_t i, j, line;

	(void)state;
	for (i = 1; i <= N; i++) {
		assert_int_equal(rn_lines_add(&t, i), 0);
		if (i % LAG)
			continue;
		/* take the previous window backwards */
		for (j = 0; j < LAG; j++) {
			line = i - j;
			if (!skipped(line))
				rn_lines_take(&t, line);
		}
	}
	assert_int_equal(t.live, 4);
	assert_true(t.cap <= 2048);
	rn_lines_take(&t, 5);		/* taken already: no change */
	rn_lines_take(&t, N + 7);	/* never added: no change */
	assert_int_equal(t.live, 4);
	assert_int_equal(rn_lines_drain(&t, collect, &s), 4);
	assert_int_equal(s.n, 4);
	assert_int_equal(s.v[0], 1);
	assert_int_equal(s.v[1], 777);
	assert_int_equal(s.v[2], 50001);
	assert_int_equal(s.v[3], N - 3);
	assert_int_equal(t.live, 0);
	assert_int_equal(rn_lines_drain(&t, collect, &s), 0);
	rn_lines_free(&t);
	assert_null(t.v);
}

/* Many lines waiting at once (auparse holding a long event): the set
 * grows to hold them and gives them all back. */
static void test_many_waiting(void **state)
{
	struct rn_lines t = { 0 };
	struct seen s = { .n = 0 };
	size_t i;

	(void)state;
	for (i = 1; i <= 5000; i++)
		assert_int_equal(rn_lines_add(&t, i), 0);
	for (i = 2; i <= 5000; i += 2)
		rn_lines_take(&t, i);
	for (i = 5001; i <= 9000; i++)
		assert_int_equal(rn_lines_add(&t, i), 0);
	assert_int_equal(t.live, 2500 + 4000);
	assert_int_equal(rn_lines_drain(&t, collect, &s), 6500);
	assert_int_equal(s.v[0], 1);
	assert_int_equal(s.v[1], 3);
	assert_int_equal(rn_lines_add(&t, 0), -EINVAL);
	rn_lines_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_take_behind),
		cmocka_unit_test(test_many_waiting),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
