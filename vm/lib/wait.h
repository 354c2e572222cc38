/* SPDX-License-Identifier: MIT */
/* Polling with a deadline, over a replaceable clock. */
#ifndef RN_WAIT_H
#define RN_WAIT_H

struct rn_clock {
	double (*now)(void *ctx);		/* seconds, monotonic */
	void (*sleep)(void *ctx, double secs);
	void *ctx;
};

/* CLOCK_MONOTONIC and nanosleep. */
extern const struct rn_clock rn_real_clock;

double rn_clock_now(const struct rn_clock *c);

enum rn_poll {
	RN_POLL_AGAIN = 0,	/* not yet: try again after the interval */
	RN_POLL_DONE,		/* condition met */
	RN_POLL_FATAL,		/* will never be met: stop now */
};

enum rn_wait {
	RN_WAIT_OK = 0,
	RN_WAIT_TIMEOUT,
	RN_WAIT_FATAL,
	RN_WAIT_ABORTED,	/* rn_sig_pending() became true */
};

typedef enum rn_poll (*rn_poll_fn)(void *ctx);

/*
 * Call fn until it returns DONE or FATAL, sleeping interval seconds between
 * calls, for at most timeout seconds (fn is called at least once). Returns
 * ABORTED as soon as a termination signal is pending.
 */
enum rn_wait rn_wait_until(const struct rn_clock *c, double timeout,
			   double interval, rn_poll_fn fn, void *ctx);
/* The same, deaf to signals: for teardown after a signal arrived. */
enum rn_wait rn_wait_settle(const struct rn_clock *c, double timeout,
			    double interval, rn_poll_fn fn, void *ctx);

#endif
