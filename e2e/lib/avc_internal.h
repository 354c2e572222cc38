/* SPDX-License-Identifier: MIT */
/*
 * avc_internal.h - helpers shared inside e2e/lib/, not part of the
 * rnx_audit.h contract.
 */
#ifndef RN_AVC_INTERNAL_H
#define RN_AVC_INTERNAL_H

#include <stddef.h>

#include <auparse.h>

#include "rnx_audit.h"

/* What rn_avc_from_record() made of the current auparse record. */
enum rn_rec_kind {
	RN_REC_OTHER,		/* not an SELinux record: ignore */
	RN_REC_NOTICE,		/* AVC/USER_AVC that is not an access
				 * decision ("avc:  received policyload
				 * notice"): ignore */
	RN_REC_OK,		/* @a filled */
	RN_REC_BAD		/* malformed; reason in @why */
};

/* Whether rn_avc_from_record() reads the fields of records of audit
 * message type @type (AVC, USER_AVC, SELINUX_ERR); it reads no other
 * record of an event. */
int rn_avc_reads_type(int type);

/* Classify the current record of @au and fill @a from its own fields. */
enum rn_rec_kind rn_avc_from_record(auparse_state_t *au, struct rn_avc *a,
				      char *why, size_t whylen);

/* Append a copy of @a to @l.  Returns 0 or -ENOMEM. */
int rn_avc_list_push(struct rn_avc_list *l, const struct rn_avc *a);

/* Move every record of @src to the end of @dst; @src is emptied. */
int rn_avc_list_splice(struct rn_avc_list *dst, struct rn_avc_list *src);

/*
 * Decode an audit field value into @dst: "quoted" -> quoted, an unquoted
 * even-length run of hex digits -> the bytes it encodes (only when @hex),
 * anything else copied as is.  Returns 0, or -ENAMETOOLONG when it does
 * not fit (dst then holds a truncated, terminated copy).
 */
int rn_field_decode(const char *val, int hex, char *dst, size_t len);

/*
 * Split the "perm,perm" or "perm perm" list @src into sorted,
 * space separated words in @dst.  Returns 0, -EINVAL for an empty list,
 * -ENAMETOOLONG when it does not fit.
 */
int rn_perms_normalise(const char *src, char *dst, size_t len);

/* Copy the type part of the SELinux context @ctx into @dst.
 * Returns 0, -EINVAL if @ctx is not user:role:type[:range]. */
int rn_ctx_type(const char *ctx, char *dst, size_t len);

/*
 * Lines fed to auparse that no record has come from yet: those of events
 * auparse is still building, and those it dropped without a word.  The
 * set only holds these (taken lines leave it), so it stays as small as
 * auparse's own backlog plus the unparsable lines not yet drained.
 */
struct rn_lines {
	size_t *v;		/* ascending line numbers, v[head..head+span) */
	size_t head, span, cap;
	size_t live;		/* entries no record has come from */
};

typedef void (*rn_line_cb)(void *ctx, size_t line);

/* Note a non-blank line about to be fed (ascending).  0 or -ENOMEM. */
int rn_lines_add(struct rn_lines *t, size_t line);

/* A record came from @line: it leaves the set. */
void rn_lines_take(struct rn_lines *t, size_t line);

/* The first line still in the set, 0 when it is empty. */
size_t rn_lines_first(const struct rn_lines *t);

/*
 * Call @cb for each line still in the set, in order, and empty it (call
 * when auparse holds no unfinished event: those lines were skipped).
 * Returns how many there were.
 */
size_t rn_lines_drain(struct rn_lines *t, rn_line_cb cb, void *ctx);

void rn_lines_free(struct rn_lines *t);

/*
 * auparse numbers the lines it is fed; the prefilter leaves some lines out
 * (rn_linemap_drop()), so the log's number of a record's line is
 * auparse's plus the lines left out before it.  The map keeps a step
 * wherever that count grows, only as far back as a record can still come
 * from: the first line still waiting in the rn_lines set.
 */
struct rn_linestep {
	size_t fed;		/* auparse's number of the first line ... */
	size_t off;		/* ... from which this many more were left out */
};

struct rn_linemap {
	struct rn_linestep *v;	/* v[head..head+n), fed ascending */
	size_t head, n, cap;
	size_t dropped;		/* lines left out so far */
	size_t base;		/* off before v[head] */
};

/* Log line @line (ascending) is not fed to auparse; @first as below.
 * Returns 0 or -ENOMEM. */
int rn_linemap_drop(struct rn_linemap *m, size_t line, size_t first);

/* The log's number of auparse's line @fed; @first: the first line a
 * record can still come from (rn_lines_first(), 0: none). */
size_t rn_linemap_line(struct rn_linemap *m, size_t fed, size_t first);

void rn_linemap_free(struct rn_linemap *m);

/*
 * The prefilter between the line splitter and auparse_feed()
 * (avc_prefilter.c): of a record the extractor does not read, auparse only
 * needs the head "[node=N ]type=T msg=audit(S.M:N):", and of a run of
 * such records of one event whose types do not end an event, only the
 * first and the last.  The state between lines:
 */
#define RN_PREFILTER_KEY 160

struct rn_prefilter {
	char key[RN_PREFILTER_KEY];	/* node and time stamp of the line */
	size_t key_len;			/* before, if it was such a head */
	int depth;		/* 0: it was not, 1: it began a run, 2: it did not */
};

#define RN_PF_HEAD 1		/* the line is cut to its head */
#define RN_PF_DROP_PREV 2	/* the head before may be left out */

/* 0 when $RNX_PREFILTER is "0", else 1. */
int rn_prefilter_on(void);

/* How many leading bytes of the next line @p (@n bytes, no newline)
 * auparse must see; *@flags gets RN_PF_* bits. */
size_t rn_prefilter_line(struct rn_prefilter *pf, const char *p, size_t n,
			 unsigned int *flags);

/* The line just looked at is fed as an empty line after all. */
void rn_prefilter_reset(struct rn_prefilter *pf);

/*
 * Feeding a log to an AUSOURCE_FEED auparse in bounded pieces, line by
 * line: every non-blank line goes into @lines before auparse sees it, a
 * line holding a NUL byte is fed as an empty line (auparse would stop
 * there) and reported through @on_nul, an unterminated last line gets a
 * newline (auparse would lose the events before it) or, for the live log
 * (@live), is left out: auditd is still writing it.  @after runs after
 * each piece auparse took; a negative return stops the feed.  Unless
 * $RNX_PREFILTER is "0", lines go through the prefilter and are copied,
 * cut, into @out, one piece at most.
 */
struct rn_feed {
	auparse_state_t *au;
	struct rn_lines *lines;
	size_t line;		/* lines fed so far (auparse's numbering) */
	rn_line_cb on_nul;
	int (*after)(void *ctx);
	void *ctx;
	char *buf;		/* read buffer of rn_feed_fd() */
	size_t cap;
	size_t piece;		/* 0: not chosen yet */
	int filter;		/* prefilter: 0 not chosen yet, 1 on, -1 off */
	struct rn_prefilter pf;
	struct rn_linemap map;	/* lines the prefilter left out */
	char *out;		/* the prefilter's cut lines, not yet fed */
	size_t out_len;
	int held;		/* out ends in the head of line held_line, */
	size_t held_off;	/* from held_off */
	size_t held_line;
};

/* Feed the @len bytes at @p.  Returns 0 or a negative errno. */
int rn_feed_mem(struct rn_feed *f, const char *p, size_t len, int live);

/* Feed everything readable from @fd.  Returns 0 or a negative errno. */
int rn_feed_fd(struct rn_feed *f, int fd, int live);

/* The log's line number of auparse's line @fed (of a record not taken
 * from @lines yet). */
size_t rn_feed_line(struct rn_feed *f, size_t fed);

void rn_feed_free(struct rn_feed *f);

/*
 * The system's audit log files, oldest first, chosen as auparse's
 * AUSOURCE_LOGS does: log_file from auditd.conf (/etc/audit/auditd.conf,
 * or $RN_AUDITD_CONF for tests), default /var/log/audit/audit.log, then
 * log_file.1, .2, ... while readable; the live log_file comes last.
 * Free with rn_syslogs_free().  Returns 0 or -errno.
 */
int rn_syslogs_list(char ***names, size_t *n);

void rn_syslogs_free(char **names, size_t n);

/* What went wrong where, kept in a few slots and printed in the order
 * the one-buffer reader used to print them: NUL lines, malformed records,
 * unparsable lines. */
#define RN_MAX_REPORTS 10

enum rn_rep_kind { RN_REP_NUL, RN_REP_RECORD, RN_REP_LINE, RN_REP_KINDS };

struct rn_report {
	const char *file;	/* must outlive the reports */
	size_t line;
	char why[160];
};

struct rn_reports {
	struct rn_report r[RN_REP_KINDS][RN_MAX_REPORTS];
	size_t n[RN_REP_KINDS];	/* kept */
	size_t total;			/* made */
};

void rn_report_add(struct rn_reports *r, enum rn_rep_kind kind,
		    const char *file, size_t line, const char *why);

/* Print the first RN_MAX_REPORTS reports and how many more there were. */
void rn_report_print(const struct rn_reports *r, const char *src);

#endif /* RN_AVC_INTERNAL_H */
