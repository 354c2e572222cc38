// SPDX-License-Identifier: MIT
/*
 * rnx-open-read PATH [NEEDLE] - open(PATH, O_RDONLY), and with NEEDLE read
 * the file and look for NEEDLE in it.
 *
 * Exit: 0 when the open succeeded (and, with NEEDLE, the content holds
 * NEEDLE), else the errno (EACCES: file read or a dir search on the way
 * denied; ENODATA: read, but NEEDLE is not in it).  Nothing is printed:
 * the helper proves access, it does not leak the content.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-open-read"
/* /proc/PID/environ and the files the scenarios plant are small */
#define MAX_READ (256 * 1024)

/* Read @fd (at most MAX_READ bytes) and look for @needle.  0, ENODATA
 * or the errno of read(). */
static int find(int fd, const char *needle)
{
	static char buf[MAX_READ + 1];
	size_t len = 0, i, n = strlen(needle);
	ssize_t r;

	while (len < MAX_READ) {
		r = read(fd, buf + len, MAX_READ - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return rn_h_fail(PROG, "read", errno);
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	/* environ separates its entries with NULs: search byte by byte */
	for (i = 0; i + n <= len; i++)
		if (!memcmp(buf + i, needle, n))
			return 0;
	return rn_h_fail(PROG, "search", ENODATA);
}

int main(int argc, char **argv)
{
	int fd, ret = 0;

	if (argc < 2 || argc > 3 || !argv[1][0] || (argc == 3 && !argv[2][0]))
		return rn_h_usage(PROG, "PATH [NEEDLE]");
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rn_h_fail(PROG, "open", errno);
	if (argc == 3)
		ret = find(fd, argv[2]);
	close(fd);
	return ret;
}
