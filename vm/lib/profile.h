/* SPDX-License-Identifier: MIT */
/* Guest profiles compiled into a table. */
#ifndef RN_PROFILE_H
#define RN_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

enum rn_boot {
	RN_BOOT_KERNEL = 0,	/* direct kernel boot from an image dir */
	RN_BOOT_FIRMWARE,	/* BIOS boot of a cloud image + NoCloud seed */
};

/*
 * Where a profile's image comes from; host scripts read it from the IMAGE
 * column of rn_profile_print() (scripts/e2e.sh, vm/images/build-image.sh).
 */
enum rn_image {
	/* "build-image": vm/images/build-image.sh NAME builds the image dir */
	RN_IMAGE_BUILD = 0,
	/*
	 * "fedora-policy-image": vm/images/fedora-policy-image.sh builds it
	 * from the Fedora policy tree FEDORA_POLICY_SRC
	 */
	RN_IMAGE_FEDORA_POLICY,
	/*
	 * "fedora-image": a Fedora Cloud Base qcow2 the user names with
	 * FEDORA_IMAGE (rnlab --image); nothing builds it
	 */
	RN_IMAGE_FEDORA,
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
	enum rn_image image;
};

const struct rn_profile *rn_profile_find(const char *name);
/* NULL-terminated walk over the table, for usage messages. */
const struct rn_profile *rn_profile_at(unsigned int i);
/* The IMAGE column's word for p ("build-image", ...). */
const char *rn_profile_image_key(const struct rn_profile *p);
/*
 * The command that builds p's image dir and prints it, written to buf.
 * Returns 0, or -1 when p's image is not built (RN_IMAGE_FEDORA) or the
 * command does not fit.
 */
int rn_profile_recipe(const struct rn_profile *p, char *buf, size_t size);
/*
 * The table for host tools (rnlab profiles, make -C vm profiles): one
 * "NAME<TAB>IMAGE<TAB>SUMMARY" line per row, in table order. Returns 0, or
 * -1 when f could not be written.
 */
int rn_profile_print(FILE *f);

/* Files inside a Debian image dir (docs/design.md). */
#define RN_IMG_DISK "disk.raw"
#define RN_IMG_KERNEL "vmlinuz"
#define RN_IMG_INITRD "initrd.img"
#define RN_IMG_KEY "id_ed25519"
#define RN_IMG_COMPLETE ".complete"

#endif
