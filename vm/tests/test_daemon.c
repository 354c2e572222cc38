// SPDX-License-Identifier: MIT
/* Pinned pids, the daemon lock, closing libvirt connections. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "daemon.h"
#include "fakes.h"
#include "lock.h"
#include "pidref.h"
#include "sig.h"
#include "util.h"
#include "wait.h"

static char root[64];
static char lockpath[96];

static int setup(void **state)
{
	(void)state;
	rn_set_quiet(true);
	rn_fake_reset();
	rn_sig_raise_flag(0);
	snprintf(root, sizeof(root), "/tmp/rnlab-daemon-XXXXXX");
	if (!mkdtemp(root))
		return -1;
	snprintf(lockpath, sizeof(lockpath), "%s/lock", root);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rn_sig_raise_flag(0);
	rn_fake_reset();
	return rn_rm_rf(root);
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
	p = rn_spawn_pinned(&r);
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
	p = rn_spawn_pinned(&r);
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
	rn_reap(p);
}

/* Field 22 of a stat line whose command name holds ") " itself. */
static void test_start_time_parse(void **state)
{
	char dir[128], path[160];
	const char *stat = "77 (a) S (b) R 1 77 77 0 -1 4194560 1 2 3 4 5 6 "
			   "7 8 20 0 1 0 4242 1000 10\n";

	(void)state;
	snprintf(dir, sizeof(dir), "%s/proc/77", root);
	snprintf(path, sizeof(path), "%s/stat", dir);
	assert_int_equal(rn_mkdir_p(dir, 0755), 0);
	assert_int_equal(rn_write_file(path, stat, strlen(stat), 0644), 0);
	snprintf(dir, sizeof(dir), "%s/proc", root);
	assert_int_equal(rn_proc_start_time(dir, 77), 4242);
	assert_int_equal(rn_proc_start_time(dir, 78), 0);
	assert_int_equal(rn_proc_start_time("/proc", getpid()),
			 rn_proc_start_time("/proc", getpid()));
	assert_true(rn_proc_start_time("/proc", getpid()) > 0);
}

/*
 * One holder at a time; a holder killed with SIGKILL (a crashed run)
 * leaves the lock free; a pending signal ends an abortable wait.
 */
static void test_lock_crash(void **state)
{
	double t0;
	pid_t p;
	int fd = 7;

	(void)state;
	p = rn_spawn_lock_holder(lockpath, 0);
	assert_true(p > 0);
	t0 = rn_clock_now(&rn_real_clock);
	assert_int_equal(rn_lock_take(lockpath, 0.3, true, &fd),
			 RN_WAIT_TIMEOUT);
	assert_int_equal(fd, -1);
	assert_true(rn_clock_now(&rn_real_clock) - t0 >= 0.25);
	rn_sig_raise_flag(SIGINT);
	assert_int_equal(rn_lock_take(lockpath, 5, true, &fd),
			 RN_WAIT_ABORTED);
	/* Teardown waits regardless of the signal. */
	assert_int_equal(rn_lock_take(lockpath, 0.2, false, &fd),
			 RN_WAIT_TIMEOUT);
	rn_sig_raise_flag(0);
	rn_reap(p);
	assert_int_equal(rn_lock_take(lockpath, 0.2, true, &fd), RN_WAIT_OK);
	assert_true(fd >= 0);
	rn_lock_release(&fd);
	assert_int_equal(fd, -1);
	rn_lock_release(&fd);
}

/*
 * A daemon started while the lock is held (libvirtd -d) does not
 * inherit it: released by us, it is free though the child lives on.
 */
static void test_lock_not_inherited(void **state)
{
	pid_t child;
	int fd, fd2;

	(void)state;
	assert_int_equal(rn_lock_take(lockpath, 1, true, &fd), RN_WAIT_OK);
	child = rn_spawn_sleeper();
	assert_true(child > 0);
	rn_lock_release(&fd);
	assert_int_equal(rn_lock_take(lockpath, 1, true, &fd2), RN_WAIT_OK);
	rn_lock_release(&fd2);
	rn_reap(child);
	/* A lock file that cannot be created: FATAL with errno. */
	errno = 0;
	assert_int_equal(rn_lock_take("/nonexistent-dir/x.lock", 1, true,
				      &fd), RN_WAIT_FATAL);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(fd, -1);
}

/* 0 only when libvirt closed the connection with no reference left. */
static void test_virt_close(void **state)
{
	virConnectPtr c = NULL;

	(void)state;
	assert_int_equal(rn_virt_close(&c), 0);
	assert_int_equal(rn_fake.close_calls, 0);
	c = virConnectOpen("test:///default");
	assert_non_null(c);
	assert_int_equal(rn_virt_close(&c), 0);
	assert_null(c);
	assert_int_equal(rn_fake.close_calls, 1);
	rn_fake.close_result = 1;	/* a handle still holds it */
	c = virConnectOpen("test:///default");
	assert_int_equal(rn_virt_close(&c), -1);
	assert_null(c);
	rn_fake.close_result = -1;
	c = virConnectOpen("test:///default");
	assert_int_equal(rn_virt_close(&c), -1);
	assert_null(c);
	assert_int_equal(rn_fake.close_calls, 3);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_pidref_pidfd),
		T(test_pidref_start_time),
		T(test_start_time_parse),
		T(test_lock_crash),
		T(test_lock_not_inherited),
		T(test_virt_close),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
