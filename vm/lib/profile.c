// SPDX-License-Identifier: MIT
/*
 * Guest profiles compiled into a table: the one list of profiles. rnlab
 * reads it directly; host scripts through rn_profile_print() (rnlab
 * profiles, make -C vm profiles).
 */
#include "profile.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* Indexed by enum rn_image. */
static const struct {
	const char *key;	/* the IMAGE column of rn_profile_print() */
	const char *script;	/* builds the image dir and prints it */
	const char *arg;	/* its argument; NULL: the profile's name */
} rn_images[] = {
	[RN_IMAGE_BUILD] = { "build-image", "vm/images/build-image.sh", NULL },
	[RN_IMAGE_FEDORA_POLICY] = { "fedora-policy-image",
				     "vm/images/fedora-policy-image.sh",
				     "FEDORA_POLICY_SRC" },
	[RN_IMAGE_FEDORA] = { "fedora-image", NULL, NULL },
};

static const struct rn_profile rn_profiles[] = {
	{
		.name = "debian12",
		.summary = "Debian 12 (bookworm), refpolicy, direct kernel boot",
		.boot = RN_BOOT_KERNEL,
		.base_format = "raw",
		.needs_internet = false,
		.cmdline_selinux = true,
		.image = RN_IMAGE_BUILD,
	},
	{
		.name = "debian13",
		.summary = "Debian 13 (trixie), refpolicy, direct kernel boot",
		.boot = RN_BOOT_KERNEL,
		.base_format = "raw",
		.needs_internet = false,
		.cmdline_selinux = true,
		.image = RN_IMAGE_BUILD,
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
		.image = RN_IMAGE_FEDORA_POLICY,
	},
	{
		.name = "fedora42",
		.summary = "Fedora 42 Cloud Base, targeted policy, cloud-init",
		.boot = RN_BOOT_FIRMWARE,
		.base_format = "qcow2",
		.needs_internet = true,
		.cmdline_selinux = false,
		.image = RN_IMAGE_FEDORA,
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

const char *rn_profile_image_key(const struct rn_profile *p)
{
	return rn_images[p->image].key;
}

int rn_profile_recipe(const struct rn_profile *p, char *buf, size_t size)
{
	const char *script = rn_images[p->image].script;
	const char *arg = rn_images[p->image].arg;
	int n;

	if (!script)
		return -1;
	n = snprintf(buf, size, "%s %s", script, arg ? arg : p->name);
	if (n < 0 || (size_t)n >= size)
		return -1;
	return 0;
}

int rn_profile_print(FILE *f)
{
	const struct rn_profile *p;
	unsigned int i;

	for (i = 0; (p = rn_profile_at(i)); i++)
		if (fprintf(f, "%s\t%s\t%s\n", p->name,
			    rn_profile_image_key(p), p->summary) < 0)
			return -1;
	return fflush(f) == 0 && !ferror(f) ? 0 : -1;
}
