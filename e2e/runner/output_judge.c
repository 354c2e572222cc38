// SPDX-License-Identifier: MIT
/*
 * output_judge.c - decisions of the output-file rows (output_judge.h).
 * Each writes its reason into @why ("" when the outcome is the one asked
 * for).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core.h"
#include "output_judge.h"

int rn_out_ran(int status, const char *err, char *gap, size_t gaplen)
{
	int n;

	gap[0] = '\0';
	if (status == 0)
		return 0;
	n = status == 1 && err ? rn_shutdown_timeouts(err) : 0;
	if (n <= 0)
		return -EINVAL;
	snprintf(gap, gaplen,
		 "rustnet exited 1: %d worker(s) missed the shutdown deadline (core_shutdown.c); rustnet's behaviour, no denial involved",
		 n);
	return 1;
}

int rn_out_refused(int status, const char *err, const char *msg,
		    const char *path, char *why, size_t whylen)
{
	const char *os = err ? strstr(err, "os error ") : NULL;

	if (status == 0)
		snprintf(why, whylen, "rustnet exited 0: it did not refuse the output");
	else if (status != 1)
		snprintf(why, whylen, "rustnet exited %d, expected 1 (an error returned from main)",
			 status);
	else if (!err || !strstr(err, msg))
		snprintf(why, whylen, "rustnet exited 1 but its stderr lacks its own message \"%s\"",
			 msg);
	else if (!strstr(err, path))
		snprintf(why, whylen, "rustnet's message does not name the output %s",
			 path);
	else if (os)
		snprintf(why, whylen, "stderr reports a system error (%.*s): the kernel or SELinux refused, not rustnet's check",
			 (int)strcspn(os, ")\n"), os);
	else
		why[0] = '\0';
	return why[0] ? -EINVAL : 0;
}

int rn_out_subjects(const char *subj, char *why, size_t whylen)
{
	const char *p = subj, *end;
	size_t n = 0, len;

	why[0] = '\0';
	while (p && *p && !why[0]) {
		end = strchr(p, '\n');
		len = end ? (size_t)(end - p) : strlen(p);
		if (len && strspn(p, " \t") < len) {
			n++;
			if (!memmem(p, len, ":rustnet_t:", 11))
				snprintf(why, whylen, "rustnet ran as%.*s, not rustnet_t",
					 (int)len, p);
		}
		p = end ? end + 1 : NULL;
	}
	if (why[0])
		return -EINVAL;
	if (!n) {
		snprintf(why, whylen, "%s", "no audit record of rustnet's exit");
		return -ENOENT;
	}
	return 0;
}

int rn_out_appended(const struct rn_out_stat *before,
		     const struct rn_out_stat *after, int prefix_same,
		     long uid, char *why, size_t whylen)
{
	if (after->size <= before->size)
		snprintf(why, whylen, "the file did not grow (%lld bytes before, %lld after)",
			 before->size, after->size);
	else if (!prefix_same)
		snprintf(why, whylen, "the first %lld bytes changed: the file was truncated or overwritten, not appended to",
			 before->size);
	else if (after->uid != uid)
		snprintf(why, whylen, "the file belongs to uid %ld afterwards, expected %ld",
			 after->uid, uid);
	else if (after->mode != 0600)
		snprintf(why, whylen, "the file is %04o afterwards, expected 0600 (rustnet's fchmod)",
			 after->mode);
	else
		why[0] = '\0';
	return why[0] ? -EINVAL : 0;
}

int rn_out_untouched(const struct rn_out_stat *before,
		      const struct rn_out_stat *after, int same_content,
		      char *why, size_t whylen)
{
	if (after->size != before->size || !same_content)
		snprintf(why, whylen, "the refused file changed (%lld bytes before, %lld after)",
			 before->size, after->size);
	else if (after->mode != before->mode)
		snprintf(why, whylen, "the refused file's mode changed from %04o to %04o",
			 before->mode, after->mode);
	else if (after->uid != before->uid)
		snprintf(why, whylen, "the refused file's owner changed from uid %ld to %ld",
			 before->uid, after->uid);
	else
		why[0] = '\0';
	return why[0] ? -EINVAL : 0;
}
