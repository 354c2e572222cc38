// SPDX-License-Identifier: MIT
/*
 * core_run.c - run shell commands with a timeout and record them as
 * evidence; notes and verdict helpers for scenarios.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "core.h"
#include "proc.h"
#include "shfmt.h"

void rn_result_init(struct rn_result *r)
{
	memset(r, 0, sizeof(*r));
	r->verdict = RN_PASS;
	r->expect.permissive = -1;
	r->expect.pid = -1;
	r->expect_errno = -1;
	r->observed_errno = -1;
}

void rn_result_free(struct rn_result *r)
{
	size_t i;

	for (i = 0; i < r->nev; i++) {
		free(r->ev[i].cmd);
		free(r->ev[i].output);
	}
	r->nev = 0;
	rn_avc_list_free(&r->avcs);
}

/*
 * Run @cmd with sh -c (its own session, stdin /dev/null, stdout and stderr
 * together, at most RN_OUTPUT_MAX bytes of them kept) and hand back the
 * output in *buf. Returns the exit status, 128+signal, or a negative errno:
 * -ETIMEDOUT when the timeout made us kill it, -EINTR when a termination
 * signal (rn_sig_pending) did.
 */
static int run_cmd(const char *cmd, unsigned int timeout_s, char **buf)
{
	char *argv[] = { "sh", "-c", (char *)cmd, NULL };
	const struct rn_proc_spec spec = {
		.timeout = timeout_s, .in_fd = -1, .out = RN_OUT_CAPTURE,
		.err = RN_OUT_STDOUT, .max_out = RN_OUTPUT_MAX,
		.kill_at_once = true, .new_session = true,
		/* a daemon the shell started may hold the pipe */
		.drain = 0.2, .file = "/bin/sh",
	};
	struct rn_proc_result res;
	int ret;

	rn_proc_result_init(&res);
	ret = rn_proc_run(argv, &spec, &res);
	if (ret < 0)
		goto cleanup;
	if (res.timed_out)
		ret = -ETIMEDOUT;
	else if (res.aborted)
		ret = -EINTR;
	else
		ret = res.exit_code;
	*buf = rn_buf_steal(&res.out);
	if (!*buf)
		ret = -ENOMEM;
cleanup:
	rn_proc_result_free(&res);
	return ret;
}

/* Run @cmd (taken over: freed here) and record it in @r when not NULL. */
static int run_record(struct rn_result *r, unsigned int timeout_s,
		      char **out, char *cmd)
{
	char *buf = NULL;
	int ret;

	ret = run_cmd(cmd, timeout_s, &buf);
	if (r) {
		if (r->nev < RN_MAX_EVIDENCE) {
			struct rn_evidence *e = &r->ev[r->nev++];

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
			rn_note(r, "evidence full, not recorded: %s", cmd);
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

/* %s as one shell word (rn_vshfmt), %-s as shell text. */
static int vrun(struct rn_result *r, unsigned int timeout_s, char **out,
		const char *fmt, va_list ap)
{
	char *cmd = NULL;

	if (out)
		*out = NULL;
	cmd = rn_vshfmt(fmt, ap);
	if (!cmd)
		return -errno;
	return run_record(r, timeout_s, out, cmd);
}

int rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
	   const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vrun(r, timeout_s, out, fmt, ap);
	va_end(ap);
	return ret;
}

int rn_sh_quiet(unsigned int timeout_s, char **out, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vrun(NULL, timeout_s, out, fmt, ap);
	va_end(ap);
	return ret;
}

void rn_note(struct rn_result *r, const char *fmt, ...)
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

int rn_set(struct rn_result *r, enum rn_verdict v, const char *fmt, ...)
{
	va_list ap;

	r->verdict = v;
	va_start(ap, fmt);
	vsnprintf(r->reason, sizeof(r->reason), fmt, ap);
	va_end(ap);
	return 0;
}
