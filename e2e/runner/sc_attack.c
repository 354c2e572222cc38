// SPDX-License-Identifier: MIT
/*
 * sc_attack.c - what a compromised rustnet would try, run from rustnet_t
 * through the one-operation helpers (e2e/helpers/).  Each scenario states
 * the AVC it expects and the errno of the operation; the core checks both
 * against the audit window.  docs/attacks.md gives the reason for each
 * expectation.
 */
#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core.h"
#include "sc_helper.h"
#include "shfmt.h"

#define BOTH ((1u << RN_MODE_PERMISSIVE) | (1u << RN_MODE_ENFORCING))
/* Denials that rustnet itself causes in normal use are dontaudit rules
 * (eBPF off, DAC override off, /proc/1): the permissive pass keeps
 * dontaudit, so it would see nothing; the enforcing pass runs the attack
 * table with semodule -DB. */
#define ENF (1u << RN_MODE_ENFORCING)

/* One attack vector: who runs which helper, and the record it must cause. */
struct vec {
	enum rn_sc_as as;
	const char *helper;
	const char *perm;
	const char *tclass;
	const char *ttype;
	const char *comm;	/* task comm: the helper name, 15 chars */
	int err;		/* errno in enforcing mode */
};

static int vec_expect(const struct rn_ctx *ctx, struct rn_result *r,
		      const struct vec *v);

static int attack(const struct rn_ctx *ctx, struct rn_result *r,
		  const struct vec *v, const char *args)
{
	int rc;

	rc = vec_expect(ctx, r, v);
	if (rc)
		return rc < 0 ? rc : 0;
	rc = rn_sc_helper_domain(ctx, r, v->as);
	if (rc < 0)
		return rc;
	rc = rn_sc_avc_reset(ctx, r);
	if (rc < 0)
		return rc;
	rc = rn_sc_helper(ctx, r, v->as, v->helper, args, NULL);
	if (rc < 0)
		return rc;
	rn_note(r, "%s %s: exit %d (%s)", v->helper, args, rc,
		 rc ? strerror(rc) : "operation succeeded");
	return 0;
}

/* attack() with one path as the helper's argument, quoted as one shell
 * word (a home or bundle directory may hold a space). */
static int attack_path(const struct rn_ctx *ctx, struct rn_result *r,
		       const struct vec *v, const char *path)
{
	char args[1024];
	int rc = rn_shfmt_buf(args, sizeof(args), "%s", path);

	if (rc < 0)
		return rn_set(r, RN_ERROR, "the path %s: %s", path,
			       strerror(-rc)), rc;
	return attack(ctx, r, v, args);
}

/* --- setup: the helpers really run in rustnet_t ----------------------- */

static int sc_domain(const struct rn_ctx *ctx, struct rn_result *r)
{
	int rc;

	rc = rn_sc_helper_domain(ctx, r, RN_AS_USER);
	if (rc < 0)
		return rc;
	rc = rn_sc_helper_domain(ctx, r, RN_AS_SUDO);
	if (rc < 0)
		return rc;
	return rn_set(r, RN_PASS,
		       "helpers labelled rustnet_exec_t run in rustnet_t when started by %s and through sudo",
		       ctx->user ? ctx->user : "alice");
}

/* --- egress ------------------------------------------------------------ */

/* In the default configuration rustnet_t may create, bind and connect a
 * UDP socket (route probe) but has no udp_socket write: sendto() fails in
 * selinux_socket_sendmsg. */
static const struct vec v_udp = {
	RN_AS_USER, "rnx-udp-send", "write", "udp_socket", "rustnet_t",
	"rnx-udp-send", EACCES
};

static int udp_arrival(const struct rn_ctx *ctx, struct rn_result *r,
		       const char *marker)
{
	int n = rn_sc_listen_count(ctx, r, marker);

	if (n < 0)
		return n;
	rn_note(r, "datagrams with marker %s at 127.0.0.1:1234: %d", marker,
		 n);
	if (ctx->mode == RN_MODE_ENFORCING && n > 0)
		rn_set(r, RN_FAIL,
			"a datagram from rustnet_t arrived at 127.0.0.1:1234 although the send was to be denied");
	return 0;
}

static int sc_udp(const struct rn_ctx *ctx, struct rn_result *r)
{
	char marker[96], args[160];
	int rc;

	rc = rn_sc_listen_start(ctx, r);
	if (rc < 0)
		return rc;
	rn_sc_marker(marker, sizeof(marker), "attack-udp");
	snprintf(args, sizeof(args), "127.0.0.1 1234 %s", marker);
	rc = attack(ctx, r, &v_udp, args);
	if (!rc && r->verdict != RN_SKIP)	/* SKIP: not run */
		rc = udp_arrival(ctx, r, marker);
	rn_sc_listen_stop(ctx, r);
	return rc;
}

/* netcat itself in rustnet_t: a copy of the system's nc labelled
 * rustnet_exec_t (like the helpers) enters rustnet_t through the shipped
 * transition when the user runs it; no test module widens rustnet_t.  -z
 * makes nc probe the port by writing to the connected socket, so it sends
 * without reading stdin.  nc's UDP probe prints no errno: it exits 1 when
 * its writes fail, so the scenario expects RN_ERRNO_NONE (the core then
 * checks that the action failed, and says it could not check an errno). */
#define NC_COPY "/var/lib/rnx/nc"

static const struct vec v_udp_nc = {
	RN_AS_USER, NC_COPY, "write", "udp_socket", "rustnet_t", "nc",
	RN_ERRNO_NONE
};

static int nc_errno(const char *out, int rc)
{
	static const int known[] = { EACCES, EPERM, ECONNREFUSED };
	size_t i;

	for (i = 0; out && i < sizeof(known) / sizeof(known[0]); i++)
		if (strstr(out, strerror(known[i])))
			return known[i];
	return rc;
}

static int sc_udp_nc(const struct rn_ctx *ctx, struct rn_result *r)
{
	char *out = NULL;
	int rc;

	rc = vec_expect(ctx, r, &v_udp_nc);
	if (rc)
		return rc < 0 ? rc : 0;
	rc = rn_sh(r, 30, NULL,
		    "mkdir -p /var/lib/rnx && "
		    "install -m 0755 \"$(readlink -f \"$(command -v nc)\")\" "
		    NC_COPY " && chcon -t rustnet_exec_t " NC_COPY " && "
		    "ls -lZ " NC_COPY);
	if (rc != 0) {
		rn_set(r, RN_ERROR,
			"could not install nc as " NC_COPY " (rustnet_exec_t) (rc %d)",
			rc);
		return rc < 0 ? rc : -EIO;
	}
	rc = rn_sc_listen_start(ctx, r);
	if (rc < 0)
		return rc;
	rc = rn_sc_avc_reset(ctx, r);
	if (rc < 0)
		goto cleanup;
	rc = rn_sh(r, 30, &out,
		    "runuser -u %s -- " NC_COPY " -v -u -z -w1 127.0.0.1 1234",
		    ctx->user);
	if (rc < 0) {
		rn_set(r, RN_ERROR, "nc could not be run: %s", strerror(-rc));
		goto cleanup;
	}
	r->observed_errno = nc_errno(out, rc);
	rn_note(r, "nc exit %d; errno named in its message: %s", rc,
		 r->observed_errno != rc ? strerror(r->observed_errno) : "none");
	/* nc -z sends "X" probes; count them as well as any marker */
	rc = udp_arrival(ctx, r, "X");
cleanup:
	free(out);
	rn_sc_listen_stop(ctx, r);
	return rc;
}

/* No tcp_socket permission at all by default: socket() itself fails. */
static const struct vec v_tcp = {
	RN_AS_USER, "rnx-tcp-connect", "create", "tcp_socket", "rustnet_t",
	"rnx-tcp-connect", EACCES
};

static int sc_tcp(const struct rn_ctx *ctx, struct rn_result *r)
{
	return attack(ctx, r, &v_tcp, "127.0.0.1 1234");
}

/* --- exec -------------------------------------------------------------- */

/* rustnet_t may not even look into bin_t directories, so the first denial
 * of an exec by path is the path walk: on a merged-/usr system /bin is a
 * bin_t symlink (lnk_file read), /usr/bin a bin_t directory (dir search). */
static const struct vec v_exec_sh = {
	RN_AS_USER, "rnx-exec", "read", "lnk_file", "bin_t", "rnx-exec",
	EACCES
};

static const struct vec v_exec_bin = {
	RN_AS_USER, "rnx-exec", "search", "dir", "bin_t", "rnx-exec",
	EACCES
};

/* A shell outside bin_t directories (a copy of /bin/sh labelled
 * shell_exec_t next to the helpers): the exec itself is denied. */
static const struct vec v_exec_type = {
	RN_AS_USER, "rnx-exec", "execute", "file", "shell_exec_t",
	"rnx-exec", EACCES
};

static int sc_exec_sh(const struct rn_ctx *ctx, struct rn_result *r)
{
	rn_sh(r, 10, NULL, "ls -lZ /bin /bin/sh; ls -dZ /usr/bin");
	return attack(ctx, r, &v_exec_sh, "/bin/sh -c true");
}

static int sc_exec_bin(const struct rn_ctx *ctx, struct rn_result *r)
{
	rn_sh(r, 10, NULL, "ls -dZ /usr/bin /usr/bin/id");
	return attack(ctx, r, &v_exec_bin, "/usr/bin/id");
}

static int sc_exec_type(const struct rn_ctx *ctx, struct rn_result *r)
{
	char path[512];
	int rc;

	snprintf(path, sizeof(path), "%s/helpers/rnx-shell-copy", ctx->bundle);
	rc = rn_sh(r, 30, NULL,
		    "cp /bin/sh %s && chcon -t shell_exec_t %s && ls -lZ %s",
		    path, path, path);
	if (rc != 0) {
		rn_set(r, RN_ERROR, "could not place a shell_exec_t copy (rc %d)",
			rc);
		rc = -EIO;
		goto cleanup;
	}
	rc = attack(ctx, r, &v_exec_type, path);
cleanup:
	rn_sh(r, 10, NULL, "rm -f %s", path);
	return rc;
}

/* Fileless execution: rnx-memfd-exec copies a file rustnet_t may read
 * (rnx-selfctx, rustnet_exec_t like every helper) into a memfd and runs
 * it with execveat(AT_EMPTY_PATH).  A memfd is a file of the kernel's
 * internal tmpfs mount (fs_use_trans tmpfs): its type is tmpfs_t unless a
 * type_transition on tmpfs_t names another, and rustnet_t has none
 * (no fs_tmpfs_filetrans) and no permission on tmpfs_t files at all.
 * memfd_create() itself asks nothing; the first check is the copy's
 * write() (file_permission revalidates a file that was never opened), so
 * the write is denied before execute could be asked.  In permissive mode
 * the copy of rnx-selfctx runs and prints its context (the evidence). */
static const struct vec v_memfd_exec = {
	RN_AS_USER, "rnx-memfd-exec", "write", "file", "tmpfs_t",
	"rnx-memfd-exec", EACCES
};

static int sc_memfd_exec(const struct rn_ctx *ctx, struct rn_result *r)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/helpers/rnx-selfctx", ctx->bundle);
	rn_sh(r, 10, NULL,
	       "ls -lZ %s; cat /proc/sys/vm/memfd_noexec 2>/dev/null || "
	       "echo 'no vm.memfd_noexec: kernel before 6.3'", path);
	return attack_path(ctx, r, &v_memfd_exec, path);
}

/* --- reads --------------------------------------------------------------- */

/* ~/.ssh is ssh_home_t; rustnet_t may search the home dir but not .ssh,
 * so the path walk stops at the directory. */
static const struct vec v_ssh = {
	RN_AS_USER, "rnx-open-read", "search", "dir", "ssh_home_t",
	"rnx-open-read", EACCES
};

static const struct vec v_bashrc = {
	RN_AS_USER, "rnx-open-read", "read", "file", "user_home_t",
	"rnx-open-read", EACCES
};

/* root through sudo: /etc/shadow is 0640 root:shadow, so only root passes
 * DAC without a capability and the answer is SELinux's. */
static const struct vec v_shadow = {
	RN_AS_SUDO, "rnx-open-read", "read", "file", "shadow_t",
	"rnx-open-read", EACCES
};

static int sc_read_ssh(const struct rn_ctx *ctx, struct rn_result *r)
{
	const char *u = ctx->user ? ctx->user : "alice";
	char home[512], args[600];
	int rc;

	rc = rn_sc_home(ctx, r, home, sizeof(home));
	if (rc < 0)
		return rc;
	/* a dummy key, created only if the user has none */
	rc = rn_sh(r, 30, NULL,
		    "install -d -m 700 -o %s -g %s %s/.ssh && "
		    "{ [ -e %s/.ssh/id_ed25519 ] || "
		    "{ printf 'rnx dummy key (not a key)\\n' > %s/.ssh/id_ed25519 && "
		    "chown %s: %s/.ssh/id_ed25519 && chmod 600 %s/.ssh/id_ed25519; }; } && "
		    "restorecon -R %s/.ssh && ls -laZ %s/.ssh",
		    u, u, home, home, home, u, home, home, home, home);
	if (rc != 0) {
		rn_set(r, RN_ERROR, "could not create the dummy key (rc %d)",
			rc);
		return -EIO;
	}
	snprintf(args, sizeof(args), "%s/.ssh/id_ed25519", home);
	return attack_path(ctx, r, &v_ssh, args);
}

static int sc_read_bashrc(const struct rn_ctx *ctx, struct rn_result *r)
{
	const char *u = ctx->user ? ctx->user : "alice";
	char home[512], args[600];
	int rc;

	rc = rn_sc_home(ctx, r, home, sizeof(home));
	if (rc < 0)
		return rc;
	rc = rn_sh(r, 30, NULL,
		    "{ [ -e %s/.bashrc ] || { cp /etc/skel/.bashrc %s/.bashrc && "
		    "chown %s: %s/.bashrc; }; } && restorecon %s/.bashrc && "
		    "ls -lZ %s/.bashrc",
		    home, home, u, home, home, home);
	if (rc != 0) {
		rn_set(r, RN_ERROR, "no %s/.bashrc (rc %d)", home, rc);
		return -EIO;
	}
	snprintf(args, sizeof(args), "%s/.bashrc", home);
	return attack_path(ctx, r, &v_bashrc, args);
}

static int sc_read_shadow(const struct rn_ctx *ctx, struct rn_result *r)
{
	rn_sh(r, 10, NULL, "ls -lZ /etc/shadow");
	return attack(ctx, r, &v_shadow, "/etc/shadow");
}

/* --- writes -------------------------------------------------------------- */

/* Creating a file checks the directory first: { write } on the dir. */
static const struct vec v_write_etc = {
	RN_AS_SUDO, "rnx-open-write", "write", "dir", "etc_t",
	"rnx-open-write", EACCES
};

static const struct vec v_write_home = {
	RN_AS_USER, "rnx-open-write", "write", "dir", "user_home_dir_t",
	"rnx-open-write", EACCES
};

static int write_attack(const struct rn_ctx *ctx, struct rn_result *r,
			const struct vec *v, const char *path)
{
	int rc, gone;

	rc = attack(ctx, r, v, path);
	/* show what happened, then remove it on every path */
	rn_sh(r, 10, NULL, "ls -lZ %s", path);
	gone = rn_sh(r, 10, NULL, "rm -f %s && [ ! -e %s ]", path, path);
	if (rc == 0 && ctx->mode == RN_MODE_ENFORCING &&
	    r->observed_errno == 0)
		rn_set(r, RN_FAIL, "%s was created from rustnet_t", path);
	if (gone != 0)
		rn_note(r, "could not remove %s (rc %d)", path, gone);
	return rc;
}

static int sc_write_etc(const struct rn_ctx *ctx, struct rn_result *r)
{
	return write_attack(ctx, r, &v_write_etc, "/etc/rnx-pwned");
}

static int sc_write_home(const struct rn_ctx *ctx, struct rn_result *r)
{
	char home[512], path[600];
	int rc = rn_sc_home(ctx, r, home, sizeof(home));

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
	RN_AS_SUDO, "rnx-finit-module", "sys_module", "capability",
	"rustnet_t", "rnx-finit-modul", EPERM
};

static int sc_module(const struct rn_ctx *ctx, struct rn_result *r)
{
	char args[512];

	rn_sh(r, 10, NULL,
	       "cat /proc/sys/kernel/modules_disabled /sys/kernel/security/lockdown 2>&1");
	snprintf(args, sizeof(args), "%s/helpers/rnx-finit-module",
		 ctx->bundle);
	return attack_path(ctx, r, &v_module, args);
}

/* --- sockets rustnet never needs ---------------------------------------- */

static const struct vec v_raw = {
	RN_AS_USER, "rnx-socket", "create", "rawip_socket", "rustnet_t",
	"rnx-socket", EACCES
};

static int sc_raw(const struct rn_ctx *ctx, struct rn_result *r)
{
	return attack(ctx, r, &v_raw, "inet raw raw");
}

/* With the extended_socket_class capability a ping socket is icmp_socket,
 * without it rawip_socket. */
static struct vec v_icmp = {
	RN_AS_USER, "rnx-socket", "create", "icmp_socket", "rustnet_t",
	"rnx-socket", EACCES
};

#define PING_RANGE "/proc/sys/net/ipv4/ping_group_range"

static int sc_icmp(const struct rn_ctx *ctx, struct rn_result *r)
{
	char *old = NULL;
	int rc, ext;

	ext = rn_sh(r, 10, NULL,
		     "grep -qx 1 /sys/fs/selinux/policy_capabilities/extended_socket_class");
	v_icmp.tclass = ext == 0 ? "icmp_socket" : "rawip_socket";
	rn_note(r, "extended_socket_class %s: expecting %s",
		 ext == 0 ? "on" : "off", v_icmp.tclass);
	/* let DAC allow ping sockets for every group, so only SELinux can
	 * say no; restored below */
	rc = rn_sh(r, 10, &old, "cat " PING_RANGE);
	if (rc != 0 || !old) {
		rn_set(r, RN_ERROR, "cannot read " PING_RANGE);
		free(old);
		return -EIO;
	}
	old[strcspn(old, "\n")] = '\0';
	rc = rn_sh(r, 10, NULL, "echo '0 2147483647' > " PING_RANGE);
	if (rc != 0) {
		rn_set(r, RN_ERROR, "cannot set " PING_RANGE " (rc %d)", rc);
		rc = -EIO;
		goto cleanup;
	}
	rc = attack(ctx, r, &v_icmp, "inet dgram icmp");
cleanup:
	if (rn_sh(r, 10, NULL, "printf '%%s\\n' %s > " PING_RANGE, old))
		rn_set(r, RN_ERROR, "could not restore " PING_RANGE " to %s",
			old);
	free(old);
	return rc;
}

/* --- ptrace -------------------------------------------------------------- */

static const struct vec v_ptrace = {
	RN_AS_USER, "rnx-ptrace", "ptrace", "process", "unconfined_t",
	"rnx-ptrace", EACCES
};

#define YAMA "/proc/sys/kernel/yama/ptrace_scope"

static int sc_ptrace(const struct rn_ctx *ctx, struct rn_result *r)
{
	const char *u = ctx->user ? ctx->user : "alice";
	char *scope = NULL, *pid = NULL, *label = NULL;
	int rc, have_yama;

	/* Yama (scope 1) refuses a non-descendant with EPERM before SELinux
	 * is asked: record the scope, set 0 for the test, restore it. */
	have_yama = rn_sh(r, 10, &scope, "cat " YAMA) == 0 && scope;
	if (have_yama) {
		scope[strcspn(scope, "\n")] = '\0';
		rn_note(r, "yama ptrace_scope was %s; set to 0 for the test",
			 scope);
		if (rn_sh(r, 10, NULL, "echo 0 > " YAMA)) {
			rn_set(r, RN_ERROR, "cannot set " YAMA " to 0");
			rc = -EIO;
			goto cleanup;
		}
	} else {
		rn_note(r, "no yama ptrace_scope");
	}
	/* a process of the same user, outside rustnet_t: setpriv execs
	 * sleep in place, so $! is the target itself */
	rc = rn_sh(r, 30, &pid,
		    "setpriv --reuid=%s --regid=%s --init-groups -- sleep 120 "
		    "</dev/null >/dev/null 2>&1 & echo $!", u, u);
	if (rc != 0 || !pid || !pid[0]) {
		rn_set(r, RN_ERROR, "could not start the target process (rc %d)",
			rc);
		rc = -EIO;
		goto cleanup;
	}
	pid[strcspn(pid, "\n")] = '\0';
	rc = rn_sh(r, 10, &label, "ps -o label=,user=,comm= -p %s", pid);
	if (rc != 0 || !label || !strstr(label, ":unconfined_t:")) {
		rn_set(r, RN_ERROR, "target %s is not an unconfined_t process: %s",
			pid, label ? label : "");
		rc = -EPROTO;
		goto cleanup;
	}
	rc = attack(ctx, r, &v_ptrace, pid);
cleanup:
	if (pid && pid[0])
		rn_sh(r, 10, NULL, "kill %s", pid);
	if (have_yama && rn_sh(r, 10, NULL, "echo %s > " YAMA, scope))
		rn_set(r, RN_ERROR, "could not restore " YAMA " to %s",
			scope);
	free(scope);
	free(pid);
	free(label);
	return rc;
}

/* --- terminal injection -------------------------------------------------- */

/* TIOCSTI (0x5412), TIOCSETD, TIOCLINUX are outside rustnet_t's ioctl
 * whitelist (allowxperm): the ioctl check fails before the tty layer. */
static const struct vec v_tty_pts = {
	RN_AS_USER, "rnx-tty-ioctl", "ioctl", "chr_file", "user_devpts_t",
	"rnx-tty-ioctl", EACCES
};

static const struct vec v_tty_dev = {
	RN_AS_USER, "rnx-tty-ioctl", "ioctl", "chr_file", "devtty_t",
	"rnx-tty-ioctl", EACCES
};

#define TTY_SESS	"rnx-tty"
#define TTY_DIR		"/tmp/rnx-tty"
#define TTY_WAIT_S	30

/* Number of audit records naming @cmd (ioctlcmd=0x5412) with the helper's
 * comm, or negative. */
static int ioctlcmd_count(struct rn_result *r, const char *cmd)
{
	char *out = NULL;
	int rc, n = -1;

	rc = rn_sh(r, 30, &out,
		    "grep -h ioctlcmd=%s /var/log/audit/audit.log | "
		    "grep -c 'comm=\"rnx-tty-ioctl\"'", cmd);
	if (rc >= 0 && out)
		n = atoi(out);
	free(out);
	return n;
}

/*
 * Run rnx-tty-ioctl @path @op @text in an interactive shell of the user in
 * a tmux pane (the pane's pty is the shell's controlling tty), as the
 * shell that started rustnet would.  @text for "sti" is a command line
 * creating TTY_DIR/pwned: if the push worked, the shell runs it once the
 * helper has exited.  The helper's status goes to TTY_DIR/rc.
 */
static int tty_attack(const struct rn_ctx *ctx, struct rn_result *r,
		      const struct vec *v, const char *path, const char *op,
		      const char *ioctlcmd)
{
	const char *u = ctx->user ? ctx->user : "alice";
	char *out = NULL, *line;
	int rc, i, before, after, pwned;

	rn_sc_expect(ctx, r, v->perm, v->tclass, v->ttype, v->comm, v->err);
	rc = rn_sc_helper_domain(ctx, r, v->as);
	if (rc < 0)
		return rc;
	rc = rn_sh(r, 30, NULL,
		    "rm -rf " TTY_DIR " && install -d -m 0755 -o %s " TTY_DIR " && "
		    "runuser -u %s -- tmux -L " TTY_SESS " kill-server 2>/dev/null; "
		    "runuser -u %s -- tmux -L " TTY_SESS " new-session -d -s "
		    TTY_SESS " -x 120 -y 30 'bash --norc --noprofile -i'",
		    u, u, u);
	if (rc != 0) {
		rn_set(r, RN_ERROR, "could not start the tmux shell (rc %d)",
			rc);
		return -EIO;
	}
	before = ioctlcmd_count(r, ioctlcmd);
	rc = rn_sc_avc_reset(ctx, r);
	if (rc < 0)
		goto cleanup;
	/* the pty and its label first, then the helper; its stderr and
	 * status to files (the pane is no reliable channel) */
	/* the line typed into the shell (the pushed text, for "sti", is
	 * shell text: a $'...' word ending in a newline) */
	line = rn_shfmt("ls -lZ $(tty) /dev/tty > " TTY_DIR "/tty; "
			"%s/helpers/rnx-tty-ioctl %s %s %-s 2> " TTY_DIR
			"/err; echo $? > " TTY_DIR "/rc.tmp; mv " TTY_DIR
			"/rc.tmp " TTY_DIR "/rc", ctx->bundle, path, op,
			!strcmp(op, "sti") ?
			"$'touch " TTY_DIR "/pwned\\n'" : "");
	if (!line) {
		rc = -ENOMEM;
		goto cleanup;
	}
	rc = rn_sh(r, 30, NULL,
		    "runuser -u %s -- tmux -L " TTY_SESS " send-keys -t "
		    TTY_SESS " -l %s && runuser -u %s -- tmux -L "
		    TTY_SESS " send-keys -t " TTY_SESS " Enter", u, line, u);
	free(line);
	if (rc != 0) {
		rn_set(r, RN_ERROR, "tmux send-keys failed (rc %d)", rc);
		rc = -EIO;
		goto cleanup;
	}
	for (i = 0; i < TTY_WAIT_S && access(TTY_DIR "/rc", F_OK); i++)
		sleep(1);
	/* time for the shell to read whatever was pushed */
	sleep(3);
	rc = rn_sh(r, 10, &out, "cat " TTY_DIR "/rc");
	if (rc != 0 || !out || !out[0]) {
		rn_sh(r, 10, NULL, "runuser -u %s -- tmux -L " TTY_SESS
		       " capture-pane -p -t " TTY_SESS, u);
		rn_set(r, RN_ERROR, "the helper left no exit status in the pane");
		rc = -EPROTO;
		goto cleanup;
	}
	r->observed_errno = atoi(out);
	rn_sh(r, 10, NULL, "cat " TTY_DIR "/tty " TTY_DIR "/err; "
	       "runuser -u %s -- tmux -L " TTY_SESS " capture-pane -p -t "
	       TTY_SESS, u);
	if (r->observed_errno == RN_SC_USAGE) {
		rn_set(r, RN_ERROR, "rnx-tty-ioctl rejected its arguments");
		rc = -EINVAL;
		goto cleanup;
	}
	rn_note(r, "rnx-tty-ioctl %s %s: exit %d (%s)", path, op,
		 r->observed_errno,
		 r->observed_errno ? strerror(r->observed_errno) :
		 "operation succeeded");
	after = ioctlcmd_count(r, ioctlcmd);
	rn_note(r, "audit records with ioctlcmd=%s and comm rnx-tty-ioctl: %d before, %d after",
		 ioctlcmd, before, after);
	pwned = access(TTY_DIR "/pwned", F_OK) == 0;
	if (!strcmp(op, "sti"))
		rn_note(r, "pushed command line run by the shell: %s",
			 pwned ? "yes (" TTY_DIR "/pwned exists)" : "no");
	if (ctx->mode == RN_MODE_ENFORCING && pwned)
		rn_set(r, RN_FAIL,
			"the shell ran a command line pushed from rustnet_t");
	else if (before < 0 || after <= before)
		rn_set(r, RN_FAIL, "no new audit record names ioctlcmd=%s",
			ioctlcmd);
	rc = 0;
cleanup:
	free(out);
	rn_sh(r, 10, NULL, "runuser -u %s -- tmux -L " TTY_SESS
	       " kill-server; rm -rf " TTY_DIR, u);
	return rc;
}

static int sc_tiocsti_pts(const struct rn_ctx *ctx, struct rn_result *r)
{
	return tty_attack(ctx, r, &v_tty_pts, "-", "sti", "0x5412");
}

static int sc_tiocsti_devtty(const struct rn_ctx *ctx, struct rn_result *r)
{
	return tty_attack(ctx, r, &v_tty_dev, "/dev/tty", "sti", "0x5412");
}

static int sc_tiocsetd(const struct rn_ctx *ctx, struct rn_result *r)
{
	return tty_attack(ctx, r, &v_tty_pts, "-", "setd", "0x5423");
}

static int sc_tioclinux(const struct rn_ctx *ctx, struct rn_result *r)
{
	return tty_attack(ctx, r, &v_tty_pts, "-", "linux", "0x541c");
}

/* --- eBPF and perf (boolean rustnet_use_ebpf off) ------------------------- */

/* As root: bpf() asks for CAP_BPF before anything else; SELinux refuses
 * capability2 bpf (then sys_admin), so the kernel answers EPERM. */
static const struct vec v_bpf = {
	RN_AS_SUDO, "rnx-bpf-load", "bpf", "capability2", "rustnet_t",
	"rnx-bpf-load", EPERM
};

/* perf_event_open() asks SELinux "perf_event open" first. */
static const struct vec v_perf_user = {
	RN_AS_USER, "rnx-perf-open", "open", "perf_event", "rustnet_t",
	"rnx-perf-open", EACCES
};

static const struct vec v_perf_cpu = {
	RN_AS_SUDO, "rnx-perf-open", "open", "perf_event", "rustnet_t",
	"rnx-perf-open", EACCES
};

#define PARANOID "/proc/sys/kernel/perf_event_paranoid"

/* The attack needs boolean @name off (its default).  0, or negative with
 * r ERROR. */
static int bool_off(struct rn_result *r, const char *name)
{
	char *out = NULL;
	int rc = rn_sh(r, 10, &out, "getsebool %s", name);

	if (rc != 0 || !out || !strstr(out, "--> off")) {
		rn_set(r, RN_ERROR, "%s is not off: %s", name,
			out ? out : "?");
		rc = -EPROTO;
	}
	free(out);
	return rc;
}

static int sc_bpf(const struct rn_ctx *ctx, struct rn_result *r)
{
	if (bool_off(r, "rustnet_use_ebpf"))
		return -EPROTO;
	rn_sh(r, 10, NULL, "cat /proc/sys/kernel/unprivileged_bpf_disabled");
	return attack(ctx, r, &v_bpf, "");
}

/* Run @v on @target with kernel.perf_event_paranoid at 2 (the upstream
 * and Fedora default; Debian's 3 refuses before SELinux is asked). */
static int perf_attack(const struct rn_ctx *ctx, struct rn_result *r,
		       const struct vec *v, const char *target)
{
	char *old = NULL;
	int rc;

	if (bool_off(r, "rustnet_use_ebpf"))
		return -EPROTO;
	rc = rn_sh(r, 10, &old, "cat " PARANOID);
	if (rc != 0 || !old) {
		rn_set(r, RN_ERROR, "cannot read " PARANOID);
		free(old);
		return -EIO;
	}
	old[strcspn(old, "\n")] = '\0';
	if (rn_sh(r, 10, NULL, "echo 2 > " PARANOID)) {
		rn_set(r, RN_ERROR, "cannot set " PARANOID " to 2");
		rc = -EIO;
		goto cleanup;
	}
	rc = attack(ctx, r, v, target);
cleanup:
	if (rn_sh(r, 10, NULL, "echo %s > " PARANOID, old))
		rn_set(r, RN_ERROR, "could not restore " PARANOID " to %s",
			old);
	free(old);
	return rc;
}

static int sc_perf_user(const struct rn_ctx *ctx, struct rn_result *r)
{
	const char *b = ctx->other_user ? ctx->other_user : "bob";
	char *pid = NULL;
	int rc;

	rc = rn_sh(r, 30, &pid,
		    "setpriv --reuid=%s --regid=%s --init-groups -- sleep 120 "
		    "</dev/null >/dev/null 2>&1 & echo $!", b, b);
	if (rc != 0 || !pid || !pid[0]) {
		rn_set(r, RN_ERROR, "could not start %s's process (rc %d)",
			b, rc);
		free(pid);
		return -EIO;
	}
	pid[strcspn(pid, "\n")] = '\0';
	rn_sh(r, 10, NULL, "ps -o label=,user=,pid=,comm= -p %s", pid);
	rc = perf_attack(ctx, r, &v_perf_user, pid);
	rn_sh(r, 10, NULL, "kill %s", pid);
	free(pid);
	return rc;
}

static int sc_perf_cpu(const struct rn_ctx *ctx, struct rn_result *r)
{
	return perf_attack(ctx, r, &v_perf_cpu, "cpu");
}

/* With rustnet_use_ebpf on, what the two attacks above get: reported, not
 * judged (the boolean's documented cost).  The perf probe runs with
 * perf_event_paranoid 2 like the off-state rows. */
static int sc_ebpf_on(const struct rn_ctx *ctx, struct rn_result *r)
{
	char *old = NULL;
	int rc, bpf_rc = -1, perf_rc = -1;

	rc = rn_sc_helper_domain(ctx, r, RN_AS_SUDO);
	if (rc < 0)
		return rc;
	if (rn_sh(r, 10, &old, "cat " PARANOID) != 0 || !old) {
		rn_set(r, RN_ERROR, "cannot read " PARANOID);
		rc = -EIO;
		goto cleanup;
	}
	old[strcspn(old, "\n")] = '\0';
	if (rn_sh(r, 120, NULL, "setsebool rustnet_use_ebpf on && "
		   "getsebool rustnet_use_ebpf && echo 2 > " PARANOID)) {
		rn_set(r, RN_ERROR, "could not turn rustnet_use_ebpf on");
		rc = -EIO;
		goto cleanup;
	}
	bpf_rc = rn_sc_helper(ctx, r, RN_AS_SUDO, "rnx-bpf-load", "", NULL);
	perf_rc = rn_sc_helper(ctx, r, RN_AS_SUDO, "rnx-perf-open", "cpu",
				NULL);
	rc = bpf_rc < 0 ? bpf_rc : perf_rc < 0 ? perf_rc : 0;
	if (!rc)
		rn_set(r, RN_PASS,
			"known cost, observed with rustnet_use_ebpf on: kprobe program load exit %d (%s), CPU-wide perf sampling exit %d (%s)",
			bpf_rc, bpf_rc ? strerror(bpf_rc) : "loaded",
			perf_rc, perf_rc ? strerror(perf_rc) : "opened");
cleanup:
	if (rn_sh(r, 120, NULL, "setsebool rustnet_use_ebpf off; "
		   "getsebool rustnet_use_ebpf; echo %s > " PARANOID,
		   old ? old : "3"))
		rn_set(r, RN_ERROR,
			"could not restore rustnet_use_ebpf off and " PARANOID);
	free(old);
	return rc;
}

/* --- root under sudo ------------------------------------------------------ */

/* Without rustnet_sudo_override_dac, root in rustnet_t has neither
 * CAP_DAC_READ_SEARCH nor CAP_DAC_OVERRIDE: another user's 0600 file, of a
 * type rustnet_t may read, stays closed.  The kernel asks for
 * dac_read_search first. */
static const struct vec v_sudo_dac = {
	RN_AS_SUDO, "rnx-open-read", "dac_read_search", "capability",
	"rustnet_t", "rnx-open-read", EACCES
};

/* /proc/1 is init_t: rustnet_t reads every other domain's /proc/PID, but
 * not PID 1's, so the path walk stops at /proc/1. */
static const struct vec v_proc1 = {
	RN_AS_SUDO, "rnx-open-read", "search", "dir", "init_t",
	"rnx-open-read", EACCES
};

static int sc_sudo_other_home(const struct rn_ctx *ctx, struct rn_result *r)
{
	const char *b = ctx->other_user ? ctx->other_user : "bob";
	struct passwd *pw;
	char args[600];
	int rc;

	if (bool_off(r, "rustnet_sudo_override_dac"))
		return -EPROTO;
	pw = getpwnam(b);
	if (!pw) {
		rn_set(r, RN_ERROR, "no user %s", b);
		return -EIO;
	}
	/* a config.toml of the other user, 0600, labelled as rustnet's own
	 * config type: only DAC stands between root and it */
	rc = rn_sh(r, 30, NULL,
		    "H=%s && "
		    "install -d -o %s -g %s -m 0755 \"$H/.config\" && "
		    "install -d -o %s -g %s -m 0700 \"$H/.config/rustnet\" && "
		    "printf '# rnx: secret of %%s\\n' %s > \"$H/.config/rustnet/config.toml\" && "
		    "chown %s: \"$H/.config/rustnet/config.toml\" && "
		    "chmod 600 \"$H/.config/rustnet/config.toml\" && "
		    "restorecon -R \"$H/.config\" && "
		    "ls -ldZ \"$H\" \"$H/.config/rustnet\" \"$H/.config/rustnet/config.toml\"",
		    pw->pw_dir, b, b, b, b, b, b);
	if (rc != 0) {
		rn_set(r, RN_ERROR, "could not create %s's config (rc %d)",
			b, rc);
		return -EIO;
	}
	snprintf(args, sizeof(args), "%s/.config/rustnet/config.toml",
		 pw->pw_dir);
	return attack_path(ctx, r, &v_sudo_dac, args);
}

static int sc_sudo_shared_tmp(const struct rn_ctx *ctx, struct rn_result *r)
{
	const char *b = ctx->other_user ? ctx->other_user : "bob";
	const char *path = "/tmp/rnx-bob-export.json";
	int rc;

	if (bool_off(r, "rustnet_sudo_override_dac"))
		return -EPROTO;
	/* another user's export in the shared /tmp, 0600, rustnet_tmp_t */
	rc = rn_sh(r, 30, NULL,
		    "rm -f %s && printf '{\"rnx\":\"secret of %%s\"}\\n' %s > %s && "
		    "chown %s: %s && chmod 600 %s && chcon -t rustnet_tmp_t %s && "
		    "ls -lZ %s", path, b, path, b, path, path, path, path);
	if (rc != 0) {
		rn_set(r, RN_ERROR, "could not create %s (rc %d)", path, rc);
		rc = -EIO;
		goto cleanup;
	}
	rc = attack(ctx, r, &v_sudo_dac, path);
cleanup:
	rn_sh(r, 10, NULL, "rm -f %s", path);
	return rc;
}

static int sc_proc1_environ(const struct rn_ctx *ctx, struct rn_result *r)
{
	rn_sh(r, 10, NULL, "ls -ldZ /proc/1 /proc/1/environ");
	return attack(ctx, r, &v_proc1, "/proc/1/environ");
}

/* /etc/sudoers is etc_t, like /etc/passwd that rustnet reads, and root
 * owns it (0440): no capability and no rule on rustnet_t can keep root
 * from reading it.  A stated limit: the outcome is reported, not judged. */
static int sc_sudoers(const struct rn_ctx *ctx, struct rn_result *r)
{
	int rc;

	rn_sh(r, 10, NULL, "ls -lZ /etc/sudoers /etc/passwd");
	rc = rn_sc_helper_domain(ctx, r, RN_AS_SUDO);
	if (rc < 0)
		return rc;
	rc = rn_sc_helper(ctx, r, RN_AS_SUDO, "rnx-open-read", "/etc/sudoers",
			   NULL);
	if (rc < 0)
		return rc;
	return rn_set(r, RN_PASS,
		       "known limit, observed: root in rustnet_t %s /etc/sudoers (etc_t like /etc/passwd, root-owned 0440; exit %d)",
		       rc == 0 ? "opens" : "cannot open", rc);
}

/* --- setuid plant --------------------------------------------------------- */

/* rustnet_t needs setattr on its outputs (fchown under sudo, fchmod 0600
 * in 1.7.0), and SELinux cannot tell the mode bits apart: a compromised
 * rustnet can make its own output setuid.  Whether another user can then
 * run it as its owner is up to the mount (nosuid) and to the other
 * domain; reported as observed. */
static int sc_setuid_plant(const struct rn_ctx *ctx, struct rn_result *r)
{
	const char *u = ctx->user ? ctx->user : "alice";
	const char *b = ctx->other_user ? ctx->other_user : "bob";
	const char *plant = "/tmp/rnx-plant";
	char *out = NULL;
	int rc;

	rn_sh(r, 10, NULL, "findmnt -n -o TARGET,FSTYPE,OPTIONS -T /tmp");
	/* stands in for the bytes rustnet_t would write: a copy of id
	 * created by the user, relabelled to rustnet_tmp_t (the type of
	 * rustnet outputs in /tmp); the chmod runs in rustnet_t */
	rc = rn_sh(r, 30, NULL,
		    "rm -f %s && runuser -u %s -- cp /usr/bin/id %s && "
		    "chcon -t rustnet_tmp_t %s && ls -lZ %s",
		    plant, u, plant, plant, plant);
	if (rc != 0) {
		rn_set(r, RN_ERROR, "could not place %s (rc %d)", plant, rc);
		rc = -EIO;
		goto cleanup;
	}
	rc = rn_sc_helper_domain(ctx, r, RN_AS_USER);
	if (rc < 0)
		goto cleanup;
	rc = rn_sc_helper(ctx, r, RN_AS_USER, "rnx-chmod", "/tmp/rnx-plant 4755",
			   NULL);
	if (rc < 0)
		goto cleanup;
	rn_sh(r, 30, &out, "ls -lZ %s; runuser -u %s -- %s -u", plant, b,
	       plant);
	rn_note(r, "chmod 4755 from rustnet_t: exit %d; %s then runs it: %s",
		 rc, b, out ? out : "?");
	rn_set(r, RN_PASS,
		"known limit, observed: chmod 4755 from rustnet_t exit %d; the euid %s got is in the notes",
		r->observed_errno, b);
	rc = 0;
cleanup:
	free(out);
	rn_sh(r, 10, NULL, "rm -f %s", plant);
	return rc;
}

/* --- remaining channels (issue 15 item 6) -------------------------------- */

/* Start the shell command @fmt (formatted like rn_sh(): each %s one
 * word) in the background, detached from the runner's pipe, and put its
 * pid into *pid (malloc'd).  0, or negative with r ERROR naming @what. */
static int __attribute__((format(printf, 4, 5)))
start_bg(struct rn_result *r, char **pid, const char *what,
	 const char *fmt, ...)
{
	char *cmd;
	va_list ap;
	int rc;

	va_start(ap, fmt);
	cmd = rn_vshfmt(fmt, ap);
	va_end(ap);
	*pid = NULL;
	if (!cmd) {
		rn_set(r, RN_ERROR, "cannot format the command for %s", what);
		return -ENOMEM;
	}
	rc = rn_sh(r, 30, pid, "%-s </dev/null >/dev/null 2>&1 & echo $!",
		    cmd);
	free(cmd);
	if (rc != 0 || !*pid || !(*pid)[0]) {
		rn_set(r, RN_ERROR, "could not start %s (rc %d)", what, rc);
		return -EIO;
	}
	(*pid)[strcspn(*pid, "\n")] = '\0';
	return 0;
}

/* Stop what start_bg() started (best effort, as evidence) and free @pid. */
static void stop_bg(struct rn_result *r, char *pid)
{
	if (pid && pid[0])
		rn_sh(r, 10, NULL, "kill %s 2>/dev/null; true", pid);
	free(pid);
}

/*
 * Frame injection through the capture socket.  libpcap maps its receive
 * ring shared and writable, so capture needs packet_socket write, and the
 * kernel checks send() on the same socket as that same write: SELinux
 * cannot grant one without the other.  alice runs rnx-socket with
 * rustnet's file capability (cap_net_raw, as /usr/bin/rustnet has it) and
 * sends one marked frame out of the host side of rnx-jp's veth; an
 * observer inside rnx-jp (unconfined, started first and proven with a
 * control frame) reports what arrives.  All inside the guest: the bridge
 * has no uplink.
 */
#define FRAME_IF	"v-rnx-jp"
#define FRAME_NS	"/run/netns/rnx-jp"
#define FRAME_DIR	"/tmp/rnx-frame"
#define FRAME_WATCH_S	30

/* Lines of @file equal to @text, or negative. */
static int count_lines(struct rn_result *r, const char *file,
		       const char *text)
{
	char *out = NULL;
	int rc, n = -1;

	rc = rn_sh(r, 10, &out, "grep -c -x -F -e %s %s", text, file);
	if ((rc == 0 || rc == 1) && out)
		n = atoi(out);
	free(out);
	return n;
}

static int frame_verdict(struct rn_result *r, int sent, int ctl, int seen)
{
	rn_note(r, "frames seen in rnx-jp: control %d, rustnet_t's %d", ctl,
		 seen);
	if (ctl <= 0)
		return rn_set(r, RN_ERROR,
			       "the observer in rnx-jp saw no control frame: nothing can be shown either way");
	if (sent == EACCES)
		return rn_set(r, RN_FAIL,
			       "rustnet_t was refused the send (EACCES): the stated limit no longer holds, policy/README.md must say so");
	if (sent != 0)
		return rn_set(r, RN_ERROR,
			       "rnx-socket could not send the frame: %s",
			       strerror(sent));
	if (seen <= 0)
		return rn_set(r, RN_ERROR,
			       "sendto() from rustnet_t succeeded but the frame never reached rnx-jp");
	return rn_set(r, RN_PASS,
		       "known limit, observed: a frame built by rustnet_t (alice, cap_net_raw) on a packet socket left " FRAME_IF " and arrived in rnx-jp; send() is packet_socket write, which the capture ring needs too");
}

static int sc_frame_inject(const struct rn_ctx *ctx, struct rn_result *r)
{
	char ctl[96], mark[96], args[256];
	int rc, i, sent;

	rn_sc_marker(ctl, sizeof(ctl), "frame-control");
	rn_sc_marker(mark, sizeof(mark), "frame");
	rc = rn_sc_helper_domain(ctx, r, RN_AS_USER);
	if (rc < 0)
		return rc;
	rc = rn_sh(r, 30, NULL,
		    "ip link show " FRAME_IF " && ls -l " FRAME_NS " && "
		    "rm -rf " FRAME_DIR " && mkdir -m 0700 " FRAME_DIR " && "
		    "setcap cap_net_raw+ep %s/helpers/rnx-socket && "
		    "getcap %s/helpers/rnx-socket",
		    ctx->bundle, ctx->bundle);
	if (rc != 0) {
		rn_set(r, RN_ERROR,
			"no " FRAME_IF "/rnx-jp fixture, or setcap failed (rc %d)",
			rc);
		rc = -EIO;
		goto cleanup;
	}
	rc = rn_sh(r, 30, NULL,
		    "nsenter --net=" FRAME_NS " python3 %s/guest/frame-watch.py watch eth0 %d "
		    FRAME_DIR "/ready </dev/null >" FRAME_DIR "/seen 2>" FRAME_DIR
		    "/err & echo $! > " FRAME_DIR "/pid",
		    ctx->bundle, FRAME_WATCH_S);
	for (i = 0; rc == 0 && i < 10 && access(FRAME_DIR "/ready", F_OK); i++)
		sleep(1);
	if (rc != 0 || access(FRAME_DIR "/ready", F_OK)) {
		rn_sh(r, 10, NULL, "cat " FRAME_DIR "/err");
		rn_set(r, RN_ERROR, "the frame observer in rnx-jp did not start");
		rc = -EIO;
		goto cleanup;
	}
	/* the control frame, from root's unconfined shell */
	rn_sh(r, 30, NULL, "python3 %s/guest/frame-watch.py send " FRAME_IF " %s",
	       ctx->bundle, ctl);
	snprintf(args, sizeof(args), "packet raw 0 frame " FRAME_IF " %s", mark);
	sent = rn_sc_helper(ctx, r, RN_AS_USER, "rnx-socket", args, NULL);
	if (sent < 0) {
		rc = sent;
		goto cleanup;
	}
	sleep(2);
	frame_verdict(r, sent, count_lines(r, FRAME_DIR "/seen", ctl),
		      count_lines(r, FRAME_DIR "/seen", mark));
	rc = 0;
cleanup:
	rn_sh(r, 10, NULL,
	       "[ -f " FRAME_DIR "/pid ] && kill $(cat " FRAME_DIR "/pid); "
	       "cat " FRAME_DIR "/seen; setcap -r %s/helpers/rnx-socket; "
	       "rm -rf " FRAME_DIR, ctx->bundle);
	return rc;
}

/*
 * Abstract unix sockets: no file, labelled with the creator's domain.
 * Connecting to one of an unconfined process is "unix_stream_socket
 * connectto" on unconfined_t, which rustnet_t does not have.  rustnet
 * listens on no socket, so the module grants no unix bind: a datagram
 * socket of rustnet_t cannot take an abstract name.  Debian's refpolicy
 * grants every domain bind and listen on its own unix stream sockets
 * (domain.te), so there rustnet_t can serve an abstract stream socket
 * that any unconfined process, another user's too, may connect to: a
 * stated limit, shown by attack.abstract_listen.
 */
static const struct vec v_abs_connect = {
	RN_AS_USER, "rnx-socket", "connectto", "unix_stream_socket",
	"unconfined_t", "rnx-socket", EACCES
};

static const struct vec v_abs_bind_dgram = {
	RN_AS_USER, "rnx-socket", "bind", "unix_dgram_socket", "rustnet_t",
	"rnx-socket", EACCES
};

static int sc_abstract_connect(const struct rn_ctx *ctx,
			       struct rn_result *r)
{
	const char *u = ctx->user ? ctx->user : "alice";
	char name[96], args[160], *pid = NULL;
	int rc, i;

	rn_sc_marker(name, sizeof(name), "abs");
	/* the user's own unconfined process listens: same uid, so only
	 * SELinux stands between the two */
	rc = start_bg(r, &pid, "the socat listener",
		      "setpriv --reuid=%s --regid=%s --init-groups -- "
		      "socat ABSTRACT-LISTEN:%s,fork /dev/null", u, u, name);
	if (rc < 0)
		goto cleanup;
	for (i = 0, rc = 1; rc != 0 && i < 10; i++) {
		if (i)
			sleep(1);
		rc = rn_sh(r, 10, NULL, "ss -xlp | grep -F @%s", name);
	}
	if (rc != 0 || rn_sh(r, 10, NULL,
			      "ps -o label=,user=,comm= -p %s | grep -q ':unconfined_t:'",
			      pid)) {
		rn_set(r, RN_ERROR,
			"no unconfined_t listener on the abstract socket @%s",
			name);
		rc = -EPROTO;
		goto cleanup;
	}
	snprintf(args, sizeof(args), "unix stream 0 connect @%s", name);
	rc = attack(ctx, r, &v_abs_connect, args);
cleanup:
	stop_bg(r, pid);
	return rc;
}

#define ABS_SERVE_S "15"

static int sc_abstract_listen(const struct rn_ctx *ctx, struct rn_result *r)
{
	const char *b = ctx->other_user ? ctx->other_user : "bob";
	char name[96], args[160], *loop = NULL;
	int rc;

	rn_sc_marker(name, sizeof(name), "abs-listen");
	rc = rn_sc_helper_domain(ctx, r, RN_AS_USER);
	if (rc < 0)
		return rc;
	/* bob's unconfined process tries to connect once a second */
	rc = start_bg(r, &loop, "the connection attempts",
		      "(for i in 1 2 3 4 5 6 7 8 9 10 11 12; do sleep 1; "
		      "runuser -u %s -- socat -u OPEN:/dev/null ABSTRACT-CONNECT:%s "
		      "2>/dev/null && break; done)", b, name);
	if (rc < 0)
		goto cleanup;
	snprintf(args, sizeof(args), "unix stream 0 bind @%s " ABS_SERVE_S, name);
	rc = rn_sc_helper(ctx, r, RN_AS_USER, "rnx-socket", args, NULL);
	if (rc < 0)
		goto cleanup;
	if (rc == 0)
		rn_set(r, RN_PASS,
			"known limit, observed: rustnet_t bound, listened on and accepted a connection on the abstract socket @%s, which %s's unconfined process connected to (Debian's domain-wide unix_stream_socket rule)",
			name, b);
	else if (rc == EACCES)
		rn_set(r, RN_PASS,
			"closed on this policy: bind of @%s refused (EACCES); no domain-wide unix_stream_socket rule grants it here",
			name);
	else
		rn_set(r, RN_ERROR,
			"rustnet_t's socket on @%s got no connection from %s: %s",
			name, b, strerror(rc));
	rc = 0;
cleanup:
	stop_bg(r, loop);
	return rc;
}

static int sc_abstract_bind_dgram(const struct rn_ctx *ctx,
				  struct rn_result *r)
{
	char name[96], args[160];

	rn_sc_marker(name, sizeof(name), "abs-dgram");
	snprintf(args, sizeof(args), "unix dgram 0 bind @%s", name);
	return attack(ctx, r, &v_abs_bind_dgram, args);
}

/*
 * systemd-resolved's io.systemd.Resolve.Monitor: resolved creates it in
 * /run/systemd/resolve like io.systemd.Resolve, so it has the same file
 * type (systemd_resolved_runtime_t), and the rule that lets rustnet_t reach
 * the resolver would reach it.  What keeps it out is DAC: the Monitor
 * socket is 0600 systemd-resolve, so root needs CAP_DAC_OVERRIDE, which
 * rustnet_t lacks while rustnet_sudo_override_dac is off.  Seen in the
 * first guest run of these rows (r13-int, debian12, enforcing): connect
 * EACCES with `{ dac_override } capability` from rnx-socket.  With the
 * boolean on the subscription would be the channel issue 15 describes
 * (another user's lookups); that state is not run here.
 *
 * Newer systemd (Debian 13's 257; upstream resolved now binds it 0666)
 * creates the Monitor socket world-writable and leaves the caller check
 * to resolved itself: root passes, so
 * under sudo nothing refuses the subscription (debian13-fedora-policy-
 * 4a6e720: "srw-rw-rw- systemd-resolve", rnx-socket exit 0, resolved
 * answered {"parameters":{"ready":true},"continues":true}, no record).
 * SELinux cannot tell the two sockets apart (same file type, same peer
 * domain), so with a world-writable Monitor socket the row is that known
 * limit (GAP) when the subscription succeeds; a refusal there is judged
 * as before (FAIL without the expected record: update this row).
 *
 * What holds there instead is resolved's own check: a caller that is not
 * root must pass polkit (org.freedesktop.resolve1.subscribe-query-results,
 * systemd's resolved-varlink.c), and rustnet 1.7.0 under sudo drops root
 * to SUDO_UID before any worker that parses packets starts.  The GAP row
 * therefore also subscribes as the invoking user in rustnet_t (what a
 * taken-over 1.7.0 is) and records resolved's answer; it stays GAP either
 * way (root in rustnet_t: 1.6.0 under sudo, or 1.7.0 with --no-uid-drop
 * or --no-sandbox, still gets every lookup).
 */
#define MONITOR_SOCK	"/run/systemd/resolve/io.systemd.Resolve.Monitor"
#define MONITOR_CALL \
	"'{\"method\":\"io.systemd.Resolve.Monitor.SubscribeQueryResults\",\"more\":true}'"

static const struct vec v_monitor_sudo = {
	RN_AS_SUDO, "rnx-socket", "dac_override", "capability",
	"rustnet_t", "rnx-socket", EACCES
};

/* The same subscription as the invoking user in rustnet_t; @why gets what
 * resolved (or the kernel) answered.  The attack's observed errno is kept:
 * the row is judged on root's attempt. */
static int monitor_as_user(const struct rn_ctx *ctx, struct rn_result *r,
			   char *why, size_t len)
{
	int keep = r->observed_errno, rc;
	char *out = NULL, *e;

	rc = rn_sc_helper(ctx, r, RN_AS_USER, "rnx-socket",
			  "unix stream 0 connect " MONITOR_SOCK " "
			  MONITOR_CALL " 5", &out);
	r->observed_errno = keep;
	if (rc < 0)
		goto cleanup;
	e = out ? strstr(out, "\"error\"") : NULL;
	if (rc)
		snprintf(why, len, "connect failed, %s", strerror(rc));
	else if (e)
		snprintf(why, len, "resolved refused the subscription (%.100s)",
			 e);
	else
		snprintf(why, len,
			 "resolved accepted the subscription too (%.100s)",
			 out ? out : "");
	for (e = why; *e; e++)	/* one line, one table cell */
		if (*e == '\n' || *e == '|')
			*e = ' ';
	rn_note(r, "as the user: %s", why);
	rc = 0;
cleanup:
	free(out);
	return rc;
}

static int sc_resolved_monitor(const struct rn_ctx *ctx, struct rn_result *r)
{
	struct stat st;
	char why[200];
	int rc;

	if (rn_sh(r, 30, NULL,
		   "systemctl is-active systemd-resolved && ls -lZ " MONITOR_SOCK))
		return rn_set(r, RN_SKIP,
			       "systemd-resolved or its Monitor socket is absent: no such channel on this guest");
	if (bool_off(r, "rustnet_sudo_override_dac"))
		return -EPROTO;
	if (stat(MONITOR_SOCK, &st) < 0) {
		rc = -errno;
		rn_set(r, RN_ERROR, "stat %s: %s", MONITOR_SOCK,
			strerror(-rc));
		return rc;
	}
	rc = attack(ctx, r, &v_monitor_sudo,
		    "unix stream 0 connect " MONITOR_SOCK " " MONITOR_CALL " 5");
	if (rc < 0 || !(st.st_mode & S_IWOTH) || r->observed_errno != 0)
		return rc;
	rc = monitor_as_user(ctx, r, why, sizeof(why));
	if (rc < 0)
		return rc;
	return rn_set(r, RN_KNOWN_GAP,
		       "the Monitor socket is mode %04o (newer systemd: resolved checks the caller itself): root in rustnet_t subscribed to every lookup; SELinux cannot tell it from the resolve socket (same type, same peer), so only DAC could hold and here it does not. As the invoking user in rustnet_t (rustnet 1.7.0 after its uid drop): %s",
		       (unsigned int)(st.st_mode & 07777), why);
}

/*
 * Another user's pty: bob's tmux pane is user_devpts_t like alice's own
 * terminal, and rustnet_t must use that type for its TUI.  As alice, DAC
 * (0620 bob:tty) refuses the open, with no SELinux record (the core FAILs
 * the row when the window holds the helper's rustnet_t denial: Fedora's
 * policy refuses { search } dir devpts_t first); under sudo root
 * would need CAP_DAC_OVERRIDE, which rustnet_t lacks while
 * rustnet_sudo_override_dac is off.
 */
#define BOB_TTY "rnx-bobtty"

static const struct vec v_pty_sudo = {
	RN_AS_SUDO, "rnx-tty-ioctl", "dac_override", "capability",
	"rustnet_t", "rnx-tty-ioctl", EACCES
};

/* Start bob's tmux pane and put its pty path into @buf.  0, or negative
 * with r ERROR. */
static int bob_pty(const struct rn_ctx *ctx, struct rn_result *r,
		   char *buf, size_t len)
{
	const char *b = ctx->other_user ? ctx->other_user : "bob";
	char *out = NULL;
	int rc;

	rc = rn_sh(r, 30, NULL,
		    "runuser -u %s -- tmux -L " BOB_TTY " kill-server 2>/dev/null; "
		    "runuser -u %s -- tmux -L " BOB_TTY " new-session -d -s " BOB_TTY
		    " -x 80 -y 24 'sleep 300'", b, b);
	/* stdout and stderr come back together: only the path on them */
	if (rc == 0)
		rc = rn_sh(r, 30, &out,
			    "t=$(runuser -u %s -- tmux -L " BOB_TTY " list-panes -t "
			    BOB_TTY " -F '#{pane_tty}' 2>/dev/null) && "
			    "case $t in /dev/pts/[0-9]*) ;; *) exit 3;; esac && "
			    "[ -c \"$t\" ] && [ \"$(stat -c %%U \"$t\")\" = %s ] && "
			    "printf '%%s' \"$t\"", b, b);
	if (rc != 0 || !out || !out[0] || strchr(out, '\n') ||
	    (size_t)snprintf(buf, len, "%s", out) >= len) {
		rn_set(r, RN_ERROR, "no pty of %s (rc %d)", b, rc);
		rc = -EIO;
	} else {
		rn_sh(r, 10, NULL, "ls -lZ %s", buf);
	}
	free(out);
	return rc;
}

static void bob_pty_stop(const struct rn_ctx *ctx, struct rn_result *r)
{
	rn_sh(r, 10, NULL, "runuser -u %s -- tmux -L " BOB_TTY " kill-server",
	       ctx->other_user ? ctx->other_user : "bob");
}

/* The expectation of attack.pty_other_user on this guest: 1 when an
 * alternative applies (r->gap_as_attack, r->expect set: SELinux refuses
 * the walk itself), 0 for the documented DAC-only gap, or a negative errno
 * with r ERROR when the guest's facts cannot be read. */
static int pty_other_expect(const struct rn_ctx *ctx, struct rn_result *r)
{
	const struct rn_alt *a;
	unsigned int facts;
	int rc;

	rc = rn_facts(&facts);
	if (rc < 0)
		return rn_set(r, RN_ERROR,
			       "cannot tell the guest's policy flavour and kernel (security_check_context, uname): %s",
			       strerror(-rc)), rc;
	a = rn_alt_pick(rn_alt_pty_other, facts, ctx->mode);
	if (!a)
		return 0;
	rn_note(r, "expectation for %s: %s; judged as an attack here",
		 rn_facts_name(facts), a->why);
	rn_sc_expect(ctx, r, a->perm, a->tclass, a->ttype, "rnx-tty-ioctl",
		     a->err);
	r->gap_as_attack = 1;
	return 1;
}

static int sc_pty_other_user(const struct rn_ctx *ctx, struct rn_result *r)
{
	char pts[64], args[96];
	int rc, closed;

	closed = pty_other_expect(ctx, r);
	if (closed < 0)
		return closed;
	/* "no SELinux record": the core checks the window (EACCES alone
	 * cannot tell DAC from SELinux) */
	if (!closed)
		r->gap_quiet_comm = "rnx-tty-ioctl";
	rc = rn_sc_helper_domain(ctx, r, RN_AS_USER);
	if (rc < 0)
		return rc;
	rc = bob_pty(ctx, r, pts, sizeof(pts));
	if (rc < 0)
		goto cleanup;
	if (closed) {
		rc = rn_sc_avc_reset(ctx, r);
		if (rc < 0)
			goto cleanup;
	}
	snprintf(args, sizeof(args), "%s gwinsz", pts);
	rc = rn_sc_helper(ctx, r, RN_AS_USER, "rnx-tty-ioctl", args, NULL);
	if (rc < 0)
		goto cleanup;
	if (rc == 0)
		rn_set(r, RN_FAIL, "rustnet_t as %s opened %s's pty %s read-write",
			ctx->user ? ctx->user : "alice",
			ctx->other_user ? ctx->other_user : "bob", pts);
	else if (closed)
		rn_note(r, "rnx-tty-ioctl %s: exit %d (%s)", args, rc,
			 strerror(rc));
	else if (rc == EACCES)
		rn_set(r, RN_PASS,
			"known limit, observed: %s (another user's pty) has the type of the user's own terminal; only DAC (0620, group tty) refused the open (EACCES)",
			pts);
	else
		rn_set(r, RN_ERROR, "open of %s: unexpected %s", pts,
			strerror(rc));
	rc = 0;
cleanup:
	bob_pty_stop(ctx, r);
	return rc;
}

static int sc_pty_sudo(const struct rn_ctx *ctx, struct rn_result *r)
{
	char pts[64], args[96];
	int rc;

	if (bool_off(r, "rustnet_sudo_override_dac"))
		return -EPROTO;
	rc = bob_pty(ctx, r, pts, sizeof(pts));
	if (rc < 0)
		goto cleanup;
	snprintf(args, sizeof(args), "%s gwinsz", pts);
	rc = attack(ctx, r, &v_pty_sudo, args);
cleanup:
	bob_pty_stop(ctx, r);
	return rc;
}

/*
 * /proc/PID/environ of a process of rustnet's own uid (every root process
 * under sudo): attribution needs "file read" on the target's domain to list
 * /proc/PID/fd, and the kernel opens environ under the same check.
 */
static int environ_probe(const struct rn_ctx *ctx, struct rn_result *r,
			 enum rn_sc_as as)
{
	const char *u = ctx->user ? ctx->user : "alice";
	char secret[96], args[256], *pid = NULL;
	int rc;

	rn_sc_marker(secret, sizeof(secret), "env");
	rc = rn_sc_helper_domain(ctx, r, as);
	if (rc < 0)
		return rc;
	/* env and setpriv exec in place: $! is the target itself */
	if (as == RN_AS_SUDO)
		rc = start_bg(r, &pid, "root's target process",
			      "env RNX_SECRET=%s sleep 120", secret);
	else
		rc = start_bg(r, &pid, "the target process",
			      "setpriv --reuid=%s --regid=%s --init-groups -- "
			      "env RNX_SECRET=%s sleep 120", u, u, secret);
	if (rc < 0)
		goto cleanup;
	rn_sh(r, 10, NULL, "ps -o label=,user=,pid=,comm= -p %s; ls -lZ /proc/%s/environ",
	       pid, pid);
	snprintf(args, sizeof(args), "/proc/%s/environ RNX_SECRET=%s", pid,
		 secret);
	rc = rn_sc_helper(ctx, r, as, "rnx-open-read", args, NULL);
	if (rc < 0)
		goto cleanup;
	if (rc == 0)
		rn_set(r, RN_PASS,
			"known limit, observed: rustnet_t (%s) read RNX_SECRET from /proc/%s/environ of a %s process",
			as == RN_AS_SUDO ? "root, sudo" : u, pid,
			as == RN_AS_SUDO ? "root" : "same-user");
	else if (rc == EACCES)
		rn_set(r, RN_FAIL,
			"/proc/%s/environ was refused (EACCES): the stated limit no longer holds, policy/README.md must say so",
			pid);
	else
		rn_set(r, RN_ERROR, "/proc/%s/environ: unexpected %s", pid,
			strerror(rc));
	rc = 0;
cleanup:
	stop_bg(r, pid);
	return rc;
}

static int sc_environ_same_user(const struct rn_ctx *ctx,
				struct rn_result *r)
{
	return environ_probe(ctx, r, RN_AS_USER);
}

static int sc_environ_sudo_root(const struct rn_ctx *ctx,
				struct rn_result *r)
{
	return environ_probe(ctx, r, RN_AS_SUDO);
}

/*
 * Signals: rustnet_t may signal only itself (and send sigchld to its
 * parent).  SIGKILL to another process of the same user needs no
 * capability, so "process sigkill" on unconfined_t is the only check.
 */
static const struct vec v_kill = {
	RN_AS_USER, "rnx-kill", "sigkill", "process", "unconfined_t",
	"rnx-kill", EACCES
};

static int sc_kill_user_process(const struct rn_ctx *ctx,
				struct rn_result *r)
{
	const char *u = ctx->user ? ctx->user : "alice";
	char args[64], *pid = NULL;
	int rc;

	rc = start_bg(r, &pid, "the target process",
		      "setpriv --reuid=%s --regid=%s --init-groups -- sleep 120",
		      u, u);
	if (rc < 0)
		goto cleanup;
	if (rn_sh(r, 10, NULL,
		   "ps -o label=,user=,comm= -p %s | grep -q ':unconfined_t:'",
		   pid)) {
		rn_set(r, RN_ERROR, "target %s is not an unconfined_t process",
			pid);
		rc = -EPROTO;
		goto cleanup;
	}
	snprintf(args, sizeof(args), "%s kill", pid);
	rc = attack(ctx, r, &v_kill, args);
	if (rc == 0 && ctx->mode == RN_MODE_ENFORCING &&
	    rn_sh(r, 10, NULL, "kill -0 %s", pid))
		rn_set(r, RN_FAIL, "the user's process %s died", pid);
cleanup:
	stop_bg(r, pid);
	return rc;
}

/*
 * Debian: systemd_stream_connect_userdb also grants connectto on init_t,
 * because PID 1 serves io.systemd.DynamicUser in /run/systemd/userdb when
 * userdbd is absent.  A stated limit: read-only user records; shown as a
 * varlink call that PID 1 answers.
 */
#define DYNUSER_SOCK	"/run/systemd/userdb/io.systemd.DynamicUser"
#define DYNUSER_CALL \
	"'{\"method\":\"io.systemd.UserDatabase.GetUserRecord\"," \
	"\"parameters\":{\"service\":\"io.systemd.DynamicUser\"},\"more\":true}'"

static int sc_pid1_varlink(const struct rn_ctx *ctx, struct rn_result *r)
{
	char *out = NULL;
	int rc;

	if (rn_sh(r, 10, NULL, "ls -lZ " DYNUSER_SOCK "; ps -o label=,comm= -p 1; "
		   "[ -S " DYNUSER_SOCK " ]"))
		return rn_set(r, RN_SKIP,
			       "no " DYNUSER_SOCK " on this guest: no such channel");
	rc = rn_sc_helper_domain(ctx, r, RN_AS_USER);
	if (rc < 0)
		return rc;
	rc = rn_sc_helper(ctx, r, RN_AS_USER, "rnx-socket",
			   "unix stream 0 connect " DYNUSER_SOCK " " DYNUSER_CALL
			   " 3", &out);
	if (rc < 0)
		goto cleanup;
	if (rc == EACCES)
		rn_set(r, RN_PASS,
			"closed on this policy: connecting to " DYNUSER_SOCK " was refused (EACCES)");
	else if (rc == 0 && out && (strstr(out, "\"error\"") ||
				    strstr(out, "\"parameters\"")))
		rn_set(r, RN_PASS,
			"known limit, observed: rustnet_t called io.systemd.UserDatabase.GetUserRecord on " DYNUSER_SOCK " and PID 1 answered (reply in the evidence)");
	else
		rn_set(r, RN_ERROR, "no varlink reply from " DYNUSER_SOCK " (exit %d)",
			rc);
	rc = 0;
cleanup:
	free(out);
	return rc;
}

/* The rows whose first denial depends on the guest's policy flavour or
 * kernel, with their alternatives (core_flavour.c). */
static const struct {
	const struct vec *v;
	const struct rn_alt *alts;
} vec_alts[] = {
	{ &v_udp, rn_alt_udp_write },
	{ &v_udp_nc, rn_alt_udp_write },
	{ &v_exec_sh, rn_alt_exec_sh },
	{ &v_exec_bin, rn_alt_exec_bin },
	{ &v_ssh, rn_alt_ssh },
	{ &v_module, rn_alt_module },
	{ &v_bpf, rn_alt_bpf },
	{ &v_pty_sudo, rn_alt_pty_sudo },
};

/* r->expect for @v on this guest (rn_sc_expect_alt): 1 with r SKIP when
 * this pass cannot see the denial, a negative errno with r ERROR when the
 * guest's facts cannot be read, else 0. */
static int vec_expect(const struct rn_ctx *ctx, struct rn_result *r,
		      const struct vec *v)
{
	const struct rn_alt *alts = NULL;
	size_t i;

	for (i = 0; i < sizeof(vec_alts) / sizeof(vec_alts[0]); i++)
		if (vec_alts[i].v == v)
			alts = vec_alts[i].alts;
	return rn_sc_expect_alt(ctx, r, v->perm, v->tclass, v->ttype,
				 v->comm, v->err, alts);
}

const struct rn_scenario rn_sc_attack[] = {
	{ "attack.domain",
	  "Helpers labelled rustnet_exec_t enter rustnet_t when run by the user and through sudo.",
	  "4.3", RN_META, BOTH, sc_domain },
	{ "attack.udp_1234.nc",
	  "`nc -u` to 127.0.0.1:1234 from rustnet_t is denied (udp_socket write).",
	  "4.3", RN_ATTACK, BOTH, sc_udp_nc },
	{ "attack.udp_1234",
	  "A UDP datagram from rustnet_t to 127.0.0.1:1234 is denied (udp_socket write) and never arrives.",
	  "4.3", RN_ATTACK, BOTH, sc_udp },
	{ "attack.tcp_1234",
	  "A TCP connection from rustnet_t to 127.0.0.1:1234 is denied (no tcp_socket at all).",
	  "4.3", RN_ATTACK, BOTH, sc_tcp },
	{ "attack.exec_shell",
	  "rustnet_t cannot execute /bin/sh: the path walk through the bin_t symlink /bin is denied.",
	  "4.3", RN_ATTACK, BOTH, sc_exec_sh },
	{ "attack.exec_bin",
	  "rustnet_t cannot execute /usr/bin/id (bin_t): it cannot even search /usr/bin.",
	  "4.3", RN_ATTACK, BOTH, sc_exec_bin },
	{ "attack.exec_shell_type",
	  "rustnet_t cannot execute a shell_exec_t file even where it can reach it.",
	  "4.3", RN_ATTACK, BOTH, sc_exec_type },
	{ "attack.read_ssh_key",
	  "rustnet_t cannot reach ~/.ssh/id_ed25519 (ssh_home_t).",
	  "4.3", RN_ATTACK, BOTH, sc_read_ssh },
	{ "attack.read_bashrc",
	  "rustnet_t cannot read ~/.bashrc (user_home_t).",
	  "4.3", RN_ATTACK, BOTH, sc_read_bashrc },
	{ "attack.read_shadow",
	  "rustnet_t running as root cannot read /etc/shadow (shadow_t).",
	  "4.3", RN_ATTACK, BOTH, sc_read_shadow },
	{ "attack.write_etc",
	  "rustnet_t running as root cannot create /etc/rnx-pwned (etc_t).",
	  "4.3", RN_ATTACK, BOTH, sc_write_etc },
	{ "attack.write_home",
	  "rustnet_t cannot create files in the home directory (user_home_dir_t).",
	  "4.3", RN_ATTACK, BOTH, sc_write_home },
	{ "attack.finit_module",
	  "rustnet_t running as root cannot load a kernel module (capability sys_module).",
	  "4.3", RN_ATTACK, BOTH, sc_module },
	{ "attack.raw_socket",
	  "rustnet_t cannot create a raw IP socket (rawip_socket create).",
	  "4.3", RN_ATTACK, BOTH, sc_raw },
	{ "attack.icmp_socket",
	  "rustnet_t cannot create an ICMP (ping) socket (icmp_socket create).",
	  "4.3", RN_ATTACK, BOTH, sc_icmp },
	{ "attack.ptrace",
	  "rustnet_t cannot ptrace another process of the same user (process ptrace).",
	  "4.3", RN_ATTACK, BOTH, sc_ptrace },
	{ "attack.tiocsti_pty",
	  "rustnet_t cannot push input into the shell that started it: TIOCSTI on its controlling pty is outside the ioctl whitelist (EACCES, AVC with ioctlcmd=0x5412), and the shell runs nothing.",
	  "4.3", RN_ATTACK, BOTH, sc_tiocsti_pts },
	{ "attack.tiocsti_devtty",
	  "rustnet_t cannot push input through /dev/tty either (devtty_t, ioctlcmd=0x5412).",
	  "4.3", RN_ATTACK, BOTH, sc_tiocsti_devtty },
	{ "attack.tiocsetd",
	  "rustnet_t cannot change the line discipline of its terminal (TIOCSETD, ioctlcmd=0x5423).",
	  "4.3", RN_ATTACK, BOTH, sc_tiocsetd },
	{ "attack.tioclinux",
	  "rustnet_t cannot issue TIOCLINUX on its terminal (ioctlcmd=0x541c).",
	  "4.3", RN_ATTACK, BOTH, sc_tioclinux },
	{ "attack.bpf_prog_load",
	  "With rustnet_use_ebpf off, root in rustnet_t cannot load a tracing (kprobe) eBPF program (capability2 bpf).",
	  "4.3", RN_ATTACK, ENF, sc_bpf },
	{ "attack.perf_other_user",
	  "With rustnet_use_ebpf off, rustnet_t cannot open a sampling perf event on another user's process (perf_event open; perf_event_paranoid 2).",
	  "4.3", RN_ATTACK, ENF, sc_perf_user },
	{ "attack.perf_cpu_wide",
	  "With rustnet_use_ebpf off, root in rustnet_t cannot sample every process on a CPU (perf_event open; perf_event_paranoid 2).",
	  "4.3", RN_ATTACK, ENF, sc_perf_cpu },
	{ "attack.ebpf_on",
	  "Known cost: with rustnet_use_ebpf on, what root in rustnet_t gets for a tracing eBPF program load and CPU-wide perf sampling is reported as observed.",
	  "4.3", RN_GAP, ENF, sc_ebpf_on },
	{ "attack.sudo_other_home",
	  "With rustnet_sudo_override_dac off, root in rustnet_t cannot read another user's 0600 rustnet config in their home (capability dac_read_search).",
	  "4.3", RN_ATTACK, ENF, sc_sudo_other_home },
	{ "attack.sudo_shared_tmp",
	  "With rustnet_sudo_override_dac off, root in rustnet_t cannot read another user's 0600 rustnet export in /tmp (capability dac_read_search).",
	  "4.3", RN_ATTACK, ENF, sc_sudo_shared_tmp },
	{ "attack.proc1_environ",
	  "Root in rustnet_t cannot read /proc/1/environ: /proc/1 (init_t) is not among the processes rustnet_t may inspect.",
	  "4.3", RN_ATTACK, ENF, sc_proc1_environ },
	{ "attack.sudo_sudoers",
	  "Known limit: /etc/sudoers is etc_t and root-owned; what root in rustnet_t gets is reported as observed.",
	  "4.3", RN_GAP, BOTH, sc_sudoers },
	{ "attack.setuid_plant",
	  "Known limit: rustnet_t may chmod its own outputs (setattr), so it can set the setuid bit on one; whether another user then runs it as its owner is reported as observed.",
	  "4.3", RN_GAP, BOTH, sc_setuid_plant },
	{ "attack.frame_inject",
	  "Known limit: a frame sent by rustnet_t (alice, cap_net_raw) through a packet socket on the test veth v-rnx-jp arrives in rnx-jp; packet_socket write serves both the capture ring and send().",
	  "4.3", RN_GAP, ENF, sc_frame_inject },
	{ "attack.abstract_connect",
	  "rustnet_t cannot connect to an abstract unix socket of the user's own unconfined process (unix_stream_socket connectto unconfined_t).",
	  "4.3", RN_ATTACK, BOTH, sc_abstract_connect },
	{ "attack.abstract_listen",
	  "Known limit (Debian): rustnet_t listens on an abstract unix stream socket and another user's unconfined process connects to it (refpolicy grants every domain bind/listen on its own unix stream sockets).",
	  "4.3", RN_GAP, ENF, sc_abstract_listen },
	{ "attack.abstract_dgram_bind",
	  "rustnet_t cannot bind an abstract unix datagram socket to receive on (unix_dgram_socket bind): rustnet binds no unix socket.",
	  "4.3", RN_ATTACK, BOTH, sc_abstract_bind_dgram },
	{ "attack.sudo_resolved_monitor",
	  "With rustnet_sudo_override_dac off, root in rustnet_t cannot subscribe to systemd-resolved's io.systemd.Resolve.Monitor (0600 systemd-resolve; capability dac_override), so it cannot receive other users' lookups; the socket type is the resolver's, so DAC is what holds.",
	  "4.3", RN_ATTACK, ENF, sc_resolved_monitor },
	{ "attack.pty_other_user",
	  "Known limit: another user's pty is user_devpts_t like the user's own terminal; as the user only DAC (0620, group tty) keeps rustnet_t out (EACCES, no SELinux record).",
	  "4.3", RN_GAP, ENF, sc_pty_other_user },
	{ "attack.sudo_pty_other_user",
	  "With rustnet_sudo_override_dac off, root in rustnet_t cannot open another user's pty read-write (capability dac_override).",
	  "4.3", RN_ATTACK, ENF, sc_pty_sudo },
	{ "attack.environ_same_user",
	  "Known limit: rustnet_t reads /proc/PID/environ of a process of its own user (the check that lets it list /proc/PID/fd).",
	  "4.3", RN_GAP, ENF, sc_environ_same_user },
	{ "attack.sudo_environ_root",
	  "Known limit: under sudo, rustnet_t reads /proc/PID/environ of a root process other than PID 1.",
	  "4.3", RN_GAP, ENF, sc_environ_sudo_root },
	{ "attack.kill_user_process",
	  "rustnet_t cannot SIGKILL another process of its own user (process sigkill on unconfined_t), and the process lives on.",
	  "4.3", RN_ATTACK, BOTH, sc_kill_user_process },
	{ "attack.pid1_varlink",
	  "Known limit (Debian): rustnet_t reaches PID 1's io.systemd.DynamicUser varlink socket (systemd_stream_connect_userdb grants init_t connectto) and gets an answer.",
	  "4.3", RN_GAP, ENF, sc_pid1_varlink },
	{ "attack.memfd_exec",
	  "rustnet_t cannot run a program from memory: copying an ELF into a memfd (tmpfs_t) for execveat() is denied (file write on tmpfs_t).",
	  "4.3", RN_ATTACK, BOTH, sc_memfd_exec },
	{ NULL, NULL, NULL, 0, 0, NULL }
};
