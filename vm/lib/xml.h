/* SPDX-License-Identifier: MIT */
/* libvirt domain XML for a lab guest. */
#ifndef RN_XML_H
#define RN_XML_H

#include <stdbool.h>

#include "accel.h"
#include "profile.h"

struct rn_domcfg {
	const struct rn_profile *profile;
	const char *name;
	enum rn_accel accel;		/* KVM or TCG (resolved) */
	unsigned int vcpus;
	unsigned int memory_mib;
	const char *overlay;		/* qcow2 disk the guest writes */
	const char *kernel;		/* RN_BOOT_KERNEL only */
	const char *initrd;
	bool enforcing;
	const char *seed_iso;		/* RN_BOOT_FIRMWARE only */
	const char *console_log;	/* serial output, written by libvirt */
	const char *console_sock;	/* serial input/output (unix socket) */
	int ssh_port;			/* host side of the 127.0.0.1 forward */
	bool guest_internet;		/* drop restrict=on (fedora42 only) */
};

#define RN_QEMU_NS "http://libvirt.org/schemas/domain/qemu/1.0"

/* Kernel command line for direct boot, newly allocated. */
char *rn_kernel_cmdline(bool enforcing);
/* QEMU -netdev value, newly allocated. */
char *rn_netdev_arg(int ssh_port, bool guest_internet);
/* Whole domain XML, newly allocated; NULL with a message on bad config. */
char *rn_domain_xml(const struct rn_domcfg *c);

#endif
