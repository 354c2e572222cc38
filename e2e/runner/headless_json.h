/* SPDX-License-Identifier: MIT */
/*
 * headless_json.h - schema checks of rustnet 1.7.0's headless output
 * (`--headless --output jsonl|json`, schema_version 1), parsed with json-c.
 * Pure functions on text: sc_headless.c runs rustnet, these decide.
 */
#ifndef RN_HEADLESS_JSON_H
#define RN_HEADLESS_JSON_H

#include <stddef.h>

struct json_object;

/* The parsed stdout of one headless run. */
struct rn_hl_doc {
	struct json_object **recs;	/* one per line, in order */
	size_t n;
};

/*
 * Parse @text (@len bytes) as the stdout of a headless run.  @jsonl: 1 for
 * `--output jsonl` (one or more live records, then the terminal one), 0 for
 * `--output json` (exactly one record).  Every record must be one JSON
 * object on its own line with schema_version 1, type "snapshot", and the
 * envelope members; snapshot_generation must never go down.  Returns 0, or
 * -EINVAL with the reason in @why (the document is then empty).
 */
int rn_hl_parse(const char *text, size_t len, int jsonl,
		 struct rn_hl_doc *doc, char *why, size_t whylen);
void rn_hl_free(struct rn_hl_doc *doc);

/* The last record, which must be the terminal one; NULL when empty. */
struct json_object *rn_hl_terminal(const struct rn_hl_doc *doc);

/* What the terminal record of a clean --duration run must say. */
struct rn_hl_expect {
	const char *interface;		/* runtime.interface */
	const char *method;		/* process_detection.method */
	int degraded;			/* process_detection.degraded */
	int uid_dropped;		/* sandbox.uid_dropped */
	int fs_restricted;		/* sandbox.filesystem_restricted */
	/* accept a run that ended only because workers missed the quit
	 * deadline (status "stopping", termination_reason
	 * "runtime_failed", timed_out_workers > 0, nothing panicked, no
	 * output error): rn_hl_timed_out() says how many */
	int timeouts_ok;
};

/* shutdown.timed_out_workers of a terminal record, or -1 */
long rn_hl_timed_out(struct json_object *rec);

/*
 * Terminal record: runtime.status "stopped", termination_reason
 * "duration_elapsed", capture_status "healthy", capture_error null, the
 * expected interface, shutdown with no panicked/timed-out workers and no
 * output errors, process_detection as expected, sandbox.status
 * fully_enforced or partially_enforced with the expected flags, stats
 * packets_captured/bytes_captured > 0, connection_count equal to the
 * length of connections.  Returns 0, or -EINVAL with the reason.
 */
int rn_hl_check_terminal(struct json_object *rec,
			  const struct rn_hl_expect *e, char *why,
			  size_t whylen);

/* One flow the fixture generated, as it must appear in a record. */
struct rn_hl_flow {
	const char *protocol;		/* "TCP" / "UDP" */
	const char *remote_ip;
	int remote_port;
	const char *process;		/* process.name; NULL: not asserted;
				 * RN_HL_NO_PROCESS: must be null */
	long uid;			/* process.uid; -1: not asserted */
	const char *country_code;	/* NULL: geoip must be null */
	const char *country_name;
	const char *city;
	long asn;
	/* container the row must carry; NULL: not asserted */
	const struct rn_hl_container *container;
};

/*
 * rustnet 1.7.0's generic container attribution: a row's "container"
 * {runtime, id, name, cgroup_path}.  cgroup_path is the one read from
 * /proc/PID/cgroup, or null when the identity came from the eBPF record
 * (both accepted, rn_hl_container_source() says which).
 */
struct rn_hl_container {
	const char *runtime;		/* "docker" */
	const char *id;			/* 64 hex digits, lower case */
	const char *name;		/* config.v2.json Name without '/' */
	const char *cgroup_path;	/* "/system.slice/docker-<id>.scope" */
};

/*
 * Find the connections to @f's remote in @rec.  A row matches when its
 * protocol, remote ip/port, process (name and uid, when asserted),
 * geoip (country code, name, city, ASN; or null) and container (when
 * asserted) are as expected and its traffic counters show packets and
 * bytes both ways.  Returns 0 when at
 * least one row matches, -ENOENT when there is no row to that remote,
 * -EINVAL when rows exist but none matches (@why names the first
 * mismatch).  @nrows receives the number of rows to that remote.
 */
/* rn_hl_flow.process: the connection must show no process */
#define RN_HL_NO_PROCESS ""

int rn_hl_check_flow(struct json_object *rec, const struct rn_hl_flow *f,
		      size_t *nrows, char *why, size_t whylen);

/*
 * Where the container identity of the first row to @f's remote that
 * carries one came from: "procfs" (cgroup_path set), "eBPF" (null), or
 * NULL when no such row carries a container.
 */
const char *rn_hl_container_source(struct json_object *rec,
				    const struct rn_hl_flow *f);

/*
 * The evidence of a run's asserted flows, for the archive: a JSON object
 * holding every member of @doc's terminal record but "connections" (so
 * schema_version, type, timestamp, runtime with snapshot_generation,
 * sandbox, stats, connection_count), each as rustnet wrote it and in its
 * order, then the runner's own members, all named rnx_: rnx_source
 * ("@source, record N of N (the terminal one)"), rnx_asserted_connections
 * (for each of the @n @flows, the row rn_hl_check_flow() matched) and
 * rnx_rows_verbatim (true when each of those rows, re-serialised compact
 * by json-c, occurs byte for byte in the terminal record's line of @text,
 * the @len bytes of stdout @doc was parsed from).  Pretty-printed when
 * that fits in @max bytes (with the final newline and NUL), else compact.
 * Returns 0 with the text in *out (malloc'd), -ENOENT when a flow has no
 * matching row (or @doc no record), -EFBIG when even the compact form is
 * over @max, -ENOMEM; *out is NULL on error.
 */
int rn_hl_evidence(const struct rn_hl_doc *doc, const char *text,
		    size_t len, const struct rn_hl_flow *flows, size_t n,
		    const char *source, size_t max, char **out);

/*
 * Does the rustnet whose `rustnet --version` printed @text have headless
 * mode (1.7.0 and later)?  1 yes, 0 no, -EINVAL when @text holds no
 * "rustnet X.Y.Z" version.
 */
int rn_hl_version_has_headless(const char *text);

#endif /* RN_HEADLESS_JSON_H */
