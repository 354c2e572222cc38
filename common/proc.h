/* SPDX-License-Identifier: MIT */
/* fork/exec with a timeout, captured or streamed output, pipelines. */
#ifndef RN_PROC_H
#define RN_PROC_H

#include <stdbool.h>

#include "buf.h"

enum rn_out {
	RN_OUT_INHERIT = 0,	/* our own stdout/stderr */
	RN_OUT_CAPTURE,		/* into the result buffer */
	RN_OUT_TEE,		/* both */
	RN_OUT_NULL,		/* /dev/null */
	RN_OUT_FD,		/* to out_fd (stdout only) */
	RN_OUT_STDOUT,		/* where stdout goes (stderr only) */
};

/* Exit status of a child that failed before exec (the message is on its
 * stderr target). */
#define RN_PROC_EXIT_DUP2	121	/* dup2 of stdin/stdout/stderr */
#define RN_PROC_EXIT_SETUP	122	/* setsid, setpgid or sigaction */
#define RN_PROC_EXIT_EXEC	127	/* execvp */

struct rn_proc_spec {
	double timeout;		/* seconds; <= 0 means none */
	int in_fd;		/* stdin of the first process; -1: /dev/null */
	int out_fd;		/* with out == RN_OUT_FD */
	enum rn_out out;	/* stdout of the last process */
	enum rn_out err;	/* stderr of every process */
	/*
	 * Run to the end (or the timeout) even with a termination signal
	 * pending: for the commands that clean up after one.
	 */
	bool teardown;
	/* Capture at most this many bytes of each stream (the rest is read
	 * and dropped); 0: no limit. */
	size_t max_out;
	/* On a timeout or a signal: SIGKILL at once (else SIGTERM, then
	 * SIGKILL 3 s later). */
	bool kill_at_once;
	/* The child starts a new session (setsid) rather than only a new
	 * process group: it loses the controlling terminal. */
	bool new_session;
	/* After the last process exited, keep reading output a grandchild
	 * still writes for this many seconds; 0: 5 s. */
	double drain;
	/* The (first) program to run, looked up in PATH; NULL: argv[0]. */
	const char *file;
};

struct rn_proc_result {
	int exit_code;		/* of the last process: 0-255, 128+sig */
	int first_exit;		/* of the first process of a pipeline */
	bool timed_out;
	bool aborted;		/* a termination signal arrived */
	struct rn_buf out;
	struct rn_buf err;
};

void rn_proc_result_init(struct rn_proc_result *r);
void rn_proc_result_free(struct rn_proc_result *r);

/*
 * Run argv (NULL-terminated, argv[0] looked up in PATH); a negative errno
 * if it could not be started, else 0 with the outcome in *res (a timeout
 * or a pending termination signal kills the process group).
 */
int rn_proc_run(char *const argv[], const struct rn_proc_spec *spec,
		struct rn_proc_result *res);
/* Run a | b with a's stdout feeding b's stdin. */
int rn_proc_pipe(char *const a[], char *const b[],
		 const struct rn_proc_spec *spec, struct rn_proc_result *res);
/*
 * Run argv with stdout discarded and stderr captured; 0 when it exits 0
 * within timeout, else -EIO (or the errno that kept it from starting)
 * after an ERROR message naming it.
 */
int rn_proc_check(char *const argv[], double timeout);
/* The same with .teardown set: a pending signal does not stop it. */
int rn_proc_check_teardown(char *const argv[], double timeout);
/* Space-separated rendering of argv for messages, newly allocated. */
char *rn_argv_str(char *const argv[]);

#endif
