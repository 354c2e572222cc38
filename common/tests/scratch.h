/* SPDX-License-Identifier: MIT */
/* Tests: one scratch directory per test binary, as cmocka group fixtures. */
#ifndef RN_TEST_SCRATCH_H
#define RN_TEST_SCRATCH_H

/* The directory (valid after scratch_setup). */
extern char scratch_dir[];
/* mkdtemp under /tmp; 0 or -1 (cmocka group setup). */
int scratch_setup(void **state);
/* rm -rf of it; 0 or -1 (cmocka group teardown). */
int scratch_teardown(void **state);

#endif
