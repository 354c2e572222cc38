// SPDX-License-Identifier: MIT
/*
 * The profile table for host scripts (make -C vm profiles), printed as
 * rnlab profiles prints it but built from lib/profile.c alone: no libvirt,
 * so scripts/e2e.sh can check VM= before the host packages are installed.
 */
#include <stdio.h>

#include "profile.h"
#include "util.h"

int main(int argc, char **argv)
{
	(void)argv;
	if (argc != 1) {
		fputs("usage: profiles (no arguments)\n", stderr);
		return RN_EXIT_USAGE;
	}
	return rn_profile_print(stdout) < 0 ? RN_EXIT_ERROR : RN_EXIT_OK;
}
