/* SPDX-License-Identifier: MIT */
/* Host-side proof that QEMU holds no socket but the loopback forward. */
#ifndef RN_ISOLATION_H
#define RN_ISOLATION_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Check `ss -tunap` output: every socket of pid must have the local
 * address 127.0.0.1:port (the forward and connections accepted on it) and a
 * loopback or wildcard peer, and the LISTEN socket must be there. 0 when
 * so; -1 with the reason in why.
 */
int rn_ss_check(const char *ss_out, pid_t pid, int port, char *why,
		size_t n);
/* Run ss on the host and check pid's sockets. */
int rn_host_isolation(pid_t pid, int port, char *why, size_t n);
/* The QEMU pid libvirt recorded for a domain, or -1. */
pid_t rn_qemu_pid(const char *dom_name);

#endif
