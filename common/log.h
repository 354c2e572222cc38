/* SPDX-License-Identifier: MIT */
/* Messages to stderr, prefixed with the program's name. */
#ifndef RN_LOG_H
#define RN_LOG_H

#include <stdarg.h>
#include <stdbool.h>

/* The prefix of every message ("rnlab" until set); not copied. */
void rn_log_set_prog(const char *prog);
const char *rn_log_prog(void);
/* "PROG: ERROR: message" */
void rn_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void rn_verr(const char *fmt, va_list ap);
/* "PROG: message", unless quiet */
void rn_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Quiet info messages (unit tests). */
void rn_set_quiet(bool quiet);

#endif
