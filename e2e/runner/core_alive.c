// SPDX-License-Identifier: MIT
/*
 * core_alive.c - is a capture alive to the end of its session, judged from
 * rustnet's --json-log and from the packet counter its pane shows?
 *
 * The fixture opens new connections every 2 s for the whole run (curl to
 * both HTTP peers), so a capture that still works logs new_connection
 * events to the last minute.  A capture that stopped (or traffic that
 * stopped: the check cannot tell, and both make "captured for N s"
 * unproven) leaves the last minute empty.  The per-minute counts are kept
 * as evidence.  The overview's "Packets Processed" counter (taken from
 * the pane every 10 s) must also still rise in the last minute: the
 * fixture's long-lived sessions send a line every 2 s even when no new
 * connection opens, so a frozen counter is a capture that stopped.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"

void rn_alive_init(struct rn_alive *a, time_t t0, unsigned int secs)
{
	memset(a, 0, sizeof(*a));
	a->t0 = t0;
	a->secs = secs;
}

/* "2026-11-30T08:30:42.123456789+00:00" (chrono's to_rfc3339), or with
 * "Z"; seconds since the epoch, or -1. */
time_t rn_rfc3339(const char *s)
{
	int y, mo, d, h, mi, sec, n = 0, oh, om;
	struct tm tm;
	time_t t;
	char sign;

	if (sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &sec,
		   &n) != 6 || !n)
		return -1;
	s += n;
	if (*s == '.') {
		s++;
		while (*s >= '0' && *s <= '9')
			s++;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	t = timegm(&tm);
	if (t == (time_t)-1)
		return -1;
	if (*s == 'Z')
		return t;
	if (sscanf(s, "%c%2d:%2d", &sign, &oh, &om) != 3 ||
	    (sign != '+' && sign != '-'))
		return -1;
	return sign == '+' ? t - (oh * 3600 + om * 60) :
			     t + (oh * 3600 + om * 60);
}

void rn_alive_feed(struct rn_alive *a, const char *line)
{
	static const char key[] = "\"timestamp\":\"";
	const char *p;
	long m;
	time_t t;

	if (!line || !strstr(line, "\"event\":\"new_connection\""))
		return;
	p = strstr(line, key);
	if (!p)
		return;
	t = rn_rfc3339(p + strlen(key));
	if (t == (time_t)-1)
		return;
	a->events++;
	if (t > a->last)
		a->last = t;
	m = (long)(t - a->t0) / 60;
	if (m < 0)
		m = 0;
	if (m >= RN_ALIVE_MINUTES)
		m = RN_ALIVE_MINUTES - 1;
	a->per_min[m]++;
}

int rn_alive_judge(const struct rn_alive *a, char *why, size_t len)
{
	unsigned int tail = a->secs >= 180 ? 60 : a->secs / 3;
	time_t from = a->t0 + (time_t)(a->secs - tail);

	if (!a->events) {
		snprintf(why, len,
			 "capture not alive: the JSON log has no new_connection event");
		return -1;
	}
	if (a->last < from) {
		snprintf(why, len,
			 "capture not alive to the end: the last new connection was logged %lld s into the %u-s session, none in its last %u s",
			 (long long)(a->last - a->t0), a->secs, tail);
		return -1;
	}
	return 0;
}

void rn_alive_minutes(const struct rn_alive *a, char *buf, size_t len)
{
	unsigned int i, n = (a->secs + 59) / 60;
	size_t off = 0;
	int w;

	if (n > RN_ALIVE_MINUTES)
		n = RN_ALIVE_MINUTES;
	buf[0] = '\0';
	for (i = 0; i < n && off < len; i++) {
		w = snprintf(buf + off, len - off, "%s%u", i ? " " : "",
			     a->per_min[i]);
		if (w < 0)
			break;
		off += (size_t)w;
	}
}

#define PACKETS "Packets Processed: "

int rn_alive_packets(const char *snaps, unsigned int secs, char *seen,
		      size_t seenlen, char *why, size_t len)
{
	unsigned int tail = secs >= 180 ? 60 : secs / 3;
	unsigned int k = tail / RN_SNAPSHOT_S ? tail / RN_SNAPSHOT_S : 1;
	unsigned long v[RN_ALIVE_SNAPSHOTS];
	const char *p = snaps;
	size_t n = 0, off = 0, i;
	int w;

	seen[0] = '\0';
	while (p && (p = strstr(p, PACKETS))) {
		p += strlen(PACKETS);
		if (*p < '0' || *p > '9')
			continue;
		if (n == RN_ALIVE_SNAPSHOTS) {
			memmove(v, v + 1, sizeof(v) - sizeof(v[0]));
			n--;
		}
		v[n++] = strtoul(p, NULL, 10);
	}
	for (i = 0; i < n && off < seenlen; i++) {
		w = snprintf(seen + off, seenlen - off, "%s%lu", i ? " " : "",
			     v[i]);
		if (w < 0)
			break;
		off += (size_t)w;
	}
	if (n < 2) {
		snprintf(why, len,
			 "capture not alive: the pane snapshots show the \"" PACKETS "\" counter %zu time(s), 2 or more needed",
			 n);
		return -1;
	}
	if (k > n - 1)
		k = n - 1;
	if (v[n - 1] <= v[n - 1 - k]) {
		snprintf(why, len,
			 "capture not alive to the end: \"" PACKETS "%lu\" did not rise over the last %u snapshot(s) (%u s) of the %u-s session",
			 v[n - 1], k, k * RN_SNAPSHOT_S, secs);
		return -1;
	}
	return 0;
}
