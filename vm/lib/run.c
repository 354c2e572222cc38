// SPDX-License-Identifier: MIT
/* rnlab run/xml/seed/cleanup. */
#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console.h"
#include "seed.h"
#include "sig.h"
#include "stale.h"
#include "timing.h"
#include "util.h"
#include "wait.h"

#define RN_KEEP_MAX 3600.0

int rn_interrupted(bool cleaned)
{
	rn_err("interrupted by %s: %s", rn_sig_name(),
	       cleaned ? "guest destroyed, overlay and run directory "
			 "removed, daemons this run started stopped unless "
			 "in use (see above)"
		       : "cleanup was incomplete (see above)");
	return RN_EXIT_ERROR;
}

bool (*rn_run_kvm_probe)(const char *path) = rn_kvm_usable;
double rn_run_kvm_stall_secs = RN_KVM_STALL_SECS;

static enum rn_poll never(void *ctx)
{
	(void)ctx;
	return RN_POLL_AGAIN;
}

/* --keep-on-fail: leave the guest up until a signal (or an hour). */
static void keep_guest(struct rn_lab *l)
{
	fprintf(stderr,
		"rnlab: --keep-on-fail: the guest stays up for at most %.0f s;"
		" log in with\n  ssh -i %s -p %d -o StrictHostKeyChecking=no "
		"-o UserKnownHostsFile=/dev/null root@127.0.0.1\n"
		"rnlab: press Ctrl-C (or send SIGTERM) to destroy it\n",
		RN_KEEP_MAX, l->key, l->port);
	/* The signal stays pending: teardown then destroys at once. */
	rn_wait_until(&rn_real_clock, RN_KEEP_MAX, 1.0, never, NULL);
}

/* Run the user's command; its exit code, or -1 on a lab ERROR. */
static int run_command(struct rn_lab *l)
{
	struct rn_proc_spec spec = {
		.timeout = l->o->cmd_timeout, .in_fd = -1,
		.out = RN_OUT_INHERIT, .err = RN_OUT_INHERIT,
	};
	struct rn_proc_result res;
	char *remote = rn_guest_command(l->o->profile->name,
					l->o->command);
	int t, ret = -1;

	rn_proc_result_init(&res);
	if (!remote)
		goto cleanup;
	t = rn_time_start("command");
	rn_info("running in the guest: %s", remote);
	if (rn_ssh_run(&l->ssh, remote, &spec, &res) < 0) {
		rn_time_end(t, false);
		rn_err("cannot start ssh: %m");
		goto cleanup;
	}
	rn_time_end(t, res.exit_code == 0 && !res.timed_out);
	if (res.aborted) {
		rn_info("%s received while the command ran: stopping",
			rn_sig_name());
	} else if (res.timed_out) {
		rn_lab_error(l, "the command ran longer than --cmd-timeout "
			     "%.0f s", l->o->cmd_timeout);
	} else if (res.exit_code == RN_SSH_CONN_FAILED && !rn_lab_alive(l)) {
		rn_lab_error(l, "lost the guest's control channel (ssh) while "
			     "the command ran%s",
			     rn_console_panicked(l->console_log) ?
			     ": the guest kernel panicked" : "");
	} else {
		ret = res.exit_code;
		rn_info("command exited %d", ret);
	}
cleanup:
	rn_proc_result_free(&res);
	free(remote);
	return ret;
}

static int copy_in(struct rn_lab *l)
{
	unsigned int i;

	for (i = 0; i < l->o->n_put; i++) {
		const struct rn_xfer *x = &l->o->put[i];
		int t = rn_time_start("copy in %.24s", x->guest);
		int rc = rn_ssh_put(&l->ssh, x->host, x->guest,
				    l->o->cmd_timeout);

		rn_time_end(t, rc == 0);
		if (rc < 0)
			return -1;
	}
	return 0;
}

static int copy_out(struct rn_lab *l)
{
	unsigned int i;
	int ret = 0;

	for (i = 0; i < l->o->n_get; i++) {
		const struct rn_xfer *x = &l->o->get[i];
		int t = rn_time_start("copy out %.23s", x->guest);
		int rc = rn_ssh_get(&l->ssh, x->guest, x->host,
				    l->o->cmd_timeout);

		rn_time_end(t, rc == 0);
		if (rc < 0)
			ret = -1;
	}
	return ret;
}

int rn_cmd_run(const struct rn_opts *o)
{
	struct rn_lab l;
	int code = RN_EXIT_ERROR, cmd = -1;
	bool graceful = false, cleaned = true;

	rn_lab_init(&l, o);
	l.kvm_probe = rn_run_kvm_probe;
	l.kvm_stall_secs = rn_run_kvm_stall_secs;
	if (rn_lab_up(&l) < 0)
		goto down;
	if (copy_in(&l) < 0) {
		rn_lab_error(&l, "copying files into the guest failed");
		goto keep;
	}
	cmd = run_command(&l);
	/* Results are fetched also when the command failed. */
	if (rn_sig_pending() || (cmd < 0 && !rn_lab_alive(&l)))
		goto keep;
	if (copy_out(&l) < 0) {
		rn_err("copying results out of the guest failed");
		if (cmd == 0)
			cmd = -1;
	}
	if (cmd >= 0) {
		code = cmd;
		graceful = true;
	}
keep:
	if (code != RN_EXIT_OK && o->keep_on_fail && l.dom &&
	    !rn_sig_pending())
		keep_guest(&l);
down:
	if (rn_lab_down(&l, graceful) < 0)
		cleaned = false;
	if (rn_lab_free(&l) < 0)
		cleaned = false;
	if (!cleaned && code == RN_EXIT_OK)
		code = RN_EXIT_ERROR;
	rn_time_summary(stderr);
	if (rn_sig_pending())
		code = rn_interrupted(cleaned);
	return code;
}

int rn_cmd_xml(const struct rn_opts *o)
{
	struct rn_lab l;
	char *xml = NULL;
	int code = RN_EXIT_ERROR;

	rn_lab_init(&l, o);
	l.kvm_probe = rn_run_kvm_probe;
	if (rn_lab_plan(&l) < 0)
		goto cleanup;
	xml = rn_lab_xml(&l);
	if (!xml)
		goto cleanup;
	fputs(xml, stdout);
	code = fflush(stdout) == 0 ? RN_EXIT_OK : RN_EXIT_ERROR;
cleanup:
	free(xml);
	rn_lab_free(&l);
	return code;
}

int rn_cmd_seed(const struct rn_opts *o)
{
	struct rn_seed s = {
		.hostname = "rnlab-fedora42",
		.instance_id = "rnlab-seed",
		.enforcing = o->enforcing,
	};
	char *key = rn_strdupf("%s/id_ed25519", o->out_dir);
	char *pubpath = key ? rn_strdupf("%s.pub", key) : NULL;
	char *iso = rn_strdupf("%s/seed.iso", o->out_dir);
	char *pub = NULL;
	int code = RN_EXIT_ERROR, rc;

	if (!pubpath || !iso)
		goto cleanup;
	if (rn_mkdir_p(o->out_dir, 0700) < 0) {
		rn_err("cannot create %s: %m", o->out_dir);
		goto cleanup;
	}
	if (!rn_is_file(key) && rn_ssh_keygen(key) < 0)
		goto cleanup;
	rc = rn_read_file(pubpath, &pub, NULL);
	if (rc < 0) {
		rn_err("cannot read %s: %s", pubpath, strerror(-rc));
		goto cleanup;
	}
	pub[strcspn(pub, "\n")] = '\0';
	s.root_pubkey = pub;
	if (rn_seed_write(&s, o->out_dir) < 0 || rn_seed_iso(o->out_dir, iso))
		goto cleanup;
	printf("%s\n", iso);
	code = RN_EXIT_OK;
cleanup:
	free(pub);
	free(iso);
	free(pubpath);
	free(key);
	return code;
}

int rn_cmd_cleanup(const struct rn_opts *o)
{
	virConnectPtr conn = NULL;
	char *cache = rn_cache_dir(), *runs = NULL;
	unsigned int nd = 0, nf = 0;
	int code = RN_EXIT_ERROR;

	runs = cache ? rn_strdupf("%s/runs", cache) : NULL;
	if (!runs) {
		rn_err("cannot find the cache directory (set RUSTNET_CACHE)");
		goto cleanup;
	}
	conn = virConnectOpen(o->uri);
	if (conn && rn_stale_domains(conn, &nd) < 0)
		goto cleanup;
	if (!conn)
		rn_info("no libvirt at %s (%s): no domains to clean", o->uri,
			rn_virt_errmsg());
	if (rn_stale_files(runs, &nf) < 0)
		goto cleanup;
	printf("rnlab cleanup: %u domain(s) destroyed, %u file(s) removed\n",
	       nd, nf);
	code = RN_EXIT_OK;
cleanup:
	if (rn_virt_close(&conn) < 0)
		code = RN_EXIT_ERROR;
	free(runs);
	free(cache);
	return code;
}
