// SPDX-License-Identifier: MIT
/*
 * rnx-open-write PATH - open(PATH, O_WRONLY | O_CREAT, 0600).
 *
 * Exit: 0 when the open succeeded (the file may have been created: the
 * caller removes it), else its errno (EACCES: dir write/add_name or file
 * create/write denied).
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-open-write"

int main(int argc, char **argv)
{
	int fd;

	if (argc != 2 || !argv[1][0])
		return rn_h_usage(PROG, "PATH");
	fd = open(argv[1], O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		return rn_h_fail(PROG, "open", errno);
	close(fd);
	return 0;
}
