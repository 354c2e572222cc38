// SPDX-License-Identifier: MIT
/* Tests: one scratch directory per test binary, as cmocka group fixtures. */
#include "scratch.h"

#include <stdio.h>
#include <stdlib.h>

char scratch_dir[] = "/tmp/rn-test-XXXXXX";

int scratch_setup(void **state)
{
	(void)state;
	return mkdtemp(scratch_dir) ? 0 : -1;
}

int scratch_teardown(void **state)
{
	char cmd[64];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", scratch_dir);
	return system(cmd) == 0 ? 0 : -1;
}
