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

#include "daemon.h"
#include "fakes.h"
#include "lock.h"
#include "orphan.h"
#include "port.h"
#include "run.h"
#include "sig.h"
#include "stale.h"
#include "timing.h"
#include "util.h"
#include "wait.h"

static struct rn_scratch sc;
static struct rn_opts opts;
static char saved_path[4096];

static bool probe_no(const char *path)
{
	(void)path;
	return false;
}

static int setup(void **state)
{
	(void)state;
	rn_set_quiet(true);
	rn_fake_reset();
	rn_sig_raise_flag(0);
	rn_time_reset();
	/* Not this host's /dev/kvm: tests that want KVM say so. */
	rn_run_kvm_probe = probe_no;
	rn_run_kvm_stall_secs = RN_KVM_STALL_SECS;
	snprintf(saved_path, sizeof(saved_path), "%s",
		 getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
	unsetenv("RNLAB_ACCEL_FRESH");
	return rn_scratch_make(&sc);
}

static int teardown(void **state)
{
	(void)state;
	rn_opts_free(&opts);
	rn_scratch_remove(&sc);
	rn_sig_raise_flag(0);
	setenv("PATH", saved_path, 1);
	rn_fake_reset();
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
	assert_int_equal(rn_read_file(path, &log, NULL), 0);
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

static char *stamp_path(void)
{
	static char path[160];

	snprintf(path, sizeof(path), "%s/kvm-stalled", sc.cache);
	return path;
}

static char *marker_path(void)
{
	static char path[160];

	snprintf(path, sizeof(path), "%s/tcg-domain", sc.root);
	return path;
}

/*
 * An ssh on PATH that answers (exit 0) when cond holds, else fails as a
 * refused connection does (255).
 */
static void install_ssh(const char *cond)
{
	char cmd[1024], *path;

	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/bin && printf '#!/bin/sh\\n%s || exit 255\\n"
		 "exit 0\\n' > %s/bin/ssh && chmod +x %s/bin/ssh", sc.root,
		 cond, sc.root, sc.root);

	assert_int_equal(rn_test_sh(cmd), 0);
	path = rn_strdupf("%s/bin:%s", sc.root, saved_path);
	assert_non_null(path);
	setenv("PATH", path, 1);
	free(path);
}

/* ssh answers only once a TCG domain was created. */
static void fake_ssh(void)
{
	char cond[200];

	rn_fake.tcg_marker = marker_path();
	snprintf(cond, sizeof(cond), "test -e %s", marker_path());
	install_ssh(cond);
}

static void fake_ssh_always(void)
{
	install_ssh("true");
}

static void test_accel_choice_reaches_xml(void **state)
{
	int code;

	(void)state;
	rn_run_kvm_probe = probe_yes;
	fake_ssh_always();
	rn_fake.create_runs = true;
	make_opts(NULL, NULL);
	run_timed(&code);
	assert_int_equal(code, 0);
	assert_int_equal(rn_fake.create_calls, 1);
	assert_non_null(strstr(rn_fake.last_xml, "<domain type='kvm'"));
	rn_opts_free(&opts);
	rn_fake_reset();
	make_opts("--accel", "tcg");
	rn_fake.state = VIR_DOMAIN_SHUTOFF;
	run_timed(&code);
	assert_non_null(strstr(rn_fake.last_xml, "<domain type='qemu'"));
}

/*
 * A KVM guest that prints nothing: auto falls back to TCG once. TCG fails
 * too here (nothing answers ssh), so the failure was not KVM's alone and
 * nothing is remembered.
 */
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
	assert_false(rn_is_file(stamp_path()));
	/* An explicit --accel kvm still gets KVM. */
	rn_opts_free(&opts);
	rn_fake_reset();
	make_opts("--accel", "kvm");
	rn_fake.state = VIR_DOMAIN_SHUTOFF;
	run_expect_error();
	assert_non_null(strstr(rn_fake.last_xml, "<domain type='kvm'"));
}

/* QEMU's words on this host when KVM cannot run the guest. */
#define MSR_ERROR "internal error: qemu unexpectedly closed the monitor: " \
	"2026-11-29T22:00:00.000000Z qemu-system-x86_64: error: failed to " \
	"set MSR 0x10a to 0x69\nqemu-system-x86_64: ../target/i386/kvm/" \
	"kvm.c:3229: kvm_buf_set_msrs: Assertion `ret == " \
	"cpu->kvm_msr_buf->nmsrs' failed.\n"

enum kvm_fault { KVM_CREATE_FAILS, KVM_SILENT, KVM_PANICS, KVM_STOPS };

static void set_kvm_fault(enum kvm_fault f)
{
	rn_fake.create_runs = true;
	switch (f) {
	case KVM_CREATE_FAILS:
		rn_fake.kvm_create_error = MSR_ERROR;
		break;
	case KVM_SILENT:
		break;		/* no console log is ever written */
	case KVM_PANICS:
		rn_fake.kvm_panic_text = "[    0.4] Kernel panic - not "
			"syncing: Fatal exception in interrupt\n";
		break;
	case KVM_STOPS:
		rn_fake.kvm_stops = true;
		break;
	}
}

/*
 * --accel auto with a KVM that fails the guest in the given way: one
 * retry on TCG that comes up (the fake ssh answers once a TCG domain
 * exists), the reason on one line, the verdict remembered.
 */
static void expect_tcg_fallback(enum kvm_fault f, const char *why)
{
	struct rn_lab l;
	char *stamp, *id;

	rn_run_kvm_probe = probe_yes;
	fake_ssh();
	set_kvm_fault(f);
	make_opts(NULL, NULL);
	rn_lab_init(&l, &opts);
	l.kvm_probe = probe_yes;
	l.kvm_stall_secs = 1;
	assert_int_equal(rn_lab_up(&l), 0);
	assert_int_equal(rn_fake.create_calls, 2);
	assert_non_null(strstr(rn_fake.last_xml, "<domain type='qemu'"));
	assert_int_equal(l.accel, RN_ACCEL_TCG);
	assert_true(l.kvm_failed);
	assert_non_null(strstr(l.kvm_why, why));
	assert_null(strchr(l.kvm_why, '\n'));
	assert_true(l.kvm_why[0] && l.kvm_why[strlen(l.kvm_why) - 1] != ' ');
	/* The KVM attempt's domain was destroyed before TCG started. */
	assert_int_equal(rn_fake.destroy_calls,
			 f == KVM_CREATE_FAILS ? 0 : 1);
	assert_int_equal(rn_read_file(stamp_path(), &stamp, NULL), 0);
	assert_int_equal(rn_read_file("/proc/sys/kernel/random/boot_id", &id, NULL), 0);
	assert_non_null(stamp);
	assert_non_null(id);
	assert_string_equal(stamp, id);
	free(stamp);
	free(id);
	assert_int_equal(rn_lab_down(&l, true), 0);
	assert_int_equal(rn_lab_free(&l), 0);
	assert_int_equal(rn_scratch_runs_count(&sc), 0);
}

static void test_kvm_create_fails_auto_tcg(void **state)
{
	int code;

	(void)state;
	expect_tcg_fallback(KVM_CREATE_FAILS,
			    "failed to set MSR 0x10a to 0x69 qemu-system");
	/* The next auto run goes straight to TCG... */
	rn_opts_free(&opts);
	rn_fake_reset();
	set_kvm_fault(KVM_CREATE_FAILS);
	make_opts(NULL, NULL);
	run_timed(&code);
	assert_int_equal(code, 0);
	assert_int_equal(rn_fake.create_calls, 1);
	assert_non_null(strstr(rn_fake.last_xml, "<domain type='qemu'"));
	/* ...unless told to choose afresh (CI): KVM first again. */
	rn_opts_free(&opts);
	rn_fake_reset();
	set_kvm_fault(KVM_CREATE_FAILS);
	setenv("RNLAB_ACCEL_FRESH", "1", 1);
	make_opts(NULL, NULL);
	unsetenv("RNLAB_ACCEL_FRESH");
	assert_true(opts.accel_fresh);
	run_timed(&code);
	assert_int_equal(code, 0);
	assert_int_equal(rn_fake.create_calls, 2);
	/* The option does the same as the variable. */
	rn_opts_free(&opts);
	rn_fake_reset();
	set_kvm_fault(KVM_CREATE_FAILS);
	make_opts("--accel-fresh", NULL);
	run_timed(&code);
	assert_int_equal(code, 0);
	assert_int_equal(rn_fake.create_calls, 2);
}

static void test_kvm_silent_auto_tcg(void **state)
{
	(void)state;
	expect_tcg_fallback(KVM_SILENT, "printed nothing on its console");
}

static void test_kvm_panic_auto_tcg(void **state)
{
	(void)state;
	/* The TCG boot would stop at once if the old log were still read. */
	expect_tcg_fallback(KVM_PANICS, "Kernel panic - not syncing: Fatal");
}

static void test_kvm_stops_auto_tcg(void **state)
{
	(void)state;
	expect_tcg_fallback(KVM_STOPS, "the guest stopped (libvirt state "
			    "shut off");
}

/* A KVM that fails under --accel auto, fresh: KVM works, verdict goes. */
static void test_kvm_works_forgets_verdict(void **state)
{
	int code;

	(void)state;
	rn_run_kvm_probe = probe_yes;
	fake_ssh_always();
	assert_int_equal(rn_mkdir_p(sc.cache, 0755), 0);
	assert_int_equal(rn_write_file(stamp_path(), "x\n", 2, 0644), 0);
	rn_fake.create_runs = true;
	make_opts("--accel-fresh", NULL);
	run_timed(&code);
	assert_int_equal(code, 0);
	assert_int_equal(rn_fake.create_calls, 1);
	assert_non_null(strstr(rn_fake.last_xml, "<domain type='kvm'"));
	assert_false(rn_is_file(stamp_path()));
}

/* --accel kvm: every KVM failure is an ERROR, no TCG, nothing kept. */
static void test_kvm_strict_no_fallback(void **state)
{
	static const enum kvm_fault faults[] = {
		KVM_CREATE_FAILS, KVM_SILENT, KVM_PANICS, KVM_STOPS,
	};
	size_t i;

	(void)state;
	fake_ssh();
	rn_run_kvm_stall_secs = 1;
	for (i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		rn_opts_free(&opts);
		rn_fake_reset();
		rn_fake.tcg_marker = marker_path();
		set_kvm_fault(faults[i]);
		make_opts("--accel", "kvm");
		run_expect_error();
		assert_int_equal(rn_fake.create_calls, 1);
		assert_non_null(strstr(rn_fake.last_xml,
				       "<domain type='kvm'"));
		assert_false(rn_is_file(stamp_path()));
	}
}

/* A signal while KVM is on trial is no reason to try TCG. */
static void test_signal_no_tcg_retry(void **state)
{
	(void)state;
	rn_run_kvm_probe = probe_yes;
	set_kvm_fault(KVM_SILENT);
	rn_fake.signal_on_create = SIGTERM;
	make_opts(NULL, NULL);
	run_expect_error();
	assert_int_equal(rn_fake.create_calls, 1);
	assert_int_equal(rn_fake.destroy_calls, 1);
	assert_false(rn_is_file(stamp_path()));
}

/*
 * The planned ssh port is taken before QEMU binds it (another run's QEMU
 * got there first): the start is tried again on a fresh port, and under
 * --accel auto that is not taken for a KVM failure.
 */
static void test_port_taken_retries(void **state)
{
	struct rn_lab l;
	char want[64];
	int i, first, holder;

	(void)state;
	fake_ssh_always();
	for (i = 0; i < 2; i++) {
		rn_fake_reset();
		rn_fake.create_runs = true;
		rn_fake.hostfwd_binds = true;
		make_opts(NULL, NULL);
		rn_lab_init(&l, &opts);
		l.kvm_probe = i ? probe_yes : probe_no;
		assert_int_equal(rn_lab_plan(&l), 0);
		first = l.port;
		assert_false(rn_port_taken(first));
		holder = rn_listen_port(first);
		assert_true(holder >= 0);
		assert_true(rn_port_taken(first));
		assert_int_equal(rn_lab_up(&l), 0);
		assert_int_equal(rn_fake.create_calls, 2);
		assert_int_not_equal(l.port, first);
		assert_int_equal(l.ssh.port, l.port);
		snprintf(want, sizeof(want), "hostfwd=tcp:127.0.0.1:%d-:22",
			 l.port);
		assert_non_null(strstr(rn_fake.last_xml, want));
		assert_non_null(strstr(rn_fake.last_xml, i ?
				       "<domain type='kvm'" :
				       "<domain type='qemu'"));
		assert_false(l.kvm_failed);
		assert_false(rn_is_file(stamp_path()));
		assert_int_equal(rn_lab_down(&l, false), 0);
		assert_int_equal(rn_lab_free(&l), 0);
		close(holder);
		rn_opts_free(&opts);
	}
}

/*
 * QEMU's forwarding error on every start: RN_PORT_TRIES (5) starts, then
 * an ERROR, and no TCG retry under --accel auto. A failure that is not
 * about the port is not retried (test_create_failure: one start).
 */
static void test_port_conflict_gives_up(void **state)
{
	(void)state;
	rn_run_kvm_probe = probe_yes;
	rn_fake.hostfwd_fails = true;
	make_opts(NULL, NULL);
	run_expect_error();
	assert_int_equal(rn_fake.create_calls, 5);
	assert_non_null(strstr(rn_fake.last_xml, "<domain type='kvm'"));
	assert_false(rn_is_file(stamp_path()));
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

/* The daemon lock's file, in the scratch dir (not the host's). */
static const char *lock_file(void)
{
	static char path[160];

	snprintf(path, sizeof(path), "%s/daemons.lock", sc.root);
	return path;
}

/*
 * virt-admin on PATH answering srv-clients-list with this many client
 * rows and exit code rc, after 0.3 s: long enough for a runner
 * that stops its children on a pending signal to kill it first.
 */
static void fake_virt_admin(int clients, int rc)
{
	char *path = rn_strdupf("%s/bin/virt-admin", sc.root);
	char *dir = rn_strdupf("%s/bin", sc.root);
	char *text = rn_strdupf(
		"#!/bin/sh\nsleep 0.3\n"
		"echo ' Id   Transport   Connected since'\n"
		"echo '-------------------------------------'\n"
		"i=0; while [ $i -lt %d ]; do i=$((i + 1)); "
		"echo \" $i    unix        2026-11-29 23:00:00+0000\"; done\n"
		"[ %d = 0 ] || echo 'error: failed to connect to the admin "
		"server' >&2\nexit %d\n", clients, rc, rc);
	char *newpath = rn_strdupf("%s/bin:%s", sc.root, saved_path);

	assert_non_null(path);
	assert_non_null(dir);
	assert_non_null(text);
	assert_non_null(newpath);
	assert_int_equal(rn_mkdir_p(dir, 0755), 0);
	assert_int_equal(rn_write_file(path, text, strlen(text), 0755), 0);
	setenv("PATH", newpath, 1);
	free(newpath);
	free(text);
	free(dir);
	free(path);
}

/*
 * Ctrl-C during boot: the teardown still runs its own commands (the
 * virt-admin client count), so the daemons this run started are found
 * idle and stopped; domain, overlay and run directory are gone.
 */
static void test_interrupted_teardown_stops_daemons(void **state)
{
	struct rn_lab l;
	pid_t libvirtd, virtlogd;

	(void)state;
	make_opts(NULL, NULL);
	fake_virt_admin(0, 0);
	rn_fake.signal_on_create = SIGINT;
	rn_lab_init(&l, &opts);
	l.kvm_probe = probe_no;
	assert_int_equal(rn_lab_up(&l), -1);
	assert_true(rn_sig_pending());
	/* As rn_virt_connect records daemons it had to start. */
	libvirtd = rn_spawn_pinned(&l.daemons.libvirtd);
	assert_true(libvirtd > 0);
	virtlogd = rn_spawn_pinned(&l.daemons.virtlogd);
	assert_true(virtlogd > 0);
	l.daemons.lock_path = lock_file();
	assert_int_equal(rn_lab_down(&l, true), 0);
	assert_int_equal(rn_fake.destroy_calls, 1);
	assert_int_equal(rn_fake.shutdown_calls, 0);
	assert_int_equal(rn_scratch_runs_count(&sc), 0);
	assert_int_equal(rn_lab_free(&l), 0);
	assert_false(rn_pid_running(libvirtd));
	assert_false(rn_pid_running(virtlogd));
	rn_reap(libvirtd);
	rn_reap(virtlogd);
	assert_int_equal(rn_interrupted(true), RN_EXIT_ERROR);
}

/* In use, or could not tell: the daemons stay, signal or not. */
static void test_daemon_use_kept(void **state)
{
	struct rn_daemons d = { .lock_path = lock_file() };
	pid_t a, b;
	int i;

	(void)state;
	for (i = 0; i < 2; i++) {
		rn_sig_raise_flag(i ? SIGTERM : 0);
		fake_virt_admin(0, 0);
		rn_fake.n_active = 0;
		rn_fake.count_fails = false;
		assert_int_equal(rn_daemon_use(1, 0), RN_DAEMON_IDLE);
		fake_virt_admin(2, 0);
		assert_int_equal(rn_daemon_use(1, 0), RN_DAEMON_IN_USE);
		fake_virt_admin(0, 0);
		rn_fake.n_active = 1;
		assert_int_equal(rn_daemon_use(1, 0), RN_DAEMON_IN_USE);
		rn_fake.n_active = 0;
		fake_virt_admin(0, 1);
		assert_int_equal(rn_daemon_use(1, 0), RN_DAEMON_UNKNOWN);
		fake_virt_admin(0, 0);
		rn_fake.count_fails = true;
		assert_int_equal(rn_daemon_use(1, 0), RN_DAEMON_UNKNOWN);
		rn_fake.count_fails = false;
		/* Unknown: both stand-ins survive rn_daemons_stop. */
		fake_virt_admin(0, 1);
		a = rn_spawn_pinned(&d.libvirtd);
		assert_true(a > 0);
		b = rn_spawn_pinned(&d.virtlogd);
		assert_true(b > 0);
		assert_int_equal(rn_daemons_stop(&d), 0);
		assert_true(rn_pid_running(a));
		assert_true(rn_pid_running(b));
		assert_int_equal(d.libvirtd.pid, 0);
		rn_reap(a);
		rn_reap(b);
	}
}

/*
 * The stop waits for another run's hold on the daemon lock (it may be
 * connecting to this libvirtd) and decides only then; a lock not free
 * in time keeps the daemons.
 */
static void test_daemons_stop_under_lock(void **state)
{
	struct rn_daemons d = { .lock_path = lock_file(), .lock_wait = 10 };
	pid_t a, b, holder;
	double t0;

	(void)state;
	fake_virt_admin(0, 0);
	a = rn_spawn_pinned(&d.libvirtd);
	assert_true(a > 0);
	b = rn_spawn_pinned(&d.virtlogd);
	assert_true(b > 0);
	holder = rn_spawn_lock_holder(lock_file(), 1.0);
	assert_true(holder > 0);
	t0 = rn_clock_now(&rn_real_clock);
	assert_int_equal(rn_daemons_stop(&d), 0);
	assert_true(rn_clock_now(&rn_real_clock) - t0 >= 0.9);
	assert_false(rn_pid_running(a));
	assert_false(rn_pid_running(b));
	assert_int_equal(d.libvirtd.pid, 0);
	rn_reap(a);
	rn_reap(b);
	waitpid(holder, NULL, 0);

	d.lock_wait = 0.5;
	a = rn_spawn_pinned(&d.libvirtd);
	assert_true(a > 0);
	holder = rn_spawn_lock_holder(lock_file(), 0);
	assert_true(holder > 0);
	assert_int_equal(rn_daemons_stop(&d), 0);
	assert_true(rn_pid_running(a));
	assert_int_equal(d.libvirtd.pid, 0);
	rn_reap(a);
	rn_reap(holder);
	/* Nothing pinned: no lock is taken, nothing is stopped. */
	holder = rn_spawn_lock_holder(lock_file(), 0);
	assert_true(holder > 0);
	t0 = rn_clock_now(&rn_real_clock);
	assert_int_equal(rn_daemons_stop(&d), 0);
	assert_true(rn_clock_now(&rn_real_clock) - t0 < 0.4);
	rn_reap(holder);
}

/*
 * A connection libvirt does not close cleanly (an error, or references
 * still held) fails the lab's teardown and `rnlab cleanup`.
 */
static void test_close_failure_is_error(void **state)
{
	struct rn_lab l;

	(void)state;
	make_opts(NULL, NULL);
	rn_fake.close_result = 1;
	rn_lab_init(&l, &opts);
	assert_int_equal(rn_lab_plan(&l), 0);
	l.conn = virConnectOpen("test:///default");
	assert_int_equal(rn_lab_free(&l), -1);
	assert_int_equal(rn_fake.close_calls, 1);
	rn_fake.close_result = 0;
	rn_lab_init(&l, &opts);
	assert_int_equal(rn_lab_plan(&l), 0);
	l.conn = virConnectOpen("test:///default");
	assert_int_equal(rn_lab_free(&l), 0);
	assert_int_equal(rn_cmd_cleanup(&opts), RN_EXIT_OK);
	rn_fake.close_result = -1;
	assert_int_equal(rn_cmd_cleanup(&opts), RN_EXIT_ERROR);
	rn_fake.close_result = 1;
	assert_int_equal(rn_cmd_cleanup(&opts), RN_EXIT_ERROR);
	assert_int_equal(rn_fake.close_calls, 5);
}

static pid_t dead_pid(void);

/* Write a fake /proc/<pid>/cmdline (args separated by NULs). */
static void fake_cmdline(const char *root, int pid, const char *args,
			 size_t len)
{
	char *dir = rn_strdupf("%s/%d", root, pid);
	char *path = rn_strdupf("%s/%d/cmdline", root, pid);

	assert_non_null(dir);
	assert_non_null(path);
	assert_int_equal(rn_mkdir_p(dir, 0755), 0);
	assert_int_equal(rn_write_file(path, args, len, 0644), 0);
	free(path);
	free(dir);
}

#define CMDLINE(root, pid, lit) fake_cmdline(root, pid, lit, sizeof(lit))

/*
 * Daemons started by an rnlab run that is gone are found by their pid
 * file's path; those of a live run, or not started by rnlab, are not.
 */
static void test_orphan_daemons(void **state)
{
	char root[160], *args;
	int dead = (int)dead_pid(), n;

	(void)state;
	snprintf(root, sizeof(root), "%s/proc", sc.root);
	assert_int_equal(rn_orphan_daemon(root, "libvirtd"), 0);
	CMDLINE(root, 20, "/usr/sbin/libvirtd\0--timeout\0120");
	CMDLINE(root, 21, "virtlogd\0-d");
	args = rn_strdupf("libvirtd%c-d%c-p%c/c/runs/rnlab-%d-ab.d/"
			  "libvirtd.pid%n", 0, 0, 0, (int)getpid(), &n);
	fake_cmdline(root, 22, args, (size_t)n + 1);
	free(args);
	assert_int_equal(rn_orphan_daemon(root, "libvirtd"), 0);
	assert_int_equal(rn_orphan_daemon(root, "virtlogd"), 0);
	args = rn_strdupf("libvirtd%c-d%c-p%c/c/runs/rnlab-%d-ab.d/"
			  "libvirtd.pid%n", 0, 0, 0, dead, &n);
	fake_cmdline(root, 23, args, (size_t)n + 1);
	free(args);
	args = rn_strdupf("virtlogd%c-d%c-p%c/c/runs/rnlab-%d-ab.d/"
			  "virtlogd.pid%n", 0, 0, 0, dead, &n);
	fake_cmdline(root, 24, args, (size_t)n + 1);
	free(args);
	assert_int_equal(rn_orphan_daemon(root, "libvirtd"), 23);
	assert_int_equal(rn_orphan_daemon(root, "virtlogd"), 24);
	/* What a pinned pid must still be before it is stopped. */
	assert_int_equal(rn_daemon_owner(root, 22, "libvirtd"), getpid());
	assert_int_equal(rn_daemon_owner(root, 23, "libvirtd"), dead);
	assert_int_equal(rn_daemon_owner(root, 23, "virtlogd"), -1);
	assert_int_equal(rn_daemon_owner(root, 20, "libvirtd"), -1);
	assert_int_equal(rn_daemon_owner(root, 99, "libvirtd"), -1);
	/* A pid file that is not in a run directory is not rnlab's. */
	assert_int_equal(rn_rm_rf(root), 0);
	args = rn_strdupf("libvirtd%c-d%c-p%c/run/rnlab-%d-x/libvirtd.pid%n",
			  0, 0, 0, dead, &n);
	fake_cmdline(root, 25, args, (size_t)n + 1);
	free(args);
	assert_int_equal(rn_orphan_daemon(root, "libvirtd"), 0);
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
	assert_int_equal(rn_test_sh(cmd), 0);
	assert_int_equal(rn_stale_files(sc.runs, &n), 0);
	assert_int_equal(n, 2);
	/* Ours (a live run) and foreign files stay. */
	assert_int_equal(rn_scratch_runs_count(&sc), 2);
	snprintf(cmd, sizeof(cmd), "test -e %s/rnlab-%d-bb.qcow2 && "
		 "test -e %s/other.qcow2", sc.runs, (int)getpid(), sc.runs);
	assert_int_equal(rn_test_sh(cmd), 0);
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
		LAB_TEST(test_port_taken_retries),
		LAB_TEST(test_port_conflict_gives_up),
		LAB_TEST(test_kvm_create_fails_auto_tcg),
		LAB_TEST(test_kvm_silent_auto_tcg),
		LAB_TEST(test_kvm_panic_auto_tcg),
		LAB_TEST(test_kvm_stops_auto_tcg),
		LAB_TEST(test_kvm_works_forgets_verdict),
		LAB_TEST(test_kvm_strict_no_fallback),
		LAB_TEST(test_signal_no_tcg_retry),
		LAB_TEST(test_interrupted_teardown_stops_daemons),
		LAB_TEST(test_daemon_use_kept),
		LAB_TEST(test_daemons_stop_under_lock),
		LAB_TEST(test_close_failure_is_error),
		LAB_TEST(test_orphan_daemons),
		LAB_TEST(test_plan_names),
		LAB_TEST(test_name_pid),
		LAB_TEST(test_stale_files),
		LAB_TEST(test_stale_domains),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
