// SPDX-License-Identifier: MIT
/*
 * rnx-memfd-exec ELF [ARG...] - fileless execution: copy ELF into an
 * anonymous memfd_create() file and execveat(memfd, "", {ELF, ARG...,
 * NULL}, environ, AT_EMPTY_PATH), the classic way around a policy that
 * lets a domain execute none of the files it can reach or write.
 *
 * Steps, each named on failure: open (the ELF, read by this process: give
 * it a file the calling domain may read), memfd_create, read, write (the
 * copy into the memfd), execveat.  The memfd is close-on-exec, which is
 * fine for an ELF (a script would fail with ENOENT).
 *
 * Exit: the errno of the first step that fails; when the exec happens the
 * status is the executed program's.  This helper writes nothing on stdout,
 * so the caller proves the exec with a program that prints something of
 * its own (the scenario executes a copy of rnx-selfctx, which prints its
 * SELinux context and exits 0), not with the status alone.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-memfd-exec"

extern char **environ;

/* Copy all of @in to @out.  0, or the errno with *op the failing step. */
static int copy_fd(int in, int out, const char **op)
{
	char buf[65536];
	ssize_t n, w, off;

	for (;;) {
		n = read(in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*op = "read";
			return errno;
		}
		if (n == 0)
			return 0;
		for (off = 0; off < n; off += w) {
			w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR) {
				w = 0;
				continue;
			}
			if (w < 0) {
				*op = "write";
				return errno;
			}
		}
	}
}

int main(int argc, char **argv)
{
	const char *op = "open";
	int in = -1, mfd = -1, err;

	if (argc < 2 || !argv[1][0])
		return rn_h_usage(PROG, "ELF [ARG...]");
	in = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (in < 0) {
		err = errno;
		goto cleanup;
	}
	op = "memfd_create";
	mfd = memfd_create("rnx-memfd-exec", MFD_CLOEXEC);
	if (mfd < 0) {
		err = errno;
		goto cleanup;
	}
	err = copy_fd(in, mfd, &op);
	if (err)
		goto cleanup;
	op = "execveat";
	execveat(mfd, "", argv + 1, environ, AT_EMPTY_PATH);
	err = errno;
cleanup:
	if (mfd >= 0)
		close(mfd);
	if (in >= 0)
		close(in);
	return rn_h_fail(PROG, op, err);
}
