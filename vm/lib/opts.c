// SPDX-License-Identifier: MIT
/* rnlab command line. */
#include "opts.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum {
	OPT_IMAGE_DIR = 0x100,
	OPT_IMAGE,
	OPT_URI,
	OPT_ACCEL,
	OPT_SELINUX,
	OPT_BOOT_TIMEOUT,
	OPT_CMD_TIMEOUT,
	OPT_SHUTDOWN_TIMEOUT,
	OPT_PUT,
	OPT_GET,
	OPT_CONSOLE_LOG,
	OPT_KEEP_ON_FAIL,
	OPT_GUEST_INTERNET,
	OPT_ACCEL_FRESH,
};

static const struct option rn_longopts[] = {
	{ "profile", required_argument, NULL, 'p' },
	{ "output", required_argument, NULL, 'o' },
	{ "image-dir", required_argument, NULL, OPT_IMAGE_DIR },
	{ "image", required_argument, NULL, OPT_IMAGE },
	{ "uri", required_argument, NULL, OPT_URI },
	{ "accel", required_argument, NULL, OPT_ACCEL },
	{ "accel-fresh", no_argument, NULL, OPT_ACCEL_FRESH },
	{ "selinux", required_argument, NULL, OPT_SELINUX },
	{ "boot-timeout", required_argument, NULL, OPT_BOOT_TIMEOUT },
	{ "cmd-timeout", required_argument, NULL, OPT_CMD_TIMEOUT },
	{ "shutdown-timeout", required_argument, NULL, OPT_SHUTDOWN_TIMEOUT },
	{ "put", required_argument, NULL, OPT_PUT },
	{ "get", required_argument, NULL, OPT_GET },
	{ "console-log", required_argument, NULL, OPT_CONSOLE_LOG },
	{ "keep-on-fail", no_argument, NULL, OPT_KEEP_ON_FAIL },
	{ "guest-internet", no_argument, NULL, OPT_GUEST_INTERNET },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

void rn_usage(FILE *f)
{
	const struct rn_profile *p;
	unsigned int i;

	fputs("usage:\n"
	      "  rnlab run -p PROFILE [IMAGE] [LAB OPTIONS] [--put HOST:GUEST]...\n"
	      "            [--get GUEST:HOST]... [--console-log FILE]\n"
	      "            [--keep-on-fail] -- COMMAND [ARG]...\n"
	      "  rnlab smoke -p PROFILE [IMAGE] [LAB OPTIONS]\n"
	      "  rnlab xml -p PROFILE [IMAGE] [LAB OPTIONS]\n"
	      "  rnlab seed -p fedora42 -o DIR\n"
	      "  rnlab cleanup [--uri URI]\n"
	      "  rnlab profiles   (NAME<TAB>IMAGE<TAB>SUMMARY, one per profile)\n"
	      "IMAGE: --image-dir DIR (debian*) | --image PATH|URL (fedora42)\n"
	      "LAB OPTIONS: --uri URI (qemu:///system) --accel auto|kvm|tcg\n"
	      "  --accel-fresh (auto: ignore a remembered KVM failure; also\n"
	      "  RNLAB_ACCEL_FRESH=1)\n"
	      "  --selinux enforcing|permissive --boot-timeout S\n"
	      "  --cmd-timeout S --shutdown-timeout S --guest-internet\n"
	      "exit: 0 ok, 1 command failed, 2 usage, 3 lab ERROR\n"
	      "profiles:\n", f);
	for (i = 0; (p = rn_profile_at(i)); i++)
		fprintf(f, "  %-10s %s\n", p->name, p->summary);
}

static int parse_secs(const char *opt, const char *s, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || *end || v <= 0 || v > 86400) {
		rn_err("%s: '%s' is not a number of seconds in (0, 86400]",
		       opt, s);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * HOST:GUEST for --put, GUEST:HOST for --get. The guest side must be an
 * absolute path; the split is at the colon next to it (first for --get,
 * last for --put) so host paths may contain colons.
 */
static int parse_xfer(struct rn_opts *o, const char *opt, const char *arg,
		      bool put)
{
	struct rn_xfer *x;
	const char *colon = put ? strrchr(arg, ':') : strchr(arg, ':');
	char *left, *right;

	if ((put ? o->n_put : o->n_get) >= RN_MAX_XFER) {
		rn_err("%s: at most %d allowed", opt, RN_MAX_XFER);
		return -1;
	}
	if (!colon || colon == arg || !colon[1]) {
		rn_err("%s '%s': expected %s", opt, arg,
		       put ? "HOSTPATH:GUESTPATH" : "GUESTPATH:HOSTPATH");
		return -1;
	}
	left = strndup(arg, (size_t)(colon - arg));
	right = strdup(colon + 1);
	if (!left || !right) {
		free(left);
		free(right);
		rn_err("out of memory");
		return -1;
	}
	o->owned[o->n_owned++] = left;
	o->owned[o->n_owned++] = right;
	x = put ? &o->put[o->n_put++] : &o->get[o->n_get++];
	x->host = put ? left : right;
	x->guest = put ? right : left;
	if (x->guest[0] != '/') {
		rn_err("%s '%s': the guest path must be absolute", opt, arg);
		return -1;
	}
	return 0;
}

static int parse_cmd(const char *s, enum rn_cmd *cmd)
{
	static const struct {
		const char *name;
		enum rn_cmd cmd;
	} cmds[] = {
		{ "run", RN_CMD_RUN }, { "smoke", RN_CMD_SMOKE },
		{ "xml", RN_CMD_XML }, { "seed", RN_CMD_SEED },
		{ "cleanup", RN_CMD_CLEANUP }, { "profiles", RN_CMD_PROFILES },
		{ "help", RN_CMD_HELP },
		{ "--help", RN_CMD_HELP }, { "-h", RN_CMD_HELP },
	};
	size_t i;

	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (!strcmp(s, cmds[i].name)) {
			*cmd = cmds[i].cmd;
			return 0;
		}
	}
	return -1;
}

static int parse_one(struct rn_opts *o, int c, const char *arg)
{
	switch (c) {
	case 'p':
		o->profile = rn_profile_find(arg);
		if (!o->profile) {
			rn_err("unknown profile '%s' (see rnlab --help)", arg);
			return -1;
		}
		return 0;
	case 'o':
		o->out_dir = arg;
		return 0;
	case OPT_IMAGE_DIR:
		o->image_dir = arg;
		return 0;
	case OPT_IMAGE:
		o->image = arg;
		return 0;
	case OPT_URI:
		o->uri = arg;
		return 0;
	case OPT_ACCEL:
		if (rn_accel_parse(arg, &o->accel) == 0)
			return 0;
		rn_err("--accel: expected auto, kvm or tcg, not '%s'", arg);
		return -1;
	case OPT_ACCEL_FRESH:
		o->accel_fresh = true;
		return 0;
	case OPT_SELINUX:
		if (!strcmp(arg, "enforcing") || !strcmp(arg, "permissive")) {
			o->enforcing = !strcmp(arg, "enforcing");
			return 0;
		}
		rn_err("--selinux: expected enforcing or permissive, not '%s'",
		       arg);
		return -1;
	case OPT_BOOT_TIMEOUT:
		return parse_secs("--boot-timeout", arg, &o->boot_timeout);
	case OPT_CMD_TIMEOUT:
		return parse_secs("--cmd-timeout", arg, &o->cmd_timeout);
	case OPT_SHUTDOWN_TIMEOUT:
		return parse_secs("--shutdown-timeout", arg,
				  &o->shutdown_timeout);
	case OPT_PUT:
		return parse_xfer(o, "--put", arg, true);
	case OPT_GET:
		return parse_xfer(o, "--get", arg, false);
	case OPT_CONSOLE_LOG:
		o->console_log = arg;
		return 0;
	case OPT_KEEP_ON_FAIL:
		o->keep_on_fail = true;
		return 0;
	case OPT_GUEST_INTERNET:
		o->guest_internet = true;
		return 0;
	case 'h':
		o->cmd = RN_CMD_HELP;
		return 0;
	}
	rn_err("bad option (see rnlab --help)");
	return -1;
}

static int check_image(const struct rn_opts *o)
{
	static const char *const files[] = {
		RN_IMG_DISK, RN_IMG_KERNEL, RN_IMG_INITRD, RN_IMG_KEY,
	};
	size_t i;

	if (o->profile->boot == RN_BOOT_FIRMWARE) {
		if (o->image_dir) {
			rn_err("profile %s takes --image PATH|URL, not "
			       "--image-dir", o->profile->name);
			return -1;
		}
		if (!o->image) {
			rn_err("profile %s needs --image PATH|URL (a Fedora "
			       "Cloud Base qcow2)", o->profile->name);
			return -1;
		}
		if (!strstr(o->image, "://") && !rn_is_file(o->image)) {
			rn_err("--image %s: no such file", o->image);
			return -1;
		}
		return 0;
	}
	if (o->image) {
		rn_err("profile %s takes --image-dir DIR, not --image",
		       o->profile->name);
		return -1;
	}
	if (!o->image_dir) {
		char recipe[256];

		if (rn_profile_recipe(o->profile, recipe, sizeof(recipe)) < 0)
			snprintf(recipe, sizeof(recipe), "its image recipe");
		rn_err("profile %s needs --image-dir DIR (%s prints it)",
		       o->profile->name, recipe);
		return -1;
	}
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *p = rn_strdupf("%s/%s", o->image_dir, files[i]);
		bool ok = p && rn_is_file(p);

		if (!ok)
			rn_err("--image-dir %s: %s missing", o->image_dir,
			       files[i]);
		free(p);
		if (!ok)
			return -1;
	}
	return 0;
}

static int check_opts(struct rn_opts *o)
{
	bool lab = o->cmd == RN_CMD_RUN || o->cmd == RN_CMD_SMOKE ||
		   o->cmd == RN_CMD_XML;

	if (o->cmd == RN_CMD_HELP || o->cmd == RN_CMD_CLEANUP ||
	    o->cmd == RN_CMD_PROFILES)
		return 0;
	if (o->cmd == RN_CMD_RUN && !o->command) {
		rn_err("run: missing '-- COMMAND'");
		return -1;
	}
	if (o->cmd != RN_CMD_RUN && o->command) {
		rn_err("only 'run' takes a COMMAND");
		return -1;
	}
	if (o->cmd != RN_CMD_RUN &&
	    (o->n_put || o->n_get || o->keep_on_fail)) {
		rn_err("--put/--get/--keep-on-fail belong to 'run'");
		return -1;
	}
	if (!o->profile) {
		rn_err("missing -p PROFILE");
		return -1;
	}
	if (o->cmd == RN_CMD_SEED) {
		if (o->profile->boot != RN_BOOT_FIRMWARE) {
			rn_err("seed: profile %s boots without cloud-init",
			       o->profile->name);
			return -1;
		}
		if (!o->out_dir) {
			rn_err("seed: missing -o DIR");
			return -1;
		}
		return 0;
	}
	if (o->out_dir) {
		rn_err("-o belongs to 'seed'");
		return -1;
	}
	if (o->cmd == RN_CMD_SMOKE && !o->enforcing) {
		rn_err("smoke always boots enforcing (it checks getenforce)");
		return -1;
	}
	if (lab && o->profile->needs_internet && !o->guest_internet) {
		rn_err("profile %s installs packages with cloud-init at first "
		       "boot, so its guest needs unrestricted network access; "
		       "this lab never gives a guest network access unless "
		       "you pass --guest-internet (do so only on a runner "
		       "where the guest may reach the internet)",
		       o->profile->name);
		return -1;
	}
	if (o->guest_internet && !o->profile->needs_internet) {
		rn_err("--guest-internet: profile %s always runs with "
		       "restricted networking", o->profile->name);
		return -1;
	}
	return check_image(o);
}

int rn_opts_parse(int argc, char **argv, struct rn_opts *o)
{
	const char *fresh;
	char **av;
	int c, ac;

	memset(o, 0, sizeof(*o));
	o->uri = "qemu:///system";
	o->enforcing = true;
	o->cmd_timeout = RN_CMD_TIMEOUT;
	o->shutdown_timeout = RN_SHUTDOWN_TIMEOUT;
	fresh = getenv("RNLAB_ACCEL_FRESH");
	o->accel_fresh = fresh && *fresh && strcmp(fresh, "0") != 0;
	if (argc < 2) {
		rn_err("missing command");
		rn_usage(stderr);
		return -1;
	}
	if (parse_cmd(argv[1], &o->cmd) < 0) {
		rn_err("unknown command '%s'", argv[1]);
		rn_usage(stderr);
		return -1;
	}
	if (o->cmd == RN_CMD_PROFILES && argc > 2) {
		rn_err("profiles takes no options");
		return -1;
	}
	/* Parse after the command word; optind = 0 resets glibc's state. */
	ac = argc - 1;
	av = argv + 1;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(ac, av, "+:p:o:h", rn_longopts,
				NULL)) != -1) {
		if (c == '?') {
			rn_err("unknown option '%s'", av[optind - 1]);
			return -1;
		}
		if (c == ':') {
			rn_err("option '%s' needs a value", av[optind - 1]);
			return -1;
		}
		if (parse_one(o, c, optarg) < 0)
			return -1;
	}
	if (optind < ac) {
		/* getopt stops after "--" (consumed) or at a non-option. */
		if (optind < 2 || strcmp(av[optind - 1], "--") != 0) {
			rn_err("unexpected argument '%s' (put the command "
			       "after --)", av[optind]);
			return -1;
		}
		o->command = &av[optind];
	}
	return check_opts(o);
}

void rn_opts_free(struct rn_opts *o)
{
	unsigned int i;

	for (i = 0; i < o->n_owned; i++)
		free(o->owned[i]);
	o->n_owned = 0;
}

double rn_opts_boot_timeout(const struct rn_opts *o, enum rn_accel accel)
{
	if (o->boot_timeout > 0)
		return o->boot_timeout;
	return accel == RN_ACCEL_KVM ? RN_BOOT_TIMEOUT_KVM
				     : RN_BOOT_TIMEOUT_TCG;
}
