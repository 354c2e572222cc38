// SPDX-License-Identifier: MIT
/*
 * core_denied.c - the reviewed list of rustnet_t denials the module keeps
 * denied and audited on purpose.
 *
 * Each entry is a documented thing a given rustnet does that the module
 * refuses, where a dontaudit would also hide a taken-over rustnet doing
 * the same (policy/README.md, "Known denials").  An ALLOWED scenario that
 * knows the rustnet under test does it sets the entry's bit in
 * rn_result.known_denied; the records then make the row GAP (the user
 * loses what "cost" says), never PASS and never a silent FAIL.
 */
#include <stdio.h>
#include <string.h>

#include "core.h"

const struct rn_denied rn_denied_list[] = {
	{
		.perms = "connect read setopt write", .tclass = "udp_socket",
		.ttype = "rustnet_t", .comm_prefix = "dns-resolver-",
		.since = 10700,
		.behaviour = "rustnet 1.7.0 starts its reverse-DNS threads after its Landlock sandbox, which does not let glibc load libnss_resolve; glibc falls back to its own UDP query to the resolv.conf server (127.0.0.53).",
		.cost = "No host names in the TUI, logs or exports (headless output has none anyway); addresses are shown.",
		.why = "SELinux cannot limit UDP by destination: allowing the query lets rustnet_t send UDP anywhere (attack.udp_1234). rustnet_direct_dns grants it for users who accept that.",
	},
	{ NULL, NULL, NULL, NULL, 0, NULL, NULL, NULL },
};

int rn_denied_find(const struct rn_avc *a, unsigned int mask)
{
	const struct rn_denied *d;

	if (strcmp(a->stype, "rustnet_t") || strcmp(a->result, "denied") ||
	    !a->perms[0])
		return -1;
	for (d = rn_denied_list; d->perms; d++) {
		if (!(mask & (1u << (d - rn_denied_list))))
			continue;
		if (!strcmp(a->tclass, d->tclass) &&
		    !strcmp(a->ttype, d->ttype) &&
		    !strncmp(a->comm, d->comm_prefix, strlen(d->comm_prefix)) &&
		    rn_perms_subset(a->perms, d->perms))
			return (int)(d - rn_denied_list);
	}
	return -1;
}

unsigned int rn_rustnet_version_parse(const char *text)
{
	unsigned int major, minor, patch;
	const char *v = text ? strstr(text, "rustnet ") : NULL;

	if (!v || sscanf(v, "rustnet %u.%u.%u", &major, &minor, &patch) != 3 ||
	    minor > 99 || patch > 99)
		return 0;
	return major * 10000 + minor * 100 + patch;
}
