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
		T(test_lock_crash),
		T(test_lock_not_inherited),
		T(test_virt_close),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
