// SPDX-License-Identifier: MIT
/*
 * test_procscan.c - finding processes in a fake proc tree (the scratch
 * directory), then in the real /proc; read(2) wrapped with -Wl,--wrap to
 * hand out one byte a call (short reads) or to fail.
 */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "file.h"
#include "procscan.h"
#include "scratch.h"

/* read(2): short_reads hands out at most one byte a call; fail_read > 0
 * fails that many calls with read_errno, of the file whose path ends in
 * fail_suffix only when that is set. */
static int short_reads, fail_read, read_errno;
static const char *fail_suffix;

ssize_t __real_read(int fd, void *buf, size_t n);
ssize_t __wrap_read(int fd, void *buf, size_t n);

static int fd_matches(int fd)
{
	char link[64], path[512];
	ssize_t len;
	size_t sl;

	if (!fail_suffix)
		return 1;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	len = readlink(link, path, sizeof(path) - 1);
	if (len < 0)
		return 0;
	path[len] = '\0';
	sl = strlen(fail_suffix);
	return (size_t)len >= sl && !strcmp(path + len - sl, fail_suffix);
}

ssize_t __wrap_read(int fd, void *buf, size_t n)
{
	if (fail_read > 0 && fd_matches(fd)) {
		fail_read--;
		errno = read_errno;
		return -1;
	}
	return __real_read(fd, buf, short_reads && n > 1 ? 1 : n);
}

static char root[256];

/* A fake proc_root/PID with the files given (NULL: no such file). */
static void fake(int pid, const char *comm, unsigned long long start,
		 const char *env, size_t envlen)
{
	char dir[320], path[352], stat[256];
	int n;

	snprintf(dir, sizeof(dir), "%s/%d", root, pid);
	assert_int_equal(rn_mkdir_p(dir, 0755), 0);
	if (comm) {
		snprintf(path, sizeof(path), "%s/comm", dir);
		snprintf(stat, sizeof(stat), "%s\n", comm);
		assert_int_equal(rn_write_file(path, stat, strlen(stat), 0644),
				 0);
	}
	if (start) {
		/* fields 3-21, then starttime (22) and two more; the name
		 * holds a space and a ')' as a real one can */
		n = snprintf(stat, sizeof(stat),
			     "%d (%s x) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 "
			     "%llu 0 0\n", pid, comm ? comm : "?)", start);
		snprintf(path, sizeof(path), "%s/stat", dir);
		assert_int_equal(rn_write_file(path, stat, (size_t)n, 0644), 0);
	}
	if (env) {
		snprintf(path, sizeof(path), "%s/environ", dir);
		assert_int_equal(rn_write_file(path, env, envlen, 0400), 0);
	}
}

#define ENV(lit) lit, sizeof(lit) - 1

static int group_setup(void **state)
{
	if (scratch_setup(state) < 0)
		return -1;
	snprintf(root, sizeof(root), "%s/proc", scratch_dir);
	return 0;
}

/* A fresh, empty fake tree for each test. */
static int empty_root(void **state)
{
	char cmd[320];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	if (system(cmd) != 0)
		return -1;
	return rn_mkdir_p(root, 0755) == 0 ? 0 : -1;
}

/* The newest by start time wins, not the highest pid nor the first. */
static void test_newest_by_start_time(void **state)
{
	(void)state;
	assert_int_equal(rn_proc_find(root, "rustnet", NULL), 0);
	fake(300, "rustnet", 5000, NULL, 0);
	fake(120, "rustnet", 9000, NULL, 0);
	fake(400, "rustnet", 7000, NULL, 0);
	fake(500, "bash", 99999, NULL, 0);
	assert_int_equal(rn_proc_find(root, "rustnet", NULL), 120);
	/* same tick: the higher pid */
	fake(130, "rustnet", 9000, NULL, 0);
	assert_int_equal(rn_proc_find(root, "rustnet", NULL), 130);
	assert_int_equal(rn_proc_find(root, "bash", NULL), 500);
}

/* Exactly the name (pgrep -x), not a prefix or a longer one. */
static void test_comm_exact(void **state)
{
	char comm[16];

	(void)state;
	fake(10, "rustnet-helper", 100, NULL, 0);
	fake(11, "rustne", 100, NULL, 0);
	fake(12, "xrustnet", 100, NULL, 0);
	assert_int_equal(rn_proc_find(root, "rustnet", NULL), 0);
	fake(13, "rustnet", 50, NULL, 0);
	assert_int_equal(rn_proc_find(root, "rustnet", NULL), 13);
	assert_int_equal(rn_proc_comm(root, 10, comm, sizeof(comm)), 0);
	assert_string_equal(comm, "rustnet-helper");
	/* cut to the buffer */
	assert_int_equal(rn_proc_comm(root, 10, comm, 5), 0);
	assert_string_equal(comm, "rust");
	assert_int_equal(rn_proc_comm(root, 99, comm, sizeof(comm)), -ENOENT);
	assert_string_equal(comm, "");
	assert_int_equal(rn_proc_comm(root, 10, comm, 0), -EINVAL);
}

/* Only entries of the environment count, the last one with or without a
 * NUL after it; never a part of an entry. */
static void test_env_entry(void **state)
{
	(void)state;
	fake(20, "rustnet", 900, ENV("HOME=/root\0XRNX_SESSION=tui\0"));
	fake(21, "rustnet", 800, ENV("RNX_SESSION=tui2\0PATH=/bin\0"));
	fake(22, "rustnet", 700, ENV("A=RNX_SESSION=tui\0"));
	fake(23, "rustnet", 600, ENV("RNX_SESSION=\0"));
	assert_int_equal(rn_proc_find(root, "rustnet", "RNX_SESSION=tui"), 0);
	fake(24, "rustnet", 100, ENV("PATH=/bin\0RNX_SESSION=tui"));
	assert_int_equal(rn_proc_find(root, "rustnet", "RNX_SESSION=tui"), 24);
	fake(25, "rustnet", 200, ENV("RNX_SESSION=tui\0TERM=tmux\0"));
	assert_int_equal(rn_proc_find(root, "rustnet", "RNX_SESSION=tui"), 25);
	/* a newer one of another session does not hide it */
	assert_int_equal(rn_proc_find(root, "rustnet", "RNX_SESSION=tui2"), 21);
	assert_int_equal(rn_proc_find(root, "rustnet", NULL), 20);
	assert_true(rn_proc_env_has(root, 25, "TERM=tmux"));
	assert_false(rn_proc_env_has(root, 25, "TERM"));
	assert_false(rn_proc_env_has(root, 99, "TERM=tmux"));
}

/*
 * Processes that exit during the scan: the directory without comm, comm
 * without stat, environ gone or unreadable (here a directory: the tests
 * run as root, so a mode would not stop the read), an empty environ (a
 * zombie's). Each is skipped; the one whole process is found.
 */
static void test_vanishing(void **state)
{
	char path[320];

	(void)state;
	fake(30, NULL, 0, NULL, 0);
	fake(31, "rustnet", 0, ENV("RNX_SESSION=a\0"));
	fake(32, "rustnet", 500, NULL, 0);
	fake(33, "rustnet", 600, ENV(""));
	fake(34, "rustnet", 700, NULL, 0);
	snprintf(path, sizeof(path), "%s/34/environ", root);
	assert_int_equal(mkdir(path, 0755), 0);
	assert_int_equal(rn_proc_find(root, "rustnet", "RNX_SESSION=a"), 0);
	/* without the environment filter: 34 is whole */
	assert_int_equal(rn_proc_find(root, "rustnet", NULL), 34);
	fake(35, "rustnet", 100, ENV("RNX_SESSION=a\0"));
	assert_int_equal(rn_proc_find(root, "rustnet", "RNX_SESSION=a"), 35);
}

/* Entries that are no process; a tree that cannot be listed. */
static void test_not_processes(void **state)
{
	char path[320], missing[320];

	(void)state;
	fake(40, "rustnet", 100, NULL, 0);
	snprintf(path, sizeof(path), "%s/self", root);
	assert_int_equal(rn_mkdir_p(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/12abc", root);
	assert_int_equal(rn_mkdir_p(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/99999999999", root);
	assert_int_equal(rn_mkdir_p(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/0", root);
	assert_int_equal(rn_mkdir_p(path, 0755), 0);
	assert_int_equal(rn_proc_find(root, "rustnet", NULL), 40);
	snprintf(missing, sizeof(missing), "%s/none", scratch_dir);
	assert_int_equal(rn_proc_find(missing, "rustnet", NULL), -ENOENT);
	assert_int_equal(errno, ENOENT);
}

/* One byte a read: the same answers; a failed read skips the process. */
static void test_short_and_failed_reads(void **state)
{
	char comm[16];

	(void)state;
	fake(50, "rustnet", 100, ENV("LANG=C\0RNX_SESSION=hl\0"));
	fake(51, "rustnet", 50, ENV("RNX_SESSION=hl\0"));
	short_reads = 1;
	assert_int_equal(rn_proc_comm(root, 50, comm, sizeof(comm)), 0);
	assert_string_equal(comm, "rustnet");
	assert_int_equal(rn_proc_find(root, "rustnet", "RNX_SESSION=hl"), 50);
	short_reads = 0;
	/* EINTR is retried */
	fail_read = 1;
	read_errno = EINTR;
	assert_int_equal(rn_proc_comm(root, 50, comm, sizeof(comm)), 0);
	assert_string_equal(comm, "rustnet");
	fail_read = 1;
	read_errno = EIO;
	assert_int_equal(rn_proc_comm(root, 50, comm, sizeof(comm)), -EIO);
	assert_string_equal(comm, "");
	/* 50's comm or environ fails: 51 is read whole */
	fail_suffix = "/50/comm";
	fail_read = 1;
	assert_int_equal(rn_proc_find(root, "rustnet", "RNX_SESSION=hl"), 51);
	assert_int_equal(fail_read, 0);
	fail_suffix = "/50/environ";
	fail_read = 1;
	assert_int_equal(rn_proc_find(root, "rustnet", "RNX_SESSION=hl"), 51);
	assert_int_equal(fail_read, 0);
	fail_suffix = NULL;
	assert_int_equal(rn_proc_find(root, "rustnet", "RNX_SESSION=hl"), 50);
}

/* Fields after a name with spaces and ')' in it; the state as a letter;
 * fields that are missing or no number. */
static void test_stat_field(void **state)
{
	unsigned long long v = 1;
	char path[320];

	(void)state;
	fake(70, "a) b", 1234, NULL, 0);
	assert_int_equal(rn_proc_stat_field(root, 70, 22, &v), 0);
	assert_int_equal(v, 1234);
	assert_int_equal(rn_proc_stat_field(root, 70, 3, &v), 0);
	assert_int_equal(v, 'S');
	assert_int_equal(rn_proc_stat_field(root, 70, 4, &v), 0);
	assert_int_equal(v, 1);
	assert_int_equal(rn_proc_stat_field(root, 70, 24, &v), 0);
	assert_int_equal(v, 0);
	/* -1 (tpgid) is no unsigned number; past the end; the name */
	assert_int_equal(rn_proc_stat_field(root, 70, 8, &v), -EINVAL);
	assert_int_equal(v, 0);
	assert_int_equal(rn_proc_stat_field(root, 70, 25, &v), -EINVAL);
	assert_int_equal(rn_proc_stat_field(root, 70, 2, &v), -EINVAL);
	assert_int_equal(rn_proc_stat_field(root, 71, 22, &v), -ENOENT);
	/* no ") " after the name */
	snprintf(path, sizeof(path), "%s/72", root);
	assert_int_equal(rn_mkdir_p(path, 0755), 0);
	snprintf(path, sizeof(path), "%s/72/stat", root);
	assert_int_equal(rn_write_file(path, ENV("72 (x S 1 2 3"), 0644), 0);
	assert_int_equal(rn_proc_stat_field(root, 72, 4, &v), -EINVAL);
	/* one byte a read */
	short_reads = 1;
	assert_int_equal(rn_proc_stat_field(root, 70, 22, &v), 0);
	short_reads = 0;
	assert_int_equal(v, 1234);
	/* the real one: this process's parent */
	assert_int_equal(rn_proc_stat_field("/proc", getpid(), 4, &v), 0);
	assert_int_equal(v, (unsigned long long)getppid());
}

struct count {
	int seen;
	int stop_at;
};

static int count_one(const char *proc_root, pid_t pid, void *arg)
{
	struct count *c = arg;

	(void)proc_root;
	(void)pid;
	return ++c->seen == c->stop_at ? 7 : 0;
}

/* rn_proc_each visits each process once and stops when told. */
static void test_each(void **state)
{
	struct count c = { 0, 0 };

	(void)state;
	fake(60, "a", 1, NULL, 0);
	fake(61, "b", 1, NULL, 0);
	fake(62, "c", 1, NULL, 0);
	assert_int_equal(rn_proc_each(root, count_one, &c), 0);
	assert_int_equal(c.seen, 3);
	c.seen = 0;
	c.stop_at = 2;
	assert_int_equal(rn_proc_each(root, count_one, &c), 7);
	assert_int_equal(c.seen, 2);
}

/* A real child in the real /proc, told apart by its environment. */
static void test_real_proc(void **state)
{
	char tag[64], *envp[2] = { tag, NULL };
	char *argv[] = { "sleep", "30", NULL };
	pid_t pid, found = 0;
	int st = 0, i;

	(void)state;
	snprintf(tag, sizeof(tag), "RN_PROCSCAN_TEST=%d", (int)getpid());
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		execve("/bin/sleep", argv, envp);
		_exit(127);
	}
	/* until the exec has replaced comm and environ */
	for (i = 0; i < 200 && found != pid; i++) {
		found = rn_proc_find("/proc", "sleep", tag);
		if (found != pid)
			usleep(10000);
	}
	assert_int_equal(found, pid);
	kill(pid, SIGKILL);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(rn_proc_find("/proc", "sleep", tag), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_newest_by_start_time, empty_root),
		cmocka_unit_test_setup(test_comm_exact, empty_root),
		cmocka_unit_test_setup(test_env_entry, empty_root),
		cmocka_unit_test_setup(test_vanishing, empty_root),
		cmocka_unit_test_setup(test_not_processes, empty_root),
		cmocka_unit_test_setup(test_short_and_failed_reads, empty_root),
		cmocka_unit_test_setup(test_each, empty_root),
		cmocka_unit_test_setup(test_stat_field, empty_root),
		cmocka_unit_test(test_real_proc),
	};

	return cmocka_run_group_tests(tests, group_setup, scratch_teardown);
}
