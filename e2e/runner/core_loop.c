// SPDX-License-Identifier: MIT
/*
 * core_loop.c - run the catalogue: setup once, then the permissive pass and
 * the enforcing pass.  Each scenario runs inside an audit window; the core
 * decides ALLOWED/ATTACK verdicts, checks pipeline liveness, prints TAP and
 * rewrites results.json after every scenario.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalogue.h"
#include "core.h"
#include "core_loop.h"
#include "sig.h"

static const struct rn_scenario sc_mode = {
	.id = "pass.mode",
	.claim = "rustnet_t is in the state this pass expects (permissive or enforcing) in the loaded policy, with the system enforcing.",
	.section = "run",
	.kind = RN_META,
};

static const struct rn_scenario sc_canary = {
	.id = "pass.canary",
	.claim = "A deliberate rustnet_t denial is found by the extractor, so the audit pipeline of this pass is proven to see denials.",
	.section = "run",
	.kind = RN_META,
	.run = rn_canary,
};

static const struct rn_scenario sc_da_off = {
	.id = "pass.dontaudit_off",
	.claim = "dontaudit rules are disabled (semodule -DB) for the allowed sessions judged with dontaudit off and the attack and egress scenarios of the enforcing pass, so no denial is hidden.",
	.section = "run",
	.kind = RN_META,
};

static const struct rn_scenario sc_da_on = {
	.id = "pass.dontaudit_on",
	.claim = "dontaudit rules are restored (semodule -B) after the attack scenarios.",
	.section = "run",
	.kind = RN_META,
};

static const struct rn_scenario sc_shipped_begin = {
	.id = "pass.shipped_domain",
	.claim = "Before the allowed-path scenarios, the loaded policy gives rustnet_t exactly the rules (sesearch -A -T --allowxperm -s rustnet_t) of a policy with only the shipped module: the test-only modules widen nothing they judge.",
	.section = "run",
	.kind = RN_META,
};

static const struct rn_scenario sc_shipped_end = {
	.id = "pass.shipped_domain_end",
	.claim = "After the allowed-path scenarios, the loaded policy still gives rustnet_t exactly the shipped module's rules.",
	.section = "run",
	.kind = RN_META,
};

static const struct rn_scenario sc_account = {
	.id = "run.audit_accounting",
	.claim = "After the last window, every rustnet_t record of the run's audit log lies in a window that expected it, and the kernel lost no audit record during the run.",
	.section = "run",
	.kind = RN_META,
};

static const struct rn_scenario sc_missing = {
	.id = "catalogue.table",
	.claim = "Every scenario table of the catalogue is linked into this build.",
	.section = "run",
	.kind = RN_META,
};

static struct rn_record *rec_new(struct rn_loop *L,
				  const struct rn_scenario *sc,
				  enum rn_mode mode)
{
	struct rn_record *rec;

	if (L->nrecs == L->caprecs) {
		size_t ncap = L->caprecs ? L->caprecs * 2 : 64;
		struct rn_record *n = realloc(L->recs, ncap * sizeof(*n));

		if (!n)
			return NULL;
		L->recs = n;
		L->caprecs = ncap;
	}
	rec = &L->recs[L->nrecs++];
	memset(rec, 0, sizeof(*rec));
	rec->sc = sc;
	rec->mode = mode;
	rn_result_init(&rec->r);
	return rec;
}

static void rec_done(struct rn_loop *L, struct rn_record *rec)
{
	char line[1024];
	char id[256];
	int ret;

	snprintf(id, sizeof(id), "%s", rec->sc->id);
	if (rn_tap_format(line, sizeof(line), (unsigned int)L->nrecs,
			   rn_mode_name(rec->mode), id, rec->r.verdict,
			   rec->r.reason) == 0)
		printf("%s\n", line);
	else
		printf("not ok %zu - %s/%s # ERROR: TAP line too long\n",
		       L->nrecs, rn_mode_name(rec->mode), id);
	fflush(stdout);
	if ((unsigned int)rec->r.verdict < RN_NVERDICTS)
		L->n[rec->r.verdict]++;
	else
		L->n[RN_ERROR]++;
	ret = rn_results_write(L->results_path, L->meta, L->recs, L->nrecs,
				&L->audit);
	if (ret)
		fprintf(stderr, "rnx-e2e: writing %s: %s\n", L->results_path,
			strerror(-ret));
}

/* A scenario that is not run: recorded with a verdict and a reason. */
static void record_only(struct rn_loop *L, const struct rn_scenario *sc,
			enum rn_mode mode, enum rn_verdict v,
			const char *reason)
{
	struct rn_record *rec = rec_new(L, sc, mode);

	if (!rec) {
		L->n[RN_ERROR]++;
		return;
	}
	rn_set(&rec->r, v, "%s", reason);
	rec_done(L, rec);
}

static void canary_check(struct rn_loop *L, struct rn_record *rec)
{
	char why[512];
	int found = rn_canary_verify(&rec->r, why, sizeof(why));

	L->audit.canary[rec->mode] = found;
	if (rec->r.verdict != RN_PASS)
		return;
	if (found)
		rn_set(&rec->r, RN_PASS, "%s", why);
	else
		rn_set(&rec->r, RN_ERROR, "%s: this pass cannot prove anything",
			why);
}

/* <out>/window for the fault self-test; a failure to write it costs that
 * test its case (it never sees the window), not this scenario. */
static void winstate(struct rn_loop *L, int open, enum rn_mode mode,
		     const char *id)
{
	int ret = rn_winstate_write(L->ctx.outdir, open, rn_mode_name(mode),
				     id);

	if (ret < 0)
		fprintf(stderr, "rnx-e2e: writing %s/" RN_WINSTATE_FILE ": %s\n",
			L->ctx.outdir, strerror(-ret));
}

/*
 * Run one scenario inside an audit window.  @action overrides sc->run (for
 * the core's own steps).  Returns the record.
 */
static struct rn_record *run_one(struct rn_loop *L,
				  const struct rn_scenario *sc,
				  enum rn_mode mode,
				  int (*action)(struct rn_loop *L,
						struct rn_result *r))
{
	struct rn_ctx ctx = L->ctx;
	struct rn_window w;
	struct rn_record *rec;
	char why[512] = "";
	char live[256] = "";
	int ret, ok_window;

	rec = rec_new(L, sc, mode);
	if (!rec) {
		L->n[RN_ERROR]++;
		return NULL;
	}
	ctx.mode = mode;
	if (mode == RN_MODE_PERMISSIVE && L->permissive_duration)
		ctx.duration = L->permissive_duration;
	ctx.dontaudit_off = rn_dontaudit_is_off;
	rec->dontaudit_off = rn_dontaudit_is_off;
	fprintf(stderr, "rnx-e2e: %s/%s ...\n", rn_mode_name(mode), sc->id);
	ret = rn_window_open(&w, why, sizeof(why));
	if (ret) {
		rn_set(&rec->r, RN_ERROR, "%s", why);
		rec_done(L, rec);
		return rec;
	}
	winstate(L, 1, mode, sc->id);
	if (action)
		ret = action(L, &rec->r);
	else if (sc->run)
		ret = sc->run(&ctx, &rec->r);
	else
		ret = -ENOSYS;
	if (ret < 0 && rec->r.verdict != RN_ERROR &&
	    rec->r.verdict != RN_SKIP)
		rn_set(&rec->r, RN_ERROR, "scenario could not run: %s",
			strerror(-ret));
	if (rn_sig_pending() && rec->r.verdict == RN_PASS)
		rn_set(&rec->r, RN_ERROR, "interrupted by a signal");

	why[0] = '\0';
	ok_window = rn_window_close(&w, sc->id, &rec->r, &rec->ausearch,
				     why, sizeof(why)) == 0;
	winstate(L, 0, mode, sc->id);
	if (!ok_window) {
		rn_unproven(rn_judged_kind(sc, &rec->r), &rec->r, why);
	} else if (sc == &sc_canary) {
		canary_check(L, rec);
	} else {
		rn_decide(sc, mode, rn_dontaudit_is_off, &rec->r);
	}
	if (ok_window && rn_audit_live(&w.before, &w.after, live,
					 sizeof(live)) != 0) {
		snprintf(why, sizeof(why), "audit pipeline not live: %s", live);
		rn_unproven(rn_judged_kind(sc, &rec->r), &rec->r, why);
	}
	rec_done(L, rec);
	return rec;
}

static int act_mode(struct rn_loop *L, struct rn_result *r)
{
	return rn_mode_enter(L->cur_mode, r);
}

static int act_shipped_begin(struct rn_loop *L, struct rn_result *r)
{
	char tag[64];

	snprintf(tag, sizeof(tag), "%s-begin", rn_mode_name(L->cur_mode));
	return rn_shipped_check(L->ctx.bundle, L->ctx.outdir, tag, r,
				 &L->audit.allowed_modules);
}

static int act_shipped_end(struct rn_loop *L, struct rn_result *r)
{
	char tag[64];

	snprintf(tag, sizeof(tag), "%s-end", rn_mode_name(L->cur_mode));
	return rn_shipped_check(L->ctx.bundle, L->ctx.outdir, tag, r,
				 &L->audit.allowed_modules);
}

static int act_da_off(struct rn_loop *L, struct rn_result *r)
{
	char info[160];

	(void)L;
	/* checked again here: the policy may have changed since the start */
	if (rn_dontaudit_inherited &&
	    rn_dontaudit_found_off(r, info, sizeof(info)))
		return rn_set(r, RN_PASS,
			       "dontaudit rules already disabled: the loaded policy is byte-identical to the one %s loaded in this boot; not rebuilt",
			       info);
	if (rn_dontaudit_set(1, r))
		return rn_set(r, RN_ERROR, "semodule -DB failed");
	return rn_set(r, RN_PASS, "dontaudit rules disabled");
}

static int act_da_on(struct rn_loop *L, struct rn_result *r)
{
	(void)L;
	if (rn_dontaudit_left_off())
		return rn_set(r, RN_SKIP, "%s",
			       rn_dontaudit_inherited ?
			       "dontaudit rules were disabled before this run (--reuse-setup): left disabled for the run that disabled them to restore" :
			       "--keep-dontaudit-off: dontaudit rules left disabled, the caller restores them (semodule -B)");
	if (rn_dontaudit_set(0, r))
		return rn_set(r, RN_ERROR, "semodule -B failed");
	return rn_set(r, RN_PASS, "dontaudit rules restored");
}

/* @patterns: comma-separated fnmatch patterns; 1 when one matches @id. */
int rn_only_match(const char *patterns, const char *id)
{
	char buf[512], *p, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", patterns);
	for (p = strtok_r(buf, ",", &save); p; p = strtok_r(NULL, ",", &save))
		if (fnmatch(p, id, 0) == 0)
			return 1;
	return 0;
}

static int selected(const struct rn_loop *L, const struct rn_scenario *sc,
		    enum rn_mode mode)
{
	if (!(sc->modes & (1u << mode)))
		return 0;
	if (!(L->modes & (1u << mode)))
		return 0;
	return !L->only || rn_only_match(L->only, sc->id);
}

static int table_selected(const struct rn_loop *L, const struct rn_table *t,
			  enum rn_mode mode)
{
	const struct rn_scenario *sc;

	for (sc = t->sc; sc && sc->id; sc++)
		if (selected(L, sc, mode))
			return 1;
	return 0;
}

static void run_setup(struct rn_loop *L)
{
	const struct rn_scenario *sc;
	struct rn_record *rec;

	for (sc = rn_setup_table; sc && sc->id && !rn_sig_pending(); sc++) {
		if (L->setup_failed) {
			record_only(L, sc, RN_MODE_PERMISSIVE, RN_ERROR,
				    L->setup_why);
			continue;
		}
		rec = run_one(L, sc, RN_MODE_PERMISSIVE, NULL);
		if (!rec || rec->r.verdict == RN_PASS ||
		    rec->r.verdict == RN_SKIP)
			continue;
		L->setup_failed = 1;
		snprintf(L->setup_why, sizeof(L->setup_why),
			 "setup step %s did not pass: %.200s", sc->id,
			 rec ? rec->r.reason : "out of memory");
	}
	rn_meta_collect_late(L->meta);
}

static void run_tables(struct rn_loop *L, enum rn_mode mode,
		       const char *blocked)
{
	const struct rn_table *t;
	const struct rn_scenario *sc;
	struct rn_record *rec;
	char why[512];
	int in_allowed = 0, da_done = 0;

	for (t = rn_catalogue; t->name && !rn_sig_pending(); t++) {
		if (!t->sc) {
			if (L->only)
				continue;
			snprintf(why, sizeof(why),
				 "scenario table '%s' is not linked into this build",
				 t->name);
			record_only(L, &sc_missing, mode, RN_ERROR, why);
			continue;
		}
		if (!table_selected(L, t, mode))
			continue;
		if (!blocked && t->allowed && !in_allowed) {
			run_one(L, &sc_shipped_begin, mode, act_shipped_begin);
			in_allowed = 1;
		}
		if (!blocked && !t->allowed && in_allowed) {
			run_one(L, &sc_shipped_end, mode, act_shipped_end);
			in_allowed = 0;
		}
		if (t->dontaudit_off && mode == RN_MODE_ENFORCING &&
		    !da_done && !blocked) {
			da_done = 1;
			rec = run_one(L, &sc_da_off, mode, act_da_off);
			if (rec && rec->r.verdict == RN_PASS)
				L->audit.dontaudit_pass = 1;
			else
				blocked = "semodule -DB failed";
		}
		for (sc = t->sc; sc->id && !rn_sig_pending(); sc++) {
			if (!selected(L, sc, mode))
				continue;
			if (blocked)
				record_only(L, sc, mode, RN_ERROR, blocked);
			else
				run_one(L, sc, mode, NULL);
		}
	}
	if (in_allowed && !rn_sig_pending())
		run_one(L, &sc_shipped_end, mode, act_shipped_end);
	if (da_done && rn_dontaudit_is_off && !rn_sig_pending())
		run_one(L, &sc_da_on, mode, act_da_on);
}

static void run_pass(struct rn_loop *L, enum rn_mode mode)
{
	struct rn_record *rec;
	const char *blocked = NULL;
	char why[512];

	L->cur_mode = mode;
	if (L->setup_failed) {
		blocked = L->setup_why;
	} else {
		rec = run_one(L, &sc_mode, mode, act_mode);
		if (!rec || rec->r.verdict != RN_PASS) {
			snprintf(why, sizeof(why), "pass not entered: %.400s",
				 rec ? rec->r.reason : "out of memory");
			blocked = why;
		}
	}
	if (!blocked) {
		rec = run_one(L, &sc_canary, mode, NULL);
		if (!rec || rec->r.verdict != RN_PASS) {
			snprintf(why, sizeof(why), "canary failed: %.400s",
				 rec ? rec->r.reason : "out of memory");
			blocked = why;
		}
	}
	run_tables(L, mode, blocked);
	if (!blocked && !rn_sig_pending() &&
	    rn_mode_check(mode, why, sizeof(why)) != 0) {
		record_only(L, &sc_mode, mode, RN_ERROR, why);
	}
}

static void note_unaccounted(const struct rn_avc *a, const char *why,
			     void *arg)
{
	struct rn_result *r = arg;
	char line[768];

	if (rn_avc_format(a, line, sizeof(line)) < 0)
		snprintf(line, sizeof(line), "%s record serial %llu", a->type,
			 (unsigned long long)a->serial);
	rn_note(r, "not expected (%s): %s", why, line);
}

/* The run-wide check, outside any window: the whole run's records since
 * the runner started, and the kernel's lost counter over the run. */
static void run_accounting(struct rn_loop *L)
{
	struct rn_avc_list all = { 0 };
	struct rn_record *rec;
	struct rn_result *r;
	size_t bad = 0, n, i, own = 0;
	long long lost;
	int ret;

	rec = rec_new(L, &sc_account, L->cur_mode);
	if (!rec) {
		L->n[RN_ERROR]++;
		return;
	}
	r = &rec->r;
	r->start = L->meta->start;
	ret = rn_avc_extract(NULL, L->meta->start, 0, 0, &all, &bad);
	r->end = time(NULL);
	if (ret) {
		rn_set(r, RN_ERROR,
			"extracting the run's SELinux records failed: %s (%zu malformed)",
			strerror(-ret), bad);
		goto done;
	}
	for (i = 0; i < all.n; i++)
		own += !strcmp(all.v[i].stype, "rustnet_t");
	n = rn_unaccounted(&all, L->recs, L->nrecs - 1, note_unaccounted, r);
	if (!L->audit.have_before || !L->audit.have_after) {
		rn_set(r, RN_ERROR,
			"the kernel audit status of the run's start or end is unknown: lost records cannot be excluded");
		goto done;
	}
	lost = (long long)L->audit.after.lost - (long long)L->audit.before.lost;
	if (lost) {
		rn_set(r, RN_ERROR,
			"the kernel lost %lld audit record(s) during the run (lost %u -> %u)",
			lost, L->audit.before.lost, L->audit.after.lost);
		goto done;
	}
	if (n) {
		rn_set(r, RN_ERROR,
			"%zu of the run's %zu rustnet_t record(s) fell in no window that expected them (listed in the notes)",
			n, own);
		goto done;
	}
	rn_set(r, RN_PASS,
		"%zu rustnet_t record(s) in the run, each in a window that expected it; lost 0",
		own);
done:
	rn_avc_list_free(&all);
	rec_done(L, rec);
}

void rn_loop_run(struct rn_loop *L)
{
	char info[160];

	L->audit.canary[0] = L->audit.canary[1] = -1;
	L->audit.have_before =
		rn_audit_status_get(&L->audit.before) == 0;
	/* every window is recorded with the dontaudit state it ran in */
	if (rn_dontaudit_found_off(NULL, info, sizeof(info)))
		fprintf(stderr, "rnx-e2e: dontaudit already disabled (the loaded policy is the one %s loaded)\n",
			info);
	run_setup(L);
	if (!rn_sig_pending() && (L->modes & (1u << RN_MODE_PERMISSIVE)))
		run_pass(L, RN_MODE_PERMISSIVE);
	if (!rn_sig_pending() && (L->modes & (1u << RN_MODE_ENFORCING)))
		run_pass(L, RN_MODE_ENFORCING);
	if (rn_sig_pending())
		record_only(L, &sc_missing, L->cur_mode, RN_ERROR,
			    "run interrupted by a signal");
	L->audit.have_after = rn_audit_status_get(&L->audit.after) == 0;
	if (!rn_sig_pending())
		run_accounting(L);
}

void rn_loop_free(struct rn_loop *L)
{
	size_t i;

	for (i = 0; i < L->nrecs; i++) {
		rn_result_free(&L->recs[i].r);
		free(L->recs[i].ausearch);
	}
	free(L->recs);
	L->recs = NULL;
	free(L->audit.allowed_modules);
	L->audit.allowed_modules = NULL;
	L->nrecs = L->caprecs = 0;
}
