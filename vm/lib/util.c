// SPDX-License-Identifier: MIT
/* Small helpers: paths, files (messages: common/log.h). */
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *rn_strdupf(const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	return n < 0 ? NULL : s;
}

char *rn_cache_dir(void)
{
	const char *v = getenv("RUSTNET_CACHE");

	if (v && *v)
		return strdup(v);
	v = getenv("XDG_CACHE_HOME");
	if (v && *v)
		return rn_strdupf("%s/rustnet-selinux", v);
	v = getenv("HOME");
	if (!v || !*v) {
		errno = ENOENT;
		return NULL;
	}
	return rn_strdupf("%s/.cache/rustnet-selinux", v);
}

int rn_rm_rf(const char *path)
{
	struct stat st;
	DIR *d = NULL;
	struct dirent *e;
	int ret = -1;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path) < 0 && errno != ENOENT ? -1 : 0;
	d = opendir(path);
	if (!d)
		return -1;
	while ((e = readdir(d))) {
		char *sub;
		int rc;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		sub = rn_strdupf("%s/%s", path, e->d_name);
		if (!sub)
			goto cleanup;
		rc = rn_rm_rf(sub);
		free(sub);
		if (rc < 0)
			goto cleanup;
	}
	if (rmdir(path) < 0)
		goto cleanup;
	ret = 0;
cleanup:
	closedir(d);
	return ret;
}

bool rn_is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

bool rn_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *rn_abspath(const char *path)
{
	char *cwd, *res;

	if (path[0] == '/')
		return strdup(path);
	cwd = getcwd(NULL, 0);
	if (!cwd)
		return NULL;
	res = rn_strdupf("%s/%s", cwd, path);
	free(cwd);
	return res;
}
