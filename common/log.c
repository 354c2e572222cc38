// SPDX-License-Identifier: MIT
/* Messages to stderr, prefixed with the program's name. */
#include "log.h"

#include <stdio.h>

static const char *rn_prog = "rnlab";
static bool rn_quiet;

void rn_log_set_prog(const char *prog)
{
	rn_prog = prog;
}

const char *rn_log_prog(void)
{
	return rn_prog;
}

void rn_set_quiet(bool quiet)
{
	rn_quiet = quiet;
}

void rn_verr(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ERROR: ", rn_prog);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

void rn_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rn_verr(fmt, ap);
	va_end(ap);
}

void rn_info(const char *fmt, ...)
{
	va_list ap;

	if (rn_quiet)
		return;
	fprintf(stderr, "%s: ", rn_prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
