// SPDX-License-Identifier: MIT
/* test_meta.c - the run's profile: RNX_PROFILE (set by rnlab run) is
 * recorded in the run metadata when it is a profile name, never when it
 * is unset or something else. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core.h"
#include "log.h"

static void test_check(void **state)
{
	(void)state;
	assert_int_equal(rn_profile_check("debian12"), 0);
	assert_int_equal(rn_profile_check("debian13-fedora-policy"), 0);
	assert_int_equal(rn_profile_check("fedora42"), 0);
	assert_int_equal(rn_profile_check(NULL), -ENOENT);
	assert_int_equal(rn_profile_check(""), -ENOENT);
	assert_int_equal(rn_profile_check("debian 12"), -EINVAL);
	assert_int_equal(rn_profile_check("a;reboot"), -EINVAL);
	assert_int_equal(rn_profile_check("x/../y"), -EINVAL);
	assert_int_equal(rn_profile_check(
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"),
		-EINVAL);
}

/* The profile found in the environment, collected with the rest of the
 * metadata (whose commands fail harmlessly on the host). */
static char *collected(const char *env)
{
	struct rn_meta m;
	char *p;

	memset(&m, 0, sizeof(m));
	if (env)
		assert_int_equal(setenv("RNX_PROFILE", env, 1), 0);
	else
		assert_int_equal(unsetenv("RNX_PROFILE"), 0);
	rn_meta_collect(&m, "/nonexistent-bundle");
	p = m.profile ? strdup(m.profile) : NULL;
	rn_meta_free(&m);
	return p;
}

static void test_collect(void **state)
{
	char *p;

	(void)state;
	rn_set_quiet(true);
	p = collected("debian13");
	assert_non_null(p);
	assert_string_equal(p, "debian13");
	free(p);
	assert_null(collected(NULL));
	assert_null(collected(""));
	assert_null(collected("debian12; rm -rf /"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_check),
		cmocka_unit_test(test_collect),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
