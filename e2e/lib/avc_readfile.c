// SPDX-License-Identifier: MIT
/*
 * avc_readfile.c - read a whole file into memory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "avc_internal.h"

#define RNX_MAX_LOG (1024UL * 1024 * 1024)

int rnx_read_file(const char *path, char **out, size_t *outlen)
{
	size_t cap = 65536, len = 0;
	char *buf = NULL, *nb;
	ssize_t r;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(cap);
	if (!buf) {
		rc = -ENOMEM;
		goto cleanup;
	}
	for (;;) {
		if (len == cap) {
			if (cap >= RNX_MAX_LOG) {
				rc = -EFBIG;
				goto cleanup;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				rc = -ENOMEM;
				goto cleanup;
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			goto cleanup;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	*out = buf;
	*outlen = len;
	buf = NULL;
cleanup:
	free(buf);
	close(fd);
	return rc;
}
