// SPDX-License-Identifier: MIT
/*
 * core_verdict.c - the verdict of a scenario from the audit records of its
 * window, the overall verdict from all verdicts (one precedence rule) and
 * the process exit status.
 */
#include <stdio.h>
#include <string.h>

#include "core.h"

const char *rn_verdict_name(enum rn_verdict v)
{
	switch (v) {
	case RN_PASS:
		return "PASS";
	case RN_FAIL:
		return "FAIL";
	case RN_ERROR:
		return "ERROR";
	case RN_SKIP:
		return "SKIP";
	case RN_KNOWN_GAP:
		return "GAP";
	}
	return "?";
}

const char *rn_mode_name(enum rn_mode m)
{
	return m == RN_MODE_ENFORCING ? "enforcing" : "permissive";
}

const char *rn_kind_name(enum rn_kind k)
{
	switch (k) {
	case RN_ALLOWED:
		return "ALLOWED";
	case RN_ATTACK:
		return "ATTACK";
	case RN_GAP:
		return "GAP";
	case RN_META:
		return "META";
	}
	return "?";
}

/* 1 when @word is one of the space-separated words of @set. */
static int has_word(const char *set, const char *word, size_t wlen)
{
	const char *p = set;
	size_t n;

	while (*p) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n && n == wlen && !strncmp(p, word, n))
			return 1;
		p += n;
	}
	return 0;
}

/* 1 when every word of @a is in @b. */
static int words_in(const char *a, const char *b)
{
	const char *p = a;
	size_t n;

	while (*p) {
		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n && !has_word(b, p, n))
			return 0;
		p += n;
	}
	return 1;
}

int rn_perms_equal(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	return words_in(a, b) && words_in(b, a);
}

int rn_perms_subset(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	return words_in(a, b);
}

int rn_expect_exact(const struct rn_avc *a, const struct rn_expect *e)
{
	struct rn_avc_list one = { .v = (struct rn_avc *)a, .n = 1,
				    .cap = 1 };
	struct rn_expect any = *e;

	/* the library matches one permission word; the set is compared
	 * here */
	any.perm = NULL;
	if (!rn_avc_count_match(&one, &any))
		return 0;
	return !e->perm || !e->perm[0] || rn_perms_equal(a->perms, e->perm);
}

/* Records of rustnet_t that meet every field of @e but the permission
 * set: the expected denial with extra or other permissions. */
static size_t near_misses(const struct rn_avc_list *l,
			  const struct rn_expect *e, const struct rn_avc **first)
{
	struct rn_expect any = *e;
	struct rn_avc_list one;
	size_t i, n = 0;

	any.perm = NULL;
	*first = NULL;
	for (i = 0; i < l->n; i++) {
		one.v = &l->v[i];
		one.n = one.cap = 1;
		if (!rn_avc_count_match(&one, &any) ||
		    rn_expect_exact(&l->v[i], e))
			continue;
		if (!*first)
			*first = &l->v[i];
		n++;
	}
	return n;
}

static void decide_allowed(int dontaudit_off, struct rn_result *r)
{
	size_t i, n = 0, harmless = 0, denied = 0;
	unsigned int seen = 0;
	int h, d;

	for (i = 0; i < r->avcs.n; i++) {
		const struct rn_avc *a = &r->avcs.v[i];

		if (strcmp(a->stype, "rustnet_t"))
			continue;
		h = dontaudit_off ? rn_harmless_find(a) : -1;
		if (h >= 0) {
			harmless++;
			continue;
		}
		d = rn_denied_find(a, r->known_denied);
		if (d >= 0) {
			denied++;
			seen |= 1u << d;
			continue;
		}
		n++;
	}
	r->matched = n;
	if (harmless)
		rn_note(r, "%zu record(s) on the known-harmless list (dontaudit off)",
			 harmless);
	if (denied)
		rn_note(r, "%zu record(s) on the known-denied list", denied);
	if (n) {
		if (r->verdict == RN_FAIL) {
			rn_note(r, "also %zu AVC/USER_AVC/SELINUX_ERR record(s) with subject rustnet_t",
				 n);
			return;
		}
		rn_set(r, RN_FAIL,
			"%zu AVC/USER_AVC/SELINUX_ERR record(s) with subject rustnet_t in an allowed scenario%s",
			n, dontaudit_off ?
			" (dontaudit off), not on the known-harmless list" : "");
		return;
	}
	if (r->verdict != RN_PASS && r->verdict != RN_KNOWN_GAP)
		return;
	if (r->known_denied_required & ~seen) {
		rn_set(r, RN_FAIL,
			"the row depends on a known denial that did not happen (known-denied entries 0x%x expected, 0x%x seen): what is missing has another cause",
			r->known_denied_required, seen);
		return;
	}
	if (denied) {
		for (i = 0; rn_denied_list[i].perms; i++)
			if (seen & (1u << i))
				break;
		rn_set(r, RN_KNOWN_GAP,
			"%zu known-denied record(s) (%s %s, %s*): %s",
			denied, rn_denied_list[i].tclass,
			rn_denied_list[i].perms,
			rn_denied_list[i].comm_prefix,
			rn_denied_list[i].cost);
		return;
	}
	if (harmless && r->verdict == RN_PASS)
		snprintf(r->reason + strlen(r->reason),
			 sizeof(r->reason) - strlen(r->reason),
			 "%s%zu known-harmless record(s) with dontaudit off",
			 r->reason[0] ? "; " : "", harmless);
	if (r->gap[0] && r->verdict == RN_PASS) {
		rn_note(r, "otherwise: %s", r->reason);
		rn_set(r, RN_KNOWN_GAP, "%s", r->gap);
	}
}

static void decide_attack(enum rn_mode mode, struct rn_result *r)
{
	int want = mode == RN_MODE_PERMISSIVE ? 1 : 0;
	const struct rn_avc *miss;
	size_t i, nmiss;

	r->expect.permissive = want;
	r->matched = 0;
	for (i = 0; i < r->avcs.n; i++)
		r->matched += rn_expect_exact(&r->avcs.v[i], &r->expect);
	if (r->verdict == RN_FAIL)
		return;
	if (!r->matched) {
		nmiss = near_misses(&r->avcs, &r->expect, &miss);
		rn_set(r, RN_FAIL,
			"no record with exactly {%s} class=%s stype=%s ttype=%s permissive=%d in the window (%zu record(s) seen%s%s%s)",
			r->expect.perm ? r->expect.perm : "*",
			r->expect.tclass ? r->expect.tclass : "*",
			r->expect.stype ? r->expect.stype : "*",
			r->expect.ttype ? r->expect.ttype : "*", want,
			r->avcs.n, nmiss ? "; the same denial with {" : "",
			nmiss ? miss->perms : "", nmiss ? "}" : "");
		return;
	}
	if (mode != RN_MODE_ENFORCING) {
		if (!r->reason[0])
			snprintf(r->reason, sizeof(r->reason),
				 "%zu record(s) with exactly the expected permissions",
				 r->matched);
		return;
	}
	if (r->expect_errno == RN_ERRNO_NONE) {
		if (!r->observed_errno) {
			rn_set(r, RN_FAIL,
				"denial audited but the action succeeded");
			return;
		}
		if (!r->reason[0])
			snprintf(r->reason, sizeof(r->reason),
				 "%zu record(s) with exactly the expected permissions; the action failed (status %d); the program reports no errno, none compared",
				 r->matched, r->observed_errno);
		return;
	}
	if (r->observed_errno != r->expect_errno) {
		rn_set(r, RN_FAIL,
			"denial audited but the action returned %d, expected %d",
			r->observed_errno, r->expect_errno);
		return;
	}
	if (!r->reason[0])
		snprintf(r->reason, sizeof(r->reason),
			 "%zu record(s) with exactly the expected permissions, errno %d as expected",
			 r->matched, r->observed_errno);
}

void rn_unproven(enum rn_kind kind, struct rn_result *r, const char *what)
{
	if (r->verdict == RN_PASS || r->verdict == RN_KNOWN_GAP ||
	    (kind == RN_ATTACK && r->verdict == RN_FAIL)) {
		if (r->verdict != RN_PASS)
			rn_note(r, "would have been %s: %s",
				 rn_verdict_name(r->verdict), r->reason);
		rn_set(r, RN_ERROR, "%s", what);
		return;
	}
	rn_note(r, "%s", what);
}

/* A GAP row that says only DAC refused (r->gap_quiet_comm) while the
 * window holds a rustnet_t denial of that process: SELinux refused it as
 * well (Fedora's policy: { search } dir devpts_t before the pty's DAC), so
 * the documented limit was not what happened.  1 with r FAIL, else 0. */
static int gap_contradicted(struct rn_result *r)
{
	const struct rn_avc *a;
	size_t i;

	if (!r->gap_quiet_comm)
		return 0;
	for (i = 0; i < r->avcs.n; i++) {
		a = &r->avcs.v[i];
		if (strcmp(a->stype, "rustnet_t") ||
		    strcmp(a->result, "denied") ||
		    strcmp(a->comm, r->gap_quiet_comm))
			continue;
		rn_note(r, "otherwise: %s", r->reason);
		rn_set(r, RN_FAIL,
			"the documented limit is a refusal by DAC alone (no SELinux record), but the window holds {%s} class=%s ttype=%s from %s: SELinux refused it on this policy, so the gap did not happen as documented (update the row)",
			a->perms, a->tclass, a->ttype, a->comm);
		return 1;
	}
	return 0;
}

enum rn_kind rn_judged_kind(const struct rn_scenario *sc,
			    const struct rn_result *r)
{
	return sc->kind == RN_GAP && r->gap_as_attack ? RN_ATTACK : sc->kind;
}

void rn_decide(const struct rn_scenario *sc, enum rn_mode mode,
		int dontaudit_off, struct rn_result *r)
{
	enum rn_kind kind = rn_judged_kind(sc, r);

	if (r->verdict == RN_ERROR || r->verdict == RN_SKIP)
		return;
	/* an attack the scenario found open for a documented cause outside
	 * the policy (sc_attack.c says which) is that known limit: GAP,
	 * never PASS */
	if (kind == RN_ATTACK && r->verdict == RN_KNOWN_GAP)
		return;
	switch (kind) {
	case RN_ALLOWED:
		decide_allowed(dontaudit_off, r);
		break;
	case RN_ATTACK:
		decide_attack(mode, r);
		break;
	case RN_GAP:
		/* the scenario asserted the documented behaviour; a claim of
		 * "no SELinux record" is the window's to confirm */
		if (r->verdict == RN_PASS && !gap_contradicted(r))
			r->verdict = RN_KNOWN_GAP;
		break;
	case RN_META:
		break;
	}
}

/* An attacking process leaves more than its expected denial: in the
 * permissive pass it goes on (open after read, connect after create); in
 * both passes the kernel checks more than one capability for one call
 * (sys_admin after bpf, dac_override beside dac_read_search) and the
 * helper's failure message meets the policy too (seen in a guest run).
 * A record of the pid of a record that met the expectation exactly, in
 * the same window, is that attack's. */
static int follow_on(const struct rn_record *rec, const struct rn_avc *a)
{
	const struct rn_avc_list *l = &rec->r.avcs;
	size_t i;

	if (a->pid < 0)
		return 0;
	for (i = 0; i < l->n; i++)
		if (l->v[i].pid == a->pid &&
		    rn_expect_exact(&l->v[i], &rec->r.expect))
			return 1;
	return 0;
}

/* 1 when the window of @rec expected record @a (found in its list):
 * ALLOWED windows judged it (FAIL, or the known-harmless list), a GAP
 * documents it, the canary provokes it, an ATTACK expected exactly it (or
 * it comes from the process whose denial met that expectation). */
static int window_expected(const struct rn_record *rec,
			   const struct rn_avc *a)
{
	switch (rn_judged_kind(rec->sc, &rec->r)) {
	case RN_ALLOWED:
	case RN_GAP:
		return 1;
	case RN_ATTACK:
		return rn_expect_exact(a, &rec->r.expect) ||
		       follow_on(rec, a);
	case RN_META:
		return !strcmp(rec->sc->id, "pass.canary");
	}
	return 0;
}

static int same_record(const struct rn_avc *a, const struct rn_avc *b)
{
	return a->serial == b->serial && a->sec == b->sec &&
	       a->msec == b->msec && !strcmp(a->type, b->type) &&
	       !strcmp(a->perms, b->perms) && !strcmp(a->tclass, b->tclass) &&
	       !strcmp(a->tcontext, b->tcontext);
}

size_t rn_unaccounted(const struct rn_avc_list *all,
		       const struct rn_record *recs, size_t n,
		       void (*report)(const struct rn_avc *a, const char *why,
				      void *arg),
		       void *arg)
{
	size_t i, j, k, bad = 0;
	const char *why;

	for (i = 0; i < all->n; i++) {
		const struct rn_avc *a = &all->v[i];

		if (strcmp(a->stype, "rustnet_t"))
			continue;
		why = "outside every scenario window";
		for (j = 0; j < n && why; j++) {
			for (k = 0; k < recs[j].r.avcs.n; k++) {
				if (!same_record(a, &recs[j].r.avcs.v[k]))
					continue;
				if (window_expected(&recs[j], a))
					why = NULL;
				else
					why = recs[j].sc->id;
				break;
			}
		}
		if (!why)
			continue;
		bad++;
		if (report)
			report(a, why, arg);
	}
	return bad;
}

int rn_overall(const size_t n[RN_NVERDICTS], enum rn_verdict *v)
{
	static const enum rn_verdict order[] = {
		RN_FAIL, RN_ERROR, RN_KNOWN_GAP, RN_PASS, RN_SKIP,
	};
	size_t i;

	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (n[order[i]]) {
			*v = order[i];
			return 0;
		}
	}
	return -1;	/* nothing ran at all */
}

int rn_exit_status(const size_t n[RN_NVERDICTS])
{
	enum rn_verdict v;

	if (rn_overall(n, &v))
		return RN_EXIT_ERROR;
	switch (v) {
	case RN_FAIL:
		return RN_EXIT_FAIL;
	case RN_ERROR:
		return RN_EXIT_ERROR;
	case RN_SKIP:
		return RN_EXIT_SKIP;
	case RN_PASS:
	case RN_KNOWN_GAP:
		break;
	}
	return RN_EXIT_OK;
}
