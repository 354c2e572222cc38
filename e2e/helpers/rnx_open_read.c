// SPDX-License-Identifier: MIT
/*
 * rnx-open-read PATH - open(PATH, O_RDONLY).
 *
 * Exit: 0 when the open succeeded, else its errno (EACCES: file read or a
 * dir search on the way denied).  Nothing is read or printed: the helper
 * proves access, it does not leak the content.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-open-read"

int main(int argc, char **argv)
{
	int fd;

	if (argc != 2 || !argv[1][0])
		return rnx_h_usage(PROG, "PATH");
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rnx_h_fail(PROG, "open", errno);
	close(fd);
	return 0;
}
