// SPDX-License-Identifier: MIT
/* Processes found by scanning a proc tree. */
#include "procscan.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "pidref.h"

/* The pid an entry of the proc tree names, or 0 ("self", "net", ...). */
static pid_t entry_pid(const char *name)
{
	unsigned long v = 0;
	const char *p;

	if (!*name)
		return 0;
	for (p = name; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > INT_MAX)
			return 0;
	}
	return (pid_t)v;
}

int rn_proc_each(const char *proc_root,
		 int (*fn)(const char *proc_root, pid_t pid, void *arg),
		 void *arg)
{
	struct dirent *e;
	DIR *d;
	pid_t pid;
	int ret = 0;

	d = opendir(proc_root);
	if (!d) {
		ret = -errno;
		goto cleanup;
	}
	while (!ret) {
		errno = 0;
		e = readdir(d);
		if (!e) {
			ret = errno ? -errno : 0;
			break;
		}
		pid = entry_pid(e->d_name);
		if (pid > 0)
			ret = fn(proc_root, pid, arg);
	}
	closedir(d);
cleanup:
	if (ret < 0)
		errno = -ret;
	return ret;
}

int rn_proc_comm(const char *proc_root, pid_t pid, char *buf, size_t n)
{
	char path[PATH_MAX];
	size_t len = 0;
	ssize_t r;
	int fd = -1, ret = 0;

	if (!n) {
		ret = -EINVAL;
		goto cleanup;
	}
	buf[0] = '\0';
	if (snprintf(path, sizeof(path), "%s/%d/comm", proc_root,
		     (int)pid) >= (int)sizeof(path)) {
		ret = -ENAMETOOLONG;
		goto cleanup;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		ret = -errno;
		goto cleanup;
	}
	/* short reads: until EOF or the buffer is full */
	while (len < n - 1) {
		r = read(fd, buf + len, n - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			ret = -errno;
			len = 0;
			goto cleanup;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
cleanup:
	if (fd >= 0)
		close(fd);
	if (ret < 0) {
		if (n)
			buf[0] = '\0';
		errno = -ret;
	}
	return ret;
}

int rn_proc_stat_field(const char *proc_root, pid_t pid, int field,
		       unsigned long long *v)
{
	char path[PATH_MAX], *text = NULL, *p, *end;
	int i, ret = 0;

	*v = 0;
	if (field < 3) {
		ret = -EINVAL;
		goto cleanup;
	}
	if (snprintf(path, sizeof(path), "%s/%d/stat", proc_root,
		     (int)pid) >= (int)sizeof(path)) {
		ret = -ENAMETOOLONG;
		goto cleanup;
	}
	ret = rn_read_file(path, &text, NULL);
	if (ret < 0)
		goto cleanup;
	/* the name may hold spaces and ')': the last ')' ends it */
	p = strrchr(text, ')');
	if (!p || p[1] != ' ') {
		ret = -EINVAL;
		goto cleanup;
	}
	p += 2;
	for (i = 3; i < field && p; i++) {
		p = strchr(p, ' ');
		if (p)
			p++;
	}
	if (!p || !*p || *p == ' ' || *p == '\n') {
		ret = -EINVAL;
		goto cleanup;
	}
	if (field == 3) {
		*v = (unsigned char)*p;
		goto cleanup;
	}
	errno = 0;
	*v = strtoull(p, &end, 10);
	/* strtoull takes "-1" as a huge number: a signed field is none */
	if (errno || end == p || *p == '-' || (*end != ' ' && *end != '\n' && *end)) {
		*v = 0;
		ret = -EINVAL;
	}
cleanup:
	free(text);
	if (ret < 0)
		errno = -ret;
	return ret;
}

bool rn_proc_env_has(const char *proc_root, pid_t pid, const char *entry)
{
	char path[PATH_MAX], *env = NULL;
	const char *p, *end;
	size_t len = 0;
	bool found = false;

	if (snprintf(path, sizeof(path), "%s/%d/environ", proc_root,
		     (int)pid) >= (int)sizeof(path))
		goto cleanup;
	if (rn_read_file(path, &env, &len) < 0)
		goto cleanup;
	/* NUL-separated; rn_read_file ends the last one with a NUL too */
	end = env + len;
	for (p = env; p < end && !found; p += strlen(p) + 1)
		found = !strcmp(p, entry);
cleanup:
	free(env);
	return found;
}

struct find {
	const char *comm;
	const char *env;
	pid_t pid;
	unsigned long long start;
};

static int find_one(const char *proc_root, pid_t pid, void *arg)
{
	struct find *f = arg;
	unsigned long long start;
	char comm[64];

	if (rn_proc_comm(proc_root, pid, comm, sizeof(comm)) < 0 ||
	    strcmp(comm, f->comm))
		return 0;
	if (f->env && !rn_proc_env_has(proc_root, pid, f->env))
		return 0;
	/* 0: its stat is gone, so is the process */
	start = rn_proc_start_time(proc_root, pid);
	if (!start)
		return 0;
	if (start > f->start || (start == f->start && pid > f->pid)) {
		f->pid = pid;
		f->start = start;
	}
	return 0;
}

pid_t rn_proc_find(const char *proc_root, const char *comm, const char *env)
{
	struct find f = { .comm = comm, .env = env };
	int rc;

	rc = rn_proc_each(proc_root, find_one, &f);
	return rc < 0 ? (pid_t)rc : f.pid;
}
