// SPDX-License-Identifier: MIT
/* Leftovers of killed runs: rnlab-<pid>-* domains and run files. */
#include "stale.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libvirt/virterror.h>

#include "daemon.h"
#include "procscan.h"
#include "util.h"

#define RN_PREFIX "rnlab-"

pid_t rn_name_pid(const char *name)
{
	const char *p;
	char *end;
	long v;

	if (strncmp(name, RN_PREFIX, strlen(RN_PREFIX)) != 0)
		return -1;
	p = name + strlen(RN_PREFIX);
	if (*p < '1' || *p > '9')
		return -1;
	errno = 0;
	v = strtol(p, &end, 10);
	if (errno || *end != '-' || v <= 0 || v > 0x3fffffff)
		return -1;
	return (pid_t)v;
}

bool rn_owner_alive(pid_t pid)
{
	char comm[32];
	int rc;

	if (pid == getpid())
		return true;
	if (!rn_pid_running(pid))
		return false;
	/* A reused pid that is not an rnlab does not own the leftovers; an
	 * unreadable comm cannot tell, and rn_pid_running() found it. */
	rc = rn_proc_comm("/proc", pid, comm, sizeof(comm));
	return rc < 0 || !strcmp(comm, "rnlab");
}

int rn_stale_domains(virConnectPtr conn, unsigned int *n)
{
	virDomainPtr *doms = NULL;
	int i, count, ret = 0;

	*n = 0;
	count = virConnectListAllDomains(conn, &doms, 0);
	if (count < 0) {
		rn_err("cannot list domains: %s", rn_virt_errmsg());
		return -1;
	}
	for (i = 0; i < count; i++) {
		const char *name = virDomainGetName(doms[i]);
		pid_t pid = name ? rn_name_pid(name) : -1;

		if (pid > 0 && !rn_owner_alive(pid)) {
			rn_info("destroying leftover domain %s (pid %d gone)",
				name, (int)pid);
			if (virDomainDestroy(doms[i]) < 0 &&
			    virGetLastErrorCode() != VIR_ERR_NO_DOMAIN) {
				rn_err("cannot destroy %s: %s", name,
				       rn_virt_errmsg());
				ret = -1;
			} else {
				(*n)++;
			}
		}
		virDomainFree(doms[i]);
	}
	free(doms);
	return ret;
}

int rn_stale_files(const char *runs_dir, unsigned int *n)
{
	DIR *d = opendir(runs_dir);
	struct dirent *e;
	int ret = 0;

	*n = 0;
	if (!d)
		return errno == ENOENT ? 0 : -1;
	while ((e = readdir(d))) {
		pid_t pid = rn_name_pid(e->d_name);
		char *path;

		if (pid <= 0 || rn_owner_alive(pid))
			continue;
		path = rn_strdupf("%s/%s", runs_dir, e->d_name);
		if (!path) {
			ret = -1;
			continue;
		}
		rn_info("removing leftover %s (pid %d gone)", path, (int)pid);
		if (rn_rm_rf(path) < 0) {
			rn_err("cannot remove %s: %m", path);
			ret = -1;
		} else {
			(*n)++;
		}
		free(path);
	}
	closedir(d);
	return ret;
}
