// SPDX-License-Identifier: MIT
/*
 * test_dontaudit.c - cmocka tests of core_mode.c's dontaudit bookkeeping:
 * a policy semodule -DB loaded is recorded by hash; a --reuse-setup run
 * whose loaded policy is recorded takes dontaudit as off and leaves it so;
 * --keep-dontaudit-off leaves it off too.  rn_sh, rn_sh_quiet, mkdir
 * and the hash list are faked with -Wl,--wrap.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fake_sh.h"
#include "core.h"

#define FAKE_LIST_PATH "/run/rnx/dontaudit-off.txt"
#include "fake_hashlist.h"

#define H1 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define H2 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

int rn_opt_reuse_setup;	/* main.c's option */

static struct {
	const char *loaded;	/* the loaded policy's hash */
	int semodule_rc;
	int nsemodule;
} F;

static void reset(const char *loaded, const char *listed, int reuse)
{
	memset(&F, 0, sizeof(F));
	memset(&FL, 0, sizeof(FL));
	F.loaded = loaded;
	FL.listed = listed;
	FL.info = "semodule -DB at T0";
	rn_opt_reuse_setup = reuse;
	rn_opt_keep_dontaudit_off = 0;
	rn_dontaudit_is_off = 0;
	rn_dontaudit_inherited = 0;
}

static int fake(char **out, const char *cmd)
{
	int rc = 0;

	if (!strncmp(cmd, "sha256sum ", 10)) {
		if (out)
			assert_int_equal(asprintf(out, "%s  x\n", F.loaded) > 0, 1);
		return 0;
	}
	if (!strncmp(cmd, "semodule ", 9)) {
		F.nsemodule++;
		rc = F.semodule_rc;
	}
	if (out)
		*out = strdup("");
	return rc;
}

int __wrap_rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
		   const char *fmt, ...);
int __wrap_rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
		   const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	(void)r;
	(void)timeout_s;
	va_start(ap, fmt);
	fake_sh_format(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return fake(out, cmd);
}

int __wrap_rn_sh_quiet(unsigned int timeout_s, char **out,
			 const char *fmt, ...);
int __wrap_rn_sh_quiet(unsigned int timeout_s, char **out,
			 const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	(void)timeout_s;
	va_start(ap, fmt);
	fake_sh_format(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	return fake(out, cmd);
}

int __wrap_mkdir(const char *path, mode_t mode);
int __wrap_mkdir(const char *path, mode_t mode)
{
	(void)mode;
	assert_string_equal(path, "/run/rnx");
	return 0;
}

/* semodule -DB records the policy it loaded; the run restores it */
static void test_disable_records(void **state)
{
	struct rn_result r;

	(void)state;
	reset(H2, NULL, 0);
	rn_result_init(&r);
	assert_int_equal(rn_dontaudit_set(1, &r), 0);
	assert_int_equal(F.nsemodule, 1);
	assert_int_equal(rn_dontaudit_is_off, 1);
	assert_int_equal(FL.nadd, 1);
	assert_string_equal(FL.added, H2);
	assert_non_null(strstr(FL.added_info, "semodule -DB at "));
	assert_int_equal(rn_dontaudit_left_off(), 0);
	/* a failed -DB is not recorded (and is restored later) */
	reset(H2, NULL, 0);
	F.semodule_rc = 1;
	assert_int_equal(rn_dontaudit_set(1, &r), -EIO);
	assert_int_equal(FL.nadd, 0);
	assert_int_equal(rn_dontaudit_is_off, 1);
	assert_int_equal(rn_dontaudit_left_off(), 0);
	rn_result_free(&r);
}

/* a recorded policy is found only under --reuse-setup */
static void test_found_off(void **state)
{
	char info[64] = "";

	(void)state;
	reset(H1, H1, 0);
	assert_int_equal(rn_dontaudit_found_off(NULL, info, sizeof(info)), 0);
	assert_int_equal(rn_dontaudit_is_off, 0);

	reset(H1, H2, 1);
	assert_int_equal(rn_dontaudit_found_off(NULL, info, sizeof(info)), 0);
	assert_int_equal(rn_dontaudit_is_off, 0);
	assert_int_equal(rn_dontaudit_left_off(), 0);

	reset(H1, H1, 1);
	assert_int_equal(rn_dontaudit_found_off(NULL, info, sizeof(info)), 1);
	assert_string_equal(info, "semodule -DB at T0");
	assert_int_equal(rn_dontaudit_is_off, 1);
	assert_int_equal(rn_dontaudit_inherited, 1);
	/* inherited: left off at the end, no semodule ran */
	assert_int_equal(rn_dontaudit_left_off(), 1);
	assert_int_equal(F.nsemodule, 0);
}

/* an inherited state that this run rebuilds becomes its own */
static void test_rebuild_owns(void **state)
{
	struct rn_result r;
	char info[64];

	(void)state;
	reset(H1, H1, 1);
	rn_result_init(&r);
	assert_int_equal(rn_dontaudit_found_off(&r, info, sizeof(info)), 1);
	assert_int_equal(rn_dontaudit_set(1, &r), 0);
	assert_int_equal(rn_dontaudit_inherited, 0);
	assert_int_equal(rn_dontaudit_left_off(), 0);
	/* a failed rebuild leaves an unknown state this run must restore */
	reset(H1, H1, 1);
	assert_int_equal(rn_dontaudit_found_off(&r, info, sizeof(info)), 1);
	F.semodule_rc = 1;
	assert_int_equal(rn_dontaudit_set(1, &r), -EIO);
	assert_int_equal(rn_dontaudit_is_off, 1);
	assert_int_equal(rn_dontaudit_left_off(), 0);
	rn_result_free(&r);
}

static void test_keep(void **state)
{
	struct rn_result r;

	(void)state;
	reset(H2, NULL, 0);
	rn_opt_keep_dontaudit_off = 1;
	rn_result_init(&r);
	assert_int_equal(rn_dontaudit_set(1, &r), 0);
	assert_int_equal(rn_dontaudit_left_off(), 1);
	rn_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_disable_records),
		cmocka_unit_test(test_found_off),
		cmocka_unit_test(test_rebuild_owns),
		cmocka_unit_test(test_keep),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
