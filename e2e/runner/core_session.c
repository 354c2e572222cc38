// SPDX-License-Identifier: MIT
/*
 * core_session.c - one interactive rustnet session: tmux as the user (so
 * rustnet has a terminal and enters rustnet_t through the policy's
 * transition from unconfined_t), the SELinux context of the process
 * checked with getpidcon(), pane captures, quit with `q q`.  rustnet is
 * held by a pidfd from the moment it is found, so a signal never reaches
 * a process that reused its pid.
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
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "core_session.h"
#include "procscan.h"
#include "shfmt.h"
#include "sig.h"

#define SESSION_DIR_TEMPLATE "/tmp/rnx-session.XXXXXX"

/* The directory of this run's session files, made on first use. */
static char session_dir[sizeof(SESSION_DIR_TEMPLATE)];

static int session_dir_get(const char **dir)
{
	char tmpl[] = SESSION_DIR_TEMPLATE;
	int ret = 0;

	if (!session_dir[0]) {
		if (!mkdtemp(tmpl)) {
			ret = -errno;
			goto cleanup;
		}
		/* the user's shell must reach its files; only root lists
		 * or creates entries */
		if (chmod(tmpl, 0711) < 0) {
			ret = -errno;
			rmdir(tmpl);
			goto cleanup;
		}
		memcpy(session_dir, tmpl, sizeof(tmpl));
	}
	*dir = session_dir;
cleanup:
	return ret;
}

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

/* The newest process named rustnet whose environment carries
 * RNX_SESSION=@name (the session's tag, set by rn_session_start()); 0
 * when there is none yet. */
static pid_t find_rustnet(const char *name)
{
	char tag[64];
	pid_t pid;

	snprintf(tag, sizeof(tag), "RNX_SESSION=%s", name);
	pid = rn_proc_find("/proc", "rustnet", tag);
	return pid > 0 ? pid : 0;
}

static int comm_is_rustnet(pid_t pid)
{
	char comm[32];

	return rn_proc_comm("/proc", pid, comm, sizeof(comm)) == 0 &&
	       !strncmp(comm, "rustnet", 7);
}

int rn_session_attach(struct rn_session *s, pid_t pid)
{
	int ret;

	ret = rn_pidref_open(&s->proc, pid);
	if (ret < 0)
		goto cleanup;
	/* the pid may have been reused before the pidfd was taken */
	if (!comm_is_rustnet(pid)) {
		rn_pidref_close(&s->proc);
		ret = -ESRCH;
	}
cleanup:
	return ret;
}

int rn_session_alive(const struct rn_session *s)
{
	return s->proc.pid > 0 && rn_pidref_alive(&s->proc) &&
	       comm_is_rustnet(s->proc.pid);
}

void rn_session_stop(struct rn_session *s)
{
	char *out = NULL;

	if (s->name[0]) {
		rn_sh_quiet(10, &out,
			     "runuser -u %s -- tmux kill-session -t %s",
			     s->user, s->name);
		free(out);
	}
	if (rn_session_alive(s))
		rn_pidref_kill(&s->proc, SIGKILL);
	rn_pidref_close(&s->proc);
}

int rn_session_start(struct rn_result *r, struct rn_session *s,
		      const char *name, const char *user, const char *cwd,
		      const char *prefix, const char *args)
{
	const char *dir = NULL;
	char *con = NULL, *inner;
	pid_t pid;
	int rc, i;

	memset(s, 0, sizeof(*s));
	s->proc.fd = -1;
	snprintf(s->name, sizeof(s->name), "%s", name);
	snprintf(s->user, sizeof(s->user), "%s", user);
	rc = session_dir_get(&dir);
	if (rc < 0)
		return rn_set(r, RN_ERROR,
			       "cannot make the session directory under /tmp: %s",
			       strerror(-rc)), rc;
	snprintf(s->stderr_path, sizeof(s->stderr_path), "%s/%s.stderr",
		 dir, name);
	snprintf(s->rc_path, sizeof(s->rc_path), "%s/%s.rc", dir, name);
	rn_session_stop(s);
	/* rustnet inherits this file as stderr: label it as a rustnet /tmp
	 * output so writing it is not a harness-made denial.  The user's
	 * shell writes the exit status to the .rc file: it cannot create
	 * files in the directory, so the file is made for it. */
	rc = rn_sh(r, 10, NULL,
		    "rm -f %s %s && install -m 0600 -o %s /dev/null %s && "
		    "chcon -t rustnet_tmp_t %s && "
		    "install -m 0600 -o %s /dev/null %s", s->stderr_path,
		    s->rc_path, user, s->stderr_path, s->stderr_path, user,
		    s->rc_path);
	if (rc != 0)
		return rn_set(r, RN_ERROR, "cannot prepare %s (rc %d)",
			       s->stderr_path, rc), -EIO;
	/* RNX_SESSION tags the process so find_rustnet() picks ours; sudo
	 * keeps it through env_keep of a fresh environment only if told,
	 * so it is passed on the command line for sudo too. */
	/* the session's command is one word for tmux, run by its shell:
	 * @prefix and @args are shell text of the caller */
	inner = rn_shfmt("cd %s && %-senv RNX_SESSION=%s rustnet %-s "
			 "2>>%s; echo $? >%s; sleep 2", cwd, prefix, name,
			 args, s->stderr_path, s->rc_path);
	if (!inner)
		return rn_set(r, RN_ERROR, "out of memory"), -ENOMEM;
	rc = rn_sh(r, 20, NULL,
		    "runuser -u %s -- tmux new-session -d -s %s -x 200 -y 50 %s",
		    user, name, inner);
	free(inner);
	if (rc != 0)
		return rn_set(r, RN_ERROR,
			       "could not start tmux session %s (rc %d)",
			       name, rc), -EIO;
	for (i = 0; i < 100 && s->proc.pid <= 0; i++) {
		usleep(200000);
		pid = find_rustnet(name);
		if (pid > 0)
			rn_session_attach(s, pid);
	}
	rn_sh(r, 10, NULL, "ps -e -o label,pid,user,args | grep '[r]ustnet'");
	if (s->proc.pid <= 0) {
		rn_sh(r, 10, NULL, "cat %s; cat %s", s->stderr_path,
		       s->rc_path);
		rn_session_stop(s);
		return rn_set(r, RN_ERROR,
			       "rustnet did not start within 20 s in tmux session %s",
			       name), -ESRCH;
	}
	if (getpidcon(s->proc.pid, &con) < 0) {
		rc = -errno;
		rn_session_stop(s);
		return rn_set(r, RN_ERROR, "getpidcon(%d): %s", (int)s->proc.pid,
			       strerror(-rc)), rc;
	}
	snprintf(s->context, sizeof(s->context), "%s", con);
	freecon(con);
	rn_note(r, "session %s: rustnet pid %d runs in %s", name,
		 (int)s->proc.pid, s->context);
	if (!strstr(s->context, ":rustnet_t:")) {
		rn_session_stop(s);
		return rn_set(r, RN_ERROR,
			       "rustnet runs in %s, not rustnet_t: the test would not exercise the policy",
			       s->context), -EPERM;
	}
	return 0;
}

int rn_session_watch(const struct rn_session *s, unsigned int secs)
{
	time_t end = time(NULL) + secs;

	while (time(NULL) < end) {
		if (rn_sig_pending() || !rn_session_alive(s))
			return -EINTR;
		sleep(1);
	}
	return 0;
}

int rn_session_pane(const struct rn_session *s, int ansi, char **out)
{
	int rc = rn_sh_quiet(10, out,
			       "runuser -u %s -- tmux capture-pane -p %-s -t %s",
			       s->user, ansi ? "-e" : "", s->name);

	return rc == 0 ? 0 : (rc < 0 ? rc : -EIO);
}

int rn_session_save_pane(struct rn_result *r, const struct rn_session *s,
			  const char *path)
{
	int rc = rn_sh(r, 10, NULL,
			 "runuser -u %s -- tmux capture-pane -p -e -t %s > %s "
			 "&& wc -c %s", s->user, s->name, path, path);

	return rc == 0 ? 0 : -EIO;
}

int rn_session_quit(struct rn_result *r, struct rn_session *s)
{
	int i, v = -1;

	/* q asks for confirmation, the second q confirms */
	rn_sh(r, 10, NULL, "runuser -u %s -- tmux send-keys -t %s q && "
	       "sleep 1 && runuser -u %s -- tmux send-keys -t %s q",
	       s->user, s->name, s->user, s->name);
	for (i = 0; i < 150 && rn_session_alive(s); i++)
		usleep(100000);
	if (rn_session_alive(s)) {
		rn_session_stop(s);
		return -ETIMEDOUT;
	}
	for (i = 0; i < 30 && read_int_file(s->rc_path, &v) != 0; i++)
		usleep(100000);
	rn_sh(r, 10, NULL, "echo \"rustnet exit status: $(cat %s)\"; "
	       "echo '--- rustnet stderr:'; cat %s", s->rc_path,
	       s->stderr_path);
	rn_session_stop(s);
	return v;
}
