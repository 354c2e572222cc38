// SPDX-License-Identifier: MIT
/*
 * rnx-finit-module PATH - open(PATH) and finit_module(fd, "", 0).
 *
 * Linux 6.1 checks, in order: capable(CAP_SYS_MODULE) (the capability
 * layer, then SELinux "capability sys_module"; a denial of either gives
 * EPERM, since capable() only answers yes or no), then SELinux "system
 * module_load" on the file's type while reading it (EACCES), then the
 * module itself (ENOEXEC for a file that is no module).  Run it as root so
 * the capability layer allows and the SELinux answer is the one seen.
 * Give it a file that is not a module: if every check passes (permissive
 * mode) nothing gets loaded.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-finit-module"

int main(int argc, char **argv)
{
	int fd, ret = 0;

	if (argc != 2 || !argv[1][0])
		return rn_h_usage(PROG, "PATH");
	fd = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return rn_h_fail(PROG, "open", errno);
	if (syscall(SYS_finit_module, fd, "", 0) != 0)
		ret = rn_h_fail(PROG, "finit_module", errno);
	close(fd);
	return ret;
}
