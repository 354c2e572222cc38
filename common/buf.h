/* SPDX-License-Identifier: MIT */
/* Growable string buffer; the shell quoting helper. */
#ifndef RN_BUF_H
#define RN_BUF_H

#include <stddef.h>

struct rn_buf {
	char *p;	/* always NUL-terminated once anything was added */
	size_t len;
	size_t cap;
};

/* The int functions return 0 or -ENOMEM. */
void rn_buf_init(struct rn_buf *b);
void rn_buf_free(struct rn_buf *b);
int rn_buf_add(struct rn_buf *b, const char *s, size_t n);
int rn_buf_puts(struct rn_buf *b, const char *s);
int rn_buf_printf(struct rn_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Append s with the five XML special characters escaped. */
int rn_buf_xml(struct rn_buf *b, const char *s);
/*
 * Append s quoted for a POSIX shell (single quotes): the one quoting helper
 * for every command line handed to `sh -c` (here or over ssh).
 */
int rn_buf_shquote(struct rn_buf *b, const char *s);
/* The same as a new string; NULL on allocation failure. */
char *rn_shquote(const char *s);
/* Return the contents (never NULL) and give up ownership. */
char *rn_buf_steal(struct rn_buf *b);

#endif
