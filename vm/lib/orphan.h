/* SPDX-License-Identifier: MIT */
/* Daemons an earlier rnlab run started and had to leave running. */
#ifndef RN_ORPHAN_H
#define RN_ORPHAN_H

#include <sys/types.h>

/*
 * A process under proc_root (normally /proc) that runs NAME with
 * "-p .../rnlab-<pid>-<rand>.d/NAME.pid" (as rn_virt_connect starts
 * daemons) and whose rnlab run <pid> is gone: its pid, else 0.
 */
pid_t rn_orphan_daemon(const char *proc_root, const char *name);
/*
 * The rnlab run whose pid file process pid (under proc_root) runs NAME
 * with, as above: that run's pid, or -1 when pid is no such daemon.
 */
pid_t rn_daemon_owner(const char *proc_root, pid_t pid, const char *name);

#endif
