// SPDX-License-Identifier: MIT
/*
 * test_headless.c - cmocka tests of the headless JSON schema checks
 * (headless_json.c) on records written here in rustnet 1.7.0's schema:
 * a good run passes, and each field the scenarios assert, when wrong,
 * fails with a reason naming it.  Then the archive of the asserted rows:
 * rn_hl_evidence() cuts out the rows that matched, and
 * rn_hl_assert_flows() (sc_headless.c, with rn_sh() a fake that only
 * records the command) writes them to <dir>/asserted.json only when
 * every flow holds.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "headless_json.h"
#include "sc_headless.h"

#define CONN_JP \
	"{\"id\":\"TCP:192.0.0.193:40000-TCP:192.0.0.40:80:1.2\"," \
	"\"protocol\":\"TCP\",\"state\":\"ESTABLISHED\"," \
	"\"local\":{\"ip\":\"192.0.0.193\",\"port\":40000,\"address_kind\":\"unicast\"}," \
	"\"remote\":{\"ip\":\"192.0.0.40\",\"port\":80,\"address_kind\":\"unicast\"}," \
	"\"remote_is_gateway\":false,\"observed_vlan_ids\":[],\"direction\":\"outbound\"," \
	"\"process\":{\"pid\":42,\"ppid\":41,\"name\":\"curl\",\"executable\":\"/usr/bin/curl\"," \
	"\"uid\":1000,\"gid\":1000,\"attribution_match\":\"exact-tuple\",\"lineage\":null}," \
	"\"service\":\"http\",\"application\":\"HTTP\",\"hostname\":null,\"hostname_source\":null," \
	"\"traffic\":{\"bytes_sent\":80,\"bytes_received\":400,\"packets_sent\":5," \
	"\"packets_received\":4,\"outgoing_bytes_per_second\":0.0,\"incoming_bytes_per_second\":0.0}," \
	"\"rtt\":null," \
	"\"geoip\":{\"country_code\":\"JP\",\"country_name\":\"Japan\",\"asn\":64500," \
	"\"as_org\":\"RNX-TEST-JP\",\"city\":\"Tokyo\",\"postal_code\":\"100-0001\"}," \
	"\"kubernetes\":null,\"container\":null,\"created_at\":\"x\",\"last_activity\":\"x\"," \
	"\"historic\":false,\"closed_at\":null}"

#define CONN_BOGON \
	"{\"id\":\"b\",\"protocol\":\"TCP\",\"state\":\"ESTABLISHED\"," \
	"\"local\":{\"ip\":\"198.18.0.1\",\"port\":40001,\"address_kind\":\"unicast\"}," \
	"\"remote\":{\"ip\":\"198.18.2.10\",\"port\":7000,\"address_kind\":\"unicast\"}," \
	"\"process\":null,\"traffic\":{\"bytes_sent\":8,\"bytes_received\":8," \
	"\"packets_sent\":2,\"packets_received\":2},\"geoip\":null}"

#define RECORD(status, reason, shutdown, conns, count) \
	"{\"schema_version\":1,\"type\":\"snapshot\"," \
	"\"timestamp\":\"2026-11-29T23:00:00.123Z\"," \
	"\"runtime\":{\"status\":\"" status "\",\"snapshot_generation\":7," \
	"\"interface\":\"rnx0\",\"capture_status\":\"healthy\",\"capture_error\":null," \
	"\"process_detection\":{\"method\":\"eBPF fentry/fexit + procfs\",\"degraded\":false," \
	"\"degradation_reason\":null,\"unavailable_feature\":null}," \
	"\"termination_reason\":" reason ",\"shutdown\":" shutdown "}," \
	"\"sandbox\":{\"status\":\"partially_enforced\",\"message\":\"m\"," \
	"\"filesystem_restricted\":true,\"network_restricted\":false,\"uid_dropped\":false}," \
	"\"stats\":{\"packets_captured\":120,\"bytes_captured\":9000}," \
	"\"filter\":null,\"connection_count\":" count ",\"connections\":[" conns "]}\n"

#define SHUTDOWN_OK \
	"{\"joined_workers\":6,\"panicked_workers\":0,\"timed_out_workers\":0,\"output_errors\":0}"

#define LIVE RECORD("running", "null", "null", CONN_JP, "1")
#define TERMINAL RECORD("stopped", "\"duration_elapsed\"", SHUTDOWN_OK, \
			CONN_JP "," CONN_BOGON, "2")

static const struct rn_hl_expect expect_ok = {
	.interface = "rnx0",
	.method = "eBPF fentry/fexit + procfs",
	.degraded = 0,
	.uid_dropped = 0,
	.fs_restricted = 1,
};

static const struct rn_hl_flow flow_jp = {
	.protocol = "TCP", .remote_ip = "192.0.0.40", .remote_port = 80,
	.process = "curl", .uid = 1000, .country_code = "JP",
	.country_name = "Japan", .city = "Tokyo", .asn = 64500,
};

/* @text with the first occurrence of @from replaced by @to (malloc'd). */
static char *subst(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	char *out = NULL;

	assert_non_null(at);
	assert_true(asprintf(&out, "%.*s%s%s", (int)(at - text), text, to,
			     at + strlen(from)) >= 0);
	return out;
}

static int parse(const char *text, int jsonl, struct rn_hl_doc *doc,
		 char *why, size_t len)
{
	return rn_hl_parse(text, strlen(text), jsonl, doc, why, len);
}

/* Parse @text as --output json; returns the parse result. */
static int parse_json(const char *text, char *why, size_t len)
{
	struct rn_hl_doc doc;
	int ret = parse(text, 0, &doc, why, len);

	rn_hl_free(&doc);
	return ret;
}

/* Terminal check of @text (one json record); returns its result. */
static int terminal_of(const char *text, char *why, size_t len)
{
	struct rn_hl_doc doc;
	int ret;

	assert_int_equal(parse(text, 0, &doc, why, len), 0);
	ret = rn_hl_check_terminal(rn_hl_terminal(&doc), &expect_ok, why,
				    len);
	rn_hl_free(&doc);
	return ret;
}

/* Apply each edit {from, to, name} to @base; @check must then fail
 * with -EINVAL and a reason naming the field. */
typedef int (*checker)(const char *text, char *why, size_t len);

static void each_edit_fails(const char *base, const char *const (*edits)[3],
			    size_t n, checker check)
{
	char why[512], *t;
	size_t i;

	for (i = 0; i < n; i++) {
		t = subst(base, edits[i][0], edits[i][1]);
		assert_int_equal(check(t, why, sizeof(why)), -EINVAL);
		if (!strstr(why, edits[i][2]))
			fail_msg("edit %zu: reason \"%s\" does not name %s", i,
				 why, edits[i][2]);
		free(t);
	}
}

#define EACH_EDIT_FAILS_IN(base, edits, check) \
	each_edit_fails(base, edits, sizeof(edits) / sizeof(edits[0]), check)
#define EACH_EDIT_FAILS(edits, check) EACH_EDIT_FAILS_IN(TERMINAL, edits, check)

static void test_good_jsonl(void **state)
{
	struct rn_hl_doc doc;
	char why[512];
	size_t rows;

	(void)state;
	assert_int_equal(parse(LIVE LIVE TERMINAL, 1, &doc, why, sizeof(why)),
			 0);
	assert_int_equal(doc.n, 3);
	assert_int_equal(rn_hl_check_terminal(rn_hl_terminal(&doc),
					       &expect_ok, why, sizeof(why)),
			 0);
	assert_int_equal(rn_hl_check_flow(rn_hl_terminal(&doc), &flow_jp,
					   &rows, why, sizeof(why)), 0);
	assert_int_equal(rows, 1);
	rn_hl_free(&doc);
}

static void test_json_one_record(void **state)
{
	struct rn_hl_doc doc;
	char why[512];

	(void)state;
	assert_int_equal(parse(TERMINAL, 0, &doc, why, sizeof(why)), 0);
	rn_hl_free(&doc);
	/* --output json must write exactly one record */
	assert_int_equal(parse(LIVE TERMINAL, 0, &doc, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "expected 1"));
	assert_null(doc.recs);
}

static void test_bad_streams(void **state)
{
	static const char *const bad[] = {
		"",					/* nothing written */
		"{\"schema_version\":1}",		/* no newline */
		"not json\n",
		"[1,2]\n",				/* not an object */
		"{\"schema_version\":1} trailing\n",
		NULL
	};
	struct rn_hl_doc doc;
	char why[512];
	size_t i;

	(void)state;
	for (i = 0; bad[i]; i++) {
		assert_int_equal(parse(bad[i], 1, &doc, why, sizeof(why)),
				 -EINVAL);
		assert_true(why[0] != '\0');
		assert_int_equal(doc.n, 0);
	}
}

static void test_envelope_fields(void **state)
{
	static const char *const edits[][3] = {
		{ "\"schema_version\":1", "\"schema_version\":2", "schema_version" },
		{ "\"type\":\"snapshot\"", "\"type\":\"event\"", "type" },
		{ ".123Z", ".123+01:00", "timestamp" },
		{ "\"stats\":{", "\"statz\":{", "\"stats\"" },
		{ "\"snapshot_generation\":7", "\"snapshot_generation\":\"7\"", "snapshot_generation" },
	};

	(void)state;
	EACH_EDIT_FAILS(edits, parse_json);
}

static void test_generation_order(void **state)
{
	struct rn_hl_doc doc;
	char why[512], *first;

	(void)state;
	first = subst(LIVE, "\"snapshot_generation\":7",
		      "\"snapshot_generation\":9");
	{
		char *stream = NULL;

		assert_true(asprintf(&stream, "%s%s", first, TERMINAL) >= 0);
		assert_int_equal(parse(stream, 1, &doc, why, sizeof(why)),
				 -EINVAL);
		assert_non_null(strstr(why, "snapshot_generation"));
		free(stream);
	}
	free(first);
}

static void test_terminal_fields(void **state)
{
	static const char *const edits[][3] = {
		{ "\"status\":\"stopped\"", "\"status\":\"stopped_with_errors\"", "runtime.status" },
		{ "\"duration_elapsed\"", "\"broken_pipe\"", "termination_reason" },
		{ "\"capture_status\":\"healthy\"", "\"capture_status\":\"failed\"", "capture_status" },
		{ "\"capture_error\":null", "\"capture_error\":\"x\"", "capture_error" },
		{ "\"interface\":\"rnx0\"", "\"interface\":\"eth0\"", "interface" },
		{ "\"panicked_workers\":0", "\"panicked_workers\":1", "panicked_workers" },
		{ "\"timed_out_workers\":0", "\"timed_out_workers\":1", "timed_out_workers" },
		{ "\"output_errors\":0", "\"output_errors\":2", "output_errors" },
		{ "\"joined_workers\":6", "\"joined_workers\":0", "joined_workers" },
		{ "\"method\":\"eBPF fentry/fexit + procfs\"", "\"method\":\"procfs\"", "method" },
		{ "\"degraded\":false", "\"degraded\":true", "degraded" },
		{ "\"status\":\"partially_enforced\"", "\"status\":\"not_applied\"", "sandbox.status" },
		{ "\"status\":\"partially_enforced\"", "\"status\":\"error\"", "sandbox.status" },
		{ "\"uid_dropped\":false", "\"uid_dropped\":true", "uid_dropped" },
		{ "\"filesystem_restricted\":true", "\"filesystem_restricted\":false", "filesystem_restricted" },
		{ "\"network_restricted\":false", "\"network_restricted\":null", "network_restricted" },
		{ "\"packets_captured\":120", "\"packets_captured\":0", "packets_captured" },
		{ "\"bytes_captured\":9000", "\"bytes_captured\":0", "bytes_captured" },
		{ "\"connection_count\":2", "\"connection_count\":3", "connection_count" },
	};
	char why[512], *t;

	(void)state;
	assert_int_equal(terminal_of(TERMINAL, why, sizeof(why)), 0);
	EACH_EDIT_FAILS(edits, terminal_of);
	/* fully_enforced is as good as partially_enforced */
	t = subst(TERMINAL, "\"status\":\"partially_enforced\"",
		  "\"status\":\"fully_enforced\"");
	assert_int_equal(terminal_of(t, why, sizeof(why)), 0);
	free(t);
	/* a live record is not a terminal one */
	assert_int_equal(terminal_of(LIVE, why, sizeof(why)), -EINVAL);
}

static int flow_of(const char *text, const struct rn_hl_flow *f,
		   size_t *rows, char *why, size_t len)
{
	struct rn_hl_doc doc;
	int ret;

	assert_int_equal(parse(text, 0, &doc, why, len), 0);
	ret = rn_hl_check_flow(rn_hl_terminal(&doc), f, rows, why, len);
	rn_hl_free(&doc);
	return ret;
}

/* The JP flow in @text, which has exactly one row to that remote. */
static int jp_flow_of(const char *text, char *why, size_t len)
{
	size_t rows;
	int ret = flow_of(text, &flow_jp, &rows, why, len);

	assert_int_equal(rows, 1);
	return ret;
}

static void test_flow_fields(void **state)
{
	static const char *const edits[][3] = {
		{ "\"name\":\"curl\"", "\"name\":\"wget\"", "name" },
		{ "\"uid\":1000", "\"uid\":1001", "uid" },
		{ "\"country_code\":\"JP\"", "\"country_code\":\"BR\"", "country_code" },
		{ "\"country_name\":\"Japan\"", "\"country_name\":\"Brazil\"", "country_name" },
		{ "\"city\":\"Tokyo\"", "\"city\":null", "city" },
		{ "\"asn\":64500", "\"asn\":64501", "asn" },
		{ "\"bytes_sent\":80", "\"bytes_sent\":0", "bytes_sent" },
		{ "\"bytes_received\":400", "\"bytes_received\":0", "bytes_received" },
		{ "\"packets_sent\":5", "\"packets_sent\":0", "packets_sent" },
		{ "\"packets_received\":4", "\"packets_received\":0", "packets_received" },
	};
	char why[512], *t;
	size_t rows;

	(void)state;
	EACH_EDIT_FAILS(edits, jp_flow_of);
	/* unattributed and without GeoIP */
	t = subst(TERMINAL, "\"process\":{\"pid\":42", "\"process\":null,\"x\":{\"pid\":42");
	assert_int_equal(flow_of(t, &flow_jp, &rows, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "process is null"));
	free(t);
}

static void test_flow_remote(void **state)
{
	struct rn_hl_flow f = flow_jp;
	char why[512];
	size_t rows;

	(void)state;
	f.remote_port = 81;
	assert_int_equal(flow_of(TERMINAL, &f, &rows, why, sizeof(why)),
			 -ENOENT);
	assert_int_equal(rows, 0);
	f = flow_jp;
	f.protocol = "UDP";
	assert_int_equal(flow_of(TERMINAL, &f, &rows, why, sizeof(why)),
			 -ENOENT);
	/* a bogon peer: geoip must be null, process not asserted */
	f = (struct rn_hl_flow){ .protocol = "TCP", .remote_ip = "198.18.2.10",
				  .remote_port = 7000, .uid = -1 };
	assert_int_equal(flow_of(TERMINAL, &f, &rows, why, sizeof(why)), 0);
	/* expecting GeoIP where there is none fails */
	f.country_code = "BR";
	f.country_name = "Brazil";
	f.city = "Sao Paulo";
	assert_int_equal(flow_of(TERMINAL, &f, &rows, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "geoip is null"));
	/* and no GeoIP expected where there is some fails too */
	f = flow_jp;
	f.country_code = NULL;
	assert_int_equal(flow_of(TERMINAL, &f, &rows, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "geoip is not null"));
}

/* A run that ended only because a worker missed the quit deadline */
static void test_terminal_timeouts(void **state)
{
	static const char late[] = RECORD("stopping", "\"runtime_failed\"",
		"{\"joined_workers\":5,\"panicked_workers\":0,\"timed_out_workers\":1,\"output_errors\":0}",
		CONN_JP, "1");
	static const char panicked[] = RECORD("stopping", "\"runtime_failed\"",
		"{\"joined_workers\":5,\"panicked_workers\":1,\"timed_out_workers\":1,\"output_errors\":0}",
		CONN_JP, "1");
	struct rn_hl_expect e = expect_ok;
	struct rn_hl_doc doc;
	char why[512];

	(void)state;
	/* not excused unless asked */
	assert_int_equal(parse(late, 0, &doc, why, sizeof(why)), 0);
	assert_int_not_equal(rn_hl_check_terminal(rn_hl_terminal(&doc), &e,
						   why, sizeof(why)), 0);
	e.timeouts_ok = 1;
	assert_int_equal(rn_hl_check_terminal(rn_hl_terminal(&doc), &e,
					       why, sizeof(why)), 0);
	assert_int_equal(rn_hl_timed_out(rn_hl_terminal(&doc)), 1);
	rn_hl_free(&doc);
	/* a panicked worker never is */
	assert_int_equal(parse(panicked, 0, &doc, why, sizeof(why)), 0);
	assert_int_not_equal(rn_hl_check_terminal(rn_hl_terminal(&doc), &e,
						   why, sizeof(why)), 0);
	assert_non_null(strstr(why, "panicked_workers"));
	rn_hl_free(&doc);
	/* a clean run still passes with timeouts_ok */
	assert_int_equal(parse(TERMINAL, 0, &doc, why, sizeof(why)), 0);
	assert_int_equal(rn_hl_check_terminal(rn_hl_terminal(&doc), &e,
					       why, sizeof(why)), 0);
	assert_int_equal(rn_hl_timed_out(rn_hl_terminal(&doc)), 0);
	rn_hl_free(&doc);
}

/* RN_HL_NO_PROCESS: the row must show no owner (a documented gap) */
static void test_flow_no_process(void **state)
{
	struct rn_hl_flow f = flow_jp;
	char why[512], *t;
	size_t rows;

	(void)state;
	f.process = RN_HL_NO_PROCESS;
	f.uid = -1;
	/* attributed where no owner is expected fails */
	assert_int_equal(flow_of(TERMINAL, &f, &rows, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "process is not null"));
	t = subst(TERMINAL, "\"process\":{\"pid\":42", "\"process\":null,\"x\":{\"pid\":42");
	assert_int_equal(flow_of(t, &f, &rows, why, sizeof(why)), 0);
	assert_int_equal(rows, 1);
	free(t);
}

#define CTR_ID "c0ffee0000000000000000000000000000000000000000000000000000e2e0aa"
#define CTR_PATH "/system.slice/docker-" CTR_ID ".scope"
#define CTR_JSON "\"container\":{\"runtime\":\"docker\",\"id\":\"" CTR_ID \
	"\",\"name\":\"rnx-web\",\"cgroup_path\":\"" CTR_PATH "\"}"

static const struct rn_hl_container ctr = {
	.runtime = "docker", .id = CTR_ID, .name = "rnx-web",
	.cgroup_path = CTR_PATH,
};

/* TERMINAL whose JP row carries the container (malloc'd). */
static char *with_container(void)
{
	return subst(TERMINAL, "\"container\":null", CTR_JSON);
}

/* The JP flow with the container asserted, in @text. */
static int ctr_flow_of(const char *text, char *why, size_t len)
{
	struct rn_hl_flow f = flow_jp;
	size_t rows;

	f.container = &ctr;
	return flow_of(text, &f, &rows, why, len);
}

/* Each container field, when wrong, fails and is named; cgroup_path may
 * be the procfs path or null (eBPF record), nothing else. */
static void test_flow_container(void **state)
{
	static const char *const edits[][3] = {
		{ "\"runtime\":\"docker\"", "\"runtime\":\"podman\"", "runtime" },
		{ "\"id\":\"" CTR_ID, "\"id\":\"0" CTR_ID, "id" },
		{ "\"name\":\"rnx-web\"", "\"name\":null", "name" },
		{ "\"cgroup_path\":\"" CTR_PATH "\"", "\"cgroup_path\":\"/docker/" CTR_ID "\"", "cgroup_path" },
		{ "\"cgroup_path\":\"" CTR_PATH "\"", "\"x\":1", "cgroup_path" },
	};
	struct rn_hl_doc doc;
	char why[512], *good, *t;

	(void)state;
	good = with_container();
	assert_int_equal(ctr_flow_of(good, why, sizeof(why)), 0);
	assert_int_equal(parse(good, 0, &doc, why, sizeof(why)), 0);
	assert_string_equal(rn_hl_container_source(rn_hl_terminal(&doc),
						    &flow_jp), "procfs");
	rn_hl_free(&doc);
	EACH_EDIT_FAILS_IN(good, edits, ctr_flow_of);
	/* identity from the eBPF record: no cgroup path */
	t = subst(good, "\"" CTR_PATH "\"", "null");
	assert_int_equal(ctr_flow_of(t, why, sizeof(why)), 0);
	assert_int_equal(parse(t, 0, &doc, why, sizeof(why)), 0);
	assert_string_equal(rn_hl_container_source(rn_hl_terminal(&doc),
						    &flow_jp), "eBPF");
	rn_hl_free(&doc);
	free(t);
	free(good);
	/* no container on the row */
	assert_int_equal(ctr_flow_of(TERMINAL, why, sizeof(why)), -EINVAL);
	assert_non_null(strstr(why, "container is not an object"));
	assert_int_equal(parse(TERMINAL, 0, &doc, why, sizeof(why)), 0);
	assert_null(rn_hl_container_source(rn_hl_terminal(&doc), &flow_jp));
	rn_hl_free(&doc);
}

static void test_version_gate(void **state)
{
	(void)state;
	assert_int_equal(rn_hl_version_has_headless("rustnet 1.6.0\n"), 0);
	assert_int_equal(rn_hl_version_has_headless("rustnet 1.7.0\n"), 1);
	assert_int_equal(rn_hl_version_has_headless("rustnet 1.10.2"), 1);
	assert_int_equal(rn_hl_version_has_headless("rustnet 2.0.0"), 1);
	assert_int_equal(rn_hl_version_has_headless("rustnet 0.9.9"), 0);
	assert_int_equal(rn_hl_version_has_headless(""), -EINVAL);
	assert_int_equal(rn_hl_version_has_headless("rustnet dev"), -EINVAL);
	assert_int_equal(rn_hl_version_has_headless(NULL), -EINVAL);
}

/* ------------------------------------------------ the asserted rows */

/* A row to the JP remote that is not the asserted one (another uid) and
 * a UDP flow nobody asserts, around the rows of TERMINAL. */
#define CONN_JP_OTHER \
	"{\"id\":\"other\",\"protocol\":\"TCP\"," \
	"\"remote\":{\"ip\":\"192.0.0.40\",\"port\":80}," \
	"\"process\":{\"pid\":43,\"name\":\"curl\",\"uid\":1001}," \
	"\"traffic\":{\"bytes_sent\":1,\"bytes_received\":1," \
	"\"packets_sent\":1,\"packets_received\":1}," \
	"\"geoip\":{\"country_code\":\"JP\",\"country_name\":\"Japan\"," \
	"\"asn\":64500,\"city\":\"Tokyo\"}}"
#define CONN_UDP \
	"{\"id\":\"udp\",\"protocol\":\"UDP\"," \
	"\"remote\":{\"ip\":\"198.18.1.10\",\"port\":5000},\"process\":null," \
	"\"traffic\":{\"bytes_sent\":50,\"bytes_received\":50," \
	"\"packets_sent\":1,\"packets_received\":1,\"rate\":0.0},\"geoip\":null}"
#define SEVERAL RECORD("stopped", "\"duration_elapsed\"", SHUTDOWN_OK, \
		       CONN_JP_OTHER "," CONN_JP "," CONN_UDP "," CONN_BOGON, "4")

static const struct rn_hl_flow flow_bogon = {
	.protocol = "TCP", .remote_ip = "198.18.2.10", .remote_port = 7000,
	.uid = -1,
};

/* Parse @text (--output json when @jsonl is 0). */
static void parse_ok(const char *text, int jsonl, struct rn_hl_doc *doc)
{
	char why[512];

	if (parse(text, jsonl, doc, why, sizeof(why)))
		fail_msg("fixture does not parse: %s", why);
}

/* Connection @i of the terminal record of @doc. */
static struct json_object *conn_of(const struct rn_hl_doc *doc, size_t i)
{
	struct json_object *conns = NULL;

	assert_true(json_object_object_get_ex(rn_hl_terminal(doc),
					      "connections", &conns));
	return json_object_array_get_idx(conns, i);
}

static struct json_object *get(struct json_object *obj, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(obj, key, &v))
		fail_msg("no member \"%s\"", key);
	return v;
}

/* Check the evidence @ev of the asserted @rows (indexes in @doc's
 * terminal record): rustnet's header members, those rows whole and in
 * order, nothing else of the connections. */
static void check_evidence(const char *ev, const struct rn_hl_doc *doc,
			   const size_t *rows, size_t n, const char *source,
			   int verbatim)
{
	struct json_object *w = json_tokener_parse(ev), *got;
	size_t i;

	assert_non_null(w);
	assert_int_equal(json_object_get_int(get(w, "schema_version")), 1);
	assert_string_equal(json_object_get_string(get(w, "timestamp")),
			    "2026-11-29T23:00:00.123Z");
	assert_int_equal(json_object_get_int(get(get(w, "runtime"),
						 "snapshot_generation")), 7);
	assert_true(json_object_equal(get(w, "sandbox"),
				      get(rn_hl_terminal(doc), "sandbox")));
	assert_false(json_object_object_get_ex(w, "connections", NULL));
	assert_string_equal(json_object_get_string(get(w, "rnx_source")),
			    source);
	assert_int_equal(json_object_get_boolean(get(w, "rnx_rows_verbatim")),
			 verbatim);
	got = get(w, "rnx_asserted_connections");
	assert_int_equal(json_object_array_length(got), n);
	for (i = 0; i < n; i++)
		if (!json_object_equal(json_object_array_get_idx(got, i),
				       conn_of(doc, rows[i])))
			fail_msg("asserted row %zu is not connection %zu", i,
				 rows[i]);
	json_object_put(w);
}

/* Of several flows, the rows that matched, whole; not the other row to
 * the same remote, not the unasserted UDP flow. */
static void test_evidence_rows(void **state)
{
	const struct rn_hl_flow flows[] = { flow_jp, flow_bogon };
	static const size_t rows[] = { 1, 3 };
	struct rn_hl_doc doc;
	char *ev;

	(void)state;
	parse_ok(SEVERAL, 0, &doc);
	assert_int_equal(rn_hl_evidence(&doc, SEVERAL, strlen(SEVERAL), flows,
					 2, "out.json", 16384, &ev), 0);
	check_evidence(ev, &doc, rows, 2,
		       "out.json, record 1 of 1 (the terminal one)", 1);
	/* pretty, one final newline */
	assert_non_null(strstr(ev, "\n  \"schema_version\":1,\n"));
	assert_int_equal(ev[strlen(ev) - 1], '\n');
	assert_null(strstr(ev, "\"id\":\"other\""));
	assert_null(strstr(ev, "\"id\":\"udp\""));
	free(ev);
	rn_hl_free(&doc);
}

/* jsonl: the rows of the terminal record, not of a live one. */
static void test_evidence_terminal(void **state)
{
	static const size_t rows[] = { 1 };
	struct rn_hl_doc doc;
	char *live, *stream = NULL, *ev;

	(void)state;
	live = subst(LIVE, "\"bytes_received\":400", "\"bytes_received\":200");
	assert_true(asprintf(&stream, "%s%s", live, SEVERAL) >= 0);
	parse_ok(stream, 1, &doc);
	assert_int_equal(rn_hl_evidence(&doc, stream, strlen(stream),
					 &flow_jp, 1, "out.jsonl", 16384,
					 &ev), 0);
	check_evidence(ev, &doc, rows, 1,
		       "out.jsonl, record 2 of 2 (the terminal one)", 1);
	assert_null(strstr(ev, "\"bytes_received\":200"));
	free(ev);
	rn_hl_free(&doc);
	free(stream);
	free(live);
}

/* A flow with no matching row: no evidence. */
static void test_evidence_missing(void **state)
{
	struct rn_hl_flow flows[] = { flow_jp, flow_jp };
	struct rn_hl_doc doc;
	char *ev = (char *)"x";

	(void)state;
	flows[1].remote_port = 81;
	parse_ok(SEVERAL, 0, &doc);
	assert_int_equal(rn_hl_evidence(&doc, SEVERAL, strlen(SEVERAL), flows,
					 2, "out.json", 16384, &ev), -ENOENT);
	assert_null(ev);
	/* rows to the remote, none as asserted */
	flows[1] = flow_jp;
	flows[1].uid = 7;
	ev = (char *)"x";
	assert_int_equal(rn_hl_evidence(&doc, SEVERAL, strlen(SEVERAL), flows,
					 2, "out.json", 16384, &ev), -ENOENT);
	assert_null(ev);
	rn_hl_free(&doc);
}

/* Over the bound: compact when that fits, else -EFBIG; a row whose
 * compact form is not in stdout byte for byte is said so. */
static void test_evidence_bounds(void **state)
{
	static const size_t rows[] = { 1 };
	struct rn_hl_doc doc;
	char *pretty, *ev, *spaced;
	size_t plen;

	(void)state;
	parse_ok(SEVERAL, 0, &doc);
	assert_int_equal(rn_hl_evidence(&doc, SEVERAL, strlen(SEVERAL),
					 &flow_jp, 1, "out.json", 16384,
					 &pretty), 0);
	plen = strlen(pretty) + 1;
	assert_int_equal(rn_hl_evidence(&doc, SEVERAL, strlen(SEVERAL),
					 &flow_jp, 1, "out.json", plen, &ev),
			 0);
	assert_string_equal(ev, pretty);
	free(ev);
	assert_int_equal(rn_hl_evidence(&doc, SEVERAL, strlen(SEVERAL),
					 &flow_jp, 1, "out.json", plen - 1,
					 &ev), 0);
	/* compact: the final newline is the only one */
	assert_ptr_equal(strchr(ev, '\n'), ev + strlen(ev) - 1);
	assert_true(strlen(ev) < strlen(pretty));
	check_evidence(ev, &doc, rows, 1,
		       "out.json, record 1 of 1 (the terminal one)", 1);
	free(ev);
	ev = (char *)"x";
	assert_int_equal(rn_hl_evidence(&doc, SEVERAL, strlen(SEVERAL),
					 &flow_jp, 1, "out.json", 200, &ev),
			 -EFBIG);
	assert_null(ev);
	rn_hl_free(&doc);
	free(pretty);
	/* the same row written with blanks: not verbatim */
	spaced = subst(SEVERAL, "\"protocol\":\"TCP\",\"state\"",
		       "\"protocol\": \"TCP\",\"state\"");
	parse_ok(spaced, 0, &doc);
	assert_int_equal(rn_hl_evidence(&doc, spaced, strlen(spaced),
					 &flow_jp, 1, "out.json", 16384, &ev),
			 0);
	check_evidence(ev, &doc, rows, 1,
		       "out.json, record 1 of 1 (the terminal one)", 0);
	free(ev);
	rn_hl_free(&doc);
	free(spaced);
}

/* ---------------------------------------- rn_hl_assert_flows() */

static char ran[RN_MAX_EVIDENCE][512];	/* commands given to rn_sh */
static size_t nran;
static int cat_rc;			/* what the fake `cat` returns */

int __wrap_rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
		   const char *fmt, ...);
int __wrap_rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
		   const char *fmt, ...)
{
	va_list ap;

	(void)r;
	(void)timeout_s;
	if (out)
		*out = NULL;
	assert_true(nran < RN_MAX_EVIDENCE);
	va_start(ap, fmt);
	vsnprintf(ran[nran++], sizeof(ran[0]), fmt, ap);
	va_end(ap);
	return cat_rc;
}

struct sc_fixture {
	char dir[64];
	char path[128];
	struct rn_hl_doc doc;
	struct rn_result r;
};

static int sc_setup(void **state)
{
	struct sc_fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/rnx-test-hl-XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->path, sizeof(f->path), "%s/asserted.json", f->dir);
	parse_ok(SEVERAL, 0, &f->doc);
	nran = 0;
	cat_rc = 0;
	*state = f;
	return 0;
}

static int sc_teardown(void **state)
{
	struct sc_fixture *f = *state;

	unlink(f->path);
	rmdir(f->dir);
	rn_hl_free(&f->doc);
	free(f);
	return 0;
}

static int assert_flows(struct sc_fixture *f, const struct rn_hl_flow *flows,
			size_t n)
{
	return rn_hl_assert_flows(&f->r, f->dir, &f->doc, SEVERAL,
				   strlen(SEVERAL), "out.json", flows, n);
}

/* All flows hold: each noted, the file holds the rows that matched, and
 * `cat` of it is the row's evidence. */
static void test_assert_archives(void **state)
{
	const struct rn_hl_flow flows[] = { flow_jp, flow_bogon };
	static const size_t rows[] = { 1, 3 };
	struct sc_fixture *f = *state;
	char cmd[256], *text = NULL;
	size_t len = 0;
	FILE *in;

	assert_int_equal(assert_flows(f, flows, 2), 0);
	assert_int_equal(f->r.verdict, RN_PASS);
	assert_non_null(strstr(f->r.notes, "TCP 192.0.0.40:80 (2 rows): process curl uid 1000, geoip JP"));
	assert_non_null(strstr(f->r.notes, "TCP 198.18.2.10:7000 (1 rows)"));
	snprintf(cmd, sizeof(cmd), "cat %s", f->path);
	assert_int_equal(nran, 1);
	assert_string_equal(ran[0], cmd);
	in = fopen(f->path, "r");
	assert_non_null(in);
	assert_true(getdelim(&text, &len, '\0', in) > 0);
	fclose(in);
	check_evidence(text, &f->doc, rows, 2,
		       "out.json, record 1 of 1 (the terminal one)", 1);
	free(text);
}

/* A missing flow: the row's FAIL naming it, no file, no evidence. */
static void test_assert_missing(void **state)
{
	struct rn_hl_flow flows[] = { flow_jp, flow_bogon };
	struct sc_fixture *f = *state;

	flows[1].remote_port = 7001;
	assert_int_equal(assert_flows(f, flows, 2), -1);
	assert_int_equal(f->r.verdict, RN_FAIL);
	assert_string_equal(f->r.reason,
			    "no connection TCP 198.18.2.10:7001 in the record");
	assert_int_equal(access(f->path, F_OK), -1);
	assert_int_equal(nran, 0);
}

/* Rows to the remote, none as asserted: FAIL, no file. */
static void test_assert_wrong(void **state)
{
	struct rn_hl_flow flow = flow_jp;
	struct sc_fixture *f = *state;

	flow.city = "Osaka";
	assert_int_equal(assert_flows(f, &flow, 1), -1);
	assert_int_equal(f->r.verdict, RN_FAIL);
	assert_non_null(strstr(f->r.reason, "2 row(s), none as expected"));
	assert_int_equal(access(f->path, F_OK), -1);
	assert_int_equal(nran, 0);
}

/* The flows hold but the evidence cannot be written or read back:
 * ERROR, never a silent PASS without it. */
static void test_assert_unarchived(void **state)
{
	struct sc_fixture *f = *state;
	struct rn_result r2 = { 0 };

	cat_rc = 1;
	assert_int_equal(assert_flows(f, &flow_jp, 1), -1);
	assert_int_equal(f->r.verdict, RN_ERROR);
	assert_non_null(strstr(f->r.reason, "cat "));
	cat_rc = 0;
	nran = 0;
	assert_int_equal(rn_hl_assert_flows(&r2, "/nonexistent/rnx", &f->doc,
					     SEVERAL, strlen(SEVERAL),
					     "out.json", &flow_jp, 1), -1);
	assert_int_equal(r2.verdict, RN_ERROR);
	assert_non_null(strstr(r2.reason, "cannot write /nonexistent/rnx/asserted.json"));
	assert_int_equal(nran, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_jsonl),
		cmocka_unit_test(test_json_one_record),
		cmocka_unit_test(test_bad_streams),
		cmocka_unit_test(test_envelope_fields),
		cmocka_unit_test(test_generation_order),
		cmocka_unit_test(test_terminal_fields),
		cmocka_unit_test(test_flow_fields),
		cmocka_unit_test(test_flow_remote),
		cmocka_unit_test(test_terminal_timeouts),
		cmocka_unit_test(test_flow_no_process),
		cmocka_unit_test(test_flow_container),
		cmocka_unit_test(test_version_gate),
		cmocka_unit_test(test_evidence_rows),
		cmocka_unit_test(test_evidence_terminal),
		cmocka_unit_test(test_evidence_missing),
		cmocka_unit_test(test_evidence_bounds),
		cmocka_unit_test_setup_teardown(test_assert_archives, sc_setup,
						sc_teardown),
		cmocka_unit_test_setup_teardown(test_assert_missing, sc_setup,
						sc_teardown),
		cmocka_unit_test_setup_teardown(test_assert_wrong, sc_setup,
						sc_teardown),
		cmocka_unit_test_setup_teardown(test_assert_unarchived,
						sc_setup, sc_teardown),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
