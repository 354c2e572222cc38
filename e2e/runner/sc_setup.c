// SPDX-License-Identifier: MIT
/*
 * sc_setup.c - guest setup, run once before the passes (kind META): install
 * rustnet, build the policy in the guest, load it with the test modules
 * and (with a permissive pass) rustnet_t's permissive module in one
 * semodule call, check rustnet_t is permissive, label and give file
 * capabilities, create the runtime directories, GeoIP databases and the
 * user's config, and bring up the in-guest network fixture.  Every command
 * and its output is kept as evidence.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

/* semanage_t may map user_tmp_t files (not var_lib_t): build in /tmp */
#define BUILD_DIR "/tmp/rnx-policy-build"
/* What `semanage permissive -a rustnet_t` installs (policycoreutils'
 * seobject.py: a CIL module of this name and text at the default priority
 * 400); loaded in the modules' transaction it saves a policy rebuild
 * (~80 s under TCG), and `semanage permissive -d` removes it as its own. */
#define PERM_MODULE "permissive_rustnet_t"
#define PERM_CIL "(typepermissive rustnet_t)"
#define DEVEL_MK "/usr/share/selinux/devel/Makefile"

static int st_install(const struct rn_ctx *ctx, struct rn_result *r)
{
	int rc;

	rc = rn_sh(r, 30, NULL,
		    "install -m 0755 %s/rustnet /usr/bin/rustnet && "
		    "ls -lZ /usr/bin/rustnet && /usr/bin/rustnet --version",
		    ctx->bundle);
	if (rc != 0)
		return rn_set(r, RN_ERROR, "installing rustnet failed (%d)",
			       rc);
	return rn_set(r, RN_PASS, "/usr/bin/rustnet installed");
}

/* Already loaded (development --reuse-setup)? */
static int modules_loaded(void)
{
	char *out = NULL;
	int rc = rn_sh_quiet(120, &out, "semodule -l | grep -qx rustnet");

	free(out);
	return rc == 0;
}

static int st_policy_build(const struct rn_ctx *ctx, struct rn_result *r)
{
	char *out = NULL;
	int rc;

	/* setup.policy_load would not load what this builds */
	if (rn_opt_reuse_setup && modules_loaded())
		return rn_set(r, RN_SKIP,
			       "--reuse-setup: modules already loaded, not rebuilt");
	rc = rn_sh(r, 60, NULL,
		    "rm -rf " BUILD_DIR " && mkdir -p " BUILD_DIR " && "
		    "cp -r %s/policy/. " BUILD_DIR "/ && "
		    "rm -f " BUILD_DIR "/*.pp " BUILD_DIR "/test/*.pp && "
		    "ls -l " BUILD_DIR " " BUILD_DIR "/test", ctx->bundle);
	if (rc != 0)
		return rn_set(r, RN_ERROR, "copying policy sources failed");
	rc = rn_sh(r, 900, &out,
		    "cd " BUILD_DIR " && make -f " DEVEL_MK " rustnet.pp 2>&1");
	free(rn_policy_build_output);
	rn_policy_build_output = out;
	if (rc != 0)
		return rn_set(r, RN_FAIL,
			       "policy build failed in the guest (make exit %d)",
			       rc);
	/* test-only modules: every .te in policy/test, built with the
	 * rustnet interfaces available */
	rc = rn_sh(r, 900, NULL,
		    "cd " BUILD_DIR "/test && ls *.te >/dev/null 2>&1 || "
		    "{ echo 'no test modules'; exit 0; }; "
		    "cp ../rustnet.if . && make -f " DEVEL_MK " "
		    "$(ls *.te | sed 's/\\.te$/.pp/') 2>&1");
	if (rc != 0)
		return rn_set(r, RN_FAIL,
			       "test module build failed (make exit %d)", rc);
	rc = rn_sh(r, 10, NULL, "printf '%%s' '" PERM_CIL "' > " BUILD_DIR
		    "/" PERM_MODULE ".cil && cat " BUILD_DIR "/" PERM_MODULE
		    ".cil");
	if (rc != 0)
		return rn_set(r, RN_ERROR, "writing " PERM_MODULE ".cil failed");
	rn_sh(r, 10, NULL, "ls -l " BUILD_DIR "/*.pp " BUILD_DIR
	       "/test/*.pp 2>&1");
	return rn_set(r, RN_PASS, "rustnet.pp and test modules built");
}

static int st_policy_load(const struct rn_ctx *ctx, struct rn_result *r)
{
	int rc, own, perm;

	(void)ctx;
	if (rn_opt_reuse_setup && modules_loaded()) {
		rn_sh(r, 120, NULL, "semodule -lfull | grep -E 'rustnet|rnx_'");
		return rn_set(r, RN_SKIP,
			       "--reuse-setup: modules already loaded, not reloaded");
	}
	/* Fedora's policy has its own unlabelednet module: the refpolicy
	 * shim rnx_unlabelednet is then left out */
	own = rn_sh(r, 120, NULL, "semodule -l | grep -x unlabelednet") == 0;
	rn_note(r, "unlabelednet: %s", own ?
		 "the loaded policy's own module, shim rnx_unlabelednet left out" :
		 "not in the loaded policy, shim rnx_unlabelednet loaded");
	/* one call: ~70 s per semodule transaction under TCG; with a
	 * permissive pass, rustnet_t's permissive module goes in it too,
	 * first: semodule gives the trailing file arguments (the test
	 * modules) the priority of the last -X */
	perm = !!(rn_opt_modes & (1u << RN_MODE_PERMISSIVE));
	rc = rn_sh(r, 1200, NULL,
		    "cd " BUILD_DIR " && semodule %-s-X 200 -i rustnet.pp "
		    "$(ls test/*.pp 2>/dev/null%-s) 2>&1",
		    perm ? "-X 400 -i " PERM_MODULE ".cil " : "",
		    own ? " | grep -vx test/rnx_unlabelednet.pp" : "");
	if (rc != 0)
		return rn_set(r, RN_FAIL, "semodule -i failed (exit %d)", rc);
	rn_sh(r, 120, NULL, "semodule --list-modules=full | "
	       "grep -E 'rustnet|rnx_'");
	return rn_set(r, RN_PASS, "modules loaded at priority 200%s",
		       perm ? "; rustnet_t's permissive module (" PERM_MODULE
		       ", what semanage permissive -a installs) at 400" : "");
}

static int st_permissive(const struct rn_ctx *ctx, struct rn_result *r)
{
	int perm = 0, rc;
	char why[256];

	(void)ctx;
	/* a rebuild (~80 s under TCG) that pass.mode of the enforcing pass
	 * would undo with another one; pass.mode checks the state */
	if (!(rn_opt_modes & (1u << RN_MODE_PERMISSIVE)))
		return rn_set(r, RN_SKIP,
			       "no permissive pass in this run (--mode enforcing): pass.mode sets and checks rustnet_t's state");
	if (rn_mode_permissive_state(&perm, why, sizeof(why)))
		return rn_set(r, RN_ERROR, "%s", why);
	if (!perm) {
		rc = rn_sh(r, 1200, NULL, "semanage permissive -a rustnet_t 2>&1");
		if (rc != 0)
			return rn_set(r, RN_ERROR,
				       "semanage permissive -a failed (%d)", rc);
	}
	rn_sh(r, 120, NULL, "semanage permissive -l 2>&1; "
	       "semodule --list-modules=full | grep -w " PERM_MODULE);
	return rn_set(r, RN_PASS, "rustnet_t permissive (%s)",
		       perm ? "already, in the loaded policy: setup.policy_load loads its permissive module" :
		       "semanage permissive -a");
}

static int st_label(const struct rn_ctx *ctx, struct rn_result *r)
{
	char *out = NULL;
	int rc;

	(void)ctx;
	rc = rn_sh(r, 60, NULL,
		    "restorecon -v /usr/bin/rustnet && "
		    "setcap cap_net_raw,cap_bpf,cap_perfmon+eip /usr/bin/rustnet && "
		    "getcap /usr/bin/rustnet && ls -lZ /usr/bin/rustnet");
	if (rc != 0)
		return rn_set(r, RN_ERROR, "restorecon/setcap failed (%d)",
			       rc);
	rc = rn_sh(r, 10, &out, "stat -c %%C /usr/bin/rustnet");
	if (rc != 0 || !out || !strstr(out, ":rustnet_exec_t:")) {
		rn_set(r, RN_FAIL, "/usr/bin/rustnet is %s, not rustnet_exec_t",
			out ? out : "?");
		free(out);
		return 0;
	}
	free(out);
	if (rn_canary_prepare(r) != 0)
		return rn_set(r, RN_ERROR, "preparing the rnx_canary files failed");
	return rn_set(r, RN_PASS,
		       "rustnet_exec_t with file capabilities; canary files labelled");
}

static int st_files(const struct rn_ctx *ctx, struct rn_result *r)
{
	const char *u = ctx->user;
	int rc;

	rc = rn_sh(r, 60, NULL,
		    "if [ -f %s/policy/rustnet.tmpfiles.conf ]; then "
		    "cp %s/policy/rustnet.tmpfiles.conf /etc/tmpfiles.d/rustnet.conf && "
		    "systemd-tmpfiles --create /etc/tmpfiles.d/rustnet.conf; "
		    "else echo 'no rustnet.tmpfiles.conf in the bundle' >&2; exit 1; fi; "
		    "ls -ldZ /var/log/rustnet", ctx->bundle, ctx->bundle);
	if (rc != 0)
		return rn_set(r, RN_ERROR, "tmpfiles setup failed (%d)", rc);
	rc = rn_sh(r, 60, NULL,
		    "mkdir -p /usr/share/GeoIP && "
		    "cp %s/geoip/*.mmdb /usr/share/GeoIP/ && "
		    "restorecon -Rv /usr/share/GeoIP && ls -lZ /usr/share/GeoIP",
		    ctx->bundle);
	if (rc != 0)
		return rn_set(r, RN_ERROR, "GeoIP install failed (%d)", rc);
	/* a non-default theme and a border override, whose effects
	 * capture.session asserts (core_config.c) */
	rc = rn_sh(r, 60, NULL,
		    "H=$(getent passwd %s | cut -d: -f6) && "
		    "runuser -u %s -- mkdir -p \"$H/.config/rustnet\" && "
		    "printf '%%s' %s | "
		    "runuser -u %s -- tee \"$H/.config/rustnet/config.toml\" && "
		    "restorecon -Rv \"$H/.config\" && "
		    "ls -lZd \"$H/.config\" \"$H/.config/rustnet\" "
		    "\"$H/.config/rustnet/config.toml\"", u, u,
		    rn_config_toml, u);
	if (rc != 0)
		return rn_set(r, RN_ERROR, "config file setup failed (%d)",
			       rc);
	rc = rn_sh(r, 10, NULL,
		    "runuser -u %s -- mkdir -p /tmp/rnx && ls -ldZ /tmp/rnx", u);
	if (rc != 0)
		return rn_set(r, RN_ERROR, "creating /tmp/rnx failed (%d)",
			       rc);
	return rn_set(r, RN_PASS, "runtime dirs, GeoIP and config in place");
}

static int st_netfix(const struct rn_ctx *ctx, struct rn_result *r)
{
	int rc = rn_sh(r, 180, NULL, "sh %s/guest/netfix.sh up 2>&1",
			 ctx->bundle);

	if (rc != 0)
		return rn_set(r, RN_ERROR, "netfix.sh up failed (%d)", rc);
	rc = rn_sh(r, 60, NULL, "sh %s/guest/netfix.sh status 2>&1",
		    ctx->bundle);
	if (rc != 0)
		return rn_set(r, RN_ERROR,
			       "network fixture not answering (status %d)", rc);
	return rn_set(r, RN_PASS, "network fixture up, traffic running");
}

#define P (1u << RN_MODE_PERMISSIVE)

const struct rn_scenario rn_sc_setup[] = {
	{ "setup.install", "The rustnet under test (the bundle's build) is installed as /usr/bin/rustnet.",
	  "setup", RN_META, P, st_install },
	{ "setup.policy_build",
	  "The rustnet policy module and the test-only modules build in the guest with the distribution's devel Makefile.",
	  "setup", RN_META, P, st_policy_build },
	{ "setup.policy_load",
	  "rustnet.pp and the test-only modules load in one semodule transaction at priority 200.",
	  "setup", RN_META, P, st_policy_load },
	{ "setup.permissive", "rustnet_t is permissive for the first pass: the module semanage permissive -a installs (permissive_rustnet_t) is loaded with the modules in setup.policy_load, or semanage permissive -a runs here.",
	  "setup", RN_META, P, st_permissive },
	{ "setup.label", "/usr/bin/rustnet is labelled rustnet_exec_t and has the file capabilities rustnet needs; the audit canary files are labelled.",
	  "setup", RN_META, P, st_label },
	{ "setup.files", "/var/log/rustnet (tmpfiles.d), the GeoIP databases and the user's config.toml are in place and labelled.",
	  "setup", RN_META, P, st_files },
	{ "setup.netfix", "The in-guest network fixture (namespaces, HTTP/UDP/ICMP peers, DNS servers, traffic) is up.",
	  "setup", RN_META, P, st_netfix },
	{ NULL },
};
