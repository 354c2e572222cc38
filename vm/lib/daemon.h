/* SPDX-License-Identifier: MIT */
/* Connecting to libvirt, starting virtlogd/libvirtd when none answers. */
#ifndef RN_DAEMON_H
#define RN_DAEMON_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <libvirt/libvirt.h>

#include "pidref.h"

/*
 * What rn_virt_connect started (or took over from a run that is gone):
 * pinned, so a later stop never signals a reused pid. Zeroed: nothing.
 */
struct rn_daemons {
	struct rn_pidref virtlogd;
	struct rn_pidref libvirtd;
	const char *lock_path;	/* NULL: /run/rnlab-libvirtd.lock */
	double lock_wait;	/* seconds; <= 0: the default (300) */
};

/* Route libvirt's messages to rn_err instead of its default printer. */
void rn_virt_quiet(void);
/* libvirt's last error message, never NULL. */
const char *rn_virt_errmsg(void);

/*
 * Open uri. For the local qemu:///system as root, under the daemon lock
 * (shared by every rnlab run on the host): with no daemon answering,
 * start virtlogd and libvirtd (pid files in piddir), wait up to
 * wait_secs for the socket, and record what was started in *d.
 */
int rn_virt_connect(const char *uri, const char *piddir, double wait_secs,
		    struct rn_daemons *d, virConnectPtr *out);
/*
 * virConnectClose *conn (NULL: nothing) and clear it; 0, or -1 after an
 * ERROR when libvirt failed or references are still held (a leak).
 */
int rn_virt_close(virConnectPtr *conn);
/*
 * Stop only what rn_virt_connect started, when no one uses it, under
 * the daemon lock (not taken in time: they stay); unpins *d.
 */
int rn_daemons_stop(struct rn_daemons *d);
/*
 * Clients connected to libvirtd's "libvirtd" server, or -1 with the
 * reason in why (runs also with a termination signal pending).
 */
int rn_libvirtd_clients(char *why, size_t n);

enum rn_daemon_use {
	RN_DAEMON_IDLE = 0,	/* no domain, no client: safe to stop */
	RN_DAEMON_IN_USE,	/* someone else is connected or running */
	RN_DAEMON_UNKNOWN,	/* could not tell (logged): kept running */
};

/*
 * Whether the local libvirtd has domains or clients, asked up to tries
 * times pause_us apart (until it is idle); logs why it is kept.
 */
enum rn_daemon_use rn_daemon_use(unsigned int tries, unsigned int pause_us);

#endif
