// SPDX-License-Identifier: MIT
/*
 * avc_feed.c - hand a log to an AUSOURCE_FEED auparse in bounded pieces,
 * whole lines only, so memory does not grow with the log.  auparse sees
 * the same byte stream the one-buffer reader gave it (NUL lines blanked,
 * a final newline), so it builds and orders events the same way.  With
 * the prefilter (avc_prefilter.c, on unless $RNX_PREFILTER=0) it sees
 * each line cut to the part the extractor needs, or not at all (then
 * rn_feed_line() gives the log's number of auparse's), copied into a
 * buffer of one piece.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "avc_internal.h"

#define FEED_PIECE (256UL * 1024)	/* bytes per auparse_feed() */
#define FEED_MAX_LINE (16UL * 1024 * 1024)

/* Bytes per read and per auparse_feed(): FEED_PIECE, or for tests
 * $RNX_FEED_PIECE (1 feeds line by line and reads in tiny pieces, so
 * events and lines straddle every boundary). */
static size_t piece(struct rn_feed *f)
{
	const char *env;
	char *end;
	unsigned long v;

	if (f->piece)
		return f->piece;
	f->piece = FEED_PIECE;
	env = secure_getenv("RNX_FEED_PIECE");
	if (env && *env) {
		errno = 0;
		v = strtoul(env, &end, 10);
		if (!errno && !*end && v >= 1 && v <= FEED_PIECE)
			f->piece = v;
	}
	return f->piece;
}

static int is_blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
}

static int give(struct rn_feed *f, const char *p, size_t n)
{
	if (!n)
		return 0;
	if (auparse_feed(f->au, p, n) < 0)
		return -ENOMEM;
	return f->after(f->ctx);
}

/* Note one line (without its newline) before auparse sees it.  Returns 1
 * when it holds a NUL byte (it must be fed as an empty line). */
static int note_line(struct rn_feed *f, const char *p, size_t n, int nul,
		     int *rc)
{
	f->line++;
	*rc = 0;
	if (nul && memchr(p, '\0', n)) {
		f->on_nul(f->ctx, f->line);
		return 1;
	}
	if (!is_blank(p, n))
		*rc = rn_lines_add(f->lines, f->line);
	return 0;
}

/* Whether lines go through the prefilter. */
static int filtering(struct rn_feed *f)
{
	if (!f->filter)
		f->filter = rn_prefilter_on() ? 1 : -1;
	return f->filter > 0;
}

/* Feed @n bytes of one line, then its newline.  No check between the two
 * halves: the line already waits in @lines, and a drain there would call
 * it skipped. */
static int give_line(struct rn_feed *f, const char *p, size_t n)
{
	if (n && auparse_feed(f->au, p, n) < 0)
		return -ENOMEM;
	return give(f, "\n", 1);
}

/* Hand the cut lines in @out to auparse. */
static int flush(struct rn_feed *f)
{
	size_t n = f->out_len;

	f->out_len = 0;
	f->held = 0;
	return give(f, f->out, n);
}

/* The head @out ends in adds nothing: leave its line out. */
static int drop_held(struct rn_feed *f)
{
	f->out_len = f->held_off;
	f->held = 0;
	rn_lines_take(f->lines, f->held_line);
	return rn_linemap_drop(&f->map, f->held_line,
			       rn_lines_first(f->lines));
}

/* Append the first @keep bytes of the line just noted and a newline to
 * @out (room made before), or feed a line longer than a piece on its own
 * (@out is empty then).  @head: it is a head the next may make redundant. */
static int queue(struct rn_feed *f, const char *p, size_t keep, int head)
{
	if (keep + 1 > piece(f))
		return give_line(f, p, keep);
	if (!f->out) {
		f->out = malloc(piece(f));
		if (!f->out)
			return -ENOMEM;
	}
	f->held = head;
	f->held_off = f->out_len;
	f->held_line = f->line;
	memcpy(f->out + f->out_len, p, keep);
	f->out_len += keep;
	f->out[f->out_len++] = '\n';
	return 0;
}

/* feed_lines() through the prefilter: each line cut to what it keeps. */
static int feed_kept(struct rn_feed *f, const char *p, size_t n)
{
	const char *end = p + n, *nl;
	int nul = memchr(p, '\0', n) != NULL;
	unsigned int flags;
	size_t len, keep;
	int rc;

	for (; p < end; p = nl + 1) {
		nl = memchr(p, '\n', (size_t)(end - p));
		len = (size_t)(nl - p);
		keep = rn_prefilter_line(&f->pf, p, len, &flags);
		if ((flags & RN_PF_DROP_PREV) && f->held) {
			rc = drop_held(f);
			if (rc < 0)
				return rc;
		}
		/* make room before the line is noted: the check after a
		 * piece would take a noted line not yet fed for skipped */
		if (f->out_len + keep + 1 > piece(f)) {
			rc = flush(f);
			if (rc < 0)
				return rc;
		}
		if (note_line(f, p, len, nul, &rc)) {
			rn_prefilter_reset(&f->pf);
			keep = 0;	/* fed as an empty line */
			flags = 0;
		}
		if (rc < 0)
			return rc;
		rc = queue(f, p, keep, flags & RN_PF_HEAD);
		if (rc < 0)
			return rc;
	}
	return flush(f);
}

/* Feed @n bytes of whole lines (p[n - 1] == '\n'). */
static int feed_lines(struct rn_feed *f, const char *p, size_t n)
{
	const char *end = p + n, *seg = p, *nl;
	int nul = memchr(p, '\0', n) != NULL;
	int rc;

	if (filtering(f))
		return feed_kept(f, p, n);
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (note_line(f, p, (size_t)(nl - p), nul, &rc)) {
			rc = give(f, seg, (size_t)(p - seg));
			if (!rc)
				rc = give(f, "\n", 1);
			seg = nl + 1;
		}
		if (rc < 0)
			return rc;
		p = nl + 1;
		if ((size_t)(p - seg) >= piece(f)) {
			rc = give(f, seg, (size_t)(p - seg));
			if (rc < 0)
				return rc;
			seg = p;
		}
	}
	return give(f, seg, (size_t)(end - seg));
}

/* The last line of an input, without a newline. */
static int feed_tail(struct rn_feed *f, const char *p, size_t n, int live)
{
	unsigned int flags;
	int rc;

	if (!n || live)
		return 0;
	if (note_line(f, p, n, 1, &rc)) {
		rn_prefilter_reset(&f->pf);
		return give(f, "\n", 1);
	}
	if (rc < 0)
		return rc;
	if (filtering(f))
		n = rn_prefilter_line(&f->pf, p, n, &flags);
	return give_line(f, p, n);
}

int rn_feed_mem(struct rn_feed *f, const char *p, size_t len, int live)
{
	const char *last = len ? memrchr(p, '\n', len) : NULL;
	size_t whole = last ? (size_t)(last - p) + 1 : 0;
	int rc;

	rc = feed_lines(f, p, whole);
	return rc < 0 ? rc : feed_tail(f, p + whole, len - whole, live);
}

int rn_feed_fd(struct rn_feed *f, int fd, int live)
{
	size_t len = 0, whole;
	const char *last;
	ssize_t r;
	char *nb;
	int rc;

	for (;;) {
		if (len == f->cap) {
			if (f->cap >= FEED_MAX_LINE)
				return -EFBIG;
			nb = realloc(f->buf, f->cap ? f->cap * 2 : piece(f));
			if (!nb)
				return -ENOMEM;
			f->buf = nb;
			f->cap = f->cap ? f->cap * 2 : piece(f);
		}
		r = read(fd, f->buf + len, f->cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -errno;
		if (r == 0)
			break;
		/* the carried part holds no newline */
		last = memrchr(f->buf + len, '\n', (size_t)r);
		len += (size_t)r;
		if (!last)
			continue;
		whole = (size_t)(last - f->buf) + 1;
		rc = feed_lines(f, f->buf, whole);
		if (rc < 0)
			return rc;
		memmove(f->buf, f->buf + whole, len - whole);
		len -= whole;
	}
	return feed_tail(f, f->buf, len, live);
}

void rn_feed_free(struct rn_feed *f)
{
	free(f->buf);
	f->buf = NULL;
	f->cap = 0;
	free(f->out);
	f->out = NULL;
	f->out_len = 0;
	rn_linemap_free(&f->map);
}

size_t rn_feed_line(struct rn_feed *f, size_t fed)
{
	return rn_linemap_line(&f->map, fed, rn_lines_first(f->lines));
}
