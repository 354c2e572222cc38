/* SPDX-License-Identifier: MIT */
/* Whole files and directories; 0 or a negative errno (errno set too). */
#ifndef RN_FILE_H
#define RN_FILE_H

#include <stddef.h>

/*
 * Read the whole of path into *data (newly allocated, NUL-terminated; its
 * length in *len when len is not NULL). 0, or a negative errno with *data
 * NULL.
 */
int rn_read_file(const char *path, char **data, size_t *len);
/* Create or replace path with data, then give it mode. */
int rn_write_file(const char *path, const char *data, size_t len,
		  unsigned int mode);
/*
 * The same, atomically: written to "path.tmp" then renamed over path, so a
 * reader sees the old contents or the new, never a part (the temporary is
 * removed on failure).
 */
int rn_write_file_atomic(const char *path, const char *data, size_t len,
			 unsigned int mode);
int rn_copy_file(const char *src, const char *dst, unsigned int mode);
/* mkdir -p: path and its missing parents (mode before the umask). */
int rn_mkdir_p(const char *path, unsigned int mode);

#endif
