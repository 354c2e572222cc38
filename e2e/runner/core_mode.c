// SPDX-License-Identifier: MIT
/*
 * core_mode.c - the two passes: rustnet_t permissive (semanage permissive
 * -a) and enforcing (semanage permissive -d), checked against the loaded
 * policy; dontaudit off/on (semodule -DB / -B); the cleanup that restores
 * the system on every exit path.
 *
 * Every policy `semodule -DB` loads is recorded by its SHA-256 in
 * DA_OFF_SEEN (under /run: this boot only).  A --reuse-setup run whose
 * loaded policy is listed there finds dontaudit already disabled (the
 * same bytes, no dontaudit rule): it neither rebuilds the policy nor
 * restores it (the run that disabled it, or its caller, restores it).
 * --keep-dontaudit-off leaves the rules disabled at the end for the
 * caller (the fault self-test: one -DB and one -B for its three runs).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <selinux/selinux.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core.h"
#include "sig.h"

#define DA_OFF_DIR	"/run/rnx"
#define DA_OFF_SEEN	DA_OFF_DIR "/dontaudit-off.txt"

int rn_dontaudit_is_off;
int rn_dontaudit_inherited;
int rn_opt_keep_dontaudit_off;
static char cleanup_bundle[4096];
static int cleanup_armed;
static int cleanup_registered;

/* Is rustnet_t a permissive type in the loaded policy?  With @r the
 * query is recorded as evidence. */
static int permissive_state(struct rn_result *r, int *permissive, char *why,
			    size_t whylen)
{
	char *out = NULL, *line, *save = NULL;
	int rc;

	*permissive = 0;
	if (r)
		rc = rn_sh(r, 300, &out, "seinfo --permissive");
	else
		rc = rn_sh_quiet(300, &out, "seinfo --permissive");
	if (rc != 0) {
		snprintf(why, whylen, "seinfo --permissive exited %d: %.200s",
			 rc, out ? out : "");
		free(out);
		return -EIO;
	}
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		line += strspn(line, " \t");
		if (!strcmp(line, "rustnet_t"))
			*permissive = 1;
	}
	free(out);
	return 0;
}

int rn_mode_permissive_state(int *permissive, char *why, size_t whylen)
{
	return permissive_state(NULL, permissive, why, whylen);
}

static int check_state(struct rn_result *r, enum rn_mode mode, char *why,
		       size_t whylen)
{
	int perm, ret, enf = security_getenforce();

	if (enf != 1) {
		snprintf(why, whylen,
			 "system not enforcing (getenforce=%d): boot with enforcing=1",
			 enf);
		return -EPERM;
	}
	ret = permissive_state(r, &perm, why, whylen);
	if (ret)
		return ret;
	if (perm != (mode == RN_MODE_PERMISSIVE)) {
		snprintf(why, whylen,
			 "mode %s but rustnet_t is %s in the loaded policy",
			 rn_mode_name(mode),
			 perm ? "permissive" : "not permissive");
		return -EINVAL;
	}
	return 0;
}

int rn_mode_check(enum rn_mode mode, char *why, size_t whylen)
{
	return check_state(NULL, mode, why, whylen);
}

int rn_mode_enter(enum rn_mode mode, struct rn_result *r)
{
	int want = mode == RN_MODE_PERMISSIVE;
	char why[256] = "";
	int perm, ret;

	ret = permissive_state(r, &perm, why, sizeof(why));
	if (ret)
		return rn_set(r, RN_ERROR, "%s", why);
	if (perm != want) {
		int rc = rn_sh(r, 600, NULL, "semanage permissive %s rustnet_t",
			     want ? "-a" : "-d");
		if (rc != 0)
			return rn_set(r, RN_ERROR,
				       "semanage permissive exited %d", rc);
		/* query the loaded policy again after the change */
		ret = check_state(r, mode, why, sizeof(why));
		if (ret)
			return rn_set(r, RN_ERROR, "%s", why);
	} else if (security_getenforce() != 1) {
		return rn_set(r, RN_ERROR,
			       "system not enforcing: boot with enforcing=1");
	}
	return rn_set(r, RN_PASS, "rustnet_t %s, system enforcing",
		       want ? "permissive" : "enforcing");
}

/* Record the policy semodule -DB just loaded; a failure only costs a
 * later --reuse-setup run its own semodule -DB. */
static void da_off_remember(struct rn_result *r)
{
	char hex[RN_SHA256_HEX + 1], info[64], when[32];
	int ret;

	rn_utc_stamp(when, sizeof(when));
	snprintf(info, sizeof(info), "semodule -DB at %s", when);
	ret = rn_polhash_loaded(r, hex);
	if (!ret && mkdir(DA_OFF_DIR, 0700) != 0 && errno != EEXIST)
		ret = -errno;
	if (!ret)
		ret = rn_hashlist_add(DA_OFF_SEEN, hex, info);
	if (ret)
		rn_note(r, "recording the dontaudit-off policy failed (%d)", ret);
}

int rn_dontaudit_set(int off, struct rn_result *r)
{
	int rc = rn_sh(r, 900, NULL, off ? "semodule -DB" : "semodule -B");

	if (rc == 0)
		rn_dontaudit_is_off = off;
	else if (off)
		rn_dontaudit_is_off = 1;	/* unknown state: restore later */
	if (rc == 0 && off)
		da_off_remember(r);
	rn_dontaudit_inherited = 0;	/* this run changed it: ours to restore */
	return rc == 0 ? 0 : (rc < 0 ? rc : -EIO);
}

int rn_dontaudit_found_off(struct rn_result *r, char *info, size_t infolen)
{
	char hex[RN_SHA256_HEX + 1], *out = NULL;
	int rc, found;

	if (!rn_opt_reuse_setup)
		return 0;
	if (r) {
		rc = rn_polhash_loaded(r, hex);
	} else {
		rc = rn_sh_quiet(120, &out, "sha256sum " RN_LOADED_POLICY);
		if (rc == 0)
			rc = rn_sha256_parse(out, hex);
		free(out);
	}
	if (rc != 0)
		return 0;
	found = rn_hashlist_find(DA_OFF_SEEN, hex, info, infolen);
	if (found != 1)
		return 0;
	rn_dontaudit_is_off = 1;
	rn_dontaudit_inherited = 1;
	return 1;
}

int rn_dontaudit_left_off(void)
{
	return rn_dontaudit_inherited || rn_opt_keep_dontaudit_off;
}

void rn_cleanup_run(void)
{
	char *out = NULL;

	if (!cleanup_armed)
		return;
	cleanup_armed = 0;
	if (rn_dontaudit_is_off && rn_dontaudit_left_off()) {
		fprintf(stderr, "rnx-e2e: cleanup: dontaudit left disabled (%s)\n",
			rn_dontaudit_inherited ?
			"it was disabled before this run" :
			"--keep-dontaudit-off");
	} else if (rn_dontaudit_is_off) {
		fprintf(stderr, "rnx-e2e: cleanup: semodule -B\n");
		if (rn_sh_quiet(900, &out, "semodule -B") != 0)
			fprintf(stderr, "rnx-e2e: cleanup: semodule -B failed: %s\n",
				out ? out : "");
		else
			rn_dontaudit_is_off = 0;
		free(out);
		out = NULL;
	}
	fprintf(stderr, "rnx-e2e: cleanup: netfix down\n");
	if (rn_sh_quiet(120, &out, "sh %s/guest/netfix.sh down",
			 cleanup_bundle) != 0)
		fprintf(stderr, "rnx-e2e: cleanup: netfix down failed: %s\n",
			out ? out : "");
	free(out);
}

static void cleanup_atexit(void)
{
	rn_sig_raise_flag(0);	/* let the cleanup commands run */
	rn_cleanup_run();
}

void rn_cleanup_register(const char *bundle)
{
	snprintf(cleanup_bundle, sizeof(cleanup_bundle), "%s", bundle);
	if (!cleanup_registered && atexit(cleanup_atexit) == 0)
		cleanup_registered = 1;
	cleanup_armed = 1;
}
