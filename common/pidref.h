/* SPDX-License-Identifier: MIT */
/* A process pinned by a pidfd (or its start time), never a reused pid. */
#ifndef RN_PIDREF_H
#define RN_PIDREF_H

#include <stdbool.h>
#include <sys/types.h>

/*
 * pid > 0 only while pinned. fd is a pidfd, or -1 where the kernel has
 * none (ENOSYS): then start (the start time in /proc/PID/stat, clock
 * ticks since boot) tells the process from a later one with its pid.
 */
struct rn_pidref {
	pid_t pid;
	int fd;
	unsigned long long start;
};

/* pid exists and is not a zombie (a bare pid: it may have been reused). */
bool rn_pid_running(pid_t pid);
/* Start time of proc_root/PID/stat (field 22), 0 when unreadable. */
unsigned long long rn_proc_start_time(const char *proc_root, pid_t pid);
/* Pin pid; 0, or a negative errno, errno set too (-ESRCH: it is gone). */
int rn_pidref_open(struct rn_pidref *r, pid_t pid);
/* The pinned process has not exited (a zombie has). */
bool rn_pidref_alive(const struct rn_pidref *r);
/*
 * Send sig to the pinned process only: 0, or a negative errno, errno set
 * too (-ESRCH when it has exited, also when its pid now names another
 * process).
 */
int rn_pidref_kill(const struct rn_pidref *r, int sig);
/* Unpin (no signal); safe on a zeroed or closed ref. */
void rn_pidref_close(struct rn_pidref *r);

#endif
