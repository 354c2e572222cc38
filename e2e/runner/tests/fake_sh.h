/* SPDX-License-Identifier: MIT */
/* fake_sh.h - the command line a faked rn_sh()/rn_sh_quiet() was asked
 * to run, formatted as the real ones do (common/shfmt.h), into @buf (cut
 * to its size; "" when the format was refused). */
#ifndef RN_TEST_FAKE_SH_H
#define RN_TEST_FAKE_SH_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "shfmt.h"

static inline void fake_sh_format(char *buf, size_t len, const char *fmt,
				  va_list ap)
{
	char *cmd = rn_vshfmt(fmt, ap);

	snprintf(buf, len, "%s", cmd ? cmd : "");
	free(cmd);
}

#endif
