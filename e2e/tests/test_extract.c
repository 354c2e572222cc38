// SPDX-License-Identifier: MIT
/*
 * test_extract.c - cmocka tests of rn_avc_extract_buf() and
 * rn_avc_format() through the library API (the golden files cover the
 * record formats through rnx-avc).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "rnx_audit.h"

#define CTX "unconfined_u:unconfined_r:rustnet_t:s0"
#define AVC(t, serial, perm) \
	"type=AVC msg=audit(" t ".100:" serial "): avc:  denied  { " perm \
	" } for  pid=7 comm=\"rustnet\" name=\"x\" dev=\"vda\" ino=1 " \
	"scontext=" CTX " tcontext=system_u:object_r:etc_t:s0 tclass=file " \
	"permissive=0\n"

static const char good[] =
	AVC("1000", "1", "read")
	AVC("1001", "2", "write")
	AVC("1002", "3", "getattr");

static const char bad[] =
	AVC("1000", "1", "read")
	"junk\n"
	"type=AVC msg=audit(1001.100:2): avc:  denied  { read } for  pid=7\n"
	AVC("1002", "3", "getattr");

static void test_window_and_append(void **state)
{
	struct rn_avc_list l = { 0 };
	size_t nbad = 99;

	(void)state;
	assert_int_equal(rn_avc_extract_buf(good, strlen(good), 1001, 0, 0,
					     &l, &nbad), 0);
	assert_int_equal(nbad, 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].perms, "write");
	assert_int_equal(l.v[0].sec, 1001);
	assert_int_equal(l.v[0].msec, 100);
	assert_int_equal(l.v[0].serial, 2);
	/* a second call appends; until is inclusive */
	assert_int_equal(rn_avc_extract_buf(good, strlen(good), 0, 1000, 0,
					     &l, NULL), 0);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.v[2].perms, "read");
	rn_avc_list_free(&l);
	assert_null(l.v);
	assert_int_equal(l.n, 0);
}

static void test_strict_leaves_list_alone(void **state)
{
	struct rn_avc_list l = { 0 };
	size_t nbad = 0;

	(void)state;
	assert_int_equal(rn_avc_extract_buf(good, strlen(good), 0, 0, 0, &l,
					     NULL), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(rn_avc_extract_buf(bad, strlen(bad), 0, 0, 0, &l,
					     &nbad), -EINVAL);
	assert_int_equal(nbad, 2);
	assert_int_equal(l.n, 3);
	assert_int_equal(rn_avc_extract_buf(bad, strlen(bad), 0, 0, 1, &l,
					     &nbad), 0);
	assert_int_equal(nbad, 2);
	assert_int_equal(l.n, 5);
	rn_avc_list_free(&l);
}

static void test_window_excludes_bad_record_not_bad_line(void **state)
{
	struct rn_avc_list l = { 0 };
	size_t nbad = 0;

	(void)state;
	/* the truncated record (t=1001) is outside, the junk line counts */
	assert_int_equal(rn_avc_extract_buf(bad, strlen(bad), 1002, 0, 0, &l,
					     &nbad), -EINVAL);
	assert_int_equal(nbad, 1);
	assert_int_equal(l.n, 0);
	rn_avc_list_free(&l);
}

static void test_empty_and_bad_args(void **state)
{
	struct rn_avc_list l = { 0 };
	size_t nbad = 5;

	(void)state;
	assert_int_equal(rn_avc_extract_buf("", 0, 0, 0, 0, &l, &nbad), 0);
	assert_int_equal(nbad, 0);
	assert_int_equal(rn_avc_extract_buf(NULL, 0, 0, 0, 0, &l, NULL), 0);
	assert_int_equal(rn_avc_extract_buf("\n \n", 3, 0, 0, 0, &l, NULL),
			 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(rn_avc_extract_buf(NULL, 4, 0, 0, 0, &l, NULL),
			 -EINVAL);
	assert_int_equal(rn_avc_extract_buf(good, strlen(good), 0, 0, 0,
					     NULL, NULL), -EINVAL);
	assert_int_equal(rn_avc_extract("/nonexistent/audit.log", 0, 0, 0,
					 &l, NULL), -ENOENT);
}

static void test_len_is_respected(void **state)
{
	struct rn_avc_list l = { 0 };
	size_t first = strlen(AVC("1000", "1", "read"));

	(void)state;
	/* only the first record is inside len, without its newline */
	assert_int_equal(rn_avc_extract_buf(good, first - 1, 0, 0, 0, &l,
					     NULL), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].perms, "read");
	rn_avc_list_free(&l);
}

/*
 * A log of several read/feed pieces (256 KiB each): NEV events of three
 * records (AVC, SYSCALL, PROCTITLE), every 97th a lone AVC that auparse
 * keeps open until a record 2 s later arrives.  With @junk, an unparsable
 * line goes right after the AVC of the middle event, while that event is
 * still open in auparse.
 */
#define NEV 6000

static char *big_log(int junk, size_t *len)
{
	size_t cap = NEV * 1024, n = 0, i;
	char *b = malloc(cap);
	unsigned long sec;
	unsigned int ms;

	assert_non_null(b);
	for (i = 0; i < NEV; i++) {
		sec = 1000 + i / 50;
		ms = (unsigned int)(i % 50) * 20;
		n += (size_t)snprintf(b + n, cap - n,
			"type=AVC msg=audit(%lu.%03u:%zu): avc:  denied  { read } "
			"for  pid=%zu comm=\"rustnet\" name=\"f\" dev=\"vda\" "
			"ino=1 scontext=" CTX " tcontext=system_u:object_r:"
			"etc_t:s0 tclass=file permissive=0\n",
			sec, ms, i + 1, i + 100);
		if (junk && i == NEV / 2)
			n += (size_t)snprintf(b + n, cap - n, "junk\n");
		if (i % 97 == 0)
			continue;
		n += (size_t)snprintf(b + n, cap - n,
			"type=SYSCALL msg=audit(%lu.%03u:%zu): arch=c000003e "
			"syscall=257 success=no exit=-13 a0=ffffff9c a1=0 a2=0 "
			"a3=0 items=0 ppid=1 pid=%zu auid=0 uid=0 gid=0 euid=0 "
			"suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=1 "
			"comm=\"rustnet\" exe=\"/usr/bin/rustnet\" subj=" CTX
			" key=(null)\n"
			"type=PROCTITLE msg=audit(%lu.%03u:%zu): "
			"proctitle=7275737461656E74\n",
			sec, ms, i + 1, i + 100, sec, ms, i + 1);
	}
	assert_true(n > 4 * 256 * 1024 && n < cap);
	*len = n;
	return b;
}

static void test_big_log(void **state)
{
	struct rn_avc_list l = { 0 };
	size_t len, i, nbad = 9;
	char *b = big_log(0, &len);

	(void)state;
	assert_int_equal(rn_avc_extract_buf(b, len, 0, 0, 0, &l, &nbad), 0);
	assert_int_equal(nbad, 0);
	assert_int_equal(l.n, NEV);
	for (i = 0; i < NEV; i++)
		assert_int_equal(l.v[i].serial, i + 1);
	rn_avc_list_free(&l);
	free(b);
}

static void test_big_log_junk(void **state)
{
	struct rn_avc_list l = { 0 };
	size_t len, nbad = 0;
	char *b = big_log(1, &len);

	(void)state;
	assert_int_equal(rn_avc_extract_buf(b, len, 0, 0, 0, &l, &nbad),
			 -EINVAL);
	assert_int_equal(nbad, 1);
	assert_int_equal(l.n, 0);
	assert_int_equal(rn_avc_extract_buf(b, len, 0, 0, 1, &l, &nbad), 0);
	assert_int_equal(nbad, 1);
	assert_int_equal(l.n, NEV);
	rn_avc_list_free(&l);
	free(b);
}

static int stop_at_ten(void *ctx, const struct rn_avc *a)
{
	size_t *n = ctx;

	(void)a;
	return ++*n == 10 ? -ECANCELED : 0;
}

/* The file path reads the log in pieces of its own; the walk stops when
 * the callback says so. */
static void test_big_file(void **state)
{
	struct rn_avc_list l = { 0 };
	char path[] = "/tmp/rnx-test-extract.XXXXXX";
	size_t len, n = 0;
	char *b = big_log(0, &len);
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, b, len), (ssize_t)len);
	close(fd);
	assert_int_equal(rn_avc_extract(path, 0, 0, 0, &l, NULL), 0);
	assert_int_equal(l.n, NEV);
	assert_int_equal(l.v[NEV - 1].serial, NEV);
	assert_int_equal(rn_avc_extract_each(path, 0, 0, 0, stop_at_ten, &n,
					      NULL), -ECANCELED);
	assert_int_equal(n, 10);
	assert_int_equal(rn_avc_extract_each(path, 0, 0, 0, NULL, NULL,
					      NULL), -EINVAL);
	unlink(path);
	rn_avc_list_free(&l);
	free(b);
}

static void test_format(void **state)
{
	struct rn_avc a;
	char buf[512], small[20];

	(void)state;
	memset(&a, 0, sizeof(a));
	strcpy(a.type, "AVC");
	strcpy(a.result, "denied");
	strcpy(a.perms, "read write");
	strcpy(a.tclass, "file");
	strcpy(a.stype, "rustnet_t");
	strcpy(a.ttype, "user_home_t");
	a.permissive = 1;
	a.pid = 42;
	strcpy(a.comm, "rust net");
	strcpy(a.name, "a\\b\n");
	assert_int_equal(rn_avc_format(&a, buf, sizeof(buf)), 0);
	assert_string_equal(buf,
		"AVC denied {read write} class=file stype=rustnet_t "
		"ttype=user_home_t permissive=1 pid=42 comm=rust\\x20net "
		"name=a\\x5cb\\x0a");
	a.permissive = -1;
	a.pid = -1;
	a.comm[0] = '\0';
	a.name[0] = '\0';
	a.result[0] = '\0';
	a.tclass[0] = '\0';
	assert_int_equal(rn_avc_format(&a, buf, sizeof(buf)), 0);
	assert_string_equal(buf,
		"AVC - {read write} class=- stype=rustnet_t "
		"ttype=user_home_t permissive=-");
	assert_int_equal(rn_avc_format(&a, small, sizeof(small)), -ENOSPC);
	assert_string_equal(small, "");
	assert_int_equal(rn_avc_format(NULL, buf, sizeof(buf)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_window_and_append),
		cmocka_unit_test(test_strict_leaves_list_alone),
		cmocka_unit_test(test_window_excludes_bad_record_not_bad_line),
		cmocka_unit_test(test_empty_and_bad_args),
		cmocka_unit_test(test_len_is_respected),
		cmocka_unit_test(test_big_log),
		cmocka_unit_test(test_big_log_junk),
		cmocka_unit_test(test_big_file),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
