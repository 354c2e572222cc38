// SPDX-License-Identifier: MIT
/*
 * rnx-audit-flood SECONDS - call getppid(2) as fast as it can for SECONDS
 * seconds (1..600) and print "calls=N".  With an audit rule on getppid and
 * a small backlog limit this floods the kernel's audit backlog, so the
 * fault self-test (faults/fault-selftest.sh) can check that the runner
 * calls a window that lost records ERROR.  Exit 0, or 255 on bad usage.
 */
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-audit-flood"
#define BATCH 1000

int main(int argc, char **argv)
{
	unsigned long long calls = 0;
	unsigned short secs;
	double t0;
	int i;

	/* the port parser is a strict 1..65535 number parser */
	if (argc != 2 || rn_h_parse_port(argv[1], &secs) || secs > 600)
		return rn_h_usage(PROG, "SECONDS (1..600)");
	t0 = rn_h_now();
	while (rn_h_now() - t0 < secs) {
		/* the raw syscall: glibc may not cache it, but be sure */
		for (i = 0; i < BATCH; i++)
			syscall(SYS_getppid);
		calls += BATCH;
	}
	printf("calls=%llu\n", calls);
	return 0;
}
