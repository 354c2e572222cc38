/* SPDX-License-Identifier: MIT */
/* Where the time went: one line per step, a table at the end. */
#ifndef RN_TIMING_H
#define RN_TIMING_H

#include <stdbool.h>
#include <stdio.h>

/* Start a step; returns a handle for rn_time_end (-1 if the table is full). */
int rn_time_start(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* End it and print "rnlab: time: STEP  12.3 s ok|FAILED" to stderr. */
void rn_time_end(int handle, bool ok);
void rn_time_summary(FILE *f);
void rn_time_reset(void);

#endif
