// SPDX-License-Identifier: MIT
/* Guest profiles compiled into a table. */
#include "profile.h"

#include <stddef.h>
#include <string.h>

static const struct rn_profile rn_profiles[] = {
	{
		.name = "debian12",
		.summary = "Debian 12 (bookworm), refpolicy, direct kernel boot",
		.boot = RN_BOOT_KERNEL,
		.base_format = "raw",
		.needs_internet = false,
		.cmdline_selinux = true,
		.recipe = "vm/images/build-image.sh debian12",
	},
	{
		.name = "debian13",
		.summary = "Debian 13 (trixie), refpolicy, direct kernel boot",
		.boot = RN_BOOT_KERNEL,
		.base_format = "raw",
		.needs_internet = false,
		.cmdline_selinux = true,
		.recipe = "vm/images/build-image.sh debian13",
	},
	{
		/* issue 18: not booted yet (vm/images/README.md) */
		.name = "debian13-fedora-policy",
		.summary = "Debian 13 with Fedora's targeted policy built from "
			   "FEDORA_POLICY_SRC",
		.boot = RN_BOOT_KERNEL,
		.base_format = "raw",
		.needs_internet = false,
		.cmdline_selinux = true,
		.recipe = "vm/images/fedora-policy-image.sh FEDORA_POLICY_SRC",
	},
	{
		.name = "fedora42",
		.summary = "Fedora 42 Cloud Base, targeted policy, cloud-init",
		.boot = RN_BOOT_FIRMWARE,
		.base_format = "qcow2",
		.needs_internet = true,
		.cmdline_selinux = false,
	},
};

const struct rn_profile *rn_profile_at(unsigned int i)
{
	if (i >= sizeof(rn_profiles) / sizeof(rn_profiles[0]))
		return NULL;
	return &rn_profiles[i];
}

const struct rn_profile *rn_profile_find(const char *name)
{
	const struct rn_profile *p;
	unsigned int i;

	for (i = 0; (p = rn_profile_at(i)); i++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}
