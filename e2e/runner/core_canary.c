// SPDX-License-Identifier: MIT
/*
 * core_canary.c - the deliberate denials at the start of each pass.
 *
 * 1. rustnet_t canary: root (unconfined_t) runs `cat FILE` in rustnet_t
 *    with runcon, FILE being the rnx_canary_file_t file (or /etc/shadow
 *    without the rnx_canary module).  bin_t is no entrypoint of
 *    rustnet_t, so rustnet_t is denied { entrypoint } on bin_t (and, in
 *    the permissive pass, then the read) and the record names rustnet_t
 *    as subject.  A target
 *    no scenario uses keeps the canary apart from the attack records.  Its permissive flag
 *    must be the one of the pass, so it also proves the pass's mode.
 * 2. policy canary (test module rnx_canary, when setup prepared it): a
 *    copy of cat labelled rnx_canary_exec_t reads a file labelled
 *    rnx_canary_file_t; rnx_canary_t is never permissive and nothing
 *    dontaudits the read, so { read } permissive=0 must be logged.
 * The pass is trusted only when the extractor finds every canary record.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "core.h"

#define CANARY_BIN	"/var/lib/rnx/rnx-canary"
#define CANARY_FILE	"/var/lib/rnx/canary.txt"

static int policy_canary_ready(void)
{
	return access(CANARY_BIN, X_OK) == 0 && access(CANARY_FILE, F_OK) == 0;
}

int rn_canary_prepare(struct rn_result *r)
{
	int rc;

	rc = rn_sh(r, 60, NULL,
		    "rm -f " CANARY_BIN " " CANARY_FILE " && "
		    "semodule -l | grep -qx rnx_canary || "
		    "{ echo 'rnx_canary module not loaded'; exit 0; }; "
		    "mkdir -p /var/lib/rnx && install -m 0755 /bin/cat " CANARY_BIN
		    " && echo canary > " CANARY_FILE " && "
		    "chcon -t rnx_canary_exec_t " CANARY_BIN " && "
		    "chcon -t rnx_canary_file_t " CANARY_FILE " && "
		    "ls -lZ " CANARY_BIN " " CANARY_FILE);
	if (rc != 0)
		rn_sh(r, 10, NULL, "rm -f " CANARY_BIN " " CANARY_FILE);
	return rc;
}

int rn_canary(const struct rn_ctx *ctx, struct rn_result *r)
{
	int rc;

	r->expect.stype = "rustnet_t";
	r->expect.permissive = ctx->mode == RN_MODE_PERMISSIVE ? 1 : 0;
	rc = rn_sh(r, 60, NULL,
		    "runcon -t rustnet_t -- /bin/cat %s >/dev/null; "
		    "echo \"exit=$?\"",
		    policy_canary_ready() ? CANARY_FILE : "/etc/shadow");
	if (rc < 0)
		return rc;
	if (policy_canary_ready()) {
		rc = rn_sh(r, 60, NULL, CANARY_BIN " " CANARY_FILE
			    "; echo \"exit=$?\"");
		if (rc < 0)
			return rc;
	} else {
		rn_note(r, "policy canary (rnx_canary) not prepared: only the rustnet_t canary is checked");
	}
	return 0;
}

int rn_canary_verify(struct rn_result *r, char *why, size_t whylen)
{
	struct rn_expect pol = {
		.perm = "read", .tclass = "file", .stype = "rnx_canary_t",
		.ttype = "rnx_canary_file_t", .permissive = 0, .pid = -1,
	};
	size_t own, other = 0;

	own = rn_avc_count_match(&r->avcs, &r->expect);
	if (policy_canary_ready())
		other = rn_avc_count_match(&r->avcs, &pol);
	r->matched = own + other;
	if (!own) {
		snprintf(why, whylen,
			 "rustnet_t canary record (permissive=%d) not found by the extractor (%zu record(s) in the window)",
			 r->expect.permissive, r->avcs.n);
		return 0;
	}
	if (policy_canary_ready() && !other) {
		snprintf(why, whylen,
			 "rnx_canary { read } rnx_canary_file_t record not found by the extractor (%zu record(s) in the window)",
			 r->avcs.n);
		return 0;
	}
	snprintf(why, whylen, "canary records found: %zu rustnet_t (permissive=%d)%s",
		 own, r->expect.permissive,
		 policy_canary_ready() ? ", rnx_canary_t read denial" : "");
	return 1;
}
