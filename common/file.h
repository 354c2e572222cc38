/* SPDX-License-Identifier: MIT */
/* Whole-file reads. */
#ifndef RN_FILE_H
#define RN_FILE_H

#include <stddef.h>

/*
 * Read the whole of path into *data (newly allocated, NUL-terminated; its
 * length in *len when len is not NULL). 0, or a negative errno with *data
 * NULL.
 */
int rn_read_file(const char *path, char **data, size_t *len);

#endif
