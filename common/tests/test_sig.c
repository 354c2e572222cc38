// SPDX-License-Identifier: MIT
/* test_sig.c - the termination-signal flag; sigaction(2) faked with
 * -Wl,--wrap=sigaction for the install's error path. */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "sig.h"

/* sigaction(2) fails for this signal (0: none). */
static int fail_sigaction_sig;

int __real_sigaction(int sig, const struct sigaction *sa,
		     struct sigaction *old);
int __wrap_sigaction(int sig, const struct sigaction *sa,
		     struct sigaction *old);

int __wrap_sigaction(int sig, const struct sigaction *sa,
		     struct sigaction *old)
{
	if (sig == fail_sigaction_sig) {
		errno = EINVAL;
		return -1;
	}
	return __real_sigaction(sig, sa, old);
}

static void test_install(void **state)
{
	struct sigaction sa;

	(void)state;
	fail_sigaction_sig = SIGTERM;
	assert_int_equal(rn_sig_install(), -EINVAL);
	fail_sigaction_sig = 0;
	assert_int_equal(rn_sig_install(), 0);
	assert_int_equal(sigaction(SIGHUP, NULL, &sa), 0);
	assert_true(sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN);
	/* no SA_RESTART: a blocking call returns EINTR and is noticed */
	assert_int_equal(sa.sa_flags & SA_RESTART, 0);
	assert_int_equal(sigaction(SIGPIPE, NULL, &sa), 0);
	assert_true(sa.sa_handler == SIG_IGN);
}

static void test_flag(void **state)
{
	(void)state;
	assert_int_equal(rn_sig_install(), 0);
	assert_false(rn_sig_pending());
	assert_string_equal(rn_sig_name(), "no signal");
	assert_int_equal(raise(SIGHUP), 0);
	assert_true(rn_sig_pending());
	assert_int_equal(rn_sig_number(), SIGHUP);
	assert_string_equal(rn_sig_name(), "SIGHUP");
	rn_sig_raise_flag(0);
	assert_false(rn_sig_pending());
	/* SIGPIPE is ignored: raising it does not end the test */
	assert_int_equal(raise(SIGPIPE), 0);
	assert_false(rn_sig_pending());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_install),
		cmocka_unit_test(test_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
