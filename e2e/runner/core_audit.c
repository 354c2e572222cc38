// SPDX-License-Identifier: MIT
/*
 * core_audit.c - the audit window around one scenario: audit status before
 * and after, a marker written with `auditctl -m` and waited for in the log
 * (so every record of the window has reached the disk), the SELinux records
 * of the window via the audit library, and a raw ausearch excerpt.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <selinux/selinux.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core.h"

#define FLUSH_WAIT_MS	10000

static off_t log_size(void)
{
	struct stat st;

	return stat(RN_AUDIT_LOG, &st) == 0 ? st.st_size : 0;
}

static off_t window_offset;

int rn_window_open(struct rn_window *w, char *why, size_t whylen)
{
	time_t t0 = time(NULL);
	int ret;

	memset(w, 0, sizeof(*w));
	ret = rn_audit_status_get(&w->before);
	if (ret) {
		snprintf(why, whylen, "audit status before: %s",
			 strerror(-ret));
		return ret;
	}
	/* Flush the AVC: a denial of a permissive domain is audited once and
	 * then cached as granted, so without this a permissive pass would
	 * see each missing rule only in the first scenario that needs it.
	 * Committing the (unchanged) booleans resets the AVC. */
	if (security_commit_booleans() < 0) {
		ret = -errno;
		snprintf(why, whylen, "resetting the AVC (commit_pending_bools): %s",
			 strerror(-ret));
		return ret;
	}
	/* Start on a fresh second so the previous window's records (whose
	 * times have one-second granularity in the comparison) stay out. */
	while (time(NULL) == t0)
		usleep(50000);
	w->start = time(NULL);
	window_offset = log_size();
	return 0;
}

/* Is @needle in the audit log after @from?  Rotation: start at 0. */
static int log_contains(off_t from, const char *needle)
{
	size_t nlen = strlen(needle), got;
	char *buf = NULL;
	int found = 0;
	FILE *f;
	off_t size = log_size();

	if (size < from)
		from = 0;
	f = fopen(RN_AUDIT_LOG, "r");
	if (!f)
		return -errno;
	if (fseeko(f, from, SEEK_SET) != 0)
		goto cleanup;
	buf = malloc((size_t)(size - from) + 1);
	if (!buf) {
		found = -ENOMEM;
		goto cleanup;
	}
	got = fread(buf, 1, (size_t)(size - from), f);
	buf[got] = '\0';
	found = nlen && memmem(buf, got, needle, nlen) != NULL;

cleanup:
	free(buf);
	fclose(f);
	return found;
}

int rn_audit_mark(const char *tag, char *why, size_t whylen)
{
	static unsigned int seq;
	char marker[160];
	char *out = NULL;
	int rc, found = 0, waited;

	snprintf(marker, sizeof(marker), "rnx-mark-%ld-%u-%s", (long)getpid(),
		 ++seq, tag);
	rc = rn_sh_quiet(10, &out, "auditctl -m %s", marker);
	if (rc != 0) {
		snprintf(why, whylen, "auditctl -m failed (%d): %s", rc,
			 out ? out : "");
		free(out);
		return -EIO;
	}
	free(out);
	for (waited = 0; waited <= FLUSH_WAIT_MS; waited += 100) {
		found = log_contains(window_offset, marker);
		if (found)
			break;
		usleep(100000);
	}
	if (found < 0) {
		snprintf(why, whylen, "reading %s: %s", RN_AUDIT_LOG,
			 strerror(-found));
		return found;
	}
	if (!found) {
		snprintf(why, whylen,
			 "auditd did not write marker %s within %d s: audit pipeline not live",
			 marker, FLUSH_WAIT_MS / 1000);
		return -ETIMEDOUT;
	}
	return 0;
}

static void ausearch_time(char *buf, size_t len, time_t t)
{
	struct tm tm;

	gmtime_r(&t, &tm);	/* TZ=UTC for ausearch below */
	/* ausearch parses the date with strptime("%x") in the C locale; two
	 * words (-ts DATE TIME), put into its command line as they are */
	strftime(buf, len, "%m/%d/%y %H:%M:%S", &tm);
}

int rn_window_close(struct rn_window *w, const char *tag,
		     struct rn_result *r, char **ausearch, char *why,
		     size_t whylen)
{
	char ts[32], te[32];
	size_t bad = 0;
	int ret;

	*ausearch = NULL;
	w->end = time(NULL);
	r->start = w->start;
	r->end = w->end;
	ret = rn_audit_mark(tag, why, whylen);
	if (ret)
		return ret;
	rn_avc_list_free(&r->avcs);
	ret = rn_avc_extract(NULL, w->start, w->end, 0, &r->avcs, &bad);
	if (ret == -EINVAL) {
		rn_avc_list_free(&r->avcs);
		ret = rn_avc_extract(NULL, w->start, w->end, 1, &r->avcs,
				      &bad);
		if (!ret && bad) {
			snprintf(why, whylen,
				 "%zu malformed SELinux record(s) in the window: cannot prove the record set complete",
				 bad);
			ret = -EBADMSG;
		}
	}
	if (ret && !why[0])
		snprintf(why, whylen, "rnx_avc_extract: %s", strerror(-ret));
	ausearch_time(ts, sizeof(ts), w->start);
	ausearch_time(te, sizeof(te), w->end);
	rn_sh_quiet(60, ausearch,
		     "LC_ALL=C TZ=UTC ausearch --input-logs -i "
		     "-m AVC,USER_AVC,SELINUX_ERR,USER_SELINUX_ERR "
		     "-ts %-s -te %-s 2>&1 | tail -c 60000", ts, te);
	if (rn_audit_status_get(&w->after) != 0 && !ret) {
		snprintf(why, whylen, "audit status after failed");
		ret = -EIO;
	}
	return ret;
}
