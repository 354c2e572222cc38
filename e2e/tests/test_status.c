// SPDX-License-Identifier: MIT
/*
 * test_status.c - cmocka tests of rn_audit_status_get() (libaudit calls
 * replaced with -Wl,--wrap) and rn_audit_live().
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <libaudit.h>

#include "rnx_audit.h"

/* ---- fake libaudit ------------------------------------------------ */

/* One scripted answer of audit_get_reply(). */
struct fake_reply {
	int ret;		/* return value; > 0: message below */
	int type;		/* AUDIT_GET, NLMSG_ERROR, ... */
	int error;		/* nlmsgerr.error for NLMSG_ERROR */
	struct audit_status st;
};

static struct {
	int open_ret, open_errno;
	int request_ret;
	const struct fake_reply *replies;
	size_t nreplies, next;
	int closed, close_fd;
	int pipe[2];
	struct audit_status st;
	struct nlmsgerr err;
} fake;

int __wrap_audit_open(void);
int __wrap_audit_request_status(int fd);
int __wrap_audit_get_reply(int fd, struct audit_reply *rep, reply_t block,
			   int peek);
void __wrap_audit_close(int fd);

int __wrap_audit_open(void)
{
	if (fake.open_ret < 0)
		errno = fake.open_errno;
	return fake.open_ret;
}

int __wrap_audit_request_status(int fd)
{
	assert_int_equal(fd, fake.open_ret);
	return fake.request_ret;
}

int __wrap_audit_get_reply(int fd, struct audit_reply *rep, reply_t block,
			   int peek)
{
	const struct fake_reply *r;

	(void)block;
	assert_int_equal(fd, fake.open_ret);
	assert_int_equal(peek, 0);
	assert_true(fake.next < fake.nreplies);
	r = &fake.replies[fake.next++];
	if (r->ret <= 0)
		return r->ret;
	rep->type = r->type;
	rep->len = r->ret;
	if (r->type == NLMSG_ERROR) {
		fake.err.error = r->error;
		rep->error = &fake.err;
	} else if (r->type == AUDIT_GET) {
		fake.st = r->st;
		rep->status = &fake.st;
	} else {
		rep->message = NULL;
	}
	return r->ret;
}

void __wrap_audit_close(int fd)
{
	fake.closed++;
	fake.close_fd = fd;
}

/* The fd handed out is a pipe's read end, so poll() works on it: with a
 * byte in the pipe it is always readable, empty it never is. */
static int setup(void **state)
{
	(void)state;
	memset(&fake, 0, sizeof(fake));
	if (pipe(fake.pipe) < 0)
		return -1;
	fake.open_ret = fake.pipe[0];
	fake.request_ret = 1;
	return 0;
}

static void make_readable(void)
{
	assert_int_equal(write(fake.pipe[1], "x", 1), 1);
}

static int teardown(void **state)
{
	(void)state;
	close(fake.pipe[0]);
	close(fake.pipe[1]);
	return 0;
}

#define SCRIPT(a) do { fake.replies = (a); \
		       fake.nreplies = sizeof(a) / sizeof((a)[0]); } while (0)


static void test_get_ok(void **state)
{
	static const struct fake_reply r[] = {
		{ .ret = 36, .type = NLMSG_ERROR, .error = 0 },	/* ack */
		{ .ret = 40, .type = AUDIT_SIGNAL_INFO },	/* noise */
		{ .ret = -EAGAIN },
		{ .ret = 80, .type = AUDIT_GET, .st = {
			.enabled = 1, .pid = 812, .lost = 3, .backlog = 2,
			.backlog_limit = 8192 } },
	};
	struct rn_audit_status st;

	(void)state;
	SCRIPT(r);
	make_readable();
	memset(&st, 0xff, sizeof(st));
	assert_int_equal(rn_audit_status_get(&st), 0);
	assert_int_equal(st.enabled, 1);
	assert_int_equal(st.pid, 812);
	assert_int_equal(st.lost, 3);
	assert_int_equal(st.backlog, 2);
	assert_int_equal(st.backlog_limit, 8192);
	assert_int_equal(fake.next, 4);
	assert_int_equal(fake.closed, 1);
	assert_int_equal(fake.close_fd, fake.pipe[0]);
}

static void test_open_fails(void **state)
{
	struct rn_audit_status st;

	(void)state;
	fake.open_ret = -1;
	fake.open_errno = EPROTONOSUPPORT;
	assert_int_equal(rn_audit_status_get(&st), -EPROTONOSUPPORT);
	assert_int_equal(fake.closed, 0);
}

static void test_request_fails(void **state)
{
	struct rn_audit_status st;

	(void)state;
	fake.request_ret = -EPERM;
	assert_int_equal(rn_audit_status_get(&st), -EPERM);
	assert_int_equal(fake.closed, 1);
	fake.request_ret = 0;
	assert_int_equal(rn_audit_status_get(&st), -EIO);
	assert_int_equal(fake.closed, 2);
}

static void test_kernel_error_reply(void **state)
{
	static const struct fake_reply r[] = {
		{ .ret = 36, .type = NLMSG_ERROR, .error = -EPERM },
	};
	struct rn_audit_status st;

	(void)state;
	SCRIPT(r);
	make_readable();
	assert_int_equal(rn_audit_status_get(&st), -EPERM);
	assert_int_equal(fake.closed, 1);
}

static void test_reply_read_fails(void **state)
{
	static const struct fake_reply r[] = {
		{ .ret = -ENOBUFS },
	};
	struct rn_audit_status st;

	(void)state;
	SCRIPT(r);
	make_readable();
	assert_int_equal(rn_audit_status_get(&st), -ENOBUFS);
	assert_int_equal(fake.closed, 1);
}

static void test_reply_empty(void **state)
{
	static const struct fake_reply r[] = {
		{ .ret = 0 },
	};
	struct rn_audit_status st;

	(void)state;
	SCRIPT(r);
	make_readable();
	assert_int_equal(rn_audit_status_get(&st), -EIO);
	assert_int_equal(fake.closed, 1);
}

static void test_no_status_reply(void **state)
{
	static struct fake_reply r[16];
	struct rn_audit_status st;
	size_t i;

	(void)state;
	for (i = 0; i < 16; i++) {
		r[i].ret = 40;
		r[i].type = AUDIT_SIGNAL_INFO;
	}
	SCRIPT(r);
	make_readable();
	assert_int_equal(rn_audit_status_get(&st), -EPROTO);
	assert_int_equal(fake.next, 16);
	assert_int_equal(fake.closed, 1);
}

static void test_timeout(void **state)
{
	struct rn_audit_status st;

	(void)state;
	/* nothing scripted, pipe empty: poll() times out */
	assert_int_equal(rn_audit_status_get(&st), -ETIMEDOUT);
	assert_int_equal(fake.next, 0);
	assert_int_equal(fake.closed, 1);
}

static void test_null_status(void **state)
{
	(void)state;
	assert_int_equal(rn_audit_status_get(NULL), -EINVAL);
	assert_int_equal(fake.closed, 0);
}

/* ---- rn_audit_live ----------------------------------------------- */

static struct rn_audit_status snap(uint32_t pid, uint32_t lost,
				    uint32_t backlog, uint32_t limit)
{
	struct rn_audit_status s = {
		.enabled = 1, .pid = pid, .lost = lost, .backlog = backlog,
		.backlog_limit = limit,
	};

	return s;
}

static void test_live_ok(void **state)
{
	struct rn_audit_status a = snap(812, 3, 0, 8192);
	struct rn_audit_status b = snap(812, 3, 17, 8192);
	char why[256];

	(void)state;
	assert_int_equal(rn_audit_live(&a, &b, why, sizeof(why)), 0);
	assert_non_null(strstr(why, "auditd pid 812 alive"));
	/* backlog_limit 0 means no limit */
	a = snap(812, 0, 50000, 0);
	b = snap(812, 0, 60000, 0);
	assert_int_equal(rn_audit_live(&a, &b, NULL, 0), 0);
}

static void test_live_lost_moved(void **state)
{
	struct rn_audit_status a = snap(812, 3, 0, 8192);
	struct rn_audit_status b = snap(812, 5, 0, 8192);
	char why[256] = "";

	(void)state;
	assert_int_equal(rn_audit_live(&a, &b, why, sizeof(why)), -ENOBUFS);
	assert_non_null(strstr(why, "lost 3 -> 5"));
}

static void test_live_backlog_full(void **state)
{
	struct rn_audit_status a = snap(812, 0, 8192, 8192);
	struct rn_audit_status b = snap(812, 0, 10, 8192);
	char why[256] = "";

	(void)state;
	assert_int_equal(rn_audit_live(&a, &b, why, sizeof(why)), -ENOBUFS);
	assert_non_null(strstr(why, "backlog full before the window"));
	a = snap(812, 0, 10, 64);
	b = snap(812, 0, 64, 64);
	assert_int_equal(rn_audit_live(&a, &b, why, sizeof(why)), -ENOBUFS);
	assert_non_null(strstr(why, "backlog full after the window (64/64)"));
	/* one under the limit is still live */
	b = snap(812, 0, 63, 64);
	assert_int_equal(rn_audit_live(&a, &b, why, sizeof(why)), 0);
}

static void test_live_auditd_pid(void **state)
{
	struct rn_audit_status a = snap(812, 0, 0, 8192);
	struct rn_audit_status b = snap(901, 0, 0, 8192);
	char why[256] = "";

	(void)state;
	assert_int_equal(rn_audit_live(&a, &b, why, sizeof(why)), -ESRCH);
	assert_non_null(strstr(why, "pid 812 -> 901"));
	b = snap(0, 0, 0, 8192);
	assert_int_equal(rn_audit_live(&a, &b, why, sizeof(why)), -ESRCH);
	assert_non_null(strstr(why, "gone after"));
	a = snap(0, 0, 0, 8192);
	assert_int_equal(rn_audit_live(&a, &b, why, sizeof(why)), -ESRCH);
	assert_non_null(strstr(why, "no auditd before"));
}

static void test_live_disabled(void **state)
{
	struct rn_audit_status a = snap(812, 0, 0, 8192);
	struct rn_audit_status b = snap(812, 0, 0, 8192);
	char why[256] = "";

	(void)state;
	b.enabled = 0;
	assert_int_equal(rn_audit_live(&a, &b, why, sizeof(why)), -ENODATA);
	assert_non_null(strstr(why, "auditing disabled"));
	assert_int_equal(rn_audit_live(NULL, &b, why, sizeof(why)), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_get_ok, setup, teardown),
		cmocka_unit_test_setup_teardown(test_open_fails, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_request_fails, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_kernel_error_reply, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reply_read_fails, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_reply_empty, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_no_status_reply, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_null_status, setup,
						teardown),
		cmocka_unit_test(test_live_ok),
		cmocka_unit_test(test_live_lost_moved),
		cmocka_unit_test(test_live_backlog_full),
		cmocka_unit_test(test_live_auditd_pid),
		cmocka_unit_test(test_live_disabled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
