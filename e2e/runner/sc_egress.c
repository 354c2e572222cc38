// SPDX-License-Identifier: MIT
/*
 * sc_egress.c - the egress configurations of rustnet_t (issue 6):
 *   default   reverse DNS through systemd-resolved; rustnet_t has no UDP
 *             write and no TCP at all, so nothing leaves it;
 *   direct    rustnet_direct_dns on, resolv.conf to the external resolver:
 *             TCP only to dns_port_t, UDP to any port (a documented gap);
 *   guard     direct + the nftables/SECMARK egress guard: UDP to non-DNS
 *             ports denied by "packet send"; the guard fails open.
 * Every configuration change is undone on every path (egress-dns.sh,
 * egress-guard.sh, egress-listener.sh in e2e/guest/).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "sc_egress_ssh.h"
#include "sc_helper.h"

#define BOTH ((1u << RN_MODE_PERMISSIVE) | (1u << RN_MODE_ENFORCING))

/* The network fixture (e2e/guest/netfix.sh): PTR of 198.18.1.10 is
 * tokyo-web.stub.rnx.test through systemd-resolved's upstream and
 * tokyo-web.ext.rnx.test on the external resolver 198.19.53.2. */
#define PTR_IP		"198.18.1.10"
#define PTR_STUB	"tokyo-web.stub.rnx.test"
#define PTR_EXT		"tokyo-web.ext.rnx.test"

enum cfg { CFG_DEFAULT, CFG_DIRECT, CFG_GUARD };

static int script(const struct rn_ctx *ctx, struct rn_result *r,
		  const char *name, const char *arg)
{
	return rn_sh(r, 60, NULL, "sh %s/guest/%s %-s", ctx->bundle, name,
		      arg);
}

/* Switch to @cfg.  0, or negative with r ERROR (restore_cfg() still has to
 * be called: it undoes whatever part was done). */
static int enter_cfg(const struct rn_ctx *ctx, struct rn_result *r,
		     enum cfg cfg)
{
	int rc;

	if (cfg == CFG_DEFAULT)
		return 0;
	rc = script(ctx, r, "egress-dns.sh", "direct");
	if (rc != 0) {
		rn_set(r, RN_ERROR, "egress-dns.sh direct failed (rc %d)",
			rc);
		return rc < 0 ? rc : -EIO;
	}
	if (cfg == CFG_DIRECT)
		return 0;
	rc = script(ctx, r, "egress-guard.sh", "load");
	if (rc != 0) {
		rn_set(r, RN_ERROR, "egress-guard.sh load failed (rc %d)",
			rc);
		return rc < 0 ? rc : -EIO;
	}
	return 0;
}

static void restore_cfg(const struct rn_ctx *ctx, struct rn_result *r,
			enum cfg cfg)
{
	int rc;

	if (cfg == CFG_GUARD) {
		rc = script(ctx, r, "egress-guard.sh", "flush");
		if (rc != 0)
			rn_set(r, RN_ERROR,
				"could not remove the guard table (rc %d)", rc);
	}
	if (cfg != CFG_DEFAULT) {
		rc = script(ctx, r, "egress-dns.sh", "restore");
		if (rc != 0)
			rn_set(r, RN_ERROR,
				"could not restore resolv.conf/nsswitch/boolean (rc %d)",
				rc);
	}
}

/* --- reverse DNS from rustnet_t (kind ALLOWED) -------------------------- */

static int rdns(const struct rn_ctx *ctx, struct rn_result *r, enum cfg cfg,
		const char *want)
{
	char *out = NULL;
	int rc;

	rc = enter_cfg(ctx, r, cfg);
	if (rc < 0)
		goto cleanup;
	/* the fixture answers an unconfined lookup, else nothing is shown */
	rc = rn_sh(r, 60, &out, "getent hosts " PTR_IP);
	if (rc != 0 || !out || !strstr(out, want)) {
		rn_set(r, RN_ERROR,
			"unconfined lookup of " PTR_IP " did not give %s (rc %d): network fixture not up?",
			want, rc);
		rc = -EHOSTUNREACH;
		goto cleanup;
	}
	free(out);
	out = NULL;
	rc = rn_sc_helper_domain(ctx, r, RN_AS_USER);
	if (rc < 0)
		goto cleanup;
	rc = rn_sc_helper(ctx, r, RN_AS_USER, "rnx-ptr", PTR_IP, &out);
	if (rc < 0)
		goto cleanup;
	if (rc != 0 || !out || strncmp(out, want, strlen(want)))
		rn_set(r, RN_FAIL,
			"reverse lookup of " PTR_IP " from rustnet_t gave exit %d \"%s\", expected %s",
			rc, out ? out : "", want);
	else
		rn_note(r, "rustnet_t resolved " PTR_IP " to %s", want);
	rc = 0;
cleanup:
	free(out);
	restore_cfg(ctx, r, cfg);
	return rc;
}

static int sc_default_rdns(const struct rn_ctx *ctx, struct rn_result *r)
{
	return rdns(ctx, r, CFG_DEFAULT, PTR_STUB);
}

static int sc_direct_rdns(const struct rn_ctx *ctx, struct rn_result *r)
{
	return rdns(ctx, r, CFG_DIRECT, PTR_EXT);
}

static int sc_guard_rdns(const struct rn_ctx *ctx, struct rn_result *r)
{
	return rdns(ctx, r, CFG_GUARD, PTR_EXT);
}

/* --- UDP to 127.0.0.1:1234 ---------------------------------------------- */

/* Send one datagram with a fresh marker from rustnet_t; returns how many
 * arrived at the listener (>= 0), negative with r ERROR. */
static int udp_probe(const struct rn_ctx *ctx, struct rn_result *r,
		     const char *tag)
{
	char marker[96], args[160];
	int rc;

	rn_sc_marker(marker, sizeof(marker), tag);
	snprintf(args, sizeof(args), "127.0.0.1 %d %s", RN_SC_UDP_PORT,
		 marker);
	rc = rn_sc_helper(ctx, r, RN_AS_USER, "rnx-udp-send", args, NULL);
	if (rc < 0)
		return rc;
	rn_note(r, "%s: rnx-udp-send exit %d (%s)", tag, rc,
		 rc ? strerror(rc) : "sent");
	rc = rn_sc_listen_count(ctx, r, marker);
	if (rc >= 0)
		rn_note(r, "%s: %d datagram(s) with marker %s arrived", tag,
			 rc, marker);
	return rc;
}

/* ATTACK: default (no udp_socket write) or guard (packet send). */
static int udp_attack(const struct rn_ctx *ctx, struct rn_result *r,
		      enum cfg cfg)
{
	int rc = 0;

	if (cfg == CFG_GUARD)
		/* the SECMARK drop on output comes back as ECONNREFUSED */
		rn_sc_expect(ctx, r, "send", "packet",
			      "rustnet_nondns_packet_t", NULL, ECONNREFUSED);
	else
		rc = rn_sc_expect_alt(ctx, r, "write", "udp_socket",
				      "rustnet_t", "rnx-udp-send", EACCES,
				      rn_alt_udp_write);
	if (rc)	/* SKIP: this pass cannot see it; negative: ERROR */
		return rc < 0 ? rc : 0;
	rc = enter_cfg(ctx, r, cfg);
	if (rc < 0)
		goto cleanup;
	rc = rn_sc_listen_start(ctx, r);
	if (rc < 0)
		goto cleanup;
	rc = rn_sc_helper_domain(ctx, r, RN_AS_USER);
	if (rc < 0)
		goto stop;
	rc = rn_sc_avc_reset(ctx, r);
	if (rc < 0)
		goto stop;
	rc = udp_probe(ctx, r, "egress-udp");
	if (rc < 0)
		goto stop;
	if (ctx->mode == RN_MODE_ENFORCING && rc > 0)
		rn_set(r, RN_FAIL,
			"the datagram from rustnet_t arrived at 127.0.0.1:1234");
	rc = 0;
stop:
	rn_sc_listen_stop(ctx, r);
cleanup:
	restore_cfg(ctx, r, cfg);
	return rc;
}

static int sc_default_udp(const struct rn_ctx *ctx, struct rn_result *r)
{
	return udp_attack(ctx, r, CFG_DEFAULT);
}

static int sc_guard_udp(const struct rn_ctx *ctx, struct rn_result *r)
{
	return udp_attack(ctx, r, CFG_GUARD);
}

/* GAP: direct DNS without the guard lets UDP to any port out. */
static int sc_direct_udp(const struct rn_ctx *ctx, struct rn_result *r)
{
	int rc;

	rc = enter_cfg(ctx, r, CFG_DIRECT);
	if (rc < 0)
		goto cleanup;
	rc = rn_sc_listen_start(ctx, r);
	if (rc < 0)
		goto cleanup;
	rc = rn_sc_helper_domain(ctx, r, RN_AS_USER);
	if (rc < 0)
		goto stop;
	rc = udp_probe(ctx, r, "egress-direct-udp");
	if (rc < 0)
		goto stop;
	if (rc > 0 && r->observed_errno == 0)
		rn_set(r, RN_PASS,
			"EXPECTED GAP: UDP to 1234 not blocked without guard; datagram arrived at listener");
	else
		rn_set(r, RN_FAIL,
			"the documented gap is not as documented: rnx-udp-send exit %d, %d datagram(s) arrived",
			r->observed_errno, rc);
	rc = 0;
stop:
	rn_sc_listen_stop(ctx, r);
cleanup:
	restore_cfg(ctx, r, CFG_DIRECT);
	return rc;
}

/* GAP: deleting the guard's table turns the checks off again. */
static int sc_guard_fail_open(const struct rn_ctx *ctx, struct rn_result *r)
{
	int rc, before, after;

	rc = enter_cfg(ctx, r, CFG_GUARD);
	if (rc < 0)
		goto cleanup;
	rc = rn_sc_listen_start(ctx, r);
	if (rc < 0)
		goto cleanup;
	rc = rn_sc_helper_domain(ctx, r, RN_AS_USER);
	if (rc < 0)
		goto stop;
	before = udp_probe(ctx, r, "guard-loaded");
	if (before < 0) {
		rc = before;
		goto stop;
	}
	rc = script(ctx, r, "egress-guard.sh", "flush");
	if (rc != 0) {
		rn_set(r, RN_ERROR, "egress-guard.sh flush failed (rc %d)",
			rc);
		rc = rc < 0 ? rc : -EIO;
		goto stop;
	}
	after = udp_probe(ctx, r, "guard-flushed");
	if (after < 0) {
		rc = after;
		goto stop;
	}
	rc = 0;
	if (ctx->mode == RN_MODE_ENFORCING && before > 0)
		rn_set(r, RN_FAIL,
			"with the guard loaded the datagram arrived (%d)",
			before);
	else if (after > 0 && r->observed_errno == 0)
		rn_set(r, RN_PASS,
			"EXPECTED GAP: guard table deleted, checks off: UDP from rustnet_t to 1234 arrives again (fails open)");
	else
		rn_set(r, RN_FAIL,
			"after deleting the guard table the datagram did not arrive (exit %d, %d arrived)",
			r->observed_errno, after);
stop:
	rn_sc_listen_stop(ctx, r);
cleanup:
	restore_cfg(ctx, r, CFG_GUARD);
	return rc;
}

/* --- TCP to 127.0.0.1:1234 ---------------------------------------------- */

static char port_type[64];

static int tcp_attack(const struct rn_ctx *ctx, struct rn_result *r,
		      enum cfg cfg)
{
	int rc;

	if (cfg == CFG_DEFAULT) {
		/* no tcp_socket permission at all: socket() fails */
		rn_sc_expect(ctx, r, "create", "tcp_socket", "rustnet_t",
			      "rnx-tcp-connect", EACCES);
	} else {
		/* name_connect only to dns_port_t */
		rc = rn_sc_tcp_port_type(r, 1234, port_type,
					  sizeof(port_type));
		if (rc < 0)
			return rc;
		rn_sc_expect(ctx, r, "name_connect", "tcp_socket", port_type,
			      "rnx-tcp-connect", EACCES);
	}
	rc = enter_cfg(ctx, r, cfg);
	if (rc < 0)
		goto cleanup;
	rc = rn_sc_helper_domain(ctx, r, RN_AS_USER);
	if (rc < 0)
		goto cleanup;
	rc = rn_sc_avc_reset(ctx, r);
	if (rc < 0)
		goto cleanup;
	rc = rn_sc_helper(ctx, r, RN_AS_USER, "rnx-tcp-connect",
			   "127.0.0.1 1234", NULL);
	if (rc >= 0) {
		rn_note(r, "rnx-tcp-connect exit %d (%s)", rc,
			 rc ? strerror(rc) : "connected");
		rc = 0;
	}
cleanup:
	restore_cfg(ctx, r, cfg);
	return rc;
}

static int sc_default_tcp(const struct rn_ctx *ctx, struct rn_result *r)
{
	return tcp_attack(ctx, r, CFG_DEFAULT);
}

static int sc_direct_tcp(const struct rn_ctx *ctx, struct rn_result *r)
{
	return tcp_attack(ctx, r, CFG_DIRECT);
}

/* --- the guard leaves the rest of the guest alone (kind META) ------------ */

/* Network classes: a record of another domain in one of these while the
 * guard is loaded is collateral damage of the guard. */
static int network_class(const char *tclass)
{
	static const char *const cls[] = { "packet", "peer", "node", "netif",
					   NULL };
	size_t n = strlen(tclass);
	int i;

	for (i = 0; cls[i]; i++)
		if (!strcmp(tclass, cls[i]))
			return 1;
	return n > 7 && !strcmp(tclass + n - 7, "_socket");
}

/* Wait until auditd has written everything up to now, then report every
 * record in [since, now] whose subject is not rustnet_t; returns how many
 * of them are network records (>= 0) or negative with r ERROR.  The others
 * (e.g. statfs of /proc by setsebool while dontaudit is off) are listed in
 * the notes only. */
static int collateral_avcs(struct rn_result *r, time_t since)
{
	struct rn_avc_list l = { 0 };
	char line[512], why[256];
	size_t i, bad = 0, net = 0;
	int rc;

	rc = rn_audit_mark("collateral", why, sizeof(why));
	if (rc < 0) {
		rn_set(r, RN_ERROR, "audit marker not written: %s", why);
		return rc;
	}
	rc = rn_avc_extract(RN_AUDIT_LOG, since, 0, 1, &l, &bad);
	if (rc < 0) {
		rn_set(r, RN_ERROR, "reading " RN_AUDIT_LOG ": %s",
			strerror(-rc));
		return rc;
	}
	for (i = 0; i < l.n; i++) {
		int isnet = network_class(l.v[i].tclass);

		if (!strcmp(l.v[i].stype, "rustnet_t"))
			continue;
		net += isnet;
		if (rn_avc_format(&l.v[i], line, sizeof(line)) == 0)
			rn_note(r, "%s: %s", isnet ? "COLLATERAL" : "unrelated",
				 line);
	}
	if (bad)
		rn_note(r, "%zu unparsable audit record(s) skipped", bad);
	rn_avc_list_free(&l);
	return (int)(net > 1000 ? 1000 : net);
}

static int sc_guard_collateral(const struct rn_ctx *ctx,
			       struct rn_result *r)
{
	const char *u = ctx->user ? ctx->user : "alice";
	time_t since = time(NULL);
	char marker[96];
	int rc, n, fails = 0;

	rc = enter_cfg(ctx, r, CFG_GUARD);
	if (rc < 0)
		goto cleanup;
	rc = rn_sc_listen_start(ctx, r);
	if (rc < 0)
		goto cleanup;
	/* unconfined UDP to the same port still arrives */
	rn_sc_marker(marker, sizeof(marker), "unconfined-udp");
	rc = rn_sh(r, 30, NULL,
		    "printf '%%s\\n' %s | runuser -u %s -- nc -u -w1 127.0.0.1 %d",
		    marker, u, RN_SC_UDP_PORT);
	n = rn_sc_listen_count(ctx, r, marker);
	rn_sc_listen_stop(ctx, r);
	if (n < 0) {
		rc = n;
		goto cleanup;
	}
	if (n == 0) {
		rn_note(r, "FAIL: the user's unconfined nc -u to 1234 did not arrive (nc rc %d)",
			 rc);
		fails++;
	}
	/* DNS and TCP from unconfined processes */
	if (rn_sh(r, 60, NULL, "getent hosts " PTR_IP " | grep -F " PTR_EXT)) {
		rn_note(r, "FAIL: unconfined reverse lookup failed under the guard");
		fails++;
	}
	if (rn_sh(r, 60, NULL,
		   "runuser -u %s -- curl -sS -o /dev/null -m 20 -w '%%{http_code}\\n' http://" PTR_IP "/",
		   u)) {
		rn_note(r, "FAIL: the user's curl to http://" PTR_IP "/ failed under the guard");
		fails++;
	}
	n = collateral_avcs(r, since);
	if (n < 0) {
		rc = n;
		goto cleanup;
	}
	if (n > 0) {
		rn_note(r, "FAIL: %d network record(s) from other domains while the guard was loaded",
			 n);
		fails++;
	}
	rc = 0;
	if (fails)
		rn_set(r, RN_FAIL,
			"%d check(s) of the rest of the guest failed under the guard (see notes)",
			fails);
	else
		rn_set(r, RN_PASS,
			"guard loaded: unconfined UDP to 1234 arrives, DNS and HTTP work, no network AVC from any other domain");
cleanup:
	restore_cfg(ctx, r, CFG_GUARD);
	return rc;
}

static int sc_guard_ssh(const struct rn_ctx *ctx, struct rn_result *r)
{
	int rc;

	rc = enter_cfg(ctx, r, CFG_GUARD);
	if (rc >= 0)
		rc = rn_sc_ssh_channel(r);
	restore_cfg(ctx, r, CFG_GUARD);
	return rc;
}

const struct rn_scenario rn_sc_egress[] = {
	{ "egress.default.udp_1234",
	  "Default configuration: UDP from rustnet_t to 127.0.0.1:1234 is denied (udp_socket write) and nothing arrives.",
	  "6.3", RN_ATTACK, BOTH, sc_default_udp },
	{ "egress.default.tcp_1234",
	  "Default configuration: TCP from rustnet_t to 127.0.0.1:1234 is denied (tcp_socket create).",
	  "6.3", RN_ATTACK, BOTH, sc_default_tcp },
	{ "egress.default.rdns",
	  "Default configuration: reverse DNS from rustnet_t works through systemd-resolved.",
	  "6.3", RN_ALLOWED, BOTH, sc_default_rdns },
	{ "egress.direct.rdns",
	  "rustnet_direct_dns on, external resolver: reverse DNS from rustnet_t works.",
	  "6.3", RN_ALLOWED, BOTH, sc_direct_rdns },
	{ "egress.direct.tcp_1234",
	  "rustnet_direct_dns on: TCP from rustnet_t to port 1234 is denied (name_connect).",
	  "6.3", RN_ATTACK, BOTH, sc_direct_tcp },
	{ "egress.direct.udp_1234",
	  "gap documented: rustnet_direct_dns on without the guard, a UDP datagram from rustnet_t to 127.0.0.1:1234 arrives.",
	  "6.3", RN_GAP, BOTH, sc_direct_udp },
	{ "egress.guard.udp_1234",
	  "Guard loaded: UDP from rustnet_t to 127.0.0.1:1234 is denied (packet send) and nothing arrives.",
	  "6.3", RN_ATTACK, BOTH, sc_guard_udp },
	{ "egress.guard.rdns",
	  "Guard loaded: reverse DNS from rustnet_t through the external resolver works.",
	  "6.3", RN_ALLOWED, BOTH, sc_guard_rdns },
	{ "egress.guard.collateral",
	  "Guard loaded: other processes' UDP to 1234, DNS and HTTP work and no other domain gets an AVC.",
	  "6.3", RN_META, BOTH, sc_guard_collateral },
	{ "egress.guard.ssh_channel",
	  "Guard loaded: the ssh control session of the run still carries data.",
	  "6.3", RN_META, BOTH, sc_guard_ssh },
	{ "egress.guard.fail_open",
	  "gap documented: after the guard table is deleted, UDP from rustnet_t to 127.0.0.1:1234 arrives again (fails open).",
	  "6.3", RN_GAP, BOTH, sc_guard_fail_open },
	{ NULL, NULL, NULL, 0, 0, NULL }
};
