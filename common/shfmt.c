// SPDX-License-Identifier: MIT
/* printf for shell command lines: every %s argument is one shell word. */
#include "shfmt.h"

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

int rn_sh_bare(const char *s)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
				   "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				   "0123456789_@%+=:,./-";

	return *s && s[strspn(s, safe)] == '\0';
}

/* One conversion, parsed. */
struct conv {
	char flags[8];
	int width;	/* -1: none */
	int prec;	/* -1: none */
	char len[3];	/* "", "hh", "h", "l", "ll", "z", "j", "t" */
	char c;
};

/* Parse the conversion after '%' at *pp (the '*' values taken from ap);
 * 0 or -EINVAL. */
static int parse(const char **pp, struct conv *cv, va_list *ap)
{
	const char *p = *pp;
	size_t nf = 0;

	memset(cv, 0, sizeof(*cv));
	cv->width = -1;
	cv->prec = -1;
	while (*p && strchr("-+ #0", *p)) {
		if (nf + 1 >= sizeof(cv->flags))
			return -EINVAL;
		cv->flags[nf++] = *p++;
	}
	if (*p == '*') {
		cv->width = va_arg(*ap, int);
		p++;
	} else if (*p >= '0' && *p <= '9') {
		cv->width = (int)strtol(p, (char **)&p, 10);
	}
	if (*p == '.') {
		p++;
		if (*p == '*') {
			cv->prec = va_arg(*ap, int);
			p++;
		} else {
			cv->prec = (int)strtol(p, (char **)&p, 10);
		}
		if (cv->prec < 0)
			cv->prec = -1;
	}
	if ((p[0] == 'h' && p[1] == 'h') || (p[0] == 'l' && p[1] == 'l')) {
		memcpy(cv->len, p, 2);
		p += 2;
	} else if (*p && strchr("hlzjt", *p)) {
		cv->len[0] = *p++;
	}
	if (!*p || !strchr("diouxXcs", *p))
		return -EINVAL;
	cv->c = *p++;
	*pp = p;
	return 0;
}

static int put_str(struct rn_buf *b, const struct conv *cv, const char *s)
{
	char *cut = NULL;
	int ret;

	if (cv->len[0] || cv->width >= 0)
		return -EINVAL;
	if (!strcmp(cv->flags, "-") && cv->prec < 0)
		return rn_buf_puts(b, s);
	if (cv->flags[0])
		return -EINVAL;
	if (cv->prec >= 0) {
		cut = strndup(s, (size_t)cv->prec);
		if (!cut)
			return -ENOMEM;
		s = cut;
	}
	ret = rn_sh_bare(s) ? rn_buf_puts(b, s) : rn_buf_shquote(b, s);
	free(cut);
	return ret;
}

/* An integer conversion, handed to printf with the '*' values resolved. */
static int put_int(struct rn_buf *b, const struct conv *cv, va_list *ap)
{
	char f[48];
	int sign = cv->c == 'd' || cv->c == 'i';
	int n;

	n = snprintf(f, sizeof(f), "%%%s", cv->flags);
	if (cv->width >= 0)
		n += snprintf(f + n, sizeof(f) - (size_t)n, "%d", cv->width);
	if (cv->prec >= 0)
		n += snprintf(f + n, sizeof(f) - (size_t)n, ".%d", cv->prec);
	snprintf(f + n, sizeof(f) - (size_t)n, "%s%c", cv->len, cv->c);

	if (cv->c == 'c' || !strcmp(cv->len, "h") || !strcmp(cv->len, "hh") ||
	    !cv->len[0])
		return sign || cv->c == 'c' ? rn_buf_printf(b, f, va_arg(*ap, int)) :
			rn_buf_printf(b, f, va_arg(*ap, unsigned int));
	if (!strcmp(cv->len, "l"))
		return sign ? rn_buf_printf(b, f, va_arg(*ap, long)) :
			rn_buf_printf(b, f, va_arg(*ap, unsigned long));
	if (!strcmp(cv->len, "ll"))
		return sign ? rn_buf_printf(b, f, va_arg(*ap, long long)) :
			rn_buf_printf(b, f, va_arg(*ap, unsigned long long));
	if (!strcmp(cv->len, "z"))
		return sign ? rn_buf_printf(b, f, va_arg(*ap, ssize_t)) :
			rn_buf_printf(b, f, va_arg(*ap, size_t));
	if (!strcmp(cv->len, "j"))
		return sign ? rn_buf_printf(b, f, va_arg(*ap, intmax_t)) :
			rn_buf_printf(b, f, va_arg(*ap, uintmax_t));
	return rn_buf_printf(b, f, va_arg(*ap, ptrdiff_t));
}

int rn_buf_vshfmt(struct rn_buf *b, const char *fmt, va_list ap)
{
	struct conv cv;
	const char *p = fmt;
	va_list aq;
	int ret = 0;

	va_copy(aq, ap);
	while (*p) {
		const char *pct = strchr(p, '%');

		if (!pct) {
			ret = rn_buf_puts(b, p);
			break;
		}
		ret = rn_buf_add(b, p, (size_t)(pct - p));
		if (ret < 0)
			break;
		p = pct + 1;
		if (*p == '%') {
			ret = rn_buf_add(b, "%", 1);
			p++;
		} else {
			ret = parse(&p, &cv, &aq);
			if (ret == 0)
				ret = cv.c == 's' ?
					put_str(b, &cv, va_arg(aq, const char *)) :
					put_int(b, &cv, &aq);
		}
		if (ret < 0)
			break;
	}
	va_end(aq);
	return ret;
}

int rn_buf_shfmt(struct rn_buf *b, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = rn_buf_vshfmt(b, fmt, ap);
	va_end(ap);
	return ret;
}

char *rn_vshfmt(const char *fmt, va_list ap)
{
	struct rn_buf b;
	int ret;

	rn_buf_init(&b);
	ret = rn_buf_vshfmt(&b, fmt, ap);
	if (ret < 0) {
		rn_buf_free(&b);
		errno = -ret;
		return NULL;
	}
	return rn_buf_steal(&b);
}

char *rn_shfmt(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = rn_vshfmt(fmt, ap);
	va_end(ap);
	return s;
}

int rn_shfmt_buf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int ret = 0;

	va_start(ap, fmt);
	s = rn_vshfmt(fmt, ap);
	va_end(ap);
	if (!s)
		ret = -errno;
	else if (strlen(s) >= len)
		ret = -ENAMETOOLONG;
	if (len)
		snprintf(buf, len, "%s", ret ? "" : s);
	free(s);
	return ret;
}
