// SPDX-License-Identifier: MIT
/*
 * core_harmless.c - the reviewed list of known-harmless rustnet_t denials.
 *
 * Each entry is a denial that one of the module's dontaudit rules hides:
 * what rustnet does to cause it, why denying it costs rustnet nothing the
 * user asked for, and the rule.  Allowed-path scenarios run with dontaudit
 * off (semodule -DB) fail on any rustnet_t record not covered here.  The
 * same list, with the same words, is in policy/README.md ("Known-harmless
 * dontaudit rules"; e2e/runner/tests/test_harmless.c compares them) and in
 * results.json / REPORT.md.  Keep it short: a new entry needs a review.
 */
#include <string.h>

#include "core.h"

const struct rnx_harmless rnx_harmless_list[] = {
	{
		.perms = "module_request", .tclass = "system",
		.ttype = "kernel_t",
		.behaviour = "The interface probe opens a socket of each address family; for Bluetooth the kernel tries to autoload net-pf-31.",
		.harmless = "The probe gets EAFNOSUPPORT and skips Bluetooth; rustnet_t must never load kernel modules.",
		.rule = "kernel_dontaudit_request_load_module(rustnet_t)",
	},
	{
		.perms = "net_admin", .tclass = "capability",
		.ttype = "rustnet_t",
		.behaviour = "Opening an HCI (Bluetooth) socket in the interface probe makes the kernel check CAP_NET_ADMIN to mark the socket trusted.",
		.harmless = "The socket stays untrusted; rustnet only lists interfaces and needs no HCI access.",
		.rule = "dontaudit rustnet_t self:capability net_admin;",
	},
	{
		.perms = "getattr search open read", .tclass = "dir",
		.ttype = "bpf_t",
		.behaviour = "libbpf looks in the BPF filesystem (/sys/fs/bpf) for an optional BPF token.",
		.harmless = "libbpf goes on without a token; the eBPF tracker loads with CAP_BPF and CAP_PERFMON.",
		.rule = "dontaudit rustnet_t bpf_t:dir { getattr search open read };",
	},
	{
		.perms = "sys_ptrace", .tclass = "capability",
		.ttype = "rustnet_t",
		.behaviour = "Under sudo, procfs attribution starts before the uid drop and reads /proc/PID/fd of other users' processes.",
		.harmless = "With rustnet_read_other_users off, other users' connections stay unattributed (the documented gap, attribution.other_users_off); everything else works.",
		.rule = "dontaudit rustnet_t self:capability sys_ptrace; (rustnet_read_other_users off)",
	},
	{ .perms = NULL },
};

int rnx_harmless_find(const struct rnx_avc *a)
{
	const struct rnx_harmless *h;

	if (strcmp(a->stype, "rustnet_t") || strcmp(a->result, "denied"))
		return -1;
	for (h = rnx_harmless_list; h->perms; h++) {
		if (!strcmp(a->tclass, h->tclass) &&
		    !strcmp(a->ttype, h->ttype) && a->perms[0] &&
		    rnx_perms_subset(a->perms, h->perms))
			return (int)(h - rnx_harmless_list);
	}
	return -1;
}
