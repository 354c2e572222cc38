// SPDX-License-Identifier: MIT
/*
 * core_mode.c - the two passes: rustnet_t permissive (semanage permissive
 * -a) and enforcing (semanage permissive -d), checked against the loaded
 * policy; dontaudit off/on (semodule -DB / -B); the cleanup that restores
 * the system on every exit path.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <selinux/selinux.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

int rnx_dontaudit_is_off;
static char cleanup_bundle[4096];
static int cleanup_armed;
static int cleanup_registered;

/* Is rustnet_t a permissive type in the loaded policy?  With @r the
 * query is recorded as evidence. */
static int permissive_state(struct rnx_result *r, int *permissive, char *why,
			    size_t whylen)
{
	char *out = NULL, *line, *save = NULL;
	int rc;

	*permissive = 0;
	if (r)
		rc = rnx_run(r, 300, &out, "seinfo --permissive");
	else
		rc = rnx_run_quiet(300, &out, "seinfo --permissive");
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

int rnx_mode_permissive_state(int *permissive, char *why, size_t whylen)
{
	return permissive_state(NULL, permissive, why, whylen);
}

static int check_state(struct rnx_result *r, enum rnx_mode mode, char *why,
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
	if (perm != (mode == RNX_MODE_PERMISSIVE)) {
		snprintf(why, whylen,
			 "mode %s but rustnet_t is %s in the loaded policy",
			 rnx_mode_name(mode),
			 perm ? "permissive" : "not permissive");
		return -EINVAL;
	}
	return 0;
}

int rnx_mode_check(enum rnx_mode mode, char *why, size_t whylen)
{
	return check_state(NULL, mode, why, whylen);
}

int rnx_mode_enter(enum rnx_mode mode, struct rnx_result *r)
{
	int want = mode == RNX_MODE_PERMISSIVE;
	char why[256] = "";
	int perm, ret;

	ret = permissive_state(r, &perm, why, sizeof(why));
	if (ret)
		return rnx_set(r, RNX_ERROR, "%s", why);
	if (perm != want) {
		int rc = rnx_run(r, 600, NULL, "semanage permissive %s rustnet_t",
			     want ? "-a" : "-d");
		if (rc != 0)
			return rnx_set(r, RNX_ERROR,
				       "semanage permissive exited %d", rc);
		/* query the loaded policy again after the change */
		ret = check_state(r, mode, why, sizeof(why));
		if (ret)
			return rnx_set(r, RNX_ERROR, "%s", why);
	} else if (security_getenforce() != 1) {
		return rnx_set(r, RNX_ERROR,
			       "system not enforcing: boot with enforcing=1");
	}
	return rnx_set(r, RNX_PASS, "rustnet_t %s, system enforcing",
		       want ? "permissive" : "enforcing");
}

int rnx_dontaudit_set(int off, struct rnx_result *r)
{
	int rc = rnx_run(r, 900, NULL, off ? "semodule -DB" : "semodule -B");

	if (rc == 0)
		rnx_dontaudit_is_off = off;
	else if (off)
		rnx_dontaudit_is_off = 1;	/* unknown state: restore later */
	return rc == 0 ? 0 : (rc < 0 ? rc : -EIO);
}

void rnx_cleanup_run(void)
{
	char *out = NULL;

	if (!cleanup_armed)
		return;
	cleanup_armed = 0;
	if (rnx_dontaudit_is_off) {
		fprintf(stderr, "rnx-e2e: cleanup: semodule -B\n");
		if (rnx_run_quiet(900, &out, "semodule -B") != 0)
			fprintf(stderr, "rnx-e2e: cleanup: semodule -B failed: %s\n",
				out ? out : "");
		else
			rnx_dontaudit_is_off = 0;
		free(out);
		out = NULL;
	}
	fprintf(stderr, "rnx-e2e: cleanup: netfix down\n");
	if (rnx_run_quiet(120, &out, "sh '%s/guest/netfix.sh' down",
			  cleanup_bundle) != 0)
		fprintf(stderr, "rnx-e2e: cleanup: netfix down failed: %s\n",
			out ? out : "");
	free(out);
}

static void cleanup_atexit(void)
{
	rnx_interrupted = 0;	/* let the cleanup commands run */
	rnx_cleanup_run();
}

void rnx_cleanup_register(const char *bundle)
{
	snprintf(cleanup_bundle, sizeof(cleanup_bundle), "%s", bundle);
	if (!cleanup_registered && atexit(cleanup_atexit) == 0)
		cleanup_registered = 1;
	cleanup_armed = 1;
}
