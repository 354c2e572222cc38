// SPDX-License-Identifier: MIT
/*
 * core_flavour.c - what the guest's policy and kernel are, for the attack
 * rows whose first denial depends on them, and the choice of a row's
 * expectation from a table of alternatives tagged with those facts.
 *
 * The facts are read from the running system, never from the profile's
 * name: Fedora's targeted policy is the one that defines config_home_t
 * (refpolicy calls ~/.config xdg_config_t; the module's own ifdefs key on
 * the same type), and from Linux 6.5 bpf() asks SELinux's bpf class
 * (security_bpf) before any capability (the unprivileged check moved from
 * __sys_bpf into bpf_prog_load/map_create), where 6.1 asked CAP_BPF first.
 * An alternative applies only where all of its facts hold, so a record of
 * the other flavour still FAILs the row.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include <selinux/selinux.h>

#include "core.h"

#define PERM (1u << RN_MODE_PERMISSIVE)
#define ENF (1u << RN_MODE_ENFORCING)
#define BOTH (PERM | ENF)

unsigned int rn_facts_parse(int fedora_type, const char *release)
{
	unsigned int facts = fedora_type ? RN_FACT_FEDORA : 0;
	unsigned int major = 0, minor = 0;

	if (release && sscanf(release, "%u.%u", &major, &minor) == 2 &&
	    (major > 6 || (major == 6 && minor >= 5)))
		facts |= RN_FACT_BPF_CLASS_FIRST;
	return facts;
}

/* 1: @con is a valid context of the loaded policy, 0: the kernel says it
 * is not (EINVAL), or a negative errno: the policy could not be asked. */
static int context_valid(const char *con)
{
	if (security_check_context(con) == 0)
		return 1;
	if (errno == EINVAL)
		return 0;
	return errno ? -errno : -EIO;
}

int rn_facts(unsigned int *facts)
{
	struct utsname u;
	int mls, plain;

	*facts = 0;
	/* MLS/MCS policies need the level, a plain policy refuses it */
	mls = context_valid("system_u:object_r:config_home_t:s0");
	plain = context_valid("system_u:object_r:config_home_t");
	if (mls < 0 && plain <= 0)
		return mls;
	if (plain < 0 && mls == 0)
		return plain;
	if (uname(&u) < 0)
		return -errno;
	*facts = rn_facts_parse(mls > 0 || plain > 0, u.release);
	return 0;
}

const char *rn_facts_name(unsigned int facts)
{
	static const char *const names[] = {
		"refpolicy, kernel < 6.5",
		"Fedora policy, kernel < 6.5",
		"refpolicy, kernel >= 6.5",
		"Fedora policy, kernel >= 6.5",
	};

	return names[facts & (RN_FACT_FEDORA | RN_FACT_BPF_CLASS_FIRST)];
}

const struct rn_alt *rn_alt_pick(const struct rn_alt *alts,
				   unsigned int facts, enum rn_mode mode)
{
	const struct rn_alt *a;

	for (a = alts; a && a->facts; a++)
		if ((a->facts & facts) == a->facts &&
		    (a->modes & (1u << mode)))
			return a;
	return NULL;
}

/*
 * The attack rows (sc_attack.c) whose first check differs by policy
 * flavour or kernel, each alternative with the rule or order that makes
 * it so; every one seen in evidence/debian13-fedora-policy-4a6e720
 * (Fedora targeted v41.24, kernel 6.12).  Only an alternative whose facts
 * hold applies: on Debian 12 every row keeps its own record, and a record
 * of the other flavour FAILs.  The Fedora rules named were read with
 * sesearch on the v41.24 store (kernel/domain.te, hide_broken_symptoms).
 */
const struct rn_alt rn_alt_exec_sh[] = {
	{ RN_FACT_FEDORA, BOTH, "execute", "file", "shell_exec_t", EACCES,
	  "Fedora lets every domain search bin_t directories and read their links (allow domain bin_t:dir search, base_ro_file_type:lnk_file read), so the walk through /bin passes and the exec of dash (shell_exec_t) is the first refusal" },
	{ 0 },
};

const struct rn_alt rn_alt_exec_bin[] = {
	{ RN_FACT_FEDORA, BOTH, "execute", "file", "bin_t", EACCES,
	  "Fedora lets every domain search bin_t directories (allow domain bin_t:dir search), so the exec of /usr/bin/id itself is the first refusal" },
	{ 0 },
};

const struct rn_alt rn_alt_ssh[] = {
	{ RN_FACT_FEDORA, PERM, "read", "file", "ssh_home_t", EACCES,
	  "Fedora dontaudits an application domain's search of any non-security directory (dontaudit application_domain_type non_security_file_type:dir search); the permissive pass keeps dontaudit, so its first record is the read of the key (the enforcing pass, dontaudit off, sees { search } dir ssh_home_t as on Debian)" },
	{ 0 },
};

const struct rn_alt rn_alt_module[] = {
	{ RN_FACT_FEDORA, PERM, "module_load", "system", "rustnet_exec_t", EPERM,
	  "Fedora dontaudits sys_module for every domain (dontaudit domain self:capability sys_module, kernel/domain.te); the permissive pass keeps dontaudit, so its first record is the module_load of the file (the enforcing pass, dontaudit off, sees { sys_module } capability as on Debian)" },
	{ 0 },
};

const struct rn_alt rn_alt_bpf[] = {
	{ RN_FACT_BPF_CLASS_FIRST, ENF, "prog_load", "bpf", "rustnet_t", EACCES,
	  "from Linux 6.5 bpf() asks SELinux (security_bpf: bpf class) before CAP_BPF, so the module's refusal of the bpf class comes first and the kernel answers EACCES" },
	{ 0 },
};

const struct rn_alt rn_alt_pty_sudo[] = {
	{ RN_FACT_FEDORA, ENF, "search", "dir", "devpts_t", EACCES,
	  "Fedora's terminal interface gives rustnet_t its user ptys but not the /dev/pts directory (refpolicy's adds devpts_t:dir search), so the path walk is refused before DAC is asked" },
	{ 0 },
};

/* attack.pty_other_user (as the user, no DAC capability): on Debian only
 * DAC keeps rustnet_t out of another user's pty (a documented gap); on
 * Fedora the same walk is refused by SELinux first, so the row is judged
 * as an attack there (r->gap_as_attack). */
const struct rn_alt rn_alt_pty_other[] = {
	{ RN_FACT_FEDORA, ENF, "search", "dir", "devpts_t", EACCES,
	  "Fedora's terminal interface gives rustnet_t its user ptys but not the /dev/pts directory (refpolicy's adds devpts_t:dir search), so SELinux refuses the path walk before DAC is asked: closed on this policy" },
	{ 0 },
};

/* rustnet_t's udp_socket write (attack.udp_1234, .nc,
 * egress.default.udp_1234): the permissive pass keeps dontaudit. */
const struct rn_alt rn_alt_udp_write[] = {
	{ RN_FACT_FEDORA, PERM, NULL, NULL, NULL, 0,
	  "Fedora's policy dontaudits every domain's read/write on every domain's sockets (dontaudit domain domain:socket_class_set { read write }, kernel/domain.te, hide_broken_symptoms); the permissive pass keeps dontaudit, so the send leaves no record there: the enforcing pass (dontaudit off) checks this denial" },
	{ 0 },
};
