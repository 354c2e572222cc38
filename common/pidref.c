// SPDX-License-Identifier: MIT
/* A process pinned by a pidfd (or its start time), never a reused pid. */
#include "pidref.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/pidfd.h>
#include <unistd.h>

#include "procscan.h"

bool rn_pid_running(pid_t pid)
{
	unsigned long long state;

	if (pid <= 0 || (kill(pid, 0) < 0 && errno == ESRCH))
		return false;
	/* Unreadable: kill() found it, so it runs. */
	return rn_proc_stat_field("/proc", pid, 3, &state) < 0 ||
	       state != 'Z';
}

unsigned long long rn_proc_start_time(const char *proc_root, pid_t pid)
{
	unsigned long long v;

	return rn_proc_stat_field(proc_root, pid, 22, &v) < 0 ? 0 : v;
}

int rn_pidref_open(struct rn_pidref *r, pid_t pid)
{
	int ret = 0;

	memset(r, 0, sizeof(*r));
	r->fd = -1;
	if (pid <= 0) {
		ret = -ESRCH;
		goto cleanup;
	}
	r->fd = pidfd_open(pid, 0);
	if (r->fd < 0 && errno != ENOSYS) {
		ret = -errno;
		goto cleanup;
	}
	/* Read after the pidfd: the pinned process is the one it names. */
	r->start = rn_proc_start_time("/proc", pid);
	if (r->fd < 0 && !r->start) {
		ret = -ESRCH;
		goto cleanup;
	}
	r->pid = pid;
cleanup:
	if (ret < 0)
		errno = -ret;
	return ret;
}

bool rn_pidref_alive(const struct rn_pidref *r)
{
	struct pollfd p;

	if (r->pid <= 0)
		return false;
	if (r->fd < 0)
		return rn_proc_start_time("/proc", r->pid) == r->start &&
		       rn_pid_running(r->pid);
	/* A pidfd polls readable once its process has exited. */
	p.fd = r->fd;
	p.events = POLLIN;
	p.revents = 0;
	while (poll(&p, 1, 0) < 0)
		if (errno != EINTR)
			/* The pidfd cannot tell: ask /proc, as without one. */
			return rn_proc_start_time("/proc", r->pid) ==
				       r->start &&
			       rn_pid_running(r->pid);
	return !(p.revents & (POLLIN | POLLHUP));
}

int rn_pidref_kill(const struct rn_pidref *r, int sig)
{
	int rc;

	if (r->pid <= 0) {
		errno = ESRCH;
		return -ESRCH;
	}
	if (r->fd >= 0) {
		rc = pidfd_send_signal(r->fd, sig, NULL, 0);
	} else if (rn_proc_start_time("/proc", r->pid) != r->start) {
		/* No pidfd: a narrow window remains between this check
		 * and kill. */
		errno = ESRCH;
		rc = -1;
	} else {
		rc = kill(r->pid, sig);
	}
	return rc < 0 ? -errno : 0;
}

void rn_pidref_close(struct rn_pidref *r)
{
	if (r->pid > 0 && r->fd >= 0)
		close(r->fd);
	r->pid = 0;
	r->fd = -1;
	r->start = 0;
}
