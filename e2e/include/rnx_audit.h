/* SPDX-License-Identifier: MIT */
/*
 * rnx_audit.h - audit trail extraction and matching for the rustnet e2e
 * suite.  Contract between the audit library (e2e/lib/) and the scenario
 * runner (e2e/runner/).  Change only together with both.
 */
#ifndef RN_AUDIT_H
#define RN_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

/* The audit log auditd writes in the guest (one definition for e2e/). */
#define RN_AUDIT_LOG	"/var/log/audit/audit.log"

/* One normalised SELinux record (AVC, USER_AVC or SELINUX_ERR). */
struct rn_avc {
	char type[16];		/* "AVC", "USER_AVC", "SELINUX_ERR" */
	uint64_t serial;	/* audit event serial */
	time_t sec;		/* event time, seconds */
	unsigned int msec;	/* event time, milliseconds */
	char result[16];	/* "denied", "granted" or "" */
	char perms[128];	/* space separated, sorted: "read write" */
	char tclass[48];	/* "udp_socket" */
	char scontext[256];	/* full context */
	char tcontext[256];
	char stype[64];		/* type part of scontext: "rustnet_t" */
	char ttype[64];		/* type part of tcontext */
	int permissive;		/* 0 or 1; -1 when the record has none */
	long pid;		/* -1 when absent; USER_AVC: the subject's
				 * spid= (the record's own pid= is the
				 * object manager's) */
	char comm[64];		/* "" when absent; unquoted/unhexed */
	char name[256];		/* name= / path= / dest= / src= when
				 * present (first of these);
				 * SELINUX_ERR: invalid_context=;
				 * truncated to fit */
};

/* A list of records, owned by the caller; free with rn_avc_list_free(). */
struct rn_avc_list {
	struct rn_avc *v;
	size_t n;
	size_t cap;
};

void rn_avc_list_free(struct rn_avc_list *l);

/*
 * Extract every AVC/USER_AVC/SELINUX_ERR record whose event time is in
 * [since, until] (until == 0: no upper bound) from the audit log file at
 * @path (NULL: the system's logs, the files auparse's AUSOURCE_LOGS would
 * read, oldest first; the newest file's unterminated last line, a record
 * auditd is still writing, is left out).  Malformed records are an error (-EINVAL) rather
 * than silently skipped, unless @lenient is set, in which case they are
 * counted in *bad.  Malformed: a non-blank line auparse could not parse
 * (wherever it is in the log: it has no time), or a record in the window
 * without its result, perms, scontext, tcontext or tclass, or with a bad
 * permissive/pid value.  Non-decision USER_AVCs ("avc:  received
 * policyload notice") are skipped.  In strict mode the reasons go to
 * stderr.  Records are appended to @out; on error @out is unchanged.
 * *bad (may be NULL) is set in both modes.
 * Returns 0 or a negative errno.
 */
int rn_avc_extract(const char *path, time_t since, time_t until,
		    int lenient, struct rn_avc_list *out, size_t *bad);

/*
 * The same walk without collecting: @fn sees each record of the window as
 * it is read, in the order rn_avc_extract() would list them; a negative
 * return from @fn stops the walk and is returned.  Memory stays the same
 * whatever the size of the log.  The records @fn saw are only to be
 * trusted when this returns 0: in strict mode a malformed line later in
 * the log makes it return -EINVAL after @fn has seen earlier records.
 */
typedef int (*rn_avc_fn)(void *ctx, const struct rn_avc *a);

int rn_avc_extract_each(const char *path, time_t since, time_t until,
			 int lenient, rn_avc_fn fn, void *ctx, size_t *bad);

/* Same as rn_avc_extract(), from an in-memory buffer (used by tests). */
int rn_avc_extract_buf(const char *buf, size_t len, time_t since,
			time_t until, int lenient, struct rn_avc_list *out,
			size_t *bad);

/* Normalised one-line form used by golden files:
 * "AVC denied {read} class=file stype=rustnet_t ttype=user_home_t
 *  permissive=0 pid=2540 comm=rnx-open name=.bashrc"  (single line; empty
 * result/class/types and absent permissive print "-", absent pid/comm/name
 * are left out, unprintable bytes and spaces print as \xNN).  Returns 0,
 * or -ENOSPC when @len is too small (@buf is then ""). */
int rn_avc_format(const struct rn_avc *a, char *buf, size_t len);

/* An expectation for an attack scenario. NULL/"" fields match anything,
 * permissive == -1 matches either (a record without the flag meets only
 * -1).  "granted" (auditallow) records never meet an expectation. */
struct rn_expect {
	const char *perm;	/* one permission that must be in perms */
	const char *tclass;
	const char *stype;	/* normally "rustnet_t" */
	const char *ttype;
	int permissive;
	long pid;		/* -1: any */
	const char *comm;	/* NULL: any */
};

/* Number of records in @l matching @e. */
size_t rn_avc_count_match(const struct rn_avc_list *l,
			   const struct rn_expect *e);

/* Number of records in @l whose source type is @stype (allowed-path check:
 * must be 0); every record, granted ones included, counts.  NULL/"" counts
 * all. */
size_t rn_avc_count_subject(const struct rn_avc_list *l, const char *stype);

/* Kernel audit status via libaudit (audit_request_status); 0 or a
 * negative errno (-EPERM without CAP_AUDIT_CONTROL, -ETIMEDOUT when the
 * kernel does not answer within 2 s). */
struct rn_audit_status {
	uint32_t enabled;
	uint32_t pid;		/* auditd pid, 0 when none */
	uint32_t lost;
	uint32_t backlog;
	uint32_t backlog_limit;
};

int rn_audit_status_get(struct rn_audit_status *st);

/*
 * Pipeline liveness between two status snapshots: returns 0 when auditd ran
 * throughout (pid non-zero and unchanged), lost did not move and backlog
 * stayed under the limit; otherwise a negative errno and a reason in @why.
 */
int rn_audit_live(const struct rn_audit_status *before,
		   const struct rn_audit_status *after, char *why,
		   size_t whylen);

#endif /* RN_AUDIT_H */
