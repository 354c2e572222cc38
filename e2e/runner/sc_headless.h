/* SPDX-License-Identifier: MIT */
/*
 * sc_headless.h - the part of the headless rows (sc_headless.c) that the
 * unit tests drive without a guest: assert the fixture's flows on a
 * parsed headless run and archive the rows that were asserted.
 */
#ifndef RN_SC_HEADLESS_H
#define RN_SC_HEADLESS_H

#include <stddef.h>

#include "headless_json.h"
#include "rnx_scenario.h"

/*
 * Assert each of the @n @flows on the terminal record of @doc, parsed
 * from @text (@len bytes, rustnet's stdout, the file @outname of the run
 * directory @dir), noting each one that holds.  When all hold, write
 * rn_hl_evidence() of them to @dir/asserted.json and record `cat` of it
 * as the row's evidence.  Returns 0; or -1 with r FAIL naming the first
 * flow that does not hold (no file written), or ERROR when the evidence
 * cannot be made, written or read back.
 */
int rn_hl_assert_flows(struct rn_result *r, const char *dir,
			const struct rn_hl_doc *doc, const char *text,
			size_t len, const char *outname,
			const struct rn_hl_flow *flows, size_t n);

#endif /* RN_SC_HEADLESS_H */
