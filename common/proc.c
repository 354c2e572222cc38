// SPDX-License-Identifier: MIT
/* fork/exec with a timeout, captured or streamed output, pipelines. */
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "sig.h"

#define RN_MAX_PROCS 2

struct rn_stream {
	int fd;			/* read end, -1 when closed */
	enum rn_out mode;
	int echo_fd;		/* where TEE copies go */
	struct rn_buf *buf;
	size_t max;		/* capture limit, 0: none */
};

void rn_proc_result_init(struct rn_proc_result *r)
{
	memset(r, 0, sizeof(*r));
	rn_buf_init(&r->out);
	rn_buf_init(&r->err);
}

void rn_proc_result_free(struct rn_proc_result *r)
{
	rn_buf_free(&r->out);
	rn_buf_free(&r->err);
}

char *rn_argv_str(char *const argv[])
{
	struct rn_buf b;
	size_t i;

	rn_buf_init(&b);
	for (i = 0; argv[i]; i++)
		if ((i && rn_buf_puts(&b, " ") < 0) ||
		    rn_buf_puts(&b, argv[i]) < 0)
			break;
	return rn_buf_steal(&b);
}

static double mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void rn_close(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

/* Read what is there; returns 0 on EOF (stream closed), 1 otherwise. */
static int stream_read(struct rn_stream *s)
{
	char tmp[8192];
	ssize_t n = read(s->fd, tmp, sizeof(tmp));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return 1;
	if (n <= 0) {
		rn_close(&s->fd);
		return 0;
	}
	if (s->mode == RN_OUT_CAPTURE || s->mode == RN_OUT_TEE) {
		size_t keep = (size_t)n;

		if (s->max && s->buf->len + keep > s->max)
			keep = s->max > s->buf->len ? s->max - s->buf->len : 0;
		if (keep)
			rn_buf_add(s->buf, tmp, keep);
	}
	if (s->mode == RN_OUT_TEE)
		write_all(s->echo_fd, tmp, (size_t)n);
	return 1;
}

static int wait_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 255;
}

/* In the child: say on fd what failed before exec, exit with code. */
static void child_fail(int fd, const char *what, const char *cmd, int code)
{
	dprintf(fd, "[%s: cannot run %s: %s failed: %s]\n", rn_log_prog(),
		cmd, what, strerror(errno));
	_exit(code);
}

/*
 * In the child: its own process group or session (a Ctrl-C reaches the
 * parent only, which decides what to stop), default signal dispositions,
 * fds; never returns.
 */
static void child_exec(const char *file, char *const argv[], int in,
		       int out, int err, bool new_session)
{
	static const int sigs[] = { SIGPIPE, SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	if (new_session ? setsid() < 0 : setpgid(0, 0) < 0)
		child_fail(err, new_session ? "setsid" : "setpgid", argv[0],
			   RN_PROC_EXIT_SETUP);
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			child_fail(err, "sigaction", argv[0],
				   RN_PROC_EXIT_SETUP);
	if (dup2(in, 0) < 0)
		child_fail(err, "dup2 of stdin", argv[0], RN_PROC_EXIT_DUP2);
	if (dup2(out, 1) < 0 || dup2(err, 2) < 0)
		child_fail(err, "dup2 of stdout/stderr", argv[0],
			   RN_PROC_EXIT_DUP2);
	execvp(file, argv);
	child_fail(2, "execvp", file, RN_PROC_EXIT_EXEC);
}

static void kill_all(pid_t *pids, int n, int sig)
{
	int i;

	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			kill(-pids[i], sig);
}

/* Open the write side for an output mode; -1 with errno on failure. */
static int out_target(enum rn_out mode, int inherit_fd, int out_fd,
		      int pipe_w, int devnull)
{
	switch (mode) {
	case RN_OUT_INHERIT:
		return inherit_fd;
	case RN_OUT_CAPTURE:
	case RN_OUT_TEE:
		return pipe_w;
	case RN_OUT_NULL:
		return devnull;
	case RN_OUT_FD:
		return out_fd;
	case RN_OUT_STDOUT:
		break;
	}
	return devnull;
}

static int run_procs(char *const *cmds[], int n,
		     const struct rn_proc_spec *spec,
		     struct rn_proc_result *res)
{
	pid_t pids[RN_MAX_PROCS] = { 0 };
	int status[RN_MAX_PROCS] = { 0 };
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, link[2] = { -1, -1 };
	int devnull = -1, live = 0, i, k, ret;
	bool stop;
	struct rn_stream st[2];
	double deadline = 0, killed_at = 0, exited_at = 0;
	double drain = spec->drain > 0 ? spec->drain : 5;

	devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
	if (devnull < 0 || pipe2(outp, O_CLOEXEC) < 0 ||
	    pipe2(errp, O_CLOEXEC) < 0 ||
	    (n == 2 && pipe2(link, O_CLOEXEC) < 0)) {
		ret = -errno;
		goto cleanup;
	}
	fflush(stdout);
	fflush(stderr);
	for (i = 0; i < n; i++) {
		int in = i == 0 ? (spec->in_fd >= 0 ? spec->in_fd : devnull)
				: link[0];
		int last = out_target(spec->out, 1, spec->out_fd, outp[1],
				      devnull);
		int out = i == n - 1 ? last : link[1];
		int err = spec->err == RN_OUT_STDOUT ? last :
			out_target(spec->err == RN_OUT_FD ? RN_OUT_NULL
				   : spec->err, 2, -1, errp[1], devnull);

		pids[i] = fork();
		if (pids[i] < 0) {
			ret = -errno;
			pids[i] = 0;
			goto fail_kill;
		}
		if (pids[i] == 0)
			child_exec(spec->file && i == 0 ? spec->file
				   : cmds[i][0], cmds[i], in, out, err,
				   spec->new_session);
		live++;
		/*
		 * Also from here, so kill(-pid) works at once; EACCES (it
		 * already ran exec) and ESRCH (it already exited) mean the
		 * child did it itself. Not for a new session: setsid fails in
		 * a process group leader.
		 */
		if (!spec->new_session && setpgid(pids[i], pids[i]) < 0 &&
		    errno != EACCES && errno != ESRCH) {
			ret = -errno;
			rn_err("setpgid for %s: %m", cmds[i][0]);
			goto fail_kill;
		}
	}
	rn_close(&outp[1]);
	rn_close(&errp[1]);
	rn_close(&link[0]);
	rn_close(&link[1]);

	st[0] = (struct rn_stream){ outp[0], spec->out, 1, &res->out,
				    spec->max_out };
	st[1] = (struct rn_stream){ errp[0], spec->err, 2, &res->err,
				    spec->max_out };
	outp[0] = errp[0] = -1;
	if (spec->timeout > 0)
		deadline = mono_now() + spec->timeout;

	while (live > 0 || st[0].fd >= 0 || st[1].fd >= 0) {
		struct pollfd pfd[2];
		int np = 0, which[2];
		double now;

		for (k = 0; k < 2; k++) {
			if (st[k].fd < 0)
				continue;
			pfd[np].fd = st[k].fd;
			pfd[np].events = POLLIN;
			pfd[np].revents = 0;
			which[np++] = k;
		}
		/*
		 * Read only what poll says is ready: a read on the other
		 * (blocking) pipe would wait for the child and keep both the
		 * timeout and a signal from being noticed.
		 */
		if (poll(pfd, (nfds_t)np, 100) > 0) {
			for (k = 0; k < np; k++)
				if (pfd[k].revents)
					stream_read(&st[which[k]]);
		}
		for (i = 0; i < n; i++) {
			if (pids[i] <= 0)
				continue;
			if (waitpid(pids[i], &status[i], WNOHANG) == pids[i]) {
				pids[i] = -pids[i];
				live--;
			}
		}
		now = mono_now();
		stop = !spec->teardown && rn_sig_pending();
		if (!killed_at && live > 0 &&
		    ((deadline > 0 && now >= deadline) || stop)) {
			if (stop)
				res->aborted = true;
			else
				res->timed_out = true;
			kill_all(pids, n, spec->kill_at_once ? SIGKILL
							     : SIGTERM);
			killed_at = now;
		}
		if (killed_at && live > 0 && now - killed_at > 3)
			kill_all(pids, n, SIGKILL);
		/* A grandchild may hold a pipe open: stop reading soon. */
		if (live == 0 && !exited_at)
			exited_at = now;
		if (live == 0 && now - exited_at > drain)
			break;
	}
	res->first_exit = wait_code(status[0]);
	res->exit_code = wait_code(status[n - 1]);
	ret = 0;
	for (k = 0; k < 2; k++)
		rn_close(&st[k].fd);
	goto cleanup;

fail_kill:
	kill_all(pids, n, SIGKILL);
	for (i = 0; i < n; i++)
		if (pids[i] > 0)
			waitpid(pids[i], NULL, 0);
cleanup:
	rn_close(&outp[0]);
	rn_close(&outp[1]);
	rn_close(&errp[0]);
	rn_close(&errp[1]);
	rn_close(&link[0]);
	rn_close(&link[1]);
	rn_close(&devnull);
	if (ret < 0)
		errno = -ret;	/* for the callers' %m */
	return ret;
}

int rn_proc_run(char *const argv[], const struct rn_proc_spec *spec,
		struct rn_proc_result *res)
{
	char *const *cmds[1] = { argv };

	return run_procs(cmds, 1, spec, res);
}

static int proc_check(char *const argv[], double timeout, bool teardown)
{
	struct rn_proc_spec spec = {
		.timeout = timeout, .in_fd = -1, .out = RN_OUT_NULL,
		.err = RN_OUT_CAPTURE, .teardown = teardown,
	};
	struct rn_proc_result res;
	int ret = -EIO, rc;

	rn_proc_result_init(&res);
	rc = rn_proc_run(argv, &spec, &res);
	if (rc < 0) {
		ret = rc;
		rn_err("cannot run %s: %s", argv[0], strerror(-rc));
	} else if (res.aborted) {
		rn_err("%s stopped: interrupted by a signal", argv[0]);
	} else if (res.timed_out) {
		rn_err("%s did not finish within %.0f s", argv[0], timeout);
	} else if (res.exit_code) {
		rn_err("%s failed (exit %d): %s", argv[0], res.exit_code,
		       res.err.p ? res.err.p : "");
	} else {
		ret = 0;
	}
	rn_proc_result_free(&res);
	return ret;
}

int rn_proc_check(char *const argv[], double timeout)
{
	return proc_check(argv, timeout, false);
}

int rn_proc_check_teardown(char *const argv[], double timeout)
{
	return proc_check(argv, timeout, true);
}

int rn_proc_pipe(char *const a[], char *const b[],
		 const struct rn_proc_spec *spec, struct rn_proc_result *res)
{
	char *const *cmds[2] = { a, b };

	return run_procs(cmds, 2, spec, res);
}
