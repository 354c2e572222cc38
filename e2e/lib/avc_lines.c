// SPDX-License-Identifier: MIT
/*
 * avc_lines.c - the lines fed to auparse that no record has come from
 * yet.  Lines are added in ascending order and mostly taken soon after in
 * nearly the same order, so the set is a sorted array with taken entries
 * marked; the head moves past taken entries and the array is compacted
 * when it fills, so it only grows with the entries still waiting.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "avc_internal.h"

#define TAKEN ((size_t)1 << (sizeof(size_t) * 8 - 1))
#define LINES_MIN 1024

static void skip_taken(struct rn_lines *t)
{
	while (t->span && (t->v[t->head] & TAKEN)) {
		t->head++;
		t->span--;
	}
	if (!t->span)
		t->head = 0;
}

/* Make room for one more entry at the end. */
static int make_room(struct rn_lines *t)
{
	size_t i, n = 0, cap;
	size_t *v;

	if (t->head + t->span < t->cap)
		return 0;
	for (i = t->head; i < t->head + t->span; i++)
		if (!(t->v[i] & TAKEN))
			t->v[n++] = t->v[i];
	t->head = 0;
	t->span = n;
	if (n < t->cap / 2 + 1 && t->cap)
		return 0;
	cap = t->cap ? t->cap * 2 : LINES_MIN;
	if (cap > ((size_t)-1) / sizeof(*v))
		return -ENOMEM;
	v = realloc(t->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	t->v = v;
	t->cap = cap;
	return 0;
}

int rn_lines_add(struct rn_lines *t, size_t line)
{
	int rc;

	if (line == 0 || (line & TAKEN))
		return -EINVAL;
	rc = make_room(t);
	if (rc < 0)
		return rc;
	t->v[t->head + t->span++] = line;
	t->live++;
	return 0;
}

void rn_lines_take(struct rn_lines *t, size_t line)
{
	size_t lo = t->head, hi = t->head + t->span, mid, v;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		v = t->v[mid] & ~TAKEN;
		if (v < line) {
			lo = mid + 1;
		} else if (v > line) {
			hi = mid;
		} else {
			if (!(t->v[mid] & TAKEN)) {
				t->v[mid] |= TAKEN;
				t->live--;
			}
			break;
		}
	}
	skip_taken(t);
}

size_t rn_lines_first(const struct rn_lines *t)
{
	return t->span ? t->v[t->head] & ~TAKEN : 0;
}

size_t rn_lines_drain(struct rn_lines *t, rn_line_cb cb, void *ctx)
{
	size_t i, n = 0;

	for (i = t->head; i < t->head + t->span; i++) {
		if (t->v[i] & TAKEN)
			continue;
		n++;
		cb(ctx, t->v[i]);
	}
	t->head = 0;
	t->span = 0;
	t->live = 0;
	return n;
}

void rn_lines_free(struct rn_lines *t)
{
	free(t->v);
	memset(t, 0, sizeof(*t));
}
