// SPDX-License-Identifier: MIT
/* One guest's life: files, overlay, libvirt domain, readiness, teardown. */
#include "lab.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "console.h"
#include "overlay.h"
#include "port.h"
#include "proc.h"
#include "seed.h"
#include "sig.h"
#include "stale.h"
#include "timing.h"
#include "util.h"
#include "wait.h"
#include "xml.h"

#define RN_VCPUS 2
#define RN_MEMORY_MIB 2048
#define RN_CONNECT_WAIT 30.0
#define RN_TAIL_LINES 40
#define RN_PORT_TRIES 5

void rn_lab_init(struct rn_lab *l, const struct rn_opts *o)
{
	memset(l, 0, sizeof(*l));
	l->o = o;
	l->kvm_probe = rn_kvm_usable;
	l->kvm_dev = "/dev/kvm";
	l->kvm_stall_secs = RN_KVM_STALL_SECS;
	l->port = -1;
}

void rn_lab_error(struct rn_lab *l, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rn_verr(fmt, ap);
	va_end(ap);
	if (l->console_log && rn_is_file(l->console_log))
		rn_console_tail(l->console_log, RN_TAIL_LINES, stderr);
}

static char *random_hex(void)
{
	unsigned char r[4];

	if (getrandom(r, sizeof(r), 0) != sizeof(r))
		return NULL;
	return rn_strdupf("%02x%02x%02x%02x", r[0], r[1], r[2], r[3]);
}

/* This host's boot id, newly allocated, or NULL. */
static char *host_boot_id(void)
{
	char *id;

	if (rn_read_file("/proc/sys/kernel/random/boot_id", &id, NULL) == 0)
		id[strcspn(id, "\n")] = '\0';
	return id;
}

/*
 * A KVM that could not run a guest (and TCG then could) is remembered
 * until the host reboots, so later --accel auto runs go straight to TCG
 * instead of losing the failed attempt's time. The file holds the boot id.
 */
static bool kvm_known_failed(const struct rn_lab *l)
{
	char *id = host_boot_id();
	char *stamp;
	bool known;

	rn_read_file(l->kvm_stamp, &stamp, NULL);
	known = id && stamp && *id && !strncmp(stamp, id, strlen(id));
	free(id);
	free(stamp);
	return known;
}

static void remember_kvm_failure(const struct rn_lab *l)
{
	char *id = host_boot_id();
	char *line = id ? rn_strdupf("%s\n", id) : NULL;

	if (!line || rn_write_file(l->kvm_stamp, line, strlen(line), 0644))
		rn_info("cannot write %s: %m", l->kvm_stamp);
	else
		rn_info("remembered in %s until the host reboots "
			"(RNLAB_ACCEL_FRESH=1 or --accel-fresh tries KVM "
			"again)", l->kvm_stamp);
	free(line);
	free(id);
}

/* KVM ran a guest after all (--accel-fresh): drop an old verdict. */
static void forget_kvm_failure(const struct rn_lab *l)
{
	if (unlink(l->kvm_stamp) == 0)
		rn_info("KVM ran the guest: removed the old verdict %s",
			l->kvm_stamp);
	else if (errno != ENOENT)
		rn_info("cannot remove %s: %m", l->kvm_stamp);
}

int rn_lab_plan(struct rn_lab *l)
{
	const struct rn_opts *o = l->o;
	char *cache = rn_cache_dir(), *rnd = random_hex();
	int ret = -1;

	if (!cache || !rnd) {
		rn_err("cannot find the cache directory (set RUSTNET_CACHE)");
		goto cleanup;
	}
	l->runs_dir = rn_strdupf("%s/runs", cache);
	l->run_id = rn_strdupf("rnlab-%d-%s", (int)getpid(), rnd);
	l->dom_name = rn_strdupf("rnlab-%d-%s", (int)getpid(),
				 o->profile->name);
	if (!l->runs_dir || !l->run_id || !l->dom_name)
		goto cleanup;
	l->run_dir = rn_strdupf("%s/%s.d", l->runs_dir, l->run_id);
	l->overlay = rn_strdupf("%s/%s.qcow2", l->runs_dir, l->run_id);
	if (!l->run_dir || !l->overlay)
		goto cleanup;
	l->console_log = rn_strdupf("%s/console.log", l->run_dir);
	l->console_sock = rn_strdupf("%s/console.sock", l->run_dir);
	l->key = rn_strdupf("%s/id_ed25519", l->run_dir);
	if (!l->console_log || !l->console_sock || !l->key)
		goto cleanup;
	if (strlen(l->console_sock) >= 108) {
		rn_err("console socket path too long (%s): use a shorter "
		       "RUSTNET_CACHE", l->console_sock);
		goto cleanup;
	}
	if (o->profile->boot == RN_BOOT_KERNEL) {
		l->base = rn_strdupf("%s/%s", o->image_dir, RN_IMG_DISK);
		l->kernel = rn_strdupf("%s/%s", o->image_dir, RN_IMG_KERNEL);
		l->initrd = rn_strdupf("%s/%s", o->image_dir, RN_IMG_INITRD);
		if (!l->base || !l->kernel || !l->initrd)
			goto cleanup;
	} else {
		l->seed_iso = rn_strdupf("%s/seed.iso", l->run_dir);
		if (!l->seed_iso)
			goto cleanup;
	}
	l->kvm_stamp = rn_strdupf("%s/kvm-stalled", cache);
	if (!l->kvm_stamp)
		goto cleanup;
	l->accel = rn_accel_resolve(o->accel, l->kvm_probe, l->kvm_dev);
	if (o->accel == RN_ACCEL_AUTO && l->accel == RN_ACCEL_KVM &&
	    kvm_known_failed(l)) {
		if (o->accel_fresh) {
			rn_info("--accel auto, fresh: ignoring the remembered "
				"KVM failure in %s, trying KVM", l->kvm_stamp);
		} else {
			rn_info("--accel auto: KVM could not run a guest "
				"earlier since this host booted (%s): using "
				"TCG (RNLAB_ACCEL_FRESH=1 tries KVM again)",
				l->kvm_stamp);
			l->accel = RN_ACCEL_TCG;
		}
	}
	l->boot_timeout = rn_opts_boot_timeout(o, l->accel);
	l->port = rn_free_port();
	if (l->port < 0) {
		rn_err("no free port on 127.0.0.1: %m");
		goto cleanup;
	}
	l->ssh.port = l->port;
	l->ssh.key = l->key;
	ret = 0;
cleanup:
	free(cache);
	free(rnd);
	return ret;
}

char *rn_lab_xml(const struct rn_lab *l)
{
	struct rn_domcfg c = {
		.profile = l->o->profile,
		.name = l->dom_name,
		.accel = l->accel,
		.vcpus = RN_VCPUS,
		.memory_mib = RN_MEMORY_MIB,
		.overlay = l->overlay,
		.kernel = l->kernel,
		.initrd = l->initrd,
		.enforcing = l->o->enforcing,
		.seed_iso = l->seed_iso,
		.console_log = l->console_log,
		.console_sock = l->console_sock,
		.ssh_port = l->port,
		.guest_internet = l->o->guest_internet,
	};

	return rn_domain_xml(&c);
}

/* fedora42: a local file, or a URL fetched once into the cache. */
static int fetch_image(struct rn_lab *l)
{
	struct rn_proc_spec spec = {
		.timeout = 3600, .in_fd = -1, .out = RN_OUT_INHERIT,
		.err = RN_OUT_INHERIT,
	};
	struct rn_proc_result res;
	const char *url = l->o->image, *slash;
	char *cache = NULL, *dir = NULL, *tmp = NULL;
	int ret = -1;

	if (!strstr(url, "://")) {
		l->base = rn_abspath(url);
		return l->base ? 0 : -1;
	}
	rn_proc_result_init(&res);
	slash = strrchr(url, '/');
	cache = rn_cache_dir();
	if (!cache || !slash || !slash[1]) {
		rn_err("--image %s: cannot name a cache file for it", url);
		goto cleanup;
	}
	dir = rn_strdupf("%s/images/%s-download", cache, l->o->profile->name);
	l->base = dir ? rn_strdupf("%s/%s", dir, slash + 1) : NULL;
	tmp = l->base ? rn_strdupf("%s.part", l->base) : NULL;
	if (!tmp || rn_mkdir_p(dir, 0755) < 0)
		goto cleanup;
	if (rn_is_file(l->base)) {
		ret = 0;
		goto cleanup;
	}
	rn_info("downloading %s to %s", url, l->base);
	{
		char *argv[] = { "curl", "-fL", "--retry", "3", "-o", tmp,
				 (char *)url, NULL };

		if (rn_proc_run(argv, &spec, &res) < 0 || res.exit_code) {
			rn_err("download of %s failed", url);
			unlink(tmp);
			goto cleanup;
		}
	}
	if (rename(tmp, l->base) < 0) {
		rn_err("cannot rename %s: %m", tmp);
		goto cleanup;
	}
	ret = 0;
cleanup:
	rn_proc_result_free(&res);
	free(tmp);
	free(dir);
	free(cache);
	return ret;
}

static int check_image(struct rn_lab *l)
{
	char *complete;
	bool ok;

	if (l->o->profile->boot == RN_BOOT_FIRMWARE)
		return fetch_image(l);
	complete = rn_strdupf("%s/%s", l->o->image_dir, RN_IMG_COMPLETE);
	ok = complete && rn_is_file(complete);
	free(complete);
	if (!ok) {
		rn_err("image %s is incomplete (no %s): rebuild it with "
		       "vm/images/build-image.sh %s", l->o->image_dir,
		       RN_IMG_COMPLETE, l->o->profile->name);
		return -1;
	}
	if (access(l->base, R_OK) < 0 || access(l->kernel, R_OK) < 0 ||
	    access(l->initrd, R_OK) < 0) {
		rn_err("image %s: cannot read its disk, kernel or initrd: %m",
		       l->o->image_dir);
		return -1;
	}
	return 0;
}

static int make_key(struct rn_lab *l)
{
	char *src;
	int ret;

	if (l->o->profile->boot == RN_BOOT_FIRMWARE)
		return rn_ssh_keygen(l->key);
	/* ssh wants a private key only we can read. */
	src = rn_strdupf("%s/%s", l->o->image_dir, RN_IMG_KEY);
	ret = src ? rn_copy_file(src, l->key, 0600) : -1;
	if (ret < 0)
		rn_err("cannot copy the image's ssh key %s: %m",
		       src ? src : RN_IMG_KEY);
	free(src);
	return ret;
}

static int make_seed(struct rn_lab *l)
{
	char *pubpath = rn_strdupf("%s.pub", l->key);
	char *pub = NULL;
	char *dir = rn_strdupf("%s/seed", l->run_dir);
	struct rn_seed s = {
		.hostname = "rnlab-fedora42",
		.instance_id = l->run_id,
		.enforcing = l->o->enforcing,
	};
	int ret = -1, rc = pubpath ? rn_read_file(pubpath, &pub, NULL) : -ENOMEM;

	if (rc < 0 || !dir) {
		errno = rc < 0 ? -rc : ENOMEM;
		rn_err("cannot read the generated public key: %m");
		goto cleanup;
	}
	pub[strcspn(pub, "\n")] = '\0';
	s.root_pubkey = pub;
	if (rn_seed_write(&s, dir) < 0 || rn_seed_iso(dir, l->seed_iso) < 0)
		goto cleanup;
	ret = 0;
cleanup:
	free(dir);
	free(pub);
	free(pubpath);
	return ret;
}

static int create_overlay(struct rn_lab *l)
{
	int t = rn_time_start("overlay create");
	int rc = rn_overlay_create(l->base, l->o->profile->base_format,
				   l->overlay);

	rn_time_end(t, rc == 0);
	return rc;
}

/* Run files: the run dir (key, console, seed), then the overlay. */
static int make_run_files(struct rn_lab *l)
{
	if (rn_mkdir_p(l->runs_dir, 0755) < 0 || rn_mkdir_p(l->run_dir, 0700)) {
		rn_err("cannot create %s: %m", l->run_dir);
		return -1;
	}
	l->created_run_files = true;
	if (make_key(l) < 0)
		return -1;
	if (l->o->profile->boot == RN_BOOT_FIRMWARE && make_seed(l) < 0)
		return -1;
	return create_overlay(l);
}

static const char *state_name(int state)
{
	switch (state) {
	case VIR_DOMAIN_PAUSED:
		return "paused";
	case VIR_DOMAIN_SHUTDOWN:
		return "shutting down";
	case VIR_DOMAIN_SHUTOFF:
		return "shut off";
	case VIR_DOMAIN_CRASHED:
		return "crashed";
	case VIR_DOMAIN_PMSUSPENDED:
		return "suspended";
	}
	return "unknown";
}

static bool domain_running(struct rn_lab *l, char *why, size_t n)
{
	int state = VIR_DOMAIN_NOSTATE, reason = 0;

	if (virDomainGetState(l->dom, &state, &reason, 0) < 0) {
		snprintf(why, n, "cannot query the domain: %s",
			 rn_virt_errmsg());
		return false;
	}
	if (state == VIR_DOMAIN_RUNNING || state == VIR_DOMAIN_BLOCKED)
		return true;
	snprintf(why, n, "the guest stopped (libvirt state %s, reason %d)",
		 state_name(state), reason);
	return false;
}

static enum rn_poll ready_poll(void *ctx)
{
	struct rn_lab *l = ctx;
	struct rn_proc_result res;
	char line[160];
	int rc;

	if (!domain_running(l, l->why, sizeof(l->why)))
		return RN_POLL_FATAL;
	if (rn_console_panic_line(l->console_log, line, sizeof(line))) {
		snprintf(l->why, sizeof(l->why), "the guest kernel panicked "
			 "(%s)", line);
		return RN_POLL_FATAL;
	}
	if (l->accel == RN_ACCEL_KVM && rn_console_silent(l->console_log) &&
	    rn_clock_now(&rn_real_clock) - l->boot_started >
		    l->kvm_stall_secs) {
		snprintf(l->why, sizeof(l->why), "under KVM the guest printed "
			 "nothing on its console in %.0f s (a nested KVM that "
			 "cannot run guests?)%s", l->kvm_stall_secs,
			 l->o->accel == RN_ACCEL_KVM ? "; try --accel tcg"
						     : "");
		return RN_POLL_FATAL;
	}
	rn_proc_result_init(&res);
	rc = rn_ssh_check(&l->ssh, "true", 20, &res);
	if (rc < 0 && res.err.p)
		res.err.p[strcspn(res.err.p, "\r\n")] = '\0';
	if (rc < 0)
		snprintf(l->why, sizeof(l->why), "ssh: %.200s",
			 res.err.p && *res.err.p ? res.err.p : "no answer");
	rn_proc_result_free(&res);
	return rc == 0 ? RN_POLL_DONE : RN_POLL_AGAIN;
}

/* fedora42: ssh answers before cloud-init has installed the packages. */
static int wait_cloud_init(struct rn_lab *l, double timeout)
{
	struct rn_proc_result res;
	int ret = -1;

	rn_proc_result_init(&res);
	rn_ssh_check(&l->ssh, "cloud-init status --wait --long", timeout,
		     &res);
	/* 0 done, 2 done with recoverable errors (deprecated keys). */
	if (!res.timed_out && !res.aborted &&
	    (res.exit_code == 0 || res.exit_code == 2)) {
		ret = 0;
		goto cleanup;
	}
	rn_lab_error(l, "cloud-init did not finish (exit %d%s): %s%s",
		     res.exit_code, res.timed_out ? ", timeout" : "",
		     res.out.p ? res.out.p : "", res.err.p ? res.err.p : "");
cleanup:
	rn_proc_result_free(&res);
	return ret;
}

static int boot(struct rn_lab *l);
static int stop_domain(struct rn_lab *l, bool graceful);

/* --accel auto chose KVM: any failure to come up is taken as KVM's. */
static bool kvm_on_trial(const struct rn_lab *l)
{
	return l->o->accel == RN_ACCEL_AUTO && l->accel == RN_ACCEL_KVM;
}

/* Why KVM failed, on one line (libvirt quotes QEMU's stderr with \n). */
static void set_kvm_why(struct rn_lab *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void set_kvm_why(struct rn_lab *l, const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	vsnprintf(l->kvm_why, sizeof(l->kvm_why), fmt, ap);
	va_end(ap);
	for (p = l->kvm_why; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	while (p > l->kvm_why && p[-1] == ' ')
		*--p = '\0';
}

/*
 * KVM could not run the guest: say so on one line, remove everything the
 * attempt left (domain, overlay, console log: virtlogd appends, and an
 * old panic would end the new boot at once) and boot once more on TCG.
 * The verdict is remembered only when TCG then comes up, so a failure
 * that is not KVM's does not send later runs to TCG.
 */
static int retry_on_tcg(struct rn_lab *l)
{
	int ret;

	rn_info("--accel auto: KVM was tried and cannot run the guest: %s; "
		"using TCG for this run", l->kvm_why);
	if (l->dom && stop_domain(l, false) < 0)
		return -1;
	if (unlink(l->console_log) < 0 && errno != ENOENT) {
		rn_err("cannot remove %s: %m", l->console_log);
		return -1;
	}
	if (rn_overlay_remove(l->overlay) < 0 || create_overlay(l) < 0)
		return -1;
	l->accel = RN_ACCEL_TCG;
	l->kvm_failed = true;
	l->boot_timeout = rn_opts_boot_timeout(l->o, l->accel);
	ret = boot(l);
	if (ret == 0)
		remember_kvm_failure(l);
	return ret;
}

/* The failed start was QEMU finding its ssh forward's port taken. */
static bool port_conflict(const struct rn_lab *l)
{
	return rn_port_taken(l->port) ||
	       strstr(rn_virt_errmsg(), "host forwarding rule");
}

/*
 * Start the domain; NULL after a failure (libvirt's message pending).
 *
 * The ssh forward is QEMU's user-mode network (-netdev user,hostfwd=...
 * in the domain XML): QEMU, started by libvirtd, binds 127.0.0.1:port
 * itself while it starts, before libvirt reports the domain running. The
 * port rn_free_port chose was free only when the kernel handed it out;
 * until QEMU binds it, another rnlab run (the kernel may hand it out
 * again once released) or any program may take it. It cannot be held
 * for QEMU across that gap: hostfwd takes an address, not a descriptor,
 * from a process libvirtd starts, and a socket we kept bound there would
 * make QEMU's own bind fail unless both set SO_REUSEADDR (Debian 12's
 * QEMU does, checked by hand; that is libslirp's choice, not a promise).
 * So a start that fails while its port is taken, or with QEMU's
 * host-forwarding error, is tried again on a fresh port, up to
 * RN_PORT_TRIES starts. Once it has started, the port is QEMU's for the
 * run. *xml is regenerated for the new port.
 */
static virDomainPtr create_domain(struct rn_lab *l, char **xml)
{
	virDomainPtr dom;
	int i, port;

	for (i = 1;; i++) {
		rn_info("starting %s (%s, %s, ssh on 127.0.0.1:%d)",
			l->dom_name, l->o->profile->name,
			rn_accel_name(l->accel), l->port);
		dom = virDomainCreateXML(l->conn, *xml,
					 VIR_DOMAIN_START_AUTODESTROY);
		if (dom || i >= RN_PORT_TRIES || rn_sig_pending() ||
		    !port_conflict(l))
			return dom;
		port = rn_free_port();
		if (port < 0) {
			rn_err("no free port on 127.0.0.1: %m");
			return NULL;
		}
		rn_info("127.0.0.1:%d was taken before QEMU could bind it for "
			"ssh: trying again on port %d", l->port, port);
		l->port = l->ssh.port = port;
		free(*xml);
		*xml = rn_lab_xml(l);
		if (!*xml)
			return NULL;
	}
}

static int boot(struct rn_lab *l)
{
	const struct rn_clock *clk = &rn_real_clock;
	char *xml = NULL;
	double start;
	enum rn_wait w;
	int t, ret = -1;

	xml = rn_lab_xml(l);
	if (!xml)
		return -1;
	t = rn_time_start("define/start");
	l->dom = create_domain(l, &xml);
	rn_time_end(t, l->dom != NULL);
	if (!xml)
		goto cleanup;
	/* A port still taken after every try is not KVM's failure. */
	if (!l->dom && kvm_on_trial(l) && !rn_sig_pending() &&
	    !port_conflict(l)) {
		set_kvm_why(l, "libvirt could not start it: %s",
			    rn_virt_errmsg());
		ret = retry_on_tcg(l);
		goto cleanup;
	}
	if (!l->dom) {
		rn_lab_error(l, "cannot start the guest: %s",
			     rn_virt_errmsg());
		goto cleanup;
	}
	t = rn_time_start("boot to ready");
	start = rn_clock_now(clk);
	l->boot_started = start;
	snprintf(l->why, sizeof(l->why), "no ssh answer yet");
	w = rn_wait_until(clk, l->boot_timeout, 2.0, ready_poll, l);
	rn_time_end(t, w == RN_WAIT_OK);
	if ((w == RN_WAIT_FATAL || w == RN_WAIT_TIMEOUT) && kvm_on_trial(l)) {
		if (w == RN_WAIT_TIMEOUT)
			set_kvm_why(l, "not ready after %.0f s (%s)",
				    l->boot_timeout, l->why);
		else
			set_kvm_why(l, "%s", l->why);
		ret = retry_on_tcg(l);
		goto cleanup;
	}
	if (w == RN_WAIT_OK && l->accel == RN_ACCEL_KVM &&
	    l->o->accel == RN_ACCEL_AUTO)
		forget_kvm_failure(l);
	if (w == RN_WAIT_OK && l->o->profile->boot == RN_BOOT_FIRMWARE) {
		t = rn_time_start("cloud-init");
		w = wait_cloud_init(l, l->boot_timeout -
				    (rn_clock_now(clk) - start)) ?
			RN_WAIT_FATAL : RN_WAIT_OK;
		rn_time_end(t, w == RN_WAIT_OK);
		if (w != RN_WAIT_OK)
			goto cleanup;	/* wait_cloud_init said why */
	}
	switch (w) {
	case RN_WAIT_OK:
		ret = 0;
		break;
	case RN_WAIT_TIMEOUT:
		rn_lab_error(l, "the guest was not ready after %.0f s (%s)",
			     l->boot_timeout, l->why);
		break;
	case RN_WAIT_FATAL:
		rn_lab_error(l, "the guest did not become ready: %s", l->why);
		break;
	case RN_WAIT_ABORTED:
		rn_info("%s received during boot: stopping", rn_sig_name());
		break;
	}
cleanup:
	free(xml);
	return ret;
}

int rn_lab_up(struct rn_lab *l)
{
	unsigned int n = 0;
	int t, ret = -1;

	if (!l->run_id && rn_lab_plan(l) < 0)
		return -1;
	t = rn_time_start("cleanup leftovers");
	if (rn_stale_files(l->runs_dir, &n) < 0)
		rn_info("some leftovers could not be removed (see above)");
	rn_time_end(t, true);
	t = rn_time_start("image check");
	if (check_image(l) < 0) {
		rn_time_end(t, false);
		return -1;
	}
	rn_time_end(t, true);
	if (make_run_files(l) < 0)
		return -1;
	t = rn_time_start("libvirt connect");
	ret = rn_virt_connect(l->o->uri, l->run_dir, RN_CONNECT_WAIT,
			      &l->daemons, &l->conn);
	rn_time_end(t, ret == 0);
	if (ret < 0)
		return -1;
	if (rn_stale_domains(l->conn, &n) < 0)
		rn_info("some leftover domains could not be removed");
	if (rn_sig_pending()) {
		rn_info("%s received before boot: stopping", rn_sig_name());
		return -1;
	}
	return boot(l);
}

bool rn_lab_alive(struct rn_lab *l)
{
	struct rn_proc_result res;
	char why[256];
	bool ok;

	if (!l->dom || !domain_running(l, why, sizeof(why)))
		return false;
	rn_proc_result_init(&res);
	ok = rn_ssh_check(&l->ssh, "true", 30, &res) == 0;
	rn_proc_result_free(&res);
	return ok;
}

/* A stopped transient domain lingers a moment before libvirt drops it. */
static enum rn_poll gone_poll(void *ctx)
{
	struct rn_lab *l = ctx;

	return rn_lab_domain_exists(l->conn, l->dom_name) ? RN_POLL_AGAIN
							   : RN_POLL_DONE;
}

static int stop_domain(struct rn_lab *l, bool graceful)
{
	char why[256];
	int t, ret = 0;

	t = rn_time_start(graceful ? "shutdown" : "destroy");
	if (graceful && domain_running(l, why, sizeof(why)) &&
	    virDomainShutdown(l->dom) == 0 &&
	    rn_wait_until(&rn_real_clock, l->o->shutdown_timeout, 1.0,
			  gone_poll, l) == RN_WAIT_OK) {
		rn_time_end(t, true);
		goto cleanup;
	}
	if (graceful)
		rn_info("the guest did not power off: destroying it");
	if (virDomainDestroy(l->dom) < 0 &&
	    domain_running(l, why, sizeof(why))) {
		rn_err("cannot destroy %s: %s", l->dom_name, rn_virt_errmsg());
		ret = -1;
	} else if (rn_wait_settle(&rn_real_clock, 15, 0.5, gone_poll, l) !=
		   RN_WAIT_OK) {
		rn_err("%s is still defined after destroy", l->dom_name);
		ret = -1;
	}
	rn_time_end(t, ret == 0);
cleanup:
	virDomainFree(l->dom);
	l->dom = NULL;
	return ret;
}

/* Copy the console log to --console-log, creating its directory. */
static int save_console(struct rn_lab *l)
{
	char *dir = strdup(l->o->console_log);
	char *slash = dir ? strrchr(dir, '/') : NULL;
	int ret = -1;

	if (!dir)
		return -1;
	if (slash && slash != dir) {
		*slash = '\0';
		if (rn_mkdir_p(dir, 0755) < 0)
			goto cleanup;
	}
	if (rn_copy_file(l->console_log, l->o->console_log, 0644) < 0)
		goto cleanup;
	ret = 0;
cleanup:
	if (ret < 0)
		rn_err("cannot write --console-log %s: %m", l->o->console_log);
	free(dir);
	return ret;
}

int rn_lab_down(struct rn_lab *l, bool graceful)
{
	int ret = 0;

	if (l->dom && stop_domain(l, graceful && !rn_sig_pending()) < 0)
		ret = -1;
	if (l->o->console_log && l->console_log &&
	    rn_is_file(l->console_log) && save_console(l) < 0)
		ret = -1;
	if (l->overlay && rn_overlay_remove(l->overlay) < 0)
		ret = -1;
	if (l->created_run_files && l->run_dir && rn_rm_rf(l->run_dir) < 0) {
		rn_err("cannot remove %s: %m", l->run_dir);
		ret = -1;
	}
	return ret;
}

bool rn_lab_domain_exists(virConnectPtr conn, const char *name)
{
	virDomainPtr d = virDomainLookupByName(conn, name);

	if (!d)
		return false;
	virDomainFree(d);
	return true;
}

int rn_lab_free(struct rn_lab *l)
{
	int ret = 0;

	if (l->dom) {
		virDomainFree(l->dom);
		l->dom = NULL;
	}
	if (rn_virt_close(&l->conn) < 0)
		ret = -1;
	if (rn_daemons_stop(&l->daemons) < 0)
		ret = -1;
	free(l->runs_dir);
	free(l->run_id);
	free(l->run_dir);
	free(l->overlay);
	free(l->console_log);
	free(l->console_sock);
	free(l->key);
	free(l->seed_iso);
	free(l->base);
	free(l->kernel);
	free(l->initrd);
	free(l->dom_name);
	free(l->kvm_stamp);
	memset(l, 0, sizeof(*l));
	return ret;
}
