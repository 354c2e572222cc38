/* SPDX-License-Identifier: MIT */
/*
 * sc_helper.h - running the one-operation helpers (e2e/helpers/) from the
 * attack and egress scenarios (sc_attack.c, sc_egress.c).
 *
 * The helpers sit in <bundle>/helpers/, labelled rustnet_exec_t, so that
 * running one from an unconfined shell enters rustnet_t through the shipped
 * domain transition.  Each exits with the errno of its one operation.
 */
#ifndef RN_SC_HELPER_H
#define RN_SC_HELPER_H

#include <stddef.h>

#include "rnx_scenario.h"

/* Who runs the helper: the unprivileged user (runuser), or root through
 * that user's sudo (for checks that need a capability or root's DAC). */
enum rn_sc_as { RN_AS_USER, RN_AS_SUDO };

/* A helper's exit status for bad arguments, which is no errno (see
 * e2e/helpers/rnx_helper.h). */
#define RN_SC_USAGE 255

/* Label the helpers rustnet_exec_t and prove with rnx-selfctx that a helper
 * run @as lands in rustnet_t.  Sets r ERROR and returns a negative errno
 * when it does not. */
int rn_sc_helper_domain(const struct rn_ctx *ctx, struct rn_result *r,
			 enum rn_sc_as as);

/* Run helper @name ("rnx-udp-send") with @args (shell words, already
 * quoted).  Returns the helper's exit status (0 or an errno) and stores it
 * in r->observed_errno; *out (may be NULL) gets the output.  When the
 * helper did not run or did not answer by its contract (usage error,
 * killed, no "rnx-...:" message with a failure status), sets r ERROR and
 * returns a negative errno. */
int rn_sc_helper(const struct rn_ctx *ctx, struct rn_result *r,
		  enum rn_sc_as as, const char *name, const char *args,
		  char **out);

/* In permissive mode the kernel caches a logged denial as granted, so the
 * same {source, target, class, perm} is audited only once until the AVC is
 * reset: an earlier scenario would hide this one's record.  Reset it (a
 * boolean commit, value unchanged) before the action.  No-op in enforcing
 * mode, where denials are audited every time.  0 or negative (r ERROR). */
int rn_sc_avc_reset(const struct rn_ctx *ctx, struct rn_result *r);

struct rn_alt;
/* rn_sc_expect() with the record of @alts (core_flavour.c) that this
 * guest's facts and pass select, noted with its reason; 1 with r SKIP
 * (nothing done) when that alternative says the pass cannot see the
 * denial, a negative errno with r ERROR when the facts cannot be read,
 * else 0.  @alts NULL: rn_sc_expect(). */
int rn_sc_expect_alt(const struct rn_ctx *ctx, struct rn_result *r,
		      const char *perm, const char *tclass, const char *ttype,
		      const char *comm, int err, const struct rn_alt *alts);
/* Fill r->expect with subject rustnet_t and the mode's permissive flag. */
void rn_sc_expect(const struct rn_ctx *ctx, struct rn_result *r,
		   const char *perm, const char *tclass, const char *ttype,
		   const char *comm, int err);

/* The user's home directory (from the password database) into @buf.
 * 0, or negative with r ERROR. */
int rn_sc_home(const struct rn_ctx *ctx, struct rn_result *r, char *buf,
		size_t len);

/* A marker unique to this run and step, for datagrams and audit lines. */
void rn_sc_marker(char *buf, size_t len, const char *tag);

/* UDP listener on 127.0.0.1:1234 (e2e/guest/egress-listener.sh) logging
 * every datagram it receives.  start: 0 or negative (r ERROR);
 * count: datagrams carrying @marker (>= 0) or negative; stop: best
 * effort, recorded as evidence. */
#define RN_SC_UDP_PORT 1234
int rn_sc_listen_start(const struct rn_ctx *ctx, struct rn_result *r);
int rn_sc_listen_count(const struct rn_ctx *ctx, struct rn_result *r,
			const char *marker);
void rn_sc_listen_stop(const struct rn_ctx *ctx, struct rn_result *r);

/* The type the loaded policy gives TCP port @port (most specific portcon),
 * into @buf.  0 or negative. */
int rn_sc_tcp_port_type(struct rn_result *r, unsigned int port, char *buf,
			 size_t len);

#endif /* RN_SC_HELPER_H */
