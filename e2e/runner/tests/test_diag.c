// SPDX-License-Identifier: MIT
/*
 * test_diag.c - cmocka tests of the diagnostics allow-list matcher
 * (core_diag.c): the lines guest runs recorded (rustnet 1.6.0 and 1.7.0)
 * are covered under exactly their conditions, anything else is named.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "core.h"

#define V16 10600
#define V17 10700

/* stderr of every enforcing session without eBPF (committed runs) */
static const char *const libbpf_lines[] = {
	"libbpf: Failed to bump RLIMIT_MEMLOCK (err = -EPERM), you might need to do it explicitly!\n",
	"libbpf: Error in bpf_object__probe_loading(): -EPERM. Couldn't load trivial BPF program. Make sure your kernel supports BPF (CONFIG_BPF_SYSCALL=y) and/or that RLIMIT_MEMLOCK is set to big enough value.\n",
	"libbpf: failed to load BPF skeleton 'socket_tracker_fentry_bpf': -EPERM\n",
	"libbpf: failed to load BPF skeleton 'socket_tracker_kprobe_bpf': -EPERM\n",
	/* kernel 6.12 asks the bpf class first: capture.direct_dns,
	 * enforcing, evidence/debian13-fedora-policy-4a6e720 */
	"libbpf: Error in bpf_object__probe_loading(): -EACCES. Couldn't load trivial BPF program. Make sure your kernel supports BPF (CONFIG_BPF_SYSCALL=y) and/or that RLIMIT_MEMLOCK is set to big enough value.\n",
	"libbpf: failed to load BPF skeleton 'socket_tracker_fentry_bpf': -EACCES\n",
	"libbpf: failed to load BPF skeleton 'socket_tracker_kprobe_bpf': -EACCES\n",
};

#define QUIT_LINE "Error: runtime shutdown failed: 1 worker(s) timed out, 0 worker(s) panicked, 0 output operation(s) failed"
#define SANDBOX16 "07:15:08 [WARN] rustnet_sandbox::linux: Sandbox partially enforced: no-new-privs set; CAP_NET_RAW dropped; eBPF capabilities dropped (2); Landlock filesystem restrictions applied"
#define SANDBOX17 SANDBOX16 "; Landlock incomplete: Landlock partially enforced"

static void test_libbpf_with_ebpf_off(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(libbpf_lines) / sizeof(libbpf_lines[0]); i++) {
		assert_true(rn_diag_line(libbpf_lines[i], RN_DIAG_STDERR,
					  V16, 0) >= 0);
		assert_true(rn_diag_line(libbpf_lines[i], RN_DIAG_STDERR,
					  V17, 0) >= 0);
		/* the same refusal with the boolean on is a failure */
		assert_int_equal(rn_diag_line(libbpf_lines[i],
					       RN_DIAG_STDERR, V17,
					       RN_DIAG_EBPF_ON),
				 RN_DIAG_UNLISTED);
		/* a stderr entry never covers a log line */
		assert_int_equal(rn_diag_line(libbpf_lines[i], RN_DIAG_LOG,
					       V17, 0), RN_DIAG_NONE);
	}
	/* another errno is another cause: neither the capability (EPERM)
	 * nor the bpf class (EACCES) refused it */
	assert_int_equal(rn_diag_line("libbpf: failed to load BPF skeleton 'socket_tracker_fentry_bpf': -EINVAL",
				       RN_DIAG_STDERR, V17, 0),
			 RN_DIAG_UNLISTED);
	assert_int_equal(rn_diag_line("libbpf: Error in bpf_object__probe_loading(): -ENOMEM. Couldn't load trivial BPF program.",
				       RN_DIAG_STDERR, V17, 0),
			 RN_DIAG_UNLISTED);
	/* the memlock line is covered with EPERM only (setrlimit without
	 * CAP_SYS_RESOURCE); EACCES there would be another cause */
	assert_int_equal(rn_diag_line("libbpf: Failed to bump RLIMIT_MEMLOCK (err = -EACCES), you might need to do it explicitly!",
				       RN_DIAG_STDERR, V17, 0),
			 RN_DIAG_UNLISTED);
}

/* Under sudo with both DAC booleans off, root cannot reach a config in a
 * home closed to others (attribution.other_users_off, enforcing,
 * debian13-fedora-policy-4a6e720: /home/alice drwx------; Debian 12's
 * homes are 0755 and its run never printed the line).  As the user, in an
 * open home, or with either boolean on, the line has another cause. */
#define CONFIG_EACCES "rustnet: cannot read /home/alice/.config/rustnet/config.toml: Permission denied (os error 13)"

static void test_config_skipped_closed_home(void **state)
{
	(void)state;
	assert_true(rn_diag_line(CONFIG_EACCES, RN_DIAG_STDERR, V17,
				  RN_DIAG_HOME_CLOSED) >= 0);
	assert_int_equal(rn_diag_line(CONFIG_EACCES, RN_DIAG_STDERR, V17, 0),
			 RN_DIAG_UNLISTED);
	assert_int_equal(rn_diag_line(CONFIG_EACCES, RN_DIAG_STDERR, V17,
				       RN_DIAG_HOME_CLOSED | RN_DIAG_DAC_ON),
			 RN_DIAG_UNLISTED);
	assert_int_equal(rn_diag_line(CONFIG_EACCES, RN_DIAG_STDERR, V17,
				       RN_DIAG_HOME_CLOSED | RN_DIAG_OTHERS_ON),
			 RN_DIAG_UNLISTED);
	assert_int_equal(rn_diag_line("rustnet: cannot read /home/alice/.ssh/id_ed25519: Permission denied (os error 13)",
				       RN_DIAG_STDERR, V17,
				       RN_DIAG_HOME_CLOSED),
			 RN_DIAG_UNLISTED);
	assert_int_equal(rn_diag_line("rustnet: cannot read /home/alice/.config/rustnet/config.toml: Is a directory (os error 21)",
				       RN_DIAG_STDERR, V17,
				       RN_DIAG_HOME_CLOSED),
			 RN_DIAG_UNLISTED);
}

/* The quit-deadline line is covered only where the row already is GAP
 * for it (r->gap, core_shutdown.c), and only from 1.7.0 on. */
static void test_quit_deadline_only_with_gap(void **state)
{
	(void)state;
	assert_true(rn_diag_line(QUIT_LINE, RN_DIAG_STDERR, V17,
				  RN_DIAG_QUIT_GAP) >= 0);
	assert_int_equal(rn_diag_line(QUIT_LINE, RN_DIAG_STDERR, V17, 0),
			 RN_DIAG_UNLISTED);
	assert_int_equal(rn_diag_line(QUIT_LINE, RN_DIAG_STDERR, V16,
				       RN_DIAG_QUIT_GAP), RN_DIAG_UNLISTED);
	/* a panicked worker is never excused */
	assert_int_equal(rn_diag_line("Error: runtime shutdown failed: 1 worker(s) timed out, 1 worker(s) panicked, 0 output operation(s) failed",
				       RN_DIAG_STDERR, V17,
				       RN_DIAG_QUIT_GAP), RN_DIAG_UNLISTED);
	/* headless mode's wording */
	assert_true(rn_diag_line("Error: runtime shutdown failed: 2 worker(s) timed out and 0 worker(s) panicked",
				  RN_DIAG_STDERR, V17, RN_DIAG_QUIT_GAP) >= 0);
	assert_int_equal(rn_diag_line("Error: runtime shutdown failed: 2 worker(s) timed out and 1 worker(s) panicked",
				       RN_DIAG_STDERR, V17, RN_DIAG_QUIT_GAP),
			 RN_DIAG_UNLISTED);
	assert_int_equal(rn_diag_line("Error: runtime shutdown failed: 2 worker(s) timed out and 0 worker(s) panicked",
				       RN_DIAG_STDERR, V17, 0),
			 RN_DIAG_UNLISTED);
	assert_true(rn_diag_line("12:00:01 [WARN] rustnet_monitor::app::state: 1 workers did not stop before the shutdown deadline",
				  RN_DIAG_LOG, V17, RN_DIAG_QUIT_GAP) >= 0);
	assert_int_equal(rn_diag_line("12:00:01 [WARN] rustnet_monitor::app::state: 1 workers did not stop before the shutdown deadline",
				       RN_DIAG_LOG, V17, 0), RN_DIAG_UNLISTED);
}

static void test_sandbox_line(void **state)
{
	(void)state;
	assert_true(rn_diag_line(SANDBOX16, RN_DIAG_LOG, V16, 0) >= 0);
	assert_true(rn_diag_line(SANDBOX17, RN_DIAG_LOG, V17, 0) >= 0);
	/* under sudo the uid drop is in the list too */
	assert_true(rn_diag_line("07:15:08 [WARN] rustnet_sandbox::linux: Sandbox partially enforced: no-new-privs set; CAP_NET_RAW dropped; root dropped to uid 1000 gid 1000; Landlock filesystem restrictions applied",
				  RN_DIAG_LOG, V17, 0) >= 0);
	/* a step that failed is not covered */
	assert_int_equal(rn_diag_line("07:15:08 [WARN] rustnet_sandbox::linux: Sandbox partially enforced: no-new-privs set; Failed to drop CAP_NET_RAW: Operation not permitted; Landlock filesystem restrictions applied",
				       RN_DIAG_LOG, V17, 0),
			 RN_DIAG_UNLISTED);
	assert_int_equal(rn_diag_line("07:15:08 [WARN] rustnet_sandbox::linux: Sandbox not applied: no-new-privs set",
				       RN_DIAG_LOG, V17, 0),
			 RN_DIAG_UNLISTED);
}

/* 1.6.x's quit-time warning: covered for 1.6.x only, never for 1.7.0 or
 * an unknown version. */
static void test_channel_closed_before_17(void **state)
{
	const char *l = "09:12:40 [WARN] rustnet_monitor::app::capture: Packet channel closed";

	(void)state;
	assert_true(rn_diag_line(l, RN_DIAG_LOG, V16, 0) >= 0);
	assert_int_equal(rn_diag_line(l, RN_DIAG_LOG, V17, 0),
			 RN_DIAG_UNLISTED);
	assert_int_equal(rn_diag_line(l, RN_DIAG_LOG, 0, 0),
			 RN_DIAG_UNLISTED);
	assert_int_equal(rn_diag_line("Packet channel closed",
				       RN_DIAG_STDERR, V16, 0),
			 RN_DIAG_UNLISTED);
}

static void test_log_levels(void **state)
{
	(void)state;
	/* INFO and DEBUG are no diagnostics; neither are continuations */
	assert_int_equal(rn_diag_line("08:30:42 [INFO] rustnet: rustnet-monitor v1.6.0 starting (pid 5123)",
				       RN_DIAG_LOG, V16, 0), RN_DIAG_NONE);
	assert_int_equal(rn_diag_line("08:30:42 [DEBUG] (1) rustnet_monitor::network::privileges: CAP_NET_RAW: present",
				       RN_DIAG_LOG, V16, 0), RN_DIAG_NONE);
	assert_int_equal(rn_diag_line("    at some continuation: failed",
				       RN_DIAG_LOG, V16, 0), RN_DIAG_NONE);
	/* WARN and ERROR are judged, with or without a thread id */
	assert_int_equal(rn_diag_line("08:30:42 [WARN] rustnet_monitor::app::sampling: Failed to collect interface stats: Permission denied (os error 13)",
				       RN_DIAG_LOG, V16, 0),
			 RN_DIAG_UNLISTED);
	assert_int_equal(rn_diag_line("08:30:42 [ERROR] (3) rustnet_monitor::app::capture: Capture error: x",
				       RN_DIAG_LOG, V16, 0),
			 RN_DIAG_UNLISTED);
	assert_true(rn_diag_line("08:30:42 [WARN] rustnet_host::linux::ebpf::loader: eBPF: all kernel backends failed; fentry/fexit: failed to load BPF skeleton: Operation not permitted (os error 1); kprobe: failed to load BPF skeleton: Operation not permitted (os error 1); using procfs",
				  RN_DIAG_LOG, V16, 0) >= 0);
	assert_int_equal(rn_diag_line("08:30:42 [WARN] rustnet_host::linux::ebpf::loader: eBPF: all kernel backends failed; fentry/fexit: x; kprobe: y; using procfs",
				       RN_DIAG_LOG, V16, RN_DIAG_EBPF_ON),
			 RN_DIAG_UNLISTED);
}

/* A config read refused by the policy (even a silent dontaudit) leaves
 * rustnet's own warning on stderr: never on the list. */
static void test_stderr_text_names_first_unlisted(void **state)
{
	struct rn_diag_tally t;
	const char *text =
		"\n"
		"libbpf: Failed to bump RLIMIT_MEMLOCK (err = -EPERM), you might need to do it explicitly!\n"
		"rustnet: cannot read /home/alice/.config/rustnet/config.toml: Permission denied (os error 13)\r\n"
		"libbpf: failed to load BPF skeleton 'socket_tracker_kprobe_bpf': -EPERM\n"
		"thread 'main' panicked at src/main.rs:1:1:\n";

	(void)state;
	memset(&t, 0, sizeof(t));
	rn_diag_text(&t, text, RN_DIAG_STDERR, V17, 0);
	assert_int_equal(t.listed, 2);
	assert_int_equal(t.unlisted, 2);
	assert_string_equal(t.first,
			    "rustnet: cannot read /home/alice/.config/rustnet/config.toml: Permission denied (os error 13)");
	assert_true(t.seen & 1u);
	/* an empty stderr is clean */
	memset(&t, 0, sizeof(t));
	rn_diag_text(&t, "\n\n", RN_DIAG_STDERR, V17, 0);
	assert_int_equal(t.listed + t.unlisted, 0);
}

/* Every entry is reviewed: it says what rustnet does and why it is
 * harmless. */
static void test_entries_documented(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; rn_diag_list[i].pattern; i++) {
		assert_non_null(rn_diag_list[i].behaviour);
		assert_non_null(rn_diag_list[i].harmless);
		assert_true(strlen(rn_diag_list[i].behaviour) > 20);
		assert_true(strlen(rn_diag_list[i].harmless) > 20);
	}
	assert_true(i > 0 && i <= 32);
}

/* The FAIL of a session with an unlisted line names it; covered lines
 * leave the verdict alone. */
static void test_diag_fail(void **state)
{
	struct rn_diag_tally t;
	struct rn_result r;

	(void)state;
	memset(&t, 0, sizeof(t));
	rn_result_init(&r);
	rn_diag_text(&t, libbpf_lines[0], RN_DIAG_STDERR, V16, 0);
	assert_int_equal(rn_diag_fail(&r, &t, "rustnet's stderr"), 0);
	assert_int_equal(r.verdict, RN_PASS);
	assert_non_null(strstr(r.notes, "1 line(s) of rustnet's stderr covered"));
	rn_diag_text(&t, "thread 'main' panicked at src/x.rs:1:1:\n",
		      RN_DIAG_STDERR, V16, 0);
	assert_int_equal(rn_diag_fail(&r, &t, "rustnet's stderr"), -1);
	assert_int_equal(r.verdict, RN_FAIL);
	assert_non_null(strstr(r.reason, "rustnet's stderr has 1 error/warning line(s) on no diagnostics allow-list entry, first: \"thread 'main' panicked at src/x.rs:1:1:\""));
	rn_result_free(&r);
	/* the boolean is read from the policy: off or absent on a build host */
	assert_int_equal(rn_diag_cond(1) & RN_DIAG_QUIT_GAP,
			 RN_DIAG_QUIT_GAP);
	assert_int_equal(rn_diag_cond(0) & RN_DIAG_QUIT_GAP, 0);
}

/* Write @text to @dir/@name with mtime @t; 0 or -1. */
static int put(const char *dir, const char *name, const char *text, time_t t)
{
	struct timeval tv[2] = { { .tv_sec = t }, { .tv_sec = t } };
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fputs(text, f);
	if (fclose(f))
		return -1;
	return utimes(path, tv);
}

/* The session's log among older ones in a shared directory, judged as
 * a file: its WARN lines, its theme line. */
static void test_log_find_and_file(void **state)
{
	char dir[] = "/tmp/rnx-test-diag.XXXXXX", logs[64], path[1024];
	char theme[32] = "";
	struct rn_diag_tally t;
	time_t t0 = time(NULL) - 100;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(rn_log_find(dir, t0, path, sizeof(path)), -ENOENT);
	snprintf(logs, sizeof(logs), "%s/logs", dir);
	assert_int_equal(mkdir(logs, 0700), 0);
	assert_int_equal(rn_log_find(dir, t0, path, sizeof(path)), -ENOENT);
	/* an older session's log, a file that is no log, this session's */
	assert_int_equal(put(logs, "rustnet_2026-11-30_10-00-00.log",
			     "10:00:00 [WARN] x: old\n", t0 - 50), 0);
	assert_int_equal(put(logs, "notes.log", "", t0 + 10), 0);
	assert_int_equal(put(logs, "rustnet_.log", "", t0 + 10), 0);
	assert_int_equal(put(logs, "rustnet_2026-11-30_10-01-40.log",
			     "10:01:40 [INFO] rustnet: Using TokyoNight color theme\n"
			     SANDBOX17 "\n"
			     "10:01:41 [WARN] rustnet_monitor::app::sampling: Failed to collect interface stats: Permission denied (os error 13)\n",
			     t0 + 60), 0);
	assert_int_equal(rn_log_find(dir, t0, path, sizeof(path)), 0);
	assert_non_null(strstr(path, "/logs/rustnet_2026-11-30_10-01-40.log"));
	/* two written in the same second: the later start wins */
	assert_int_equal(put(logs, "rustnet_2026-11-30_10-01-39.log", "",
			     t0 + 60), 0);
	assert_int_equal(rn_log_find(dir, t0, path, sizeof(path)), 0);
	assert_non_null(strstr(path, "10-01-40.log"));
	memset(&t, 0, sizeof(t));
	assert_int_equal(rn_diag_file(&t, path, RN_DIAG_LOG, V17, 0, theme,
				       sizeof(theme)), 0);
	assert_string_equal(theme, "TokyoNight");
	assert_int_equal(t.listed, 1);
	assert_int_equal(t.unlisted, 1);
	assert_non_null(strstr(t.first, "Failed to collect interface stats"));
	assert_int_equal(rn_diag_file(NULL, "/nonexistent/x", RN_DIAG_LOG,
				       V17, 0, NULL, 0), -ENOENT);
	/* nothing written since t0 + 61 */
	assert_int_equal(rn_log_find(dir, t0 + 61, path, sizeof(path)),
			 -ENOENT);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	assert_int_equal(system(path), 0);
}

/* e2e/README.md's "Diagnostics allow-list" table is the same list: each
 * entry's pattern in a row of its source, and no row more.  (Tests run in
 * build/runner/tests.) */
static void test_readme_table(void **state)
{
	FILE *f = fopen("../../../README.md", "r");
	char *line = NULL, want[1200];
	size_t cap = 0, rows = 0, i, n;
	int in = 0, found;

	(void)state;
	assert_non_null(f);
	for (n = 0; rn_diag_list[n].pattern; n++)
		;
	while (getline(&line, &cap, f) >= 0) {
		if (!strncmp(line, "####", 4) || !strncmp(line, "### ", 4))
			in = !!strstr(line, "Diagnostics allow-list");
		if (!in || (strncmp(line, "| stderr | `", 12) &&
			    strncmp(line, "| debug log | `", 15)))
			continue;
		rows++;
		found = 0;
		for (i = 0; i < n; i++) {
			snprintf(want, sizeof(want), "| %s | `%s` |",
				 rn_diag_list[i].src == RN_DIAG_STDERR ?
				 "stderr" : "debug log",
				 rn_diag_list[i].pattern);
			if (!strncmp(line, want, strlen(want)))
				found = 1;
		}
		if (!found)
			print_error("README row on no entry: %s", line);
		assert_true(found);
	}
	free(line);
	fclose(f);
	assert_int_equal(rows, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_libbpf_with_ebpf_off),
		cmocka_unit_test(test_quit_deadline_only_with_gap),
		cmocka_unit_test(test_config_skipped_closed_home),
		cmocka_unit_test(test_sandbox_line),
		cmocka_unit_test(test_log_levels),
		cmocka_unit_test(test_stderr_text_names_first_unlisted),
		cmocka_unit_test(test_entries_documented),
		cmocka_unit_test(test_channel_closed_before_17),
		cmocka_unit_test(test_readme_table),
		cmocka_unit_test(test_log_find_and_file),
		cmocka_unit_test(test_diag_fail),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
