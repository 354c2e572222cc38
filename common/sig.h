/* SPDX-License-Identifier: MIT */
/* SIGINT/SIGTERM/SIGHUP set a flag; the main loop cleans up. */
#ifndef RN_SIG_H
#define RN_SIG_H

#include <stdbool.h>

/* SIGPIPE is ignored. 0 or a negative errno. */
int rn_sig_install(void);
bool rn_sig_pending(void);
int rn_sig_number(void);
/* "SIGINT", "SIGTERM", "SIGHUP" for the pending signal. */
const char *rn_sig_name(void);
/*
 * Pretend a signal arrived (tests), or forget it (0: to let cleanup
 * commands run after one).
 */
void rn_sig_raise_flag(int signo);

#endif
