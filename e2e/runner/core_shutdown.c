// SPDX-License-Identifier: MIT
/*
 * core_shutdown.c - recognise rustnet's own "a worker did not stop in
 * time" exit.
 *
 * rustnet 1.7.0 joins its workers at quit with a deadline (2 s, then 1 s
 * for the reverse-DNS threads) and exits 1 when one is still running; a
 * resolver thread blocked inside getnameinfo() is such a worker.  That is
 * rustnet's shutdown policy, not an SELinux denial, so a scenario that
 * sees it (and nothing else wrong) ends GAP with this reason, never PASS
 * and never a FAIL blamed on the module.  Panicked workers and failed
 * output operations are never excused.
 */
#include <stdio.h>
#include <string.h>

#include "core.h"

#define PREFIX "runtime shutdown failed: "

int rn_shutdown_timeouts(const char *text)
{
	unsigned int timed_out, panicked, output;
	const char *p = text ? strstr(text, PREFIX) : NULL;
	int n = 0;

	if (!p)
		return 0;
	p += strlen(PREFIX);
	/* the TUI's message (bootstrap), then the headless one */
	if (sscanf(p, "%u worker(s) timed out, %u worker(s) panicked, %u output operation(s) failed%n",
		   &timed_out, &panicked, &output, &n) == 3 && n > 0)
		return panicked || output ? 0 : (int)timed_out;
	n = 0;
	if (sscanf(p, "%u worker(s) timed out and %u worker(s) panicked%n",
		   &timed_out, &panicked, &n) == 2 && n > 0)
		return panicked ? 0 : (int)timed_out;
	return 0;
}
