// SPDX-License-Identifier: MIT
/*
 * rnx-perf-open PID|cpu - perf_event_open() of a software clock counter
 * sampling user stacks, on process PID or on CPU 0 for every process
 * ("cpu"): the first step of copying other processes' stacks.
 *
 * The kernel asks SELinux "perf_event open" before anything else (then,
 * for another user's process, a ptrace read check).  Debian's
 * kernel.perf_event_paranoid 3 refuses callers without CAP_PERFMON
 * earlier, with EACCES and no SELinux check: set it to 2 (the upstream
 * and Fedora default) to test the policy.
 *
 * Exit: 0 when the event opened (closed at once), else the errno.
 */
#include <errno.h>
#include <linux/perf_event.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-perf-open"

int main(int argc, char **argv)
{
	struct perf_event_attr attr;
	pid_t pid = -1;
	int cpu = -1;
	long fd;

	if (argc != 2)
		return rn_h_usage(PROG, "PID|cpu");
	if (!strcmp(argv[1], "cpu"))
		cpu = 0;
	else if (rn_h_parse_pid(argv[1], &pid))
		return rn_h_usage(PROG, "PID|cpu");
	memset(&attr, 0, sizeof(attr));
	attr.size = sizeof(attr);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_CPU_CLOCK;
	attr.sample_period = 100000;
	attr.sample_type = PERF_SAMPLE_IP | PERF_SAMPLE_STACK_USER;
	attr.sample_stack_user = 4096;
	attr.exclude_kernel = 1;
	attr.exclude_hv = 1;
	fd = syscall(SYS_perf_event_open, &attr, pid, cpu, -1, 0);
	if (fd < 0)
		return rn_h_fail(PROG, "perf_event_open", errno);
	close((int)fd);
	return 0;
}
