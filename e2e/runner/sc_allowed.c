// SPDX-License-Identifier: MIT
/*
 * sc_allowed.c - the allowed-path scenarios: what rustnet must be able to
 * do under its policy, run by the unprivileged user (file capabilities) or
 * through sudo, in both passes.  Each scenario does the action and checks
 * its functional result; the core adds the assertion that no record with
 * subject rustnet_t appeared in the window.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <netinet/in.h>
#include <selinux/selinux.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "core_session.h"
#include "sc_helper.h"
#include "file.h"
#include "sig.h"

#define OUTDIR		"/tmp/rnx"
#define LOGDIR		"/var/log/rustnet"
#define SHORT_S		20	/* length of the single-purpose sessions */
#define EBPF_MSG	"eBPF socket tracker initialized successfully"

static const char *mname(const struct rn_ctx *ctx)
{
	return rn_mode_name(ctx->mode);
}

/* The user's private log directory under LOGDIR, made the way
 * policy/rustnet.tmpfiles.conf tells the administrator to (no shared
 * directory is shipped).  0, or -1 with r ERROR. */
static int user_logdir(const struct rn_ctx *ctx, struct rn_result *r,
		       char *dir, size_t len)
{
	snprintf(dir, len, LOGDIR "/%s", ctx->user);
	if (rn_sh(r, 30, NULL, "install -d -m 0700 -o %s -g %s %s && "
		   "restorecon -v %s && ls -ldZ %s", ctx->user, ctx->user,
		   dir, dir, dir) != 0) {
		rn_set(r, RN_ERROR, "cannot create %s", dir);
		return -1;
	}
	return 0;
}

/* setsebool @name @on, for a scenario that needs a boolean for its
 * window.  0, or the command's status. */
static int set_bool(struct rn_result *r, const char *name, int on)
{
	return rn_sh(r, 120, NULL, "setsebool %s %s && getsebool %s", name,
		      on ? "on" : "off", name);
}

/* Type part of the file's context, "" when unknown. */
static void file_type(const char *path, char *type, size_t len)
{
	char *con = NULL, *p;
	int i;

	snprintf(type, len, "%s", "");
	if (lgetfilecon(path, &con) < 0)
		return;
	p = con;
	for (i = 0; i < 2 && p; i++) {
		p = strchr(p, ':');
		if (p)
			p++;
	}
	if (p)
		snprintf(type, len, "%.*s", (int)strcspn(p, ":"), p);
	freecon(con);
}

/* Check @path exists with SELinux type @want; FAIL @r otherwise.
 * Returns 1 when right. */
static int expect_label(struct rn_result *r, const char *path,
			const char *want)
{
	char type[128];
	struct stat st;

	if (lstat(path, &st) < 0) {
		rn_set(r, RN_FAIL, "%s does not exist: %s", path,
			strerror(errno));
		return 0;
	}
	file_type(path, type, sizeof(type));
	rn_note(r, "getfilecon(%s) type %s", path, type);
	if (strcmp(type, want)) {
		rn_set(r, RN_FAIL, "%s is %s, expected %s", path,
			type[0] ? type : "(no label)", want);
		return 0;
	}
	if (!st.st_size && S_ISREG(st.st_mode)) {
		rn_set(r, RN_FAIL, "%s is empty", path);
		return 0;
	}
	return 1;
}

/*
 * Did rustnet (>= 1.7.0) exit 1 only because a worker missed its quit
 * deadline (core_shutdown.c)?  Then the row can at best be GAP: 1, with
 * r->gap set; else 0.
 */
static int shutdown_timed_out(struct rn_result *r, const char *stderr_path)
{
	char *err = NULL;
	int n = 0;

	if (rn_sh_quiet(10, &err, "cat %s", stderr_path) == 0)
		n = rn_shutdown_timeouts(err);
	free(err);
	if (n <= 0)
		return 0;
	snprintf(r->gap, sizeof(r->gap),
		 "rustnet exited 1 at q q: %d worker(s) missed its shutdown deadline (1.7.0 detaches a reverse-DNS thread still inside getnameinfo after 1 s); rustnet's behaviour, no denial involved",
		 n);
	rn_note(r, "%s", r->gap);
	return 1;
}

/* 1 when the user's home gives others no search (x) bit: root without
 * CAP_DAC_READ_SEARCH/CAP_DAC_OVERRIDE cannot reach the config in it
 * (noted); 0 when it does, or when it cannot be read (noted: the
 * closed-home allow-list entry then does not apply). */
static int home_closed(const struct rn_ctx *ctx, struct rn_result *r)
{
	struct rn_result scratch;
	char home[1024];
	struct stat st;
	int rc;

	rn_result_init(&scratch);
	rc = rn_sc_home(ctx, &scratch, home, sizeof(home));
	rn_result_free(&scratch);
	if (rc >= 0 && stat(home, &st) < 0)
		rc = -errno;
	if (rc < 0) {
		rn_note(r, "the user's home mode is unknown (%s): the closed-home diagnostics entry does not apply",
			 strerror(-rc));
		return 0;
	}
	if (st.st_mode & S_IXOTH)
		return 0;
	rn_note(r, "%s is mode %04o: root needs a DAC capability to reach the user's config",
		 home, (unsigned int)(st.st_mode & 07777));
	return 1;
}

/*
 * rustnet's stderr (@stderr_path) and, when the session wrote one, its
 * debug log (the newest @logdir/logs/rustnet_*.log since @t0) hold no
 * error or warning line but entries of the reviewed allow-list
 * (core_diag.c).  0; or -1 with r FAIL naming the first unlisted line,
 * FAIL when the session ran with -l and left no debug log, ERROR when the
 * stderr file the harness made cannot be read.
 */
static int check_diag(const struct rn_ctx *ctx, struct rn_result *r,
		      const char *stderr_path, const char *logdir, time_t t0,
		      int as_root)
{
	struct rn_diag_tally err = { 0 }, log = { 0 };
	unsigned int cond = rn_diag_cond(r->gap[0] != '\0');
	char path[1024], what[1100];
	int rc;

	if (as_root && home_closed(ctx, r))
		cond |= RN_DIAG_HOME_CLOSED;

	rc = rn_diag_file(&err, stderr_path, RN_DIAG_STDERR,
			   ctx->rustnet_version, cond, NULL, 0);
	if (rc < 0) {
		rn_set(r, RN_ERROR, "cannot read rustnet's stderr %s: %s",
			stderr_path, strerror(-rc));
		return -1;
	}
	if (rn_diag_fail(r, &err, "rustnet's stderr"))
		return -1;
	if (!logdir)
		return 0;
	rc = rn_log_find(logdir, t0, path, sizeof(path));
	if (!rc)
		rc = rn_diag_file(&log, path, RN_DIAG_LOG,
				   ctx->rustnet_version, cond, NULL, 0);
	if (rc < 0) {
		rn_set(r, RN_FAIL,
			"no readable debug log of this session in %s/logs: %s",
			logdir, strerror(-rc));
		return -1;
	}
	rn_sh(r, 10, NULL, "grep -E '^[0-9:]+ \\[(WARN|ERROR)\\]' %s | "
	       "sort | uniq -c | sort -rn | head -n 20", path);
	snprintf(what, sizeof(what), "rustnet's debug log %s", path);
	return rn_diag_fail(r, &log, what);
}

/*
 * One rustnet session of @secs seconds with the fixture's traffic running:
 * start in tmux as @user, keep it running, save the final coloured pane to
 * @pane_path (when set) and the plain text of all snapshots into *pane,
 * quit with q q, judge its stderr and (with -l in @args) its debug log
 * against the diagnostics allow-list (check_diag()).
 * Returns 0 when rustnet ran throughout, quit with status 0 (or missed
 * only its own quit deadline: r->gap) and left no unlisted diagnostic;
 * otherwise sets r (FAIL, or ERROR when it never started) and returns -1.
 */
static int session(const struct rn_ctx *ctx, struct rn_result *r,
		   const char *name, const char *cwd, const char *prefix,
		   const char *args, unsigned int secs, const char *pane_path,
		   char **pane)
{
	unsigned int left = secs, step;
	struct rn_session s;
	char *all = NULL, *snap = NULL, *t;
	time_t t0 = time(NULL);
	int ret = 0, rc;

	if (pane)
		*pane = NULL;
	/* 1.7.0's resolver threads fall back to UDP DNS, denied and audited
	 * (core_denied.c); with rustnet_direct_dns on it is allowed and no
	 * record appears */
	if (ctx->rustnet_version >= rn_denied_list[0].since)
		r->known_denied |= RN_DENIED_DNS_FALLBACK;
	if (rn_session_start(r, &s, name, ctx->user, cwd, prefix, args))
		return -1;
	/* a plain-text snapshot every 10 s: what the checks look at is what
	 * the screen showed at any point of the session */
	while (left && !ret) {
		step = left < RN_SNAPSHOT_S ? left : RN_SNAPSHOT_S;
		ret = rn_session_watch(&s, step);
		left -= step;
		if (!pane || rn_session_pane(&s, 0, &snap))
			continue;
		if (asprintf(&t, "%s%s", all ? all : "", snap) >= 0) {
			free(all);
			all = t;
		}
		free(snap);
		snap = NULL;
	}
	if (pane)
		*pane = all;
	else
		free(all);
	if (pane_path)
		rn_session_save_pane(r, &s, pane_path);
	if (ret) {
		rn_sh(r, 10, NULL, "cat %s", s.stderr_path);
		rn_session_stop(&s);
		rn_set(r, rn_sig_pending() ? RN_ERROR : RN_FAIL,
			"rustnet (%s) stopped before %u s had passed",
			name, secs);
		return -1;
	}
	rc = rn_session_quit(r, &s);
	if (rc == 1 && ctx->rustnet_version >= 10700 &&
	    shutdown_timed_out(r, s.stderr_path))
		rc = 0;
	if (rc != 0) {
		rn_set(r, RN_FAIL, "rustnet did not quit cleanly with q q (%d)",
			rc);
		return -1;
	}
	return check_diag(ctx, r, s.stderr_path,
			  strstr(args, "-l ") ? cwd : NULL, t0,
			  prefix && !strncmp(prefix, "sudo", 4));
}

static int grep_file(const char *pattern, const char *path)
{
	char *out = NULL;
	int rc = rn_sh_quiet(10, &out, "grep -F -q -- %s %s", pattern,
			       path);

	free(out);
	return rc == 0;
}

/* ---------------------------------------------------------------- help */

/* --help exits at once, so its domain cannot be read from /proc: an audit
 * rule on exit_group of /usr/bin/rustnet records the subject context of
 * the process (SYSCALL subj=), keyed per mode and removed afterwards. */
static int sc_help(const struct rn_ctx *ctx, struct rn_result *r)
{
	char *out = NULL, *subj = NULL, key[64];
	int rc;

	snprintf(key, sizeof(key), "rnx-help-%s", mname(ctx));
	rc = rn_sh(r, 30, NULL, "auditctl -a always,exit -F arch=b64 "
		    "-S exit_group -F exe=/usr/bin/rustnet -k %s", key);
	if (rc != 0)
		return rn_set(r, RN_ERROR,
			       "could not add the audit rule for --help (%d)",
			       rc);
	rc = rn_sh(r, 30, &out, "runuser -u %s -- rustnet --help", ctx->user);
	rn_sh(r, 30, NULL, "auditctl -d always,exit -F arch=b64 "
	       "-S exit_group -F exe=/usr/bin/rustnet -k %s", key);
	if (rc != 0) {
		rn_set(r, RN_FAIL, "rustnet --help exited %d", rc);
		goto cleanup;
	}
	if (!out || !strstr(out, "Usage: rustnet")) {
		rn_set(r, RN_FAIL, "rustnet --help printed no usage");
		goto cleanup;
	}
	/* auditd may take a moment to write the record */
	rc = rn_sh(r, 30, &subj, "for i in 1 2 3 4 5 6 7 8 9 10; do "
		    "ausearch --input-logs -k %s -m SYSCALL 2>/dev/null | "
		    "grep -o ' subj=[^ ]*' | sort -u | grep . && exit 0; "
		    "sleep 1; done; exit 1", key);
	if (rc != 0 || !subj) {
		rn_set(r, RN_ERROR,
			"no audit record of rustnet --help's exit (key %s)", key);
		goto cleanup;
	}
	if (!strstr(subj, ":rustnet_t:")) {
		rn_set(r, RN_FAIL, "rustnet --help ran as %s, not rustnet_t",
			subj);
		goto cleanup;
	}
	rn_set(r, RN_PASS,
		"rustnet --help exited 0 with its usage, in rustnet_t (audit SYSCALL subj)");

cleanup:
	free(out);
	free(subj);
	return 0;
}

/* ------------------------------------------------------ capture.session */

/* The pane shows both countries and at least one reverse name.  With
 * @names_denied (1.7.0 through systemd-resolved, rustnet_direct_dns off)
 * missing names are that known denial's cost: the row then needs the
 * denial's record (known_denied_required) and becomes GAP, not PASS.
 * Returns 1 when the names were shown. */
static int check_pane(struct rn_result *r, const char *pane,
		      const char *domain, int names_denied)
{
	char name[64];

	if (!pane) {
		rn_set(r, RN_FAIL, "no pane text captured");
		return 0;
	}
	if (!strstr(pane, "JP")) {
		rn_set(r, RN_FAIL, "pane shows no JP (GeoIP) location");
		return 0;
	}
	if (!strstr(pane, "BR")) {
		rn_set(r, RN_FAIL, "pane shows no BR (GeoIP) location");
		return 0;
	}
	snprintf(name, sizeof(name), "-web.%s", domain);
	/* long names may be cut by the Remote column; the prefix is kept */
	if (!strstr(pane, name) && !strstr(pane, "tokyo-web") &&
	    !strstr(pane, "saopaulo-web")) {
		if (names_denied) {
			r->known_denied_required |= RN_DENIED_DNS_FALLBACK;
			rn_note(r, "pane shows no reverse DNS name *%s: expected with this rustnet (known-denied DNS fallback, whose record the row now needs)",
				 name);
			return 0;
		}
		rn_set(r, RN_FAIL, "pane shows no reverse DNS name *%s",
			name);
		return 0;
	}
	if (!strstr(pane, name))
		rn_note(r, "pane shows the host names truncated; full names checked in the JSON log");
	return 1;
}

/* The capture is alive to the end: the JSON log holds a new_connection
 * event from the last minute of the session (the last third of a session
 * shorter than 3 minutes); the fixture opens new connections every 2 s
 * (core_alive.c).  Sets r FAIL when not. */
static void check_alive(struct rn_result *r, const char *json, time_t t0,
			unsigned int secs)
{
	struct rn_alive a;
	char *line = NULL, why[256], mins[256];
	size_t cap = 0;
	FILE *f;

	rn_alive_init(&a, t0, secs);
	f = fopen(json, "r");
	if (!f) {
		rn_set(r, RN_FAIL, "capture not alive: cannot read the JSON log %s: %s",
			json, strerror(errno));
		return;
	}
	while (getline(&line, &cap, f) >= 0)
		rn_alive_feed(&a, line);
	free(line);
	fclose(f);
	rn_alive_minutes(&a, mins, sizeof(mins));
	rn_note(r, "new connections logged per minute of the session: %s; last at %lld s of %u",
		 mins, (long long)(a.last - t0), secs);
	if (rn_alive_judge(&a, why, sizeof(why)))
		rn_set(r, RN_FAIL, "%s", why);
}

/* The capture's packet counter still rises in the last minute, from the
 * pane snapshots (core_alive.c).  Sets r FAIL when not. */
static void check_packets(struct rn_result *r, const char *pane,
			  unsigned int secs)
{
	char seen[1024], why[256];
	int rc;

	rc = rn_alive_packets(pane, secs, seen, sizeof(seen), why,
			       sizeof(why));
	rn_note(r, "pane \"Packets Processed\" at each %d-s snapshot: %s",
		 RN_SNAPSHOT_S, seen);
	if (rc)
		rn_set(r, RN_FAIL, "%s", why);
}

/* The user's config.toml (sc_setup.c, core_config.c) was applied: the
 * session's debug log names its theme preset and the final coloured pane
 * draws its rules in the config's border override.  Sets r FAIL when
 * not (a config read that is denied, even silently, leaves the defaults
 * and no AVC). */
static void check_config(struct rn_result *r, const char *logdir,
			 time_t t0, const char *pane_path)
{
	char path[1024], theme[64] = "", why[512];
	char *ansi = NULL;
	size_t cells = 0, grey;
	int rc;

	rc = rn_log_find(logdir, t0, path, sizeof(path));
	if (!rc)
		rc = rn_diag_file(NULL, path, RN_DIAG_LOG, 0, 0, theme,
			       sizeof(theme));
	if (rc < 0)
		rn_note(r, "no readable debug log in %s/logs: %s", logdir,
			 strerror(-rc));
	rc = rn_read_file(pane_path, &ansi, NULL);
	if (rc < 0) {
		rn_set(r, RN_ERROR, "cannot read the saved pane %s: %s",
			pane_path, strerror(-rc));
		return;
	}
	cells = rn_pane_rule_cells(ansi, RN_CONFIG_BORDER);
	grey = rn_pane_rule_cells(ansi, 8);
	free(ansi);
	rn_note(r, "config.toml: debug log theme \"%s\"; pane rule cells in lightmagenta (13) %zu, in dark grey (8, every preset's border) %zu",
		 theme, cells, grey);
	if (rn_config_judge(theme, cells, why, sizeof(why)))
		rn_set(r, RN_FAIL, "%s", why);
}

static int sc_capture(const struct rn_ctx *ctx, struct rn_result *r)
{
	char pane_path[512], args[512], json[128], logdir[128];
	char *pane = NULL;
	time_t t0;
	int named;

	if (user_logdir(ctx, r, logdir, sizeof(logdir)))
		return 0;
	snprintf(json, sizeof(json), OUTDIR "/session-%s.json", mname(ctx));
	snprintf(pane_path, sizeof(pane_path), "%s/panes/capture.session-%s.ansi",
		 ctx->outdir, mname(ctx));
	/* no -i: the default-route probe picks the fixture's bridge */
	snprintf(args, sizeof(args), "-l debug --json-log %s", json);
	rn_sh(r, 10, NULL, "rm -f %s; ip route get 8.8.8.8", json);
	t0 = time(NULL);
	if (session(ctx, r, "capture", logdir, "", args, ctx->duration,
		    pane_path, &pane))
		goto cleanup;
	rn_sh(r, 10, NULL, "cat %s", pane_path);
	named = check_pane(r, pane, "stub.rnx.test",
			   ctx->rustnet_version >= rn_denied_list[0].since);
	if (r->verdict != RN_PASS)
		goto cleanup;
	if (named && !grep_file("\"destination_hostname\":\"tokyo-web.stub.rnx.test\"",
		       json) &&
	    !grep_file("\"destination_hostname\":\"saopaulo-web.stub.rnx.test\"",
		       json)) {
		rn_sh(r, 10, NULL, "head -c 4000 %s", json);
		rn_set(r, RN_FAIL, "JSON log has no *.stub.rnx.test host name");
		goto cleanup;
	}
	check_alive(r, json, t0, ctx->duration);
	if (r->verdict != RN_PASS)
		goto cleanup;
	check_packets(r, pane, ctx->duration);
	if (r->verdict != RN_PASS)
		goto cleanup;
	check_config(r, logdir, t0, pane_path);
	if (r->verdict != RN_PASS)
		goto cleanup;
	rn_set(r, RN_PASS,
		"ran %u s in rustnet_t; pane shows JP/BR%s; new connections logged and packets counted to the end; config.toml applied (theme and border colour); stderr and debug log clean but allow-listed lines",
		ctx->duration, named ? " and *.stub.rnx.test names" :
		", no host names (known-denied DNS fallback)");

cleanup:
	free(pane);
	return 0;
}

/* Reverse DNS with rustnet's own UDP 53 to the "external" resolver. */
static int sc_direct_dns(const struct rn_ctx *ctx, struct rn_result *r)
{
	char pane_path[512], args[512], json[128];
	char *pane = NULL;
	int rc;

	snprintf(json, sizeof(json), OUTDIR "/directdns-%s.json", mname(ctx));
	snprintf(pane_path, sizeof(pane_path),
		 "%s/panes/capture.direct_dns-%s.ansi", ctx->outdir,
		 mname(ctx));
	rc = rn_sh(r, 120, NULL, "setsebool rustnet_direct_dns on && "
		    "getsebool rustnet_direct_dns && "
		    "sh %s/guest/netfix.sh extdns on", ctx->bundle);
	if (rc != 0) {
		rn_set(r, RN_ERROR, "could not switch to the external resolver (%d)",
			rc);
		goto restore;
	}
	snprintf(args, sizeof(args), "-i rnx0 --json-log %s", json);
	rn_sh(r, 10, NULL, "rm -f %s", json);
	if (session(ctx, r, "directdns", OUTDIR, "", args, SHORT_S + 10,
		    pane_path, &pane))
		goto restore;
	check_pane(r, pane, "ext.rnx.test", 0);
	if (r->verdict == RN_PASS &&
	    !grep_file(".ext.rnx.test\"", json)) {
		rn_sh(r, 10, NULL, "head -c 4000 %s", json);
		rn_set(r, RN_FAIL, "JSON log has no *.ext.rnx.test host name");
	}
	if (r->verdict == RN_PASS)
		rn_set(r, RN_PASS,
			"rustnet_direct_dns on: names from the external resolver (*.ext.rnx.test)");

restore:
	rc = rn_sh(r, 120, NULL, "sh %s/guest/netfix.sh extdns off; "
		    "setsebool rustnet_direct_dns off && "
		    "getsebool rustnet_direct_dns", ctx->bundle);
	if (rc != 0 && r->verdict == RN_PASS)
		rn_set(r, RN_ERROR, "restoring resolver/boolean failed (%d)",
			rc);
	free(pane);
	return 0;
}

/* ------------------------------------------------------------- logs.cwd */

static int log_run(const struct rn_ctx *ctx, struct rn_result *r,
		   const char *cwd, const char *type)
{
	char logs[512], *out = NULL, path[512];
	int rc, ok = 0;

	/* logs/ is kept across runs: never remove it; find this run's
	 * file by a time marker instead */
	snprintf(logs, sizeof(logs), "%s/logs", cwd);
	rn_sh(r, 10, NULL, "touch /tmp/rnx-logmark && ls -ldZ %s %s",
	       cwd, logs);
	sleep(1);
	if (session(ctx, r, "logs", cwd, "", "-i rnx0 -l debug", SHORT_S / 2,
		    NULL, NULL))
		return 0;
	rc = rn_sh(r, 10, &out, "find %s -maxdepth 1 -name 'rustnet_*.log' "
		    "-newer /tmp/rnx-logmark | head -n 1", logs);
	if (rc != 0 || !out || !out[0]) {
		rn_sh(r, 10, NULL, "ls -lZa %s", logs);
		rn_set(r, RN_FAIL, "no new %s/rustnet_*.log written", logs);
		goto cleanup;
	}
	out[strcspn(out, "\n")] = '\0';
	snprintf(path, sizeof(path), "%s", out);
	rn_sh(r, 10, NULL, "ls -lZd %s %s; head -n 5 %s", logs, path,
	       path);
	if (!expect_label(r, logs, type) || !expect_label(r, path, type))
		goto cleanup;
	ok = 1;

cleanup:
	free(out);
	return ok;
}

static int sc_logs(const struct rn_ctx *ctx, struct rn_result *r)
{
	char tmpcwd[128], logdir[128];

	if (user_logdir(ctx, r, logdir, sizeof(logdir)))
		return 0;
	if (!log_run(ctx, r, logdir, "rustnet_log_t"))
		return 0;
	snprintf(tmpcwd, sizeof(tmpcwd), "/tmp/rnx-cwd-%s", mname(ctx));
	if (rn_sh(r, 10, NULL, "rm -rf %s && runuser -u %s -- mkdir %s && "
		   "ls -ldZ %s", tmpcwd, ctx->user, tmpcwd, tmpcwd) != 0)
		return rn_set(r, RN_ERROR, "cannot create %s", tmpcwd);
	if (!log_run(ctx, r, tmpcwd, "rustnet_tmp_t"))
		return 0;
	return rn_set(r, RN_PASS,
		       "-l debug wrote ./logs/rustnet_*.log as rustnet_log_t in %s"
		       " and rustnet_tmp_t in /tmp", logdir);
}

/* --------------------------------------------------------------- exports */

static int check_capture_file(struct rn_result *r, const char *path)
{
	struct rn_flow want;
	struct rn_pcap_stats st;
	char why[512];
	int ret;

	rn_flow_parse("198.18.1.10:80", IPPROTO_TCP, &want);
	ret = rn_pcap_check(path, &want, 1, &st, why, sizeof(why));
	rn_note(r, "%s: linktype %d, %lu packets, %lu IPv4 TCP/UDP, TCP 198.18.1.10:80 hits %lu",
		 path, st.linktype, st.packets, st.ipv4, want.hits);
	if (ret) {
		rn_set(r, RN_FAIL, "%s", why);
		return 0;
	}
	return 1;
}

static int sc_export_json(const struct rn_ctx *ctx, struct rn_result *r)
{
	char json[128], args[256];

	snprintf(json, sizeof(json), OUTDIR "/export-%s.json", mname(ctx));
	snprintf(args, sizeof(args), "-i rnx0 --json-log %s", json);
	rn_sh(r, 10, NULL, "rm -f %s", json);
	if (session(ctx, r, "json", OUTDIR, "", args, SHORT_S, NULL, NULL))
		return 0;
	rn_sh(r, 10, NULL, "ls -lZ %s; head -n 5 %s", json, json);
	if (!expect_label(r, json, "rustnet_tmp_t"))
		return 0;
	if (!grep_file("\"event\":\"new_connection\"", json) ||
	    !grep_file("\"destination_ip\":\"198.18.1.10\"", json))
		return rn_set(r, RN_FAIL,
			       "JSON log lacks new_connection events to 198.18.1.10");
	return rn_set(r, RN_PASS,
		       "--json-log written (rustnet_tmp_t) with the fixture's connections");
}

static int sc_export_pcap(const struct rn_ctx *ctx, struct rn_result *r)
{
	char pcap[128], side[160], args[256];

	snprintf(pcap, sizeof(pcap), OUTDIR "/export-%s.pcap", mname(ctx));
	snprintf(side, sizeof(side), "%s.connections.jsonl", pcap);
	snprintf(args, sizeof(args), "-i rnx0 --pcap-export %s", pcap);
	rn_sh(r, 10, NULL, "rm -f %s %s", pcap, side);
	if (session(ctx, r, "pcap", OUTDIR, "", args, SHORT_S, NULL, NULL))
		return 0;
	rn_sh(r, 10, NULL, "ls -lZ %s %s; head -n 3 %s", pcap, side, side);
	rn_sh(r, 30, NULL, "%s/bin/rnx-pcapcheck %s --expect-tcp 198.18.1.10:80",
	       ctx->bundle, pcap);
	if (!expect_label(r, pcap, "rustnet_tmp_t") ||
	    !expect_label(r, side, "rustnet_tmp_t") ||
	    !check_capture_file(r, pcap))
		return 0;
	return rn_set(r, RN_PASS,
		       "--pcap-export and its sidecar written (rustnet_tmp_t); libpcap reads TCP to 198.18.1.10:80");
}

static int sc_export_pcapng(const struct rn_ctx *ctx, struct rn_result *r)
{
	char pcap[128], args[256];

	snprintf(pcap, sizeof(pcap), OUTDIR "/export-%s.pcapng", mname(ctx));
	snprintf(args, sizeof(args), "-i rnx0 --pcapng-export %s", pcap);
	rn_sh(r, 10, NULL, "rm -f %s", pcap);
	if (session(ctx, r, "pcapng", OUTDIR, "", args, SHORT_S, NULL, NULL))
		return 0;
	rn_sh(r, 10, NULL, "ls -lZ %s", pcap);
	rn_sh(r, 30, NULL, "%s/bin/rnx-pcapcheck %s --expect-tcp 198.18.1.10:80",
	       ctx->bundle, pcap);
	if (!expect_label(r, pcap, "rustnet_tmp_t") ||
	    !check_capture_file(r, pcap))
		return 0;
	return rn_set(r, RN_PASS,
		       "--pcapng-export written (rustnet_tmp_t); libpcap reads TCP to 198.18.1.10:80");
}

/* ----------------------------------------------------------------- eBPF */

static int sc_ebpf(const struct rn_ctx *ctx, struct rn_result *r)
{
	char cwd[96], pane_path[512], args[320], json[128];
	char *pane = NULL, *log = NULL;
	int rc;

	snprintf(cwd, sizeof(cwd), "/tmp/rnx-ebpf-%s", mname(ctx));
	snprintf(json, sizeof(json), "%s/conn.json", cwd);
	snprintf(pane_path, sizeof(pane_path), "%s/panes/ebpf-%s.ansi",
		 ctx->outdir, mname(ctx));
	if (rn_sh(r, 10, NULL, "rm -rf %s && runuser -u %s -- mkdir %s",
		   cwd, ctx->user, cwd) != 0)
		return rn_set(r, RN_ERROR, "cannot create %s", cwd);
	snprintf(args, sizeof(args), "-i rnx0 -l debug --json-log %s", json);
	if (set_bool(r, "rustnet_use_ebpf", 1) != 0) {
		rn_set(r, RN_ERROR, "setsebool rustnet_use_ebpf on failed");
		goto cleanup;
	}
	if (session(ctx, r, "ebpf", cwd, "", args, SHORT_S, pane_path, &pane))
		goto cleanup;
	rc = rn_sh(r, 10, &log, "grep -h -i -E 'ebpf' %s/logs/rustnet_*.log | "
		    "head -n 40", cwd);
	if (rc != 0 || !log || !strstr(log, EBPF_MSG)) {
		rn_set(r, RN_FAIL, "debug log lacks \"" EBPF_MSG "\"");
		goto cleanup;
	}
	if (!pane || !strstr(pane, "curl")) {
		if (!grep_file("\"process_name\":\"curl\"", json)) {
			rn_sh(r, 10, NULL, "grep -F 198.18.1.10 %s | head -n 20",
			       json);
			rn_set(r, RN_FAIL,
				"no port-80 flow attributed to curl (pane and JSON log)");
			goto cleanup;
		}
		rn_note(r, "curl attribution seen in the JSON log, not the final pane");
	}
	rn_set(r, RN_PASS,
		"rustnet_use_ebpf on: eBPF tracker loaded in rustnet_t; short-lived curl flows attributed");

cleanup:
	if (set_bool(r, "rustnet_use_ebpf", 0) != 0 && r->verdict == RN_PASS)
		rn_set(r, RN_ERROR, "restoring rustnet_use_ebpf failed");
	free(pane);
	free(log);
	return 0;
}

/* -------------------------------------------------- other users' procs */

static int other_users(const struct rn_ctx *ctx, struct rn_result *r,
		       int on)
{
	char pane_path[512];
	char *pane = NULL;
	int rc, seen;

	snprintf(pane_path, sizeof(pane_path),
		 "%s/panes/attribution.other_users%s-%s.ansi", ctx->outdir,
		 on ? "" : "_off", mname(ctx));
	rc = rn_sh(r, 120, NULL, "setsebool rustnet_read_other_users %s && "
		    "getsebool rustnet_read_other_users; "
		    "ps -o user,pid,comm,args -C rnx-bobconn; "
		    "ss -tnp dst 198.18.2.10:7000", on ? "on" : "off");
	if (rc != 0) {
		rn_set(r, RN_ERROR, "setsebool failed (%d)", rc);
		goto restore;
	}
	/* bob's session predates rustnet, so eBPF never saw its connect():
	 * only the procfs path can attribute it, as root (--no-uid-drop). */
	if (session(ctx, r, on ? "other" : "otheroff", OUTDIR, "sudo ",
		    "-i rnx0 --no-uid-drop", SHORT_S, pane_path, &pane))
		goto restore;
	seen = pane && strstr(pane, "rnx-bobconn");
	rn_sh(r, 10, NULL, "grep -E 'rnx-bobconn|:7000' %s | "
	       "sed 's/\\x1b\\[[0-9;]*m//g' | head -n 10", pane_path);
	if (on) {
		if (!seen)
			rn_set(r, RN_FAIL,
				"bob's connection (rnx-bobconn) not attributed with rustnet_read_other_users on");
		else
			rn_set(r, RN_PASS,
				"bob's rnx-bobconn connection attributed with rustnet_read_other_users on");
	} else if (ctx->mode == RN_MODE_ENFORCING && seen) {
		rn_set(r, RN_FAIL,
			"bob's connection attributed in the enforcing pass with rustnet_read_other_users off: the boolean does not keep other users' processes hidden");
	} else if (ctx->mode == RN_MODE_PERMISSIVE && !seen) {
		rn_set(r, RN_FAIL,
			"bob's connection not attributed in the permissive pass: the gap is not caused by the policy (nothing to document)");
	} else {
		/* the core records a kept gap as GAP, never PASS */
		rn_set(r, RN_PASS,
			"as documented: with rustnet_read_other_users off bob's connection is %s in the %s pass",
			seen ? "attributed" : "not attributed", mname(ctx));
	}

restore:
	rc = rn_sh(r, 120, NULL, "setsebool rustnet_read_other_users off && "
		    "getsebool rustnet_read_other_users");
	if (rc != 0 && r->verdict == RN_PASS)
		rn_set(r, RN_ERROR, "restoring the boolean failed (%d)", rc);
	free(pane);
	return 0;
}

static int sc_other_on(const struct rn_ctx *ctx, struct rn_result *r)
{
	return other_users(ctx, r, 1);
}

static int sc_other_off(const struct rn_ctx *ctx, struct rn_result *r)
{
	return other_users(ctx, r, 0);
}

/* ----------------------------------------------------------------- sudo */

static int sc_sudo(const struct rn_ctx *ctx, struct rn_result *r)
{
	char json[128], pcap[128], args[320], *out = NULL;
	struct rn_session s;
	int rc;

	snprintf(json, sizeof(json), OUTDIR "/sudo-%s.json", mname(ctx));
	snprintf(pcap, sizeof(pcap), OUTDIR "/sudo-%s.pcap", mname(ctx));
	snprintf(args, sizeof(args), "-i rnx0 --json-log %s --pcap-export %s",
		 json, pcap);
	rn_sh(r, 10, NULL, "rm -f %s %s %s.connections.jsonl", json, pcap,
	       pcap);
	/* the exports go to the user's own directory: root needs DAC
	 * override there before the uid drop */
	if (set_bool(r, "rustnet_sudo_override_dac", 1) != 0)
		return rn_set(r, RN_ERROR,
			       "setsebool rustnet_sudo_override_dac on failed");
	/* the same resolver fallback as session() (core_denied.c) */
	if (ctx->rustnet_version >= rn_denied_list[0].since)
		r->known_denied |= RN_DENIED_DNS_FALLBACK;
	if (rn_session_start(r, &s, "sudo", ctx->user, OUTDIR, "sudo ", args))
		goto cleanup;
	if (rn_session_watch(&s, SHORT_S)) {
		rn_sh(r, 10, NULL, "cat %s", s.stderr_path);
		rn_session_stop(&s);
		rn_set(r, rn_sig_pending() ? RN_ERROR : RN_FAIL,
			"sudo rustnet stopped before %d s had passed",
			SHORT_S);
		goto cleanup;
	}
	rc = rn_sh(r, 10, &out, "ps -o user=,uid=,label= -p %d", (int)s.proc.pid);
	if (rc != 0 || !out || strncmp(out, ctx->user, strlen(ctx->user))) {
		rn_set(r, RN_FAIL, "rustnet under sudo did not drop to %s: %s",
			ctx->user, out ? out : "?");
		rn_session_stop(&s);
		goto cleanup;
	}
	rn_sh(r, 10, NULL, "grep -E '^(Uid|Gid|Cap)' /proc/%d/status",
	       (int)s.proc.pid);
	rc = rn_session_quit(r, &s);
	if (rc == 1 && ctx->rustnet_version >= 10700 &&
	    shutdown_timed_out(r, s.stderr_path))
		rc = 0;
	if (rc != 0) {
		rn_set(r, RN_FAIL, "rustnet did not quit cleanly (%d)", rc);
		goto cleanup;
	}
	if (check_diag(ctx, r, s.stderr_path, NULL, 0, 1))
		goto cleanup;
	free(out);
	out = NULL;
	rn_sh(r, 10, &out, "stat -c '%%U %%a %%C %%n' %s %s %s.connections.jsonl",
	       json, pcap, pcap);
	if (!out || strstr(out, "root ")) {
		rn_set(r, RN_FAIL, "exports not owned by %s: %s", ctx->user,
			out ? out : "?");
		goto cleanup;
	}
	if (!expect_label(r, json, "rustnet_tmp_t") ||
	    !expect_label(r, pcap, "rustnet_tmp_t") ||
	    !check_capture_file(r, pcap))
		goto cleanup;
	rn_set(r, RN_PASS,
		"sudo rustnet (rustnet_sudo_override_dac on) ran in rustnet_t, dropped to %s, exports owned by %s",
		ctx->user, ctx->user);

cleanup:
	if (set_bool(r, "rustnet_sudo_override_dac", 0) != 0 &&
	    r->verdict == RN_PASS)
		rn_set(r, RN_ERROR, "restoring rustnet_sudo_override_dac failed");
	free(out);
	return 0;
}

#define P  (1u << RN_MODE_PERMISSIVE)
#define E  (1u << RN_MODE_ENFORCING)
#define PE (P | E)

/* Sessions that run in the enforcing pass only with dontaudit off
 * (rn_sc_allowed_noda): dontaudit rules change what is logged, never
 * what is allowed, so the enforcing verdict is the same one and no
 * silent denial can hide in it. */
#define NODA " In the enforcing pass it runs with dontaudit off (semodule -DB): any rustnet_t record not on the known-harmless list fails it."
#define C_CAPTURE "rustnet captures as an unprivileged user with file capabilities in rustnet_t for the whole session, finds its interface with the route probe, shows GeoIP countries and reverse names through systemd-resolved, and quits cleanly."
#define C_JSON "--json-log writes connection events to a file in /tmp (rustnet_tmp_t)."
#define C_PCAP "--pcap-export writes a valid pcap with the generated flows and its .connections.jsonl sidecar."
#define C_PCAPNG "--pcapng-export writes a valid pcapng with the generated flows."
#define C_EBPF "With rustnet_use_ebpf on, the eBPF socket tracker loads in rustnet_t and attributes short-lived connections to their processes."
#define C_SUDO "With rustnet_sudo_override_dac on, sudo rustnet runs in rustnet_t, drops to the invoking user and writes its exports into that user's directory, owned by the user."

const struct rn_scenario rn_sc_allowed[] = {
	{ "help", "rustnet --help runs for an unprivileged user, in rustnet_t (the audit record of its exit names the subject).",
	  "allowed", RN_ALLOWED, PE, sc_help },
	{ "capture.session", C_CAPTURE NODA,
	  "allowed", RN_ALLOWED, P, sc_capture },
	{ "capture.direct_dns",
	  "With rustnet_direct_dns on and a resolv.conf resolver (hosts: files dns), rustnet resolves names itself.",
	  "allowed", RN_ALLOWED, PE, sc_direct_dns },
	{ "logs.cwd",
	  "-l debug writes ./logs/rustnet_*.log in the user's /var/log/rustnet/USER (rustnet_log_t) and in a /tmp directory (rustnet_tmp_t).",
	  "allowed", RN_ALLOWED, PE, sc_logs },
	{ "export.json", C_JSON NODA, "allowed", RN_ALLOWED, P, sc_export_json },
	{ "export.pcap", C_PCAP NODA, "allowed", RN_ALLOWED, P, sc_export_pcap },
	{ "export.pcapng", C_PCAPNG NODA,
	  "allowed", RN_ALLOWED, P, sc_export_pcapng },
	{ "ebpf", C_EBPF NODA, "allowed", RN_ALLOWED, P, sc_ebpf },
	{ "attribution.other_users",
	  "With rustnet_read_other_users on, root rustnet (--no-uid-drop) attributes another user's connection to its process.",
	  "allowed", RN_ALLOWED, PE, sc_other_on },
	{ "attribution.other_users_off",
	  "Known gap: with rustnet_read_other_users off, root rustnet (--no-uid-drop) leaves another user's connection unattributed in enforcing mode (the boolean's promise) and attributes it in permissive mode; anything else fails.",
	  "allowed", RN_GAP, PE, sc_other_off },
	{ "sudo", C_SUDO NODA, "allowed", RN_ALLOWED, P, sc_sudo },
	{ NULL },
};

const struct rn_scenario rn_sc_allowed_noda[] = {
	{ "capture.session", C_CAPTURE NODA,
	  "allowed", RN_ALLOWED, E, sc_capture },
	{ "export.json", C_JSON NODA, "allowed", RN_ALLOWED, E, sc_export_json },
	{ "export.pcap", C_PCAP NODA, "allowed", RN_ALLOWED, E, sc_export_pcap },
	{ "export.pcapng", C_PCAPNG NODA,
	  "allowed", RN_ALLOWED, E, sc_export_pcapng },
	{ "ebpf", C_EBPF NODA, "allowed", RN_ALLOWED, E, sc_ebpf },
	{ "sudo", C_SUDO NODA, "allowed", RN_ALLOWED, E, sc_sudo },
	{ NULL },
};
