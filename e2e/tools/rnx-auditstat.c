// SPDX-License-Identifier: MIT
/*
 * rnx-auditstat - print the kernel audit status read through libaudit.
 * Exit: 0 ok, 2 usage, 3 status not readable.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rnx_audit.h"

int main(int argc, char **argv)
{
	struct rn_audit_status st;
	int rc;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: rnx-auditstat\n");
		return 2;
	}
	rc = rn_audit_status_get(&st);
	if (rc < 0) {
		fprintf(stderr,
			"rnx-auditstat: cannot read the audit status: %s%s\n",
			strerror(-rc),
			rc == -EPERM || rc == -EACCES ?
			" (needs root with CAP_AUDIT_CONTROL)" : "");
		return 3;
	}
	printf("enabled=%u pid=%u lost=%u backlog=%u backlog_limit=%u\n",
	       st.enabled, st.pid, st.lost, st.backlog, st.backlog_limit);
	return 0;
}
