// SPDX-License-Identifier: MIT
/* rnlab: boot a throwaway SELinux guest under libvirt and run things in it. */
#include <stdio.h>

#include "daemon.h"
#include "opts.h"
#include "run.h"
#include "sig.h"
#include "util.h"

int main(int argc, char **argv)
{
	struct rn_opts o;
	int code;

	if (rn_opts_parse(argc, argv, &o) < 0) {
		rn_opts_free(&o);
		return RN_EXIT_USAGE;
	}
	if (rn_sig_install() < 0) {
		rn_err("cannot install signal handlers: %m");
		rn_opts_free(&o);
		return RN_EXIT_ERROR;
	}
	rn_virt_quiet();
	switch (o.cmd) {
	case RN_CMD_RUN:
		code = rn_cmd_run(&o);
		break;
	case RN_CMD_SMOKE:
		code = rn_cmd_smoke(&o);
		break;
	case RN_CMD_XML:
		code = rn_cmd_xml(&o);
		break;
	case RN_CMD_SEED:
		code = rn_cmd_seed(&o);
		break;
	case RN_CMD_CLEANUP:
		code = rn_cmd_cleanup(&o);
		break;
	case RN_CMD_PROFILES:
		code = rn_profile_print(stdout) < 0 ? RN_EXIT_ERROR
						    : RN_EXIT_OK;
		break;
	case RN_CMD_HELP:
		rn_usage(stdout);
		code = RN_EXIT_OK;
		break;
	default:
		rn_usage(stderr);
		code = RN_EXIT_USAGE;
		break;
	}
	rn_opts_free(&o);
	return code;
}
