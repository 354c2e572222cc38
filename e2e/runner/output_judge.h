/* SPDX-License-Identifier: MIT */
/*
 * output_judge.h - decisions of the output-file rows (sc_output.c) on
 * what a rustnet run left behind: its exit status and stderr, the audit
 * subjects of its exits, the output file before and after.  Pure
 * functions: sc_output.c runs rustnet, these decide.
 */
#ifndef RN_OUTPUT_JUDGE_H
#define RN_OUTPUT_JUDGE_H

#include <stddef.h>

/*
 * rustnet refused an output itself: exit status 1 (its error returned
 * from main), @err (its stderr) holds rustnet's own message @msg and
 * @path, and no errno text ("os error N"), which would mean the kernel or
 * SELinux refused an open before rustnet's check.  0, or -EINVAL with the
 * reason in @why.
 */
int rn_out_refused(int status, const char *err, const char *msg,
		    const char *path, char *why, size_t whylen);

/*
 * A run that should have succeeded (the sudo rows): exit @status 0 is
 * 0; exit 1 with rustnet 1.7.0's quit-deadline line on @err (core_shutdown.c:
 * a worker missed its shutdown deadline, no denial involved) is 1, with
 * the GAP reason in @gap; anything else -EINVAL.
 */
int rn_out_ran(int status, const char *err, char *gap, size_t gaplen);

/*
 * @subj: the " subj=..." fields of the SYSCALL records of rustnet's
 * exits, one a line.  0 when there is at least one and every one is
 * rustnet_t; -ENOENT when there is none; -EINVAL (the other subject in
 * @why) otherwise.
 */
int rn_out_subjects(const char *subj, char *why, size_t whylen);

/* What stat(2) said about an output file. */
struct rn_out_stat {
	long long size;
	unsigned int mode;	/* permission bits, st_mode & 07777 */
	long uid;
};

/*
 * A pre-existing output file of the user was written by a sudo run:
 * @after is larger than @before, its first before->size bytes are the
 * old ones (@prefix_same: --json-log appends, never truncates), it still
 * belongs to @uid and is 0600 (rustnet's fchmod).  0, or -EINVAL.
 */
int rn_out_appended(const struct rn_out_stat *before,
		     const struct rn_out_stat *after, int prefix_same,
		     long uid, char *why, size_t whylen);

/* A refused output file is as it was: size, mode and owner unchanged and
 * @same_content.  0, or -EINVAL. */
int rn_out_untouched(const struct rn_out_stat *before,
		      const struct rn_out_stat *after, int same_content,
		      char *why, size_t whylen);

#endif /* RN_OUTPUT_JUDGE_H */
