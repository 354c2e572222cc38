// SPDX-License-Identifier: MIT
/* rn_wait_until over a fake clock: deadlines, fatal, signals. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sig.h"
#include "wait.h"

struct fake_clock {
	double now;
	int sleeps;
	double slept;
	double last_sleep;
};

static double fake_now(void *ctx)
{
	return ((struct fake_clock *)ctx)->now;
}

static void fake_sleep(void *ctx, double secs)
{
	struct fake_clock *f = ctx;

	f->now += secs;
	f->slept += secs;
	f->last_sleep = secs;
	f->sleeps++;
}

struct poller {
	int calls;
	int done_at;		/* DONE on this call (0: never) */
	int fatal_at;
	int signal_at;		/* raise the flag on this call */
	struct fake_clock *clk;
	double cost;		/* seconds each call takes */
};

static enum rn_poll poll_fn(void *ctx)
{
	struct poller *p = ctx;

	p->calls++;
	p->clk->now += p->cost;
	if (p->signal_at && p->calls == p->signal_at)
		rn_sig_raise_flag(SIGTERM);
	if (p->fatal_at && p->calls == p->fatal_at)
		return RN_POLL_FATAL;
	if (p->done_at && p->calls == p->done_at)
		return RN_POLL_DONE;
	return RN_POLL_AGAIN;
}

#define CLOCK(f) { .now = fake_now, .sleep = fake_sleep, .ctx = &(f) }

static void test_done_before_deadline(void **state)
{
	struct fake_clock f = { .now = 100 };
	struct rn_clock c = CLOCK(f);
	struct poller p = { .done_at = 4, .clk = &f };

	(void)state;
	assert_int_equal(rn_wait_until(&c, 60, 2, poll_fn, &p), RN_WAIT_OK);
	assert_int_equal(p.calls, 4);
	assert_int_equal(f.sleeps, 3);
	assert_true(f.slept == 6);
}

static void test_timeout(void **state)
{
	struct fake_clock f = { .now = 0 };
	struct rn_clock c = CLOCK(f);
	struct poller p = { .clk = &f };

	(void)state;
	assert_int_equal(rn_wait_until(&c, 10, 3, poll_fn, &p),
			 RN_WAIT_TIMEOUT);
	/* Calls at 0, 3, 6, 9 and a last one at the deadline (sleep 1). */
	assert_int_equal(p.calls, 5);
	assert_true(f.now == 10);
	assert_true(f.last_sleep == 1);
}

static void test_slow_polls_count(void **state)
{
	struct fake_clock f = { .now = 0 };
	struct rn_clock c = CLOCK(f);
	struct poller p = { .clk = &f, .cost = 20 };

	(void)state;
	/* Each call takes 20 s: the 30 s budget allows two calls. */
	assert_int_equal(rn_wait_until(&c, 30, 2, poll_fn, &p),
			 RN_WAIT_TIMEOUT);
	assert_int_equal(p.calls, 2);
	assert_true(f.now <= 42);
}

static void test_at_least_once(void **state)
{
	struct fake_clock f = { .now = 0 };
	struct rn_clock c = CLOCK(f);
	struct poller p = { .done_at = 1, .clk = &f };

	(void)state;
	assert_int_equal(rn_wait_until(&c, 0, 1, poll_fn, &p), RN_WAIT_OK);
	assert_int_equal(p.calls, 1);
	assert_int_equal(f.sleeps, 0);
}

static void test_fatal(void **state)
{
	struct fake_clock f = { .now = 0 };
	struct rn_clock c = CLOCK(f);
	struct poller p = { .fatal_at = 2, .done_at = 3, .clk = &f };

	(void)state;
	assert_int_equal(rn_wait_until(&c, 100, 1, poll_fn, &p),
			 RN_WAIT_FATAL);
	assert_int_equal(p.calls, 2);
}

static void test_signal_aborts(void **state)
{
	struct fake_clock f = { .now = 0 };
	struct rn_clock c = CLOCK(f);
	struct poller p = { .signal_at = 3, .clk = &f };

	(void)state;
	assert_int_equal(rn_wait_until(&c, 100, 1, poll_fn, &p),
			 RN_WAIT_ABORTED);
	assert_int_equal(p.calls, 3);
	assert_int_equal(rn_sig_number(), SIGTERM);
	rn_sig_raise_flag(0);
	assert_false(rn_sig_pending());
}

static void test_settle_ignores_signals(void **state)
{
	struct fake_clock f = { .now = 0 };
	struct rn_clock c = CLOCK(f);
	struct poller p = { .done_at = 3, .clk = &f };

	(void)state;
	rn_sig_raise_flag(SIGINT);
	assert_int_equal(rn_wait_settle(&c, 100, 1, poll_fn, &p), RN_WAIT_OK);
	assert_int_equal(p.calls, 3);
	rn_sig_raise_flag(0);
}

static void test_real_clock_moves(void **state)
{
	double a = rn_clock_now(&rn_real_clock), b;

	(void)state;
	rn_real_clock.sleep(NULL, 0.05);
	b = rn_clock_now(&rn_real_clock);
	assert_true(b - a >= 0.04);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_done_before_deadline),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_slow_polls_count),
		cmocka_unit_test(test_at_least_once),
		cmocka_unit_test(test_fatal),
		cmocka_unit_test(test_signal_aborts),
		cmocka_unit_test(test_settle_ignores_signals),
		cmocka_unit_test(test_real_clock_moves),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
