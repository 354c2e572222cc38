// SPDX-License-Identifier: MIT
/*
 * sc_helper.c - run the one-operation helpers for the attack and egress
 * scenarios, check the domain they run in, and drive the UDP listener.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core.h"
#include "rnx_helpers.h"
#include "sc_helper.h"

#define HELPER_TIMEOUT 60

/* The helpers that must enter rustnet_t (not the benchmark tools, not the
 * fault injector): every helpers/rnx_*.c, listed by the build. */
static const char helper_list[] = RN_HELPER_LIST;

static const char *user_of(const struct rn_ctx *ctx)
{
	return ctx->user ? ctx->user : "alice";
}

int rn_sc_helper(const struct rn_ctx *ctx, struct rn_result *r,
		  enum rn_sc_as as, const char *name, const char *args,
		  char **out)
{
	char *o = NULL, tag[64];
	int rc;

	/* @args: the helper's arguments, shell text of the caller */
	rc = rn_sh(r, HELPER_TIMEOUT, &o, "runuser -u %s -- %-s%s/helpers/%s %-s",
		    user_of(ctx), as == RN_AS_SUDO ? "sudo -n " : "",
		    ctx->bundle, name, args ? args : "");
	if (rc < 0) {
		rn_set(r, RN_ERROR, "%s could not be run: %s", name,
			strerror(-rc));
		goto cleanup;
	}
	snprintf(tag, sizeof(tag), "%s: ", name);
	if (rc == RN_SC_USAGE) {
		rn_set(r, RN_ERROR, "%s rejected its arguments: %s", name,
			args ? args : "");
		rc = -EINVAL;
		goto cleanup;
	}
	/* A failure status must come with the helper's own message, else it
	 * is runuser's, sudo's or the shell's (126/127) and says nothing. */
	if (rc != 0 && (!o || !strstr(o, tag))) {
		rn_set(r, RN_ERROR,
			"%s exited %d without its \"%s<op>: <error>\" message (runuser/sudo failed?)",
			name, rc, name);
		rc = -EPROTO;
		goto cleanup;
	}
	r->observed_errno = rc;
cleanup:
	if (out)
		*out = o;
	else
		free(o);
	return rc;
}

int rn_sc_helper_domain(const struct rn_ctx *ctx, struct rn_result *r,
			 enum rn_sc_as as)
{
	char *out = NULL;
	int rc, saved = r->observed_errno;

	rc = rn_sh(r, 30, NULL,
		    "cd %s/helpers && chcon -t rustnet_exec_t %-s && ls -Z %-s",
		    ctx->bundle, helper_list, helper_list);
	if (rc != 0) {
		rn_set(r, RN_ERROR,
			"could not label the helpers rustnet_exec_t (rc %d)",
			rc);
		return rc < 0 ? rc : -EIO;
	}
	rc = rn_sc_helper(ctx, r, as, "rnx-selfctx", "", &out);
	r->observed_errno = saved;
	if (rc < 0)
		goto cleanup;
	if (rc != 0 || !out || !strstr(out, ":rustnet_t:")) {
		rn_set(r, RN_ERROR,
			"a helper labelled rustnet_exec_t run %s does not run in rustnet_t (rnx-selfctx: %s)",
			as == RN_AS_SUDO ? "through sudo" : "by the user",
			out ? out : "no output");
		rc = -EPERM;
		goto cleanup;
	}
	rc = 0;
cleanup:
	free(out);
	return rc;
}

int rn_sc_avc_reset(const struct rn_ctx *ctx, struct rn_result *r)
{
	int rc;

	if (ctx->mode != RN_MODE_PERMISSIVE)
		return 0;
	/* committing booleans resets the AVC, even with no value changed */
	rc = rn_sh(r, 60, NULL,
		    "b=rustnet_use_sys_admin; "
		    "setsebool $b \"$(getsebool $b | awk '{print $3}')\" && "
		    "getsebool $b");
	if (rc != 0) {
		rn_set(r, RN_ERROR, "could not reset the AVC (rc %d)", rc);
		return rc < 0 ? rc : -EIO;
	}
	return 0;
}

void rn_sc_expect(const struct rn_ctx *ctx, struct rn_result *r,
		   const char *perm, const char *tclass, const char *ttype,
		   const char *comm, int err)
{
	r->expect.perm = perm;
	r->expect.tclass = tclass;
	r->expect.stype = "rustnet_t";
	r->expect.ttype = ttype;
	r->expect.permissive = ctx->mode == RN_MODE_PERMISSIVE ? 1 : 0;
	r->expect.pid = -1;
	r->expect.comm = comm;
	r->expect_errno = err;
}

int rn_sc_expect_alt(const struct rn_ctx *ctx, struct rn_result *r,
		      const char *perm, const char *tclass, const char *ttype,
		      const char *comm, int err, const struct rn_alt *alts)
{
	const struct rn_alt *a;
	unsigned int facts = 0;
	int rc;

	if (alts) {
		rc = rn_facts(&facts);
		if (rc < 0)
			return rn_set(r, RN_ERROR,
				      "cannot tell the guest's policy flavour and kernel (security_check_context, uname): %s",
				      strerror(-rc)), rc;
	}
	a = alts ? rn_alt_pick(alts, facts, ctx->mode) : NULL;
	if (!a) {
		rn_sc_expect(ctx, r, perm, tclass, ttype, comm, err);
		return 0;
	}
	rn_note(r, "expectation for %s: %s", rn_facts_name(facts), a->why);
	if (!a->perm) {
		rn_set(r, RN_SKIP, "not observable in this pass on %s: %s",
			rn_facts_name(facts), a->why);
		return 1;
	}
	rn_sc_expect(ctx, r, a->perm, a->tclass, a->ttype, comm, a->err);
	return 0;
}

int rn_sc_home(const struct rn_ctx *ctx, struct rn_result *r, char *buf,
		size_t len)
{
	struct passwd pw, *res = NULL;
	char tmp[4096];
	int ret;

	ret = -getpwnam_r(user_of(ctx), &pw, tmp, sizeof(tmp), &res);
	if (!ret && (!res || !pw.pw_dir || !pw.pw_dir[0]))
		ret = -ENOENT;
	if (!ret && (size_t)snprintf(buf, len, "%s", pw.pw_dir) >= len)
		ret = -ENAMETOOLONG;
	if (ret)
		rn_set(r, RN_ERROR, "no home directory for %s: %s",
			user_of(ctx), strerror(-ret));
	return ret;
}

void rn_sc_marker(char *buf, size_t len, const char *tag)
{
	static unsigned int seq;

	snprintf(buf, len, "rnx-%s-%ld-%ld-%u", tag, (long)time(NULL),
		 (long)getpid(), ++seq);
}

int rn_sc_listen_start(const struct rn_ctx *ctx, struct rn_result *r)
{
	int rc = rn_sh(r, 30, NULL, "sh %s/guest/egress-listener.sh start",
			 ctx->bundle);

	if (rc != 0) {
		rn_set(r, RN_ERROR,
			"the UDP listener on 127.0.0.1:%d did not start (rc %d)",
			RN_SC_UDP_PORT, rc);
		return rc < 0 ? rc : -EIO;
	}
	return 0;
}

int rn_sc_listen_count(const struct rn_ctx *ctx, struct rn_result *r,
			const char *marker)
{
	char *out = NULL, *end;
	long n;
	int rc;

	rc = rn_sh(r, 30, &out, "sh %s/guest/egress-listener.sh count %s",
		    ctx->bundle, marker);
	if (rc != 0 || !out) {
		rn_set(r, RN_ERROR, "could not read the listener's log (rc %d)",
			rc);
		rc = rc < 0 ? rc : -EIO;
		goto cleanup;
	}
	errno = 0;
	n = strtol(out, &end, 10);
	if (errno || end == out || (*end && *end != '\n') || n < 0) {
		rn_set(r, RN_ERROR, "listener count is no number: %s", out);
		rc = -EPROTO;
		goto cleanup;
	}
	rc = n > 1000 ? 1000 : (int)n;
cleanup:
	free(out);
	return rc;
}

void rn_sc_listen_stop(const struct rn_ctx *ctx, struct rn_result *r)
{
	int rc = rn_sh(r, 30, NULL, "sh %s/guest/egress-listener.sh stop",
			 ctx->bundle);

	if (rc != 0)
		rn_note(r, "stopping the UDP listener failed (rc %d)", rc);
}

int rn_sc_tcp_port_type(struct rn_result *r, unsigned int port, char *buf,
			 size_t len)
{
	char *out = NULL, *line, *save = NULL;
	unsigned long best = ~0UL;
	int rc;

	rc = rn_sh(r, 60, &out, "seinfo --portcon %u", port);
	if (rc != 0 || !out) {
		rn_set(r, RN_ERROR, "seinfo --portcon %u failed (rc %d)",
			port, rc);
		rc = rc < 0 ? rc : -EIO;
		goto cleanup;
	}
	rc = -ENOENT;
	for (line = strtok_r(out, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		char proto[16], range[32], ctx[256], *t, *e;
		unsigned long lo, hi;

		if (sscanf(line, " portcon %15s %31s %255s", proto, range,
			   ctx) != 3 || strcmp(proto, "tcp"))
			continue;
		if (sscanf(range, "%lu-%lu", &lo, &hi) != 2) {
			if (sscanf(range, "%lu", &lo) != 1)
				continue;
			hi = lo;
		}
		if (port < lo || port > hi || hi - lo >= best)
			continue;
		/* user:role:TYPE:level */
		t = strchr(ctx, ':');
		t = t ? strchr(t + 1, ':') : NULL;
		e = t ? strchr(t + 1, ':') : NULL;
		if (!t || !e || (size_t)(e - t - 1) >= len)
			continue;
		memcpy(buf, t + 1, (size_t)(e - t - 1));
		buf[e - t - 1] = '\0';
		best = hi - lo;
		rc = 0;
	}
	if (rc)
		rn_set(r, RN_ERROR, "no tcp portcon covers port %u", port);
cleanup:
	free(out);
	return rc;
}
