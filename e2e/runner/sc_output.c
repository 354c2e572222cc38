// SPDX-License-Identifier: MIT
/*
 * sc_output.c - rustnet 1.7.0's anchored output opener, as the user meets
 * it: refusals that are rustnet's own (a group-writable output directory,
 * an output file of another user) and, under sudo, an existing output
 * file of the invoking user that is appended to and handed back 0600.
 *
 * What 1.7.0 does (rustnet-monitor 1.7.0 src/app/unix_output.rs and
 * src/app/output.rs, ../shared/docs/rustnet-runtime.md item 4): before
 * anything else it walks every directory from / to each output, and
 * refuses one that belongs to neither root, the euid nor SUDO_UID, or is
 * group- or world-writable without being root's and sticky; it then
 * opens the file without truncating it, refuses it unless it belongs to
 * the euid or SUDO_UID, and fchmods it 0600.  A refusal comes back from
 * main as an error: exit status 1 and the message on stderr.
 *
 * The runs are headless (`--headless --duration`): the TUI exits before
 * it looks at any output when stdout is not a terminal.  No reverse DNS
 * (--no-resolve-dns): these rows are about files.  Each run's domain is
 * read from the audit record of its exit (it may be gone before /proc
 * could be asked), as for `help`.  The core adds the assertion that no
 * rustnet_t record appeared: a refusal must be rustnet's, not SELinux's.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <pwd.h>
#include <selinux/selinux.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core.h"
#include "output_judge.h"
#include "shfmt.h"

#define OUT_S		10	/* --duration of a run that gets past the opener */
#define OUT_TIMEOUT	(OUT_S + 90)

/*
 * rustnet's own messages (unix_output.rs), asserted verbatim:
 * - a directory on the way that an untrusted user owns or may write to
 *   (group/world-writable, not root's and sticky) is refused as being
 *   "owned or writable by an untrusted user";
 * - an existing file that belongs to neither the euid nor SUDO_UID is
 *   refused as having "an untrusted owner".
 */
#define MSG_DIR		"output directory is owned or writable by an untrusted user"
#define MSG_OWNER	"output file has an untrusted owner"

static const char *mname(const struct rn_ctx *ctx)
{
	return rn_mode_name(ctx->mode);
}

/* The opener came with rustnet 1.7.0: 1 run, 0 SKIP set, -1 ERROR set. */
static int has_opener(const struct rn_ctx *ctx, struct rn_result *r)
{
	if (!ctx->rustnet_version) {
		rn_set(r, RN_ERROR, "the rustnet version under test is unknown");
		return -1;
	}
	if (ctx->rustnet_version < 10700) {
		rn_set(r, RN_SKIP,
			"rustnet %u.%u.%u has no anchored output opener (added in rustnet 1.7.0): not run",
			ctx->rustnet_version / 10000,
			ctx->rustnet_version / 100 % 100,
			ctx->rustnet_version % 100);
		return 0;
	}
	return 1;
}

/* A fresh directory of the user with @mode; 0, or -1 with r ERROR. */
static int user_dir(const struct rn_ctx *ctx, struct rn_result *r,
		    const char *dir, unsigned int mode)
{
	if (rn_sh(r, 10, NULL, "rm -rf %s && runuser -u %s -- mkdir -m %04o %s && ls -ldZ %s",
		   dir, ctx->user, mode, dir, dir) != 0) {
		rn_set(r, RN_ERROR, "cannot create %s", dir);
		return -1;
	}
	return 0;
}

/* The files of one row: the user's directory, the output in it, a root
 * reference copy in /run and the audit key, all per mode. */
struct out_paths {
	char dir[128], path[192], ref[128], key[64];
};

/*
 * The rustnet under test has the opener, then the row's names from
 * @stem and a fresh 0755 directory of the user.  1 to go on, else 0 with
 * r set (SKIP or ERROR).
 */
static int out_prepare(const struct rn_ctx *ctx, struct rn_result *r,
		       const char *stem, struct out_paths *p)
{
	if (has_opener(ctx, r) <= 0)
		return 0;
	snprintf(p->dir, sizeof(p->dir), "/tmp/rnx-out-%s-%s", stem, mname(ctx));
	snprintf(p->path, sizeof(p->path), "%s/events.json", p->dir);
	snprintf(p->ref, sizeof(p->ref), "/run/rnx-out-%s-%s.ref", stem,
		 mname(ctx));
	snprintf(p->key, sizeof(p->key), "rnx-out-%s-%s", stem, mname(ctx));
	return !user_dir(ctx, r, p->dir, 0755);
}

static int stat_of(const char *path, struct rn_out_stat *o)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	o->size = (long long)st.st_size;
	o->mode = st.st_mode & 07777;
	o->uid = (long)st.st_uid;
	return 0;
}

/*
 * Run `[sudo] rustnet --headless ... --json-log @path` as the user from
 * @dir (stdout and stderr to files there, opened by the user's shell),
 * with an audit rule keyed @key on rustnet's exit.  Returns rustnet's exit
 * status and its stderr in *err, or a negative errno (r ERROR).
 */
static int out_run(const struct rn_ctx *ctx, struct rn_result *r,
		   const char *key, const char *dir, const char *prefix,
		   const char *path, char **err)
{
	char *inner;
	int rc, status;

	*err = NULL;
	rc = rn_sh(r, 30, NULL, "auditctl -a always,exit -F arch=b64 "
		    "-S exit_group -F exe=/usr/bin/rustnet -k %s", key);
	if (rc != 0) {
		rn_set(r, RN_ERROR, "could not add the audit rule %s (%d)",
			key, rc);
		return -EIO;
	}
	/* the user's shell runs @inner; @prefix is shell text (sudo -n) */
	inner = rn_shfmt("cd %s && exec %-srustnet -i rnx0 --headless --duration %d --output json --no-resolve-dns --json-log %s >stdout 2>stderr",
			 dir, prefix, OUT_S, path);
	status = inner ? rn_sh(r, OUT_TIMEOUT, NULL,
				"runuser -u %s -- sh -c %s", ctx->user,
				inner) : -ENOMEM;
	free(inner);
	rn_sh(r, 30, NULL, "auditctl -d always,exit -F arch=b64 "
	       "-S exit_group -F exe=/usr/bin/rustnet -k %s", key);
	rn_sh(r, 10, err, "cat %s/stderr", dir);
	if (status < 0) {
		rn_set(r, status == -EINTR ? RN_ERROR : RN_FAIL,
			"%srustnet did not finish within %d s (%d)", prefix,
			OUT_TIMEOUT, status);
		return status == -EINTR ? -EINTR : -ETIMEDOUT;
	}
	return status;
}

/* Every exit recorded under @key ran in rustnet_t; 0, or r set. */
static int out_domain(struct rn_result *r, const char *key)
{
	char *subj = NULL, why[256];
	int rc;

	/* auditd may take a moment to write the record.  -sc exit_group:
	 * the event of `auditctl -a ... -k KEY` carries the key too (its
	 * CONFIG_CHANGE), with auditctl's own SYSCALL record (seen in the
	 * guest: subj ...:auditctl_t:...). */
	rn_sh(r, 30, &subj, "for i in 1 2 3 4 5 6 7 8 9 10; do "
	       "ausearch --input-logs -k %s -m SYSCALL -sc exit_group 2>/dev/null | "
	       "grep -o ' subj=[^ ]*' | grep . && exit 0; sleep 1; done; exit 1",
	       key);
	rc = rn_out_subjects(subj, why, sizeof(why));
	free(subj);
	if (rc == -ENOENT)
		rn_set(r, RN_ERROR, "%s (audit key %s)", why, key);
	else if (rc)
		rn_set(r, RN_FAIL, "%s", why);
	return rc;
}

/* ------------------------------------------------ refusals (a) and (b) */

/*
 * (a) The output directory is the user's, 0775 (group-writable): rustnet
 * must refuse it before it creates anything there.
 */
static int sc_refuse_dir(const struct rn_ctx *ctx, struct rn_result *r)
{
	char shared[160], path[192], why[256];
	struct out_paths p;
	char *err = NULL;
	struct stat st;
	int status;

	if (!out_prepare(ctx, r, "gw", &p))
		return 0;
	snprintf(shared, sizeof(shared), "%s/shared", p.dir);
	snprintf(path, sizeof(path), "%s/events.json", shared);
	if (user_dir(ctx, r, shared, 0775))
		return 0;
	status = out_run(ctx, r, p.key, p.dir, "", path, &err);
	if (status < 0)
		goto cleanup;
	if (rn_out_refused(status, err, MSG_DIR, path, why, sizeof(why))) {
		rn_set(r, RN_FAIL, "%s 0775 (the user's): %s", shared, why);
		goto cleanup;
	}
	if (lstat(path, &st) == 0 || errno != ENOENT) {
		rn_set(r, RN_FAIL, "%s exists after the refusal: rustnet created it before checking its directory",
			path);
		goto cleanup;
	}
	if (out_domain(r, p.key))
		goto cleanup;
	rn_set(r, RN_PASS,
		"rustnet --json-log %s refused the group-writable directory %s (0775, %s's) itself: exit 1, \"%s\", nothing created, in rustnet_t",
		path, shared, ctx->user, MSG_DIR);

cleanup:
	free(err);
	return 0;
}

/*
 * (b) The output file exists and belongs to the other user, in a
 * directory of the user, writable by the user (0666) so that the open
 * succeeds and the decision is rustnet's.  Its type is rustnet_tmp_t, the
 * type of a file rustnet made in /tmp (say one a run of the other user
 * left and an administrator moved): rustnet_t may open it, so a refusal
 * is not SELinux's; a user_tmp_t file rustnet_t may not open
 * (policy/README.md, "Not granted").
 */
static int sc_refuse_owner(const struct rn_ctx *ctx, struct rn_result *r)
{
	struct rn_out_stat before, after;
	const char *path;
	struct out_paths p;
	char *err = NULL, why[256];
	int status, same;

	if (!out_prepare(ctx, r, "owner", &p))
		return 0;
	path = p.path;
	if (rn_sh(r, 10, NULL, "printf '%%s was here\\n' %s > %s && "
		   "chown %s:%s %s && chmod 0666 %s && "
		   "chcon -t rustnet_tmp_t %s && cp -p %s %s && ls -lZ %s",
		   ctx->other_user, path, ctx->other_user, ctx->other_user,
		   path, path, path, path, p.ref, path) != 0 ||
	    stat_of(path, &before)) {
		rn_set(r, RN_ERROR, "cannot make %s's file %s", ctx->other_user,
			path);
		goto cleanup;
	}
	status = out_run(ctx, r, p.key, p.dir, "", path, &err);
	if (status < 0)
		goto cleanup;
	if (rn_out_refused(status, err, MSG_OWNER, path, why, sizeof(why))) {
		rn_set(r, RN_FAIL, "%s (%s's, 0666): %s", path,
			ctx->other_user, why);
		goto cleanup;
	}
	same = rn_sh(r, 10, NULL, "ls -lZ %s; cmp %s %s", path, path,
		      p.ref) == 0;
	if (stat_of(path, &after)) {
		rn_set(r, RN_FAIL, "%s is gone after the refusal", path);
		goto cleanup;
	}
	if (rn_out_untouched(&before, &after, same, why, sizeof(why))) {
		rn_set(r, RN_FAIL, "%s", why);
		goto cleanup;
	}
	if (out_domain(r, p.key))
		goto cleanup;
	rn_set(r, RN_PASS,
		"rustnet --json-log %s refused %s's file itself: exit 1, \"%s\", the file unchanged (%lld bytes, %04o), in rustnet_t",
		path, ctx->other_user, MSG_OWNER, after.size, after.mode);

cleanup:
	rn_sh(r, 10, NULL, "rm -f %s", p.ref);
	free(err);
	return 0;
}

/* ------------------------------------------- (c) sudo, the user's file */

/* setsebool @name @on; 0, or the command's status. */
static int set_bool(struct rn_result *r, const char *name, int on)
{
	return rn_sh(r, 120, NULL, "setsebool %s %s && getsebool %s", name,
		      on ? "on" : "off", name);
}

/* @path is of type rustnet_tmp_t; 1, else r FAIL and 0. */
static int is_rustnet_tmp(struct rn_result *r, const char *path)
{
	char *con = NULL;
	int ok;

	if (lgetfilecon(path, &con) < 0) {
		rn_set(r, RN_FAIL, "no label on %s: %s", path, strerror(errno));
		return 0;
	}
	ok = strstr(con, ":rustnet_tmp_t:") != NULL;
	if (!ok)
		rn_set(r, RN_FAIL, "%s is %s, expected rustnet_tmp_t", path, con);
	freecon(con);
	return ok;
}

/* One sudo run that must get past the opener and exit 0. */
static int sudo_ok(const struct rn_ctx *ctx, struct rn_result *r,
		   const char *key, const char *dir, const char *path,
		   const char *what)
{
	char *err = NULL, gap[200];
	int rc, status = out_run(ctx, r, key, dir, "sudo ", path, &err);

	if (status < 0) {
		free(err);
		return -1;
	}
	rc = rn_out_ran(status, err, gap, sizeof(gap));
	free(err);
	if (rc < 0) {
		rn_set(r, RN_FAIL, "sudo rustnet --json-log %s (%s) exited %d",
			path, what, status);
		return -1;
	}
	if (rc > 0) {
		/* GAP at best; the row's other checks are still judged */
		snprintf(r->gap, sizeof(r->gap), "sudo run (%s): %s", what, gap);
		rn_note(r, "%s", r->gap);
	}
	return 0;
}

/*
 * (c) Under sudo, an output file that already belongs to the invoking
 * user: the file the previous sudo run created and handed over, since
 * loosened to 0640.  root opens it before the uid drop
 * (rustnet_sudo_override_dac, as the `sudo` row), fchmods it 0600
 * (CAP_FOWNER, the 1.7.0 block of rustnet.te) and appends to it.
 */
static int sc_sudo_existing(const struct rn_ctx *ctx, struct rn_result *r)
{
	struct rn_out_stat before, after;
	struct passwd *pw;
	struct out_paths p;
	const char *path;
	char why[256];
	int same;

	pw = getpwnam(ctx->user);
	if (!pw)
		return rn_set(r, RN_ERROR, "no user %s", ctx->user);
	if (!out_prepare(ctx, r, "sudo", &p))
		return 0;
	path = p.path;
	if (set_bool(r, "rustnet_sudo_override_dac", 1) != 0)
		return rn_set(r, RN_ERROR,
			       "setsebool rustnet_sudo_override_dac on failed");
	/* the first run creates the file and hands it to the user */
	if (sudo_ok(ctx, r, p.key, p.dir, path, "new file"))
		goto cleanup;
	if (rn_sh(r, 10, NULL, "ls -lZ %s && chmod 0640 %s && cp %s %s",
		   path, path, path, p.ref) != 0 || stat_of(path, &before)) {
		rn_set(r, RN_FAIL, "the first sudo run left no %s", path);
		goto cleanup;
	}
	if (before.uid != (long)pw->pw_uid) {
		rn_set(r, RN_FAIL, "the first sudo run left %s to uid %ld, not %s",
			path, before.uid, ctx->user);
		goto cleanup;
	}
	if (sudo_ok(ctx, r, p.key, p.dir, path, "the user's existing file"))
		goto cleanup;
	same = rn_sh(r, 10, NULL, "ls -lZ %s; cmp -n %lld %s %s", path,
		      before.size, path, p.ref) == 0;
	if (stat_of(path, &after)) {
		rn_set(r, RN_FAIL, "%s is gone after the second run", path);
		goto cleanup;
	}
	if (rn_out_appended(&before, &after, same, (long)pw->pw_uid, why,
			     sizeof(why))) {
		rn_set(r, RN_FAIL, "%s (%s's, 0640 before): %s", path,
			ctx->user, why);
		goto cleanup;
	}
	if (!is_rustnet_tmp(r, path) || out_domain(r, p.key))
		goto cleanup;
	rn_set(r, RN_PASS,
		"sudo rustnet --json-log %s appended to %s's existing file (%lld -> %lld bytes, the old bytes kept), left it %s's and 0600 (was 0640), rustnet_tmp_t; both runs in rustnet_t",
		path, ctx->user, before.size, after.size, ctx->user);

cleanup:
	rn_sh(r, 10, NULL, "rm -f %s", p.ref);
	if (set_bool(r, "rustnet_sudo_override_dac", 0) != 0 &&
	    r->verdict == RN_PASS)
		rn_set(r, RN_ERROR, "restoring rustnet_sudo_override_dac failed");
	return 0;
}

#define PE ((1u << RN_MODE_PERMISSIVE) | (1u << RN_MODE_ENFORCING))

const struct rn_scenario rn_sc_output[] = {
	{ "output.refuse_group_writable",
	  "rustnet 1.7.0 refuses a --json-log output in a group-writable directory of the user (0775, not root's and sticky) with its own error and exit status 1, creates nothing there, and SELinux has no part in it (no rustnet_t record).",
	  "output", RN_ALLOWED, PE, sc_refuse_dir },
	{ "output.refuse_foreign_owner",
	  "rustnet 1.7.0 refuses an existing --json-log file of another user (writable by the user, of a type rustnet_t may open) with its own error and exit status 1, leaves it unchanged, and SELinux has no part in it (no rustnet_t record).",
	  "output", RN_ALLOWED, PE, sc_refuse_owner },
	{ "output.sudo_user_file",
	  "Under sudo (rustnet_sudo_override_dac on), rustnet 1.7.0 appends to an existing --json-log file of the invoking user, keeps its old content, leaves it the user's and 0600, in rustnet_t with no rustnet_t record.",
	  "output", RN_ALLOWED, PE, sc_sudo_existing },
	{ NULL },
};
