// SPDX-License-Identifier: MIT
/*
 * headless_json.c - parse rustnet 1.7.0's headless output with json-c,
 * check it field by field and cut out the asserted rows for the archive
 * (see headless_json.h).  Schema: rustnet-monitor
 * 1.7.0 src/headless/schema.rs, summarised in
 * ../shared/docs/rustnet-runtime.md ("Headless output").
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* memmem, asprintf */
#endif
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "headless_json.h"

/* json-c's forms of the evidence; PLAIN is serde_json's compact form */
#define EVIDENCE_PLAIN	(JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE)
#define EVIDENCE_PRETTY	(JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE)

static int fail(char *why, size_t whylen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int fail(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Member @key of @obj with json type @type; NULL when absent or another
 * type (json_type_null: present and null). */
static struct json_object *member(struct json_object *obj, const char *key,
				  enum json_type type)
{
	struct json_object *v = NULL;

	if (!obj || !json_object_is_type(obj, json_type_object))
		return NULL;
	if (!json_object_object_get_ex(obj, key, &v))
		return NULL;
	if (type == json_type_null)
		return v ? NULL : obj;	/* present and null: non-NULL marker */
	if (!v || !json_object_is_type(v, type))
		return NULL;
	return v;
}

static int has_key(struct json_object *obj, const char *key)
{
	return obj && json_object_is_type(obj, json_type_object) &&
	       json_object_object_get_ex(obj, key, NULL);
}

static const char *str_member(struct json_object *obj, const char *key)
{
	struct json_object *v = member(obj, key, json_type_string);

	return v ? json_object_get_string(v) : NULL;
}

/* Integer member; 0 and *val set when present as an int. */
static int int_member(struct json_object *obj, const char *key,
		      long long *val)
{
	struct json_object *v = member(obj, key, json_type_int);

	if (!v)
		return -1;
	*val = json_object_get_int64(v);
	return 0;
}

static int bool_member(struct json_object *obj, const char *key, int *val)
{
	struct json_object *v = member(obj, key, json_type_boolean);

	if (!v)
		return -1;
	*val = json_object_get_boolean(v);
	return 0;
}

/* Envelope members every record carries, in the serializer's order. */
static const char *const envelope_keys[] = {
	"schema_version", "type", "timestamp", "runtime", "sandbox", "stats",
	"filter", "connection_count", "connections", NULL
};

static int check_envelope(struct json_object *rec, size_t line, char *why,
			  size_t whylen)
{
	const char *type, *ts;
	long long ver;
	size_t i;

	if (!json_object_is_type(rec, json_type_object))
		return fail(why, whylen, "record %zu is not a JSON object", line);
	for (i = 0; envelope_keys[i]; i++)
		if (!has_key(rec, envelope_keys[i]))
			return fail(why, whylen, "record %zu has no \"%s\"",
				    line, envelope_keys[i]);
	if (int_member(rec, "schema_version", &ver) || ver != 1)
		return fail(why, whylen, "record %zu: schema_version is not 1",
			    line);
	type = str_member(rec, "type");
	if (!type || strcmp(type, "snapshot"))
		return fail(why, whylen, "record %zu: type is not \"snapshot\"",
			    line);
	ts = str_member(rec, "timestamp");
	/* RFC 3339 with milliseconds and Z: 2026-10-07T09:15:02.512Z */
	if (!ts || strlen(ts) != 24 || ts[10] != 'T' || ts[23] != 'Z')
		return fail(why, whylen, "record %zu: timestamp \"%s\" is not RFC 3339 UTC with ms",
			    line, ts ? ts : "(none)");
	if (!member(rec, "runtime", json_type_object) ||
	    !member(rec, "sandbox", json_type_object) ||
	    !member(rec, "stats", json_type_object) ||
	    !member(rec, "connections", json_type_array))
		return fail(why, whylen, "record %zu: runtime/sandbox/stats/connections of the wrong type",
			    line);
	return 0;
}

void rn_hl_free(struct rn_hl_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->n; i++)
		json_object_put(doc->recs[i]);
	free(doc->recs);
	doc->recs = NULL;
	doc->n = 0;
}

static int add_record(struct rn_hl_doc *doc, struct json_object *rec)
{
	struct json_object **t;

	t = realloc(doc->recs, (doc->n + 1) * sizeof(*t));
	if (!t)
		return -ENOMEM;
	doc->recs = t;
	doc->recs[doc->n++] = rec;
	return 0;
}

int rn_hl_parse(const char *text, size_t len, int jsonl,
		 struct rn_hl_doc *doc, char *why, size_t whylen)
{
	struct json_tokener *tok = NULL;
	struct json_object *rec;
	const char *p = text, *end = text + len, *nl;
	long long gen, last_gen = -1;
	int ret = 0;

	doc->recs = NULL;
	doc->n = 0;
	snprintf(why, whylen, "%s", "");
	tok = json_tokener_new();
	if (!tok) {
		ret = -ENOMEM;
		goto cleanup;
	}
	while (p < end) {
		nl = memchr(p, '\n', end - p);
		if (!nl) {
			ret = fail(why, whylen, "record %zu is not terminated by a newline",
				   doc->n + 1);
			goto cleanup;
		}
		json_tokener_reset(tok);
		rec = json_tokener_parse_ex(tok, p, nl - p);
		if (!rec || json_tokener_get_parse_end(tok) != (size_t)(nl - p)) {
			json_object_put(rec);
			ret = fail(why, whylen, "line %zu is not one JSON value (%s)",
				   doc->n + 1,
				   json_tokener_error_desc(json_tokener_get_error(tok)));
			goto cleanup;
		}
		ret = add_record(doc, rec);
		if (ret) {
			json_object_put(rec);
			goto cleanup;
		}
		ret = check_envelope(rec, doc->n, why, whylen);
		if (ret)
			goto cleanup;
		if (int_member(member(rec, "runtime", json_type_object),
			       "snapshot_generation", &gen) || gen < last_gen) {
			ret = fail(why, whylen, "record %zu: snapshot_generation missing or going down",
				   doc->n);
			goto cleanup;
		}
		last_gen = gen;
		p = nl + 1;
	}
	if (!doc->n)
		ret = fail(why, whylen, "no records on stdout");
	else if (!jsonl && doc->n != 1)
		ret = fail(why, whylen, "--output json wrote %zu records, expected 1",
			   doc->n);

cleanup:
	if (ret)
		rn_hl_free(doc);
	if (tok)
		json_tokener_free(tok);
	return ret;
}

struct json_object *rn_hl_terminal(const struct rn_hl_doc *doc)
{
	return doc->n ? doc->recs[doc->n - 1] : NULL;
}

static int expect_str(struct json_object *obj, const char *key,
		      const char *want, const char *where, char *why,
		      size_t whylen)
{
	const char *got = str_member(obj, key);

	if (!got || strcmp(got, want))
		return fail(why, whylen, "%s.%s is \"%s\", expected \"%s\"",
			    where, key, got ? got : "(missing)", want);
	return 0;
}

static int expect_bool(struct json_object *obj, const char *key, int want,
		       const char *where, char *why, size_t whylen)
{
	int got;

	if (bool_member(obj, key, &got))
		return fail(why, whylen, "%s.%s is not a boolean", where, key);
	if (got != want)
		return fail(why, whylen, "%s.%s is %s, expected %s", where,
			    key, got ? "true" : "false",
			    want ? "true" : "false");
	return 0;
}

static int expect_int(struct json_object *obj, const char *key,
		      long long want, const char *where, char *why,
		      size_t whylen)
{
	long long got;

	if (int_member(obj, key, &got))
		return fail(why, whylen, "%s.%s is not an integer", where, key);
	if (got != want)
		return fail(why, whylen, "%s.%s is %lld, expected %lld", where,
			    key, got, want);
	return 0;
}

static int expect_positive(struct json_object *obj, const char *key,
			   const char *where, char *why, size_t whylen)
{
	long long got;

	if (int_member(obj, key, &got) || got <= 0)
		return fail(why, whylen, "%s.%s is not a positive integer",
			    where, key);
	return 0;
}

static int check_runtime(struct json_object *rt,
			 const struct rn_hl_expect *e, char *why,
			 size_t whylen)
{
	struct json_object *pd, *sd;
	long long late = 0;
	int ret, failed;

	sd = member(rt, "shutdown", json_type_object);
	failed = e->timeouts_ok && sd &&
		 !int_member(sd, "timed_out_workers", &late) && late > 0;
	ret = expect_str(rt, "status", failed ? "stopping" : "stopped",
			 "runtime", why, whylen);
	if (!ret)
		ret = expect_str(rt, "termination_reason",
				 failed ? "runtime_failed" : "duration_elapsed",
				 "runtime", why, whylen);
	if (!ret)
		ret = expect_str(rt, "capture_status", "healthy", "runtime",
				 why, whylen);
	if (!ret && !member(rt, "capture_error", json_type_null))
		ret = fail(why, whylen, "runtime.capture_error is not null");
	if (!ret)
		ret = expect_str(rt, "interface", e->interface, "runtime", why,
				 whylen);
	if (ret)
		return ret;
	if (!sd)
		return fail(why, whylen, "runtime.shutdown is not an object in the terminal record");
	ret = expect_int(sd, "panicked_workers", 0, "runtime.shutdown", why,
			 whylen);
	if (!ret && !failed)
		ret = expect_int(sd, "timed_out_workers", 0, "runtime.shutdown",
				 why, whylen);
	if (!ret)
		ret = expect_int(sd, "output_errors", 0, "runtime.shutdown", why,
				 whylen);
	if (!ret)
		ret = expect_positive(sd, "joined_workers", "runtime.shutdown",
				      why, whylen);
	if (ret)
		return ret;
	pd = member(rt, "process_detection", json_type_object);
	if (!pd)
		return fail(why, whylen, "runtime.process_detection is not an object");
	ret = expect_str(pd, "method", e->method, "process_detection", why,
			 whylen);
	if (!ret)
		ret = expect_bool(pd, "degraded", e->degraded,
				  "process_detection", why, whylen);
	return ret;
}

static int check_sandbox(struct json_object *sb,
			 const struct rn_hl_expect *e, char *why,
			 size_t whylen)
{
	const char *st = str_member(sb, "status");
	int ret;

	if (!st || (strcmp(st, "fully_enforced") &&
		    strcmp(st, "partially_enforced")))
		return fail(why, whylen, "sandbox.status is \"%s\", expected fully_enforced or partially_enforced",
			    st ? st : "(missing)");
	if (!str_member(sb, "message"))
		return fail(why, whylen, "sandbox.message is not a string");
	ret = expect_bool(sb, "uid_dropped", e->uid_dropped, "sandbox", why,
			  whylen);
	if (!ret)
		ret = expect_bool(sb, "filesystem_restricted", e->fs_restricted,
				  "sandbox", why, whylen);
	if (!ret && !member(sb, "network_restricted", json_type_boolean))
		ret = fail(why, whylen, "sandbox.network_restricted is not a boolean");
	return ret;
}

long rn_hl_timed_out(struct json_object *rec)
{
	struct json_object *rt = member(rec, "runtime", json_type_object);
	long long n;

	if (int_member(member(rt, "shutdown", json_type_object),
		       "timed_out_workers", &n))
		return -1;
	return (long)n;
}

int rn_hl_check_terminal(struct json_object *rec,
			  const struct rn_hl_expect *e, char *why,
			  size_t whylen)
{
	struct json_object *conns;
	long long count;
	int ret;

	if (!rec)
		return fail(why, whylen, "no terminal record");
	ret = check_runtime(member(rec, "runtime", json_type_object), e, why,
			    whylen);
	if (!ret)
		ret = check_sandbox(member(rec, "sandbox", json_type_object), e,
				    why, whylen);
	if (!ret)
		ret = expect_positive(member(rec, "stats", json_type_object),
				      "packets_captured", "stats", why, whylen);
	if (!ret)
		ret = expect_positive(member(rec, "stats", json_type_object),
				      "bytes_captured", "stats", why, whylen);
	if (ret)
		return ret;
	conns = member(rec, "connections", json_type_array);
	if (int_member(rec, "connection_count", &count) ||
	    count != (long long)json_object_array_length(conns))
		return fail(why, whylen, "connection_count does not match the %zu connections listed",
			    json_object_array_length(conns));
	return 0;
}

/* The row's remote is @f's remote. */
static int same_remote(struct json_object *c, const struct rn_hl_flow *f)
{
	struct json_object *remote = member(c, "remote", json_type_object);
	const char *proto = str_member(c, "protocol");
	const char *ip = str_member(remote, "ip");
	long long port;

	return proto && ip && !strcmp(proto, f->protocol) &&
	       !strcmp(ip, f->remote_ip) &&
	       !int_member(remote, "port", &port) && port == f->remote_port;
}

static int check_process(struct json_object *c, const struct rn_hl_flow *f,
			 const char *where, char *why, size_t whylen)
{
	struct json_object *p;

	if (!f->process && f->uid < 0)
		return 0;
	if (f->process && !f->process[0]) {
		if (!member(c, "process", json_type_null))
			return fail(why, whylen, "%s: process is not null, expected no owner",
				    where);
		return 0;
	}
	p = member(c, "process", json_type_object);
	if (!p)
		return fail(why, whylen, "%s: process is null, expected %s uid %ld",
			    where, f->process ? f->process : "?", f->uid);
	if (f->process && expect_str(p, "name", f->process, where, why, whylen))
		return -EINVAL;
	if (f->uid >= 0 && expect_int(p, "uid", f->uid, where, why, whylen))
		return -EINVAL;
	return 0;
}

static int check_geoip(struct json_object *c, const struct rn_hl_flow *f,
		       const char *where, char *why, size_t whylen)
{
	struct json_object *g;

	if (!f->country_code) {
		if (!member(c, "geoip", json_type_null))
			return fail(why, whylen, "%s: geoip is not null", where);
		return 0;
	}
	g = member(c, "geoip", json_type_object);
	if (!g)
		return fail(why, whylen, "%s: geoip is null, expected %s", where,
			    f->country_code);
	if (expect_str(g, "country_code", f->country_code, where, why,
		       whylen) ||
	    expect_str(g, "country_name", f->country_name, where, why,
		       whylen) ||
	    expect_str(g, "city", f->city, where, why, whylen) ||
	    expect_int(g, "asn", f->asn, where, why, whylen))
		return -EINVAL;
	return 0;
}

static int check_traffic(struct json_object *c, const char *where,
			 char *why, size_t whylen)
{
	static const char *const keys[] = {
		"bytes_sent", "bytes_received", "packets_sent",
		"packets_received", NULL
	};
	struct json_object *t = member(c, "traffic", json_type_object);
	size_t i;

	for (i = 0; keys[i]; i++)
		if (expect_positive(t, keys[i], where, why, whylen))
			return -EINVAL;
	return 0;
}

/* The row's container: runtime, id and name exact; cgroup_path the
 * expected one (procfs) or null (eBPF record). */
static int check_container(struct json_object *c, const struct rn_hl_flow *f,
			   const char *where, char *why, size_t whylen)
{
	const struct rn_hl_container *w = f->container;
	struct json_object *k;
	const char *path;

	if (!w)
		return 0;
	k = member(c, "container", json_type_object);
	if (!k)
		return fail(why, whylen, "%s: container is not an object, expected %s %s",
			    where, w->runtime, w->name);
	if (expect_str(k, "runtime", w->runtime, where, why, whylen) ||
	    expect_str(k, "id", w->id, where, why, whylen) ||
	    expect_str(k, "name", w->name, where, why, whylen))
		return -EINVAL;
	if (member(k, "cgroup_path", json_type_null))
		return 0;
	path = str_member(k, "cgroup_path");
	if (!path || strcmp(path, w->cgroup_path))
		return fail(why, whylen, "%s: container.cgroup_path is \"%s\", expected \"%s\" or null",
			    where, path ? path : "(missing)", w->cgroup_path);
	return 0;
}

const char *rn_hl_container_source(struct json_object *rec,
				    const struct rn_hl_flow *f)
{
	struct json_object *conns = member(rec, "connections", json_type_array);
	struct json_object *c, *k;
	size_t i, n;

	n = conns ? json_object_array_length(conns) : 0;
	for (i = 0; i < n; i++) {
		c = json_object_array_get_idx(conns, i);
		k = member(c, "container", json_type_object);
		if (!same_remote(c, f) || !k)
			continue;
		return member(k, "cgroup_path", json_type_null) ? "eBPF" : "procfs";
	}
	return NULL;
}

/*
 * Index of the first row of @rec that matches @f (see rn_hl_check_flow),
 * or -ENOENT / -EINVAL with the reason in @why.
 */
static long match_flow(struct json_object *rec, const struct rn_hl_flow *f,
		       size_t *nrows, char *why, size_t whylen)
{
	struct json_object *conns = member(rec, "connections", json_type_array);
	struct json_object *c;
	char where[128], first[512] = "";
	size_t i, n;

	*nrows = 0;
	n = conns ? json_object_array_length(conns) : 0;
	for (i = 0; i < n; i++) {
		c = json_object_array_get_idx(conns, i);
		if (!same_remote(c, f))
			continue;
		(*nrows)++;
		snprintf(where, sizeof(where), "%s %s:%d row %zu",
			 f->protocol, f->remote_ip, f->remote_port, i);
		if (!check_process(c, f, where, why, whylen) &&
		    !check_geoip(c, f, where, why, whylen) &&
		    !check_container(c, f, where, why, whylen) &&
		    !check_traffic(c, where, why, whylen))
			return (long)i;
		if (!first[0])
			snprintf(first, sizeof(first), "%s", why);
	}
	if (!*nrows) {
		snprintf(why, whylen, "no connection %s %s:%d in the record",
			 f->protocol, f->remote_ip, f->remote_port);
		return -ENOENT;
	}
	snprintf(why, whylen, "%zu row(s), none as expected; first: %s",
		 *nrows, first);
	return -EINVAL;
}

int rn_hl_check_flow(struct json_object *rec, const struct rn_hl_flow *f,
		      size_t *nrows, char *why, size_t whylen)
{
	long i = match_flow(rec, f, nrows, why, whylen);

	return i < 0 ? (int)i : 0;
}

/* Add @v (a reference the caller hands over; NULL is null) to @obj. */
static int add_owned(struct json_object *obj, const char *key,
		     struct json_object *v)
{
	if (json_object_object_add(obj, key, v)) {
		json_object_put(v);
		return -ENOMEM;
	}
	return 0;
}

/* The last line of @text (@len bytes, newline-terminated records). */
static const char *last_line(const char *text, size_t len, size_t *linelen)
{
	size_t end = len, start;

	if (end && text[end - 1] == '\n')
		end--;
	for (start = end; start && text[start - 1] != '\n'; start--)
		;
	*linelen = end - start;
	return text + start;
}

/* Add the row of @rec that matches each of the @n @flows to @rows; 0,
 * -ENOENT when a flow has none.  *verbatim is cleared when a row's
 * compact form is not in @line byte for byte. */
static int add_rows(struct json_object *rows, struct json_object *rec,
		    const struct rn_hl_flow *flows, size_t n,
		    const char *line, size_t linelen, int *verbatim)
{
	struct json_object *conns = member(rec, "connections", json_type_array);
	struct json_object *row;
	const char *s;
	char why[512];
	size_t i, nrows;
	long idx;

	for (i = 0; i < n; i++) {
		idx = match_flow(rec, &flows[i], &nrows, why, sizeof(why));
		if (idx < 0)
			return -ENOENT;
		row = json_object_array_get_idx(conns, (size_t)idx);
		s = json_object_to_json_string_ext(row, EVIDENCE_PLAIN);
		if (!s || !memmem(line, linelen, s, strlen(s)))
			*verbatim = 0;
		if (json_object_array_add(rows, json_object_get(row))) {
			json_object_put(row);
			return -ENOMEM;
		}
	}
	return 0;
}

/* @w as text, pretty when that fits in @max bytes, else compact;
 * malloc'd in *out, or -EFBIG. */
static int evidence_text(struct json_object *w, size_t max, char **out)
{
	static const int flags[] = { EVIDENCE_PRETTY, EVIDENCE_PLAIN };
	const char *s;
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		s = json_object_to_json_string_ext(w, flags[i]);
		if (!s)
			return -ENOMEM;
		if (strlen(s) + 2 > max)
			continue;
		return asprintf(out, "%s\n", s) < 0 ? -ENOMEM : 0;
	}
	return -EFBIG;
}

int rn_hl_evidence(const struct rn_hl_doc *doc, const char *text,
		    size_t len, const struct rn_hl_flow *flows, size_t n,
		    const char *source, size_t max, char **out)
{
	struct json_object *rec = rn_hl_terminal(doc), *w, *rows;
	const char *line;
	char src[256];
	size_t linelen;
	int verbatim = 1, ret;

	*out = NULL;
	if (!rec)
		return -ENOENT;
	w = json_object_new_object();
	rows = json_object_new_array();
	if (!w || !rows) {
		json_object_put(rows);
		ret = -ENOMEM;
		goto cleanup;
	}
	/* rustnet's members of the record but its connections, in its
	 * order and as parsed; then what the runner adds, named rnx_ */
	json_object_object_foreach(rec, key, val) {
		if (!strcmp(key, "connections"))
			continue;
		ret = add_owned(w, key, json_object_get(val));
		if (ret)
			goto cleanup;
	}
	snprintf(src, sizeof(src), "%s, record %zu of %zu (the terminal one)",
		 source, doc->n, doc->n);
	ret = add_owned(w, "rnx_source", json_object_new_string(src));
	if (!ret)
		ret = add_owned(w, "rnx_asserted_connections", rows);
	else
		json_object_put(rows);
	if (ret)
		goto cleanup;
	line = last_line(text, len, &linelen);
	ret = add_rows(rows, rec, flows, n, line, linelen, &verbatim);
	if (!ret)
		ret = add_owned(w, "rnx_rows_verbatim",
				json_object_new_boolean(verbatim));
	if (!ret)
		ret = evidence_text(w, max, out);

cleanup:
	json_object_put(w);
	return ret;
}

int rn_hl_version_has_headless(const char *text)
{
	unsigned int major, minor, patch;
	const char *v = text ? strstr(text, "rustnet ") : NULL;

	if (!v || sscanf(v, "rustnet %u.%u.%u", &major, &minor, &patch) != 3)
		return -EINVAL;
	return major > 1 || (major == 1 && minor >= 7);
}
