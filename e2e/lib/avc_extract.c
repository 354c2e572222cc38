// SPDX-License-Identifier: MIT
/*
 * avc_extract.c - walk an audit log with libauparse and collect the
 * SELinux records (AVC, USER_AVC, SELINUX_ERR) of a time window.
 *
 * A log file is read into memory once and handed to auparse as a buffer:
 * auditd may append while we read, and a snapshot keeps the line
 * accounting consistent with what auparse saw.  auparse skips lines it
 * cannot parse without saying so; every record tells its line number (and
 * file), so the non-blank lines no record came from are the unparsable
 * ones.  Those have no time stamp and count whatever the window.  The
 * system's logs are read the same way, all files into one buffer
 * (avc_syslogs.c), rather than through AUSOURCE_LOGS, which tells neither
 * file names nor per-file line numbers.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "avc_internal.h"

#define RNX_MAX_REPORTS 10

struct scan {
	const char *src;	/* file name for messages */
	const struct rnx_log_part *parts; /* system logs: file of a line */
	size_t nparts;
	int lenient;
	time_t since, until;
	struct rnx_lines lines;
	size_t bad_lines, bad_records, reported;
	struct rnx_avc_list got;
};

static void report(struct scan *s, size_t line, const char *why)
{
	const char *file = s->src;
	size_t i;

	if (s->lenient)
		return;
	if (s->reported++ >= RNX_MAX_REPORTS)
		return;
	for (i = 0; i < s->nparts; i++) {
		if (line >= s->parts[i].first_line &&
		    line < s->parts[i].first_line + s->parts[i].nlines) {
			file = s->parts[i].name;
			line -= s->parts[i].first_line - 1;
			break;
		}
	}
	fprintf(stderr, "rnx_audit: %s:%zu: %s\n", file, line, why);
}

static void unparsable(void *ctx, size_t line)
{
	report(ctx, line, "unparsable line (auparse skipped it)");
}

static int in_window(const struct scan *s, time_t t)
{
	return t >= s->since && (s->until == 0 || t <= s->until);
}

/*
 * Copy @buf into a NUL-terminated string ending in a newline (auparse
 * loses the last events of a buffer whose last line has none), blanking
 * lines that hold a NUL byte (auparse would stop reading there).
 */
static int prepare(struct scan *s, const char *buf, size_t len, char **out)
{
	const char *p = buf, *end = buf + len, *nl;
	size_t n, line = 0;
	char *copy, *w;

	copy = malloc(len + 2);
	if (!copy)
		return -ENOMEM;
	w = copy;
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		line++;
		if (memchr(p, '\0', n)) {
			s->bad_lines++;
			report(s, line, "NUL byte in line");
		} else {
			memcpy(w, p, n);
			w += n;
		}
		*w++ = '\n';
		p += n + (nl ? 1 : 0);
	}
	*w = '\0';
	*out = copy;
	return 0;
}

static int scan_events(auparse_state_t *au, struct scan *s)
{
	enum rnx_rec_kind k;
	struct rnx_avc a;
	size_t line;
	char why[160];
	int rc, inside;

	while ((rc = auparse_next_event(au)) > 0) {
		inside = in_window(s, auparse_get_time(au));
		if (auparse_first_record(au) <= 0)
			continue;
		do {
			line = auparse_get_line_number(au);
			rc = rnx_lines_mark(&s->lines, line);
			if (rc < 0)
				return rc;
			if (!inside)
				continue;
			k = rnx_avc_from_record(au, &a, why, sizeof(why));
			if (k == RNX_REC_BAD) {
				s->bad_records++;
				report(s, line, why);
			} else if (k == RNX_REC_OK) {
				rc = rnx_avc_list_push(&s->got, &a);
				if (rc < 0)
					return rc;
			}
		} while (auparse_next_record(au) > 0);
	}
	if (rc < 0) {
		fprintf(stderr, "rnx_audit: %s: auparse failed reading events\n",
			s->src);
		return -EIO;
	}
	return 0;
}

static int finish(struct scan *s, struct rnx_avc_list *out, size_t *bad)
{
	size_t nbad = s->bad_lines + s->bad_records;

	if (bad)
		*bad = nbad;
	if (nbad && !s->lenient) {
		if (s->reported > RNX_MAX_REPORTS)
			fprintf(stderr, "rnx_audit: %s: ... %zu more\n", s->src,
				s->reported - RNX_MAX_REPORTS);
		fprintf(stderr,
			"rnx_audit: %s: %zu unparsable line(s), %zu malformed record(s)\n",
			s->src, s->bad_lines, s->bad_records);
		return -EINVAL;
	}
	return rnx_avc_list_splice(out, &s->got);
}

static void scan_free(struct scan *s)
{
	rnx_lines_free(&s->lines);
	rnx_avc_list_free(&s->got);
}

static int extract_text(struct scan *s, const char *buf, size_t len,
			struct rnx_avc_list *out, size_t *bad)
{
	auparse_state_t *au = NULL;
	char *text = NULL;
	int rc;

	rc = prepare(s, buf, len, &text);
	if (rc < 0)
		goto cleanup;
	errno = 0;
	au = auparse_init(AUSOURCE_BUFFER, text);
	if (!au) {
		rc = errno ? -errno : -EIO;
		fprintf(stderr, "rnx_audit: %s: auparse_init: %s\n", s->src,
			strerror(-rc));
		goto cleanup;
	}
	rc = scan_events(au, s);
	if (rc < 0)
		goto cleanup;
	s->bad_lines += rnx_lines_unmarked(&s->lines, text, strlen(text),
					   unparsable, s);
	rc = finish(s, out, bad);
cleanup:
	if (au)
		auparse_destroy(au);
	free(text);
	scan_free(s);
	return rc;
}

int rnx_avc_extract_buf(const char *buf, size_t len, time_t since,
			time_t until, int lenient, struct rnx_avc_list *out,
			size_t *bad)
{
	struct scan s = {
		.src = "(buffer)", .lenient = lenient,
		.since = since, .until = until,
	};

	if (!out || (!buf && len))
		return -EINVAL;
	return extract_text(&s, buf ? buf : "", len, out, bad);
}

int rnx_avc_extract(const char *path, time_t since, time_t until,
		    int lenient, struct rnx_avc_list *out, size_t *bad)
{
	struct scan s = {
		.src = path ? path : "(system logs)", .lenient = lenient,
		.since = since, .until = until,
	};
	struct rnx_log_part *parts = NULL;
	char *buf = NULL;
	size_t len = 0, nparts = 0;
	int rc;

	if (!out)
		return -EINVAL;
	if (path)
		rc = rnx_read_file(path, &buf, &len);
	else
		rc = rnx_syslogs_read(&buf, &len, &parts, &nparts);
	if (rc < 0)
		return rc;
	s.parts = parts;
	s.nparts = nparts;
	rc = extract_text(&s, buf, len, out, bad);
	rnx_syslogs_free(parts, nparts);
	free(buf);
	return rc;
}
