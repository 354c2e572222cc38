// SPDX-License-Identifier: MIT
/*
 * rnx-ptrace PID - ptrace(PTRACE_SEIZE, PID): attach without stopping it.
 *
 * On success the tracer exits at once, which detaches it.  The checks, in
 * order: the capability layer (same uid needs none), Yama (ptrace_scope 1
 * refuses a non-descendant with EPERM: set it to 0 to test SELinux), then
 * SELinux "process ptrace" on the target's domain (EACCES).
 */
#include <errno.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/types.h>

#include "rnx_helper.h"

#define PROG "rnx-ptrace"

int main(int argc, char **argv)
{
	pid_t pid;

	if (argc != 2 || rn_h_parse_pid(argv[1], &pid))
		return rn_h_usage(PROG, "PID");
	if (ptrace(PTRACE_SEIZE, pid, NULL, NULL) != 0)
		return rn_h_fail(PROG, "ptrace", errno);
	return 0;
}
