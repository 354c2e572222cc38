// SPDX-License-Identifier: MIT
/*
 * core_meta.c - run metadata recorded in results.json: host, kernel,
 * distro, SELinux status, module list, package versions, rustnet version,
 * and the policy build output kept by the setup scenario.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "core.h"
#include "log.h"

char *rn_policy_build_output;

static char *capture(const char *cmd)
{
	char *out = NULL, *t = NULL;
	int rc = rn_sh_quiet(60, &out, "%-s", cmd);

	if (rc == 0)
		return out;
	if (asprintf(&t, "%s[rnx: '%s' exited %d]", out ? out : "", cmd,
		     rc) < 0)
		t = NULL;
	free(out);
	return t;
}

static char *trimmed(char *s)
{
	size_t n;

	if (!s)
		return s;
	n = strlen(s);
	while (n && (s[n - 1] == '\n' || s[n - 1] == ' '))
		s[--n] = '\0';
	return s;
}

static char *read_line_file(const char *path)
{
	char buf[256];
	FILE *f = fopen(path, "r");

	if (!f)
		return NULL;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	return trimmed(strdup(buf));
}

int rn_profile_check(const char *env)
{
	static const char ok[] = "abcdefghijklmnopqrstuvwxyz"
				 "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
	size_t n;

	if (!env || !*env)
		return -ENOENT;
	n = strlen(env);
	return n <= 64 && env[strspn(env, ok)] == '\0' ? 0 : -EINVAL;
}

/* RNX_PROFILE, set by rnlab run for the guest command (vm/lib/ssh.c
 * rn_guest_command()) and inherited through guest-main.sh and run-e2e. */
static char *profile_of_env(void)
{
	const char *env = getenv("RNX_PROFILE");
	int rc = rn_profile_check(env);

	if (rc == -EINVAL)
		rn_info("ignoring RNX_PROFILE: not a profile name");
	return rc == 0 ? strdup(env) : NULL;
}

void rn_meta_collect(struct rn_meta *m, const char *bundle)
{
	struct utsname u;
	char host[256];
	char path[4096];

	if (gethostname(host, sizeof(host)) == 0) {
		host[sizeof(host) - 1] = '\0';
		m->hostname = strdup(host);
	}
	if (uname(&u) == 0)
		m->kernel = strdup(u.release);
	m->distro = trimmed(capture(". /etc/os-release && echo \"$PRETTY_NAME\""));
	m->sestatus = capture("sestatus");
	m->packages = capture("dpkg-query -W -f '${Package} ${Version}\\n' "
			      "selinux-policy-default policycoreutils "
			      "libselinux1 auditd libpcap0.8 2>&1 || "
			      "rpm -q selinux-policy-targeted policycoreutils "
			      "libselinux audit libpcap 2>&1");
	snprintf(path, sizeof(path), "%s/rustnet --version", bundle);
	m->rustnet_version = trimmed(capture(path));
	snprintf(path, sizeof(path), "%s/policy-tree", bundle);
	m->policy_tree = read_line_file(path);
	snprintf(path, sizeof(path), "%s/commit", bundle);
	m->commit = read_line_file(path);
	m->profile = profile_of_env();
}

void rn_meta_collect_late(struct rn_meta *m)
{
	free(m->modules);
	free(m->modules_full);
	free(m->sestatus);
	m->modules = capture("semodule -l | grep -E 'rustnet|rnx_' || true");
	m->modules_full = capture("semodule --list-modules=full | "
				  "grep -E 'rustnet|rnx_' || true");
	m->sestatus = capture("sestatus");
	if (rn_policy_build_output && !m->policy_build)
		m->policy_build = strdup(rn_policy_build_output);
}

void rn_meta_free(struct rn_meta *m)
{
	free(m->hostname);
	free(m->kernel);
	free(m->distro);
	free(m->sestatus);
	free(m->modules);
	free(m->modules_full);
	free(m->packages);
	free(m->rustnet_version);
	free(m->policy_build);
	free(m->policy_tree);
	free(m->commit);
	free(m->argv);
	free(m->profile);
	memset(m, 0, sizeof(*m));
}
