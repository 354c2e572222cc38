// SPDX-License-Identifier: MIT
/*
 * audit_live.c - decide from two audit status snapshots whether the audit
 * pipeline could have lost records in between.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>

#include "rnx_audit.h"

static int say(char *why, size_t whylen, int rc, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static int backlog_full(const struct rn_audit_status *st)
{
	/* backlog_limit 0 is "no limit" in the kernel */
	return st->backlog_limit && st->backlog >= st->backlog_limit;
}

int rn_audit_live(const struct rn_audit_status *before,
		   const struct rn_audit_status *after, char *why,
		   size_t whylen)
{
	if (!before || !after)
		return say(why, whylen, -EINVAL, "missing audit status");
	if (!before->enabled || !after->enabled)
		return say(why, whylen, -ENODATA,
			   "auditing disabled (enabled=%u before, %u after)",
			   before->enabled, after->enabled);
	if (!before->pid)
		return say(why, whylen, -ESRCH,
			   "no auditd before the window (pid=0)");
	if (!after->pid)
		return say(why, whylen, -ESRCH,
			   "auditd (pid %u) gone after the window (pid=0)",
			   before->pid);
	if (before->pid != after->pid)
		return say(why, whylen, -ESRCH,
			   "auditd changed during the window (pid %u -> %u)",
			   before->pid, after->pid);
	if (before->lost != after->lost)
		return say(why, whylen, -ENOBUFS,
			   "kernel lost audit records during the window (lost %u -> %u)",
			   before->lost, after->lost);
	if (backlog_full(before))
		return say(why, whylen, -ENOBUFS,
			   "audit backlog full before the window (%u/%u)",
			   before->backlog, before->backlog_limit);
	if (backlog_full(after))
		return say(why, whylen, -ENOBUFS,
			   "audit backlog full after the window (%u/%u)",
			   after->backlog, after->backlog_limit);
	return say(why, whylen, 0,
		   "auditd pid %u alive, lost %u unchanged, backlog %u/%u then %u/%u",
		   after->pid, after->lost, before->backlog,
		   before->backlog_limit, after->backlog, after->backlog_limit);
}
