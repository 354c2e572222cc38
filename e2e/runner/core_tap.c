// SPDX-License-Identifier: MIT
/*
 * core_tap.c - one TAP line per scenario result:
 *   ok N - mode/id
 *   ok N - mode/id # SKIP reason
 *   ok N - mode/id # GAP: reason      (a known gap, as documented)
 *   not ok N - mode/id # FAIL: reason
 *   not ok N - mode/id # ERROR: reason
 * A '#' or newline inside the reason would break TAP parsers; they are
 * replaced.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core.h"

static void sanitise(char *dst, size_t len, const char *src)
{
	size_t i;

	if (!len)
		return;
	for (i = 0; src && src[i] && i + 1 < len; i++) {
		char c = src[i];

		dst[i] = (c == '\n' || c == '\r' || c == '#') ? ' ' : c;
	}
	dst[i] = '\0';
}

int rn_tap_format(char *buf, size_t len, unsigned int n, const char *mode,
		   const char *id, enum rn_verdict v, const char *reason)
{
	char why[512];
	int ret;

	sanitise(why, sizeof(why), reason);
	switch (v) {
	case RN_PASS:
		ret = snprintf(buf, len, "ok %u - %s/%s", n, mode, id);
		break;
	case RN_SKIP:
		ret = snprintf(buf, len, "ok %u - %s/%s # SKIP %s", n, mode,
			       id, why[0] ? why : "no reason given");
		break;
	case RN_KNOWN_GAP:
		ret = snprintf(buf, len, "ok %u - %s/%s # GAP: %s", n, mode,
			       id, why[0] ? why : "no reason given");
		break;
	case RN_FAIL:
	case RN_ERROR:
		ret = snprintf(buf, len, "not ok %u - %s/%s # %s: %s", n, mode,
			       id, rn_verdict_name(v),
			       why[0] ? why : "no reason given");
		break;
	default:
		return -EINVAL;
	}
	if (ret < 0 || (size_t)ret >= len)
		return -ENOSPC;
	return 0;
}
