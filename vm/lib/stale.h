/* SPDX-License-Identifier: MIT */
/* Leftovers of killed runs: rnlab-<pid>-* domains and run files. */
#ifndef RN_STALE_H
#define RN_STALE_H

#include <stdbool.h>
#include <sys/types.h>

#include <libvirt/libvirt.h>

/* pid from "rnlab-<pid>-..." or -1. */
pid_t rn_name_pid(const char *name);
/* The run that owns pid is still going (this process, or an rnlab). */
bool rn_owner_alive(pid_t pid);
/* Destroy rnlab-* domains whose owner is gone; count in *n. */
int rn_stale_domains(virConnectPtr conn, unsigned int *n);
/* Remove rnlab-* overlays and run dirs whose owner is gone. */
int rn_stale_files(const char *runs_dir, unsigned int *n);

#endif
