// SPDX-License-Identifier: MIT
/*
 * avc_report.c - the reasons a log is rejected, kept until the end.
 *
 * The log is read in one pass, so a NUL line may turn up after malformed
 * records, and unparsable lines are only known once auparse has finished
 * the events around them.  Reports are kept per kind (the first
 * RN_MAX_REPORTS of each) and printed at the end: NUL lines, malformed
 * records, unparsable lines, at most RN_MAX_REPORTS in all.
 */
#include <stdio.h>
#include <string.h>

#include "avc_internal.h"

void rn_report_add(struct rn_reports *r, enum rn_rep_kind kind,
		    const char *file, size_t line, const char *why)
{
	struct rn_report *p;

	r->total++;
	if (r->n[kind] >= RN_MAX_REPORTS)
		return;
	p = &r->r[kind][r->n[kind]++];
	p->file = file;
	p->line = line;
	snprintf(p->why, sizeof(p->why), "%s", why);
}

void rn_report_print(const struct rn_reports *r, const char *src)
{
	size_t printed = 0, k, i;

	for (k = 0; k < RN_REP_KINDS; k++) {
		for (i = 0; i < r->n[k] && printed < RN_MAX_REPORTS; i++) {
			fprintf(stderr, "rnx_audit: %s:%zu: %s\n",
				r->r[k][i].file, r->r[k][i].line,
				r->r[k][i].why);
			printed++;
		}
	}
	if (r->total > RN_MAX_REPORTS)
		fprintf(stderr, "rnx_audit: %s: ... %zu more\n", src,
			r->total - RN_MAX_REPORTS);
}
