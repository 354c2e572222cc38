// SPDX-License-Identifier: MIT
/*
 * core_polhash.c - the loaded policy's identity, and lists of policies
 * already proven to have a property.
 *
 * The kernel writes /sys/fs/selinux/policy from the policy it enforces;
 * the same bytes are the same rules, permissive types and dontaudit
 * rules.  A query answered once on a policy is therefore answered for
 * every later window whose loaded policy has the same SHA-256, and the
 * expensive setools queries (sesearch: ~45 s under TCG) need not run
 * again.  A hash list is a text file, one "HEX INFO" line per proven
 * policy (INFO: where and when it was proven, for the evidence).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core.h"

int rn_sha256_parse(const char *out, char hex[RN_SHA256_HEX + 1])
{
	size_t i;

	if (!out)
		return -EINVAL;
	for (i = 0; i < RN_SHA256_HEX; i++) {
		if (!isxdigit((unsigned char)out[i]) ||
		    isupper((unsigned char)out[i]))
			return -EINVAL;
		hex[i] = out[i];
	}
	/* sha256sum: the digest, then a space (or the end of the output) */
	if (out[i] != ' ' && out[i] != '\n' && out[i] != '\0')
		return -EINVAL;
	hex[i] = '\0';
	return 0;
}

int rn_polhash_loaded(struct rn_result *r, char hex[RN_SHA256_HEX + 1])
{
	char *out = NULL;
	int rc, ret;

	rc = rn_sh(r, 120, &out, "sha256sum " RN_LOADED_POLICY);
	if (rc != 0)
		ret = rc < 0 ? rc : -EIO;
	else
		ret = rn_sha256_parse(out, hex);
	free(out);
	return ret;
}

int rn_hashlist_find(const char *path, const char *hex, char *info,
		      size_t infolen)
{
	char line[512];
	size_t n = strlen(hex);
	int found = 0;
	FILE *f;

	if (n != RN_SHA256_HEX)
		return -EINVAL;
	f = fopen(path, "r");
	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while (!found && fgets(line, sizeof(line), f)) {
		if (strncmp(line, hex, n) || (line[n] != ' ' && line[n] != '\n'))
			continue;
		found = 1;
		if (info && infolen) {
			const char *p = line[n] == ' ' ? line + n + 1 : "";

			snprintf(info, infolen, "%.*s", (int)strcspn(p, "\n"),
				 p);
		}
	}
	if (!found && ferror(f))
		found = -EIO;
	fclose(f);
	return found;
}

void rn_utc_stamp(char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	if (!gmtime_r(&now, &tm) ||
	    !strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(buf, len, "?");
}

int rn_hashlist_add(const char *path, const char *hex, const char *info)
{
	FILE *f;
	int ret = 0;

	if (strlen(hex) != RN_SHA256_HEX || strchr(info, '\n'))
		return -EINVAL;
	f = fopen(path, "a");
	if (!f)
		return -errno;
	if (fprintf(f, "%s %s\n", hex, info) < 0)
		ret = -EIO;
	if (fclose(f) != 0 && !ret)
		ret = -errno;
	return ret;
}
