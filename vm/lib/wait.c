// SPDX-License-Identifier: MIT
/* Polling with a deadline, over a replaceable clock. */
#include "wait.h"

#include <errno.h>
#include <stdbool.h>
#include <time.h>

#include "sig.h"

static double real_now(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void real_sleep(void *ctx, double secs)
{
	struct timespec ts;

	(void)ctx;
	if (secs <= 0)
		return;
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	/* A signal cuts the sleep short; the caller checks the flag. */
	nanosleep(&ts, NULL);
}

const struct rn_clock rn_real_clock = {
	.now = real_now,
	.sleep = real_sleep,
	.ctx = NULL,
};

double rn_clock_now(const struct rn_clock *c)
{
	return c->now(c->ctx);
}

static enum rn_wait wait_core(const struct rn_clock *c, double timeout,
			      double interval, rn_poll_fn fn, void *ctx,
			      bool abortable)
{
	double deadline = c->now(c->ctx) + timeout;

	for (;;) {
		double left;

		if (abortable && rn_sig_pending())
			return RN_WAIT_ABORTED;
		switch (fn(ctx)) {
		case RN_POLL_DONE:
			return RN_WAIT_OK;
		case RN_POLL_FATAL:
			return RN_WAIT_FATAL;
		case RN_POLL_AGAIN:
			break;
		}
		left = deadline - c->now(c->ctx);
		if (left <= 0)
			return RN_WAIT_TIMEOUT;
		c->sleep(c->ctx, interval < left ? interval : left);
	}
}

enum rn_wait rn_wait_until(const struct rn_clock *c, double timeout,
			   double interval, rn_poll_fn fn, void *ctx)
{
	return wait_core(c, timeout, interval, fn, ctx, true);
}

enum rn_wait rn_wait_settle(const struct rn_clock *c, double timeout,
			    double interval, rn_poll_fn fn, void *ctx)
{
	return wait_core(c, timeout, interval, fn, ctx, false);
}
