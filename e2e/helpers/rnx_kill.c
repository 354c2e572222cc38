// SPDX-License-Identifier: MIT
/*
 * rnx-kill PID [SIGNAL] - kill(PID, SIGNAL), SIGKILL by default.
 *
 * SIGNAL is "kill", "term", "stop" or a number 0..64.  Same uid needs no
 * capability, so between a process and another of its user only SELinux
 * ("process sigkill", "signal", "sigstop", "signull" on the target's
 * domain) can refuse (EACCES).
 */
#include <errno.h>
#include <signal.h>
#include <sys/types.h>

#include "rnx_helper.h"

#define PROG "rnx-kill"

int main(int argc, char **argv)
{
	pid_t pid;
	int sig = SIGKILL;

	if (argc < 2 || argc > 3 || rn_h_parse_pid(argv[1], &pid) ||
	    (argc == 3 && rn_h_parse_signal(argv[2], &sig)))
		return rn_h_usage(PROG, "PID [kill|term|stop|0..64]");
	if (kill(pid, sig) != 0)
		return rn_h_fail(PROG, "kill", errno);
	return 0;
}
