// SPDX-License-Identifier: MIT
/*
 * rnx-exec PATH [ARG...] - execv(PATH, {PATH, ARG..., NULL}).
 *
 * Exit: the errno of execv() when it fails (EACCES: file execute denied);
 * on success the exit status is the executed program's.
 */
#include <errno.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-exec"

int main(int argc, char **argv)
{
	if (argc < 2 || !argv[1][0])
		return rn_h_usage(PROG, "PATH [ARG...]");
	execv(argv[1], argv + 1);
	return rn_h_fail(PROG, "execv", errno);
}
