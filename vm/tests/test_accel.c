// SPDX-License-Identifier: MIT
/* Accelerator choice: probe, overrides, parsing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "accel.h"

static int probe_calls;

static bool probe_yes(const char *path)
{
	(void)path;
	probe_calls++;
	return true;
}

static bool probe_no(const char *path)
{
	(void)path;
	probe_calls++;
	return false;
}

static void test_auto_follows_probe(void **state)
{
	(void)state;
	probe_calls = 0;
	assert_int_equal(rn_accel_resolve(RN_ACCEL_AUTO, probe_yes, "/k"),
			 RN_ACCEL_KVM);
	assert_int_equal(rn_accel_resolve(RN_ACCEL_AUTO, probe_no, "/k"),
			 RN_ACCEL_TCG);
	assert_int_equal(probe_calls, 2);
}

static void test_override_skips_probe(void **state)
{
	(void)state;
	probe_calls = 0;
	assert_int_equal(rn_accel_resolve(RN_ACCEL_TCG, probe_yes, "/k"),
			 RN_ACCEL_TCG);
	assert_int_equal(rn_accel_resolve(RN_ACCEL_KVM, probe_no, "/k"),
			 RN_ACCEL_KVM);
	assert_int_equal(probe_calls, 0);
}

static void test_real_probe_rejects_non_kvm(void **state)
{
	(void)state;
	assert_false(rn_kvm_usable("/nonexistent/kvm"));
	/* Opens, but the ioctl is not KVM's. */
	assert_false(rn_kvm_usable("/dev/null"));
}

static void test_names(void **state)
{
	enum rn_accel a = RN_ACCEL_AUTO;

	(void)state;
	assert_int_equal(rn_accel_parse("kvm", &a), 0);
	assert_int_equal(a, RN_ACCEL_KVM);
	assert_int_equal(rn_accel_parse("tcg", &a), 0);
	assert_int_equal(a, RN_ACCEL_TCG);
	assert_int_equal(rn_accel_parse("auto", &a), 0);
	assert_int_equal(a, RN_ACCEL_AUTO);
	assert_int_equal(rn_accel_parse("KVM", &a), -1);
	assert_int_equal(rn_accel_parse("", &a), -1);
	assert_string_equal(rn_accel_name(RN_ACCEL_KVM), "kvm");
	assert_string_equal(rn_accel_name(RN_ACCEL_TCG), "tcg");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_auto_follows_probe),
		cmocka_unit_test(test_override_skips_probe),
		cmocka_unit_test(test_real_probe_rejects_non_kvm),
		cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
