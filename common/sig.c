// SPDX-License-Identifier: MIT
/* SIGINT/SIGTERM/SIGHUP set a flag; the main loop cleans up. */
#include "sig.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

static volatile sig_atomic_t rn_sig_caught;

static void rn_sig_handler(int signo)
{
	rn_sig_caught = signo;
}

int rn_sig_install(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = rn_sig_handler;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: blocking calls return EINTR and we notice. */
	for (i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (sigaction(sigs[i], &sa, NULL) < 0)
			return -errno;
	sa.sa_handler = SIG_IGN;
	return sigaction(SIGPIPE, &sa, NULL) < 0 ? -errno : 0;
}

bool rn_sig_pending(void)
{
	return rn_sig_caught != 0;
}

int rn_sig_number(void)
{
	return rn_sig_caught;
}

const char *rn_sig_name(void)
{
	switch (rn_sig_caught) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	case 0:
		return "no signal";
	}
	return "a signal";
}

void rn_sig_raise_flag(int signo)
{
	rn_sig_caught = signo;
}
