// SPDX-License-Identifier: MIT
/*
 * avc_prefilter.c - decide how much of each log line auparse needs to see.
 *
 * auparse splits every record it is fed into fields, and on a busy host
 * almost all of them (SYSCALL, CWD, PATH, PROCTITLE, user records) are of
 * no use to the extractor, which reads fields from AVC, USER_AVC and
 * SELINUX_ERR records only (rn_avc_reads_type()).  For any other record
 * the head "[node=N ]type=T msg=audit(S.M:N):" is enough: auparse groups
 * records into events, orders and completes them by node, time stamp and
 * type alone (auparse 3.0.9 extract_timestamp(), au_check_events(); the
 * type is the field after node=), each head still yields a record with its
 * line number, and the extractor reads nothing else of it.
 *
 * Inside a run of such heads of one event (same node and stamp text) whose
 * types cannot end an event (mid_event()), the heads between the first and
 * the last only append to the event auparse is building and change nothing
 * it decides (auparse would skip an empty line the same way), so the
 * caller may leave them out; avc_linemap.c maps auparse's line numbers
 * back to the log's.
 *
 * Whatever does not look exactly like such a head (junk, cut lines, odd
 * spacing, an overlong type) is fed whole, so auparse treats it as it
 * always did.  $RNX_PREFILTER=0 turns the filter off (A/B comparison).
 */
#include <stdlib.h>
#include <string.h>

#include <libaudit.h>

#include "avc_internal.h"

#define TYPE_MAX 64		/* longer type names: feed the line whole */

int rn_prefilter_on(void)
{
	const char *env = secure_getenv("RNX_PREFILTER");

	return !env || strcmp(env, "0") != 0;
}

/* Skip the digits at @p (at least one) up to @end; NULL if none. */
static const char *digits(const char *p, const char *end)
{
	const char *start = p;

	while (p < end && *p >= '0' && *p <= '9')
		p++;
	return p > start ? p : NULL;
}

/* Skip the literal @s at @p; NULL if it is not there. */
static const char *literal(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);

	if ((size_t)(end - p) < n || memcmp(p, s, n) != 0)
		return NULL;
	return p + n;
}

/* Skip a run of printable non-space characters (at least one). */
static const char *word(const char *p, const char *end)
{
	const char *start = p;

	while (p < end && *p > ' ' && *p < 0x7f)
		p++;
	return p > start ? p : NULL;
}

/* "S.M:N):" after "msg=audit(", then a space or the end of the line. */
static const char *stamp(const char *p, const char *end)
{
	p = digits(p, end);
	if (p)
		p = literal(p, end, ".");
	if (p)
		p = digits(p, end);
	if (p)
		p = literal(p, end, ":");
	if (p)
		p = digits(p, end);
	if (p)
		p = literal(p, end, "):");
	if (p && p < end && *p != ' ')
		return NULL;
	return p;
}

/* The message type auparse gives the type name [p, end); -1 when it is
 * too long to look up (the line is then fed whole). */
static int type_of(const char *p, const char *end)
{
	char name[TYPE_MAX];
	size_t n = (size_t)(end - p);

	if (n >= sizeof(name))
		return -1;
	memcpy(name, p, n);
	name[n] = '\0';
	/* the lookup auparse makes for the record's type= field */
	return audit_name_to_msg_type(name);
}

/*
 * Types no auparse (3.0.9's au_check_events(), 4.x's
 * audit_is_last_record()) takes for the last record of an event: the
 * kernel's multi-record event types, less PROCTITLE, EOE, KERNEL and the
 * NetLabel ones.
 */
static int mid_event(int type)
{
	return type >= AUDIT_FIRST_EVENT && type < AUDIT_FIRST_ANOM_MSG &&
	       type != AUDIT_PROCTITLE && type != AUDIT_EOE &&
	       type != AUDIT_KERNEL &&
	       (type < AUDIT_MAC_UNLBL_ALLOW || type > AUDIT_MAC_CALIPSO_DEL);
}

/* Whether node [p, p + np) and stamp [s, s + ns) are the key kept. */
static int same_key(const struct rn_prefilter *pf, const char *p, size_t np,
		    const char *s, size_t ns)
{
	return pf->key_len == np + ns && memcmp(pf->key, p, np) == 0 &&
	       memcmp(pf->key + np, s, ns) == 0;
}

/* Keep node and stamp as the key of a new run; 0 if they do not fit. */
static int set_key(struct rn_prefilter *pf, const char *p, size_t np,
		   const char *s, size_t ns)
{
	if (np + ns > sizeof(pf->key))
		return 0;
	memcpy(pf->key, p, np);
	memcpy(pf->key + np, s, ns);
	pf->key_len = np + ns;
	return 1;
}

void rn_prefilter_reset(struct rn_prefilter *pf)
{
	pf->depth = 0;
}

size_t rn_prefilter_line(struct rn_prefilter *pf, const char *line,
			 size_t n, unsigned int *flags)
{
	const char *end = line + n, *p = line, *type, *at;
	size_t node;
	int depth = pf->depth, same, t;

	*flags = 0;
	pf->depth = 0;
	if (n > 5 && p[0] == 'n') {
		p = literal(p, end, "node=");
		if (p)
			p = word(p, end);
		if (p)
			p = literal(p, end, " ");
	}
	if (!p)
		return n;
	node = (size_t)(p - line);
	type = literal(p, end, "type=");
	p = type ? word(type, end) : NULL;
	t = p ? type_of(type, p) : -1;
	if (t < 0 || rn_avc_reads_type(t))
		return n;
	at = literal(p, end, " msg=audit(");
	p = at ? stamp(at, end) : NULL;
	if (!p)
		return n;
	*flags = RN_PF_HEAD;
	same = depth && same_key(pf, line, node, at, (size_t)(p - at));
	if (same && depth > 1)
		*flags |= RN_PF_DROP_PREV;
	if (mid_event(t))
		pf->depth = same ? 2 :
			    set_key(pf, line, node, at, (size_t)(p - at));
	return (size_t)(p - line);
}
