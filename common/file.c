// SPDX-License-Identifier: MIT
/* Whole files and directories; 0 or a negative errno (errno set too). */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int rn_read_file(const char *path, char **data, size_t *len)
{
	char *buf = NULL, *p;
	size_t n = 0, cap = 0;
	ssize_t r;
	int fd, ret;

	*data = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	for (;;) {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 8192;
			p = realloc(buf, cap + 1);
			if (!p) {
				ret = -ENOMEM;
				goto cleanup;
			}
			buf = p;
		}
		r = read(fd, buf + n, cap - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ret = -errno;
			goto cleanup;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	buf[n] = '\0';
	if (len)
		*len = n;
	*data = buf;
	buf = NULL;
	ret = 0;
cleanup:
	free(buf);
	close(fd);
	if (ret < 0)
		errno = -ret;
	return ret;
}

int rn_write_file(const char *path, const char *data, size_t len,
		  unsigned int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	size_t off = 0;
	int ret = 0;

	if (fd < 0)
		return -errno;
	while (off < len) {
		ssize_t w = write(fd, data + off, len - off);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			ret = -errno;
			goto cleanup;
		}
		off += (size_t)w;
	}
	if (fchmod(fd, mode) < 0)
		ret = -errno;
cleanup:
	if (close(fd) < 0 && !ret)
		ret = -errno;
	if (ret < 0)
		errno = -ret;
	return ret;
}

int rn_write_file_atomic(const char *path, const char *data, size_t len,
			 unsigned int mode)
{
	char *tmp = NULL;
	int ret;

	if (asprintf(&tmp, "%s.tmp", path) < 0) {
		tmp = NULL;
		ret = -ENOMEM;
		goto cleanup;
	}
	ret = rn_write_file(tmp, data, len, mode);
	if (ret < 0)
		goto cleanup;
	if (rename(tmp, path) < 0)
		ret = -errno;
cleanup:
	if (ret < 0 && tmp)
		unlink(tmp);
	free(tmp);
	if (ret < 0)
		errno = -ret;
	return ret;
}

int rn_copy_file(const char *src, const char *dst, unsigned int mode)
{
	size_t len;
	char *data;
	int ret = rn_read_file(src, &data, &len);

	if (ret < 0)
		return ret;
	ret = rn_write_file(dst, data, len, mode);
	free(data);
	if (ret < 0)
		errno = -ret;
	return ret;
}

/* mkdir that is content with a directory already there. */
static int mkdir_one(const char *path, unsigned int mode)
{
	struct stat st;

	if (mkdir(path, mode) == 0)
		return 0;
	if (errno != EEXIST)
		return -errno;
	if (stat(path, &st) < 0)
		return -errno;
	return S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
}

int rn_mkdir_p(const char *path, unsigned int mode)
{
	char *tmp = strdup(path);
	char *p;
	int ret = -ENOMEM;

	if (!tmp)
		goto cleanup;
	for (p = tmp + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		ret = mkdir_one(tmp, mode);
		if (ret < 0)
			goto cleanup;
		*p = '/';
	}
	ret = mkdir_one(tmp, mode);
cleanup:
	free(tmp);
	if (ret < 0)
		errno = -ret;
	return ret;
}
