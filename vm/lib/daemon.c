// SPDX-License-Identifier: MIT
/* Connecting to libvirt, starting virtlogd/libvirtd when none answers. */
#include "daemon.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <libvirt/virterror.h>

#include "orphan.h"
#include "proc.h"
#include "sig.h"
#include "util.h"
#include "wait.h"

#define RN_VIRTLOGD_SOCK "/run/libvirt/virtlogd-sock"

static void rn_virt_error_fn(void *ud, virErrorPtr err)
{
	(void)ud;
	(void)err;
	/* Reported by the caller with rn_virt_errmsg(). */
}

void rn_virt_quiet(void)
{
	virSetErrorFunc(NULL, rn_virt_error_fn);
}

const char *rn_virt_errmsg(void)
{
	const char *m = virGetLastErrorMessage();

	return m ? m : "unknown libvirt error";
}

bool rn_pid_running(pid_t pid)
{
	char path[64], buf[256], *p;
	FILE *f;
	bool zombie = false;

	if (pid <= 0 || (kill(pid, 0) < 0 && errno == ESRCH))
		return false;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return true;
	if (fgets(buf, sizeof(buf), f)) {
		p = strrchr(buf, ')');
		zombie = p && p[1] == ' ' && p[2] == 'Z';
	}
	fclose(f);
	return !zombie;
}

static bool unix_answers(const char *path)
{
	struct sockaddr_un sa;
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	bool ok;

	if (fd < 0)
		return false;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	ok = connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0;
	close(fd);
	return ok;
}

/* Run "NAME -d -p PIDFILE" and read the daemon's pid back. */
static pid_t start_daemon(const char *name, const char *piddir)
{
	char *pidfile = rn_strdupf("%s/%s.pid", piddir, name);
	char *text = NULL;
	pid_t pid = -1;
	long v;

	if (!pidfile)
		goto cleanup;
	{
		char *argv[] = { (char *)name, "-d", "-p", pidfile, NULL };

		rn_info("no libvirt daemon answers: starting %s", name);
		/* Not cut short by a signal: its pid must be known to stop it. */
		if (rn_proc_check_teardown(argv, 30) < 0)
			goto cleanup;
	}
	/* The daemon writes its pid file shortly after forking. */
	for (v = 0; v < 100 && !rn_is_file(pidfile); v++)
		usleep(100000);
	text = rn_read_file(pidfile, NULL);
	if (!text || (v = strtol(text, NULL, 10)) <= 0) {
		rn_err("%s started but wrote no pid file %s", name, pidfile);
		goto cleanup;
	}
	pid = (pid_t)v;
cleanup:
	free(text);
	free(pidfile);
	return pid;
}

struct rn_conn_try {
	const char *uri;
	virConnectPtr conn;
};

static enum rn_poll try_connect(void *ctx)
{
	struct rn_conn_try *t = ctx;

	t->conn = virConnectOpen(t->uri);
	return t->conn ? RN_POLL_DONE : RN_POLL_AGAIN;
}

static bool uri_is_local_system(const char *uri)
{
	return !strcmp(uri, "qemu:///system");
}

/*
 * A libvirtd an earlier rnlab run started and left running because others
 * used it has no owner any more: this run takes it (and that run's
 * virtlogd) over, so the last run using it stops it when it is idle.
 */
static void adopt_orphans(struct rn_daemons *d)
{
	pid_t lv = rn_orphan_daemon("/proc", "libvirtd");

	if (lv <= 0)
		return;
	d->libvirtd = lv;
	d->virtlogd = rn_orphan_daemon("/proc", "virtlogd");
	rn_info("taking over the libvirtd (pid %d)%s an earlier rnlab run "
		"started and left running: stopped at exit unless still in "
		"use", (int)lv, d->virtlogd > 0 ? " and its virtlogd" : "");
}

int rn_virt_connect(const char *uri, const char *piddir, double wait_secs,
		    struct rn_daemons *d, virConnectPtr *out)
{
	struct rn_conn_try t = { .uri = uri, .conn = NULL };
	enum rn_wait w;

	*out = virConnectOpen(uri);
	if (*out) {
		if (uri_is_local_system(uri) && geteuid() == 0)
			adopt_orphans(d);
		return 0;
	}
	if (!uri_is_local_system(uri) || geteuid() != 0) {
		rn_err("cannot connect to libvirt at %s: %s", uri,
		       rn_virt_errmsg());
		return -1;
	}
	if (!unix_answers(RN_VIRTLOGD_SOCK)) {
		d->virtlogd = start_daemon("virtlogd", piddir);
		if (d->virtlogd <= 0)
			return -1;
	}
	d->libvirtd = start_daemon("libvirtd", piddir);
	if (d->libvirtd <= 0)
		return -1;
	w = rn_wait_until(&rn_real_clock, wait_secs, 0.5, try_connect, &t);
	if (w == RN_WAIT_ABORTED) {
		rn_info("%s received while connecting to libvirt: stopping",
			rn_sig_name());
		return -1;
	}
	if (w != RN_WAIT_OK) {
		rn_err("libvirtd started but %s does not answer after %.0f s: "
		       "%s", uri, wait_secs, rn_virt_errmsg());
		return -1;
	}
	*out = t.conn;
	return 0;
}

static int stop_pid(const char *name, pid_t *pid)
{
	int i;

	if (*pid <= 0)
		return 0;
	rn_info("stopping the %s this run started (pid %d)", name, (int)*pid);
	kill(*pid, SIGTERM);
	for (i = 0; i < 150 && rn_pid_running(*pid); i++)
		usleep(100000);
	if (rn_pid_running(*pid)) {
		kill(*pid, SIGKILL);
		usleep(200000);
	}
	if (rn_pid_running(*pid)) {
		rn_err("%s (pid %d) does not stop", name, (int)*pid);
		return -1;
	}
	*pid = 0;
	return 0;
}

/*
 * Clients of libvirtd's "libvirtd" server, counted by virt-admin (linking
 * libvirt-admin next to libvirt crashes: both register the same types).
 * It runs also with a signal pending: it is part of the cleanup.
 */
int rn_libvirtd_clients(char *why, size_t n)
{
	struct rn_proc_spec spec = {
		.timeout = 20, .in_fd = -1, .out = RN_OUT_CAPTURE,
		.err = RN_OUT_CAPTURE, .teardown = true,
	};
	char *argv[] = { "virt-admin", "-c", "libvirtd:///system",
			 "srv-clients-list", "libvirtd", NULL };
	struct rn_proc_result res;
	const char *p;
	int count = -1;

	rn_proc_result_init(&res);
	if (rn_proc_run(argv, &spec, &res) < 0) {
		snprintf(why, n, "cannot run virt-admin: %m");
		goto cleanup;
	}
	if (res.timed_out || res.aborted || res.exit_code || !res.out.p) {
		if (res.err.p)
			res.err.p[strcspn(res.err.p, "\n")] = '\0';
		snprintf(why, n, "virt-admin srv-clients-list %s: %.160s",
			 res.timed_out ? "timed out" : "failed",
			 res.err.p ? res.err.p : "");
		goto cleanup;
	}
	/* Rows start with the client id; the header and rule do not. */
	count = 0;
	p = res.out.p;
	while (p && *p) {
		p += strspn(p, " ");
		if (*p >= '0' && *p <= '9')
			count++;
		p = strchr(p, '\n');
		if (p)
			p++;
	}
cleanup:
	rn_proc_result_free(&res);
	return count;
}

/* Running domains on qemu:///system, or -1 with the reason in why. */
static int active_domains(char *why, size_t n)
{
	virConnectPtr c = virConnectOpen("qemu:///system");
	int count;

	if (!c) {
		snprintf(why, n, "cannot connect to count domains: %s",
			 rn_virt_errmsg());
		return -1;
	}
	count = virConnectNumOfDomains(c);
	if (count < 0)
		snprintf(why, n, "cannot count domains: %s", rn_virt_errmsg());
	virConnectClose(c);
	return count;
}

/*
 * Another rnlab (or anyone) may have found the daemon this run started
 * and be using it: then it stays up. Not being able to tell is not "in
 * use", but it is no licence to stop a daemon someone may be using
 * either: it is logged as such and the daemons stay.
 */
enum rn_daemon_use rn_daemon_use(unsigned int tries, unsigned int pause_us)
{
	char why[256] = "";
	int doms = -1, clients = -1;
	unsigned int i;

	/* Our own connections may take a moment to disappear. */
	for (i = 0; i < tries; i++) {
		if (i)
			usleep(pause_us);
		why[0] = '\0';
		doms = active_domains(why, sizeof(why));
		if (doms >= 0)
			clients = rn_libvirtd_clients(why, sizeof(why));
		if (doms == 0 && clients == 0)
			return RN_DAEMON_IDLE;
	}
	if (doms < 0 || clients < 0) {
		rn_info("cannot tell whether anyone else uses the libvirtd "
			"this run started (or took over) (%s): leaving it and "
			"virtlogd running", why);
		return RN_DAEMON_UNKNOWN;
	}
	rn_info("the libvirtd this run started (or took over) still has %d "
		"domain(s) and %d client(s): leaving it and virtlogd running",
		doms, clients);
	return RN_DAEMON_IN_USE;
}

int rn_daemons_stop(struct rn_daemons *d)
{
	int ret = 0;

	if (d->libvirtd > 0 && rn_pid_running(d->libvirtd) &&
	    rn_daemon_use(4, 500000) != RN_DAEMON_IDLE) {
		d->libvirtd = 0;
		d->virtlogd = 0;
		return 0;
	}

	if (stop_pid("libvirtd", &d->libvirtd) < 0)
		ret = -1;
	if (stop_pid("virtlogd", &d->virtlogd) < 0)
		ret = -1;
	return ret;
}
