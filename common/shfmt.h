/* SPDX-License-Identifier: MIT */
/* printf for shell command lines: every %s argument is one shell word. */
#ifndef RN_SHFMT_H
#define RN_SHFMT_H

#include <stdarg.h>
#include <stddef.h>

#include "buf.h"

/*
 * Format like printf, except:
 *   %s    the argument as one shell word: as it is when it is non-empty
 *         and only has characters of [A-Za-z0-9_@%+=:,./-], else in single
 *         quotes (rn_buf_shquote); "%.Ns" quotes the first N bytes
 *   %-s   the argument as it is: shell text the caller built (itself
 *         with rn_shfmt), never data
 * The other conversions are printf's integer ones (d i u o x X c, with
 * hh h l ll z j t, flags, width, precision, '*') and %%; any other (a
 * float, %n, %p, a flag or width on %s) is -EINVAL.  The format attribute
 * keeps the compiler's type checks: %-s is valid printf.
 * 0, -ENOMEM or -EINVAL (b then holds a part).
 */
int rn_buf_vshfmt(struct rn_buf *b, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
int rn_buf_shfmt(struct rn_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The same as a new string; NULL (errno set) on failure. */
char *rn_vshfmt(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));
char *rn_shfmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The same into buf: 0, -ENAMETOOLONG (it does not fit), -EINVAL or
 * -ENOMEM; buf is "" on failure. */
int rn_shfmt_buf(char *buf, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* 1 when s goes into a command line as it is (see %s above). */
int rn_sh_bare(const char *s);

#endif
