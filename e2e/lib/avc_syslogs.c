// SPDX-License-Identifier: MIT
/*
 * avc_syslogs.c - the system's audit log files, picked the way
 * libauparse's AUSOURCE_LOGS does (which itself tells neither file names
 * nor per-file line numbers, so the files are fed one by one instead).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "avc_internal.h"

#define RN_AUDITD_CONF "/etc/audit/auditd.conf"
#define RN_MAX_LOGS 1000

/* log_file = ... of auditd.conf; the default when there is none. */
static int conf_log_file(char **out)
{
	const char *conf = secure_getenv("RNX_AUDITD_CONF");
	char *line = NULL, *p, *end, *val = NULL;
	size_t cap = 0;
	FILE *f;
	int rc = 0;

	if (!conf || !*conf)
		conf = RN_AUDITD_CONF;
	f = fopen(conf, "re");
	if (!f && (errno != ENOENT || strcmp(conf, RN_AUDITD_CONF)))
		return -errno;
	while (f && getline(&line, &cap, f) > 0) {
		p = line + strspn(line, " \t");
		if (strncmp(p, "log_file", 8) != 0)
			continue;
		p += 8;
		p += strspn(p, " \t");
		if (*p++ != '=')
			continue;
		p += strspn(p, " \t");
		end = p + strlen(p);
		while (end > p && (end[-1] == '\n' || end[-1] == ' ' ||
				   end[-1] == '\t' || end[-1] == '\r'))
			*--end = '\0';
		if (!*p)
			continue;
		free(val);
		val = strdup(p);
		if (!val) {
			rc = -ENOMEM;
			goto cleanup;
		}
	}
	if (f && ferror(f)) {
		rc = -EIO;
		goto cleanup;
	}
	if (!val) {
		val = strdup(RN_AUDIT_LOG);
		if (!val) {
			rc = -ENOMEM;
			goto cleanup;
		}
	}
	*out = val;
	val = NULL;
cleanup:
	free(val);
	free(line);
	if (f)
		fclose(f);
	return rc;
}

/* How many rotated files (base.1, base.2, ...) are readable. */
static int count_rotated(const char *base, size_t *n)
{
	char name[4096];
	size_t i;

	for (i = 1; i <= RN_MAX_LOGS; i++) {
		if (snprintf(name, sizeof(name), "%s.%zu", base, i) >=
		    (int)sizeof(name))
			return -ENAMETOOLONG;
		if (access(name, R_OK) != 0)
			break;
	}
	*n = i - 1;
	return 0;
}

int rn_syslogs_list(char ***names, size_t *n)
{
	char **v = NULL;
	char *base = NULL;
	char name[4096];
	size_t nrot = 0, k = 0, i;
	int rc;

	rc = conf_log_file(&base);
	if (rc < 0)
		return rc;
	if (access(base, R_OK) != 0) {
		rc = -errno;
		goto cleanup;
	}
	rc = count_rotated(base, &nrot);
	if (rc < 0)
		goto cleanup;
	v = calloc(nrot + 1, sizeof(*v));
	if (!v) {
		rc = -ENOMEM;
		goto cleanup;
	}
	/* oldest first: base.N .. base.1, then base */
	for (i = nrot + 1; i-- > 0; k++) {
		if (i)
			snprintf(name, sizeof(name), "%s.%zu", base, i);
		else
			snprintf(name, sizeof(name), "%s", base);
		v[k] = strdup(name);
		if (!v[k]) {
			rc = -ENOMEM;
			goto cleanup;
		}
	}
	*names = v;
	*n = k;
	v = NULL;
cleanup:
	rn_syslogs_free(v, nrot + 1);
	free(base);
	return rc;
}

void rn_syslogs_free(char **names, size_t n)
{
	size_t i;

	if (!names)
		return;
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}
