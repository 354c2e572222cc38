// SPDX-License-Identifier: MIT
/*
 * sc_egress_ssh.c - prove that the run's ssh control channel still carries
 * data: write on it and watch the TCP connection acknowledge the bytes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core.h"
#include "procscan.h"
#include "sc_egress_ssh.h"

#define SS_CMD "ss -Htinp state established '( sport = :22 )'"

#define MAX_SSHD 8

/* The pids of the sshd processes among our ancestors (the session's
 * privileged monitor and its user child); returns how many. */
static int sshd_ancestors(pid_t *pids, int max)
{
	unsigned long long ppid;
	pid_t pid = getppid();
	char comm[32];
	int depth, n = 0;

	for (depth = 0; depth < 64 && pid > 1 && n < max; depth++) {
		if (rn_proc_comm("/proc", pid, comm, sizeof(comm)) < 0 ||
		    rn_proc_stat_field("/proc", pid, 4, &ppid) < 0)
			break;
		if (!strncmp(comm, "sshd", 4))
			pids[n++] = pid;
		pid = (pid_t)ppid;
	}
	return n;
}

int rn_sc_ss_acked(const char *ss, const char *key, char *conn,
		    size_t connlen, unsigned long long *acked)
{
	const char *p = ss;
	int in_match = 0;

	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t n = eol ? (size_t)(eol - p) : strlen(p);
		char line[1024];

		if (n >= sizeof(line))
			n = sizeof(line) - 1;
		memcpy(line, p, n);
		line[n] = '\0';
		p = eol ? eol + 1 : NULL;
		if (line[0] != ' ' && line[0] != '\t') {
			char a[128], b[128];

			/* Recv-Q Send-Q Local Peer [users:((...,pid=N,...))] */
			in_match = sscanf(line, "%*s %*s %127s %127s", a, b) == 2 &&
				   (!key[0] || !strcmp(a, key) || !strcmp(b, key) ||
				    (!strncmp(key, "pid=", 4) && strstr(line, key)));
			if (in_match)
				snprintf(conn, connlen, "%s %s", a, b);
			continue;
		}
		if (in_match) {
			const char *f = strstr(line, "bytes_acked:");

			if (f && sscanf(f, "bytes_acked:%llu", acked) == 1)
				return 0;
		}
	}
	return -ENOENT;
}

int rn_sc_ssh_channel(struct rn_result *r)
{
	unsigned long long before = 0, after = 0;
	char *out = NULL, *snap = NULL, conn[260] = "", key[32] = "";
	char tmp[260];
	pid_t sshd[MAX_SSHD];
	int fds[2], nfd = 0, nsshd, fd, rc, i;
	struct stat st;

	nsshd = sshd_ancestors(sshd, MAX_SSHD);
	if (!nsshd)
		return rn_set(r, RN_SKIP,
			       "the runner was not started over ssh: no control channel to check");
	for (fd = STDOUT_FILENO; fd <= STDERR_FILENO; fd++)
		if (!fstat(fd, &st) && (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
			fds[nfd++] = fd;
	if (!nfd)
		return rn_set(r, RN_SKIP,
			       "the runner's stdout/stderr is no pipe or socket to sshd");
	rc = rn_sh(r, 30, &out, SS_CMD);
	if (rc != 0 || !out) {
		rn_set(r, RN_ERROR, "%s failed (rc %d)", SS_CMD, rc);
		rc = rc < 0 ? rc : -EIO;
		goto cleanup;
	}
	/* our session's connection: the one an sshd ancestor holds */
	for (i = 0; i < nsshd; i++) {
		snprintf(key, sizeof(key), "pid=%ld,", (long)sshd[i]);
		if (!rn_sc_ss_acked(out, key, conn, sizeof(conn), &before))
			break;
	}
	if (i == nsshd) {
		rn_set(r, RN_ERROR,
			"no established :22 connection held by the runner's sshd (pid %ld)",
			(long)sshd[0]);
		rc = -ENOENT;
		goto cleanup;
	}
	rn_note(r, "ssh connection %s (sshd %s): bytes_acked %llu with the guard loaded",
		 conn, key, before);
	/* anything on the way to sshd (tee, a pipe) must not buffer it */
	for (i = 0; i < nfd; i++)
		dprintf(fds[i], "# egress.guard.ssh_channel: probe on the control channel\n");
	for (i = 0; i < 20 && after <= before; i++) {
		usleep(500 * 1000);
		free(snap);
		snap = NULL;
		/* polling: no evidence */
		if (rn_sh_quiet(10, &snap, SS_CMD " 2>/dev/null") == 0 && snap)
			rn_sc_ss_acked(snap, key, tmp, sizeof(tmp), &after);
	}
	/* the last state as evidence */
	free(out);
	out = NULL;
	rn_sh(r, 30, NULL, SS_CMD);
	rc = 0;
	if (after > before)
		rn_set(r, RN_PASS,
			"ssh control connection %s acknowledged %llu more byte(s) after the guard was loaded",
			conn, after - before);
	else
		rn_set(r, RN_FAIL,
			"ssh control connection %s acknowledged nothing in 20 polls 0.5 s apart (10 s or more) after a write with the guard loaded",
			conn);
cleanup:
	free(snap);
	free(out);
	return rc;
}
