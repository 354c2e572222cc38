// SPDX-License-Identifier: MIT
/*
 * avc_format.c - the normalised one-line form of a record:
 *
 *   TYPE RESULT {PERMS} class=C stype=S ttype=T permissive=P [pid=N]
 *   [comm=C] [name=N]
 *
 * Empty result, class, stype, ttype and an absent permissive flag print
 * as "-"; pid, comm and name are left out when absent.  Bytes outside
 * printable ASCII, spaces and backslashes in values print as \xNN, so the
 * line is always one line and the same record always gives the same line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "rnx_audit.h"

struct out {
	char *buf;
	size_t len, used;
	int overflow;
};

static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->len - o->used) {
		o->overflow = 1;
		return;
	}
	o->used += (size_t)n;
}

static void put_value(struct out *o, const char *v)
{
	const unsigned char *p = (const unsigned char *)v;

	if (!*p) {
		put(o, "-");
		return;
	}
	for (; *p; p++) {
		if (*p <= 0x20 || *p >= 0x7f || *p == '\\')
			put(o, "\\x%02x", *p);
		else
			put(o, "%c", *p);
	}
}

static void put_field(struct out *o, const char *key, const char *v)
{
	put(o, " %s=", key);
	put_value(o, v);
}

int rn_avc_format(const struct rn_avc *a, char *buf, size_t len)
{
	struct out o = { .buf = buf, .len = len };

	if (!a || !buf || len == 0)
		return -EINVAL;
	buf[0] = '\0';
	put_value(&o, a->type);
	put(&o, " ");
	put_value(&o, a->result);
	put(&o, " {%s}", a->perms);
	put_field(&o, "class", a->tclass);
	put_field(&o, "stype", a->stype);
	put_field(&o, "ttype", a->ttype);
	if (a->permissive < 0)
		put(&o, " permissive=-");
	else
		put(&o, " permissive=%d", a->permissive);
	if (a->pid >= 0)
		put(&o, " pid=%ld", a->pid);
	if (a->comm[0])
		put_field(&o, "comm", a->comm);
	if (a->name[0])
		put_field(&o, "name", a->name);
	if (o.overflow) {
		buf[0] = '\0';
		return -ENOSPC;
	}
	return 0;
}
