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

#endif /* RNX_AVC_INTERNAL_H */
