// SPDX-License-Identifier: MIT
/*
 * avc_lines.c - which lines of a log auparse turned into records, and
 * which non-blank lines it skipped without a word.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "avc_internal.h"

int rnx_lines_mark(struct rnx_lines *t, size_t line)
{
	unsigned char *seen;
	size_t cap;

	if (line == 0)
		return 0;
	if (line >= t->cap) {
		cap = t->cap ? t->cap : 1024;
		while (cap <= line)
			cap *= 2;
		seen = realloc(t->seen, cap);
		if (!seen)
			return -ENOMEM;
		memset(seen + t->cap, 0, cap - t->cap);
		t->seen = seen;
		t->cap = cap;
	}
	t->seen[line] = 1;
	return 0;
}

static int is_blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
}

size_t rnx_lines_unmarked(const struct rnx_lines *t, const char *text,
			  size_t len, rnx_line_cb cb, void *ctx)
{
	const char *p = text, *end = text + len, *nl;
	size_t line, n, bad = 0;

	for (line = 1; p < end; line++) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (!(line < t->cap && t->seen[line]) && !is_blank(p, n)) {
			bad++;
			cb(ctx, line);
		}
		p += n + 1;
	}
	return bad;
}

void rnx_lines_free(struct rnx_lines *t)
{
	free(t->seen);
	t->seen = NULL;
	t->cap = 0;
}
