/* SPDX-License-Identifier: MIT */
/* rnlab command line. */
#ifndef RN_OPTS_H
#define RN_OPTS_H

#include <stdbool.h>
#include <stdio.h>

#include "accel.h"
#include "profile.h"

enum rn_cmd {
	RN_CMD_NONE = 0,
	RN_CMD_RUN,
	RN_CMD_SMOKE,
	RN_CMD_XML,
	RN_CMD_SEED,
	RN_CMD_CLEANUP,
	RN_CMD_PROFILES,
	RN_CMD_HELP,
};

#define RN_MAX_XFER 16

struct rn_xfer {
	const char *host;	/* points into argv or an owned copy */
	const char *guest;
};

struct rn_opts {
	enum rn_cmd cmd;
	const struct rn_profile *profile;
	const char *image_dir;
	const char *image;	/* fedora42: path or URL */
	const char *uri;
	const char *console_log;
	const char *out_dir;	/* seed -o */
	enum rn_accel accel;
	/*
	 * --accel-fresh or RNLAB_ACCEL_FRESH=1: auto ignores a remembered
	 * "KVM cannot run guests" verdict and tries KVM again.
	 */
	bool accel_fresh;
	bool enforcing;
	bool keep_on_fail;
	bool guest_internet;
	double boot_timeout;	/* 0: default for the accelerator */
	double cmd_timeout;
	double shutdown_timeout;
	struct rn_xfer put[RN_MAX_XFER];
	unsigned int n_put;
	struct rn_xfer get[RN_MAX_XFER];
	unsigned int n_get;
	char **command;		/* NULL-terminated, points into argv */
	char *owned[2 * RN_MAX_XFER];	/* split --put/--get strings */
	unsigned int n_owned;
};

#define RN_BOOT_TIMEOUT_TCG 600.0
#define RN_BOOT_TIMEOUT_KVM 180.0
#define RN_CMD_TIMEOUT 3600.0
#define RN_SHUTDOWN_TIMEOUT 60.0

/*
 * Parse argv into *o. Returns 0, or -1 after printing a message (exit 2).
 * Checks that the options fit the command and the profile, and that the
 * image files the profile needs exist.
 */
int rn_opts_parse(int argc, char **argv, struct rn_opts *o);
void rn_opts_free(struct rn_opts *o);
void rn_usage(FILE *f);
double rn_opts_boot_timeout(const struct rn_opts *o, enum rn_accel accel);

#endif
