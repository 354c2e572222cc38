// SPDX-License-Identifier: MIT
/*
 * sc_container.c - the container-like process of headless.container (see
 * sc_container.h).  What rustnet 1.7.0 reads (rustnet-monitor 1.7.0
 * src/network/containers.rs, ../shared/docs/rustnet-runtime.md item 10):
 * before its sandbox, every 64-hex directory of /var/lib/docker/containers
 * and its config.v2.json, whose "Name" (leading '/' dropped) becomes the
 * container's name; for an attributed connection, the cgroup of the
 * socket from the eBPF record, or else /proc/PID/cgroup, in which a
 * component docker-<64 hex>.scope means runtime docker with that id.
 * Docker itself makes /var/lib/docker and .../containers 0710 root and the
 * metadata 0600, so the name is root's to read: the row runs under sudo.
 */
#include <stdio.h>

#include "sc_container.h"

#define STATE	"/run/rnx-ctr"
#define CGDIR	"/sys/fs/cgroup" RN_CTR_CGROUP
#define META	"/var/lib/docker/containers/" RN_CTR_ID
#define PROG	"/usr/local/bin/" RN_CTR_PROC

_Static_assert(sizeof(RN_CTR_ID) == 65, "a container id is 64 hex digits");

/* The metadata, with modes and labels as a Docker host has them (the
 * Debian policy has no Docker types: var_lib_t, like the GeoIP files). */
static int meta_up(struct rn_result *r)
{
	return rn_sh(r, 30, NULL,
		      "set -e; mkdir -p " STATE "; "
		      "test -f /sys/fs/cgroup/cgroup.controllers; "
		      "test -d /sys/fs/cgroup/system.slice; "
		      "if [ ! -e /var/lib/docker ]; then install -d -m 0710 /var/lib/docker; touch " STATE "/made-docker; fi; "
		      "if [ ! -e /var/lib/docker/containers ]; then install -d -m 0710 /var/lib/docker/containers; touch " STATE "/made-containers; fi; "
		      "install -d -m 0710 " META "; "
		      "printf '%%s\\n' '{\"ID\":\"" RN_CTR_ID "\",\"Name\":\"/" RN_CTR_NAME "\","
		      "\"Path\":\"" PROG "\",\"Args\":[\"" RN_CTR_PEER "\",\"%d\"],"
		      "\"Driver\":\"overlay2\"}' > " META "/config.v2.json; "
		      "chmod 0600 " META "/config.v2.json; "
		      "restorecon /var/lib/docker /var/lib/docker/containers; "
		      "restorecon -R " META "; "
		      "ls -ldZ /var/lib/docker /var/lib/docker/containers " META " " META "/config.v2.json; "
		      "cat " META "/config.v2.json",
		      RN_CTR_PORT);
}

/* The cgroup and the process: the shell moves itself into the cgroup,
 * then starts the session, so every process of it and its socket are
 * created inside (a line every 2 s keeps the counters moving). */
static int proc_up(struct rn_result *r)
{
	return rn_sh(r, 30, NULL,
		      "set -e; mkdir " CGDIR "; "
		      "cp \"$(command -v nc)\" " PROG "; restorecon " PROG "; "
		      "setsid sh -c 'echo $$ > " CGDIR "/cgroup.procs && "
		      "while :; do echo ctr; sleep 2; done | exec " PROG " " RN_CTR_PEER " %d' "
		      ">" STATE "/ctr.log 2>&1 </dev/null & echo $! > " STATE "/pid",
		      RN_CTR_PORT);
}

/* Established, and inside the cgroup: 0 within 20 s, else 1. */
static int proc_ready(struct rn_result *r)
{
	return rn_sh(r, 40, NULL,
		      "for i in $(seq 1 40); do "
		      "P=$(pgrep -n -x " RN_CTR_PROC ") && "
		      "grep -q 'docker-" RN_CTR_ID "\\.scope$' /proc/$P/cgroup && "
		      "ss -tnpH state established dst " RN_CTR_PEER ":%d | grep -q '\"" RN_CTR_PROC "\"' && break; "
		      "P=; sleep 0.5; done; "
		      "ps -o user,pid,comm,label,args -p \"$(cat " STATE "/pid)\" -C " RN_CTR_PROC "; "
		      "cat " CGDIR "/cgroup.procs; ss -tnp dst " RN_CTR_PEER ":%d; cat " STATE "/ctr.log; "
		      "test -n \"$P\" && cat /proc/$P/cgroup",
		      RN_CTR_PORT, RN_CTR_PORT);
}

int rn_ctr_up(struct rn_result *r)
{
	if (meta_up(r)) {
		rn_set(r, RN_ERROR, "cannot put the Docker metadata of the container in place (cgroup v2 with system.slice needed)");
		return -1;
	}
	if (proc_up(r)) {
		rn_set(r, RN_ERROR, "cannot create the cgroup %s or start %s",
			RN_CTR_CGROUP, RN_CTR_PROC);
		return -1;
	}
	if (proc_ready(r)) {
		rn_set(r, RN_ERROR, "%s has no session to %s:%d from inside %s within 20 s",
			RN_CTR_PROC, RN_CTR_PEER, RN_CTR_PORT,
			RN_CTR_CGROUP);
		return -1;
	}
	rn_note(r, "container fixture: root's %s in cgroup %s, session to %s:%d, metadata %s/config.v2.json (Name /%s)",
		 RN_CTR_PROC, RN_CTR_CGROUP, RN_CTR_PEER, RN_CTR_PORT,
		 META, RN_CTR_NAME);
	return 0;
}

int rn_ctr_down(struct rn_result *r)
{
	int rc;

	rc = rn_sh(r, 40, NULL,
		    "if [ -f " STATE "/pid ]; then kill -TERM -- -\"$(cat " STATE "/pid)\" 2>/dev/null || true; fi; "
		    "if [ -d " CGDIR " ]; then echo 1 > " CGDIR "/cgroup.kill || true; "
		    "for i in $(seq 1 40); do rmdir " CGDIR " 2>/dev/null && break; sleep 0.5; done; fi; "
		    "rm -rf " META "; "
		    "if [ -f " STATE "/made-containers ]; then rmdir /var/lib/docker/containers; fi; "
		    "if [ -f " STATE "/made-docker ]; then rmdir /var/lib/docker; fi; "
		    "rm -f " PROG "; rm -rf " STATE "; "
		    "! test -e " CGDIR " && ! test -e " META " && ! pgrep -x " RN_CTR_PROC);
	if (rc != 0) {
		rn_note(r, "container fixture not fully removed (%d)", rc);
		return -1;
	}
	return 0;
}
