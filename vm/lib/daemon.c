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

#include "lock.h"
#include "orphan.h"
#include "proc.h"
#include "sig.h"
#include "stale.h"
#include "util.h"
#include "wait.h"

#define RN_VIRTLOGD_SOCK "/run/libvirt/virtlogd-sock"
/*
 * Serialises, between rnlab runs, "connect or start the daemons" with
 * "is anyone using them, then stop them": without it one run can stop a
 * libvirtd another has just found (or is waiting for), and two runs can
 * both start one. Longest hold: starting both daemons and waiting for
 * the socket (about 100 s), or the use check and the stop (about 110 s).
 * In /run itself (only root writes there), not the world-writable
 * /run/lock, where any user could create the file first and hold it.
 */
#define RN_DAEMON_LOCK "/run/rnlab-libvirtd.lock"
#define RN_DAEMON_LOCK_WAIT 300.0

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

/*
 * Pin the daemon pid names (read from a pid file or found under /proc)
 * if it still runs NAME with a pid file of rnlab run owner (any run gone
 * when owner is 0): checked after pinning, so a pid reused in between is
 * never taken for it. 0, or -1 with *r unpinned.
 */
static int pin_daemon(struct rn_pidref *r, pid_t pid, const char *name,
		      pid_t owner)
{
	pid_t o;

	if (rn_pidref_open(r, pid) < 0)
		return -1;
	o = rn_daemon_owner("/proc", pid, name);
	if (o > 0 && (owner ? o == owner : !rn_owner_alive(o)))
		return 0;
	rn_pidref_close(r);
	return -1;
}

/* Run "NAME -d -p PIDFILE", read the daemon's pid back and pin it. */
static int start_daemon(const char *name, const char *piddir,
			struct rn_pidref *r)
{
	char *pidfile = rn_strdupf("%s/%s.pid", piddir, name);
	char *text = NULL;
	int ret = -1;
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
	if (rn_read_file(pidfile, &text, NULL) < 0 ||
	    (v = strtol(text, NULL, 10)) <= 0) {
		rn_err("%s started but wrote no pid file %s", name, pidfile);
		goto cleanup;
	}
	if (pin_daemon(r, (pid_t)v, name, getpid()) < 0) {
		rn_err("%s wrote pid %ld to %s, but that is not the %s this "
		       "run started (gone already?)", name, v, pidfile, name);
		goto cleanup;
	}
	ret = 0;
cleanup:
	free(text);
	free(pidfile);
	return ret;
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

	if (lv <= 0 || pin_daemon(&d->libvirtd, lv, "libvirtd", 0) < 0)
		return;
	lv = rn_orphan_daemon("/proc", "virtlogd");
	if (lv > 0)
		pin_daemon(&d->virtlogd, lv, "virtlogd", 0);
	rn_info("taking over the libvirtd (pid %d)%s an earlier rnlab run "
		"started and left running: stopped at exit unless still in "
		"use", (int)d->libvirtd.pid,
		d->virtlogd.pid > 0 ? " and its virtlogd" : "");
}

static const char *lock_path(const struct rn_daemons *d)
{
	return d->lock_path ? d->lock_path : RN_DAEMON_LOCK;
}

static double lock_wait(const struct rn_daemons *d)
{
	return d->lock_wait > 0 ? d->lock_wait : RN_DAEMON_LOCK_WAIT;
}

/* Connect, starting the daemons when none answers; under the lock. */
static int connect_local(const char *uri, const char *piddir,
			 double wait_secs, struct rn_daemons *d,
			 virConnectPtr *out)
{
	struct rn_conn_try t = { .uri = uri, .conn = NULL };
	enum rn_wait w;

	*out = virConnectOpen(uri);
	if (*out) {
		adopt_orphans(d);
		return 0;
	}
	if (!unix_answers(RN_VIRTLOGD_SOCK) &&
	    start_daemon("virtlogd", piddir, &d->virtlogd) < 0)
		return -1;
	if (start_daemon("libvirtd", piddir, &d->libvirtd) < 0)
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

int rn_virt_connect(const char *uri, const char *piddir, double wait_secs,
		    struct rn_daemons *d, virConnectPtr *out)
{
	int fd = -1, ret;
	enum rn_wait w;

	if (!uri_is_local_system(uri) || geteuid() != 0) {
		*out = virConnectOpen(uri);
		if (*out)
			return 0;
		rn_err("cannot connect to libvirt at %s: %s", uri,
		       rn_virt_errmsg());
		return -1;
	}
	w = rn_lock_take(lock_path(d), lock_wait(d), true, &fd);
	if (w == RN_WAIT_ABORTED) {
		rn_info("%s received while waiting for %s: stopping",
			rn_sig_name(), lock_path(d));
		return -1;
	}
	if (w != RN_WAIT_OK) {
		rn_err("cannot take %s (another rnlab run starting or stopping "
		       "libvirtd): %s", lock_path(d),
		       w == RN_WAIT_TIMEOUT ? "still held after the wait"
					    : strerror(errno));
		return -1;
	}
	ret = connect_local(uri, piddir, wait_secs, d, out);
	rn_lock_release(&fd);
	return ret;
}

int rn_virt_close(virConnectPtr *conn)
{
	int r;

	if (!*conn)
		return 0;
	r = virConnectClose(*conn);
	*conn = NULL;
	if (r < 0) {
		rn_err("closing the libvirt connection failed: %s",
		       rn_virt_errmsg());
		return -1;
	}
	if (r > 0) {
		rn_err("closed the libvirt connection with references still "
		       "held (a domain handle rnlab did not free)");
		return -1;
	}
	return 0;
}

static int stop_pid(const char *name, struct rn_pidref *r)
{
	int i, ret = 0;

	if (r->pid <= 0)
		return 0;
	rn_info("stopping the %s this run started (pid %d)", name,
		(int)r->pid);
	/* ESRCH: it exited (its pid may since name another process). */
	if (rn_pidref_kill(r, SIGTERM) < 0 && errno != ESRCH) {
		rn_err("cannot signal %s (pid %d): %m", name, (int)r->pid);
		ret = -1;
		goto cleanup;
	}
	for (i = 0; i < 150 && rn_pidref_alive(r); i++)
		usleep(100000);
	if (rn_pidref_alive(r)) {
		rn_pidref_kill(r, SIGKILL);
		usleep(200000);
	}
	if (rn_pidref_alive(r)) {
		rn_err("%s (pid %d) does not stop", name, (int)r->pid);
		ret = -1;
	}
cleanup:
	rn_pidref_close(r);
	return ret;
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
	if (rn_virt_close(&c) < 0 && count >= 0) {
		snprintf(why, n, "the connection that counted domains did "
			 "not close cleanly");
		count = -1;
	}
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
	int fd = -1, ret = 0;
	enum rn_wait w;

	if (d->libvirtd.pid <= 0 && d->virtlogd.pid <= 0)
		return 0;
	/*
	 * Deaf to signals: this is the cleanup after one. A run that is
	 * connecting holds the lock until its connection is open, so it is
	 * counted below as a client, or connects after the stop and starts
	 * its own daemons.
	 */
	w = rn_lock_take(lock_path(d), lock_wait(d), false, &fd);
	if (w != RN_WAIT_OK) {
		rn_info("cannot take %s (%s): leaving libvirtd and virtlogd "
			"running", lock_path(d),
			w == RN_WAIT_TIMEOUT ? "another rnlab run holds it"
					     : strerror(errno));
		goto keep;
	}
	if (rn_pidref_alive(&d->libvirtd) &&
	    rn_daemon_use(4, 500000) != RN_DAEMON_IDLE)
		goto keep;
	if (stop_pid("libvirtd", &d->libvirtd) < 0)
		ret = -1;
	if (stop_pid("virtlogd", &d->virtlogd) < 0)
		ret = -1;
	goto cleanup;
keep:
	rn_pidref_close(&d->libvirtd);
	rn_pidref_close(&d->virtlogd);
cleanup:
	rn_lock_release(&fd);
	return ret;
}
