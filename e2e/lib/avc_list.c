// SPDX-License-Identifier: MIT
/*
 * avc_list.c - growable array of struct rn_avc.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "avc_internal.h"

static int list_reserve(struct rn_avc_list *l, size_t want)
{
	struct rn_avc *v;
	size_t cap;

	if (want <= l->cap)
		return 0;
	cap = l->cap ? l->cap : 16;
	while (cap < want) {
		if (cap > ((size_t)-1) / 2 / sizeof(*v))
			return -ENOMEM;
		cap *= 2;
	}
	v = realloc(l->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	l->v = v;
	l->cap = cap;
	return 0;
}

int rn_avc_list_push(struct rn_avc_list *l, const struct rn_avc *a)
{
	int rc;

	rc = list_reserve(l, l->n + 1);
	if (rc < 0)
		return rc;
	l->v[l->n++] = *a;
	return 0;
}

int rn_avc_list_splice(struct rn_avc_list *dst, struct rn_avc_list *src)
{
	int rc;

	if (!dst->v) {
		*dst = *src;
		memset(src, 0, sizeof(*src));
		return 0;
	}
	rc = list_reserve(dst, dst->n + src->n);
	if (rc < 0)
		return rc;
	if (src->n)
		memcpy(dst->v + dst->n, src->v, src->n * sizeof(*src->v));
	dst->n += src->n;
	rn_avc_list_free(src);
	return 0;
}

void rn_avc_list_free(struct rn_avc_list *l)
{
	if (!l)
		return;
	free(l->v);
	l->v = NULL;
	l->n = 0;
	l->cap = 0;
}
