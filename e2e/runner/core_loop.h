/* SPDX-License-Identifier: MIT */
/* core_loop.h - the run loop state (see core_loop.c). */
#ifndef RNX_CORE_LOOP_H
#define RNX_CORE_LOOP_H

#include "core.h"

struct rnx_loop {
	struct rnx_ctx ctx;
	unsigned int modes;		/* bitmask of passes to run */
	/* --permissive-duration: ctx.duration in the permissive pass (0:
	 * ctx.duration) */
	unsigned int permissive_duration;
	const char *only;		/* fnmatch pattern on scenario ids */
	const char *results_path;
	struct rnx_meta *meta;
	struct rnx_audit_summary audit;
	struct rnx_record *recs;
	size_t nrecs, caprecs;
	size_t n[RNX_NVERDICTS];	/* verdict counts */
	enum rnx_mode cur_mode;
	int setup_failed;
	char setup_why[512];
};

void rnx_loop_run(struct rnx_loop *L);
int rnx_only_match(const char *patterns, const char *id);
void rnx_loop_free(struct rnx_loop *L);

#endif /* RNX_CORE_LOOP_H */
