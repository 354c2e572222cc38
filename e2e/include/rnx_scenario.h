/* SPDX-License-Identifier: MIT */
/*
 * rnx_scenario.h - scenario framework of the in-guest e2e runner.
 *
 * Contract between the runner core (e2e/runner/core_*.c, main.c) and the
 * scenario files (e2e/runner/sc_*.c).  A scenario does the action only; the
 * core owns the audit window, the AVC assertions, liveness and the results
 * files.  Change only together with both sides.
 */
#ifndef RN_SCENARIO_H
#define RN_SCENARIO_H

#include <stddef.h>
#include <time.h>

#include "rnx_audit.h"

/* RN_KNOWN_GAP ("GAP"): a named gap behaved exactly as documented.  It
 * is its own outcome, never a PASS.  One precedence for the overall
 * verdict (rn_overall(), scripts/report.py): FAIL > ERROR > GAP > PASS,
 * SKIP only when nothing else ran. */
enum rn_verdict { RN_PASS, RN_FAIL, RN_ERROR, RN_SKIP, RN_KNOWN_GAP };

/* expect_errno of an action that reports no errno (e.g. a program that
 * only exits 1): the core checks that it failed and says it compared no
 * errno; it never claims "errno as expected". */
#define RN_ERRNO_NONE (-1)

/* rustnet_t's state a pass expects: "permissive" = system enforcing but
 * rustnet_t a permissive domain (semanage permissive -a); "enforcing" =
 * after semanage permissive -d. */
enum rn_mode { RN_MODE_PERMISSIVE, RN_MODE_ENFORCING };

enum rn_kind {
	RN_ALLOWED,	/* core asserts: no AVC/USER_AVC/SELINUX_ERR with
			 * subject rustnet_t in the window */
	RN_ATTACK,	/* core asserts: >= 1 record matching r->expect with
			 * permissive flag of the mode; in enforcing also
			 * r->observed_errno == r->expect_errno */
	RN_GAP,	/* a named, expected gap (e.g. UDP to 1234 not
			 * blocked without the guard): the scenario asserts
			 * the documented behaviour; when it holds (scenario
			 * verdict PASS) the core records RN_KNOWN_GAP,
			 * otherwise FAIL/ERROR stand */
	RN_META	/* setup/liveness steps; verdict from the scenario */
};

struct rn_ctx {
	enum rn_mode mode;
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

#define RN_MAX_EVIDENCE 32

struct rn_evidence {
	char *cmd;		/* exact command, as run */
	int rc;			/* exit status, -1 if it did not run */
	char *output;		/* stdout+stderr, truncated to 64 KiB */
};

struct rn_result {
	enum rn_verdict verdict;	/* scenario sets for GAP/META, or
					 * ERROR/SKIP when preconditions fail;
					 * core decides ALLOWED/ATTACK */
	char reason[512];
	/* attack expectation, filled by the scenario before it acts */
	struct rn_expect expect;
	int expect_errno;		/* EACCES normally; RN_ERRNO_NONE */
	int observed_errno;		/* helper's exit code (0 = success) */
	/* evidence, appended with rn_sh()/rn_note() */
	struct rn_evidence ev[RN_MAX_EVIDENCE];
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
	/* GAP rows whose documented limit is a refusal by DAC alone, "no
	 * SELinux record" (attack.pty_other_user): the comm of the process
	 * that acts; a rustnet_t denial from it in the window contradicts
	 * the claim and the core FAILs the row instead of recording the
	 * gap.  NULL: the row makes no such claim. */
	const char *gap_quiet_comm;
	/* set by a GAP row whose documented limit does not hold on this
	 * guest because SELinux itself refuses the act there (an rn_alt of
	 * core_flavour.c, e.g. Fedora's { search } dir devpts_t before the
	 * pty's DAC): the core judges the row as an ATTACK with r->expect
	 * (rn_judged_kind), exact record and errno, instead of the gap. */
	int gap_as_attack;
	/* filled by the core */
	time_t start, end;
	struct rn_avc_list avcs;	/* records in the window */
	size_t matched;
};

struct rn_scenario {
	const char *id;		/* "attack.udp_1234", "capture.session" */
	const char *claim;	/* one sentence for the report */
	const char *section;	/* acceptance item it proves */
	enum rn_kind kind;
	unsigned int modes;	/* bitmask of 1 << enum rn_mode */
	/* returns 0 when the action ran (verdict left to the core unless
	 * set), negative errno when it could not (core: ERROR) */
	int (*run)(const struct rn_ctx *ctx, struct rn_result *r);
};

/* Run a command with /bin/sh -c as root, wait at most @timeout_s, record
 * it as evidence.  Every %s argument is one shell word (quoted when it
 * needs it; common/shfmt.h), %-s shell text the caller built: the one way
 * to put a path, a user or a pattern into a command.  *out (may be NULL)
 * receives a malloc'd copy of the output.  Returns the exit status
 * (0..255), or a negative errno. */
int rn_sh(struct rn_result *r, unsigned int timeout_s, char **out,
	   const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* Append a line to r->notes. */
void rn_note(struct rn_result *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Set verdict and reason in one go; returns 0. */
int rn_set(struct rn_result *r, enum rn_verdict v, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Scenario tables, one per sc_*.c file, NULL-id terminated; listed in
 * e2e/runner/catalogue.c in run order. */
extern const struct rn_scenario rn_sc_setup[];
extern const struct rn_scenario rn_sc_allowed[];
/* allowed paths of the enforcing pass run with dontaudit off */
extern const struct rn_scenario rn_sc_allowed_noda[];
extern const struct rn_scenario rn_sc_attack[];
extern const struct rn_scenario rn_sc_egress[];
/* reverse DNS along each resolver path, and DNS as a data channel
 * (sc_dns_paths.c) */
extern const struct rn_scenario rn_sc_dns[];
extern const struct rn_scenario rn_sc_dns_attack[];

#endif /* RN_SCENARIO_H */
