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

const struct rn_harmless rn_harmless_list[] = {
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
		.behaviour = "Under sudo (all capabilities before the drop), the interface probe's HCI (Bluetooth) socket and the capture thread (pcap_tx) make the kernel check CAP_NET_ADMIN.",
		.harmless = "The HCI socket stays untrusted and the capture runs without it (sudo passes with dontaudit off and these denials); rustnet changes no network configuration.",
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
	{
		.perms = "bpf perfmon", .tclass = "capability2",
		.ttype = "rustnet_t",
		.behaviour = "With rustnet_use_ebpf off, the eBPF loader's first bpf() call makes the kernel check CAP_BPF (CAP_PERFMON for perf events).",
		.harmless = "rustnet falls back to procfs attribution; the eBPF tracker is what the boolean keeps off.",
		.rule = "dontaudit rustnet_t self:capability2 { bpf perfmon }; (rustnet_use_ebpf off)",
	},
	{
		.perms = "sys_admin", .tclass = "capability",
		.ttype = "rustnet_t",
		.behaviour = "Under sudo with rustnet_use_ebpf off, the kernel asks for CAP_SYS_ADMIN as the fallback of a refused CAP_BPF or CAP_PERFMON.",
		.harmless = "rustnet falls back to procfs attribution; rustnet_t must never hold CAP_SYS_ADMIN by default.",
		.rule = "dontaudit rustnet_t self:capability sys_admin; (rustnet_use_sys_admin off)",
	},
	{
		.perms = "sys_resource", .tclass = "capability",
		.ttype = "rustnet_t",
		.behaviour = "Under sudo with rustnet_use_ebpf off, libbpf's memcg probe (a BPF_PROG_LOAD) is refused, so libbpf tries to raise RLIMIT_MEMLOCK to infinity, which needs CAP_SYS_RESOURCE.",
		.harmless = "The limit stays as it was; no eBPF object loads with the boolean off and rustnet falls back to procfs attribution.",
		.rule = "dontaudit rustnet_t self:capability sys_resource; (rustnet_use_ebpf off)",
	},
	{
		.perms = "fsetid", .tclass = "capability",
		.ttype = "rustnet_t",
		.behaviour = "Under sudo, rustnet 1.7.0 fchmods an existing output file of the invoking user to 0600; root is not in the file's group, so the kernel checks CAP_FSETID (to keep a set-group-ID bit).",
		.harmless = "The kernel clears the set-group-ID bit instead, which rustnet's 0600 does not set anyway; the chmod itself succeeds (fowner).",
		.rule = "dontaudit rustnet_t self:capability fsetid;",
	},
	{
		.perms = "map", .tclass = "file",
		.ttype = "sysfs_t",
		.behaviour = "With rustnet_use_ebpf off, libbpf may still map /sys/kernel/btf/vmlinux before its first bpf() call fails.",
		.harmless = "The eBPF tracker does not load either way; rustnet falls back to procfs attribution.",
		.rule = "dontaudit rustnet_t sysfs_t:file map; (rustnet_use_ebpf off)",
	},
	{
		.perms = "dac_override dac_read_search", .tclass = "capability",
		.ttype = "rustnet_t",
		.behaviour = "Under sudo, before the uid drop, rustnet reads the invoking user's config.toml (in a 0700 home) and its procfs scan lists /proc/PID/fd of other users' processes (mode 0500).",
		.harmless = "With rustnet_sudo_override_dac off the config is skipped with a warning (defaults apply) and other users' connections stay unattributed; outputs go where root may write.",
		.rule = "dontaudit rustnet_t self:capability { dac_override dac_read_search }; (rustnet_sudo_override_dac off)",
	},
	{
		.perms = "getattr search open read", .tclass = "dir",
		.ttype = "init_t",
		.behaviour = "The procfs scan walks every /proc/PID, /proc/1 included.",
		.harmless = "PID 1 is left out of attribution on purpose (its environment and descriptors); sockets it holds show no process.",
		.rule = "dontaudit rustnet_t init_t:dir list_dir_perms;",
	},
	{
		.perms = "map_create map_read map_write prog_load prog_run", .tclass = "bpf",
		.ttype = "rustnet_t",
		.behaviour = "With rustnet_use_ebpf off, on kernels that ask SELinux before any capability (6.5 and later: security_bpf() precedes the CAP_BPF check), libbpf's probe and both skeleton loads are refused at the bpf class (seen as { prog_load } bpf on debian13-fedora-policy, kernel 6.12).",
		.harmless = "The same refusal as capability2 bpf on older kernels: rustnet falls back to procfs attribution; the eBPF tracker is what the boolean keeps off.",
		.rule = "dontaudit rustnet_t self:bpf { map_create map_read map_write prog_load prog_run }; (rustnet_use_ebpf off)",
	},
	{ .perms = NULL },
};

int rn_harmless_find(const struct rn_avc *a)
{
	const struct rn_harmless *h;

	if (strcmp(a->stype, "rustnet_t") || strcmp(a->result, "denied"))
		return -1;
	for (h = rn_harmless_list; h->perms; h++) {
		if (!strcmp(a->tclass, h->tclass) &&
		    !strcmp(a->ttype, h->ttype) && a->perms[0] &&
		    rn_perms_subset(a->perms, h->perms))
			return (int)(h - rn_harmless_list);
	}
	return -1;
}
