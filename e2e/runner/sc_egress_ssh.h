/* SPDX-License-Identifier: MIT */
/*
 * sc_egress_ssh.h - does the run's own ssh control channel still carry data
 * (e.g. while the egress guard is loaded)?
 */
#ifndef RN_SC_EGRESS_SSH_H
#define RN_SC_EGRESS_SSH_H

#include <stddef.h>

#include "rnx_scenario.h"

/* Write a TAP comment on the runner's stdout and stderr (those that are a
 * pipe or socket) when an sshd is among the runner's ancestors, then wait
 * (<= 10 s) until the established port-22 connection that sshd holds
 * acknowledges more bytes than before.  Sets r PASS, FAIL, SKIP (not run over ssh) or ERROR;
 * returns 0 or a negative errno. */
int rn_sc_ssh_channel(struct rn_result *r);

/* Parse `ss -Htin[p]` output: the bytes_acked of the connection printed
 * first whose local or peer address is @key, or whose line contains @key
 * when it starts with "pid=" (`-p` output), or the first one for "".
 * Exposed for the unit tests.  Returns 0 and *acked, or -ENOENT. */
int rn_sc_ss_acked(const char *ss, const char *key, char *conn,
		    size_t connlen, unsigned long long *acked);

#endif /* RN_SC_EGRESS_SSH_H */
