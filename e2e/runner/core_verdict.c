// SPDX-License-Identifier: MIT
/*
 * core_verdict.c - the verdict of a scenario from the audit records of its
 * window, and the process exit status from all verdicts.
 */
#include <stdio.h>
#include <string.h>

#include "core.h"

const char *rnx_verdict_name(enum rnx_verdict v)
{
	switch (v) {
	case RNX_PASS:
		return "PASS";
	case RNX_FAIL:
		return "FAIL";
	case RNX_ERROR:
		return "ERROR";
	case RNX_SKIP:
		return "SKIP";
	}
	return "?";
}

const char *rnx_mode_name(enum rnx_mode m)
{
	return m == RNX_MODE_ENFORCING ? "enforcing" : "permissive";
}

const char *rnx_kind_name(enum rnx_kind k)
{
	switch (k) {
	case RNX_ALLOWED:
		return "ALLOWED";
	case RNX_ATTACK:
		return "ATTACK";
	case RNX_GAP:
		return "GAP";
	case RNX_META:
		return "META";
	}
	return "?";
}

static void decide_allowed(struct rnx_result *r)
{
	size_t n = rnx_avc_count_subject(&r->avcs, "rustnet_t");

	r->matched = n;
	if (!n)
		return;
	if (r->verdict == RNX_FAIL) {
		rnx_note(r, "also %zu AVC/USER_AVC/SELINUX_ERR record(s) with subject rustnet_t",
			 n);
		return;
	}
	rnx_set(r, RNX_FAIL,
		"%zu AVC/USER_AVC/SELINUX_ERR record(s) with subject rustnet_t in an allowed scenario",
		n);
}

static void decide_attack(enum rnx_mode mode, struct rnx_result *r)
{
	int want = mode == RNX_MODE_PERMISSIVE ? 1 : 0;
	char why[256] = "";

	r->expect.permissive = want;
	r->matched = rnx_avc_count_match(&r->avcs, &r->expect);
	if (r->verdict == RNX_FAIL)
		return;
	if (!r->matched) {
		rnx_set(r, RNX_FAIL,
			"no record {%s} class=%s stype=%s ttype=%s permissive=%d in the window (%zu record(s) seen)",
			r->expect.perm ? r->expect.perm : "*",
			r->expect.tclass ? r->expect.tclass : "*",
			r->expect.stype ? r->expect.stype : "*",
			r->expect.ttype ? r->expect.ttype : "*", want,
			r->avcs.n);
		return;
	}
	if (mode == RNX_MODE_ENFORCING &&
	    r->observed_errno != r->expect_errno) {
		rnx_set(r, RNX_FAIL,
			"denial audited but the action returned %d, expected %d",
			r->observed_errno, r->expect_errno);
		return;
	}
	snprintf(why, sizeof(why), "%zu matching record(s)%s", r->matched,
		 mode == RNX_MODE_ENFORCING ? ", errno as expected" : "");
	if (!r->reason[0])
		snprintf(r->reason, sizeof(r->reason), "%s", why);
}

void rnx_decide(const struct rnx_scenario *sc, enum rnx_mode mode,
		struct rnx_result *r)
{
	if (r->verdict == RNX_ERROR || r->verdict == RNX_SKIP)
		return;
	switch (sc->kind) {
	case RNX_ALLOWED:
		decide_allowed(r);
		break;
	case RNX_ATTACK:
		decide_attack(mode, r);
		break;
	case RNX_GAP:
	case RNX_META:
		break;
	}
}

int rnx_exit_status(size_t npass, size_t nfail, size_t nerror, size_t nskip)
{
	if (nfail)
		return RNX_EXIT_FAIL;
	if (nerror)
		return RNX_EXIT_ERROR;
	if (!npass && nskip)
		return RNX_EXIT_SKIP;
	if (!npass)
		return RNX_EXIT_ERROR;	/* nothing ran at all */
	return RNX_EXIT_OK;
}
