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

static void put_time(struct rnx_json *w, const char *key, time_t t)
{
	char buf[32];

	iso_time(buf, sizeof(buf), t);
	rnx_json_str(w, key, t ? buf : NULL);
}

static void put_run(struct rnx_json *w, const struct rnx_meta *m)
{
	rnx_json_obj_begin(w, "run");
	put_time(w, "start", m->start);
	put_time(w, "end", m->end);
	rnx_json_str(w, "hostname", m->hostname);
	rnx_json_str(w, "kernel", m->kernel);
	rnx_json_str(w, "distro", m->distro);
	rnx_json_str(w, "sestatus", m->sestatus);
	rnx_json_str(w, "semodule", m->modules);
	rnx_json_str(w, "semodule_full", m->modules_full);
	rnx_json_str(w, "packages", m->packages);
	rnx_json_str(w, "rustnet_version", m->rustnet_version);
	rnx_json_str(w, "policy_build", m->policy_build);
	rnx_json_str(w, "policy_tree", m->policy_tree);
	rnx_json_str(w, "commit", m->commit);
	rnx_json_str(w, "argv", m->argv);
	rnx_json_str(w, "profile", m->profile);
	rnx_json_int(w, "duration", m->duration);
	rnx_json_obj_end(w);
}

static void put_expect(struct rnx_json *w, const struct rnx_record *rec)
{
	const struct rnx_expect *e = &rec->r.expect;

	rnx_json_obj_begin(w, "expect");
	rnx_json_str(w, "perm", e->perm);
	rnx_json_str(w, "tclass", e->tclass);
	rnx_json_str(w, "stype", e->stype);
	rnx_json_str(w, "ttype", e->ttype);
	rnx_json_int(w, "permissive", e->permissive);
	rnx_json_obj_end(w);
}

static void put_avcs(struct rnx_json *w, const struct rnx_record *rec)
{
	const struct rnx_avc_list *l = &rec->r.avcs;
	const struct rnx_expect *e = &rec->r.expect;
	char line[1024];
	size_t i;

	rnx_json_arr_begin(w, "avcs");
	for (i = 0; i < l->n; i++) {
		if (rnx_avc_format(&l->v[i], line, sizeof(line)) < 0)
			snprintf(line, sizeof(line), "(unformattable %s record serial %llu)",
				 l->v[i].type,
				 (unsigned long long)l->v[i].serial);
		rnx_json_str(w, NULL, line);
	}
	rnx_json_arr_end(w);
	if (rec->sc->kind != RNX_ATTACK)
		return;
	rnx_json_arr_begin(w, "matched_avcs");
	for (i = 0; i < l->n; i++) {
		if (!rnx_expect_exact(&l->v[i], e))
			continue;
		if (rnx_avc_format(&l->v[i], line, sizeof(line)) >= 0)
			rnx_json_str(w, NULL, line);
	}
	rnx_json_arr_end(w);
}

static void put_errno(struct rnx_json *w, const char *key, int v)
{
	if (v < 0)
		rnx_json_str(w, key, NULL);
	else
		rnx_json_int(w, key, v);
}

static void put_scenario(struct rnx_json *w, const struct rnx_record *rec)
{
	const struct rnx_result *r = &rec->r;
	size_t i;

	rnx_json_obj_begin(w, NULL);
	rnx_json_str(w, "id", rec->sc->id);
	rnx_json_str(w, "claim", rec->sc->claim);
	rnx_json_str(w, "section", rec->sc->section);
	rnx_json_str(w, "kind", rnx_kind_name(rec->sc->kind));
	rnx_json_str(w, "mode", rnx_mode_name(rec->mode));
	rnx_json_bool(w, "dontaudit_off", rec->dontaudit_off);
	rnx_json_str(w, "verdict", rnx_verdict_name(r->verdict));
	rnx_json_str(w, "reason", r->reason);
	rnx_json_int(w, "duration_s",
		     r->end >= r->start ? (long long)(r->end - r->start) : 0);
	put_time(w, "start", r->start);
	put_time(w, "end", r->end);
	put_expect(w, rec);
	put_errno(w, "expect_errno", r->expect_errno);
	put_errno(w, "observed_errno", r->observed_errno);
	rnx_json_int(w, "matched", (long long)r->matched);
	put_avcs(w, rec);
	rnx_json_str(w, "ausearch", rec->ausearch);
	rnx_json_arr_begin(w, "evidence");
	for (i = 0; i < r->nev; i++) {
		rnx_json_obj_begin(w, NULL);
		rnx_json_str(w, "cmd", r->ev[i].cmd);
		rnx_json_int(w, "rc", r->ev[i].rc);
		rnx_json_str(w, "output", r->ev[i].output);
		rnx_json_obj_end(w);
	}
	rnx_json_arr_end(w);
	rnx_json_str(w, "notes", r->notes);
	rnx_json_obj_end(w);
}

static void put_harmless(struct rnx_json *w)
{
	const struct rnx_harmless *h;

	rnx_json_arr_begin(w, "known_harmless");
	for (h = rnx_harmless_list; h->perms; h++) {
		rnx_json_obj_begin(w, NULL);
		rnx_json_str(w, "perms", h->perms);
		rnx_json_str(w, "tclass", h->tclass);
		rnx_json_str(w, "ttype", h->ttype);
		rnx_json_str(w, "behaviour", h->behaviour);
		rnx_json_str(w, "harmless", h->harmless);
		rnx_json_str(w, "rule", h->rule);
		rnx_json_obj_end(w);
	}
	rnx_json_arr_end(w);
}

static void put_status(struct rnx_json *w, const char *key,
		       const struct rnx_audit_status *s, int have)
{
	if (!have) {
		rnx_json_str(w, key, NULL);
		return;
	}
	rnx_json_obj_begin(w, key);
	rnx_json_int(w, "enabled", s->enabled);
	rnx_json_int(w, "pid", s->pid);
	rnx_json_int(w, "lost", s->lost);
	rnx_json_int(w, "backlog", s->backlog);
	rnx_json_int(w, "backlog_limit", s->backlog_limit);
	rnx_json_obj_end(w);
}

static void put_canary(struct rnx_json *w, const char *key, int v)
{
	if (v < 0)
		rnx_json_str(w, key, NULL);
	else
		rnx_json_bool(w, key, v);
}

static void put_audit(struct rnx_json *w, const struct rnx_audit_summary *a)
{
	rnx_json_obj_begin(w, "audit");
	put_status(w, "before", &a->before, a->have_before);
	put_status(w, "after", &a->after, a->have_after);
	if (a->have_before && a->have_after)
		rnx_json_int(w, "lost_delta",
			     (long long)a->after.lost - (long long)a->before.lost);
	else
		rnx_json_str(w, "lost_delta", NULL);
	rnx_json_obj_begin(w, "canary_found");
	put_canary(w, "permissive", a->canary[RNX_MODE_PERMISSIVE]);
	put_canary(w, "enforcing", a->canary[RNX_MODE_ENFORCING]);
	rnx_json_obj_end(w);
	rnx_json_bool(w, "dontaudit_pass", a->dontaudit_pass);
	rnx_json_str(w, "allowed_modules", a->allowed_modules);
	rnx_json_obj_end(w);
}

int rnx_results_write(const char *path, const struct rnx_meta *m,
		      const struct rnx_record *recs, size_t n,
		      const struct rnx_audit_summary *a)
{
	struct rnx_json w;
	char *buf = NULL;
	size_t len = 0, i;
	FILE *f;
	int ret;

	/* built in memory, then written as a whole: a reader (the host's
	 * copy, a report of a run cut short) sees the last complete file */
	f = open_memstream(&buf, &len);
	if (!f)
		return -errno;
	rnx_json_init(&w, f);
	rnx_json_obj_begin(&w, NULL);
	rnx_json_int(&w, "schema", 1);
	put_run(&w, m);
	rnx_json_arr_begin(&w, "scenarios");
	for (i = 0; i < n; i++)
		put_scenario(&w, &recs[i]);
	rnx_json_arr_end(&w);
	put_harmless(&w);
	put_audit(&w, a);
	rnx_json_obj_end(&w);
	ret = rnx_json_finish(&w);
	if (fclose(f) != 0 && !ret)
		ret = -errno;
	if (ret)
		goto cleanup;
	ret = rn_write_file_atomic(path, buf, len, 0644);
cleanup:
	free(buf);
	return ret;
}
