// SPDX-License-Identifier: MIT
/*
 * core_run.c - run shell commands with a timeout and record them as
 * evidence; notes and verdict helpers for scenarios.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "core.h"

volatile int rnx_interrupted;

static void on_signal(int sig)
{
	(void)sig;
	rnx_interrupted = 1;
}

int rnx_signals_init(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;
	int ret = 0;

	memset(&sa, 0, sizeof(sa));
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_signal;
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		if (sigaction(sigs[i], &sa, NULL) < 0) {
			ret = -errno;
			goto cleanup;
		}
	}
	sa.sa_handler = SIG_IGN;
	if (sigaction(SIGPIPE, &sa, NULL) < 0)
		ret = -errno;
cleanup:
	return ret;
}

void rnx_result_init(struct rnx_result *r)
{
	memset(r, 0, sizeof(*r));
	r->verdict = RNX_PASS;
	r->expect.permissive = -1;
	r->expect.pid = -1;
	r->expect_errno = -1;
	r->observed_errno = -1;
}

void rnx_result_free(struct rnx_result *r)
{
	size_t i;

	for (i = 0; i < r->nev; i++) {
		free(r->ev[i].cmd);
		free(r->ev[i].output);
	}
	r->nev = 0;
	rnx_avc_list_free(&r->avcs);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* In the child: say what failed on @fd (the pipe) and exit with @code. */
static void child_fail(int fd, const char *what, int code)
{
	dprintf(fd, "[rnx: %s failed before exec: %s]\n", what,
		strerror(errno));
	_exit(code);
}

static void child_exec(int wfd, const char *cmd)
{
	int nul = open("/dev/null", O_RDONLY);

	if (nul >= 0) {
		if (dup2(nul, STDIN_FILENO) < 0)
			child_fail(wfd, "dup2 of stdin", RNX_CHILD_DUP2_FAILED);
		close(nul);
	}
	if (dup2(wfd, STDOUT_FILENO) < 0 || dup2(wfd, STDERR_FILENO) < 0)
		child_fail(wfd, "dup2 of stdout/stderr",
			   RNX_CHILD_DUP2_FAILED);
	if (wfd > STDERR_FILENO)
		close(wfd);
	if (setsid() < 0)
		child_fail(STDERR_FILENO, "setsid", RNX_CHILD_SETSID_FAILED);
	signal(SIGPIPE, SIG_DFL);
	execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
	_exit(127);
}

/*
 * Run @cmd, collect up to RNX_OUTPUT_MAX bytes of output into *buf.
 * Returns the exit status, 128+signal, or a negative errno: -ETIMEDOUT
 * when the timeout made us kill it, -EINTR when rnx_interrupted did.
 */
static int run_cmd(const char *cmd, unsigned int timeout_s, char **buf,
		   size_t *blen)
{
	int pfd[2] = { -1, -1 };
	size_t cap = 4096, len = 0;
	long long deadline = now_ms() + (long long)timeout_s * 1000;
	int status = 0, ret, killed = 0, exited = 0;
	char *b = NULL;
	pid_t pid = -1;

	b = malloc(cap);
	if (!b)
		return -ENOMEM;
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		ret = -errno;
		goto cleanup;
	}
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		goto cleanup;
	}
	if (pid == 0) {
		close(pfd[0]);
		child_exec(pfd[1], cmd);
	}
	close(pfd[1]);
	pfd[1] = -1;

	for (;;) {
		struct pollfd p = { .fd = pfd[0], .events = POLLIN };
		long long left = deadline - now_ms();
		char tmp[4096];
		ssize_t n;

		/* The shell exited but a daemon it started may hold the pipe:
		 * take what is buffered and stop reading. */
		if (!exited && waitpid(pid, &status, WNOHANG) == pid) {
			exited = 1;
			left = left > 200 ? 200 : left;
			deadline = now_ms() + left;
		}
		if (exited && (left <= 0 || rnx_interrupted))
			break;
		if (left <= 0 || rnx_interrupted) {
			killed = left <= 0 ? -ETIMEDOUT : -EINTR;
			kill(-pid, SIGKILL);
			break;
		}
		if (poll(&p, 1, left > 500 ? 500 : (int)left) < 0) {
			if (errno == EINTR)
				continue;
			ret = -errno;
			kill(-pid, SIGKILL);
			waitpid(pid, NULL, 0);
			goto cleanup;
		}
		if (!p.revents)
			continue;
		n = read(pfd[0], tmp, sizeof(tmp));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (len + (size_t)n + 1 > cap && cap < RNX_OUTPUT_MAX + 1) {
			size_t ncap = cap * 2;
			char *nb;

			if (ncap > RNX_OUTPUT_MAX + 1)
				ncap = RNX_OUTPUT_MAX + 1;
			nb = realloc(b, ncap);
			if (!nb) {
				ret = -ENOMEM;
				kill(-pid, SIGKILL);
				waitpid(pid, NULL, 0);
				goto cleanup;
			}
			b = nb;
			cap = ncap;
		}
		if (len + (size_t)n + 1 > cap)
			n = (ssize_t)(cap - 1 - len);	/* truncate, keep draining */
		memcpy(b + len, tmp, (size_t)n);
		len += (size_t)n;
	}
	while (!exited && waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			ret = -errno;
			goto cleanup;
		}
	}
	b[len] = '\0';
	if (killed)
		ret = killed;
	else if (WIFEXITED(status))
		ret = WEXITSTATUS(status);
	else if (WIFSIGNALED(status))
		ret = 128 + WTERMSIG(status);
	else
		ret = -ECHILD;
	*buf = b;
	*blen = len;
	b = NULL;

cleanup:
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	free(b);
	return ret;
}

static int vrun(struct rnx_result *r, unsigned int timeout_s, char **out,
		const char *fmt, va_list ap)
{
	char *cmd = NULL, *buf = NULL;
	size_t blen = 0;
	int ret;

	if (out)
		*out = NULL;
	if (vasprintf(&cmd, fmt, ap) < 0)
		return -ENOMEM;
	ret = run_cmd(cmd, timeout_s, &buf, &blen);
	if (r) {
		if (r->nev < RNX_MAX_EVIDENCE) {
			struct rnx_evidence *e = &r->ev[r->nev++];

			e->cmd = cmd;
			e->rc = ret < 0 ? -1 : ret;
			if ((ret == -ETIMEDOUT || ret == -EINTR) && buf) {
				char *t = NULL;
				int n = ret == -ETIMEDOUT ?
					asprintf(&t, "%s\n[rnx: killed after %u s]",
						 buf, timeout_s) :
					asprintf(&t, "%s\n[rnx: killed: the runner was interrupted by a signal]",
						 buf);

				if (n >= 0) {
					free(buf);
					buf = t;
				}
			}
			e->output = buf ? strdup(buf) : NULL;
			cmd = NULL;
		} else {
			rnx_note(r, "evidence full, not recorded: %s", cmd);
		}
	}
	if (out && buf) {
		*out = buf;
		buf = NULL;
	}
	free(cmd);
	free(buf);
	return ret;
}

int rnx_run(struct rnx_result *r, unsigned int timeout_s, char **out,
	    const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vrun(r, timeout_s, out, fmt, ap);
	va_end(ap);
	return ret;
}

int rnx_run_quiet(unsigned int timeout_s, char **out, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vrun(NULL, timeout_s, out, fmt, ap);
	va_end(ap);
	return ret;
}

void rnx_note(struct rnx_result *r, const char *fmt, ...)
{
	size_t used = strlen(r->notes);
	va_list ap;

	if (used + 2 >= sizeof(r->notes))
		return;
	if (used)
		r->notes[used++] = '\n';
	va_start(ap, fmt);
	vsnprintf(r->notes + used, sizeof(r->notes) - used, fmt, ap);
	va_end(ap);
}

int rnx_set(struct rnx_result *r, enum rnx_verdict v, const char *fmt, ...)
{
	va_list ap;

	r->verdict = v;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
	return 0;
}
