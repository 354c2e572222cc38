/* SPDX-License-Identifier: MIT */
/* The guest's serial console log. */
#ifndef RN_CONSOLE_H
#define RN_CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Print the last n lines of the log to f, control characters removed. */
int rn_console_tail(const char *path, unsigned int n, FILE *f);
/* The log is missing or empty. */
bool rn_console_silent(const char *path);
/* The log shows a kernel panic. */
bool rn_console_panicked(const char *path);
/* The same; the panic's line (control characters as spaces) into line. */
bool rn_console_panic_line(const char *path, char *line, size_t n);

#endif
