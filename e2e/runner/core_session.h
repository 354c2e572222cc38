/* SPDX-License-Identifier: MIT */
/*
 * core_session.h - drive one interactive rustnet session in tmux as an
 * unprivileged user (see core_session.c).
 */
#ifndef RN_CORE_SESSION_H
#define RN_CORE_SESSION_H

#include <sys/types.h>

#include "pidref.h"
#include "rnx_scenario.h"

struct rn_session {
	char name[32];		/* tmux session name, also file stem */
	char user[32];		/* tmux runs as this user */
	/* rustnet, pinned by a pidfd (proc.fd -1 when none): every signal
	 * goes through it, never kill(pid); proc.pid for messages and ps */
	struct rn_pidref proc;
	char context[256];	/* rustnet's SELinux context */
	char stderr_path[128];	/* rustnet's stderr, kept by the wrapper */
	char rc_path[128];	/* rustnet's exit status, written on exit */
};
/* Both files live in a directory made once per runner run with mkdtemp()
 * under /tmp (root's, mode 0711): not predictable, and only root can
 * create or replace entries in it. */

/*
 * Start `cd CWD && PREFIX rustnet ARGS` in a detached 200x50 tmux session
 * of @user (PREFIX: "" or "sudo ").  Waits for the rustnet process and
 * checks it runs in rustnet_t; on failure sets r to ERROR and returns a
 * negative errno (the session is then stopped).
 */
int rn_session_start(struct rn_result *r, struct rn_session *s,
		      const char *name, const char *user, const char *cwd,
		      const char *prefix, const char *args);
/* Take @pid as the session's rustnet: open a pidfd on it, then check its
 * comm starts with "rustnet" (a pid reused between the lookup and the
 * pidfd fails here).  0, or a negative errno with s->proc unpinned. */
int rn_session_attach(struct rn_session *s, pid_t pid);
/* 1 while rustnet runs (its pidfd has not reported an exit). */
int rn_session_alive(const struct rn_session *s);
/* Pane text; @ansi keeps colours (tmux capture-pane -e).  *out malloc'd. */
int rn_session_pane(const struct rn_session *s, int ansi, char **out);
/* Save the coloured pane to @path (and record it as evidence). */
int rn_session_save_pane(struct rn_result *r, const struct rn_session *s,
			  const char *path);
/* Quit with q q; returns rustnet's exit status (>= 0), or a negative errno
 * when it did not exit within 15 s (then it is killed). */
int rn_session_quit(struct rn_result *r, struct rn_session *s);
/* Kill whatever is left of the session (cleanup path, idempotent): tmux
 * kill-session, then SIGKILL through the pidfd, which is closed. */
void rn_session_stop(struct rn_session *s);
/* Sleep @secs, returning early (-EINTR) if rustnet dies or on a signal. */
int rn_session_watch(const struct rn_session *s, unsigned int secs);

#endif /* RN_CORE_SESSION_H */
