// SPDX-License-Identifier: MIT
/*
 * rnx-chmod PATH MODE - chmod(PATH, MODE), MODE in octal ("4755").
 *
 * SELinux checks "file setattr" on PATH; it does not see which mode bits
 * change, so a setuid bit costs nothing more than a 0600.
 *
 * Exit: 0 when chmod succeeded, else its errno.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "rnx_helper.h"

#define PROG "rnx-chmod"

int main(int argc, char **argv)
{
	unsigned long mode;
	char *end;

	if (argc != 3 || !argv[1][0] || !argv[2][0])
		return rn_h_usage(PROG, "PATH MODE");
	errno = 0;
	mode = strtoul(argv[2], &end, 8);
	if (errno || *end || mode > 07777)
		return rn_h_usage(PROG, "PATH MODE");
	if (chmod(argv[1], (mode_t)mode) != 0)
		return rn_h_fail(PROG, "chmod", errno);
	return 0;
}
