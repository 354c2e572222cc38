/* SPDX-License-Identifier: MIT */
/*
 * rnx_scenario.h - scenario framework of the in-guest e2e runner.
 *
 * Contract between the runner core (e2e/runner/core_*.c, main.c) and the
 * scenario files (e2e/runner/sc_*.c).  A scenario does the action only; the
 * core owns the audit window, the AVC assertions, liveness and the results
 * files.  Change only together with both sides.
 */
#ifndef RNX_SCENARIO_H
#define RNX_SCENARIO_H

#include <stddef.h>
#include <time.h>

#include "rnx_audit.h"

/* RNX_KNOWN_GAP ("GAP"): a named gap behaved exactly as documented.  It
 * is its own outcome, never a PASS.  One precedence for the overall
 * verdict (rnx_overall(), scripts/report.py): FAIL > ERROR > GAP > PASS,
 * SKIP only when nothing else ran. */
enum rnx_verdict { RNX_PASS, RNX_FAIL, RNX_ERROR, RNX_SKIP, RNX_KNOWN_GAP };

/* expect_errno of an action that reports no errno (e.g. a program that
 * only exits 1): the core checks that it failed and says it compared no
 * errno; it never claims "errno as expected". */
#define RNX_ERRNO_NONE (-1)

/* rustnet_t's state a pass expects: "permissive" = system enforcing but
 * rustnet_t a permissive domain (semanage permissive -a); "enforcing" =
 * after semanage permissive -d. */
enum rnx_mode { RNX_MODE_PERMISSIVE, RNX_MODE_ENFORCING };

enum rnx_kind {
	RNX_ALLOWED,	/* core asserts: no AVC/USER_AVC/SELINUX_ERR with
			 * subject rustnet_t in the window */
	RNX_ATTACK,	/* core asserts: >= 1 record matching r->expect with
			 * permissive flag of the mode; in enforcing also
			 * r->observed_errno == r->expect_errno */
	RNX_GAP,	/* a named, expected gap (e.g. UDP to 1234 not
			 * blocked without the guard): the scenario asserts
			 * the documented behaviour; when it holds (scenario
			 * verdict PASS) the core records RNX_KNOWN_GAP,
			 * otherwise FAIL/ERROR stand */
	RNX_META	/* setup/liveness steps; verdict from the scenario */
};

struct rnx_ctx {
	enum rnx_mode mode;
	const char *outdir;	/* /var/lib/rnx/out */
	const char *bundle;	/* /opt/rnx */
	unsigned int duration;	/* capture length in seconds */
	int dontaudit_off;	/* 1 while semodule -DB is in effect */
	const char *user;	/* unprivileged user running rustnet: alice */
	const char *other_user;	/* bob */
	/* the rustnet under test, major*10000 + minor*100 + patch, from the
	 * bundle's rustnet.version; 0 when unknown */
	unsigned int rustnet_version;
};

#define RNX_MAX_EVIDENCE 32

struct rnx_evidence {
	char *cmd;		/* exact command, as run */
	int rc;			/* exit status, -1 if it did not run */
	char *output;		/* stdout+stderr, truncated to 64 KiB */
};

struct rnx_result {
	enum rnx_verdict verdict;	/* scenario sets for GAP/META, or
					 * ERROR/SKIP when preconditions fail;
					 * core decides ALLOWED/ATTACK */
	char reason[512];
	/* attack expectation, filled by the scenario before it acts */
	struct rnx_expect expect;
	int expect_errno;		/* EACCES normally; RNX_ERRNO_NONE */
	int observed_errno;		/* helper's exit code (0 = success) */
	/* evidence, appended with rnx_sh()/rnx_note() */
	struct rnx_evidence ev[RNX_MAX_EVIDENCE];
	size_t nev;
	char notes[2048];
	/* bit i: entry i of the known-denied list (core.h) may appear in this
	 * window, because the scenario knows the rustnet under test does it;
	 * such records make an ALLOWED row GAP, not FAIL */
	unsigned int known_denied;
	/* bits of known_denied whose record must appear: what the scenario
	 * could not see (names) is explained only by that denial */
	unsigned int known_denied_required;
	/* set by a scenario that saw rustnet fail only in a way rustnet
	 * documents (core_shutdown.c): a PASS becomes GAP with this reason */
	char gap[256];
	/* filled by the core */
	time_t start, end;
	struct rnx_avc_list avcs;	/* records in the window */
	size_t matched;
};

struct rnx_scenario {
	const char *id;		/* "attack.udp_1234", "capture.session" */
	const char *claim;	/* one sentence for the report */
	const char *section;	/* acceptance item it proves */
	enum rnx_kind kind;
	unsigned int modes;	/* bitmask of 1 << enum rnx_mode */
	/* returns 0 when the action ran (verdict left to the core unless
	 * set), negative errno when it could not (core: ERROR) */
	int (*run)(const struct rnx_ctx *ctx, struct rnx_result *r);
};

/* Run a command with /bin/sh -c as root, wait at most @timeout_s, record
 * it as evidence.  Every %s argument is one shell word (quoted when it
 * needs it; common/shfmt.h), %-s shell text the caller built: the one way
 * to put a path, a user or a pattern into a command.  *out (may be NULL)
 * receives a malloc'd copy of the output.  Returns the exit status
 * (0..255), or a negative errno. */
int rnx_sh(struct rnx_result *r, unsigned int timeout_s, char **out,
	   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Append a line to r->notes. */
void rnx_note(struct rnx_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Set verdict and reason in one go; returns 0. */
int rnx_set(struct rnx_result *r, enum rnx_verdict v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Scenario tables, one per sc_*.c file, NULL-id terminated; listed in
 * e2e/runner/catalogue.c in run order. */
extern const struct rnx_scenario rnx_sc_setup[];
extern const struct rnx_scenario rnx_sc_allowed[];
/* allowed paths of the enforcing pass run with dontaudit off */
extern const struct rnx_scenario rnx_sc_allowed_noda[];
extern const struct rnx_scenario rnx_sc_attack[];
extern const struct rnx_scenario rnx_sc_egress[];
/* reverse DNS along each resolver path, and DNS as a data channel
 * (sc_dns_paths.c) */
extern const struct rnx_scenario rnx_sc_dns[];
extern const struct rnx_scenario rnx_sc_dns_attack[];

#endif /* RNX_SCENARIO_H */
