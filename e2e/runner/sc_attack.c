// SPDX-License-Identifier: MIT
/*
 * sc_attack.c - what a compromised rustnet would try, run from rustnet_t
 * through the one-operation helpers (e2e/helpers/).  Each scenario states
 * the AVC it expects and the errno of the operation; the core checks both
 * against the audit window.  docs/attacks.md gives the reason for each
 * expectation.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sc_helper.h"

#define BOTH ((1u << RNX_MODE_PERMISSIVE) | (1u << RNX_MODE_ENFORCING))

/* One attack vector: who runs which helper, and the record it must cause. */
struct vec {
	enum rnx_sc_as as;
	const char *helper;
	const char *perm;
	const char *tclass;
	const char *ttype;
	const char *comm;	/* task comm: the helper name, 15 chars */
	int err;		/* errno in enforcing mode */
};

static int attack(const struct rnx_ctx *ctx, struct rnx_result *r,
		  const struct vec *v, const char *args)
{
	int rc;

	rnx_sc_expect(ctx, r, v->perm, v->tclass, v->ttype, v->comm, v->err);
	rc = rnx_sc_helper_domain(ctx, r, v->as);
	if (rc < 0)
		return rc;
	rc = rnx_sc_avc_reset(ctx, r);
	if (rc < 0)
		return rc;
	rc = rnx_sc_helper(ctx, r, v->as, v->helper, args, NULL);
	if (rc < 0)
		return rc;
	rnx_note(r, "%s %s: exit %d (%s)", v->helper, args, rc,
		 rc ? strerror(rc) : "operation succeeded");
	return 0;
}

/* --- setup: the helpers really run in rustnet_t ----------------------- */

static int sc_domain(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	int rc;

	rc = rnx_sc_helper_domain(ctx, r, RNX_AS_USER);
	if (rc < 0)
		return rc;
	rc = rnx_sc_helper_domain(ctx, r, RNX_AS_SUDO);
	if (rc < 0)
		return rc;
	return rnx_set(r, RNX_PASS,
		       "helpers labelled rustnet_exec_t run in rustnet_t when started by %s and through sudo",
		       ctx->user ? ctx->user : "alice");
}

/* --- egress ------------------------------------------------------------ */

/* In the default configuration rustnet_t may create, bind and connect a
 * UDP socket (route probe) but has no udp_socket write: sendto() fails in
 * selinux_socket_sendmsg. */
static const struct vec v_udp = {
	RNX_AS_USER, "rnx-udp-send", "write", "udp_socket", "rustnet_t",
	"rnx-udp-send", EACCES
};

static int udp_arrival(const struct rnx_ctx *ctx, struct rnx_result *r,
		       const char *marker)
{
	int n = rnx_sc_listen_count(ctx, r, marker);

	if (n < 0)
		return n;
	rnx_note(r, "datagrams with marker %s at 127.0.0.1:1234: %d", marker,
		 n);
	if (ctx->mode == RNX_MODE_ENFORCING && n > 0)
		rnx_set(r, RNX_FAIL,
			"a datagram from rustnet_t arrived at 127.0.0.1:1234 although the send was to be denied");
	return 0;
}

static int sc_udp(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	char marker[96], args[160];
	int rc;

	rc = rnx_sc_listen_start(ctx, r);
	if (rc < 0)
		return rc;
	rnx_sc_marker(marker, sizeof(marker), "attack-udp");
	snprintf(args, sizeof(args), "127.0.0.1 1234 %s", marker);
	rc = attack(ctx, r, &v_udp, args);
	if (!rc)
		rc = udp_arrival(ctx, r, marker);
	rnx_sc_listen_stop(ctx, r);
	return rc;
}

/* netcat itself in rustnet_t: a copy of the system's nc labelled
 * rustnet_exec_t (like the helpers) enters rustnet_t through the shipped
 * transition when the user runs it; no test module widens rustnet_t.  -z
 * makes nc probe the port by writing to the connected socket, so it sends
 * without reading stdin.  nc's UDP probe prints no errno: it exits 1 when
 * its writes fail, so the scenario expects RNX_ERRNO_NONE (the core then
 * checks that the action failed, and says it could not check an errno). */
#define NC_COPY "/var/lib/rnx/nc"

static int nc_errno(const char *out, int rc)
{
	static const int known[] = { EACCES, EPERM, ECONNREFUSED };
	size_t i;

	for (i = 0; out && i < sizeof(known) / sizeof(known[0]); i++)
		if (strstr(out, strerror(known[i])))
			return known[i];
	return rc;
}

static int sc_udp_nc(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	char *out = NULL;
	int rc;

	rnx_sc_expect(ctx, r, "write", "udp_socket", "rustnet_t", "nc",
		      RNX_ERRNO_NONE);
	rc = rnx_run(r, 30, NULL,
		     "mkdir -p /var/lib/rnx && "
		     "install -m 0755 \"$(readlink -f \"$(command -v nc)\")\" "
		     NC_COPY " && chcon -t rustnet_exec_t " NC_COPY " && "
		     "ls -lZ " NC_COPY);
	if (rc != 0) {
		rnx_set(r, RNX_ERROR,
			"could not install nc as " NC_COPY " (rustnet_exec_t) (rc %d)",
			rc);
		return rc < 0 ? rc : -EIO;
	}
	rc = rnx_sc_listen_start(ctx, r);
	if (rc < 0)
		return rc;
	rc = rnx_sc_avc_reset(ctx, r);
	if (rc < 0)
		goto cleanup;
	rc = rnx_run(r, 30, &out,
		     "runuser -u %s -- " NC_COPY " -v -u -z -w1 127.0.0.1 1234",
		     ctx->user);
	if (rc < 0) {
		rnx_set(r, RNX_ERROR, "nc could not be run: %s", strerror(-rc));
		goto cleanup;
	}
	r->observed_errno = nc_errno(out, rc);
	rnx_note(r, "nc exit %d; errno named in its message: %s", rc,
		 r->observed_errno != rc ? strerror(r->observed_errno) : "none");
	/* nc -z sends "X" probes; count them as well as any marker */
	rc = udp_arrival(ctx, r, "X");
cleanup:
	free(out);
	rnx_sc_listen_stop(ctx, r);
	return rc;
}

/* No tcp_socket permission at all by default: socket() itself fails. */
static const struct vec v_tcp = {
	RNX_AS_USER, "rnx-tcp-connect", "create", "tcp_socket", "rustnet_t",
	"rnx-tcp-connect", EACCES
};

static int sc_tcp(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	return attack(ctx, r, &v_tcp, "127.0.0.1 1234");
}

/* --- exec -------------------------------------------------------------- */

/* rustnet_t may not even look into bin_t directories, so the first denial
 * of an exec by path is the path walk: on a merged-/usr system /bin is a
 * bin_t symlink (lnk_file read), /usr/bin a bin_t directory (dir search). */
static const struct vec v_exec_sh = {
	RNX_AS_USER, "rnx-exec", "read", "lnk_file", "bin_t", "rnx-exec",
	EACCES
};

static const struct vec v_exec_bin = {
	RNX_AS_USER, "rnx-exec", "search", "dir", "bin_t", "rnx-exec",
	EACCES
};

/* A shell outside bin_t directories (a copy of /bin/sh labelled
 * shell_exec_t next to the helpers): the exec itself is denied. */
static const struct vec v_exec_type = {
	RNX_AS_USER, "rnx-exec", "execute", "file", "shell_exec_t",
	"rnx-exec", EACCES
};

static int sc_exec_sh(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	rnx_run(r, 10, NULL, "ls -lZ /bin /bin/sh; ls -dZ /usr/bin");
	return attack(ctx, r, &v_exec_sh, "/bin/sh -c true");
}

static int sc_exec_bin(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	rnx_run(r, 10, NULL, "ls -dZ /usr/bin /usr/bin/id");
	return attack(ctx, r, &v_exec_bin, "/usr/bin/id");
}

static int sc_exec_type(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	char path[512];
	int rc;

	snprintf(path, sizeof(path), "%s/helpers/rnx-shell-copy", ctx->bundle);
	rc = rnx_run(r, 30, NULL,
		     "cp /bin/sh %s && chcon -t shell_exec_t %s && ls -lZ %s",
		     path, path, path);
	if (rc != 0) {
		rnx_set(r, RNX_ERROR, "could not place a shell_exec_t copy (rc %d)",
			rc);
		rc = -EIO;
		goto cleanup;
	}
	rc = attack(ctx, r, &v_exec_type, path);
cleanup:
	rnx_run(r, 10, NULL, "rm -f %s", path);
	return rc;
}

/* --- reads --------------------------------------------------------------- */

/* ~/.ssh is ssh_home_t; rustnet_t may search the home dir but not .ssh,
 * so the path walk stops at the directory. */
static const struct vec v_ssh = {
	RNX_AS_USER, "rnx-open-read", "search", "dir", "ssh_home_t",
	"rnx-open-read", EACCES
};

static const struct vec v_bashrc = {
	RNX_AS_USER, "rnx-open-read", "read", "file", "user_home_t",
	"rnx-open-read", EACCES
};

/* root through sudo: /etc/shadow is 0640 root:shadow, so only root passes
 * DAC without a capability and the answer is SELinux's. */
static const struct vec v_shadow = {
	RNX_AS_SUDO, "rnx-open-read", "read", "file", "shadow_t",
	"rnx-open-read", EACCES
};

static int sc_read_ssh(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	const char *u = ctx->user ? ctx->user : "alice";
	char home[512], args[600];
	int rc;

	rc = rnx_sc_home(ctx, r, home, sizeof(home));
	if (rc < 0)
		return rc;
	/* a dummy key, created only if the user has none */
	rc = rnx_run(r, 30, NULL,
		     "install -d -m 700 -o %s -g %s %s/.ssh && "
		     "{ [ -e %s/.ssh/id_ed25519 ] || "
		     "{ printf 'rnx dummy key (not a key)\\n' > %s/.ssh/id_ed25519 && "
		     "chown %s: %s/.ssh/id_ed25519 && chmod 600 %s/.ssh/id_ed25519; }; } && "
		     "restorecon -R %s/.ssh && ls -laZ %s/.ssh",
		     u, u, home, home, home, u, home, home, home, home);
	if (rc != 0) {
		rnx_set(r, RNX_ERROR, "could not create the dummy key (rc %d)",
			rc);
		return -EIO;
	}
	snprintf(args, sizeof(args), "%s/.ssh/id_ed25519", home);
	return attack(ctx, r, &v_ssh, args);
}

static int sc_read_bashrc(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	const char *u = ctx->user ? ctx->user : "alice";
	char home[512], args[600];
	int rc;

	rc = rnx_sc_home(ctx, r, home, sizeof(home));
	if (rc < 0)
		return rc;
	rc = rnx_run(r, 30, NULL,
		     "{ [ -e %s/.bashrc ] || { cp /etc/skel/.bashrc %s/.bashrc && "
		     "chown %s: %s/.bashrc; }; } && restorecon %s/.bashrc && "
		     "ls -lZ %s/.bashrc",
		     home, home, u, home, home, home);
	if (rc != 0) {
		rnx_set(r, RNX_ERROR, "no %s/.bashrc (rc %d)", home, rc);
		return -EIO;
	}
	snprintf(args, sizeof(args), "%s/.bashrc", home);
	return attack(ctx, r, &v_bashrc, args);
}

static int sc_read_shadow(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	rnx_run(r, 10, NULL, "ls -lZ /etc/shadow");
	return attack(ctx, r, &v_shadow, "/etc/shadow");
}

/* --- writes -------------------------------------------------------------- */

/* Creating a file checks the directory first: { write } on the dir. */
static const struct vec v_write_etc = {
	RNX_AS_SUDO, "rnx-open-write", "write", "dir", "etc_t",
	"rnx-open-write", EACCES
};

static const struct vec v_write_home = {
	RNX_AS_USER, "rnx-open-write", "write", "dir", "user_home_dir_t",
	"rnx-open-write", EACCES
};

static int write_attack(const struct rnx_ctx *ctx, struct rnx_result *r,
			const struct vec *v, const char *path)
{
	int rc, gone;

	rc = attack(ctx, r, v, path);
	/* show what happened, then remove it on every path */
	rnx_run(r, 10, NULL, "ls -lZ %s", path);
	gone = rnx_run(r, 10, NULL, "rm -f %s && [ ! -e %s ]", path, path);
	if (rc == 0 && ctx->mode == RNX_MODE_ENFORCING &&
	    r->observed_errno == 0)
		rnx_set(r, RNX_FAIL, "%s was created from rustnet_t", path);
	if (gone != 0)
		rnx_note(r, "could not remove %s (rc %d)", path, gone);
	return rc;
}

static int sc_write_etc(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	return write_attack(ctx, r, &v_write_etc, "/etc/rnx-pwned");
}

static int sc_write_home(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	char home[512], path[600];
	int rc = rnx_sc_home(ctx, r, home, sizeof(home));

	if (rc < 0)
		return rc;
	snprintf(path, sizeof(path), "%s/rnx-pwned", home);
	return write_attack(ctx, r, &v_write_home, path);
}

/* --- kernel modules ------------------------------------------------------ */

/* may_init_module() asks capable(CAP_SYS_MODULE) first; SELinux's answer
 * to "capability sys_module" comes back as a plain no, hence EPERM.  As
 * root the capability layer itself allows, so the denial is SELinux's.
 * The "module" is the helper binary: no module, nothing loads even when
 * every check passes (permissive mode: ENOEXEC after the checks). */
static const struct vec v_module = {
	RNX_AS_SUDO, "rnx-finit-module", "sys_module", "capability",
	"rustnet_t", "rnx-finit-modul", EPERM
};

static int sc_module(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	char args[512];

	rnx_run(r, 10, NULL,
		"cat /proc/sys/kernel/modules_disabled /sys/kernel/security/lockdown 2>&1");
	snprintf(args, sizeof(args), "%s/helpers/rnx-finit-module",
		 ctx->bundle);
	return attack(ctx, r, &v_module, args);
}

/* --- sockets rustnet never needs ---------------------------------------- */

static const struct vec v_raw = {
	RNX_AS_USER, "rnx-socket", "create", "rawip_socket", "rustnet_t",
	"rnx-socket", EACCES
};

static int sc_raw(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	return attack(ctx, r, &v_raw, "inet raw raw");
}

/* With the extended_socket_class capability a ping socket is icmp_socket,
 * without it rawip_socket. */
static struct vec v_icmp = {
	RNX_AS_USER, "rnx-socket", "create", "icmp_socket", "rustnet_t",
	"rnx-socket", EACCES
};

#define PING_RANGE "/proc/sys/net/ipv4/ping_group_range"

static int sc_icmp(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	char *old = NULL;
	int rc, ext;

	ext = rnx_run(r, 10, NULL,
		      "grep -qx 1 /sys/fs/selinux/policy_capabilities/extended_socket_class");
	v_icmp.tclass = ext == 0 ? "icmp_socket" : "rawip_socket";
	rnx_note(r, "extended_socket_class %s: expecting %s",
		 ext == 0 ? "on" : "off", v_icmp.tclass);
	/* let DAC allow ping sockets for every group, so only SELinux can
	 * say no; restored below */
	rc = rnx_run(r, 10, &old, "cat " PING_RANGE);
	if (rc != 0 || !old) {
		rnx_set(r, RNX_ERROR, "cannot read " PING_RANGE);
		free(old);
		return -EIO;
	}
	old[strcspn(old, "\n")] = '\0';
	rc = rnx_run(r, 10, NULL, "echo '0 2147483647' > " PING_RANGE);
	if (rc != 0) {
		rnx_set(r, RNX_ERROR, "cannot set " PING_RANGE " (rc %d)", rc);
		rc = -EIO;
		goto cleanup;
	}
	rc = attack(ctx, r, &v_icmp, "inet dgram icmp");
cleanup:
	if (rnx_run(r, 10, NULL, "printf '%%s\\n' '%s' > " PING_RANGE, old))
		rnx_set(r, RNX_ERROR, "could not restore " PING_RANGE " to %s",
			old);
	free(old);
	return rc;
}

/* --- ptrace -------------------------------------------------------------- */

static const struct vec v_ptrace = {
	RNX_AS_USER, "rnx-ptrace", "ptrace", "process", "unconfined_t",
	"rnx-ptrace", EACCES
};

#define YAMA "/proc/sys/kernel/yama/ptrace_scope"

static int sc_ptrace(const struct rnx_ctx *ctx, struct rnx_result *r)
{
	const char *u = ctx->user ? ctx->user : "alice";
	char *scope = NULL, *pid = NULL, *label = NULL;
	int rc, have_yama;

	/* Yama (scope 1) refuses a non-descendant with EPERM before SELinux
	 * is asked: record the scope, set 0 for the test, restore it. */
	have_yama = rnx_run(r, 10, &scope, "cat " YAMA) == 0 && scope;
	if (have_yama) {
		scope[strcspn(scope, "\n")] = '\0';
		rnx_note(r, "yama ptrace_scope was %s; set to 0 for the test",
			 scope);
		if (rnx_run(r, 10, NULL, "echo 0 > " YAMA)) {
			rnx_set(r, RNX_ERROR, "cannot set " YAMA " to 0");
			rc = -EIO;
			goto cleanup;
		}
	} else {
		rnx_note(r, "no yama ptrace_scope");
	}
	/* a process of the same user, outside rustnet_t: setpriv execs
	 * sleep in place, so $! is the target itself */
	rc = rnx_run(r, 30, &pid,
		     "setpriv --reuid=%s --regid=%s --init-groups -- sleep 120 "
		     "</dev/null >/dev/null 2>&1 & echo $!", u, u);
	if (rc != 0 || !pid || !pid[0]) {
		rnx_set(r, RNX_ERROR, "could not start the target process (rc %d)",
			rc);
		rc = -EIO;
		goto cleanup;
	}
	pid[strcspn(pid, "\n")] = '\0';
	rc = rnx_run(r, 10, &label, "ps -o label=,user=,comm= -p %s", pid);
	if (rc != 0 || !label || !strstr(label, ":unconfined_t:")) {
		rnx_set(r, RNX_ERROR, "target %s is not an unconfined_t process: %s",
			pid, label ? label : "");
		rc = -EPROTO;
		goto cleanup;
	}
	rc = attack(ctx, r, &v_ptrace, pid);
cleanup:
	if (pid && pid[0])
		rnx_run(r, 10, NULL, "kill %s", pid);
	if (have_yama && rnx_run(r, 10, NULL, "echo %s > " YAMA, scope))
		rnx_set(r, RNX_ERROR, "could not restore " YAMA " to %s",
			scope);
	free(scope);
	free(pid);
	free(label);
	return rc;
}

const struct rnx_scenario rnx_sc_attack[] = {
	{ "attack.domain",
	  "Helpers labelled rustnet_exec_t enter rustnet_t when run by the user and through sudo.",
	  "4.3", RNX_META, BOTH, sc_domain },
	{ "attack.udp_1234.nc",
	  "`nc -u` to 127.0.0.1:1234 from rustnet_t is denied (udp_socket write).",
	  "4.3", RNX_ATTACK, BOTH, sc_udp_nc },
	{ "attack.udp_1234",
	  "A UDP datagram from rustnet_t to 127.0.0.1:1234 is denied (udp_socket write) and never arrives.",
	  "4.3", RNX_ATTACK, BOTH, sc_udp },
	{ "attack.tcp_1234",
	  "A TCP connection from rustnet_t to 127.0.0.1:1234 is denied (no tcp_socket at all).",
	  "4.3", RNX_ATTACK, BOTH, sc_tcp },
	{ "attack.exec_shell",
	  "rustnet_t cannot execute /bin/sh: the path walk through the bin_t symlink /bin is denied.",
	  "4.3", RNX_ATTACK, BOTH, sc_exec_sh },
	{ "attack.exec_bin",
	  "rustnet_t cannot execute /usr/bin/id (bin_t): it cannot even search /usr/bin.",
	  "4.3", RNX_ATTACK, BOTH, sc_exec_bin },
	{ "attack.exec_shell_type",
	  "rustnet_t cannot execute a shell_exec_t file even where it can reach it.",
	  "4.3", RNX_ATTACK, BOTH, sc_exec_type },
	{ "attack.read_ssh_key",
	  "rustnet_t cannot reach ~/.ssh/id_ed25519 (ssh_home_t).",
	  "4.3", RNX_ATTACK, BOTH, sc_read_ssh },
	{ "attack.read_bashrc",
	  "rustnet_t cannot read ~/.bashrc (user_home_t).",
	  "4.3", RNX_ATTACK, BOTH, sc_read_bashrc },
	{ "attack.read_shadow",
	  "rustnet_t running as root cannot read /etc/shadow (shadow_t).",
	  "4.3", RNX_ATTACK, BOTH, sc_read_shadow },
	{ "attack.write_etc",
	  "rustnet_t running as root cannot create /etc/rnx-pwned (etc_t).",
	  "4.3", RNX_ATTACK, BOTH, sc_write_etc },
	{ "attack.write_home",
	  "rustnet_t cannot create files in the home directory (user_home_dir_t).",
	  "4.3", RNX_ATTACK, BOTH, sc_write_home },
	{ "attack.finit_module",
	  "rustnet_t running as root cannot load a kernel module (capability sys_module).",
	  "4.3", RNX_ATTACK, BOTH, sc_module },
	{ "attack.raw_socket",
	  "rustnet_t cannot create a raw IP socket (rawip_socket create).",
	  "4.3", RNX_ATTACK, BOTH, sc_raw },
	{ "attack.icmp_socket",
	  "rustnet_t cannot create an ICMP (ping) socket (icmp_socket create).",
	  "4.3", RNX_ATTACK, BOTH, sc_icmp },
	{ "attack.ptrace",
	  "rustnet_t cannot ptrace another process of the same user (process ptrace).",
	  "4.3", RNX_ATTACK, BOTH, sc_ptrace },
	{ NULL, NULL, NULL, 0, 0, NULL }
};
