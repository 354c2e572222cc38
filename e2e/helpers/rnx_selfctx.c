// SPDX-License-Identifier: MIT
/*
 * rnx-selfctx - print the SELinux context this process runs in.
 *
 * Reads /proc/thread-self/attr/current, which is what libselinux's getcon()
 * reads, without libselinux's start-up probing of selinuxfs (that probing
 * would add unrelated AVCs to the audit window of a confined domain).
 * Exit: 0 and the context on stdout, or the errno of the read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-selfctx"

int main(int argc, char **argv)
{
	char ctx[512];
	ssize_t n;
	int fd, ret = 0;

	(void)argv;
	if (argc != 1)
		return rn_h_usage(PROG, "");
	fd = open("/proc/thread-self/attr/current", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rn_h_fail(PROG, "open", errno);
	n = read(fd, ctx, sizeof(ctx) - 1);
	if (n < 0) {
		ret = rn_h_fail(PROG, "read", errno);
		goto cleanup;
	}
	while (n > 0 && (ctx[n - 1] == '\n' || ctx[n - 1] == '\0'))
		n--;
	if (n == 0) {
		ret = rn_h_fail(PROG, "read", ENODATA);
		goto cleanup;
	}
	ctx[n] = '\0';
	if (printf("%s\n", ctx) < 0 || fflush(stdout))
		ret = rn_h_fail(PROG, "write", errno ? errno : EIO);
cleanup:
	close(fd);
	return ret;
}
