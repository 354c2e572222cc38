/* SPDX-License-Identifier: MIT */
/* Exit codes of the suite's programs (docs/design.md "Exit codes"). */
#ifndef RN_EXIT_H
#define RN_EXIT_H

enum rn_exit {
	RN_EXIT_OK = 0,
	RN_EXIT_FAIL = 1,	/* a check failed */
	RN_EXIT_USAGE = 2,
	RN_EXIT_ERROR = 3,	/* nothing could be proven */
	RN_EXIT_SKIP = 4,	/* rnx-e2e: only SKIP rows */
};

#endif
