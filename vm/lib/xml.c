// SPDX-License-Identifier: MIT
/* libvirt domain XML for a lab guest. */
#include "xml.h"

#include <stdlib.h>

#include "buf.h"
#include "util.h"

char *rn_kernel_cmdline(bool enforcing)
{
	/*
	 * no_timer_check: under TCG on a loaded host the kernel's IO-APIC
	 * timer check can fail and panic ("IO-APIC + timer doesn't work!").
	 */
	return rn_strdupf("root=/dev/vda rw console=ttyS0 selinux=1 "
			  "security=selinux "
			  "lsm=landlock,lockdown,yama,integrity,selinux,bpf "
			  "no_timer_check enforcing=%d", enforcing ? 1 : 0);
}

char *rn_netdev_arg(int ssh_port, bool guest_internet)
{
	/*
	 * restrict=on: the guest reaches nothing but the forward below.
	 * The forward listens on the host's loopback only.
	 */
	return rn_strdupf("user,id=n0%s,hostfwd=tcp:127.0.0.1:%d-:22",
			  guest_internet ? "" : ",restrict=on", ssh_port);
}

static int add_elem(struct rn_buf *b, const char *indent, const char *pre,
		    const char *val, const char *post)
{
	if (rn_buf_puts(b, indent) < 0 || rn_buf_puts(b, pre) < 0 ||
	    rn_buf_xml(b, val) < 0 || rn_buf_puts(b, post) < 0)
		return -1;
	return 0;
}

static int add_os(struct rn_buf *b, const struct rn_domcfg *c)
{
	char *cmdline = NULL;
	int ret = -1;

	if (rn_buf_puts(b, "  <os>\n    <type arch='x86_64' machine='pc'>"
			"hvm</type>\n") < 0)
		return -1;
	if (c->profile->boot == RN_BOOT_FIRMWARE) {
		if (rn_buf_puts(b, "    <boot dev='hd'/>\n  </os>\n") < 0)
			return -1;
		return 0;
	}
	cmdline = rn_kernel_cmdline(c->enforcing);
	if (!cmdline)
		goto cleanup;
	if (add_elem(b, "    ", "<kernel>", c->kernel, "</kernel>\n") < 0 ||
	    add_elem(b, "    ", "<initrd>", c->initrd, "</initrd>\n") < 0 ||
	    add_elem(b, "    ", "<cmdline>", cmdline, "</cmdline>\n") < 0 ||
	    rn_buf_puts(b, "  </os>\n") < 0)
		goto cleanup;
	ret = 0;
cleanup:
	free(cmdline);
	return ret;
}

static int add_disks(struct rn_buf *b, const struct rn_domcfg *c)
{
	if (rn_buf_puts(b, "    <disk type='file' device='disk'>\n"
			"      <driver name='qemu' type='qcow2' "
			"cache='unsafe'/>\n") < 0 ||
	    add_elem(b, "      ", "<source file='", c->overlay, "'/>\n") < 0 ||
	    rn_buf_puts(b, "      <target dev='vda' bus='virtio'/>\n"
			"    </disk>\n") < 0)
		return -1;
	if (!c->seed_iso)
		return 0;
	if (rn_buf_puts(b, "    <disk type='file' device='cdrom'>\n"
			"      <driver name='qemu' type='raw'/>\n") < 0 ||
	    add_elem(b, "      ", "<source file='", c->seed_iso, "'/>\n") < 0 ||
	    rn_buf_puts(b, "      <target dev='hdc' bus='ide'/>\n"
			"      <readonly/>\n    </disk>\n") < 0)
		return -1;
	return 0;
}

static int add_serial(struct rn_buf *b, const struct rn_domcfg *c)
{
	if (rn_buf_puts(b, "    <serial type='unix'>\n") < 0 ||
	    add_elem(b, "      ", "<source mode='bind' path='",
		     c->console_sock, "'/>\n") < 0 ||
	    add_elem(b, "      ", "<log file='", c->console_log,
		     "' append='off'/>\n") < 0 ||
	    rn_buf_puts(b, "      <target port='0'/>\n    </serial>\n") < 0)
		return -1;
	return 0;
}

static int add_netdev(struct rn_buf *b, const struct rn_domcfg *c)
{
	char *netdev = rn_netdev_arg(c->ssh_port, c->guest_internet);
	int ret = -1;

	if (!netdev)
		return -1;
	/*
	 * libvirt hands out PCI slots from 2 up without knowing about this
	 * device: give it the last slot of the pc machine's bus.
	 */
	if (rn_buf_puts(b, "  <qemu:commandline>\n"
			"    <qemu:arg value='-netdev'/>\n") < 0 ||
	    add_elem(b, "    ", "<qemu:arg value='", netdev, "'/>\n") < 0 ||
	    rn_buf_puts(b, "    <qemu:arg value='-device'/>\n"
			"    <qemu:arg value='virtio-net-pci,netdev=n0,bus=pci.0,addr=0x1f'/>\n"
			"  </qemu:commandline>\n") < 0)
		goto cleanup;
	ret = 0;
cleanup:
	free(netdev);
	return ret;
}

static int check_cfg(const struct rn_domcfg *c)
{
	if (!c->profile || !c->name || !c->overlay || !c->console_log ||
	    !c->console_sock) {
		rn_err("domain XML: incomplete configuration");
		return -1;
	}
	if (c->accel != RN_ACCEL_KVM && c->accel != RN_ACCEL_TCG) {
		rn_err("domain XML: accelerator not resolved");
		return -1;
	}
	if (c->ssh_port <= 0 || c->ssh_port > 65535) {
		rn_err("domain XML: bad ssh port %d", c->ssh_port);
		return -1;
	}
	if (c->profile->boot == RN_BOOT_KERNEL && (!c->kernel || !c->initrd)) {
		rn_err("domain XML: %s needs a kernel and an initrd",
		       c->profile->name);
		return -1;
	}
	if (c->profile->boot == RN_BOOT_FIRMWARE && !c->seed_iso) {
		rn_err("domain XML: %s needs a cloud-init seed",
		       c->profile->name);
		return -1;
	}
	if (c->guest_internet && !c->profile->needs_internet) {
		rn_err("domain XML: %s never gets unrestricted networking",
		       c->profile->name);
		return -1;
	}
	return 0;
}

char *rn_domain_xml(const struct rn_domcfg *c)
{
	struct rn_buf b;
	bool kvm;

	if (check_cfg(c) < 0)
		return NULL;
	kvm = c->accel == RN_ACCEL_KVM;
	rn_buf_init(&b);
	if (rn_buf_printf(&b, "<domain type='%s' xmlns:qemu='%s'>\n",
			  kvm ? "kvm" : "qemu", RN_QEMU_NS) < 0 ||
	    add_elem(&b, "  ", "<name>", c->name, "</name>\n") < 0 ||
	    rn_buf_printf(&b, "  <memory unit='MiB'>%u</memory>\n"
			  "  <vcpu>%u</vcpu>\n", c->memory_mib, c->vcpus) < 0 ||
	    add_os(&b, c) < 0 ||
	    rn_buf_puts(&b, "  <features><acpi/><apic/></features>\n") < 0 ||
	    (kvm && rn_buf_puts(&b, "  <cpu mode='host-passthrough'/>\n") < 0) ||
	    rn_buf_puts(&b, "  <clock offset='utc'/>\n"
			"  <on_poweroff>destroy</on_poweroff>\n"
			"  <on_reboot>destroy</on_reboot>\n"
			"  <on_crash>destroy</on_crash>\n"
			"  <devices>\n") < 0 ||
	    add_disks(&b, c) < 0 ||
	    add_serial(&b, c) < 0 ||
	    rn_buf_puts(&b, "    <controller type='usb' model='none'/>\n"
			"    <memballoon model='none'/>\n"
			"    <rng model='virtio'>\n"
			"      <backend model='random'>/dev/urandom</backend>\n"
			"    </rng>\n"
			"  </devices>\n") < 0 ||
	    add_netdev(&b, c) < 0 ||
	    rn_buf_puts(&b, "</domain>\n") < 0) {
		rn_buf_free(&b);
		rn_err("domain XML: out of memory");
		return NULL;
	}
	return rn_buf_steal(&b);
}
