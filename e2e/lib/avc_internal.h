/* SPDX-License-Identifier: MIT */
/*
 * avc_internal.h - helpers shared inside e2e/lib/, not part of the
 * rnx_audit.h contract.
 */
#ifndef RNX_AVC_INTERNAL_H
#define RNX_AVC_INTERNAL_H

#include <stddef.h>

#include <auparse.h>

#include "rnx_audit.h"

/* What rnx_avc_from_record() made of the current auparse record. */
enum rnx_rec_kind {
	RNX_REC_OTHER,		/* not an SELinux record: ignore */
	RNX_REC_NOTICE,		/* AVC/USER_AVC that is not an access
				 * decision ("avc:  received policyload
				 * notice"): ignore */
	RNX_REC_OK,		/* @a filled */
	RNX_REC_BAD		/* malformed; reason in @why */
};

/* Classify the current record of @au and fill @a from its own fields. */
enum rnx_rec_kind rnx_avc_from_record(auparse_state_t *au, struct rnx_avc *a,
				      char *why, size_t whylen);

/* Append a copy of @a to @l.  Returns 0 or -ENOMEM. */
int rnx_avc_list_push(struct rnx_avc_list *l, const struct rnx_avc *a);

/* Move every record of @src to the end of @dst; @src is emptied. */
int rnx_avc_list_splice(struct rnx_avc_list *dst, struct rnx_avc_list *src);

/*
 * Decode an audit field value into @dst: "quoted" -> quoted, an unquoted
 * even-length run of hex digits -> the bytes it encodes (only when @hex),
 * anything else copied as is.  Returns 0, or -ENAMETOOLONG when it does
 * not fit (dst then holds a truncated, terminated copy).
 */
int rnx_field_decode(const char *val, int hex, char *dst, size_t len);

/*
 * Split the "perm,perm" or "perm perm" list @src into sorted,
 * space separated words in @dst.  Returns 0, -EINVAL for an empty list,
 * -ENAMETOOLONG when it does not fit.
 */
int rnx_perms_normalise(const char *src, char *dst, size_t len);

/* Copy the type part of the SELinux context @ctx into @dst.
 * Returns 0, -EINVAL if @ctx is not user:role:type[:range]. */
int rnx_ctx_type(const char *ctx, char *dst, size_t len);

/* Lines of a log that auparse turned into records. */
struct rnx_lines {
	unsigned char *seen;	/* seen[line], 1-based */
	size_t cap;		/* entries in seen */
};

typedef void (*rnx_line_cb)(void *ctx, size_t line);

/* Note that a record came from @line.  Returns 0 or -ENOMEM. */
int rnx_lines_mark(struct rnx_lines *t, size_t line);

/*
 * Call @cb for each non-blank line of @text (@len bytes) that no record
 * came from.  Returns how many there were.
 */
size_t rnx_lines_unmarked(const struct rnx_lines *t, const char *text,
			  size_t len, rnx_line_cb cb, void *ctx);

void rnx_lines_free(struct rnx_lines *t);

/* Read all of @path into a malloc'd buffer.  Returns 0 or -errno. */
int rnx_read_file(const char *path, char **out, size_t *outlen);

/* One file of the system's logs inside the buffer rnx_syslogs_read()
 * made: its lines are first_line .. first_line + nlines - 1. */
struct rnx_log_part {
	char *name;
	size_t first_line;
	size_t nlines;
};

/*
 * Read the system's audit logs, oldest first, into one buffer, choosing
 * the files as auparse's AUSOURCE_LOGS does: log_file from auditd.conf
 * (/etc/audit/auditd.conf, or $RNX_AUDITD_CONF for tests), default
 * /var/log/audit/audit.log, then log_file.1, .2, ... while readable.
 * Free with rnx_syslogs_free().  Returns 0 or -errno.
 */
int rnx_syslogs_read(char **buf, size_t *len, struct rnx_log_part **parts,
		     size_t *nparts);

void rnx_syslogs_free(struct rnx_log_part *parts, size_t nparts);

#endif /* RNX_AVC_INTERNAL_H */
