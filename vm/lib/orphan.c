// SPDX-License-Identifier: MIT
/* Daemons an earlier rnlab run started and had to leave running. */
#include "orphan.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "procscan.h"
#include "stale.h"
#include "util.h"

/* The run directory's name in ".../rnlab-<pid>-<rand>.d/NAME.pid", or NULL. */
static const char *run_dir_name(const char *pidfile, const char *name,
				char *buf, size_t n)
{
	const char *slash = strrchr(pidfile, '/'), *start;
	size_t len;

	if (!slash || strncmp(slash + 1, name, strlen(name)) ||
	    strcmp(slash + 1 + strlen(name), ".pid"))
		return NULL;
	for (start = slash; start > pidfile && start[-1] != '/'; start--)
		;
	len = (size_t)(slash - start);
	if (len < 3 || len >= n || strncmp(slash - 2, ".d", 2))
		return NULL;
	memcpy(buf, start, len);
	buf[len] = '\0';
	return buf;
}

/* argv[0] is NAME (any directory) and "-p" names an rnlab run's pid file. */
static pid_t cmdline_owner(const char *args, size_t len, const char *name)
{
	const char *a = args, *end = args + len, *base;
	char dir[128];
	bool first = true, pidfile_next = false;

	for (; a < end; a += strlen(a) + 1) {
		if (first) {
			base = strrchr(a, '/');
			if (strcmp(base ? base + 1 : a, name))
				return -1;
			first = false;
		} else if (pidfile_next) {
			if (!run_dir_name(a, name, dir, sizeof(dir)))
				return -1;
			return rn_name_pid(dir);
		} else {
			pidfile_next = !strcmp(a, "-p");
		}
	}
	return -1;
}

pid_t rn_daemon_owner(const char *proc_root, pid_t pid, const char *name)
{
	char *path = rn_strdupf("%s/%d/cmdline", proc_root, (int)pid);
	size_t len = 0;
	char *args = NULL;
	pid_t owner = -1;

	if (path && rn_read_file(path, &args, &len) == 0)
		owner = cmdline_owner(args, len, name);
	free(args);
	free(path);
	return owner;
}

struct orphan {
	const char *name;
	pid_t found;
};

static int orphan_one(const char *proc_root, pid_t pid, void *arg)
{
	struct orphan *o = arg;
	pid_t owner = rn_daemon_owner(proc_root, pid, o->name);

	if (owner > 0 && !rn_owner_alive(owner))
		o->found = pid;
	return o->found > 0;
}

pid_t rn_orphan_daemon(const char *proc_root, const char *name)
{
	struct orphan o = { .name = name, .found = 0 };

	/* a tree that cannot be listed has no orphans to take over */
	rn_proc_each(proc_root, orphan_one, &o);
	return o.found;
}
