// SPDX-License-Identifier: MIT
/*
 * avc_extract.c - stream an audit log through libauparse and collect the
 * SELinux records (AVC, USER_AVC, SELINUX_ERR) of a time window.
 *
 * The log is fed to an AUSOURCE_FEED parser in bounded pieces
 * (avc_feed.c), so memory does not grow with the log; records arrive
 * through auparse's event callback in the order a one-buffer parse gives.
 * auparse skips lines it cannot parse without saying so; every record
 * tells its line number, so each non-blank line waits in a set
 * (avc_lines.c) until a record comes from it.  Whenever auparse holds no
 * unfinished event, and at the end, the lines still waiting are the
 * unparsable ones.  Those have no time stamp and count whatever the
 * window.  The system's logs are fed file after file into one parser
 * (numbering lines across files, as one buffer would) rather than through
 * AUSOURCE_LOGS, which tells neither file names nor per-file line numbers.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "avc_internal.h"

/* One file of the system's logs: its lines start at first_line. */
struct part {
	const char *name;
	size_t first_line;
};

struct scan {
	const char *src;	/* file name for messages */
	struct part *parts;	/* system logs: file of a line */
	size_t nparts;
	int lenient;
	time_t since, until;
	rn_avc_fn fn;
	void *fn_ctx;
	auparse_state_t *au;
	struct rn_feed feed;
	struct rn_lines lines;
	struct rn_reports rep;
	size_t bad_lines, bad_records;
	int err;		/* first error inside auparse's callback */
};

static void report(struct scan *s, enum rn_rep_kind kind, size_t line,
		   const char *why)
{
	const char *file = s->src;
	size_t i;

	if (s->lenient)
		return;
	for (i = s->nparts; i-- > 0;) {
		if (line >= s->parts[i].first_line) {
			file = s->parts[i].name;
			line -= s->parts[i].first_line - 1;
			break;
		}
	}
	rn_report_add(&s->rep, kind, file, line, why);
}

static void unparsable(void *ctx, size_t line)
{
	struct scan *s = ctx;

	s->bad_lines++;
	report(s, RN_REP_LINE, line, "unparsable line (auparse skipped it)");
}

static void nul_line(void *ctx, size_t line)
{
	struct scan *s = ctx;

	s->bad_lines++;
	report(s, RN_REP_NUL, line, "NUL byte in line");
}

static int in_window(const struct scan *s, time_t t)
{
	return t >= s->since && (s->until == 0 || t <= s->until);
}

static int scan_event(auparse_state_t *au, struct scan *s)
{
	enum rn_rec_kind k;
	struct rn_avc a;
	size_t line;
	char why[160];
	int rc, inside;

	inside = in_window(s, auparse_get_time(au));
	if (auparse_first_record(au) <= 0)
		return 0;
	do {
		line = rn_feed_line(&s->feed, auparse_get_line_number(au));
		rn_lines_take(&s->lines, line);
		if (!inside)
			continue;
		k = rn_avc_from_record(au, &a, why, sizeof(why));
		if (k == RN_REC_BAD) {
			s->bad_records++;
			report(s, RN_REP_RECORD, line, why);
		} else if (k == RN_REC_OK) {
			rc = s->fn(s->fn_ctx, &a);
			if (rc < 0)
				return rc;
		}
	} while (auparse_next_record(au) > 0);
	return 0;
}

static void on_event(auparse_state_t *au, auparse_cb_event_t type,
		     void *ctx)
{
	struct scan *s = ctx;

	if (type == AUPARSE_CB_EVENT_READY && !s->err)
		s->err = scan_event(au, s);
}

/* After each piece: with no unfinished event in auparse, every line still
 * waiting for a record was skipped. */
static int after_piece(void *ctx)
{
	struct scan *s = ctx;

	if (s->err)
		return s->err;
	if (s->lines.live && !auparse_feed_has_data(s->au))
		rn_lines_drain(&s->lines, unparsable, s);
	return 0;
}

static int scan_start(struct scan *s)
{
	int rc;

	errno = 0;
	s->au = auparse_init(AUSOURCE_FEED, NULL);
	if (!s->au) {
		rc = errno ? -errno : -EIO;
		fprintf(stderr, "rnx_audit: %s: auparse_init: %s\n", s->src,
			strerror(-rc));
		return rc;
	}
	auparse_add_callback(s->au, on_event, s, NULL);
	s->feed.au = s->au;
	s->feed.lines = &s->lines;
	s->feed.on_nul = nul_line;
	s->feed.after = after_piece;
	s->feed.ctx = s;
	return 0;
}

static int scan_end(struct scan *s, size_t *bad)
{
	size_t nbad;

	auparse_flush_feed(s->au);
	if (s->err)
		return s->err;
	rn_lines_drain(&s->lines, unparsable, s);
	nbad = s->bad_lines + s->bad_records;
	if (bad)
		*bad = nbad;
	if (nbad && !s->lenient) {
		rn_report_print(&s->rep, s->src);
		fprintf(stderr,
			"rnx_audit: %s: %zu unparsable line(s), %zu malformed record(s)\n",
			s->src, s->bad_lines, s->bad_records);
		return -EINVAL;
	}
	return 0;
}

static void scan_free(struct scan *s)
{
	size_t i;

	if (s->au)
		auparse_destroy(s->au);
	rn_feed_free(&s->feed);
	rn_lines_free(&s->lines);
	for (i = 0; i < s->nparts; i++)
		free((char *)s->parts[i].name);
	free(s->parts);
}

static int feed_file(struct scan *s, const char *path, int live)
{
	int fd, rc;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	rc = rn_feed_fd(&s->feed, fd, live);
	close(fd);
	return rc;
}

/* The system's logs, oldest first; the newest is the live one. */
static int feed_syslogs(struct scan *s)
{
	char **names = NULL;
	size_t n = 0, i;
	int rc;

	rc = rn_syslogs_list(&names, &n);
	if (rc < 0)
		return rc;
	s->parts = calloc(n, sizeof(*s->parts));
	if (!s->parts) {
		rc = -ENOMEM;
		goto cleanup;
	}
	for (i = 0; i < n; i++) {
		/* the scan owns the names from here (reports point at them) */
		s->parts[i].name = names[i];
		s->parts[i].first_line = (size_t)-1;	/* not read yet */
		names[i] = NULL;
		s->nparts++;
	}
	for (i = 0; i < n && rc == 0; i++) {
		s->parts[i].first_line = s->feed.line + 1;
		rc = feed_file(s, s->parts[i].name, i == n - 1);
	}
cleanup:
	rn_syslogs_free(names, n);
	return rc;
}

/* path: a file, NULL: the system's logs; buf: an in-memory log. */
static int extract(struct scan *s, const char *path, const char *buf,
		   size_t len, size_t *bad)
{
	int rc;

	rc = scan_start(s);
	if (rc < 0)
		goto cleanup;
	if (buf)
		rc = rn_feed_mem(&s->feed, buf, len, 0);
	else if (path)
		rc = feed_file(s, path, 0);
	else
		rc = feed_syslogs(s);
	if (rc < 0)
		goto cleanup;
	rc = scan_end(s, bad);
cleanup:
	scan_free(s);
	return rc;
}

int rn_avc_extract_each(const char *path, time_t since, time_t until,
			 int lenient, rn_avc_fn fn, void *ctx, size_t *bad)
{
	struct scan s = {
		.src = path ? path : "(system logs)", .lenient = lenient,
		.since = since, .until = until, .fn = fn, .fn_ctx = ctx,
	};

	if (!fn)
		return -EINVAL;
	return extract(&s, path, NULL, 0, bad);
}

static int push(void *ctx, const struct rn_avc *a)
{
	return rn_avc_list_push(ctx, a);
}

int rn_avc_extract_buf(const char *buf, size_t len, time_t since,
			time_t until, int lenient, struct rn_avc_list *out,
			size_t *bad)
{
	struct rn_avc_list got = { 0 };
	struct scan s = {
		.src = "(buffer)", .lenient = lenient,
		.since = since, .until = until, .fn = push, .fn_ctx = &got,
	};
	int rc;

	if (!out || (!buf && len))
		return -EINVAL;
	rc = extract(&s, NULL, buf ? buf : "", len, bad);
	if (rc == 0)
		rc = rn_avc_list_splice(out, &got);
	rn_avc_list_free(&got);
	return rc;
}

int rn_avc_extract(const char *path, time_t since, time_t until,
		    int lenient, struct rn_avc_list *out, size_t *bad)
{
	struct rn_avc_list got = { 0 };
	int rc;

	if (!out)
		return -EINVAL;
	rc = rn_avc_extract_each(path, since, until, lenient, push, &got,
				  bad);
	if (rc == 0)
		rc = rn_avc_list_splice(out, &got);
	rn_avc_list_free(&got);
	return rc;
}
