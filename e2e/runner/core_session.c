// SPDX-License-Identifier: MIT
/*
 * core_session.c - one interactive rustnet session: tmux as the user (so
 * rustnet has a terminal and enters rustnet_t through the policy's
 * transition from unconfined_t), the SELinux context of the process
 * checked with getpidcon(), pane captures, quit with `q q`.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <selinux/selinux.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "core_session.h"

static int read_int_file(const char *path, int *v)
{
	FILE *f = fopen(path, "r");
	int ret = -ENOENT;

	if (!f)
		return -errno;
	if (fscanf(f, "%d", v) == 1)
		ret = 0;
	fclose(f);
	return ret;
}

/* Newest process named rustnet that is a descendant of the tmux server. */
static pid_t find_rustnet(const char *name)
{
	char *out = NULL;
	pid_t pid = 0;
	int rc;

	rc = rnx_run_quiet(10, &out,
			   "for p in $(pgrep -x rustnet); do "
			   "tr '\\0' ' ' </proc/$p/environ 2>/dev/null | "
			   "grep -q 'RNX_SESSION=%s ' && echo $p; done | tail -n 1",
			   name);
	if (rc == 0 && out)
		pid = (pid_t)atoi(out);
	free(out);
	return pid;
}

int rnx_session_alive(const struct rnx_session *s)
{
	char path[64], comm[32] = "";
	FILE *f;

	if (s->pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/comm", (int)s->pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(comm, sizeof(comm), f))
		comm[0] = '\0';
	fclose(f);
	return !strncmp(comm, "rustnet", 7);
}

void rnx_session_stop(struct rnx_session *s)
{
	char *out = NULL;

	if (!s->name[0])
		return;
	rnx_run_quiet(10, &out, "runuser -u %s -- tmux kill-session -t %s",
		      s->user, s->name);
	free(out);
	if (rnx_session_alive(s))
		kill(s->pid, SIGKILL);
	s->pid = 0;
}

int rnx_session_start(struct rnx_result *r, struct rnx_session *s,
		      const char *name, const char *user, const char *cwd,
		      const char *prefix, const char *args)
{
	char *con = NULL;
	int rc, i;

	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	snprintf(s->user, sizeof(s->user), "%s", user);
	snprintf(s->stderr_path, sizeof(s->stderr_path),
		 "/tmp/rnx-session-%s.stderr", name);
	snprintf(s->rc_path, sizeof(s->rc_path), "/tmp/rnx-session-%s.rc",
		 name);
	unlink(s->rc_path);
	rnx_session_stop(s);
	/* rustnet inherits this file as stderr: label it as a rustnet /tmp
	 * output so writing it is not a harness-made denial */
	rc = rnx_run(r, 10, NULL,
		     "rm -f %s && install -m 0600 -o %s /dev/null %s && "
		     "chcon -t rustnet_tmp_t %s", s->stderr_path, user,
		     s->stderr_path, s->stderr_path);
	if (rc != 0)
		return rnx_set(r, RNX_ERROR, "cannot prepare %s (rc %d)",
			       s->stderr_path, rc), -EIO;
	/* RNX_SESSION tags the process so find_rustnet() picks ours; sudo
	 * keeps it through env_keep of a fresh environment only if told,
	 * so it is passed on the command line for sudo too. */
	rc = rnx_run(r, 20, NULL,
		     "runuser -u %s -- tmux new-session -d -s %s -x 200 -y 50 "
		     "\"cd %s && %senv RNX_SESSION=%s rustnet %s "
		     "2>>%s; echo \\$? >%s; sleep 2\"",
		     user, name, cwd, prefix, name, args, s->stderr_path,
		     s->rc_path);
	if (rc != 0)
		return rnx_set(r, RNX_ERROR,
			       "could not start tmux session %s (rc %d)",
			       name, rc), -EIO;
	for (i = 0; i < 100 && !s->pid; i++) {
		usleep(200000);
		s->pid = find_rustnet(name);
	}
	rnx_run(r, 10, NULL, "ps -e -o label,pid,user,args | grep '[r]ustnet'");
	if (!s->pid) {
		rnx_run(r, 10, NULL, "cat %s; cat %s", s->stderr_path,
			s->rc_path);
		rnx_session_stop(s);
		return rnx_set(r, RNX_ERROR,
			       "rustnet did not start within 20 s in tmux session %s",
			       name), -ESRCH;
	}
	if (getpidcon(s->pid, &con) < 0) {
		rc = -errno;
		rnx_session_stop(s);
		return rnx_set(r, RNX_ERROR, "getpidcon(%d): %s", (int)s->pid,
			       strerror(-rc)), rc;
	}
	snprintf(s->context, sizeof(s->context), "%s", con);
	freecon(con);
	rnx_note(r, "session %s: rustnet pid %d runs in %s", name,
		 (int)s->pid, s->context);
	if (!strstr(s->context, ":rustnet_t:")) {
		rnx_session_stop(s);
		return rnx_set(r, RNX_ERROR,
			       "rustnet runs in %s, not rustnet_t: the test would not exercise the policy",
			       s->context), -EPERM;
	}
	return 0;
}

int rnx_session_watch(const struct rnx_session *s, unsigned int secs)
{
	time_t end = time(NULL) + secs;

	while (time(NULL) < end) {
		if (rnx_interrupted || !rnx_session_alive(s))
			return -EINTR;
		sleep(1);
	}
	return 0;
}

int rnx_session_pane(const struct rnx_session *s, int ansi, char **out)
{
	int rc = rnx_run_quiet(10, out,
			       "runuser -u %s -- tmux capture-pane -p %s -t %s",
			       s->user, ansi ? "-e" : "", s->name);

	return rc == 0 ? 0 : (rc < 0 ? rc : -EIO);
}

int rnx_session_save_pane(struct rnx_result *r, const struct rnx_session *s,
			  const char *path)
{
	int rc = rnx_run(r, 10, NULL,
			 "runuser -u %s -- tmux capture-pane -p -e -t %s > '%s' "
			 "&& wc -c '%s'", s->user, s->name, path, path);

	return rc == 0 ? 0 : -EIO;
}

int rnx_session_quit(struct rnx_result *r, struct rnx_session *s)
{
	int i, v = -1;

	/* q asks for confirmation, the second q confirms */
	rnx_run(r, 10, NULL, "runuser -u %s -- tmux send-keys -t %s q && "
		"sleep 1 && runuser -u %s -- tmux send-keys -t %s q",
		s->user, s->name, s->user, s->name);
	for (i = 0; i < 150 && rnx_session_alive(s); i++)
		usleep(100000);
	if (rnx_session_alive(s)) {
		rnx_session_stop(s);
		return -ETIMEDOUT;
	}
	for (i = 0; i < 30 && read_int_file(s->rc_path, &v) != 0; i++)
		usleep(100000);
	rnx_run(r, 10, NULL, "echo \"rustnet exit status: $(cat %s)\"; "
		"echo '--- rustnet stderr:'; cat %s", s->rc_path,
		s->stderr_path);
	rnx_session_stop(s);
	return v;
}
