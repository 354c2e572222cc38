/* SPDX-License-Identifier: MIT */
/* SIGINT/SIGTERM/SIGHUP set a flag; the main loop cleans up. */
#ifndef RN_SIG_H
#define RN_SIG_H

#include <stdbool.h>

int rn_sig_install(void);
bool rn_sig_pending(void);
int rn_sig_number(void);
/* "SIGINT", "SIGTERM", "SIGHUP" for the pending signal. */
const char *rn_sig_name(void);
/* Tests: pretend a signal arrived (0 clears). */
void rn_sig_raise_flag(int signo);

#endif
