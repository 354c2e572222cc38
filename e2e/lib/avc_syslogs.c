// SPDX-License-Identifier: MIT
/*
 * avc_syslogs.c - read the system's audit logs into one buffer, picking
 * the files the way libauparse's AUSOURCE_LOGS does, so that they can be
 * parsed (and their unparsable lines found) from one consistent snapshot.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "avc_internal.h"

#define RNX_AUDITD_CONF "/etc/audit/auditd.conf"
#define RNX_AUDIT_LOG "/var/log/audit/audit.log"
#define RNX_MAX_LOGS 1000

/* log_file = ... of auditd.conf; the default when there is none. */
static int conf_log_file(char **out)
{
	const char *conf = secure_getenv("RNX_AUDITD_CONF");
	char *line = NULL, *p, *end, *val = NULL;
	size_t cap = 0;
	FILE *f;
	int rc = 0;

	if (!conf || !*conf)
		conf = RNX_AUDITD_CONF;
	f = fopen(conf, "re");
	if (!f && (errno != ENOENT || strcmp(conf, RNX_AUDITD_CONF)))
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
		val = strdup(RNX_AUDIT_LOG);
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

	for (i = 1; i <= RNX_MAX_LOGS; i++) {
		if (snprintf(name, sizeof(name), "%s.%zu", base, i) >=
		    (int)sizeof(name))
			return -ENAMETOOLONG;
		if (access(name, R_OK) != 0)
			break;
	}
	*n = i - 1;
	return 0;
}

/*
 * Append @name to *buf.  For the newest file (@live) an unterminated last
 * line is a record auditd has not finished writing:
 * it is left out, as it will be complete on the next read.  An older file
 * cut mid-line gets a newline so it does not glue onto the next one.
 */
static int append_file(const char *name, int live, char **buf, size_t *len,
		       struct rnx_log_part *part, size_t first_line)
{
	char *text = NULL, *nb;
	size_t tlen = 0, i, lines = 0;
	int rc;

	rc = rnx_read_file(name, &text, &tlen);
	if (rc < 0)
		return rc;
	nb = realloc(*buf, *len + tlen + 2);
	if (!nb) {
		rc = -ENOMEM;
		goto cleanup;
	}
	*buf = nb;
	if (live)
		while (tlen && text[tlen - 1] != '\n')
			tlen--;
	memcpy(nb + *len, text, tlen);
	if (tlen && text[tlen - 1] != '\n')
		nb[*len + tlen++] = '\n';
	for (i = 0; i < tlen; i++)
		lines += nb[*len + i] == '\n';
	*len += tlen;
	nb[*len] = '\0';
	part->name = strdup(name);
	if (!part->name) {
		rc = -ENOMEM;
		goto cleanup;
	}
	part->first_line = first_line;
	part->nlines = lines;
cleanup:
	free(text);
	return rc;
}

int rnx_syslogs_read(char **buf, size_t *len, struct rnx_log_part **parts,
		     size_t *nparts)
{
	struct rnx_log_part *p = NULL;
	char *base = NULL, *text = NULL;
	char name[4096];
	size_t nrot = 0, n = 0, tlen = 0, line = 1, i;
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
	p = calloc(nrot + 1, sizeof(*p));
	if (!p) {
		rc = -ENOMEM;
		goto cleanup;
	}
	/* oldest first: base.N .. base.1, then base */
	for (i = nrot + 1; i-- > 0; n++) {
		if (i)
			snprintf(name, sizeof(name), "%s.%zu", base, i);
		else
			snprintf(name, sizeof(name), "%s", base);
		rc = append_file(name, i == 0, &text, &tlen, &p[n], line);
		if (rc < 0)
			goto cleanup;
		line += p[n].nlines;
	}
	*buf = text;
	*len = tlen;
	*parts = p;
	*nparts = n;
	text = NULL;
	p = NULL;
cleanup:
	if (p)
		rnx_syslogs_free(p, nrot + 1);
	free(text);
	free(base);
	return rc;
}

void rnx_syslogs_free(struct rnx_log_part *parts, size_t nparts)
{
	size_t i;

	if (!parts)
		return;
	for (i = 0; i < nparts; i++)
		free(parts[i].name);
	free(parts);
}
