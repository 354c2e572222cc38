// SPDX-License-Identifier: MIT
/* Command-line parsing: good and bad options, missing images. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fakes.h"
#include "opts.h"
#include "profile.h"
#include "util.h"

static struct rn_scratch sc;

static int setup(void **state)
{
	(void)state;
	rn_set_quiet(true);
	return rn_scratch_make(&sc);
}

static int teardown(void **state)
{
	(void)state;
	rn_scratch_remove(&sc);
	return 0;
}

/*
 * Parse a NULL-terminated list; returns rn_opts_parse's result. The argv
 * array is static: o->command points into it.
 */
static int parse(struct rn_opts *o, ...)
{
	static char *argv[40];
	va_list ap;
	int argc = 0, rc;
	char *a;

	argv[argc++] = "rnlab";
	va_start(ap, o);
	while ((a = va_arg(ap, char *)) && argc < 39)
		argv[argc++] = a;
	va_end(ap);
	argv[argc] = NULL;
	rc = rn_opts_parse(argc, argv, o);
	return rc;
}

static void test_run_good(void **state)
{
	struct rn_opts o;

	(void)state;
	assert_int_equal(parse(&o, "run", "-p", "debian12", "--image-dir",
			       sc.image, "--accel", "tcg", "--selinux",
			       "permissive", "--boot-timeout", "90",
			       "--cmd-timeout", "30", "--put",
			       "build/bundle:/opt/rnx", "--put",
			       "a:b:/x", "--get", "/var/lib/rnx/out:out/d",
			       "--uri", "qemu:///session", "--console-log",
			       "c.log", "--keep-on-fail", "--",
			       "/opt/rnx/run-e2e", "-v", NULL), 0);
	assert_int_equal(o.cmd, RN_CMD_RUN);
	assert_string_equal(o.profile->name, "debian12");
	assert_int_equal(o.accel, RN_ACCEL_TCG);
	assert_false(o.enforcing);
	assert_true(o.boot_timeout == 90);
	assert_true(o.cmd_timeout == 30);
	assert_int_equal(o.n_put, 2);
	assert_string_equal(o.put[0].host, "build/bundle");
	assert_string_equal(o.put[0].guest, "/opt/rnx");
	assert_string_equal(o.put[1].host, "a:b");
	assert_string_equal(o.put[1].guest, "/x");
	assert_int_equal(o.n_get, 1);
	assert_string_equal(o.get[0].guest, "/var/lib/rnx/out");
	assert_string_equal(o.get[0].host, "out/d");
	assert_string_equal(o.uri, "qemu:///session");
	assert_string_equal(o.console_log, "c.log");
	assert_true(o.keep_on_fail);
	assert_string_equal(o.command[0], "/opt/rnx/run-e2e");
	assert_string_equal(o.command[1], "-v");
	assert_null(o.command[2]);
	rn_opts_free(&o);
}

static void test_defaults(void **state)
{
	struct rn_opts o;

	(void)state;
	assert_int_equal(parse(&o, "smoke", "-p", "debian13", "--image-dir",
			       sc.image, NULL), 0);
	assert_int_equal(o.cmd, RN_CMD_SMOKE);
	assert_string_equal(o.uri, "qemu:///system");
	assert_int_equal(o.accel, RN_ACCEL_AUTO);
	assert_true(o.enforcing);
	assert_true(rn_opts_boot_timeout(&o, RN_ACCEL_TCG) == 600);
	assert_true(rn_opts_boot_timeout(&o, RN_ACCEL_KVM) == 180);
	assert_null(o.command);
	rn_opts_free(&o);
	assert_int_equal(parse(&o, "cleanup", NULL), 0);
	assert_int_equal(o.cmd, RN_CMD_CLEANUP);
	rn_opts_free(&o);
	assert_int_equal(parse(&o, "seed", "-p", "fedora42", "-o", "/tmp/x",
			       NULL), 0);
	assert_int_equal(o.cmd, RN_CMD_SEED);
	rn_opts_free(&o);
	assert_int_equal(parse(&o, "--help", NULL), 0);
	assert_int_equal(o.cmd, RN_CMD_HELP);
	rn_opts_free(&o);
	assert_int_equal(parse(&o, "profiles", NULL), 0);
	assert_int_equal(o.cmd, RN_CMD_PROFILES);
	rn_opts_free(&o);
}

static void expect_bad(const char *a1, const char *a2, const char *a3,
		       const char *a4, const char *a5, const char *a6,
		       const char *a7)
{
	struct rn_opts o;

	assert_int_equal(parse(&o, a1, a2, a3, a4, a5, a6, a7, NULL), -1);
	rn_opts_free(&o);
}

/* --accel-fresh, or RNLAB_ACCEL_FRESH set to anything but "" and "0". */
static void test_accel_fresh(void **state)
{
	static const struct {
		const char *env;
		bool want;
	} cases[] = {
		{ NULL, false }, { "", false }, { "0", false }, { "1", true },
		{ "yes", true },
	};
	struct rn_opts o;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (cases[i].env)
			setenv("RNLAB_ACCEL_FRESH", cases[i].env, 1);
		else
			unsetenv("RNLAB_ACCEL_FRESH");
		assert_int_equal(parse(&o, "smoke", "-p", "debian12",
				       "--image-dir", sc.image, NULL), 0);
		assert_int_equal(o.accel_fresh, cases[i].want);
	}
	unsetenv("RNLAB_ACCEL_FRESH");
	assert_int_equal(parse(&o, "smoke", "-p", "debian12", "--image-dir",
			       sc.image, "--accel-fresh", NULL), 0);
	assert_true(o.accel_fresh);
}

static void test_bad(void **state)
{
	const char *img = sc.image;

	(void)state;
	expect_bad("frobnicate", NULL, NULL, NULL, NULL, NULL, NULL);
	expect_bad("profiles", "-p", "debian12", NULL, NULL, NULL, NULL);
	expect_bad("profiles", "extra", NULL, NULL, NULL, NULL, NULL);
	expect_bad("run", "-p", "debian12", "--image-dir", img, NULL, NULL);
	expect_bad("run", "-p", "debian12", "--image-dir", img, "true", NULL);
	expect_bad("run", "-p", "nosuch", "--image-dir", img, "--", "true");
	expect_bad("run", "--image-dir", img, "--", "true", NULL, NULL);
	expect_bad("smoke", "-p", "debian12", "--image-dir", img, "--accel",
		   "hvf");
	expect_bad("smoke", "-p", "debian12", "--image-dir", img, "--selinux",
		   "disabled");
	expect_bad("smoke", "-p", "debian12", "--image-dir", img,
		   "--boot-timeout", "-5");
	expect_bad("smoke", "-p", "debian12", "--image-dir", img,
		   "--boot-timeout", "soon");
	expect_bad("smoke", "-p", "debian12", "--image-dir", img, "--bogus",
		   NULL);
	expect_bad("smoke", "-p", "debian12", "--image-dir", img, "--uri",
		   NULL);
	expect_bad("smoke", "-p", "debian12", "--image-dir", img, "--put",
		   "a:/b");
	expect_bad("run", "-p", "debian12", "--image-dir", img, "--put",
		   "a:relative");
	expect_bad("run", "-p", "debian12", "--image-dir", img, "--put",
		   "nocolon");
	expect_bad("run", "-p", "debian12", "--image-dir", img, "--get",
		   ":x");
	expect_bad("smoke", "-p", "debian12", "--image-dir", img,
		   "--guest-internet", NULL);
	expect_bad("smoke", "-p", "debian12", "--image-dir", img, "--", "x");
	expect_bad("smoke", "-p", "debian12", "--image-dir", img, "--selinux",
		   "permissive");
	expect_bad("seed", "-p", "debian12", "-o", "/tmp/x", NULL, NULL);
	expect_bad("seed", "-p", "fedora42", NULL, NULL, NULL, NULL);
	expect_bad("xml", "-p", "debian12", "--image-dir", img, "-o", "x");
}

static void test_missing_image(void **state)
{
	char path[160];

	(void)state;
	expect_bad("smoke", "-p", "debian12", NULL, NULL, NULL, NULL);
	expect_bad("smoke", "-p", "debian12", "--image-dir", "/nonexistent",
		   NULL, NULL);
	expect_bad("smoke", "-p", "debian12", "--image", "/x.qcow2", NULL,
		   NULL);
	/* Each required file is checked. */
	snprintf(path, sizeof(path), "%s/initrd.img", sc.image);
	assert_int_equal(rename(path, "/tmp/rnlab-test-initrd"), 0);
	expect_bad("smoke", "-p", "debian12", "--image-dir", sc.image, NULL,
		   NULL);
	assert_int_equal(rename("/tmp/rnlab-test-initrd", path), 0);
	/* fedora42: --image is a file or a URL, and needs --guest-internet. */
	expect_bad("smoke", "-p", "fedora42", "--guest-internet", NULL, NULL,
		   NULL);
	expect_bad("smoke", "-p", "fedora42", "--guest-internet", "--image",
		   "/nonexistent.qcow2", NULL);
	expect_bad("smoke", "-p", "fedora42", "--image-dir", sc.image,
		   "--guest-internet", NULL);
}

static void test_fedora_internet(void **state)
{
	char disk[160];
	struct rn_opts o;

	(void)state;
	snprintf(disk, sizeof(disk), "%s/disk.raw", sc.image);
	/* Refused without --guest-internet, accepted with it. */
	expect_bad("smoke", "-p", "fedora42", "--image", disk, NULL, NULL);
	expect_bad("xml", "-p", "fedora42", "--image", disk, NULL, NULL);
	assert_int_equal(parse(&o, "smoke", "-p", "fedora42", "--image", disk,
			       "--guest-internet", NULL), 0);
	assert_true(o.guest_internet);
	rn_opts_free(&o);
	assert_int_equal(parse(&o, "run", "-p", "fedora42", "--image",
			       "https://example.org/f.qcow2",
			       "--guest-internet", "--", "true", NULL), 0);
	rn_opts_free(&o);
}

/*
 * The profile table: names unique, every direct-kernel profile has a
 * recipe that prints its image dir, and debian13-fedora-policy (issue 18)
 * boots like debian13 from its own image dir.
 */
static void test_profile_table(void **state)
{
	const struct rn_profile *p, *q;
	struct rn_opts o;
	unsigned int i, j;
	char recipe[256];

	(void)state;
	for (i = 0; (p = rn_profile_at(i)); i++) {
		assert_non_null(p->name);
		assert_non_null(p->summary);
		assert_non_null(p->base_format);
		if (p->boot == RN_BOOT_KERNEL)
			assert_int_equal(rn_profile_recipe(p, recipe,
							   sizeof(recipe)), 0);
		for (j = 0; j < i; j++) {
			q = rn_profile_at(j);
			assert_string_not_equal(p->name, q->name);
		}
	}
	p = rn_profile_find("debian13-fedora-policy");
	assert_non_null(p);
	assert_int_equal(p->boot, RN_BOOT_KERNEL);
	assert_string_equal(p->base_format, "raw");
	assert_false(p->needs_internet);
	assert_true(p->cmdline_selinux);
	assert_int_equal(rn_profile_recipe(p, recipe, sizeof(recipe)), 0);
	assert_string_equal(recipe, "vm/images/fedora-policy-image.sh "
				    "FEDORA_POLICY_SRC");
	assert_null(rn_profile_find("debian13-fedora"));
	assert_int_equal(parse(&o, "smoke", "-p", "debian13-fedora-policy",
			       "--image-dir", sc.image, NULL), 0);
	assert_ptr_equal(o.profile, p);
	rn_opts_free(&o);
	expect_bad("smoke", "-p", "debian13-fedora-policy", NULL, NULL, NULL,
		   NULL);
	expect_bad("smoke", "-p", "debian13-fedora-policy", "--image",
		   "/x.qcow2", NULL, NULL);
	expect_bad("smoke", "-p", "debian13-fedora-policy",
		   "--guest-internet", "--image-dir", sc.image, NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_good),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_accel_fresh),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_missing_image),
		cmocka_unit_test(test_fedora_internet),
		cmocka_unit_test(test_profile_table),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
