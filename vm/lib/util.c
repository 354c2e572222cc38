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

int rn_mkdir_p(const char *path, unsigned int mode)
{
	char *tmp = strdup(path);
	char *p;
	int ret = -1;

	if (!tmp)
		return -1;
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(tmp, mode) < 0 && errno != EEXIST)
			goto cleanup;
		*p = '/';
	}
	if (mkdir(tmp, mode) < 0 && errno != EEXIST)
		goto cleanup;
	ret = rn_is_dir(path) ? 0 : -1;
cleanup:
	free(tmp);
	return ret;
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

int rn_write_file(const char *path, const char *data, size_t len,
		  unsigned int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	size_t off = 0;
	int ret = -1;

	if (fd < 0)
		return -1;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			goto cleanup;
		off += (size_t)w;
	}
	if (fchmod(fd, mode) < 0)
		goto cleanup;
	ret = 0;
cleanup:
	if (close(fd) < 0)
		ret = -1;
	return ret;
}

int rn_copy_file(const char *src, const char *dst, unsigned int mode)
{
	size_t len;
	char *data;
	int ret = rn_read_file(src, &data, &len);

	if (ret < 0) {
		errno = -ret;
		return -1;
	}
	ret = rn_write_file(dst, data, len, mode);
	free(data);
	return ret;
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
