/* SPDX-License-Identifier: MIT */
/* Commands and file copies over ssh to root@127.0.0.1:PORT. */
#ifndef RN_SSH_H
#define RN_SSH_H

#include "proc.h"

struct rn_ssh {
	int port;
	const char *key;
};

/* ssh exits 255 when the connection itself failed. */
#define RN_SSH_CONN_FAILED 255

/*
 * argv for running remote (a shell command line) in the guest; free with
 * rn_ssh_argv_free. remote may be NULL (argv ends before it).
 */
char **rn_ssh_argv(const struct rn_ssh *s, const char *remote);
void rn_ssh_argv_free(char **argv);
/* Shell-quote and join argv into one command line, newly allocated. */
char *rn_shell_join(char *const argv[]);
/*
 * The guest command line of `rnlab run`: argv joined, run with
 * RNX_PROFILE=<profile> in its environment, so the guest is told which
 * profile (vm/lib/profile.c's name) it boots; the suite's runner records
 * it in results.json.  Newly allocated; NULL on allocation failure.
 */
char *rn_guest_command(const char *profile, char *const argv[]);

int rn_ssh_run(const struct rn_ssh *s, const char *remote,
	       const struct rn_proc_spec *spec, struct rn_proc_result *res);
/* Run remote with captured output; 0 when it exits 0, else -1. */
int rn_ssh_check(const struct rn_ssh *s, const char *remote, double timeout,
		 struct rn_proc_result *res);

/* A new passphrase-less ed25519 key pair at path (and path.pub). */
int rn_ssh_keygen(const char *path);

/* Copy a host file or directory to the guest; 0 or -1 (message printed). */
int rn_ssh_put(const struct rn_ssh *s, const char *host, const char *guest,
	       double timeout);
/* Copy a guest file or directory to the host; 0 or -1. */
int rn_ssh_get(const struct rn_ssh *s, const char *guest, const char *host,
	       double timeout);

#endif
