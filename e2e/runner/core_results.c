// SPDX-License-Identifier: MIT
/*
 * core_results.c - write results.json (docs/results-schema.md).  The file
 * is written to PATH.tmp and renamed, so a reader never sees half a file;
 * the core rewrites it after every scenario.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"
#include "file.h"

static void iso_time(char *buf, size_t len, time_t t)
{
	struct tm tm;

	if (!t || !gmtime_r(&t, &tm)) {
		snprintf(buf, len, "%s", "");
		return;
	}
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void put_time(struct rn_json *w, const char *key, time_t t)
{
	char buf[32];

	iso_time(buf, sizeof(buf), t);
	rn_json_str(w, key, t ? buf : NULL);
}

static void put_run(struct rn_json *w, const struct rn_meta *m)
{
	rn_json_obj_begin(w, "run");
	put_time(w, "start", m->start);
	put_time(w, "end", m->end);
	rn_json_str(w, "hostname", m->hostname);
	rn_json_str(w, "kernel", m->kernel);
	rn_json_str(w, "distro", m->distro);
	rn_json_str(w, "sestatus", m->sestatus);
	rn_json_str(w, "semodule", m->modules);
	rn_json_str(w, "semodule_full", m->modules_full);
	rn_json_str(w, "packages", m->packages);
	rn_json_str(w, "rustnet_version", m->rustnet_version);
	rn_json_str(w, "policy_build", m->policy_build);
	rn_json_str(w, "policy_tree", m->policy_tree);
	rn_json_str(w, "commit", m->commit);
	rn_json_str(w, "argv", m->argv);
	rn_json_str(w, "profile", m->profile);
	rn_json_int(w, "duration", m->duration);
	rn_json_int(w, "permissive_duration", m->permissive_duration);
	rn_json_obj_end(w);
}

static void put_expect(struct rn_json *w, const struct rn_record *rec)
{
	const struct rn_expect *e = &rec->r.expect;

	rn_json_obj_begin(w, "expect");
	rn_json_str(w, "perm", e->perm);
	rn_json_str(w, "tclass", e->tclass);
	rn_json_str(w, "stype", e->stype);
	rn_json_str(w, "ttype", e->ttype);
	rn_json_int(w, "permissive", e->permissive);
	rn_json_obj_end(w);
}

static void put_avcs(struct rn_json *w, const struct rn_record *rec)
{
	const struct rn_avc_list *l = &rec->r.avcs;
	const struct rn_expect *e = &rec->r.expect;
	char line[1024];
	size_t i;

	rn_json_arr_begin(w, "avcs");
	for (i = 0; i < l->n; i++) {
		if (rn_avc_format(&l->v[i], line, sizeof(line)) < 0)
			snprintf(line, sizeof(line), "(unformattable %s record serial %llu)",
				 l->v[i].type,
				 (unsigned long long)l->v[i].serial);
		rn_json_str(w, NULL, line);
	}
	rn_json_arr_end(w);
	if (rn_judged_kind(rec->sc, &rec->r) != RN_ATTACK)
		return;
	rn_json_arr_begin(w, "matched_avcs");
	for (i = 0; i < l->n; i++) {
		if (!rn_expect_exact(&l->v[i], e))
			continue;
		if (rn_avc_format(&l->v[i], line, sizeof(line)) >= 0)
			rn_json_str(w, NULL, line);
	}
	rn_json_arr_end(w);
}

static void put_errno(struct rn_json *w, const char *key, int v)
{
	if (v < 0)
		rn_json_str(w, key, NULL);
	else
		rn_json_int(w, key, v);
}

static void put_scenario(struct rn_json *w, const struct rn_record *rec)
{
	const struct rn_result *r = &rec->r;
	size_t i;

	rn_json_obj_begin(w, NULL);
	rn_json_str(w, "id", rec->sc->id);
	rn_json_str(w, "claim", rec->sc->claim);
	rn_json_str(w, "section", rec->sc->section);
	rn_json_str(w, "kind", rn_kind_name(rec->sc->kind));
	rn_json_str(w, "mode", rn_mode_name(rec->mode));
	rn_json_bool(w, "dontaudit_off", rec->dontaudit_off);
	rn_json_str(w, "verdict", rn_verdict_name(r->verdict));
	rn_json_str(w, "reason", r->reason);
	rn_json_int(w, "duration_s",
		     r->end >= r->start ? (long long)(r->end - r->start) : 0);
	put_time(w, "start", r->start);
	put_time(w, "end", r->end);
	put_expect(w, rec);
	put_errno(w, "expect_errno", r->expect_errno);
	put_errno(w, "observed_errno", r->observed_errno);
	rn_json_int(w, "matched", (long long)r->matched);
	put_avcs(w, rec);
	rn_json_str(w, "ausearch", rec->ausearch);
	rn_json_arr_begin(w, "evidence");
	for (i = 0; i < r->nev; i++) {
		rn_json_obj_begin(w, NULL);
		rn_json_str(w, "cmd", r->ev[i].cmd);
		rn_json_int(w, "rc", r->ev[i].rc);
		rn_json_str(w, "output", r->ev[i].output);
		rn_json_obj_end(w);
	}
	rn_json_arr_end(w);
	rn_json_str(w, "notes", r->notes);
	rn_json_obj_end(w);
}

static void put_harmless(struct rn_json *w)
{
	const struct rn_harmless *h;

	rn_json_arr_begin(w, "known_harmless");
	for (h = rn_harmless_list; h->perms; h++) {
		rn_json_obj_begin(w, NULL);
		rn_json_str(w, "perms", h->perms);
		rn_json_str(w, "tclass", h->tclass);
		rn_json_str(w, "ttype", h->ttype);
		rn_json_str(w, "behaviour", h->behaviour);
		rn_json_str(w, "harmless", h->harmless);
		rn_json_str(w, "rule", h->rule);
		rn_json_obj_end(w);
	}
	rn_json_arr_end(w);
}

static void put_status(struct rn_json *w, const char *key,
		       const struct rn_audit_status *s, int have)
{
	if (!have) {
		rn_json_str(w, key, NULL);
		return;
	}
	rn_json_obj_begin(w, key);
	rn_json_int(w, "enabled", s->enabled);
	rn_json_int(w, "pid", s->pid);
	rn_json_int(w, "lost", s->lost);
	rn_json_int(w, "backlog", s->backlog);
	rn_json_int(w, "backlog_limit", s->backlog_limit);
	rn_json_obj_end(w);
}

static void put_canary(struct rn_json *w, const char *key, int v)
{
	if (v < 0)
		rn_json_str(w, key, NULL);
	else
		rn_json_bool(w, key, v);
}

static void put_audit(struct rn_json *w, const struct rn_audit_summary *a)
{
	rn_json_obj_begin(w, "audit");
	put_status(w, "before", &a->before, a->have_before);
	put_status(w, "after", &a->after, a->have_after);
	if (a->have_before && a->have_after)
		rn_json_int(w, "lost_delta",
			     (long long)a->after.lost - (long long)a->before.lost);
	else
		rn_json_str(w, "lost_delta", NULL);
	rn_json_obj_begin(w, "canary_found");
	put_canary(w, "permissive", a->canary[RN_MODE_PERMISSIVE]);
	put_canary(w, "enforcing", a->canary[RN_MODE_ENFORCING]);
	rn_json_obj_end(w);
	rn_json_bool(w, "dontaudit_pass", a->dontaudit_pass);
	rn_json_str(w, "allowed_modules", a->allowed_modules);
	rn_json_obj_end(w);
}

int rn_results_write(const char *path, const struct rn_meta *m,
		      const struct rn_record *recs, size_t n,
		      const struct rn_audit_summary *a)
{
	struct rn_json w;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;
	int ret;

	/* built in memory, then written as a whole: a reader (the host's
	 * copy, a report of a run cut short) sees the last complete file */
	f = open_memstream(&buf, &len);
	if (!f)
		return -errno;
	rn_json_init(&w, f);
	rn_json_obj_begin(&w, NULL);
	rn_json_int(&w, "schema", 1);
	put_run(&w, m);
	rn_json_arr_begin(&w, "scenarios");
	for (i = 0; i < n; i++)
		put_scenario(&w, &recs[i]);
	rn_json_arr_end(&w);
	put_harmless(&w);
	put_audit(&w, a);
	rn_json_obj_end(&w);
	ret = rn_json_finish(&w);
	if (fclose(f) != 0 && !ret)
		ret = -errno;
	if (ret)
		goto cleanup;
	ret = rn_write_file_atomic(path, buf, len, 0644);
cleanup:
	free(buf);
	return ret;
}
