// SPDX-License-Identifier: MIT
/*
 * core_json.c - a minimal streaming JSON writer.  Strings are escaped per
 * RFC 8259; bytes that are not valid UTF-8 become U+FFFD so the output is
 * always valid JSON whatever a command printed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core.h"

void rn_json_init(struct rn_json *w, FILE *f)
{
	memset(w, 0, sizeof(*w));
	w->f = f;
}

/* Length of the valid UTF-8 sequence at @s (at most @len bytes), 0 if
 * invalid. */
static size_t utf8_len(const unsigned char *s, size_t len)
{
	size_t n, i;
	unsigned int cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void rn_json_escape(FILE *f, const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, n;

	fputc('"', f);
	while (i < len) {
		unsigned char c = s[i];

		switch (c) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		case '\b':
			fputs("\\b", f);
			break;
		case '\f':
			fputs("\\f", f);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				fprintf(f, "\\u%04x", c);
				break;
			}
			n = utf8_len(s + i, len - i);
			if (!n) {
				fputs("\\ufffd", f);
				break;
			}
			fwrite(s + i, 1, n, f);
			i += n;
			continue;
		}
		i++;
	}
	fputc('"', f);
}

static void member(struct rn_json *w, const char *key)
{
	if (w->count[w->depth]++)
		fputc(',', w->f);
	fputc('\n', w->f);
	fprintf(w->f, "%*s", 2 * w->depth, "");
	if (key) {
		rn_json_escape(w->f, key, strlen(key));
		fputs(": ", w->f);
	}
}

static void open_level(struct rn_json *w, const char *key, char c)
{
	if (w->depth > 0 || w->count[0])
		member(w, key);
	else
		w->count[0]++;
	fputc(c, w->f);
	if (w->depth + 1 >= RN_JSON_DEPTH) {
		w->err = -EINVAL;
		return;
	}
	w->depth++;
	w->count[w->depth] = 0;
}

static void close_level(struct rn_json *w, char c)
{
	int had = w->count[w->depth];

	if (w->depth == 0) {
		w->err = -EINVAL;
		return;
	}
	w->depth--;
	if (had)
		fprintf(w->f, "\n%*s", 2 * w->depth, "");
	fputc(c, w->f);
}

void rn_json_obj_begin(struct rn_json *w, const char *key)
{
	open_level(w, key, '{');
}

void rn_json_obj_end(struct rn_json *w)
{
	close_level(w, '}');
}

void rn_json_arr_begin(struct rn_json *w, const char *key)
{
	open_level(w, key, '[');
}

void rn_json_arr_end(struct rn_json *w)
{
	close_level(w, ']');
}

void rn_json_str(struct rn_json *w, const char *key, const char *val)
{
	member(w, key);
	if (val)
		rn_json_escape(w->f, val, strlen(val));
	else
		fputs("null", w->f);
}

void rn_json_int(struct rn_json *w, const char *key, long long val)
{
	member(w, key);
	fprintf(w->f, "%lld", val);
}

void rn_json_bool(struct rn_json *w, const char *key, int val)
{
	member(w, key);
	fputs(val ? "true" : "false", w->f);
}

int rn_json_finish(struct rn_json *w)
{
	if (w->depth != 0 && !w->err)
		w->err = -EINVAL;
	fputc('\n', w->f);
	if (fflush(w->f) != 0 || ferror(w->f))
		w->err = -EIO;
	return w->err;
}
