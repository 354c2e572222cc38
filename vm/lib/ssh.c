// SPDX-License-Identifier: MIT
/* Commands and file copies over ssh to root@127.0.0.1:PORT. */
#include "ssh.h"

#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "shfmt.h"
#include "util.h"

static const char *const rn_ssh_opts[] = {
	"-F", "/dev/null", "-T",
	"-o", "BatchMode=yes",
	"-o", "StrictHostKeyChecking=no",
	"-o", "UserKnownHostsFile=/dev/null",
	"-o", "IdentitiesOnly=yes",
	"-o", "LogLevel=ERROR",
	"-o", "ConnectTimeout=10",
	/* A guest that stops answering is noticed within a minute. */
	"-o", "ServerAliveInterval=15",
	"-o", "ServerAliveCountMax=4",
};

#define RN_N_SSH_OPTS (sizeof(rn_ssh_opts) / sizeof(rn_ssh_opts[0]))

void rn_ssh_argv_free(char **argv)
{
	size_t i;

	if (!argv)
		return;
	for (i = 0; argv[i]; i++)
		free(argv[i]);
	free(argv);
}

char **rn_ssh_argv(const struct rn_ssh *s, const char *remote)
{
	size_t n = 0, i, max = RN_N_SSH_OPTS + 8;
	char **argv = calloc(max, sizeof(*argv));

	if (!argv)
		return NULL;
	argv[n++] = strdup("ssh");
	argv[n++] = strdup("-i");
	argv[n++] = strdup(s->key);
	argv[n++] = strdup("-p");
	argv[n++] = rn_strdupf("%d", s->port);
	for (i = 0; i < RN_N_SSH_OPTS; i++)
		argv[n++] = strdup(rn_ssh_opts[i]);
	argv[n++] = strdup("root@127.0.0.1");
	if (remote)
		argv[n++] = strdup(remote);
	for (i = 0; i < n; i++) {
		if (!argv[i]) {
			rn_ssh_argv_free(argv);
			return NULL;
		}
	}
	return argv;
}

char *rn_guest_command(const char *profile, char *const argv[])
{
	char *joined = rn_shell_join(argv);
	char *cmd = NULL;

	if (joined)
		cmd = rn_shfmt("RNX_PROFILE=%s %-s", profile, joined);
	free(joined);
	return cmd;
}

int rn_ssh_keygen(const char *path)
{
	char *argv[] = { "ssh-keygen", "-q", "-t", "ed25519", "-N", "",
			 "-C", "rnlab", "-f", (char *)path, NULL };

	return rn_proc_check(argv, 60);
}

char *rn_shell_join(char *const argv[])
{
	struct rn_buf b;
	size_t i;

	rn_buf_init(&b);
	for (i = 0; argv[i]; i++) {
		if ((i && rn_buf_puts(&b, " ") < 0) ||
		    rn_buf_shquote(&b, argv[i]) < 0) {
			rn_buf_free(&b);
			return NULL;
		}
	}
	return rn_buf_steal(&b);
}

int rn_ssh_run(const struct rn_ssh *s, const char *remote,
	       const struct rn_proc_spec *spec, struct rn_proc_result *res)
{
	char **argv = rn_ssh_argv(s, remote);
	int ret;

	if (!argv)
		return -1;
	ret = rn_proc_run(argv, spec, res);
	rn_ssh_argv_free(argv);
	return ret;
}

int rn_ssh_check(const struct rn_ssh *s, const char *remote, double timeout,
		 struct rn_proc_result *res)
{
	struct rn_proc_spec spec = {
		.timeout = timeout, .in_fd = -1, .out = RN_OUT_CAPTURE,
		.err = RN_OUT_CAPTURE,
	};

	if (rn_ssh_run(s, remote, &spec, res) < 0)
		return -1;
	return res->exit_code == 0 && !res->timed_out && !res->aborted ? 0
									  : -1;
}

/* pre + 'path' + post [+ 'path2'], each path shell-quoted. */
static char *remote_cmd(const char *fmt_pre, const char *path,
			const char *fmt_post, const char *path2)
{
	struct rn_buf b;

	rn_buf_init(&b);
	if (rn_buf_puts(&b, fmt_pre) < 0 || rn_buf_shquote(&b, path) < 0 ||
	    rn_buf_puts(&b, fmt_post) < 0 ||
	    (path2 && rn_buf_shquote(&b, path2) < 0)) {
		rn_buf_free(&b);
		return NULL;
	}
	return rn_buf_steal(&b);
}

static int report(const char *what, const char *from, const char *to,
		  const struct rn_proc_result *res)
{
	if (res->exit_code == 0 && res->first_exit == 0 && !res->timed_out &&
	    !res->aborted)
		return 0;
	rn_err("%s %s -> %s failed%s (exit %d/%d)%s%s", what, from, to,
	       res->timed_out ? " (timeout)" : res->aborted ? " (interrupted)"
							    : "",
	       res->first_exit, res->exit_code, res->err.p ? ": " : "",
	       res->err.p ? res->err.p : "");
	return -1;
}

static int put_dir(const struct rn_ssh *s, const char *host,
		   const char *guest, const struct rn_proc_spec *spec,
		   struct rn_proc_result *res)
{
	char *tar[] = { "tar", "-C", (char *)host, "-cf", "-", ".", NULL };
	char *remote = remote_cmd("mkdir -p ", guest, " && tar -xf - -C ",
				  guest);
	char **ssh = remote ? rn_ssh_argv(s, remote) : NULL;
	int ret = -1;

	if (ssh)
		ret = rn_proc_pipe(tar, ssh, spec, res);
	rn_ssh_argv_free(ssh);
	free(remote);
	return ret;
}

static int put_file(const struct rn_ssh *s, const char *host,
		    const char *guest, const struct rn_proc_spec *spec,
		    struct rn_proc_result *res)
{
	struct rn_proc_spec sp = *spec;
	char *gcopy = strdup(guest);
	char *remote = NULL;
	struct stat st;
	int fd = -1, ret = -1;

	fd = open(host, O_RDONLY | O_CLOEXEC);
	if (!gcopy || fd < 0 || fstat(fd, &st) < 0)
		goto cleanup;
	{
		struct rn_buf b;

		/* mkdir -p DIR && cat > FILE && chmod MODE FILE */
		rn_buf_init(&b);
		if (rn_buf_puts(&b, "mkdir -p ") < 0 ||
		    rn_buf_shquote(&b, dirname(gcopy)) < 0 ||
		    rn_buf_puts(&b, " && cat > ") < 0 ||
		    rn_buf_shquote(&b, guest) < 0 ||
		    rn_buf_printf(&b, " && chmod %o ",
				  (unsigned int)(st.st_mode & 07777)) < 0 ||
		    rn_buf_shquote(&b, guest) < 0) {
			rn_buf_free(&b);
			goto cleanup;
		}
		remote = rn_buf_steal(&b);
	}
	sp.in_fd = fd;
	ret = rn_ssh_run(s, remote, &sp, res);
cleanup:
	if (fd >= 0)
		close(fd);
	free(remote);
	free(gcopy);
	return ret;
}

int rn_ssh_put(const struct rn_ssh *s, const char *host, const char *guest,
	       double timeout)
{
	struct rn_proc_spec spec = {
		.timeout = timeout, .in_fd = -1, .out = RN_OUT_CAPTURE,
		.err = RN_OUT_CAPTURE,
	};
	struct rn_proc_result res;
	int ret = -1;

	rn_proc_result_init(&res);
	if (rn_is_dir(host)) {
		ret = put_dir(s, host, guest, &spec, &res);
	} else if (rn_is_file(host)) {
		ret = put_file(s, host, guest, &spec, &res);
	} else {
		rn_err("--put %s: no such file or directory", host);
		goto cleanup;
	}
	if (ret < 0)
		rn_err("copy in %s: cannot start: %m", host);
	else
		ret = report("copy in", host, guest, &res);
cleanup:
	rn_proc_result_free(&res);
	return ret;
}

/* 'd' directory, 'f' file, '-' missing, 0 on error. */
static char guest_kind(const struct rn_ssh *s, const char *guest,
		       double timeout)
{
	struct rn_proc_result res;
	char *remote = remote_cmd("if [ -d ", guest,
				  " ]; then echo d; elif [ -e ", guest);
	char *full = remote ? rn_strdupf("%s ]; then echo f; else echo -; fi",
					 remote) : NULL;
	char kind = 0;

	rn_proc_result_init(&res);
	if (full && rn_ssh_check(s, full, timeout, &res) == 0 && res.out.p &&
	    strchr("df-", res.out.p[0]))
		kind = res.out.p[0];
	else
		rn_err("copy out %s: cannot inspect it in the guest%s%s", guest,
		       res.err.p ? ": " : "", res.err.p ? res.err.p : "");
	rn_proc_result_free(&res);
	free(full);
	free(remote);
	return kind;
}

int rn_ssh_get(const struct rn_ssh *s, const char *guest, const char *host,
	       double timeout)
{
	struct rn_proc_spec spec = {
		.timeout = timeout, .in_fd = -1, .out = RN_OUT_CAPTURE,
		.err = RN_OUT_CAPTURE,
	};
	struct rn_proc_result res;
	char *remote = NULL, **ssh = NULL;
	char kind = guest_kind(s, guest, timeout);
	int fd = -1, ret = -1;

	rn_proc_result_init(&res);
	if (!kind)
		goto cleanup;
	if (kind == '-') {
		rn_err("copy out %s: no such file or directory in the guest",
		       guest);
		goto cleanup;
	}
	if (kind == 'd') {
		char *tar[] = { "tar", "--no-same-owner", "-C", (char *)host,
				"-xf", "-", NULL };

		remote = remote_cmd("tar -C ", guest, " -cf - .", NULL);
		ssh = remote ? rn_ssh_argv(s, remote) : NULL;
		if (!ssh || rn_mkdir_p(host, 0755) < 0) {
			rn_err("copy out: cannot create %s: %m", host);
			goto cleanup;
		}
		if (rn_proc_pipe(ssh, tar, &spec, &res) < 0)
			goto cleanup;
	} else {
		remote = remote_cmd("cat ", guest, "", NULL);
		fd = open(host, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (!remote || fd < 0) {
			rn_err("copy out: cannot write %s: %m", host);
			goto cleanup;
		}
		spec.out = RN_OUT_FD;
		spec.out_fd = fd;
		if (rn_ssh_run(s, remote, &spec, &res) < 0)
			goto cleanup;
	}
	ret = report("copy out", guest, host, &res);
cleanup:
	if (fd >= 0)
		close(fd);
	rn_ssh_argv_free(ssh);
	free(remote);
	rn_proc_result_free(&res);
	return ret;
}
