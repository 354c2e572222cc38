// SPDX-License-Identifier: MIT
/*
 * core_rnlog.c - find the debug log of one rustnet session.  With -l,
 * rustnet writes ./logs/rustnet_<local start time>.log in its working
 * directory, and several sessions share a directory (logs.cwd runs twice
 * in the user's log directory after capture.session): the session's own
 * file is the newest one written since the session started.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "core.h"

int rn_log_find(const char *dir, time_t t0, char *path, size_t len)
{
	char logs[512], f[1024];
	struct dirent *e;
	struct stat st;
	time_t best = 0;
	size_t n;
	DIR *d;
	int ret = -ENOENT;

	snprintf(logs, sizeof(logs), "%s/logs", dir);
	d = opendir(logs);
	if (!d)
		return -errno;
	while ((e = readdir(d))) {
		n = strlen(e->d_name);
		if (n <= 12 || strncmp(e->d_name, "rustnet_", 8) ||
		    strcmp(e->d_name + n - 4, ".log"))
			continue;
		snprintf(f, sizeof(f), "%s/%s", logs, e->d_name);
		if (stat(f, &st) < 0 || !S_ISREG(st.st_mode) ||
		    st.st_mtime < t0 || st.st_mtime < best)
			continue;
		/* written in the same second: the later start time (the
		 * name) is the later session */
		if (!ret && st.st_mtime == best && strcmp(f, path) < 0)
			continue;
		best = st.st_mtime;
		snprintf(path, len, "%s", f);
		ret = 0;
	}
	closedir(d);
	return ret;
}
