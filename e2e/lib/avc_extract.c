// SPDX-License-Identifier: MIT
/*
 * avc_extract.c - walk an audit log with libauparse and collect the
 * SELinux records (AVC, USER_AVC, SELINUX_ERR) of a time window.
 *
 * A log file is read into memory once and handed to auparse as a buffer:
 * auditd may append while we read, and a snapshot keeps the line
 * accounting below consistent with what auparse saw.  auparse skips lines
 * it cannot parse without saying so; every record tells its line number,
 * so lines no record came from are the unparsable ones.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "avc_internal.h"

#define RNX_MAX_LOG (1024UL * 1024 * 1024)
#define RNX_MAX_REPORTS 10

struct scan {
	const char *src;	/* file name for messages */
	int lenient;
	time_t since, until;
	unsigned char *seen;	/* per line, 1-based; NULL: not tracked */
	size_t nlines;
	size_t bad_lines, bad_records, reported;
	struct rnx_avc_list got;
};

static void report(struct scan *s, unsigned int line, const char *why)
{
	if (s->lenient)
		return;
	if (s->reported++ >= RNX_MAX_REPORTS)
		return;
	if (line)
		fprintf(stderr, "rnx_audit: %s:%u: %s\n", s->src, line, why);
	else
		fprintf(stderr, "rnx_audit: %s: %s\n", s->src, why);
}

static int in_window(const struct scan *s, time_t t)
{
	return t >= s->since && (s->until == 0 || t <= s->until);
}

static int read_all(const char *path, char **out, size_t *outlen)
{
	size_t cap = 65536, len = 0;
	char *buf = NULL, *nb;
	ssize_t r;
	int fd, rc = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(cap);
	if (!buf) {
		rc = -ENOMEM;
		goto cleanup;
	}
	for (;;) {
		if (len == cap) {
			if (cap >= RNX_MAX_LOG) {
				rc = -EFBIG;
				goto cleanup;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				rc = -ENOMEM;
				goto cleanup;
			}
			buf = nb;
			cap *= 2;
		}
		r = read(fd, buf + len, cap - len);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			rc = -errno;
			goto cleanup;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	*out = buf;
	*outlen = len;
	buf = NULL;
cleanup:
	free(buf);
	close(fd);
	return rc;
}

static int is_blank(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != ' ' && p[i] != '\t' && p[i] != '\r')
			return 0;
	return 1;
}

/*
 * Copy @buf into a NUL-terminated string ending in a newline (auparse
 * loses the last events of a buffer whose last line has none), blanking
 * lines that hold a NUL byte (auparse would stop there).  Sets s->nlines
 * and allocates s->seen.
 */
static int prepare(struct scan *s, const char *buf, size_t len, char **out)
{
	const char *p = buf, *end = buf + len, *nl;
	char *copy, *w;
	size_t n, line = 0;

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
			report(s, (unsigned int)line, "NUL byte in line");
		} else {
			memcpy(w, p, n);
			w += n;
		}
		*w++ = '\n';
		p += n + (nl ? 1 : 0);
	}
	*w = '\0';
	s->nlines = line;
	s->seen = calloc(line + 1, 1);
	if (!s->seen) {
		free(copy);
		return -ENOMEM;
	}
	*out = copy;
	return 0;
}

/* Lines no auparse record came from, other than blank ones. */
static void account_lines(struct scan *s, const char *text)
{
	const char *p = text, *nl;
	size_t line;

	for (line = 1; line <= s->nlines && *p; line++) {
		nl = strchr(p, '\n');
		if (!nl)
			break;
		if (!s->seen[line] && !is_blank(p, (size_t)(nl - p))) {
			s->bad_lines++;
			report(s, (unsigned int)line,
			       "unparsable line (auparse skipped it)");
		}
		p = nl + 1;
	}
}

static int scan_events(auparse_state_t *au, struct scan *s)
{
	struct rnx_avc a;
	enum rnx_rec_kind k;
	unsigned int line;
	char why[160];
	int rc, inside;

	while ((rc = auparse_next_event(au)) > 0) {
		inside = in_window(s, auparse_get_time(au));
		if (auparse_first_record(au) <= 0)
			continue;
		do {
			line = auparse_get_line_number(au);
			if (s->seen && line >= 1 && line <= s->nlines)
				s->seen[line] = 1;
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

static int extract_text(struct scan *s, const char *buf, size_t len,
			struct rnx_avc_list *out, size_t *bad)
{
	auparse_state_t *au = NULL;
	char *text = NULL;
	int rc;

	rc = prepare(s, buf, len, &text);
	if (rc < 0)
		goto cleanup;
	if (text[strspn(text, " \t\r\n")]) {
		errno = 0;
		au = auparse_init(AUSOURCE_BUFFER, text);
		if (!au) {
			rc = errno ? -errno : -EIO;
			fprintf(stderr, "rnx_audit: %s: auparse_init: %s\n",
				s->src, strerror(-rc));
			goto cleanup;
		}
		rc = scan_events(au, s);
		if (rc < 0)
			goto cleanup;
	}
	account_lines(s, text);
	rc = finish(s, out, bad);
cleanup:
	if (au)
		auparse_destroy(au);
	free(text);
	free(s->seen);
	rnx_avc_list_free(&s->got);
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

/* The system's logs: auparse picks the files; no line accounting. */
static int extract_logs(struct scan *s, struct rnx_avc_list *out, size_t *bad)
{
	auparse_state_t *au;
	int rc;

	errno = 0;
	au = auparse_init(AUSOURCE_LOGS, NULL);
	if (!au) {
		rc = errno ? -errno : -EIO;
		fprintf(stderr, "rnx_audit: system logs: auparse_init: %s\n",
			strerror(-rc));
		return rc;
	}
	rc = scan_events(au, s);
	if (rc == 0)
		rc = finish(s, out, bad);
	auparse_destroy(au);
	rnx_avc_list_free(&s->got);
	return rc;
}

int rnx_avc_extract(const char *path, time_t since, time_t until,
		    int lenient, struct rnx_avc_list *out, size_t *bad)
{
	struct scan s = {
		.src = path ? path : "(system logs)", .lenient = lenient,
		.since = since, .until = until,
	};
	char *buf = NULL;
	size_t len = 0;
	int rc;

	if (!out)
		return -EINVAL;
	if (!path)
		return extract_logs(&s, out, bad);
	rc = read_all(path, &buf, &len);
	if (rc < 0)
		return rc;
	rc = extract_text(&s, buf, len, out, bad);
	free(buf);
	return rc;
}
