/* SPDX-License-Identifier: MIT */
/* One guest's life: files, overlay, libvirt domain, readiness, teardown. */
#ifndef RN_LAB_H
#define RN_LAB_H

#define RN_KVM_STALL_SECS 45.0

#include <stdbool.h>

#include <libvirt/libvirt.h>

#include "accel.h"
#include "daemon.h"
#include "opts.h"
#include "ssh.h"

struct rn_lab {
	const struct rn_opts *o;
	enum rn_accel accel;		/* resolved */
	bool (*kvm_probe)(const char *path);
	const char *kvm_dev;
	char *runs_dir;			/* $CACHE/runs */
	char *run_id;			/* rnlab-<pid>-<rand> */
	char *run_dir;			/* runs/<id>.d: key, console, seed */
	char *overlay;			/* runs/<id>.qcow2 */
	char *console_log;
	char *console_sock;
	char *key;
	char *seed_iso;
	char *base;			/* base disk */
	char *kernel;
	char *initrd;
	char *dom_name;			/* rnlab-<pid>-<profile> */
	int port;
	double boot_timeout;
	/*
	 * A KVM guest whose console stays empty this long is taken as a KVM
	 * that does not run guests (nested KVM on some hosts passes every
	 * probe and then hangs): ERROR, or with --accel auto a retry on TCG.
	 */
	double kvm_stall_secs;
	char *kvm_stamp;		/* $CACHE/kvm-stalled: host boot id */
	double boot_started;
	bool kvm_failed;		/* auto tried KVM, then used TCG */
	char kvm_why[512];		/* why KVM failed, one line */
	virConnectPtr conn;
	virDomainPtr dom;
	struct rn_daemons daemons;
	struct rn_ssh ssh;
	bool created_run_files;
	char why[256];			/* last wait failure */
};

void rn_lab_init(struct rn_lab *l, const struct rn_opts *o);
/* Names, paths, port and accelerator; creates nothing. */
int rn_lab_plan(struct rn_lab *l);
/* Domain XML for the plan, newly allocated. */
char *rn_lab_xml(const struct rn_lab *l);
/*
 * Boot: leftovers, image check, run files, overlay, libvirt, domain,
 * ssh readiness. 0, or -1 after an ERROR message (console tail included).
 */
int rn_lab_up(struct rn_lab *l);
/* The guest is running and answers ssh `true`. */
bool rn_lab_alive(struct rn_lab *l);
/* Print an ERROR line and the console's last lines. */
void rn_lab_error(struct rn_lab *l, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/*
 * Shut down (gracefully when graceful, else destroy) and remove the
 * overlay and run files (the console log is first copied to
 * --console-log). Safe on any partly set-up lab; 0 or -1.
 */
int rn_lab_down(struct rn_lab *l, bool graceful);
/* Close libvirt, stop daemons this run started, free; 0 or -1. */
int rn_lab_free(struct rn_lab *l);
/* The domain is defined in libvirt (for post-shutdown checks). */
bool rn_lab_domain_exists(virConnectPtr conn, const char *name);

#endif
