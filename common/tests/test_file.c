// SPDX-License-Identifier: MIT
/* test_file.c - whole-file reads and writes, mkdir -p; read(2) faked with
 * -Wl,--wrap=read for its error paths. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "file.h"
#include "scratch.h"

/* read(2): fail_read > 0 fails that many calls with read_errno. */
static int fail_read, read_errno;

ssize_t __real_read(int fd, void *buf, size_t n);
ssize_t __wrap_read(int fd, void *buf, size_t n);

ssize_t __wrap_read(int fd, void *buf, size_t n)
{
	if (fail_read > 0) {
		fail_read--;
		errno = read_errno;
		return -1;
	}
	return __real_read(fd, buf, n);
}

static void path_of(char *p, size_t n, const char *name)
{
	snprintf(p, n, "%s/%s", scratch_dir, name);
}

/* Larger than one read and with a NUL inside: the length is exact. */
static void test_roundtrip(void **state)
{
	size_t n = 20000, len = 0, i;
	char *data = malloc(n), *back = NULL, p[256];
	struct stat st;

	(void)state;
	assert_non_null(data);
	for (i = 0; i < n; i++)
		data[i] = (char)(i % 251);
	path_of(p, sizeof(p), "a");
	assert_int_equal(rn_write_file(p, data, n, 0640), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(rn_read_file(p, &back, &len), 0);
	assert_int_equal(len, n);
	assert_memory_equal(back, data, n);
	assert_int_equal(back[n], '\0');
	free(back);
	free(data);
}

static void test_missing(void **state)
{
	char *data = (char *)1, p[256];

	(void)state;
	path_of(p, sizeof(p), "none");
	assert_int_equal(rn_read_file(p, &data, NULL), -ENOENT);
	assert_null(data);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(rn_copy_file(p, "/tmp/x", 0600), -ENOENT);
}

/* EINTR is retried; another error is returned and nothing leaks. */
static void test_read_errors(void **state)
{
	char *data = NULL, p[256];

	(void)state;
	path_of(p, sizeof(p), "b");
	assert_int_equal(rn_write_file(p, "hello", 5, 0600), 0);
	fail_read = 1;
	read_errno = EINTR;
	assert_int_equal(rn_read_file(p, &data, NULL), 0);
	assert_string_equal(data, "hello");
	free(data);
	fail_read = 1;
	read_errno = EIO;
	assert_int_equal(rn_read_file(p, &data, NULL), -EIO);
	assert_null(data);
	fail_read = 0;
}

static void test_copy(void **state)
{
	char src[256], dst[256], *data = NULL;

	(void)state;
	path_of(src, sizeof(src), "c");
	path_of(dst, sizeof(dst), "d");
	assert_int_equal(rn_write_file(src, "x\ny", 3, 0600), 0);
	assert_int_equal(rn_copy_file(src, dst, 0644), 0);
	assert_int_equal(rn_read_file(dst, &data, NULL), 0);
	assert_string_equal(data, "x\ny");
	free(data);
}

/* The new contents replace the old whole; no temporary is left; a
 * failure (no such directory) leaves nothing behind. */
static void test_atomic(void **state)
{
	char p[256], tmp[300], *data = NULL;
	struct stat st;

	(void)state;
	path_of(p, sizeof(p), "w");
	assert_int_equal(rn_write_file_atomic(p, "open a 1\n", 9, 0644), 0);
	assert_int_equal(rn_write_file_atomic(p, "closed\n", 7, 0600), 0);
	assert_int_equal(rn_read_file(p, &data, NULL), 0);
	assert_string_equal(data, "closed\n");
	free(data);
	assert_int_equal(stat(p, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	snprintf(tmp, sizeof(tmp), "%s.tmp", p);
	assert_int_equal(access(tmp, F_OK), -1);
	path_of(p, sizeof(p), "nodir/w");
	assert_int_equal(rn_write_file_atomic(p, "x", 1, 0600), -ENOENT);
	assert_int_equal(errno, ENOENT);
}

static void test_mkdir_p(void **state)
{
	char p[256], f[256];
	struct stat st;

	(void)state;
	path_of(p, sizeof(p), "m/n/o");
	assert_int_equal(rn_mkdir_p(p, 0755), 0);
	assert_int_equal(stat(p, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	/* there already: fine */
	assert_int_equal(rn_mkdir_p(p, 0755), 0);
	/* a file in the way */
	path_of(f, sizeof(f), "m/file");
	assert_int_equal(rn_write_file(f, "", 0, 0600), 0);
	assert_int_equal(rn_mkdir_p(f, 0755), -ENOTDIR);
	path_of(p, sizeof(p), "m/file/sub");
	assert_int_equal(rn_mkdir_p(p, 0755), -ENOTDIR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_missing),
		cmocka_unit_test(test_read_errors),
		cmocka_unit_test(test_copy),
		cmocka_unit_test(test_atomic),
		cmocka_unit_test(test_mkdir_p),
	};

	return cmocka_run_group_tests(tests, scratch_setup, scratch_teardown);
}
