/* SPDX-License-Identifier: MIT */
/* Connecting to libvirt, starting virtlogd/libvirtd when none answers. */
#ifndef RN_DAEMON_H
#define RN_DAEMON_H

#include <stdbool.h>
#include <sys/types.h>

#include <libvirt/libvirt.h>

struct rn_daemons {
	pid_t virtlogd;		/* > 0 only when this process started it */
	pid_t libvirtd;
};

/* Route libvirt's messages to rn_err instead of its default printer. */
void rn_virt_quiet(void);
/* libvirt's last error message, never NULL. */
const char *rn_virt_errmsg(void);

/*
 * Open uri. For the local qemu:///system with no daemon answering, start
 * virtlogd and libvirtd (pid files in piddir), wait up to wait_secs for
 * the socket, and record what was started in *d.
 */
int rn_virt_connect(const char *uri, const char *piddir, double wait_secs,
		    struct rn_daemons *d, virConnectPtr *out);
/* Stop only what rn_virt_connect started. */
int rn_daemons_stop(struct rn_daemons *d);
/* Clients connected to libvirtd's "libvirtd" server, or -1. */
int rn_libvirtd_clients(void);
/* pid exists and is not a zombie. */
bool rn_pid_running(pid_t pid);

#endif
