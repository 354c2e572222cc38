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

#endif
