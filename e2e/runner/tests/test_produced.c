// SPDX-License-Identifier: MIT
/*
 * test_produced.c - "rustnet did its work, checked from what it produced"
 * without a guest: the config-applied and liveness checks (core_config.c,
 * core_alive.c) on recorded and generated output, and the broken-policy
 * regression cases of issue 12 fed through the verdict code:
 *   (a) the config read rule replaced by a dontaudit: no AVC in the window,
 *       rustnet on its defaults -> FAIL naming config.toml;
 *   (c) traffic that stops after minute 2 of a 5-minute capture -> FAIL
 *       naming liveness.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core.h"

/* tests run in build/runner/tests; __FILE__ is runner/tests/... */
#define FIXTURES "../../../runner/tests/fixtures/"

#define T0 1796083200	/* 2026-12-01T00:00:00Z */

static char *read_fixture(const char *name)
{
	char path[256];
	char *buf = NULL;
	long n;
	FILE *f;

	snprintf(path, sizeof(path), FIXTURES "%s", name);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET))
		goto cleanup;
	buf = malloc((size_t)n + 1);
	if (!buf)
		goto cleanup;
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		free(buf);
		buf = NULL;
		goto cleanup;
	}
	buf[n] = '\0';
cleanup:
	fclose(f);
	return buf;
}

/* A pane drawn with the override: the tab strip's rule in colour 13 */
static char *pane_with_override(void)
{
	static const char rule[] = "\xe2\x94\x80";	/* U+2500 */
	char *p = malloc(4096);
	size_t off;
	int i;

	if (!p)
		return NULL;
	off = (size_t)sprintf(p, "\x1b[1m\x1b[38;5;12m rustnet \x1b[0m\x1b[39m\x1b[49m   "
			      "\x1b[38;5;12m1 \x1b[1mOverview\x1b[0m\x1b[39m\x1b[49m\n"
			      "\x1b[38;5;13m");
	for (i = 0; i < 150; i++)
		off += (size_t)sprintf(p + off, "%s", rule);
	sprintf(p + off, "\x1b[38;5;12m\xe2\x94\x81\x1b[39m\n"
		"\x1b[38;5;8m\xe2\x94\x82\x1b[39m System\n");
	return p;
}

/* ------------------------------------------------------------ config */

static void test_config_toml(void **state)
{
	(void)state;
	/* sc_setup.c hands it to the shell in single quotes */
	assert_null(strchr(rn_config_toml, '\''));
	assert_non_null(strstr(rn_config_toml, "name = \"tokyo-night\""));
	assert_non_null(strstr(rn_config_toml,
			       "[theme.overrides]\nborder = \"lightmagenta\""));
}

static void test_theme_line(void **state)
{
	char name[32];

	(void)state;
	assert_int_equal(rn_config_theme("08:30:42 [INFO] rustnet: Using TokyoNight color theme\n",
					  name, sizeof(name)), 1);
	assert_string_equal(name, RN_CONFIG_PRESET);
	assert_int_equal(rn_config_theme("08:30:42 [INFO] rustnet: Using Muted color theme",
					  name, sizeof(name)), 1);
	assert_string_equal(name, "Muted");
	assert_int_equal(rn_config_theme("08:30:42 [INFO] rustnet: Using interface: rnx0",
					  name, sizeof(name)), 0);
	assert_int_equal(rn_config_theme(NULL, name, sizeof(name)), 0);
}

/* The real pane of a committed guest run (rustnet 1.6.0, config with
 * tokyo-night and no override): tmux writes 256-colour SGR, the rules
 * are dark grey (8); none is in the override's colour. */
static void test_real_pane_without_override(void **state)
{
	char *ansi = read_fixture("capture-tokyo-night.ansi");
	char why[512];
	size_t grey, magenta;

	(void)state;
	assert_non_null(ansi);
	grey = rn_pane_rule_cells(ansi, 8);
	magenta = rn_pane_rule_cells(ansi, RN_CONFIG_BORDER);
	assert_true(grey >= 150);
	assert_int_equal(magenta, 0);
	/* the accent's active-tab underline ("━", colour 12) */
	assert_true(rn_pane_rule_cells(ansi, 12) >= 5);
	assert_int_equal(rn_config_judge(RN_CONFIG_PRESET, magenta, why,
					  sizeof(why)), -1);
	assert_non_null(strstr(why, "config.toml not applied"));
	assert_non_null(strstr(why, "lightmagenta"));
	free(ansi);
}

static void test_pane_sgr_forms(void **state)
{
	char *p = pane_with_override();

	(void)state;
	assert_non_null(p);
	assert_int_equal(rn_pane_rule_cells(p, 13), 150);
	assert_int_equal(rn_pane_rule_cells(p, 12), 1);
	assert_int_equal(rn_pane_rule_cells(p, 8), 1);
	free(p);
	/* aixterm bright (95), reset, RGB, background skipped, OSC 8 */
	assert_int_equal(rn_pane_rule_cells("\x1b[95m\xe2\x94\x80\x1b[0m\xe2\x94\x80",
					     13), 1);
	assert_int_equal(rn_pane_rule_cells("\x1b[95m\xe2\x94\x80\x1b[0m\xe2\x94\x80",
					     RN_FG_DEFAULT), 1);
	assert_int_equal(rn_pane_rule_cells("\x1b[48;5;13;38;2;1;2;3m\xe2\x95\xbf",
					     RN_FG_RGB(1, 2, 3)), 1);
	assert_int_equal(rn_pane_rule_cells("\x1b[48;5;13m\xe2\x94\x80", 13), 0);
	assert_int_equal(rn_pane_rule_cells("\x1b]8;;http://x\x07\x1b[38;5;13m"
					     "\xe2\x94\x80\x1b]8;;\x1b\\", 13), 1);
	/* not box drawing: U+2580 (block) and plain text */
	assert_int_equal(rn_pane_rule_cells("\x1b[38;5;13m\xe2\x96\x80-", 13), 0);
	assert_int_equal(rn_pane_rule_cells(NULL, 13), 0);
	/* a cut sequence at the end is no crash */
	assert_int_equal(rn_pane_rule_cells("\xe2\x94\x80\x1b[38;5", 13), 0);
}

static void test_config_applied(void **state)
{
	char *p = pane_with_override();
	char why[512];

	(void)state;
	assert_int_equal(rn_config_judge(RN_CONFIG_PRESET,
					  rn_pane_rule_cells(p, 13), why,
					  sizeof(why)), 0);
	free(p);
	assert_int_equal(rn_config_judge("", 150, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "config.toml not shown to be applied"));
	assert_int_equal(rn_config_judge(NULL, 150, why, sizeof(why)), -1);
}

/* ---------------------------------------------------------- liveness */

/* A JSON log line as rustnet writes it (keys sorted, compact). */
static int json_line(char *buf, size_t len, time_t t, int port)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	return snprintf(buf, len,
			"{\"destination_ip\":\"192.0.0.40\",\"destination_port\":80,\"direction\":\"outgoing\",\"event\":\"new_connection\",\"protocol\":\"TCP\",\"source_ip\":\"192.0.0.193\",\"source_port\":%d,\"timestamp\":\"%04d-%02d-%02dT%02d:%02d:%02d.347853280+00:00\"}",
			port, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
			tm.tm_hour, tm.tm_min, tm.tm_sec);
}

/* A 300-s capture whose traffic runs for @until seconds: a new
 * connection every 2 s, and a connection_closed event at the end. */
static void feed_capture(struct rn_alive *a, unsigned int until)
{
	char line[512];
	unsigned int s;

	rn_alive_init(a, T0, 300);
	for (s = 1; s < until; s += 2) {
		json_line(line, sizeof(line), T0 + s, 40000 + (int)s);
		rn_alive_feed(a, line);
	}
	rn_alive_feed(a, "{\"event\":\"connection_closed\",\"timestamp\":\"2026-12-01T00:04:59+00:00\"}");
}

static void test_rfc3339(void **state)
{
	(void)state;
	assert_int_equal(rn_rfc3339("2026-12-01T00:00:00Z"), T0);
	assert_int_equal(rn_rfc3339("2026-12-01T00:00:10.5+00:00\""), T0 + 10);
	assert_int_equal(rn_rfc3339("2026-12-01T01:00:00+01:00"), T0);
	assert_int_equal(rn_rfc3339("2026-11-30T23:00:00-01:00"), T0);
	assert_int_equal(rn_rfc3339("not a time"), -1);
	assert_int_equal(rn_rfc3339("2026-12-01T00:00:00"), -1);
}

static void test_alive_to_the_end(void **state)
{
	struct rn_alive a;
	char why[256], mins[128];

	(void)state;
	feed_capture(&a, 300);
	assert_int_equal(a.events, 150);
	assert_int_equal(rn_alive_judge(&a, why, sizeof(why)), 0);
	rn_alive_minutes(&a, mins, sizeof(mins));
	assert_string_equal(mins, "30 30 30 30 30");
	/* a short session: its last third */
	rn_alive_init(&a, T0, 30);
	assert_int_equal(rn_alive_judge(&a, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "no new_connection event"));
}

/* ---------------------------------------- broken-policy regressions */

static const struct rn_scenario capture = {
	.id = "capture.session", .kind = RN_ALLOWED,
};

/* The scenario's FAIL @why through rn_decide() for an enforcing window
 * with dontaudit off; with @dns, the window also holds rustnet 1.7.0's
 * known-denied DNS fallback record, which must not turn it into GAP.
 * The verdict must stay FAIL with a reason holding @a and @b. */
static void decided_fail(const char *why, int dns, const char *a,
			 const char *b)
{
	struct rn_avc rec;
	struct rn_result r;

	rn_result_init(&r);
	rn_set(&r, RN_FAIL, "%s", why);
	memset(&rec, 0, sizeof(rec));
	snprintf(rec.type, sizeof(rec.type), "AVC");
	snprintf(rec.result, sizeof(rec.result), "denied");
	snprintf(rec.stype, sizeof(rec.stype), "rustnet_t");
	snprintf(rec.ttype, sizeof(rec.ttype), "rustnet_t");
	snprintf(rec.tclass, sizeof(rec.tclass), "udp_socket");
	snprintf(rec.perms, sizeof(rec.perms), "connect");
	snprintf(rec.comm, sizeof(rec.comm), "dns-resolver-0");
	rec.pid = -1;
	if (dns) {
		r.known_denied = RN_DENIED_DNS_FALLBACK;
		r.avcs.v = &rec;
		r.avcs.n = r.avcs.cap = 1;
	}
	rn_decide(&capture, RN_MODE_ENFORCING, 1, &r);
	assert_int_equal(r.verdict, RN_FAIL);
	assert_non_null(strstr(r.reason, a));
	assert_non_null(strstr(r.reason, b));
	/* the list is the test's */
	r.avcs.v = NULL;
	r.avcs.n = r.avcs.cap = 0;
	rn_result_free(&r);
}

/* (c) the traffic generator stops after minute 2: the pane was fine at
 * every snapshot and rustnet quit cleanly, but the capture is not shown
 * alive to the end. */
static void test_regression_capture_stops_after_minute_2(void **state)
{
	struct rn_alive a;
	char why[256], mins[128];

	(void)state;
	feed_capture(&a, 120);
	rn_alive_minutes(&a, mins, sizeof(mins));
	assert_string_equal(mins, "30 30 0 0 0");
	assert_int_equal(rn_alive_judge(&a, why, sizeof(why)), -1);
	decided_fail(why, 0, "capture not alive to the end",
		     "119 s into the 300-s session");
	decided_fail(why, 1, "capture not alive to the end",
		     "none in its last 60 s");
}

/* Plain-text snapshots every 10 s of a @secs session whose packet
 * counter rises by 12 a snapshot until @until s, then stays. */
static char *snapshots(unsigned int secs, unsigned int until)
{
	char *buf = malloc(65536);
	unsigned long pk = 0;
	unsigned int s;
	size_t off = 0;

	if (!buf)
		return NULL;
	buf[0] = '\0';
	for (s = 10; s <= secs; s += 10) {
		if (s <= until)
			pk += 12;
		off += (size_t)snprintf(buf + off, 65536 - off,
					" TCP  ESTABLISHED   1.8ms ok   43B/82B  \xe2\x94\x82 Total Connections: 27\n"
					"      \xe2\x94\x82 Packets Processed: %lu\n"
					"      \xe2\x94\x82 Packets/sec: 5\n", pk);
	}
	return buf;
}

static void test_packets_rise(void **state)
{
	char seen[1024], why[256];
	char *snap = snapshots(300, 300);

	(void)state;
	assert_non_null(snap);
	assert_int_equal(rn_alive_packets(snap, 300, seen, sizeof(seen), why,
					   sizeof(why)), 0);
	assert_non_null(strstr(seen, "12 24 36"));
	free(snap);
	/* 40-s fault self-test session: the last 13 s, one snapshot */
	snap = snapshots(40, 40);
	assert_int_equal(rn_alive_packets(snap, 40, seen, sizeof(seen), why,
					   sizeof(why)), 0);
	free(snap);
	snap = snapshots(40, 30);
	assert_int_equal(rn_alive_packets(snap, 40, seen, sizeof(seen), why,
					   sizeof(why)), -1);
	free(snap);
	/* no counter, or only one snapshot: nothing proven */
	assert_int_equal(rn_alive_packets("Packets/sec: 5\n", 300, seen,
					   sizeof(seen), why, sizeof(why)), -1);
	assert_non_null(strstr(why, "0 time(s)"));
	assert_int_equal(rn_alive_packets("Packets Processed: 5\n", 300,
					   seen, sizeof(seen), why,
					   sizeof(why)), -1);
	assert_int_equal(rn_alive_packets(NULL, 300, seen, sizeof(seen), why,
					   sizeof(why)), -1);
}

/* (c') the capture itself stops after minute 2 while the TUI stays up:
 * the counter freezes; FAIL naming liveness. */
static void test_regression_counter_stops_after_minute_2(void **state)
{
	char seen[1024], why[256];
	char *snap = snapshots(300, 120);

	(void)state;
	assert_non_null(snap);
	assert_int_equal(rn_alive_packets(snap, 300, seen, sizeof(seen), why,
					   sizeof(why)), -1);
	free(snap);
	assert_non_null(strstr(seen, "144 144"));
	decided_fail(why, 1, "capture not alive to the end",
		     "\"Packets Processed: 144\" did not rise over the last 6 snapshot(s) (60 s)");
}

/* (a) the config read rule replaced by a dontaudit: open() fails with
 * EACCES and no record, rustnet warns on stderr and runs with its
 * defaults (Muted, grey rules).  Each of the three checks names it. */
static void test_regression_config_read_dontaudited(void **state)
{
	static const char *const log =
		"10:00:00 [INFO] rustnet: rustnet-monitor v1.7.0 starting (pid 4242)\n"
		"10:00:00 [INFO] rustnet: Using Muted color theme\n"
		"10:00:01 [WARN] rustnet_sandbox::linux: Sandbox partially enforced: no-new-privs set; CAP_NET_RAW dropped; eBPF capabilities dropped (2); Landlock filesystem restrictions applied\n";
	static const char *const err =
		"rustnet: cannot read /home/alice/.config/rustnet/config.toml: Permission denied (os error 13)\n";
	struct rn_diag_tally t;
	char *ansi = read_fixture("capture-tokyo-night.ansi");
	char theme[32] = "", why[512];
	const char *p;

	(void)state;
	assert_non_null(ansi);
	for (p = log; p && *p && !theme[0]; p = strchr(p, '\n'), p = p ? p + 1 : p)
		rn_config_theme(p, theme, sizeof(theme));
	assert_string_equal(theme, "Muted");
	/* the pane of a run without the override stands for the defaults */
	assert_int_equal(rn_config_judge(theme, rn_pane_rule_cells(ansi, 13),
					  why, sizeof(why)), -1);
	free(ansi);
	decided_fail(why, 0, "config.toml not applied",
		     "Using Muted color theme");
	decided_fail(why, 1, "config.toml not applied",
		     "Using Muted color theme");
	/* the stderr check names the line on its own */
	memset(&t, 0, sizeof(t));
	rn_diag_text(&t, err, RN_DIAG_STDERR, 10700, 0);
	assert_int_equal(t.unlisted, 1);
	assert_non_null(strstr(t.first, "config.toml: Permission denied"));
	memset(&t, 0, sizeof(t));
	rn_diag_text(&t, log, RN_DIAG_LOG, 10700, 0);
	assert_int_equal(t.unlisted, 0);
	assert_int_equal(t.listed, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_config_toml),
		cmocka_unit_test(test_theme_line),
		cmocka_unit_test(test_real_pane_without_override),
		cmocka_unit_test(test_pane_sgr_forms),
		cmocka_unit_test(test_config_applied),
		cmocka_unit_test(test_rfc3339),
		cmocka_unit_test(test_alive_to_the_end),
		cmocka_unit_test(test_regression_capture_stops_after_minute_2),
		cmocka_unit_test(test_regression_config_read_dontaudited),
		cmocka_unit_test(test_packets_rise),
		cmocka_unit_test(test_regression_counter_stops_after_minute_2),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
