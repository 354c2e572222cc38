// SPDX-License-Identifier: MIT
/* Throwaway qcow2 overlays over a read-only base disk. */
#include "overlay.h"

#include <errno.h>
#include <stdlib.h>
#include <unistd.h>

#include "proc.h"
#include "util.h"

int rn_overlay_create(const char *base, const char *format, const char *path)
{
	char *abs = rn_abspath(base);
	int ret = -1;

	if (!abs)
		return -1;
	{
		char *argv[] = {
			"qemu-img", "create", "-q", "-f", "qcow2", "-b", abs,
			"-F", (char *)format, (char *)path, NULL,
		};

		ret = rn_proc_check(argv, 60);
	}
	if (ret < 0)
		rn_overlay_remove(path);
	free(abs);
	return ret;
}

int rn_overlay_remove(const char *path)
{
	if (unlink(path) < 0 && errno != ENOENT) {
		rn_err("cannot remove overlay %s: %m", path);
		return -1;
	}
	return 0;
}
