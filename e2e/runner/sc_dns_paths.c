// SPDX-License-Identifier: MIT
/*
 * sc_dns_paths.c - reverse DNS from rustnet itself along each path a host
 * may give it (issue 12 item 5), and DNS as a data channel of a
 * compromised rustnet_t (issue 15):
 *
 *   egress.stub.rdns          (a) resolv.conf "nameserver 127.0.0.53"
 *                             (systemd-resolved's stub), "hosts: files dns",
 *                             rustnet_direct_dns on: names, by UDP 53 of
 *                             rustnet's own to the stub
 *   egress.stub_off.rdns      (a) with the boolean off: the udp_socket
 *                             denial, addresses, nothing reaches the stub
 *   egress.resolved.rdns      (b) the image's own configuration (NSS
 *                             "resolve": resolved's unix socket, no UDP of
 *                             rustnet's own); rustnet 1.7.0 cannot load
 *                             the NSS module after its sandbox, so there
 *                             it is the known-denied UDP fallback
 *   egress.external.rdns      (c) resolv.conf "nameserver 198.19.53.2"
 *                             (dnsmasq in the rnx-dns2 namespace), "hosts:
 *                             files dns", rustnet_direct_dns on
 *   egress.external_off.rdns  (c) with the boolean off
 *   attack.dns_channel        a helper in rustnet_t sends a secret, one
 *                             byte per PTR query name, through resolved to
 *                             the resolver in rnx-dns1 (a known gap)
 *
 * Each row runs rustnet's TUI in tmux with --json-log (PTR names exist
 * only there and in the pane; headless output has none), taps rustnet_t's
 * connect() calls with an audit rule, and keeps the resolver's query log
 * of its window; the files go to <outdir>/dns/<row>-<mode>/.  The resolver
 * configuration is undone on every path (e2e/guest/dns-paths.sh restore;
 * netfix.sh down restores the files at the runner's exit too).  The
 * decisions are in dns_judge.c.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "sig.h"
#include "core_session.h"
#include "dns_judge.h"
#include "file.h"
#include "sc_helper.h"
#include "shfmt.h"

#define OUTDIR		"/tmp/rnx"	/* rustnet_tmp_t, made by setup */
#define SESSION_S	30		/* capture length of a row */
#define PTR_IP		"198.18.1.10"
#define TAP_RULE	"always,exit -F arch=b64 -S connect -F subj_type=rustnet_t"

#define P  (1u << RN_MODE_PERMISSIVE)
#define E  (1u << RN_MODE_ENFORCING)

struct dns_path {
	const char *session;	/* tmux session name (no dots: tmux targets) */
	const char *cfg;	/* dns-paths.sh enter CFG */
	int direct;		/* rustnet_direct_dns */
	const char *ns;		/* namespace of the dnsmasq whose log counts */
	struct rn_dns_row row;
};

static const struct dns_path stub_on = {
	"dns-stub", "stub", 1, "rnx-dns1",
	{ RN_DNS_WANT_NAMES, "stub.rnx.test", "127.0.0.53" },
};
static const struct dns_path stub_off = {
	"dns-stub-off", "stub", 0, "rnx-dns1",
	{ RN_DNS_WANT_DENIED, "stub.rnx.test", "127.0.0.53" },
};
static const struct dns_path resolved = {
	"dns-resolved", "resolved", 0, "rnx-dns1",
	{ RN_DNS_WANT_NAMES, "stub.rnx.test", NULL },
};
static const struct dns_path ext_on = {
	"dns-ext", "external", 1, "rnx-dns2",
	{ RN_DNS_WANT_NAMES, "ext.rnx.test", "198.19.53.2" },
};
static const struct dns_path ext_off = {
	"dns-ext-off", "external", 0, "rnx-dns2",
	{ RN_DNS_WANT_DENIED, "ext.rnx.test", "198.19.53.2" },
};

/* <outdir>/dns/<id>-<mode>, created.  0 or -1 (r ERROR). */
static int evdir(const struct rn_ctx *ctx, struct rn_result *r,
		 const char *id, char *dir, size_t len)
{
	snprintf(dir, len, "%s/dns/%s-%s", ctx->outdir, id,
		 rn_mode_name(ctx->mode));
	if (rn_sh(r, 10, NULL, "mkdir -p %s %s/panes", dir,
		   ctx->outdir) != 0) {
		rn_set(r, RN_ERROR, "cannot create %s", dir);
		return -1;
	}
	return 0;
}

/* The whole of @path, NUL-terminated (malloc'd; "" for an empty file),
 * or NULL when it cannot be read.  The evidence copies of command output
 * stop at 64 KiB; the judgement reads the files. */
static char *read_all(const char *path)
{
	char *buf = NULL;

	return rn_read_file(path, &buf, NULL) == 0 ? buf : NULL;
}

/* Run `dns-paths.sh ARGS` (ARGS from @fmt, each %s one word as in
 * rn_sh()).  Its exit status, or a negative errno. */
static int fixture(const struct rn_ctx *ctx, struct rn_result *r,
		   char **out, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int fixture(const struct rn_ctx *ctx, struct rn_result *r,
		   char **out, const char *fmt, ...)
{
	char *args;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	args = rn_vshfmt(fmt, ap);
	va_end(ap);
	if (!args)
		return -errno;
	rc = rn_sh(r, 120, out, "sh %s/guest/dns-paths.sh %-s", ctx->bundle,
		    args);
	free(args);
	return rc;
}

/* Size of @ns's query log now (the window's log starts there). */
static long qlog_offset(const struct rn_ctx *ctx, struct rn_result *r,
			const char *ns)
{
	char *out = NULL, *end;
	long off = -1;

	if (fixture(ctx, r, &out, "qlog-size %s", ns) == 0 && out) {
		errno = 0;
		off = strtol(out, &end, 10);
		if (errno || end == out || off < 0)
			off = -1;
	}
	free(out);
	if (off < 0)
		rn_set(r, RN_ERROR, "no query log of the resolver in %s", ns);
	return off;
}

/* The query log of @ns from @off on, saved in @dir, into *log. */
static int qlog_read(const struct rn_ctx *ctx, struct rn_result *r,
		     const char *ns, long off, const char *dir, char **log)
{
	char path[600];
	int rc;

	/* dnsmasq writes its line before it answers; give it a moment */
	sleep(1);
	snprintf(path, sizeof(path), "%s/query-log.txt", dir);
	rc = fixture(ctx, r, NULL, "qlog-save %s %ld %s", ns, off, path);
	*log = rc == 0 ? read_all(path) : NULL;
	if (!*log)
		rn_set(r, RN_ERROR, "cannot read %s's query log (rc %d)", ns,
			rc);
	return *log ? 0 : -1;
}

static int tap_on(struct rn_result *r, const char *key)
{
	if (rn_sh(r, 30, NULL, "auditctl -a " TAP_RULE " -k %s", key) != 0) {
		rn_set(r, RN_ERROR, "cannot add the audit tap on rustnet_t's connect()");
		return -1;
	}
	return 1;
}

/* Remove the tap (when *on is 1) and read its records into *text. */
static void tap_off(struct rn_result *r, int *on, const char *key,
		    const char *dir, char **text)
{
	char path[600];

	if (*on > 0)
		rn_sh(r, 30, NULL, "auditctl -d " TAP_RULE " -k %s", key);
	*on = 0;
	if (!text)
		return;
	/* auditd writes the last records a moment after the calls */
	rn_sh(r, 30, NULL, "sleep 1; for i in 1 2 3 4 5; do "
	       "ausearch --input-logs -k %s > %s/tap.txt 2>&1; "
	       "grep -q 'type=SOCKADDR' %s/tap.txt && break; sleep 1; done; "
	       "grep -c 'type=SOCKADDR' %s/tap.txt; "
	       "grep -a 'type=SOCKADDR' %s/tap.txt | sort -u -k3 | head -n 20",
	       key, dir, dir, dir, dir);
	snprintf(path, sizeof(path), "%s/tap.txt", dir);
	*text = read_all(path);
}

static void note_tap(struct rn_result *r, const struct rn_dns_tap *t,
		     const char *server)
{
	rn_note(r, "audit tap, rustnet_t connect(): %u to %s:53%s%s, %u to another port 53, %u to %s, %u other",
		 t->to_server, server ? server : "(no server)",
		 t->comm[0] ? " by " : "", t->comm, t->other53, t->resolve_sock,
		 RN_DNS_RESOLVE_SOCK, t->other);
}

/* e2e/guest/dns-tap.py on lo in front of the stub, writing the queries
 * to <dir>/stub-queries.txt for the row's window.  1 when listening, -1
 * with r ERROR. */
static int stub_tap_start(const struct rn_ctx *ctx, struct rn_result *r,
			  const char *dir)
{
	char ready[600];
	int i, rc;

	snprintf(ready, sizeof(ready), "%s/stub-tap.ready", dir);
	rc = rn_sh(r, 30, NULL, "rm -f %s; python3 %s/guest/dns-tap.py "
		    "watch lo " RN_DNS_STUB " %d %s </dev/null "
		    ">%s/stub-queries.txt 2>%s/stub-tap.err & "
		    "echo $! > %s/stub-tap.pid", ready, ctx->bundle,
		    SESSION_S + 120, ready, dir, dir, dir);
	for (i = 0; rc == 0 && i < 20 && access(ready, F_OK); i++)
		sleep(1);
	if (rc == 0 && !access(ready, F_OK))
		return 1;
	rn_sh(r, 10, NULL, "cat %s/stub-tap.err", dir);
	rn_set(r, RN_ERROR, "the tap in front of the stub did not start");
	return -1;
}

/* Stop the stub tap (when *on) and read what it saw into *text. */
static void stub_tap_stop(struct rn_result *r, int *on, const char *dir,
			  char **text)
{
	char path[600];

	if (*on)
		rn_sh(r, 10, NULL, "kill \"$(cat %s/stub-tap.pid)\" 2>/dev/null; "
		       "rm -f %s/stub-tap.pid", dir, dir);
	*on = 0;
	if (!text)
		return;
	rn_sh(r, 10, NULL, "wc -l < %s/stub-queries.txt; "
	       "head -n 40 %s/stub-queries.txt", dir, dir);
	snprintf(path, sizeof(path), "%s/stub-queries.txt", dir);
	*text = read_all(path);
}

/* rustnet's quit: 0; a 1.7.0 worker that missed its deadline makes the
 * row GAP (r->gap, core_shutdown.c); anything else FAILs it. */
static void quit(struct rn_result *r, struct rn_session *s)
{
	char *err = NULL;
	int rc = rn_session_quit(r, s), n = 0;

	if (rc == 1 && rn_sh_quiet(10, &err, "cat %s", s->stderr_path) == 0)
		n = rn_shutdown_timeouts(err);
	free(err);
	if (n > 0)
		snprintf(r->gap, sizeof(r->gap),
			 "rustnet exited 1 at q q: %d worker(s) missed the shutdown deadline (core_shutdown.c); no denial involved",
			 n);
	else if (rc != 0)
		rn_set(r, RN_FAIL, "rustnet did not quit cleanly with q q (%d)",
			rc);
}

/* One rustnet session of SESSION_S s with --json-log @json: the final
 * pane's text into *pane, the coloured one saved to @pane_path.  0, or -1
 * with r set. */
static int rustnet(const struct rn_ctx *ctx, struct rn_result *r,
		   const char *name, const char *json, const char *pane_path,
		   char **pane)
{
	struct rn_session s;
	char args[256];

	snprintf(args, sizeof(args), "-i rnx0 --json-log %s", json);
	rn_sh(r, 10, NULL, "rm -f %s", json);
	if (rn_session_start(r, &s, name, ctx->user, OUTDIR, "", args))
		return -1;
	if (rn_session_watch(&s, SESSION_S)) {
		rn_sh(r, 10, NULL, "cat %s", s.stderr_path);
		rn_session_stop(&s);
		rn_set(r, rn_sig_pending() ? RN_ERROR : RN_FAIL,
			"rustnet stopped before %d s had passed", SESSION_S);
		return -1;
	}
	if (rn_session_pane(&s, 0, pane))
		rn_note(r, "no pane text captured");
	rn_session_save_pane(r, &s, pane_path);
	quit(r, &s);
	return 0;
}

static int rdns_path(const struct rn_ctx *ctx, struct rn_result *r,
		     const char *id, const struct dns_path *p)
{
	char dir[512], key[96], json[160], pane_path[512], why[512];
	char *pane = NULL, *names = NULL, *tap = NULL, *log = NULL;
	char *out = NULL, *stub = NULL;
	struct rn_dns_row row = p->row;
	struct rn_dns_obs o = { .have_stub = 0 };
	enum rn_verdict v;
	time_t t0 = time(NULL);
	int on = 0, stub_tap = 0, rc;
	long off;

	/* 1.7.0 cannot load libnss_resolve after its sandbox and falls back
	 * to UDP to the stub: the known denial (core_denied.c) */
	if (p == &resolved &&
	    ctx->rustnet_version >= rn_denied_list[0].since)
		row.want = RN_DNS_WANT_DENIED;
	if (row.want == RN_DNS_WANT_DENIED) {
		r->known_denied |= RN_DENIED_DNS_FALLBACK;
		r->known_denied_required |= RN_DENIED_DNS_FALLBACK;
	}
	snprintf(key, sizeof(key), "rnxdns-%s-%ld", id, (long)t0);
	snprintf(json, sizeof(json), OUTDIR "/%s-%s.json", id,
		 rn_mode_name(ctx->mode));
	snprintf(pane_path, sizeof(pane_path), "%s/panes/%s-%s.ansi",
		 ctx->outdir, id, rn_mode_name(ctx->mode));
	if (evdir(ctx, r, id, dir, sizeof(dir)))
		return 0;
	rc = fixture(ctx, r, NULL, "enter %s %s", p->cfg,
		     p->direct ? "on" : "off");
	if (rc != 0) {
		rn_set(r, RN_ERROR, "dns-paths.sh enter %s %s failed (rc %d)",
			p->cfg, p->direct ? "on" : "off", rc);
		goto cleanup;
	}
	/* the fixture answers an unconfined lookup on this path; then the
	 * cache is emptied, so rustnet's own queries reach the resolver */
	rc = rn_sh(r, 60, &out, "getent hosts " PTR_IP "; rc=$?; "
		    "resolvectl flush-caches; exit $rc");
	if (rc != 0 || !out || !strstr(out, row.domain)) {
		rn_set(r, RN_ERROR,
			"unconfined lookup of " PTR_IP " gave no *.%s name (rc %d): network fixture not up?",
			row.domain, rc);
		goto cleanup;
	}
	off = qlog_offset(ctx, r, p->ns);
	if (off < 0)
		goto cleanup;
	on = tap_on(r, key);
	if (on < 0)
		goto cleanup;
	/* the stub's own view: every path but the external one */
	if (strcmp(p->cfg, "external")) {
		stub_tap = stub_tap_start(ctx, r, dir);
		if (stub_tap < 0)
			goto cleanup;
	}
	t0 = time(NULL);
	if (rustnet(ctx, r, p->session, json, pane_path, &pane))
		goto cleanup;
	tap_off(r, &on, key, dir, &tap);
	o.have_stub = stub_tap;
	stub_tap_stop(r, &stub_tap, dir, o.have_stub ? &stub : NULL);
	if (qlog_read(ctx, r, p->ns, off, dir, &log))
		goto cleanup;
	if (strcmp(p->cfg, "external"))
		fixture(ctx, r, NULL, "journal %ld %ld %s/resolved-journal.txt",
			(long)t0, (long)time(NULL) + 1, dir);
	/* full names only from the JSON log (the pane may cut them); the
	 * names it holds, counted, are the evidence (not the whole log) */
	rn_sh(r, 10, &names, "grep -o '\"[a-z-]*\\.[a-z]*\\.rnx\\.test\"' %s | "
	       "sort | uniq -c | tee %s/json-names.txt; wc -l < %s",
	       json, dir, json);
	rn_dns_shown_scan(pane, names, row.domain, &o.shown);
	rn_dns_tap_scan(tap, row.server, &o.tap);
	rn_dns_qlog_scan(log, &o.qlog);
	rn_dns_qlog_scan(stub, &o.stub);
	note_tap(r, &o.tap, row.server);
	if (o.have_stub)
		rn_note(r, "tap in front of the stub (lo, " RN_DNS_STUB ":53): %u PTR of fixture addresses, %u other PTR, %u other queries (%s/stub-queries.txt)",
			 o.stub.ptr_fixture, o.stub.ptr_other, o.stub.other,
			 dir);
	rn_note(r, "query log of %s in the window: %u PTR of fixture addresses, %u other PTR, %u other queries (%s/query-log.txt)",
		 p->ns, o.qlog.ptr_fixture, o.qlog.ptr_other, o.qlog.other,
		 dir);
	if (r->verdict != RN_PASS)
		goto cleanup;
	v = rn_dns_judge(&row, &o, why, sizeof(why));
	/* a known denial turns the reason into its cost (core_verdict.c):
	 * what the row saw stays in the notes */
	rn_note(r, "%s: %s", rn_verdict_name(v), why);
	rn_set(r, v, "%s", why);

cleanup:
	tap_off(r, &on, key, dir, NULL);
	stub_tap_stop(r, &stub_tap, dir, NULL);
	rc = fixture(ctx, r, NULL, "restore");
	if (rc != 0 && r->verdict == RN_PASS)
		rn_set(r, RN_ERROR,
			"restoring resolv.conf/nsswitch/boolean/log level failed (rc %d)",
			rc);
	free(out);
	free(stub);
	free(pane);
	free(names);
	free(tap);
	free(log);
	return 0;
}

static int sc_stub_on(const struct rn_ctx *ctx, struct rn_result *r)
{
	return rdns_path(ctx, r, "egress.stub.rdns", &stub_on);
}

static int sc_stub_off(const struct rn_ctx *ctx, struct rn_result *r)
{
	return rdns_path(ctx, r, "egress.stub_off.rdns", &stub_off);
}

static int sc_resolved(const struct rn_ctx *ctx, struct rn_result *r)
{
	return rdns_path(ctx, r, "egress.resolved.rdns", &resolved);
}

static int sc_ext_on(const struct rn_ctx *ctx, struct rn_result *r)
{
	return rdns_path(ctx, r, "egress.external.rdns", &ext_on);
}

static int sc_ext_off(const struct rn_ctx *ctx, struct rn_result *r)
{
	return rdns_path(ctx, r, "egress.external_off.rdns", &ext_off);
}

/* --- DNS as a data channel (kind GAP) ------------------------------------ */

/* rnx-ptr, as alice in rustnet_t, looks up 198.19.(100+i).(secret[i]) for
 * each byte of a fresh secret, in the default configuration
 * (rustnet_direct_dns off: NSS resolve -> resolved -> rnx-dns1).  The row
 * holds (core: GAP) when the resolver's log gives back the whole secret. */
static int sc_dns_channel(const struct rn_ctx *ctx, struct rn_result *r)
{
	const char *id = "attack.dns_channel";
	char dir[512], key[96], secret[16], addr[32], st[160] = "", why[400];
	char *tap = NULL, *log = NULL;
	struct rn_dns_tap t;
	enum rn_verdict v;
	size_t i, n;
	time_t t0 = time(NULL);
	int on = 0, rc;
	long off;

	snprintf(secret, sizeof(secret), "%08lx",
		 ((unsigned long)time(NULL) ^ (unsigned long)getpid()) &
		 0xffffffffUL);
	n = strlen(secret);
	snprintf(key, sizeof(key), "rnxdns-chan-%ld", (long)time(NULL));
	if (evdir(ctx, r, id, dir, sizeof(dir)))
		return 0;
	rc = fixture(ctx, r, NULL, "enter resolved off");
	if (rc != 0) {
		rn_set(r, RN_ERROR,
			"dns-paths.sh enter resolved off failed (rc %d)", rc);
		goto cleanup;
	}
	if (rn_sc_helper_domain(ctx, r, RN_AS_USER) < 0 ||
	    rn_sc_avc_reset(ctx, r) < 0)
		goto cleanup;
	off = qlog_offset(ctx, r, "rnx-dns1");
	if (off < 0)
		goto cleanup;
	on = tap_on(r, key);
	if (on < 0)
		goto cleanup;
	for (i = 0; i < n; i++) {
		if (rn_dns_chan_addr(secret, i, addr, sizeof(addr))) {
			rn_set(r, RN_ERROR, "no address for byte %zu", i);
			goto cleanup;
		}
		rc = rn_sc_helper(ctx, r, RN_AS_USER, "rnx-ptr", addr, NULL);
		if (rc < 0)
			goto cleanup;
		snprintf(st + strlen(st), sizeof(st) - strlen(st), "%s%d",
			 i ? " " : "", rc);
	}
	tap_off(r, &on, key, dir, &tap);
	rn_dns_tap_scan(tap, NULL, &t);
	note_tap(r, &t, NULL);
	if (qlog_read(ctx, r, "rnx-dns1", off, dir, &log))
		goto cleanup;
	fixture(ctx, r, NULL, "journal %ld %ld %s/resolved-journal.txt",
		(long)t0, (long)time(NULL) + 1, dir);
	v = rn_dns_chan_judge(secret, log, &t, why, sizeof(why));
	rn_note(r, "rnx-ptr exit statuses %s", st);
	if (v == RN_PASS)
		rn_set(r, v, "known gap, observed: rustnet_t (rnx-ptr, %s): %s; SELinux sees the connection to resolved, never the name asked",
			ctx->user, why);
	else
		rn_set(r, v, "%s (rnx-ptr statuses %s)", why, st);

cleanup:
	tap_off(r, &on, key, dir, NULL);
	rc = fixture(ctx, r, NULL, "restore");
	if (rc != 0 && r->verdict == RN_PASS)
		rn_set(r, RN_ERROR,
			"restoring the boolean/log level failed (rc %d)", rc);
	free(tap);
	free(log);
	return 0;
}

#define C_OFF " Enforcing only: in the permissive pass the denied send goes through."

const struct rn_scenario rn_sc_dns[] = {
	{ "egress.stub.rdns",
	  "(a) resolv.conf nameserver 127.0.0.53 (systemd-resolved's stub), hosts: files dns, rustnet_direct_dns on: rustnet shows *.stub.rnx.test names, the audit tap shows rustnet_t's own connect() to 127.0.0.53:53, the upstream resolver logs the PTR queries the stub forwarded; no rustnet_t AVC.",
	  "6.3", RN_ALLOWED, P | E, sc_stub_on },
	{ "egress.stub_off.rdns",
	  "(a) the same with rustnet_direct_dns off: the udp_socket denial of rustnet's resolver threads is recorded (known-denied, required), rustnet shows addresses and no names, no PTR query reaches the resolver: GAP (the boolean's cost)." C_OFF,
	  "6.3", RN_ALLOWED, E, sc_stub_off },
	{ "egress.resolved.rdns",
	  "(b) the image's own configuration (NSS resolve, resolv.conf the stub), rustnet_direct_dns off: names through resolved's unix socket (audit tap), no port 53 of rustnet's own, the PTR queries in the upstream resolver's log; with rustnet 1.7.0 (no NSS module after its sandbox) the known-denied UDP fallback instead: GAP, addresses shown." C_OFF,
	  "6.3", RN_ALLOWED, E, sc_resolved },
	{ "egress.external.rdns",
	  "(c) resolv.conf nameserver 198.19.53.2 (dnsmasq in the rnx-dns2 namespace), hosts: files dns, rustnet_direct_dns on: *.ext.rnx.test names, rustnet_t's connect() to 198.19.53.2:53 in the audit tap, its PTR queries in rnx-dns2's query log; no rustnet_t AVC.",
	  "6.3", RN_ALLOWED, P | E, sc_ext_on },
	{ "egress.external_off.rdns",
	  "(c) the same with rustnet_direct_dns off: the udp_socket denial recorded (required), addresses shown, nothing in rnx-dns2's query log: GAP." C_OFF,
	  "6.3", RN_ALLOWED, E, sc_ext_off },
	{ NULL, NULL, NULL, 0, 0, NULL }
};

const struct rn_scenario rn_sc_dns_attack[] = {
	{ "attack.dns_channel",
	  "Known limit (DNS as a data channel): a compromised rustnet_t (rnx-ptr as alice, rustnet_direct_dns off) sends a secret one byte per PTR query name through systemd-resolved, and the resolver in rnx-dns1 logs every byte; SELinux cannot see query names, only whom rustnet_t may talk to.",
	  "4.3", RN_GAP, P | E, sc_dns_channel },
	{ NULL, NULL, NULL, 0, 0, NULL }
};
