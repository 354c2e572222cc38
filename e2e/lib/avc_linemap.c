// SPDX-License-Identifier: MIT
/*
 * avc_linemap.c - auparse's line numbers back to the log's, when the
 * prefilter leaves lines out (the middle heads of a run, avc_prefilter.c).
 * A step is kept where the count of lines left out grows; steps no record
 * can still need (those wholly before the first waiting line) are let go,
 * so the map is as small as auparse's backlog.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "avc_internal.h"

#define STEPS_MIN 64

/* Let go of the steps wholly before log line @first (0: all but the last,
 * no record can come from a line fed so far). */
static void prune(struct rn_linemap *m, size_t first)
{
	const struct rn_linestep *next;

	while (m->n > 1) {
		next = &m->v[m->head + 1];
		if (first && next->fed + next->off > first)
			break;
		m->base = m->v[m->head].off;
		m->head++;
		m->n--;
	}
}

static int make_room(struct rn_linemap *m)
{
	struct rn_linestep *v;
	size_t cap;

	if (m->head + m->n < m->cap)
		return 0;
	memmove(m->v, m->v + m->head, m->n * sizeof(*m->v));
	m->head = 0;
	if (m->n < m->cap / 2 + 1 && m->cap)
		return 0;
	cap = m->cap ? m->cap * 2 : STEPS_MIN;
	if (cap > ((size_t)-1) / sizeof(*v))
		return -ENOMEM;
	v = realloc(m->v, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	m->v = v;
	m->cap = cap;
	return 0;
}

int rn_linemap_drop(struct rn_linemap *m, size_t line, size_t first)
{
	/* auparse's number for the next line fed: the one @line would
	 * have had */
	size_t fed = line - m->dropped;
	struct rn_linestep *last;
	int rc;

	m->dropped++;
	last = m->n ? &m->v[m->head + m->n - 1] : NULL;
	if (last && last->fed == fed) {
		last->off = m->dropped;
		return 0;
	}
	prune(m, first);
	rc = make_room(m);
	if (rc < 0) {
		m->dropped--;
		return rc;
	}
	m->v[m->head + m->n++] = (struct rn_linestep){ fed, m->dropped };
	return 0;
}

size_t rn_linemap_line(struct rn_linemap *m, size_t fed, size_t first)
{
	size_t lo, hi, mid, off;

	prune(m, first);
	lo = m->head;
	hi = m->head + m->n;
	off = m->base;
	/* the last step at or before @fed */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->v[mid].fed <= fed) {
			off = m->v[mid].off;
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return fed + off;
}

void rn_linemap_free(struct rn_linemap *m)
{
	free(m->v);
	memset(m, 0, sizeof(*m));
}
