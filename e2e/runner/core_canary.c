// SPDX-License-Identifier: MIT
/*
 * core_canary.c - the deliberate denial at the start of each pass.  Root
 * (unconfined_t) runs `cat /etc/shadow` in rustnet_t with runcon.  Whatever
 * test modules are loaded, rustnet_t is denied something here and the
 * record names rustnet_t as subject: with rnx_entry loaded (bin_t an
 * entrypoint of rustnet_t) it is { read } on shadow_t, without it
 * { entrypoint } on bin_t.  The pass is only trusted when the extractor
 * finds such a record with the permissive flag of the mode.
 */
#include <stdio.h>

#include "core.h"

int rnx_canary(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	int rc;

	r->expect.stype = "rustnet_t";
	r->expect.permissive = ctx->mode == RNX_MODE_PERMISSIVE ? 1 : 0;
	rc = rnx_run(r, 60, NULL,
		     "runcon -t rustnet_t -- /bin/cat /etc/shadow >/dev/null; "
		     "echo \"exit=$?\"");
	if (rc < 0)
		return rc;
	return 0;
}
