// SPDX-License-Identifier: MIT
/* test_run.c - cmocka tests of command execution and evidence recording. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "core.h"
#include "sig.h"

static void test_status_and_output(void **state)
{
	struct rn_result r;
	char *out = NULL;

	(void)state;
	rn_result_init(&r);
	assert_int_equal(rn_sh(&r, 10, &out, "echo %s; echo err >&2; exit 3",
				 "hi"), 3);
	assert_string_equal(out, "hi\nerr\n");
	assert_int_equal(r.nev, 1);
	assert_string_equal(r.ev[0].cmd, "echo hi; echo err >&2; exit 3");
	assert_int_equal(r.ev[0].rc, 3);
	assert_string_equal(r.ev[0].output, "hi\nerr\n");
	free(out);
	rn_result_free(&r);
}

/* rn_sh: a file whose path has a space and a quote is one word; the
 * evidence records the command line that ran, readable. */
static void test_sh_quoting(void **state)
{
	char dir[] = "/tmp/rnx run's test.XXXXXX";
	char path[128], want[512];
	struct rn_result r;
	char *out = NULL;

	(void)state;
	rn_result_init(&r);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/a b", dir);
	assert_int_equal(rn_sh(&r, 10, NULL, "printf %s > %s", "x y'z", path),
			 0);
	assert_int_equal(rn_sh(&r, 10, &out, "cat %s && rm %s && rmdir %s",
				path, path, dir), 0);
	assert_string_equal(out, "x y'z");
	free(out);
	out = NULL;
	snprintf(want, sizeof(want), "printf 'x y'\\''z' > '/tmp/rnx run'\\''s test.%s/a b'",
		 dir + strlen("/tmp/rnx run's test."));
	assert_string_equal(r.ev[0].cmd, want);
	/* plain words stay as they were: %s of a safe path is bare */
	assert_int_equal(rn_sh(&r, 10, NULL, "test -d %s", "/tmp"), 0);
	assert_string_equal(r.ev[2].cmd, "test -d /tmp");
	/* %-s is shell text */
	assert_int_equal(rn_sh(&r, 10, &out, "%-s", "exit 4"), 4);
	free(out);
	rn_result_free(&r);
}

static void test_signal_status(void **state)
{
	(void)state;
	assert_int_equal(rn_sh_quiet(10, NULL, "kill -TERM $$"), 128 + 15);
}

static void test_timeout(void **state)
{
	struct rn_result r;
	time_t t0 = time(NULL);

	(void)state;
	rn_result_init(&r);
	assert_int_equal(rn_sh(&r, 1, NULL, "sleep 20"), -ETIMEDOUT);
	assert_true(time(NULL) - t0 < 5);
	assert_int_equal(r.ev[0].rc, -1);
	assert_non_null(strstr(r.ev[0].output, "killed after 1 s"));
	rn_result_free(&r);
}

/* Killed by a signal the runner did not send: a signal, not a timeout. */
static void test_outside_sigkill_is_no_timeout(void **state)
{
	struct rn_result r;

	(void)state;
	rn_result_init(&r);
	assert_int_equal(rn_sh(&r, 10, NULL, "kill -KILL $$"), 128 + 9);
	assert_int_equal(r.ev[0].rc, 128 + 9);
	assert_null(strstr(r.ev[0].output, "killed after"));
	rn_result_free(&r);
}

static void on_alarm(int sig)
{
	(void)sig;
	rn_sig_raise_flag(SIGALRM);
}

/* The runner interrupted: the child is killed, but it is no timeout. */
static void test_interrupt_is_no_timeout(void **state)
{
	struct sigaction sa, old;
	struct rn_result r;
	time_t t0 = time(NULL);
	int rc;

	(void)state;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	assert_int_equal(sigaction(SIGALRM, &sa, &old), 0);
	rn_result_init(&r);
	alarm(1);
	rc = rn_sh(&r, 10, NULL, "sleep 20");
	alarm(0);
	rn_sig_raise_flag(0);
	sigaction(SIGALRM, &old, NULL);
	assert_int_equal(rc, -EINTR);
	assert_true(time(NULL) - t0 < 5);
	assert_int_equal(r.ev[0].rc, -1);
	assert_null(strstr(r.ev[0].output, "killed after"));
	assert_non_null(strstr(r.ev[0].output, "interrupted by a signal"));
	rn_result_free(&r);
}

static void test_background_child_holds_pipe(void **state)
{
	time_t t0 = time(NULL);
	char *out = NULL;

	(void)state;
	/* a daemon keeping stdout open must not make the call wait */
	assert_int_equal(rn_sh_quiet(10, &out, "sleep 5 & echo started"), 0);
	assert_true(time(NULL) - t0 < 3);
	assert_string_equal(out, "started\n");
	free(out);
}

static void test_truncation(void **state)
{
	char *out = NULL;

	(void)state;
	assert_int_equal(rn_sh_quiet(10, &out, "head -c 200000 /dev/zero | "
				       "tr '\\0' x"), 0);
	assert_int_equal(strlen(out), RN_OUTPUT_MAX);
	free(out);
}

static void test_evidence_full(void **state)
{
	struct rn_result r;
	int i;

	(void)state;
	rn_result_init(&r);
	for (i = 0; i < RN_MAX_EVIDENCE + 2; i++)
		assert_int_equal(rn_sh(&r, 5, NULL, "true %d", i), 0);
	assert_int_equal(r.nev, RN_MAX_EVIDENCE);
	assert_non_null(strstr(r.notes, "evidence full"));
	rn_result_free(&r);
}

static void test_set_and_note(void **state)
{
	struct rn_result r;

	(void)state;
	rn_result_init(&r);
	assert_int_equal(r.verdict, RN_PASS);
	rn_set(&r, RN_FAIL, "x=%d", 5);
	assert_int_equal(r.verdict, RN_FAIL);
	assert_string_equal(r.reason, "x=5");
	rn_note(&r, "a");
	rn_note(&r, "b %s", "c");
	assert_string_equal(r.notes, "a\nb c");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_status_and_output),
		cmocka_unit_test(test_sh_quoting),
		cmocka_unit_test(test_signal_status),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_outside_sigkill_is_no_timeout),
		cmocka_unit_test(test_interrupt_is_no_timeout),
		cmocka_unit_test(test_background_child_holds_pipe),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_evidence_full),
		cmocka_unit_test(test_set_and_note),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
