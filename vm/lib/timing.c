// SPDX-License-Identifier: MIT
/* Where the time went: one line per step, a table at the end. */
#include "timing.h"

#include <stdarg.h>

#include "wait.h"

#define RN_MAX_STEPS 96

struct rn_step {
	char name[64];
	double start;
	double secs;
	int state;		/* 0 running, 1 ok, 2 failed */
};

static struct rn_step rn_steps[RN_MAX_STEPS];
static int rn_nsteps;

int rn_time_start(const char *fmt, ...)
{
	struct rn_step *s;
	va_list ap;

	if (rn_nsteps >= RN_MAX_STEPS)
		return -1;
	s = &rn_steps[rn_nsteps];
	va_start(ap, fmt);
	vsnprintf(s->name, sizeof(s->name), fmt, ap);
	va_end(ap);
	s->start = rn_clock_now(&rn_real_clock);
	s->secs = 0;
	s->state = 0;
	return rn_nsteps++;
}

void rn_time_end(int handle, bool ok)
{
	struct rn_step *s;

	if (handle < 0 || handle >= rn_nsteps)
		return;
	s = &rn_steps[handle];
	if (s->state)
		return;
	s->secs = rn_clock_now(&rn_real_clock) - s->start;
	s->state = ok ? 1 : 2;
	fprintf(stderr, "rnlab: time: %-34s %8.1f s %s\n", s->name, s->secs,
		ok ? "ok" : "FAILED");
}

void rn_time_summary(FILE *f)
{
	double total = 0;
	int i;

	if (!rn_nsteps)
		return;
	fprintf(f, "rnlab: where the time went\n");
	fprintf(f, "  %-34s %9s  %s\n", "step", "seconds", "result");
	for (i = 0; i < rn_nsteps; i++) {
		const struct rn_step *s = &rn_steps[i];
		static const char *const st[] = { "unfinished", "ok",
						  "FAILED" };

		fprintf(f, "  %-34s %9.1f  %s\n", s->name, s->secs,
			st[s->state]);
		total += s->secs;
	}
	fprintf(f, "  %-34s %9.1f\n", "total", total);
}

void rn_time_reset(void)
{
	rn_nsteps = 0;
}
