// SPDX-License-Identifier: MIT
/*
 * test_dns_paths.c - the DNS rows of sc_dns_paths.c without a guest: the
 * guest commands (rn_sh), the rustnet session, the helpers, sleep() and
 * access() are fakes (-Wl,--wrap and plain definitions), the evidence
 * files live in a temporary outdir.  What is checked: the resolver
 * configuration is restored and the audit tap and stub tap are removed on
 * every path, the denial rows require the known denial, and the verdicts
 * the scenario sets from what the fakes show.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "fake_sh.h"
#include "core.h"
#include "core_session.h"
#include "sc_helper.h"

/* ------------------------------------------------------------ fakes */

struct fake {
	int enter_rc, getent_rc, restore_rc, session_rc;
	const char *getent_out;	/* names the unconfined lookup prints */
	const char *pane;	/* rustnet's final pane */
	const char *names;	/* the JSON log's fixture names */
	const char *tap;	/* ausearch output of the audit tap */
	const char *stub;	/* the stub tap's lines */
	const char *qlog;	/* the resolver's log of the window */
	int helper_rc;		/* rnx-ptr's exit status */
	int relay;		/* the resolver logs what rnx-ptr asked */
	char asked[4096];	/* those log lines */
	/* what happened */
	int restores, tap_adds, tap_dels, stub_starts, stub_kills, sessions;
	int helpers;
	char dir[256];		/* evidence dir of the last mkdir */
};
static struct fake F;

#define STUB_HEX "020000357F0000350000000000000000"
#define RESOLVE_HEX "01002F72756E2F73797374656D642F7265736F6C76652F696F2E73797374656D642E5265736F6C766500"

static int write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return -errno;
	fputs(text ? text : "", f);
	return fclose(f) ? -errno : 0;
}

/* The shell word at @p, unquoted (bare characters, '...' runs and \',
 * as rn_shfmt writes them), into @w. */
static void shell_word(const char *p, char *w, size_t len)
{
	size_t n = 0;
	int q = 0;

	for (; *p && (q || *p != ' ') && n + 1 < len; p++) {
		if (*p == '\'')
			q = !q;
		else if (*p == '\\' && !q && p[1])
			w[n++] = *++p;
		else
			w[n++] = *p;
	}
	w[n] = '\0';
}

/* Every file of a row goes to the evidence directory of its last mkdir
 * (the row's dns/<row>-<mode>/); @cmd must name @name. */
static void dir_of(const char *cmd, const char *name, char *dir, size_t len)
{
	snprintf(dir, len, "%s", strstr(cmd, name) ? F.dir : "");
}

int __wrap_rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
		   const char *fmt, ...);
int __wrap_rn_sh_quiet(unsigned int timeout_s, char **out,
			 const char *fmt, ...);
unsigned int __wrap_sleep(unsigned int s);
int __wrap_access(const char *path, int mode);

/* Answer one guest command by what it asks for. */
static int answer(const char *cmd, char **out)
{
	char dir[512];
	const char *o = NULL;
	int rc = 0;

	if (!strncmp(cmd, "mkdir -p ", 9)) {
		/* a real shell makes the directories: the outdir's space and
		 * quote survive the quoting */
		shell_word(cmd + 9, F.dir, sizeof(F.dir));
		rc = system(cmd);
	} else if (strstr(cmd, "dns-paths.sh enter")) {
		rc = F.enter_rc;
	} else if (strstr(cmd, "dns-paths.sh restore")) {
		F.restores++;
		rc = F.restore_rc;
	} else if (strstr(cmd, "dns-paths.sh qlog-size")) {
		o = "100\n";
	} else if (strstr(cmd, "dns-paths.sh qlog-save")) {
		dir_of(cmd, "query-log.txt", dir, sizeof(dir));
		rc = write_file(dir, "query-log.txt",
				F.relay ? F.asked : F.qlog) ? 1 : 0;
	} else if (strstr(cmd, "getent hosts")) {
		o = F.getent_out;
		rc = F.getent_rc;
	} else if (strstr(cmd, "auditctl -a")) {
		F.tap_adds++;
	} else if (strstr(cmd, "auditctl -d")) {
		F.tap_dels++;
	} else if (strstr(cmd, "dns-tap.py")) {
		F.stub_starts++;
		dir_of(cmd, "stub-queries.txt", dir, sizeof(dir));
		rc = write_file(dir, "stub-queries.txt", F.stub) ? 1 : 0;
	} else if (strstr(cmd, "stub-tap.pid)\"")) {
		F.stub_kills++;
	} else if (strstr(cmd, "ausearch")) {
		dir_of(cmd, "tap.txt", dir, sizeof(dir));
		rc = write_file(dir, "tap.txt", F.tap) ? 1 : 0;
	} else if (strstr(cmd, "grep -o")) {
		o = F.names;
	}
	if (out)
		*out = o ? strdup(o) : NULL;
	return rc;
}

int __wrap_rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
		   const char *fmt, ...)
{
	char *cmd = NULL;
	va_list ap;
	int rc;

	(void)r;
	(void)timeout_s;
	va_start(ap, fmt);
	cmd = rn_vshfmt(fmt, ap);
	va_end(ap);
	if (!cmd)
		return -errno;
	rc = answer(cmd, out);
	free(cmd);
	return rc;
}

int __wrap_rn_sh_quiet(unsigned int timeout_s, char **out,
			 const char *fmt, ...)
{
	(void)timeout_s;
	(void)fmt;
	if (out)
		*out = strdup("");
	return 0;
}

unsigned int __wrap_sleep(unsigned int s)
{
	(void)s;
	return 0;
}

int __wrap_access(const char *path, int mode)
{
	(void)path;
	(void)mode;
	return 0;	/* the stub tap is ready at once */
}

int rn_session_start(struct rn_result *r, struct rn_session *s,
		      const char *name, const char *user, const char *cwd,
		      const char *prefix, const char *args)
{
	(void)user;
	(void)cwd;
	(void)prefix;
	(void)args;
	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	F.sessions++;
	if (F.session_rc)
		rn_set(r, RN_ERROR, "fake: rustnet did not start");
	return F.session_rc;
}

int rn_session_watch(const struct rn_session *s, unsigned int secs)
{
	(void)s;
	(void)secs;
	return 0;
}

int rn_session_pane(const struct rn_session *s, int ansi, char **out)
{
	(void)s;
	(void)ansi;
	*out = strdup(F.pane ? F.pane : "");
	return *out ? 0 : -ENOMEM;
}

int rn_session_save_pane(struct rn_result *r, const struct rn_session *s,
			  const char *path)
{
	(void)r;
	(void)s;
	(void)path;
	return 0;
}

int rn_session_quit(struct rn_result *r, struct rn_session *s)
{
	(void)r;
	(void)s;
	return 0;
}

void rn_session_stop(struct rn_session *s)
{
	(void)s;
}

int rn_sc_helper_domain(const struct rn_ctx *ctx, struct rn_result *r,
			 enum rn_sc_as as)
{
	(void)ctx;
	(void)r;
	(void)as;
	return 0;
}

int rn_sc_helper(const struct rn_ctx *ctx, struct rn_result *r,
		  enum rn_sc_as as, const char *name, const char *args,
		  char **out)
{
	(void)ctx;
	(void)as;
	(void)name;
	(void)args;
	unsigned int a, b, c, d;

	F.helpers++;
	if (out)
		*out = NULL;
	if (F.relay && sscanf(args, "%u.%u.%u.%u", &a, &b, &c, &d) == 4)
		snprintf(F.asked + strlen(F.asked),
			 sizeof(F.asked) - strlen(F.asked),
			 "dnsmasq[9]: query[PTR] %u.%u.%u.%u.in-addr.arpa from 198.18.0.1\n",
			 d, c, b, a);
	r->observed_errno = F.helper_rc;
	return F.helper_rc;
}

int rn_sc_avc_reset(const struct rn_ctx *ctx, struct rn_result *r)
{
	(void)ctx;
	(void)r;
	return 0;
}

/* ------------------------------------------------------------ tests */

/* a space and a quote in the path: every command must keep it one word */
static char outdir[] = "/tmp/rnx test's-dns.XXXXXX";

static const struct rn_scenario *row(const char *id)
{
	const struct rn_scenario *t[] = { rn_sc_dns, rn_sc_dns_attack };
	size_t i;
	const struct rn_scenario *sc;

	for (i = 0; i < 2; i++)
		for (sc = t[i]; sc->id; sc++)
			if (!strcmp(sc->id, id))
				return sc;
	fail_msg("no row %s", id);
	return NULL;
}

static void run(const char *id, unsigned int version, struct rn_result *r)
{
	struct rn_ctx ctx = {
		.mode = RN_MODE_ENFORCING, .outdir = outdir,
		.bundle = "/opt/rnx", .user = "alice",
		.rustnet_version = version,
	};

	rn_result_init(r);
	assert_int_equal(row(id)->run(&ctx, r), 0);
}

/* The fixture of a stub row that works: names, rustnet_t's connect to
 * the stub, the queries at the stub and upstream. */
static void stub_names(void)
{
	memset(&F, 0, sizeof(F));
	F.getent_out = "198.18.1.10 tokyo-web.stub.rnx.test\n";
	F.pane = "TCP 198.18.0.1:40000 tokyo-web.stub.rnx.test:80 JP";
	F.names = "      3 \"tokyo-web.stub.rnx.test\"\n";
	F.tap = "type=SOCKADDR msg=audit(1.1:7): saddr=" STUB_HEX "\n"
		"type=SYSCALL msg=audit(1.1:7): arch=c000003e syscall=42 success=yes comm=\"dns-resolver-0\" subj=u:r:rustnet_t:s0 key=\"k\"\n";
	F.stub = "query[PTR] 10.1.18.198.in-addr.arpa from 127.0.0.1#40000\n";
	F.qlog = "dnsmasq[9]: query[PTR] 10.1.18.198.in-addr.arpa from 198.18.0.1\n";
}

/* Everything put back and taken down, once. */
static void assert_clean(int tap, int stub)
{
	assert_int_equal(F.restores, 1);
	assert_int_equal(F.tap_dels, tap);
	assert_int_equal(F.stub_kills, stub);
}

static void test_stub_on_pass(void **state)
{
	struct rn_result r;

	(void)state;
	stub_names();
	run("egress.stub.rdns", 10700, &r);
	assert_int_equal(r.verdict, RN_PASS);
	assert_non_null(strstr(r.reason, "names shown"));
	assert_int_equal(r.known_denied_required, 0);
	assert_int_equal(F.tap_adds, 1);
	assert_int_equal(F.stub_starts, 1);
	assert_clean(1, 1);
	rn_result_free(&r);
}

static void test_stub_on_no_stub_queries(void **state)
{
	struct rn_result r;

	(void)state;
	stub_names();
	F.stub = "";
	run("egress.stub.rdns", 10700, &r);
	assert_int_equal(r.verdict, RN_FAIL);
	assert_non_null(strstr(r.reason, "tap in front of the stub"));
	assert_clean(1, 1);
	rn_result_free(&r);
}

static void test_enter_fails(void **state)
{
	struct rn_result r;

	(void)state;
	stub_names();
	F.enter_rc = 3;
	run("egress.stub.rdns", 10700, &r);
	assert_int_equal(r.verdict, RN_ERROR);
	assert_int_equal(F.tap_adds, 0);
	assert_int_equal(F.sessions, 0);
	assert_clean(0, 0);
	rn_result_free(&r);
}

static void test_fixture_down(void **state)
{
	struct rn_result r;

	(void)state;
	stub_names();
	F.getent_rc = 2;
	F.getent_out = "";
	run("egress.external.rdns", 10700, &r);
	assert_int_equal(r.verdict, RN_ERROR);
	assert_non_null(strstr(r.reason, "fixture not up"));
	assert_int_equal(F.sessions, 0);
	assert_clean(0, 0);
	rn_result_free(&r);
}

static void test_session_fails(void **state)
{
	struct rn_result r;

	(void)state;
	stub_names();
	F.session_rc = -EIO;
	run("egress.stub.rdns", 10700, &r);
	assert_int_equal(r.verdict, RN_ERROR);
	/* the audit rule and the stub tap go, the files come back */
	assert_clean(1, 1);
	rn_result_free(&r);
}

static void test_restore_fails(void **state)
{
	struct rn_result r;

	(void)state;
	stub_names();
	F.restore_rc = 1;
	run("egress.stub.rdns", 10700, &r);
	assert_int_equal(r.verdict, RN_ERROR);
	assert_non_null(strstr(r.reason, "restoring"));
	rn_result_free(&r);
}

static void test_denied_rows(void **state)
{
	struct rn_result r;

	(void)state;
	/* (a) off: addresses, nothing at the stub or upstream; the known
	 * denial is required (the core then makes the row GAP) */
	stub_names();
	F.pane = "TCP 198.18.0.1:40000 198.18.1.10:80 JP";
	F.names = "";
	F.stub = "";
	F.qlog = "";
	run("egress.stub_off.rdns", 10600, &r);
	assert_int_equal(r.verdict, RN_PASS);
	assert_true(r.known_denied_required & RN_DENIED_DNS_FALLBACK);
	assert_non_null(strstr(r.reason, "addresses shown"));
	assert_clean(1, 1);
	rn_result_free(&r);
	/* (b) with 1.7.0 is the same fallback; with 1.6.0 it wants names */
	run("egress.resolved.rdns", 10700, &r);
	assert_int_equal(r.verdict, RN_PASS);
	assert_true(r.known_denied_required & RN_DENIED_DNS_FALLBACK);
	rn_result_free(&r);
	run("egress.resolved.rdns", 10600, &r);
	assert_int_equal(r.verdict, RN_FAIL);
	assert_int_equal(r.known_denied_required, 0);
	rn_result_free(&r);
	/* a query that reached the resolver fails the off row */
	F.getent_out = "198.18.1.10 tokyo-web.ext.rnx.test\n";
	F.qlog = "query[PTR] 72.0.0.192.in-addr.arpa from 198.18.0.1\n";
	run("egress.external_off.rdns", 10700, &r);
	assert_int_equal(r.verdict, RN_FAIL);
	assert_non_null(strstr(r.reason, "reached the resolver"));
	rn_result_free(&r);
}

static void test_resolved_names(void **state)
{
	struct rn_result r;

	(void)state;
	stub_names();
	F.tap = "type=SOCKADDR msg=audit(1.1:8): saddr=" RESOLVE_HEX "\n"
		"type=SYSCALL msg=audit(1.1:8): arch=c000003e syscall=42 success=yes comm=\"dns-resolver-1\" subj=u:r:rustnet_t:s0 key=\"k\"\n";
	F.stub = "";
	run("egress.resolved.rdns", 10600, &r);
	assert_int_equal(r.verdict, RN_PASS);
	assert_non_null(strstr(r.reason, "io.systemd.Resolve"));
	assert_clean(1, 1);
	rn_result_free(&r);
}

static void test_external_pass(void **state)
{
	struct rn_result r;

	(void)state;
	stub_names();
	F.getent_out = "198.18.1.10 tokyo-web.ext.rnx.test\n";
	F.names = "      2 \"saopaulo-web.ext.rnx.test\"\n";
	F.tap = "type=SOCKADDR msg=audit(1.1:7): saddr=02000035C61335020000000000000000\n"
		"type=SYSCALL msg=audit(1.1:7): arch=c000003e syscall=42 success=yes comm=\"dns-resolver-2\" subj=u:r:rustnet_t:s0 key=\"k\"\n";
	run("egress.external.rdns", 10700, &r);
	assert_int_equal(r.verdict, RN_PASS);
	assert_non_null(strstr(r.reason, "198.19.53.2"));
	/* no stub on this path: no tap in front of it */
	assert_int_equal(F.stub_starts, 0);
	assert_clean(1, 0);
	rn_result_free(&r);
}

static void test_channel(void **state)
{
	struct rn_result r;

	(void)state;
	memset(&F, 0, sizeof(F));
	F.helper_rc = 202;	/* EAI_NONAME: the resolver knows no name */
	F.tap = "type=SOCKADDR msg=audit(1.1:9): saddr=" RESOLVE_HEX "\n"
		"type=SYSCALL msg=audit(1.1:9): arch=c000003e syscall=42 success=yes comm=\"rnx-ptr\" subj=u:r:rustnet_t:s0 key=\"k\"\n";
	/* the resolver logs what rnx-ptr asked through resolved: the gap */
	F.relay = 1;
	run("attack.dns_channel", 10700, &r);
	assert_int_equal(r.verdict, RN_PASS);
	assert_non_null(strstr(r.reason, "known gap, observed"));
	assert_int_equal(F.helpers, 8);
	assert_clean(1, 0);
	rn_result_free(&r);
	/* nothing at the resolver: the stated channel is closed */
	memset(F.asked, 0, sizeof(F.asked));
	F.relay = 0;
	F.qlog = "";
	F.restores = F.tap_dels = 0;
	run("attack.dns_channel", 10700, &r);
	assert_int_equal(r.verdict, RN_FAIL);
	assert_non_null(strstr(r.reason, "looks closed"));
	assert_clean(1, 0);
	rn_result_free(&r);
	/* it arrived, but the tap saw no connect to resolved's socket */
	F.relay = 1;
	F.tap = "";
	run("attack.dns_channel", 10700, &r);
	assert_int_equal(r.verdict, RN_FAIL);
	assert_non_null(strstr(r.reason, "not through resolved's socket"));
	rn_result_free(&r);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(outdir) ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = rn_shfmt("rm -rf %s", outdir);
	int rc;

	(void)state;
	rc = cmd && system(cmd) == 0 ? 0 : -1;
	free(cmd);
	return rc;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stub_on_pass),
		cmocka_unit_test(test_stub_on_no_stub_queries),
		cmocka_unit_test(test_enter_fails),
		cmocka_unit_test(test_fixture_down),
		cmocka_unit_test(test_session_fails),
		cmocka_unit_test(test_restore_fails),
		cmocka_unit_test(test_denied_rows),
		cmocka_unit_test(test_resolved_names),
		cmocka_unit_test(test_external_pass),
		cmocka_unit_test(test_channel),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
