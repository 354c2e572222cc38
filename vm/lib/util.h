/* SPDX-License-Identifier: MIT */
/* Small helpers: paths, files (messages: common/log.h). */
#ifndef RN_UTIL_H
#define RN_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* vm/ builds on the common library's messages and files */
#include "file.h"
#include "log.h"

/* Exit codes (docs/design.md): common/exit.h */
#include "exit.h"

/* Newly allocated string, NULL on allocation failure. */
char *rn_strdupf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* $RUSTNET_CACHE, else $XDG_CACHE_HOME/rustnet-selinux, else ~/.cache/... */
char *rn_cache_dir(void);
/* Remove a file or a directory tree; a missing path is not an error. */
int rn_rm_rf(const char *path);
bool rn_is_file(const char *path);
bool rn_is_dir(const char *path);
/* Absolute version of path (cwd-relative), newly allocated. */
char *rn_abspath(const char *path);

#endif
