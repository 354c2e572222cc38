// SPDX-License-Identifier: MIT
/* Growable string buffer. */
#include "buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rn_buf_init(struct rn_buf *b)
{
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
}

void rn_buf_free(struct rn_buf *b)
{
	free(b->p);
	rn_buf_init(b);
}

static int rn_buf_reserve(struct rn_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t cap = b->cap ? b->cap : 256;
	char *p;

	if (need <= b->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	p = realloc(b->p, cap);
	if (!p)
		return -ENOMEM;
	b->p = p;
	b->cap = cap;
	return 0;
}

int rn_buf_add(struct rn_buf *b, const char *s, size_t n)
{
	if (rn_buf_reserve(b, n) < 0)
		return -ENOMEM;
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int rn_buf_puts(struct rn_buf *b, const char *s)
{
	return rn_buf_add(b, s, strlen(s));
}

int rn_buf_printf(struct rn_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || rn_buf_reserve(b, (size_t)n) < 0)
		return -ENOMEM;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

int rn_buf_xml(struct rn_buf *b, const char *s)
{
	for (; *s; s++) {
		const char *rep = NULL;
		int rc;

		switch (*s) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '\'': rep = "&apos;"; break;
		case '"': rep = "&quot;"; break;
		}
		rc = rep ? rn_buf_puts(b, rep) : rn_buf_add(b, s, 1);
		if (rc < 0)
			return rc;
	}
	return 0;
}

int rn_buf_shquote(struct rn_buf *b, const char *s)
{
	if (rn_buf_add(b, "'", 1) < 0)
		return -ENOMEM;
	for (; *s; s++) {
		int rc = *s == '\'' ? rn_buf_puts(b, "'\\''") : rn_buf_add(b, s, 1);

		if (rc < 0)
			return rc;
	}
	return rn_buf_add(b, "'", 1);
}

char *rn_shquote(const char *s)
{
	struct rn_buf b;

	rn_buf_init(&b);
	if (rn_buf_shquote(&b, s) < 0) {
		rn_buf_free(&b);
		return NULL;
	}
	return rn_buf_steal(&b);
}

char *rn_buf_steal(struct rn_buf *b)
{
	char *p = b->p;

	if (!p)
		p = calloc(1, 1);
	rn_buf_init(b);
	return p;
}
