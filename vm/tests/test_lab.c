// SPDX-License-Identifier: MIT
/* Lab error paths over a fake libvirt: every exit removes the overlay. */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fakes.h"
#include "run.h"
#include "sig.h"
#include "stale.h"
#include "timing.h"
#include "util.h"
#include "wait.h"

static struct rn_scratch sc;
static struct rn_opts opts;

static int setup(void **state)
{
	(void)state;
	rn_set_quiet(true);
	rn_fake_reset();
	rn_sig_raise_flag(0);
	rn_time_reset();
	rn_run_kvm_probe = rn_kvm_usable;
	rn_run_kvm_stall_secs = RN_KVM_STALL_SECS;
	return rn_scratch_make(&sc);
}

static int teardown(void **state)
{
	(void)state;
	rn_opts_free(&opts);
	rn_scratch_remove(&sc);
	rn_sig_raise_flag(0);
	return 0;
}

/* rnlab run -p debian12 --image-dir IMG --uri test:///default EXTRA -- true */
static void make_opts(const char *extra1, const char *extra2)
{
	static char *argv[16];
	int argc = 0;

	argv[argc++] = "rnlab";
	argv[argc++] = "run";
	argv[argc++] = "-p";
	argv[argc++] = "debian12";
	argv[argc++] = "--image-dir";
	argv[argc++] = sc.image;
	argv[argc++] = "--uri";
	argv[argc++] = "test:///default";
	argv[argc++] = "--shutdown-timeout";
	argv[argc++] = "2";
	if (extra1)
		argv[argc++] = (char *)extra1;
	if (extra2)
		argv[argc++] = (char *)extra2;
	argv[argc++] = "--";
	argv[argc++] = "true";
	argv[argc] = NULL;
	assert_int_equal(rn_opts_parse(argc, argv, &opts), 0);
}

static double run_timed(int *code)
{
	double t0 = rn_clock_now(&rn_real_clock);

	*code = rn_cmd_run(&opts);
	return rn_clock_now(&rn_real_clock) - t0;
}

/* Run; expect a lab ERROR and nothing left in runs/. */
static double run_expect_error(void)
{
	int code;
	double dt = run_timed(&code);

	assert_int_equal(code, RN_EXIT_ERROR);
	assert_int_equal(rn_scratch_runs_count(&sc), 0);
	return dt;
}

static void test_connect_failure(void **state)
{

	(void)state;
	make_opts(NULL, NULL);
	rn_fake.connect_fails = true;
	run_expect_error();
	assert_int_equal(rn_fake.connect_calls, 1);
	assert_int_equal(rn_fake.create_calls, 0);
}

static void test_create_failure(void **state)
{

	(void)state;
	make_opts(NULL, NULL);
	rn_fake.create_fails = true;
	run_expect_error();
	assert_int_equal(rn_fake.create_calls, 1);
	assert_int_equal(rn_fake.close_calls, 1);
}

static void test_autodestroy_and_xml(void **state)
{

	(void)state;
	make_opts(NULL, NULL);
	rn_fake.state = VIR_DOMAIN_SHUTOFF;	/* dies at once */
	run_expect_error();
	assert_int_equal(rn_fake.create_flags, VIR_DOMAIN_START_AUTODESTROY);
	assert_non_null(rn_fake.last_xml);
	assert_non_null(strstr(rn_fake.last_xml, "restrict=on"));
	assert_non_null(strstr(rn_fake.last_xml, "/runs/rnlab-"));
	assert_int_equal(rn_fake.free_calls, 1);
	assert_int_equal(rn_fake.close_calls, 1);
}

static void test_kernel_panic(void **state)
{
	double dt;

	(void)state;
	make_opts(NULL, NULL);
	rn_fake.panic_text = "[    2.0] Kernel panic - not syncing: boom\n";
	dt = run_expect_error();
	assert_true(dt < 30);
	assert_int_equal(rn_fake.destroy_calls, 1);
	assert_int_equal(rn_fake.shutdown_calls, 0);
}

static void test_console_log_kept(void **state)
{
	char path[160], *log;

	(void)state;
	/* Its directory does not exist yet. */
	snprintf(path, sizeof(path), "%s/out/d/console.txt", sc.root);
	make_opts("--console-log", path);
	rn_fake.panic_text = "[    2.0] Kernel panic - not syncing: boom\n";
	run_expect_error();
	log = rn_read_file(path, NULL);
	assert_non_null(log);
	assert_non_null(strstr(log, "Kernel panic"));
	free(log);
}

static void test_never_ready(void **state)
{
	double dt;

	(void)state;
	/* The guest "runs" but nothing answers ssh on the port. */
	make_opts("--boot-timeout", "3");
	dt = run_expect_error();
	assert_true(dt >= 3 && dt < 40);
	assert_int_equal(rn_fake.destroy_calls, 1);
}

static void test_signal_during_boot(void **state)
{
	double dt;

	(void)state;
	make_opts(NULL, NULL);
	rn_fake.signal_on_create = SIGINT;
	dt = run_expect_error();
	assert_true(dt < 30);
	assert_int_equal(rn_fake.destroy_calls, 1);
	assert_int_equal(rn_fake.shutdown_calls, 0);
}

static void test_incomplete_image(void **state)
{
	char path[160];

	(void)state;
	make_opts(NULL, NULL);
	snprintf(path, sizeof(path), "%s/.complete", sc.image);
	assert_int_equal(unlink(path), 0);
	run_expect_error();
	assert_int_equal(rn_fake.connect_calls, 0);
}

static bool probe_yes(const char *path)
{
	(void)path;
	return true;
}

static void test_accel_choice_reaches_xml(void **state)
{
	int code;

	(void)state;
	rn_run_kvm_probe = probe_yes;
	make_opts(NULL, NULL);
	rn_fake.state = VIR_DOMAIN_SHUTOFF;
	run_timed(&code);
	assert_non_null(strstr(rn_fake.last_xml, "<domain type='kvm'"));
	rn_opts_free(&opts);
	rn_fake_reset();
	make_opts("--accel", "tcg");
	rn_fake.state = VIR_DOMAIN_SHUTOFF;
	run_timed(&code);
	assert_non_null(strstr(rn_fake.last_xml, "<domain type='qemu'"));
}

/* A KVM guest that prints nothing: auto falls back to TCG once. */
static void test_kvm_stall_auto_retries_tcg(void **state)
{
	(void)state;
	rn_run_kvm_probe = probe_yes;
	rn_run_kvm_stall_secs = 1;
	rn_fake.create_runs = true;
	make_opts("--boot-timeout", "4");
	run_expect_error();
	assert_int_equal(rn_fake.create_calls, 2);
	assert_non_null(strstr(rn_fake.last_xml, "<domain type='qemu'"));
	assert_int_equal(rn_fake.destroy_calls, 2);
	/* Remembered until the host reboots: the next auto run uses TCG. */
	rn_opts_free(&opts);
	rn_fake_reset();
	rn_fake.create_runs = true;
	make_opts("--boot-timeout", "2");
	run_expect_error();
	assert_int_equal(rn_fake.create_calls, 1);
	assert_non_null(strstr(rn_fake.last_xml, "<domain type='qemu'"));
	/* An explicit --accel kvm still gets KVM. */
	rn_opts_free(&opts);
	rn_fake_reset();
	make_opts("--accel", "kvm");
	rn_fake.state = VIR_DOMAIN_SHUTOFF;
	run_expect_error();
	assert_non_null(strstr(rn_fake.last_xml, "<domain type='kvm'"));
}

/* With --accel kvm the stall is an ERROR long before the boot timeout. */
static void test_kvm_stall_explicit(void **state)
{
	double dt;

	(void)state;
	rn_run_kvm_stall_secs = 1;
	make_opts("--accel", "kvm");
	dt = run_expect_error();
	assert_true(dt < 30);
	assert_int_equal(rn_fake.create_calls, 1);
	assert_int_equal(rn_fake.destroy_calls, 1);
}

/* Names carry the owner's pid; files live under $CACHE/runs. */
static void test_plan_names(void **state)
{
	struct rn_lab l;
	char want[128];

	(void)state;
	make_opts(NULL, NULL);
	rn_lab_init(&l, &opts);
	assert_int_equal(rn_lab_plan(&l), 0);
	snprintf(want, sizeof(want), "rnlab-%d-debian12", (int)getpid());
	assert_string_equal(l.dom_name, want);
	snprintf(want, sizeof(want), "%s/rnlab-%d-", sc.runs, (int)getpid());
	assert_int_equal(strncmp(l.overlay, want, strlen(want)), 0);
	assert_non_null(strstr(l.overlay, ".qcow2"));
	assert_int_equal(strncmp(l.run_dir, want, strlen(want)), 0);
	assert_true(l.port > 0 && l.port < 65536);
	assert_int_equal(rn_name_pid(strrchr(l.overlay, '/') + 1), getpid());
	/* Planning creates nothing. */
	assert_int_equal(rn_scratch_runs_count(&sc), 0);
	assert_int_equal(rn_lab_free(&l), 0);
}

static pid_t dead_pid(void)
{
	pid_t p = fork();

	if (p == 0)
		_exit(0);
	waitpid(p, NULL, 0);
	return p;
}

static void test_name_pid(void **state)
{
	(void)state;
	assert_int_equal(rn_name_pid("rnlab-123-debian12"), 123);
	assert_int_equal(rn_name_pid("rnlab-123-ab12.qcow2"), 123);
	assert_int_equal(rn_name_pid("rnlab-0-x"), -1);
	assert_int_equal(rn_name_pid("rnlab-12x-x"), -1);
	assert_int_equal(rn_name_pid("rnlab-123"), -1);
	assert_int_equal(rn_name_pid("other-123-x"), -1);
	assert_int_equal(rn_name_pid("rnlab--1-x"), -1);
	assert_true(rn_owner_alive(getpid()));
	assert_false(rn_owner_alive(dead_pid()));
}

static void test_stale_files(void **state)
{
	pid_t dead = dead_pid();
	char cmd[1024];
	unsigned int n = 0;

	(void)state;
	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/rnlab-%d-aa.d && touch %s/rnlab-%d-aa.qcow2 "
		 "%s/rnlab-%d-bb.qcow2 %s/other.qcow2 %s/rnlab-%d-aa.d/key",
		 sc.runs, (int)dead, sc.runs, (int)dead, sc.runs,
		 (int)getpid(), sc.runs, sc.runs, (int)dead);
	assert_int_equal(rn_sh(cmd), 0);
	assert_int_equal(rn_stale_files(sc.runs, &n), 0);
	assert_int_equal(n, 2);
	/* Ours (a live run) and foreign files stay. */
	assert_int_equal(rn_scratch_runs_count(&sc), 2);
	snprintf(cmd, sizeof(cmd), "test -e %s/rnlab-%d-bb.qcow2 && "
		 "test -e %s/other.qcow2", sc.runs, (int)getpid(), sc.runs);
	assert_int_equal(rn_sh(cmd), 0);
}

static void test_stale_domains(void **state)
{
	char dead_name[64], live_name[64];
	unsigned int n = 0;

	(void)state;
	snprintf(dead_name, sizeof(dead_name), "rnlab-%d-debian12",
		 (int)dead_pid());
	snprintf(live_name, sizeof(live_name), "rnlab-%d-debian12",
		 (int)getpid());
	rn_fake.list_names[0] = dead_name;
	rn_fake.list_names[1] = live_name;
	rn_fake.list_names[2] = "someone-elses-vm";
	rn_fake.n_list = 3;
	assert_int_equal(rn_stale_domains((virConnectPtr)1, &n), 0);
	assert_int_equal(n, 1);
	assert_int_equal(rn_fake.n_destroyed, 1);
	assert_string_equal(rn_fake.destroyed[0], dead_name);
	assert_int_equal(rn_fake.free_calls, 3);
}

#define LAB_TEST(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		LAB_TEST(test_connect_failure),
		LAB_TEST(test_create_failure),
		LAB_TEST(test_autodestroy_and_xml),
		LAB_TEST(test_kernel_panic),
		LAB_TEST(test_console_log_kept),
		LAB_TEST(test_never_ready),
		LAB_TEST(test_signal_during_boot),
		LAB_TEST(test_incomplete_image),
		LAB_TEST(test_accel_choice_reaches_xml),
		LAB_TEST(test_kvm_stall_auto_retries_tcg),
		LAB_TEST(test_kvm_stall_explicit),
		LAB_TEST(test_plan_names),
		LAB_TEST(test_name_pid),
		LAB_TEST(test_stale_files),
		LAB_TEST(test_stale_domains),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
