// SPDX-License-Identifier: MIT
/* test_proc.c - the process runner: capture, exit codes, timeouts, signals,
 * pipelines (rnlab's uses), the options e2e/'s runner uses (merged stderr,
 * capture cap, SIGKILL at once, own session, drain time, program file) and
 * failures before exec (-Wl,--wrap). */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "log.h"
#include "proc.h"
#include "sig.h"

/* -Wl,--wrap fakes: fail dup2 onto fail_dup2_fd, setsid, setpgid. */
static int fail_dup2_fd = -1, fail_setsid, fail_setpgid;

int __real_dup2(int oldfd, int newfd);
int __wrap_dup2(int oldfd, int newfd);
pid_t __real_setsid(void);
pid_t __wrap_setsid(void);
int __real_setpgid(pid_t pid, pid_t pgid);
int __wrap_setpgid(pid_t pid, pid_t pgid);

int __wrap_dup2(int oldfd, int newfd)
{
	if (newfd == fail_dup2_fd) {
		errno = EBADF;
		return -1;
	}
	return __real_dup2(oldfd, newfd);
}

pid_t __wrap_setsid(void)
{
	if (fail_setsid) {
		errno = EPERM;
		return -1;
	}
	return __real_setsid();
}

int __wrap_setpgid(pid_t pid, pid_t pgid)
{
	if (fail_setpgid) {
		errno = EPERM;
		return -1;
	}
	return __real_setpgid(pid, pgid);
}

/* What e2e/'s rnx_sh asks for. */
static const struct rn_proc_spec e2e_spec = {
	.timeout = 10, .in_fd = -1, .out = RN_OUT_CAPTURE,
	.err = RN_OUT_STDOUT, .max_out = 64 * 1024, .kill_at_once = true,
	.new_session = true, .drain = 0.2, .file = "/bin/sh",
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const struct rn_proc_spec capture = {
	.timeout = 10, .in_fd = -1, .out = RN_OUT_CAPTURE,
	.err = RN_OUT_CAPTURE,
};

static void test_capture_and_exit(void **state)
{
	char *argv[] = { "sh", "-c", "echo out; echo err >&2; exit 7", NULL };
	struct rn_proc_result r;

	(void)state;
	rn_proc_result_init(&r);
	assert_int_equal(rn_proc_run(argv, &capture, &r), 0);
	assert_int_equal(r.exit_code, 7);
	assert_false(r.timed_out);
	assert_string_equal(r.out.p, "out\n");
	assert_string_equal(r.err.p, "err\n");
	rn_proc_result_free(&r);
}

static void test_timeout_kills_group(void **state)
{
	/* The child's own child must die too (process group). */
	char *argv[] = { "sh", "-c", "sleep 30 & sleep 30", NULL };
	struct rn_proc_spec spec = capture;
	struct rn_proc_result r;
	double t0 = now(), dt;

	(void)state;
	spec.timeout = 0.5;
	rn_proc_result_init(&r);
	assert_int_equal(rn_proc_run(argv, &spec, &r), 0);
	dt = now() - t0;
	assert_true(r.timed_out);
	assert_int_equal(r.exit_code, 128 + 15);
	assert_true(dt < 5);
	rn_proc_result_free(&r);
}

/* A silent child with stdout on /dev/null still times out on time. */
static void test_check_timeout_silent(void **state)
{
	char *argv[] = { "sleep", "3", NULL };
	double t0 = now(), dt;

	(void)state;
	rn_set_quiet(true);
	assert_int_equal(rn_proc_check(argv, 1), -EIO);
	dt = now() - t0;
	assert_true(dt >= 1 && dt < 2.5);
}

/*
 * With a termination signal pending, an ordinary command is stopped, and
 * a teardown command runs to its end.
 */
static void test_teardown_despite_signal(void **state)
{
	char *argv[] = { "sh", "-c", "sleep 0.5; echo done", NULL };
	struct rn_proc_spec spec = capture;
	struct rn_proc_result r;

	(void)state;
	rn_sig_raise_flag(SIGINT);
	rn_proc_result_init(&r);
	assert_int_equal(rn_proc_run(argv, &spec, &r), 0);
	assert_true(r.aborted);
	assert_int_equal(r.exit_code, 128 + SIGTERM);
	rn_proc_result_free(&r);
	spec.teardown = true;
	rn_proc_result_init(&r);
	assert_int_equal(rn_proc_run(argv, &spec, &r), 0);
	assert_false(r.aborted);
	assert_int_equal(r.exit_code, 0);
	assert_string_equal(r.out.p, "done\n");
	rn_proc_result_free(&r);
	rn_set_quiet(true);
	assert_int_equal(rn_proc_check(argv, 10), -EIO);
	assert_int_equal(rn_proc_check_teardown(argv, 10), 0);
	rn_sig_raise_flag(0);
}

static void test_pipe(void **state)
{
	char *a[] = { "printf", "a\\nb\\nc\\n", NULL };
	char *b[] = { "wc", "-l", NULL };
	char *f[] = { "false", NULL };
	struct rn_proc_result r;

	(void)state;
	rn_proc_result_init(&r);
	assert_int_equal(rn_proc_pipe(a, b, &capture, &r), 0);
	assert_int_equal(r.exit_code, 0);
	assert_int_equal(r.first_exit, 0);
	assert_int_equal(atoi(r.out.p), 3);
	rn_proc_result_free(&r);
	/* A failing producer is reported although the consumer is happy. */
	rn_proc_result_init(&r);
	assert_int_equal(rn_proc_pipe(f, b, &capture, &r), 0);
	assert_int_equal(r.first_exit, 1);
	assert_int_equal(r.exit_code, 0);
	rn_proc_result_free(&r);
}

/* Run sh -c cmd with spec; the result in *r (initialised here). */
static int run_sh(const char *cmd, const struct rn_proc_spec *spec,
		  struct rn_proc_result *r)
{
	char *argv[] = { "sh", "-c", (char *)cmd, NULL };

	rn_proc_result_init(r);
	return rn_proc_run(argv, spec, r);
}

static void test_merged_stderr(void **state)
{
	struct rn_proc_result r;

	(void)state;
	assert_int_equal(run_sh("echo a; echo b >&2; echo c; exit 3",
				&e2e_spec, &r), 0);
	assert_int_equal(r.exit_code, 3);
	assert_string_equal(r.out.p, "a\nb\nc\n");
	assert_null(r.err.p);
	rn_proc_result_free(&r);
}

/* $0 is the argv[0] given, the program the spec's file. */
static void test_file_and_argv0(void **state)
{
	struct rn_proc_result r;

	(void)state;
	assert_int_equal(run_sh("echo $0", &e2e_spec, &r), 0);
	assert_string_equal(r.out.p, "sh\n");
	rn_proc_result_free(&r);
}

/* Output past the cap is read and dropped: the writer finishes. */
static void test_capture_cap(void **state)
{
	struct rn_proc_spec spec = e2e_spec;
	struct rn_proc_result r;

	(void)state;
	spec.max_out = 100;
	assert_int_equal(run_sh("head -c 300000 /dev/zero | tr '\\0' x; "
				"echo; echo end >&2", &spec, &r), 0);
	assert_int_equal(r.exit_code, 0);
	assert_int_equal(r.out.len, 100);
	assert_int_equal(strspn(r.out.p, "x"), 100);
	rn_proc_result_free(&r);
}

/* A child that ignores SIGTERM dies at the timeout, not 3 s later. */
static void test_kill_at_once(void **state)
{
	struct rn_proc_spec spec = e2e_spec;
	struct rn_proc_result r;
	double t0 = now();

	(void)state;
	spec.timeout = 0.5;
	assert_int_equal(run_sh("trap '' TERM; sleep 20", &spec, &r), 0);
	assert_true(r.timed_out);
	assert_false(r.aborted);
	assert_int_equal(r.exit_code, 128 + SIGKILL);
	assert_true(now() - t0 < 2.5);
	rn_proc_result_free(&r);
}

/* new_session: the shell leads its own session (field 6 of stat). */
static void test_new_session(void **state)
{
	struct rn_proc_result r;
	char pid[32], sid[32];

	(void)state;
	assert_int_equal(run_sh("echo $$; cut -d' ' -f6 /proc/$$/stat",
				&e2e_spec, &r), 0);
	assert_int_equal(sscanf(r.out.p, "%31s %31s", pid, sid), 2);
	assert_string_equal(pid, sid);
	rn_proc_result_free(&r);
}

/* A background child holding the pipe costs the drain time only. */
static void test_drain(void **state)
{
	struct rn_proc_result r;
	double t0 = now();

	(void)state;
	assert_int_equal(run_sh("sleep 5 & echo started", &e2e_spec, &r), 0);
	assert_true(now() - t0 < 2);
	assert_int_equal(r.exit_code, 0);
	assert_string_equal(r.out.p, "started\n");
	rn_proc_result_free(&r);
}

/* A pending termination signal stops it: aborted, no timeout. */
static void test_signal_aborts(void **state)
{
	struct rn_proc_result r;

	(void)state;
	rn_sig_raise_flag(SIGTERM);
	assert_int_equal(run_sh("sleep 20", &e2e_spec, &r), 0);
	rn_sig_raise_flag(0);
	assert_true(r.aborted);
	assert_false(r.timed_out);
	rn_proc_result_free(&r);
}

static void test_child_dup2_fails(void **state)
{
	struct rn_proc_result r;

	(void)state;
	fail_dup2_fd = STDOUT_FILENO;
	assert_int_equal(run_sh("echo ran", &e2e_spec, &r), 0);
	fail_dup2_fd = -1;
	assert_int_equal(r.exit_code, RN_PROC_EXIT_DUP2);
	assert_non_null(r.out.p);
	assert_non_null(strstr(r.out.p, "dup2 of stdout/stderr failed"));
	assert_null(strstr(r.out.p, "ran"));
	rn_proc_result_free(&r);
}

static void test_child_setsid_fails(void **state)
{
	struct rn_proc_result r;

	(void)state;
	fail_setsid = 1;
	assert_int_equal(run_sh("echo ran", &e2e_spec, &r), 0);
	fail_setsid = 0;
	assert_int_equal(r.exit_code, RN_PROC_EXIT_SETUP);
	assert_non_null(strstr(r.out.p, "setsid failed"));
	assert_null(strstr(r.out.p, "ran"));
	rn_proc_result_free(&r);
}

/* setpgid failing in the parent: a negative errno, the child reaped. */
static void test_setpgid_fails(void **state)
{
	struct rn_proc_spec spec = e2e_spec;
	struct rn_proc_result r;

	(void)state;
	spec.new_session = false;
	rn_set_quiet(true);
	fail_setpgid = 1;
	assert_int_equal(run_sh("echo ran", &spec, &r), -EPERM);
	fail_setpgid = 0;
	assert_int_equal(errno, EPERM);
	rn_proc_result_free(&r);
}

static void test_missing_program(void **state)
{
	char *argv[] = { "/nonexistent/prog", NULL };
	struct rn_proc_result r;

	(void)state;
	rn_proc_result_init(&r);
	assert_int_equal(rn_proc_run(argv, &e2e_spec, &r), 0);
	rn_proc_result_free(&r);
	rn_proc_result_init(&r);
	{
		struct rn_proc_spec spec = e2e_spec;

		spec.file = NULL;
		assert_int_equal(rn_proc_run(argv, &spec, &r), 0);
	}
	assert_int_equal(r.exit_code, RN_PROC_EXIT_EXEC);
	assert_non_null(strstr(r.out.p, "cannot run /nonexistent/prog"));
	rn_proc_result_free(&r);
	/* separate stdout/stderr: the message is on stderr */
	rn_proc_result_init(&r);
	assert_int_equal(rn_proc_run(argv, &capture, &r), 0);
	assert_int_equal(r.exit_code, RN_PROC_EXIT_EXEC);
	assert_non_null(r.err.p);
	rn_proc_result_free(&r);
	rn_set_quiet(true);
	assert_int_equal(rn_proc_check(argv, 5), -EIO);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capture_and_exit),
		cmocka_unit_test(test_timeout_kills_group),
		cmocka_unit_test(test_check_timeout_silent),
		cmocka_unit_test(test_teardown_despite_signal),
		cmocka_unit_test(test_pipe),
		cmocka_unit_test(test_merged_stderr),
		cmocka_unit_test(test_file_and_argv0),
		cmocka_unit_test(test_capture_cap),
		cmocka_unit_test(test_kill_at_once),
		cmocka_unit_test(test_new_session),
		cmocka_unit_test(test_drain),
		cmocka_unit_test(test_signal_aborts),
		cmocka_unit_test(test_child_dup2_fails),
		cmocka_unit_test(test_child_setsid_fails),
		cmocka_unit_test(test_setpgid_fails),
		cmocka_unit_test(test_missing_program),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
