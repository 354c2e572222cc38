// SPDX-License-Identifier: MIT
/*
 * avc_record.c - turn the current auparse record into a struct rn_avc.
 *
 * Fields are read by walking the current record only (auparse_first_field /
 * auparse_next_field): auparse_find_field() carries on into the following
 * records of the event, so an AVC without pid= would pick up the SYSCALL
 * record's pid.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libaudit.h>

#include "avc_internal.h"

/* Raw values of the fields we care about. */
struct raw_fields {
	const char *seresult, *seperms, *scontext, *tcontext, *tclass;
	const char *permissive, *pid, *spid, *comm, *name, *path, *dest, *src;
	const char *oldcontext, *newcontext, *invalid_context, *op;
};

/*
 * Kernel records hex-encode untrusted strings that hold spaces, so the
 * first occurrence of a name is the real one.  A USER_AVC's text is not
 * encoded (systemd logs cmdline="..." verbatim, spaces and all), but the
 * object manager writes scontext/tcontext/tclass after the untrusted
 * parts: there the last occurrence is the real one.
 */
static void collect_fields(auparse_state_t *au, struct raw_fields *f,
			   int last_wins)
{
	static const struct {
		const char *name;
		size_t off;
	} map[] = {
#define F(n) { #n, offsetof(struct raw_fields, n) }
		F(seresult), F(seperms), F(scontext), F(tcontext), F(tclass),
		F(permissive), F(pid), F(spid), F(comm), F(name), F(path),
		F(dest), F(src), F(oldcontext), F(newcontext),
		F(invalid_context), F(op),
#undef F
	};
	const char *name, *val;
	size_t i;

	memset(f, 0, sizeof(*f));
	if (auparse_first_field(au) <= 0)
		return;
	do {
		name = auparse_get_field_name(au);
		val = auparse_get_field_str(au);
		if (!name || !val)
			continue;
		for (i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
			if (strcmp(name, map[i].name) == 0) {
				const char **slot = (const char **)
					((char *)f + map[i].off);

				if (!*slot || last_wins)
					*slot = val;
				break;
			}
		}
	} while (auparse_next_field(au) > 0);
}

static enum rn_rec_kind bad(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, whylen, fmt, ap);
	va_end(ap);
	return RN_REC_BAD;
}

static int is_decision(const char *result)
{
	return strcmp(result, "denied") == 0 || strcmp(result, "granted") == 0;
}

/*
 * USER_AVC: auparse drops the "avc:  denied  { perms }" head of the text
 * inside msg='...', so read result and permissions from the record text.
 */
static enum rn_rec_kind user_avc_head(auparse_state_t *au, struct rn_avc *a,
				       char *why, size_t whylen)
{
	const char *text = auparse_get_record_text(au);
	const char *p, *end;
	char perms[sizeof(a->perms) * 2];
	size_t n;
	int rc;

	p = text ? strstr(text, "msg='") : NULL;
	if (!p)
		return bad(why, whylen, "USER_AVC without msg='avc: ...'");
	p += 5;
	p += strspn(p, " ");
	if (strncmp(p, "avc:", 4) != 0)
		return bad(why, whylen, "USER_AVC msg does not start with avc:");
	p += 4;
	p += strspn(p, " ");
	n = strcspn(p, " '");
	if (n == 0 || n >= sizeof(a->result))
		return bad(why, whylen, "USER_AVC without a result word");
	memcpy(a->result, p, n);
	a->result[n] = '\0';
	if (!is_decision(a->result))
		return RN_REC_NOTICE;
	p += n;
	p += strspn(p, " ");
	if (*p != '{')
		return bad(why, whylen, "USER_AVC without '{ perms }'");
	p++;
	end = strchr(p, '}');
	if (!end || (size_t)(end - p) >= sizeof(perms))
		return bad(why, whylen, "USER_AVC with unterminated perms");
	memcpy(perms, p, (size_t)(end - p));
	perms[end - p] = '\0';
	rc = rn_perms_normalise(perms, a->perms, sizeof(a->perms));
	if (rc < 0)
		return bad(why, whylen, "USER_AVC with %s perms list",
			   rc == -EINVAL ? "an empty" : "an overlong");
	return RN_REC_OK;
}

static enum rn_rec_kind kernel_avc_head(const struct raw_fields *f,
					 struct rn_avc *a, char *why,
					 size_t whylen)
{
	int rc;

	if (!f->seresult)
		return bad(why, whylen, "AVC without a result word");
	if (strlen(f->seresult) >= sizeof(a->result))
		return bad(why, whylen, "AVC with an overlong result word");
	strcpy(a->result, f->seresult);
	if (!is_decision(a->result))
		return RN_REC_NOTICE;
	if (!f->seperms)
		return bad(why, whylen, "AVC without '{ perms }'");
	rc = rn_perms_normalise(f->seperms, a->perms, sizeof(a->perms));
	if (rc < 0)
		return bad(why, whylen, "AVC with %s perms list",
			   rc == -EINVAL ? "an empty" : "an overlong");
	return RN_REC_OK;
}

static int parse_long(const char *s, long *out)
{
	char *end;
	long v;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	*out = v;
	return 0;
}

static enum rn_rec_kind fill_context(const char *raw, const char *what,
				      char *ctx, size_t ctxlen, char *type,
				      size_t typelen, char *why, size_t whylen)
{
	if (rn_field_decode(raw, 0, ctx, ctxlen) < 0)
		return bad(why, whylen, "overlong %s", what);
	if (rn_ctx_type(ctx, type, typelen) < 0)
		return bad(why, whylen, "%s '%s' has no type part", what, ctx);
	return RN_REC_OK;
}

/* Checks and copies shared by AVC, USER_AVC and SELINUX_ERR. */
static enum rn_rec_kind fill_common(const struct raw_fields *f,
				     struct rn_avc *a, int need_ctx,
				     char *why, size_t whylen)
{
	const char *sctx = f->scontext ? f->scontext : f->oldcontext;
	const char *tctx = f->tcontext ? f->tcontext : f->newcontext;
	const char *name;
	enum rn_rec_kind k;

	if (need_ctx && (!f->scontext || !f->tcontext || !f->tclass))
		return bad(why, whylen, "%s without %s", a->type,
			   !f->scontext ? "scontext" :
			   !f->tcontext ? "tcontext" : "tclass");
	if (sctx) {
		k = fill_context(sctx, "scontext", a->scontext,
				 sizeof(a->scontext), a->stype,
				 sizeof(a->stype), why, whylen);
		if (k != RN_REC_OK)
			return k;
	}
	if (tctx) {
		k = fill_context(tctx, "tcontext", a->tcontext,
				 sizeof(a->tcontext), a->ttype,
				 sizeof(a->ttype), why, whylen);
		if (k != RN_REC_OK)
			return k;
	}
	if (f->tclass) {
		if (rn_field_decode(f->tclass, 0, a->tclass,
				     sizeof(a->tclass)) < 0)
			return bad(why, whylen, "overlong tclass");
	}
	if (f->permissive) {
		if (strcmp(f->permissive, "0") && strcmp(f->permissive, "1"))
			return bad(why, whylen, "permissive=%s is not 0 or 1",
				   f->permissive);
		a->permissive = f->permissive[0] - '0';
	}
	if (f->comm)
		(void)rn_field_decode(f->comm, 1, a->comm, sizeof(a->comm));
	name = f->name ? f->name : f->path ? f->path : f->dest ? f->dest :
	       f->src ? f->src : f->invalid_context;
	if (name)
		(void)rn_field_decode(name, name != f->dest && name != f->src,
				       a->name, sizeof(a->name));
	return RN_REC_OK;
}

int rn_avc_reads_type(int type)
{
	return type == AUDIT_AVC || type == AUDIT_USER_AVC ||
	       type == AUDIT_SELINUX_ERR;
}

enum rn_rec_kind rn_avc_from_record(auparse_state_t *au, struct rn_avc *a,
				      char *why, size_t whylen)
{
	const au_event_t *ts;
	struct raw_fields f;
	enum rn_rec_kind k;
	const char *pid;
	int type = auparse_get_type(au);

	if (!rn_avc_reads_type(type))
		return RN_REC_OTHER;

	memset(a, 0, sizeof(*a));
	a->permissive = -1;
	a->pid = -1;
	snprintf(a->type, sizeof(a->type), "%s",
		 type == AUDIT_AVC ? "AVC" :
		 type == AUDIT_USER_AVC ? "USER_AVC" : "SELINUX_ERR");
	ts = auparse_get_timestamp(au);
	if (!ts)
		return bad(why, whylen, "record without a timestamp");
	a->sec = ts->sec;
	a->msec = ts->milli;
	a->serial = ts->serial;
	collect_fields(au, &f, type == AUDIT_USER_AVC);

	if (type == AUDIT_AVC)
		k = kernel_avc_head(&f, a, why, whylen);
	else if (type == AUDIT_USER_AVC)
		k = user_avc_head(au, a, why, whylen);
	else if (!f.op)
		k = bad(why, whylen, "SELINUX_ERR without op=");
	else
		k = RN_REC_OK;
	if (k != RN_REC_OK)
		return k;

	if (type == AUDIT_SELINUX_ERR && f.seresult) {
		if (strlen(f.seresult) >= sizeof(a->result))
			return bad(why, whylen, "overlong seresult");
		strcpy(a->result, f.seresult);
	}
	k = fill_common(&f, a, type != AUDIT_SELINUX_ERR, why, whylen);
	if (k != RN_REC_OK)
		return k;

	/* A USER_AVC's pid= is the object manager's (dbus-daemon, systemd);
	 * the subject's pid, when the manager logs it, is spid=. */
	pid = type == AUDIT_USER_AVC ? f.spid : f.pid;
	if (pid && parse_long(pid, &a->pid) < 0)
		return bad(why, whylen, "pid '%s' is not a number", pid);
	return RN_REC_OK;
}
