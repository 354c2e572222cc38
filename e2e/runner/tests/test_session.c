// SPDX-License-Identifier: MIT
/*
 * test_session.c - cmocka tests of core_session.c without a guest: a
 * forked child named "rustnet" stands in for rustnet (for
 * rn_session_start(), /bin/sleep run through a link named rustnet with
 * the session's RNX_SESSION in its environment, found in the real /proc);
 * rn_sh, rn_sh_quiet (tmux) and getpidcon are faked with -Wl,--wrap.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
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

#include "fake_sh.h"
#include "core.h"
#include "core_session.h"
#include "procscan.h"

/* ------------------------------------------------------------ fakes */

static pid_t fake_pid;			/* the session's "rustnet" */
static const char *fake_con = "u:r:rustnet_t:s0";
static char cmds[8192];			/* rn_sh commands, one a line */

int __wrap_rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
		   const char *fmt, ...);
int __wrap_rn_sh_quiet(unsigned int timeout_s, char **out,
			 const char *fmt, ...);
int __wrap_getpidcon(pid_t pid, char **con);

int __wrap_rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
		   const char *fmt, ...)
{
	char *cmd = NULL;
	va_list ap;

	(void)r;
	(void)timeout_s;
	if (out)
		*out = NULL;
	va_start(ap, fmt);
	cmd = rn_vshfmt(fmt, ap);
	va_end(ap);
	if (!cmd)
		return -ENOMEM;
	strncat(cmds, cmd, sizeof(cmds) - strlen(cmds) - 2);
	strcat(cmds, "\n");
	free(cmd);
	return 0;
}

int __wrap_rn_sh_quiet(unsigned int timeout_s, char **out,
			 const char *fmt, ...)
{
	(void)timeout_s;
	(void)fmt;
	*out = NULL;
	return 0;
}

int __wrap_getpidcon(pid_t pid, char **con)
{
	(void)pid;
	*con = strdup(fake_con);
	return *con ? 0 : -1;
}

/* ---------------------------------------------------------- helpers */

/* A child named @comm that waits for a signal; returns once it is named. */
static pid_t spawn(const char *comm)
{
	int p[2];
	pid_t pid;
	char c;

	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(p[0]);
		/* no stray child when an assertion ends the test early */
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		prctl(PR_SET_NAME, comm, 0, 0, 0);
		if (write(p[1], "x", 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	return pid;
}

/* A "rustnet" of session @name as rn_session_start() runs it: comm
 * rustnet (the name of the link it is run through), RNX_SESSION=@name
 * in its environment; returns once /proc shows both. */
static pid_t spawn_session(const char *name)
{
	char link[64], tag[64];
	char *argv[] = { "rustnet", "60", NULL };
	char *envp[] = { "PATH=/bin", tag, NULL };
	pid_t pid;
	int i;

	snprintf(link, sizeof(link), "/tmp/rnx-test-session.%d",
		 (int)getpid());
	if (mkdir(link, 0700) < 0 && errno != EEXIST)
		fail_msg("mkdir %s: %s", link, strerror(errno));
	strncat(link, "/rustnet", sizeof(link) - strlen(link) - 1);
	if (symlink("/bin/sleep", link) < 0 && errno != EEXIST)
		fail_msg("symlink %s: %s", link, strerror(errno));
	snprintf(tag, sizeof(tag), "RNX_SESSION=%s", name);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		execve(link, argv, envp);
		_exit(127);
	}
	for (i = 0; i < 500 && !rn_proc_env_has("/proc", pid, tag); i++)
		usleep(10000);
	assert_true(rn_proc_env_has("/proc", pid, tag));
	return pid;
}

static void spawn_session_cleanup(void)
{
	char path[64];

	snprintf(path, sizeof(path), "/tmp/rnx-test-session.%d/rustnet",
		 (int)getpid());
	unlink(path);
	*strrchr(path, '/') = '\0';
	rmdir(path);
}

/* The lowest free fd: equal before and after a call means no fd leaked. */
static int next_fd(void)
{
	int fd = open("/dev/null", O_RDONLY);

	assert_true(fd >= 0);
	close(fd);
	return fd;
}

static void reap_killed(pid_t pid)
{
	int st = 0;

	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGKILL);
}

static void dir_of(char *dir, size_t len, const char *path)
{
	char tmp[128];

	snprintf(tmp, sizeof(tmp), "%s", path);
	snprintf(dir, len, "%s", dirname(tmp));
}

static int fd_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

/* ------------------------------------------------------------ tests */

static void test_stop_kills_through_pidfd(void **state)
{
	struct rn_session s = { .proc.fd = -1 };
	pid_t pid = spawn("rustnet");
	int fd;

	(void)state;
	assert_int_equal(rn_session_attach(&s, pid), 0);
	assert_int_equal(s.proc.pid, pid);
	assert_true(s.proc.fd >= 0);
	assert_int_equal(rn_session_alive(&s), 1);
	fd = s.proc.fd;
	rn_session_stop(&s);
	reap_killed(pid);
	assert_int_equal(s.proc.fd, -1);
	assert_int_equal(s.proc.pid, 0);
	assert_false(fd_open(fd));
	/* idempotent */
	rn_session_stop(&s);
	assert_int_equal(s.proc.fd, -1);
}

static void test_attach_checks_comm_after_pidfd(void **state)
{
	struct rn_session s = { .proc.fd = -1 };
	pid_t pid = spawn("notrust");
	int fd0 = next_fd();

	(void)state;
	assert_int_equal(rn_session_attach(&s, pid), -ESRCH);
	assert_int_equal(s.proc.fd, -1);
	assert_int_equal(s.proc.pid, 0);
	assert_int_equal(next_fd(), fd0);
	assert_int_equal(rn_session_attach(&s, 0), -ESRCH);
	kill(pid, SIGKILL);
	reap_killed(pid);
}

/* The old code killed whatever process now had the number s->pid and a
 * comm starting with "rustnet". */
static void test_stop_spares_reused_pid(void **state)
{
	struct rn_session s = { .proc.fd = -1 };
	pid_t old = spawn("rustnet"), other;
	int st = 0;

	(void)state;
	assert_int_equal(rn_session_attach(&s, old), 0);
	kill(old, SIGKILL);
	reap_killed(old);
	/* another rustnet-named process stands at the remembered number */
	other = spawn("rustnet");
	s.proc.pid = other;
	assert_int_equal(rn_session_alive(&s), 0);
	rn_session_stop(&s);
	assert_int_equal(s.proc.fd, -1);
	assert_int_equal(waitpid(other, &st, WNOHANG), 0);
	kill(other, SIGKILL);
	reap_killed(other);
}

static void test_alive_false_for_zombie(void **state)
{
	struct rn_session s = { .proc.fd = -1 };
	pid_t pid = spawn("rustnet");
	siginfo_t si;

	(void)state;
	assert_int_equal(rn_session_attach(&s, pid), 0);
	kill(pid, SIGKILL);
	/* wait for the exit without reaping: /proc/PID/comm still says
	 * rustnet, the pidfd says it is gone */
	memset(&si, 0, sizeof(si));
	assert_int_equal(waitid(P_PID, (id_t)pid, &si, WEXITED | WNOWAIT), 0);
	assert_int_equal(rn_session_alive(&s), 0);
	rn_session_stop(&s);
	reap_killed(pid);
}

/* Session names of this test process only: a test run beside it (another
 * make check) has "rustnet"s of its own in /proc. */
static char tui[32], other[32];

static void test_start_files_in_private_dir(void **state)
{
	struct rn_session s, t;
	struct rn_result r;
	char dir[128], dir2[128], want[512];
	struct stat st;

	(void)state;
	rn_result_init(&r);
	cmds[0] = '\0';
	fake_pid = spawn_session(tui);
	assert_int_equal(rn_session_start(&r, &s, tui, "alice", "/",
					   "", "-i lo"), 0);
	assert_int_equal(s.proc.pid, fake_pid);
	assert_true(s.proc.fd >= 0);
	assert_string_equal(s.context, fake_con);
	/* not the old predictable /tmp/rnx-session-tui.* */
	assert_int_equal(strncmp(s.stderr_path, "/tmp/rnx-session.", 17), 0);
	dir_of(dir, sizeof(dir), s.stderr_path);
	assert_string_not_equal(dir, "/tmp");
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0711);
	snprintf(want, sizeof(want), "%s/%s.stderr", dir, tui);
	assert_string_equal(s.stderr_path, want);
	snprintf(want, sizeof(want), "%s/%s.rc", dir, tui);
	assert_string_equal(s.rc_path, want);
	/* the stderr file keeps its label; the user gets the .rc file */
	snprintf(want, sizeof(want), "chcon -t rustnet_tmp_t %s",
		 s.stderr_path);
	assert_non_null(strstr(cmds, want));
	snprintf(want, sizeof(want), "install -m 0600 -o alice /dev/null %s",
		 s.rc_path);
	assert_non_null(strstr(cmds, want));
	snprintf(want, sizeof(want), "2>>%s; echo $? >%s", s.stderr_path,
		 s.rc_path);
	assert_non_null(strstr(cmds, want));
	/* the tag rn_session_start() finds rustnet by */
	snprintf(want, sizeof(want), "env RNX_SESSION=%s rustnet -i lo", tui);
	assert_non_null(strstr(cmds, want));
	rn_session_stop(&s);
	reap_killed(fake_pid);

	/* one directory per run (also made by the test before) */
	fake_pid = spawn_session(other);
	assert_int_equal(rn_session_start(&r, &t, other, "alice", "/",
					   "", ""), 0);
	dir_of(dir2, sizeof(dir2), t.stderr_path);
	assert_string_equal(dir, dir2);
	rn_session_stop(&t);
	reap_killed(fake_pid);
	fake_pid = 0;
	if (rmdir(dir) < 0)
		fail_msg("rmdir %s: %s", dir, strerror(errno));
	rn_result_free(&r);
}

/* rustnet of the session, not the newest rustnet nor another session's:
 * the tag decides (the old shell loop took the highest pid). */
static void test_start_finds_its_own(void **state)
{
	struct rn_session s;
	struct rn_result r;
	pid_t mine, theirs, bare;

	(void)state;
	rn_result_init(&r);
	mine = spawn_session(tui);
	theirs = spawn_session(other);
	bare = spawn("rustnet");
	assert_int_equal(rn_proc_find("/proc", "rustnet", NULL) > 0, 1);
	assert_int_equal(rn_session_start(&r, &s, tui, "alice", "/", "",
					   ""), 0);
	assert_int_equal(s.proc.pid, mine);
	rn_session_stop(&s);
	reap_killed(mine);
	kill(theirs, SIGKILL);
	reap_killed(theirs);
	kill(bare, SIGKILL);
	reap_killed(bare);
	rn_result_free(&r);
}

static void test_start_wrong_domain_stops(void **state)
{
	struct rn_session s;
	struct rn_result r;

	(void)state;
	rn_result_init(&r);
	fake_pid = spawn_session(tui);
	fake_con = "u:r:unconfined_t:s0";
	assert_int_equal(rn_session_start(&r, &s, tui, "alice", "/", "",
					   ""), -EPERM);
	fake_con = "u:r:rustnet_t:s0";
	assert_int_equal(r.verdict, RN_ERROR);
	assert_int_equal(s.proc.fd, -1);
	reap_killed(fake_pid);
	fake_pid = 0;
	rn_result_free(&r);
}

static int names_setup(void **state)
{
	(void)state;
	snprintf(tui, sizeof(tui), "tui%d", (int)getpid());
	snprintf(other, sizeof(other), "other%d", (int)getpid());
	return 0;
}

static int names_teardown(void **state)
{
	(void)state;
	spawn_session_cleanup();
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stop_kills_through_pidfd),
		cmocka_unit_test(test_attach_checks_comm_after_pidfd),
		cmocka_unit_test(test_stop_spares_reused_pid),
		cmocka_unit_test(test_alive_false_for_zombie),
		cmocka_unit_test(test_start_wrong_domain_stops),
		cmocka_unit_test(test_start_finds_its_own),
		/* last: removes the run's directory */
		cmocka_unit_test(test_start_files_in_private_dir),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, names_setup, names_teardown);
}
