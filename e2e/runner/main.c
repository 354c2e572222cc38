// SPDX-License-Identifier: MIT
/*
 * main.c - rnx-e2e, the in-guest scenario runner (run as root through
 * /opt/rnx/run-e2e).
 *
 *   rnx-e2e [--duration SECS] [--only PATTERNS] [--mode permissive|enforcing]
 *           [--bundle DIR] [--out DIR] [--reuse-setup] [--list]
 *
 * TAP on stdout, progress on stderr, results in OUT/results.json.  Exit
 * status per docs/design.md: 0 all PASS/SKIP, 1 a FAIL, 2 usage, 3 an
 * ERROR and no FAIL, 4 SKIP only.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "catalogue.h"
#include "core.h"
#include "core_loop.h"
#include "file.h"
#include "log.h"
#include "sig.h"

int rn_opt_reuse_setup;
unsigned int rn_opt_modes;

static int usage(FILE *f)
{
	fprintf(f,
		"usage: rnx-e2e [--duration SECS] [--only PATTERNS] [--mode permissive|enforcing]\n"
		"               [--bundle DIR] [--out DIR] [--reuse-setup] [--list]\n"
		"               [--known-harmless] [--keep-dontaudit-off]\n"
		"               [--permissive-duration SECS]\n"
		"  --duration SECS   capture length per rustnet session (default 60)\n"
		"  --permissive-duration SECS  capture.session's length in the\n"
		"                    permissive pass (default: --duration)\n"
		"  --only PATTERNS   run scenarios whose id matches one of the comma-\n"
		"                    separated fnmatch PATTERNS (setup always runs)\n"
		"  --mode M          run only the permissive or the enforcing pass\n"
		"  --bundle DIR      the bundle (default /opt/rnx)\n"
		"  --out DIR         results directory (default /var/lib/rnx/out)\n"
		"  --reuse-setup     skip policy build/load when the modules are already\n"
		"                    loaded (recorded as SKIP); for development and\n"
		"                    the fault self-test after a full run; a policy\n"
		"                    semodule -DB loaded earlier in this boot is\n"
		"                    taken as it is and left so\n"
		"  --keep-dontaudit-off  do not restore dontaudit (semodule -B) at\n"
		"                    the end: the caller does (the fault self-test)\n"
		"  --list            print the catalogue and exit\n"
		"  --known-harmless  print the known-harmless denial list and exit\n");
	return RN_EXIT_USAGE;
}

static void list_catalogue(void)
{
	const struct rn_scenario *sc;
	const struct rn_table *t;

	for (sc = rn_setup_table; sc && sc->id; sc++)
		printf("setup\t%s\t%s\n", sc->id, rn_kind_name(sc->kind));
	for (t = rn_catalogue; t->name; t++) {
		if (!t->sc) {
			printf("%s\t(not linked)\n", t->name);
			continue;
		}
		for (sc = t->sc; sc->id; sc++) {
			int p = !!(sc->modes & (1u << RN_MODE_PERMISSIVE));
			int e = !!(sc->modes & (1u << RN_MODE_ENFORCING));

			printf("%s\t%s\t%s\t%s%s%s\n", t->name, sc->id,
			       rn_kind_name(sc->kind), p ? "permissive" : "",
			       p && e ? " " : "", e ? "enforcing" : "");
		}
	}
}

/* One line per entry: perms, class, target type, rule (tab-separated). */
static void list_harmless(void)
{
	const struct rn_harmless *h;

	for (h = rn_harmless_list; h->perms; h++)
		printf("%s\t%s\t%s\t%s\n", h->perms, h->tclass, h->ttype,
		       h->rule);
}

static int parse_uint(const char *s, unsigned int *v)
{
	unsigned long n;
	char *end;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno || *end || end == s || n == 0 || n > 86400)
		return -EINVAL;
	*v = (unsigned int)n;
	return 0;
}

/* The output directory and its panes/ (what mkdir -p makes of them). */
static int make_outdir(const char *dir)
{
	char *panes = NULL;
	int rc;

	if (asprintf(&panes, "%s/panes", dir) < 0)
		return -ENOMEM;
	rc = rn_mkdir_p(panes, 0777);
	free(panes);
	return rc;
}

/* The lab image names its guest "rnx-guest" (vm/images/files/rootfs/etc/
 * hostname).  The runner switches SELinux modes, loads modules, rewrites
 * nftables and audit rules: on any other machine it refuses. */
#define RN_GUEST_HOSTNAME "rnx-guest"

static int in_lab_guest(char *seen, size_t len)
{
	char *data = NULL;
	size_t n = 0;
	int ret = 0;

	snprintf(seen, len, "(unreadable)");
	if (rn_read_file("/etc/hostname", &data, &n) < 0)
		goto cleanup;
	while (n && (data[n - 1] == '\n' || data[n - 1] == ' '))
		n--;
	snprintf(seen, len, "%.*s", (int)n, data);
	ret = n == strlen(RN_GUEST_HOSTNAME) &&
	      !memcmp(data, RN_GUEST_HOSTNAME, n);
cleanup:
	free(data);
	return ret;
}

static char *join_argv(int argc, char **argv)
{
	size_t len = 1;
	char *s;
	int i;

	for (i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = calloc(1, len);
	if (!s)
		return NULL;
	for (i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "duration", required_argument, NULL, 'd' },
		{ "only", required_argument, NULL, 'o' },
		{ "mode", required_argument, NULL, 'm' },
		{ "bundle", required_argument, NULL, 'b' },
		{ "out", required_argument, NULL, 'O' },
		{ "reuse-setup", no_argument, NULL, 'r' },
		{ "keep-dontaudit-off", no_argument, NULL, 'K' },
		{ "permissive-duration", required_argument, NULL, 'P' },
		{ "list", no_argument, NULL, 'l' },
		{ "known-harmless", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct rn_loop L;
	struct rn_meta meta;
	char results[4096];
	char *copy = NULL;
	char host[128];
	int c, rc, ret = RN_EXIT_ERROR;

	rn_log_set_prog("rnx-e2e");
	memset(&L, 0, sizeof(L));
	memset(&meta, 0, sizeof(meta));
	L.ctx.duration = 60;
	L.ctx.outdir = "/var/lib/rnx/out";
	L.ctx.bundle = "/opt/rnx";
	L.ctx.user = "alice";
	L.ctx.other_user = "bob";
	L.modes = (1u << RN_MODE_PERMISSIVE) | (1u << RN_MODE_ENFORCING);
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			if (parse_uint(optarg, &L.ctx.duration)) {
				rn_info("--duration wants 1..86400 seconds, got '%s'",
					optarg);
				return RN_EXIT_USAGE;
			}
			break;
		case 'P':
			if (parse_uint(optarg, &L.permissive_duration)) {
				rn_info("--permissive-duration wants 1..86400 seconds, got '%s'",
					optarg);
				return RN_EXIT_USAGE;
			}
			break;
		case 'o':
			L.only = optarg;
			break;
		case 'm':
			if (!strcmp(optarg, "permissive"))
				L.modes = 1u << RN_MODE_PERMISSIVE;
			else if (!strcmp(optarg, "enforcing"))
				L.modes = 1u << RN_MODE_ENFORCING;
			else
				return usage(stderr);
			break;
		case 'b':
			L.ctx.bundle = optarg;
			break;
		case 'O':
			L.ctx.outdir = optarg;
			break;
		case 'r':
			rn_opt_reuse_setup = 1;
			break;
		case 'K':
			rn_opt_keep_dontaudit_off = 1;
			break;
		case 'l':
			list_catalogue();
			return RN_EXIT_OK;
		case 'k':
			list_harmless();
			return RN_EXIT_OK;
		case 'h':
			usage(stdout);
			return RN_EXIT_OK;
		default:
			return usage(stderr);
		}
	}
	if (optind != argc)
		return usage(stderr);
	rn_opt_modes = L.modes;
	if (!in_lab_guest(host, sizeof(host))) {
		rn_err("refusing to run outside the lab guest: /etc/hostname is '%s', not '"
		       RN_GUEST_HOSTNAME "' (the runner changes the SELinux mode, modules, nftables and audit rules of the machine it runs on)",
		       host);
		return RN_EXIT_ERROR;
	}
	if (geteuid() != 0) {
		rn_err("must run as root in the guest");
		return RN_EXIT_ERROR;
	}

	rc = rn_sig_install();
	if (rc < 0) {
		rn_err("cannot install the signal handlers: %s", strerror(-rc));
		return RN_EXIT_ERROR;
	}

	rc = make_outdir(L.ctx.outdir);
	if (rc < 0) {
		rn_err("cannot create %s: %s", L.ctx.outdir, strerror(-rc));
		return RN_EXIT_ERROR;
	}
	rc = rn_winstate_clear(L.ctx.outdir);
	if (rc < 0) {
		rn_err("cannot remove %s/" RN_WINSTATE_FILE ": %s",
		       L.ctx.outdir, strerror(-rc));
		return RN_EXIT_ERROR;
	}
	if (snprintf(results, sizeof(results), "%s/results.json",
		     L.ctx.outdir) >= (int)sizeof(results)) {
		rn_info("--out path too long");
		return RN_EXIT_USAGE;
	}
	rn_cleanup_register(L.ctx.bundle);
	meta.start = time(NULL);
	meta.duration = L.ctx.duration;
	meta.permissive_duration = L.permissive_duration ?
				    L.permissive_duration : L.ctx.duration;
	meta.argv = join_argv(argc, argv);
	rn_meta_collect(&meta, L.ctx.bundle);
	/* `rustnet --version` of the binary under test; scenarios that
	 * depend on what a version does read it here (0: unknown) */
	L.ctx.rustnet_version = rn_rustnet_version_parse(meta.rustnet_version);
	L.meta = &meta;
	L.results_path = results;

	printf("TAP version 13\n");
	fflush(stdout);
	rn_loop_run(&L);

	/* restore the system before the final audit copy; an interruption is
	 * already recorded, the cleanup commands must run to completion */
	rn_sig_raise_flag(0);
	rn_cleanup_run();
	/* no shell needed: a copy of the log (root's, 0600 like auditd's) */
	if (asprintf(&copy, "%s/audit.log", L.ctx.outdir) < 0) {
		copy = NULL;
		rc = -ENOMEM;
	} else {
		rc = rn_copy_file(RN_AUDIT_LOG, copy, 0600);
	}
	if (rc < 0)
		rn_info("copying audit.log failed: %s", strerror(-rc));
	free(copy);
	meta.end = time(NULL);
	if (rn_results_write(results, &meta, L.recs, L.nrecs, &L.audit)) {
		rn_err("cannot write %s", results);
		L.n[RN_ERROR]++;
	}
	printf("1..%zu\n", L.nrecs);
	printf("# pass %zu fail %zu error %zu skip %zu gap %zu\n",
	       L.n[RN_PASS], L.n[RN_FAIL], L.n[RN_ERROR], L.n[RN_SKIP],
	       L.n[RN_KNOWN_GAP]);
	ret = rn_exit_status(L.n);
	rn_loop_free(&L);
	rn_meta_free(&meta);
	return ret;
}
