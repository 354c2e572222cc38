/* SPDX-License-Identifier: MIT */
/*
 * Processes found by scanning a proc tree (normally "/proc"; the tests
 * point proc_root at a fake one). Processes come and go while a scan
 * runs: one that vanishes, or whose files cannot be read, is skipped.
 */
#ifndef RN_PROCSCAN_H
#define RN_PROCSCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Call fn(proc_root, pid, arg) for every process directory under
 * proc_root (its all-digit entries) until fn returns nonzero: that value,
 * 0 when every process was visited, or a negative errno when proc_root
 * cannot be listed (errno set too).
 */
int rn_proc_each(const char *proc_root,
		 int (*fn)(const char *proc_root, pid_t pid, void *arg),
		 void *arg);
/*
 * The command name of proc_root/PID/comm, without its newline, into buf
 * (cut to n - 1 bytes): 0, or a negative errno (errno set too).
 */
int rn_proc_comm(const char *proc_root, pid_t pid, char *buf, size_t n);
/*
 * Field field of proc_root/PID/stat (numbered as in proc(5); 3 and up,
 * the ones after the name, which may hold spaces and ')') into *v: an
 * unsigned number, or for field 3 (the state) its letter. 0, or a
 * negative errno (errno set too): -ENOENT once the process is gone,
 * -EINVAL for a field that is not there or not an unsigned number.
 */
int rn_proc_stat_field(const char *proc_root, pid_t pid, int field,
		       unsigned long long *v);
/*
 * proc_root/PID/environ holds the entry entry ("KEY=VALUE") exactly, the
 * last entry included whether or not a NUL ends it. False when it does
 * not or when the file cannot be read (another user's process, one that
 * has exited: a zombie's environ is empty).
 */
bool rn_proc_env_has(const char *proc_root, pid_t pid, const char *entry);
/*
 * The newest process (by start time, /proc/PID/stat field 22; the higher
 * pid of two started in the same tick) whose comm is comm exactly and,
 * when env is not NULL, whose environ holds the entry env (as above):
 * its pid, 0 when there is none, or a negative errno when proc_root
 * cannot be listed (errno set too). What pgrep -n -x COMM finds, in C.
 * A pid is only a name: pin it with rn_pidref_open() and check it again.
 */
pid_t rn_proc_find(const char *proc_root, const char *comm, const char *env);

#endif
