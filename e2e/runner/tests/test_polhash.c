// SPDX-License-Identifier: MIT
/*
 * test_polhash.c - cmocka tests of core_polhash.c: the sha256sum parser and
 * the hash lists (a temporary file), and rn_polhash_loaded() with
 * rn_sh faked by -Wl,--wrap.
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
#include <unistd.h>

#include "fake_sh.h"
#include "core.h"

#define H1 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define H2 "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210"

/* the fake rn_sh: the next output and exit status, the last command */
static const char *fake_out;
static int fake_rc;
static char fake_cmd[512];

int __wrap_rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
		   const char *fmt, ...);
int __wrap_rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
		   const char *fmt, ...)
{
	va_list ap;

	(void)r;
	(void)timeout_s;
	va_start(ap, fmt);
	fake_sh_format(fake_cmd, sizeof(fake_cmd), fmt, ap);
	va_end(ap);
	if (out)
		*out = fake_out ? strdup(fake_out) : NULL;
	return fake_rc;
}

static void test_parse(void **state)
{
	char hex[RN_SHA256_HEX + 1];

	(void)state;
	assert_int_equal(rn_sha256_parse(H1 "  /sys/fs/selinux/policy\n", hex),
			 0);
	assert_string_equal(hex, H1);
	assert_int_equal(rn_sha256_parse(H2 "\n", hex), 0);
	assert_string_equal(hex, H2);
	assert_int_equal(rn_sha256_parse(H2, hex), 0);
	/* too short, too long, not hex, upper case, nothing */
	assert_int_equal(rn_sha256_parse("0123abcd  x\n", hex), -EINVAL);
	assert_int_equal(rn_sha256_parse(H1 "0  x\n", hex), -EINVAL);
	assert_int_equal(rn_sha256_parse("g" H1 "  x", hex), -EINVAL);
	assert_int_equal(rn_sha256_parse("0123456789ABCDEF0123456789abcdef"
					  "0123456789abcdef0123456789abcdef",
					  hex), -EINVAL);
	assert_int_equal(rn_sha256_parse("sha256sum: /sys/fs/selinux/policy: "
					  "Permission denied\n", hex), -EINVAL);
	assert_int_equal(rn_sha256_parse("", hex), -EINVAL);
	assert_int_equal(rn_sha256_parse(NULL, hex), -EINVAL);
}

static void test_list(void **state)
{
	char path[] = "/tmp/test_polhash.XXXXXX";
	char info[64];
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	/* no list yet: nothing is proven */
	assert_int_equal(rn_hashlist_find(path, H1, info, sizeof(info)), 0);
	assert_int_equal(rn_hashlist_add(path, H1, "sesearch at permissive-begin, T1"),
			 0);
	assert_int_equal(rn_hashlist_find(path, H2, info, sizeof(info)), 0);
	assert_int_equal(rn_hashlist_add(path, H2, "semodule -DB at T2"), 0);
	info[0] = '\0';
	assert_int_equal(rn_hashlist_find(path, H1, info, sizeof(info)), 1);
	assert_string_equal(info, "sesearch at permissive-begin, T1");
	assert_int_equal(rn_hashlist_find(path, H2, info, sizeof(info)), 1);
	assert_string_equal(info, "semodule -DB at T2");
	/* INFO is cut to the buffer, the line found all the same */
	assert_int_equal(rn_hashlist_find(path, H2, info, 8), 1);
	assert_string_equal(info, "semodul");
	assert_int_equal(rn_hashlist_find(path, H1, NULL, 0), 1);
	/* a prefix of a listed hash is not that hash */
	assert_int_equal(rn_hashlist_find(path, "0123", info, sizeof(info)),
			 -EINVAL);
	/* no INFO containing a newline (it would forge a line), no
	 * malformed hash */
	assert_int_equal(rn_hashlist_add(path, H1, "x\n" H2 " forged"),
			 -EINVAL);
	assert_int_equal(rn_hashlist_add(path, "abc", "x"), -EINVAL);
	unlink(path);
}

static void test_list_prefix_line(void **state)
{
	char path[] = "/tmp/test_polhash.XXXXXX";
	char info[64];
	FILE *f;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	/* a longer token starting with H1 and a bare hash line */
	fprintf(f, "%s0 longer\n%s\n", H1, H2);
	fclose(f);
	assert_int_equal(rn_hashlist_find(path, H1, info, sizeof(info)), 0);
	assert_int_equal(rn_hashlist_find(path, H2, info, sizeof(info)), 1);
	assert_string_equal(info, "");
	unlink(path);
}

static void test_loaded(void **state)
{
	char hex[RN_SHA256_HEX + 1];
	struct rn_result r;

	(void)state;
	rn_result_init(&r);
	fake_out = H2 "  /sys/fs/selinux/policy\n";
	fake_rc = 0;
	assert_int_equal(rn_polhash_loaded(&r, hex), 0);
	assert_string_equal(hex, H2);
	assert_string_equal(fake_cmd, "sha256sum /sys/fs/selinux/policy");
	/* sha256sum failed: no hash, whatever it printed */
	fake_out = H1 "  /sys/fs/selinux/policy\n";
	fake_rc = 1;
	assert_int_equal(rn_polhash_loaded(&r, hex), -EIO);
	fake_rc = -ETIMEDOUT;
	assert_int_equal(rn_polhash_loaded(&r, hex), -ETIMEDOUT);
	fake_out = "garbage\n";
	fake_rc = 0;
	assert_int_equal(rn_polhash_loaded(&r, hex), -EINVAL);
	rn_result_free(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_list_prefix_line),
		cmocka_unit_test(test_loaded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
