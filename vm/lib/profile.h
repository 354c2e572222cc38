/* SPDX-License-Identifier: MIT */
/* Guest profiles compiled into a table. */
#ifndef RN_PROFILE_H
#define RN_PROFILE_H

#include <stdbool.h>

enum rn_boot {
	RN_BOOT_KERNEL = 0,	/* direct kernel boot from an image dir */
	RN_BOOT_FIRMWARE,	/* BIOS boot of a cloud image + NoCloud seed */
};

struct rn_profile {
	const char *name;
	const char *summary;
	enum rn_boot boot;
	/* Base disk format for the overlay's backing file. */
	const char *base_format;
	/* Guest needs package downloads (only with --guest-internet). */
	bool needs_internet;
	/* Whether SELinux mode is set on the kernel command line. */
	bool cmdline_selinux;
	/* RN_BOOT_KERNEL: the command that builds the image dir and prints it. */
	const char *recipe;
};

const struct rn_profile *rn_profile_find(const char *name);
/* NULL-terminated walk over the table, for usage messages. */
const struct rn_profile *rn_profile_at(unsigned int i);

/* Files inside a Debian image dir (docs/design.md). */
#define RN_IMG_DISK "disk.raw"
#define RN_IMG_KERNEL "vmlinuz"
#define RN_IMG_INITRD "initrd.img"
#define RN_IMG_KEY "id_ed25519"
#define RN_IMG_COMPLETE ".complete"

#endif
