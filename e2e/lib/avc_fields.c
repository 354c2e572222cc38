// SPDX-License-Identifier: MIT
/*
 * avc_fields.c - decoding of single audit field values: quoting, hex
 * encoding, permission lists and context type parts.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "avc_internal.h"

#define RN_MAX_PERMS 64

static int copy_str(char *dst, size_t len, const char *src, size_t n)
{
	size_t k = n < len ? n : len - 1;

	memcpy(dst, src, k);
	dst[k] = '\0';
	return n < len ? 0 : -ENAMETOOLONG;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static int is_hex_run(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || n % 2)
		return 0;
	for (i = 0; i < n; i++)
		if (hexval((unsigned char)s[i]) < 0)
			return 0;
	return 1;
}

int rn_field_decode(const char *val, int hex, char *dst, size_t len)
{
	size_t n = strlen(val);
	size_t i, out;

	if (len == 0)
		return -ENAMETOOLONG;
	if (n >= 2 && val[0] == '"' && val[n - 1] == '"')
		return copy_str(dst, len, val + 1, n - 2);
	if (!hex || !is_hex_run(val, n))
		return copy_str(dst, len, val, n);
	out = 0;
	for (i = 0; i < n; i += 2) {
		if (out + 1 >= len) {
			dst[out] = '\0';
			return -ENAMETOOLONG;
		}
		dst[out++] = (char)(hexval((unsigned char)val[i]) * 16 +
				    hexval((unsigned char)val[i + 1]));
	}
	dst[out] = '\0';
	return 0;
}

static int cmp_word(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int rn_perms_normalise(const char *src, char *dst, size_t len)
{
	char *copy, *save = NULL, *tok;
	char *words[RN_MAX_PERMS];
	size_t n = 0, i, used = 0, wl;
	int rc = 0;

	if (len == 0)
		return -ENAMETOOLONG;
	dst[0] = '\0';
	copy = strdup(src);
	if (!copy)
		return -ENOMEM;
	for (tok = strtok_r(copy, ", \t", &save); tok;
	     tok = strtok_r(NULL, ", \t", &save)) {
		if (n == RN_MAX_PERMS) {
			rc = -ENAMETOOLONG;
			goto cleanup;
		}
		words[n++] = tok;
	}
	if (n == 0) {
		rc = -EINVAL;
		goto cleanup;
	}
	qsort(words, n, sizeof(words[0]), cmp_word);
	for (i = 0; i < n; i++) {
		wl = strlen(words[i]);
		if (used + wl + (i ? 1 : 0) + 1 > len) {
			rc = -ENAMETOOLONG;
			goto cleanup;
		}
		if (i)
			dst[used++] = ' ';
		memcpy(dst + used, words[i], wl);
		used += wl;
		dst[used] = '\0';
	}
cleanup:
	free(copy);
	return rc;
}

int rn_ctx_type(const char *ctx, char *dst, size_t len)
{
	const char *p, *q, *end;

	p = strchr(ctx, ':');
	if (!p || p == ctx)
		return -EINVAL;
	q = strchr(p + 1, ':');
	if (!q || q == p + 1)
		return -EINVAL;
	end = strchr(q + 1, ':');
	if (!end)
		end = q + strlen(q);
	if (end == q + 1)
		return -EINVAL;
	return copy_str(dst, len, q + 1, (size_t)(end - q - 1));
}
