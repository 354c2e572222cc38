// SPDX-License-Identifier: MIT
/*
 * core_winstate.c - <out>/window, the audit window's state for processes
 * outside the runner (e2e/faults/fault-selftest.sh injects its fault once
 * the capture.session window is open).  One line, replaced atomically:
 *   open MODE/ID UNIXTIME     the scenario's window is open (its audit
 *                             status taken, its start marked)
 *   closed MODE/ID UNIXTIME   that window has closed
 * The file is removed when a run starts.  Synchronisation by this state,
 * never by the wording of the progress lines on stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "file.h"

int rn_winstate_format(char *buf, size_t len, int open, const char *mode,
			const char *id, time_t t)
{
	int n = snprintf(buf, len, "%s %s/%s %lld\n",
			 open ? "open" : "closed", mode, id, (long long)t);

	if (n < 0)
		return -EINVAL;
	return (size_t)n < len ? 0 : -ENAMETOOLONG;
}

static int winstate_path(char **path, const char *outdir)
{
	if (asprintf(path, "%s/" RN_WINSTATE_FILE, outdir) < 0) {
		*path = NULL;
		return -ENOMEM;
	}
	return 0;
}

int rn_winstate_write(const char *outdir, int open, const char *mode,
		       const char *id)
{
	char line[512];
	char *path = NULL;
	int ret;

	ret = rn_winstate_format(line, sizeof(line), open, mode, id,
				  time(NULL));
	if (ret < 0)
		goto cleanup;
	ret = winstate_path(&path, outdir);
	if (ret < 0)
		goto cleanup;
	ret = rn_write_file_atomic(path, line, strlen(line), 0644);
cleanup:
	free(path);
	return ret;
}

int rn_winstate_clear(const char *outdir)
{
	char *path = NULL;
	int ret = winstate_path(&path, outdir);

	if (ret < 0)
		return ret;
	if (unlink(path) < 0 && errno != ENOENT)
		ret = -errno;
	free(path);
	return ret;
}
