// SPDX-License-Identifier: MIT
/* Host-side proof that QEMU holds no socket but the loopback forward. */
#include "isolation.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proc.h"
#include "util.h"

static bool loopback_peer(const char *peer)
{
	return !strncmp(peer, "127.0.0.1:", 10) || !strncmp(peer, "0.0.0.0:", 8)
	       || !strcmp(peer, "*:*");
}

/* Fields: netid state recv-q send-q local peer [process]. */
static int check_line(const char *line, const char *self, char *why,
		      size_t n, bool *listen)
{
	char netid[16], state[24], local[128], peer[128];

	if (sscanf(line, "%15s %23s %*s %*s %127s %127s", netid, state, local,
		   peer) != 4) {
		snprintf(why, n, "cannot parse ss line: %.120s", line);
		return -1;
	}
	if (strcmp(local, self) != 0 || !loopback_peer(peer)) {
		snprintf(why, n, "QEMU has a socket besides the forward: %s "
			 "%s %s -> %s", netid, state, local, peer);
		return -1;
	}
	if (!strcmp(netid, "tcp") && !strcmp(state, "LISTEN"))
		*listen = true;
	return 0;
}

int rn_ss_check(const char *ss_out, pid_t pid, int port, char *why,
		size_t n)
{
	char tag[32], self[32];
	const char *p = ss_out;
	bool listen = false;

	snprintf(tag, sizeof(tag), "pid=%d,", (int)pid);
	snprintf(self, sizeof(self), "127.0.0.1:%d", port);
	while (p && *p) {
		const char *end = strchr(p, '\n');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		char *line = strndup(p, len);

		if (!line) {
			snprintf(why, n, "out of memory");
			return -1;
		}
		if (strstr(line, tag) &&
		    check_line(line, self, why, n, &listen) < 0) {
			free(line);
			return -1;
		}
		free(line);
		p = end ? end + 1 : NULL;
	}
	if (!listen) {
		snprintf(why, n, "no LISTEN socket on %s for pid %d: cannot "
			 "tell QEMU's sockets apart", self, (int)pid);
		return -1;
	}
	return 0;
}

int rn_host_isolation(pid_t pid, int port, char *why, size_t n)
{
	struct rn_proc_spec spec = {
		.timeout = 30, .in_fd = -1, .out = RN_OUT_CAPTURE,
		.err = RN_OUT_CAPTURE,
	};
	struct rn_proc_result res;
	char *argv[] = { "ss", "-H", "-tunap", NULL };
	int ret = -1;

	rn_proc_result_init(&res);
	if (rn_proc_run(argv, &spec, &res) < 0 || res.exit_code) {
		snprintf(why, n, "ss -tunap failed (exit %d)", res.exit_code);
		goto cleanup;
	}
	ret = rn_ss_check(res.out.p ? res.out.p : "", pid, port, why, n);
cleanup:
	rn_proc_result_free(&res);
	return ret;
}

pid_t rn_qemu_pid(const char *dom_name)
{
	char *path = rn_strdupf("/run/libvirt/qemu/%s.pid", dom_name);
	char *text = NULL;
	long v = -1;

	if (path && rn_read_file(path, &text, NULL) == 0)
		v = strtol(text, NULL, 10);
	free(text);
	free(path);
	return v > 0 ? (pid_t)v : -1;
}
