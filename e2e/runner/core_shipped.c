// SPDX-License-Identifier: MIT
/*
 * core_shipped.c - proof that the allowed-path windows judge the shipped
 * domain.  The test-only modules (policy/test) stay loaded for the whole
 * run; they must add no rule whose source is rustnet_t.
 *
 * reference (once per run, at the first check): copy the live module store, remove the test
 * modules from the copy, let semodule build that policy (-n: nothing is
 * loaded), and keep
 *	sesearch -A -T --allowxperm -s rustnet_t
 * on it, sorted.  check (before and after the allowed tables of each
 * pass): the same query on the kernel's loaded policy
 * (/sys/fs/selinux/policy) must print the same lines.  A difference is
 * FAIL, naming the first rule the loaded policy adds (or lacks): an
 * allowed path judged in that window could pass only by a rule a test
 * module supplies (issue 12's broken-on-purpose case b).  No reference,
 * or a comparison that cannot run, is ERROR.  The module list of the
 * window is kept for the report.
 *
 * sesearch on the loaded policy takes ~45 s under TCG, and most windows
 * see a policy an earlier window already compared: the same policy after
 * the allowed tables (booleans set and restored), or, in the fault
 * self-test's runs, the policies of the full run rebuilt from the same
 * store.  A comparison that matched records the SHA-256 of the loaded
 * policy (taken before and after sesearch, recorded only when both agree)
 * and the listing in SHIPPED_DIR; a later check whose loaded policy has a
 * recorded hash takes that listing (sesearch prints the same on the same
 * bytes) and diffs it against the reference again.  Any other hash, or no
 * hash, runs sesearch.  The record lives with the reference and goes with
 * it when the reference is rebuilt.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define SHIPPED_DIR	"/var/lib/rnx/shipped"
#define SHIPPED_STORE	SHIPPED_DIR "/root"
#define SHIPPED_RULES	SHIPPED_DIR "/rustnet_t-rules.shipped.txt"
#define RULES_QUERY	"sesearch -A -T --allowxperm -s rustnet_t"
/* hashes of loaded policies whose listing matched, and their listings */
#define SHIPPED_SEEN	SHIPPED_DIR "/matched.txt"
#define SHIPPED_LISTING	SHIPPED_DIR "/loaded-"

/* Build the reference; 0, or -1 with r ERROR. */
static int reference(const char *bundle, struct rn_result *r)
{
	char *mods = NULL;
	int rc;

	rc = rn_sh(r, 30, &mods,
		    "for f in %s/policy/test/*.te; do "
		    "[ -e \"$f\" ] && basename \"$f\" .te; done | "
		    "while read -r m; do semodule -l | grep -qx \"$m\" && "
		    "echo \"$m\"; done | tr '\\n' ' '", bundle);
	if (rc != 0) {
		free(mods);
		return rn_set(r, RN_ERROR,
			       "listing the loaded test modules failed (%d)",
			       rc);
	}
	/* @mods: the names of loaded modules, one word each, given to
	 * semodule -r as they are */
	rn_note(r, "test modules removed from the reference: %s",
		 mods && mods[0] ? mods : "(none loaded)");
	/* semodule runs in semanage_t: the copy's directories get the
	 * labels of the originals, or it may not create its final/ and
	 * tmp/ directories under /var/lib/rnx (var_lib_t) */
	/* the store copy is built like policy/tests/build-store.sh does;
	 * every step must succeed, or the reference could hold the test
	 * modules and prove nothing */
	rc = rn_sh(r, 1200, NULL,
		    "set -e; . /etc/selinux/config; T=$SELINUXTYPE; "
		    "rm -rf " SHIPPED_DIR "; "
		    "mkdir -p " SHIPPED_STORE "/etc/selinux "
		    SHIPPED_STORE "/var/lib/selinux; "
		    "cp -a /etc/selinux/$T /etc/selinux/semanage.conf "
		    "/etc/selinux/config " SHIPPED_STORE "/etc/selinux/; "
		    "cp -a /var/lib/selinux/$T " SHIPPED_STORE "/var/lib/selinux/; "
		    "chcon --reference=/etc/selinux " SHIPPED_STORE "/etc/selinux; "
		    "chcon --reference=/var/lib/selinux " SHIPPED_STORE
		    "/var/lib/selinux; "
		    "rm -f " SHIPPED_STORE "/etc/selinux/$T/policy/policy.*; "
		    "if [ -n %s ]; then semodule -p " SHIPPED_STORE " -s $T "
		    "-n -X 200 -r %-s 2>&1; else semodule -p " SHIPPED_STORE
		    " -s $T -n -B 2>&1; fi; "
		    "semodule -p " SHIPPED_STORE " -s $T -lfull | "
		    "grep -E 'rustnet|rnx_'; "
		    "! semodule -p " SHIPPED_STORE " -s $T -l | grep -q '^rnx_'; "
		    "P=$(ls " SHIPPED_STORE "/etc/selinux/$T/policy/policy.*); "
		    RULES_QUERY " \"$P\" | grep -v '^$' | sort > " SHIPPED_RULES "; "
		    "wc -l " SHIPPED_RULES "; "
		    "grep -q '^allow rustnet_t ' " SHIPPED_RULES,
		    mods ? mods : "", mods ? mods : "");
	free(mods);
	if (rc != 0) {
		rn_set(r, RN_ERROR,
			"building the shipped-only reference policy failed (%d)",
			rc);
		return -1;
	}
	return 0;
}

/* The loaded policy's rustnet_t rules into the window's listing, made by
 * @from (shell text: sesearch, or a recorded listing), and its diff
 * against the reference, counted ("rn-diff: added N removed M") and its
 * head in *@out.  Exit status: 0 same, 1 different, 2 no reference, 3 the
 * listing could not be made; or a negative errno. */
static int compare(struct rn_result *r, const char *outdir, const char *tag,
		   const char *from, char **out)
{
	return rn_sh(r, 300, out,
		      "[ -s " SHIPPED_RULES " ] || { echo 'no reference'; exit 2; }; "
		      "D=%s/shipped; L=$D/rustnet_t-rules.%s.txt; "
		      "mkdir -p \"$D\" && cp " SHIPPED_RULES " \"$D/\" && "
		      "%-s > \"$L\" && wc -l \"$L\" || exit 3; "
		      "diff -u --label shipped-only --label loaded " SHIPPED_RULES
		      " \"$L\" > \"$L.diff\"; d=$?; "
		      "echo \"rn-diff: added $(grep -c '^+[^+]' \"$L.diff\") "
		      "removed $(grep -c '^-[^-]' \"$L.diff\")\"; "
		      "head -n 40 \"$L.diff\"; [ $d -eq 0 ] || exit 1",
		      outdir, tag, from);
}

/* The first line of @diff that starts with @sign (a rule line of a
 * unified diff, not its header), without the sign, into @buf. */
static void first_rule(const char *diff, char sign, char *buf, size_t n)
{
	const char *p = diff;
	size_t len;

	buf[0] = '\0';
	while (p && *p) {
		len = strcspn(p, "\n");
		if (len > 1 && p[0] == sign && p[1] != sign) {
			snprintf(buf, n, "%.*s", (int)(len - 1), p + 1);
			return;
		}
		p += len;
		if (*p)
			p++;
	}
}

/* FAIL for a comparison that found a difference, from its output. */
static void differs(struct rn_result *r, const char *out)
{
	const char *c = out ? strstr(out, "rn-diff: ") : NULL;
	char add[200], del[200];
	int nadd = -1, ndel = -1;

	if (!c || sscanf(c, "rn-diff: added %d removed %d", &nadd, &ndel) != 2)
		nadd = ndel = -1;
	first_rule(out, '+', add, sizeof(add));
	first_rule(out, '-', del, sizeof(del));
	if (nadd > 0)
		rn_set(r, RN_FAIL,
			"the loaded policy gives rustnet_t %d rule(s) the shipped module alone does not (first: %s)%s%s%s: a test-only module widens the domain the allowed windows judge, so an allowed path there may pass only by a rule rustnet.pp lacks",
			nadd, add, ndel > 0 ? "; and lacks " : "",
			ndel > 0 ? del : "", ndel > 0 ? " (first of them)" : "");
	else if (ndel > 0)
		rn_set(r, RN_FAIL,
			"the loaded policy lacks %d rustnet_t rule(s) of the shipped module (first: %s): the allowed windows judge a domain other than the shipped one",
			ndel, del);
	else
		rn_set(r, RN_FAIL,
			"the rustnet_t rules of the loaded policy differ from those of the policy with only the shipped module (diff in the evidence): the allowed windows do not judge the shipped domain");
}

/* Record that the loaded policy @hex matched, with the window's listing;
 * a failure only costs later windows a sesearch. */
static void remember(struct rn_result *r, const char *outdir,
		     const char *tag, const char *hex)
{
	char info[160], when[32];
	int rc;

	rn_utc_stamp(when, sizeof(when));
	rc = rn_sh(r, 60, NULL, "cp %s/shipped/rustnet_t-rules.%s.txt "
		    SHIPPED_LISTING "%s.txt", outdir, tag, hex);
	snprintf(info, sizeof(info), "sesearch at %s, %s", tag, when);
	if (rc == 0)
		rc = rn_hashlist_add(SHIPPED_SEEN, hex, info);
	if (rc != 0)
		rn_note(r, "recording the matched policy's hash failed (%d): later checks run sesearch",
			 rc);
}

int rn_shipped_check(const char *bundle, const char *outdir,
		      const char *tag, struct rn_result *r, char **modules)
{
	static int tried;	/* this run tried to build the reference */
	char *mods = NULL, *out = NULL;
	char h0[RN_SHA256_HEX + 1], h1[RN_SHA256_HEX + 1];
	char seen[160] = "", from[256];
	int rc, hashed, found = 0;

	/* once per run, at the first check; --reuse-setup (the fault
	 * self-test after a full run) keeps one built earlier in this boot */
	if (!tried && !(rn_opt_reuse_setup &&
			rn_sh(r, 10, NULL, "wc -l " SHIPPED_RULES) == 0)) {
		tried = 1;
		if (reference(bundle, r))
			return 0;
	}

	rc = rn_sh(r, 120, &mods, "semodule -lfull | grep -E 'rustnet|rnx_'");
	if (rc == 0 && mods && modules && !*modules) {
		*modules = mods;
		mods = NULL;
	}
	free(mods);

	hashed = rn_polhash_loaded(r, h0) == 0;
	if (hashed)
		found = rn_hashlist_find(SHIPPED_SEEN, h0, seen, sizeof(seen));
	if (found < 0)
		rn_note(r, "reading " SHIPPED_SEEN " failed (%d): sesearch runs",
			 found);
	rc = -1;
	if (found == 1) {
		snprintf(from, sizeof(from), "cat " SHIPPED_LISTING "%s.txt",
			 h0);
		rc = compare(r, outdir, tag, from, &out);
		if (rc == 3)
			rn_note(r, "the recorded listing of this policy is unreadable: sesearch runs");
	}
	if (found != 1 || rc == 3) {
		found = 0;
		free(out);
		out = NULL;
		rc = compare(r, outdir, tag, RULES_QUERY " " RN_LOADED_POLICY
			     " | grep -v '^$' | sort", &out);
		/* the policy must not have changed under sesearch */
		if (rc == 0 && hashed && rn_polhash_loaded(r, h1) == 0 &&
		    !strcmp(h0, h1))
			remember(r, outdir, tag, h0);
	}
	if (rc < 0)
		rn_set(r, RN_ERROR, "the rule comparison could not run");
	else if (rc == 2)
		rn_set(r, RN_ERROR,
			"no shipped-only reference (building it failed at the first check of this run)");
	else if (rc == 1)
		differs(r, out);
	else if (rc != 0)
		rn_set(r, RN_ERROR, "sesearch on the loaded policy failed (%d)",
			rc);
	else if (found)
		rn_set(r, RN_PASS,
			"the loaded policy (sha256 %.16s...) is byte-identical to the one compared by %s, whose sesearch -A -T --allowxperm -s rustnet_t equals the policy with only the shipped module",
			h0, seen);
	else
		rn_set(r, RN_PASS,
			"sesearch -A -T --allowxperm -s rustnet_t on the loaded policy equals the policy with only the shipped module");
	free(out);
	return 0;
}
