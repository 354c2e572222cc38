/* SPDX-License-Identifier: MIT */
/* core_loop.h - the run loop state (see core_loop.c). */
#ifndef RN_CORE_LOOP_H
#define RN_CORE_LOOP_H

#include "core.h"

struct rn_loop {
	struct rn_ctx ctx;
	unsigned int modes;		/* bitmask of passes to run */
	/* --permissive-duration: ctx.duration in the permissive pass (0:
	 * ctx.duration) */
	unsigned int permissive_duration;
	const char *only;		/* fnmatch pattern on scenario ids */
	const char *results_path;
	struct rn_meta *meta;
	struct rn_audit_summary audit;
	struct rn_record *recs;
	size_t nrecs, caprecs;
	size_t n[RN_NVERDICTS];	/* verdict counts */
	enum rn_mode cur_mode;
	int setup_failed;
	char setup_why[512];
};

void rn_loop_run(struct rn_loop *L);
int rn_only_match(const char *patterns, const char *id);
void rn_loop_free(struct rn_loop *L);

#endif /* RN_CORE_LOOP_H */
