// SPDX-License-Identifier: MIT
/* test_pidref.c - a process pinned by a pidfd or, without one, by its start
 * time: never a reused pid; the start time parser. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "file.h"
#include "pidref.h"
#include "scratch.h"

static void reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

/* A `sleep 60` child pinned in *r; its pid, or -1. */
static pid_t spawn_pinned(struct rn_pidref *r)
{
	pid_t p = fork();

	if (p == 0) {
		execlp("sleep", "sleep", "60", (char *)NULL);
		_exit(127);
	}
	if (p > 0 && rn_pidref_open(r, p) < 0) {
		reap(p);
		p = -1;
	}
	return p;
}

static void wait_gone(const struct rn_pidref *r)
{
	int i;

	for (i = 0; i < 50 && rn_pidref_alive(r); i++)
		usleep(100000);
	assert_false(rn_pidref_alive(r));
}

/* A pinned process is signalled; once it is gone, nothing is. */
static void test_pidref_pidfd(void **state)
{
	struct rn_pidref r;
	pid_t p;

	(void)state;
	p = spawn_pinned(&r);
	assert_true(p > 0);
	assert_int_equal(r.pid, p);
	assert_true(r.fd >= 0);
	assert_true(r.start > 0);
	assert_true(rn_pidref_alive(&r));
	assert_int_equal(rn_pidref_kill(&r, SIGTERM), 0);
	/* A zombie (not reaped yet) has exited. */
	wait_gone(&r);
	assert_int_equal(waitpid(p, NULL, 0), p);
	/* Reaped: its pid is free for reuse; the pidfd still names it. */
	errno = 0;
	assert_int_equal(rn_pidref_kill(&r, SIGKILL), -ESRCH);
	assert_int_equal(errno, ESRCH);
	rn_pidref_close(&r);
	assert_int_equal(r.pid, 0);
	assert_int_equal(r.fd, -1);
	rn_pidref_close(&r);
	errno = 0;
	assert_int_equal(rn_pidref_open(&r, p), -ESRCH);
	assert_int_equal(errno, ESRCH);
	assert_int_equal(rn_pidref_kill(&r, SIGKILL), -ESRCH);
	assert_false(rn_pidref_alive(&r));
}

/*
 * Without a pidfd the start time decides: a process whose start time is
 * not the pinned one (its pid reused) is neither alive nor signalled.
 */
static void test_pidref_start_time(void **state)
{
	struct rn_pidref r;
	pid_t p;

	(void)state;
	p = spawn_pinned(&r);
	assert_true(p > 0);
	close(r.fd);
	r.fd = -1;			/* as on a kernel without pidfds */
	assert_true(rn_pidref_alive(&r));
	r.start++;			/* "another process with this pid" */
	assert_false(rn_pidref_alive(&r));
	errno = 0;
	assert_int_equal(rn_pidref_kill(&r, SIGKILL), -ESRCH);
	assert_int_equal(errno, ESRCH);
	usleep(100000);
	assert_true(rn_pid_running(p));
	r.start--;
	assert_int_equal(rn_pidref_kill(&r, SIGTERM), 0);
	wait_gone(&r);
	assert_false(rn_pid_running(p));
	rn_pidref_close(&r);
	reap(p);
}

/* Field 22 of a stat line whose command name holds ") " itself. */
static void test_start_time_parse(void **state)
{
	char dir[128], path[160];
	const char *stat = "77 (a) S (b) R 1 77 77 0 -1 4194560 1 2 3 4 5 6 "
			   "7 8 20 0 1 0 4242 1000 10\n";

	(void)state;
	snprintf(dir, sizeof(dir), "%s/proc/77", scratch_dir);
	snprintf(path, sizeof(path), "%s/stat", dir);
	assert_int_equal(rn_mkdir_p(dir, 0755), 0);
	assert_int_equal(rn_write_file(path, stat, strlen(stat), 0644), 0);
	snprintf(dir, sizeof(dir), "%s/proc", scratch_dir);
	assert_int_equal(rn_proc_start_time(dir, 77), 4242);
	assert_int_equal(rn_proc_start_time(dir, 78), 0);
	assert_int_equal(rn_proc_start_time("/proc", getpid()),
			 rn_proc_start_time("/proc", getpid()));
	assert_true(rn_proc_start_time("/proc", getpid()) > 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pidref_pidfd),
		cmocka_unit_test(test_pidref_start_time),
		cmocka_unit_test(test_start_time_parse),
	};

	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
