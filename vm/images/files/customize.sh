#!/bin/sh
# Runs inside the guest rootfs (chroot, /proc mounted) after the packages
# are installed and files/rootfs/ is copied in. Called by build-image.sh;
# not meant to be run on its own.
set -eu

# A fixed machine-id: every run boots a fresh overlay, and an empty id would
# make each boot a "first boot" (systemd-firstboot, preset-all re-enabling
# units disabled below).
rm -f /etc/machine-id
systemd-machine-id-setup >/dev/null

# Users: alice runs rustnet, bob owns "other user" processes.
getent passwd alice >/dev/null ||
	useradd --create-home --uid 1000 --user-group --shell /bin/bash alice
getent passwd bob >/dev/null ||
	useradd --create-home --uid 1001 --user-group --shell /bin/bash bob
passwd --lock root >/dev/null
chmod 0440 /etc/sudoers.d/rnx-alice
visudo -c -q -f /etc/sudoers.d/rnx-alice

# Services the lab needs.
systemctl enable systemd-networkd.service systemd-resolved.service \
	auditd.service ssh.service serial-getty@ttyS0.service >&2

# Nothing that burns CPU under TCG or waits for a network that is not there.
for u in apt-daily.timer apt-daily-upgrade.timer man-db.timer \
	e2scrub_all.timer e2scrub_reap.service fstrim.timer logrotate.timer \
	dpkg-db-backup.timer systemd-networkd-wait-online.service \
	dnsmasq.service systemd-network-generator.service; do
	systemctl mask "$u" >/dev/null 2>&1
done
# systemd >= 256 looks for AF_VSOCK at every boot to offer ssh over it, and
# fails without a vsock device; the lab uses the forwarded port instead.
gen=/usr/lib/systemd/system-generators/systemd-ssh-generator
if [ -e "$gen" ]; then
	mkdir -p /etc/systemd/system-generators
	ln -sfn /dev/null /etc/systemd/system-generators/systemd-ssh-generator
fi

# pam_env reads the locale at every login and warns when it is missing.
# On trixie /etc/default/locale is a link to /etc/locale.conf: write through.
[ -s /etc/default/locale ] || echo 'LANG=C.UTF-8' >/etc/default/locale

# resolved's stub as the libc resolver.
ln -sfn ../run/systemd/resolve/stub-resolv.conf /etc/resolv.conf

# auditd: room for a long run (10 x 64 MB, rotated), and never stop the
# machine on a full disk: suspend logging and tell syslog instead.
conf=/etc/audit/auditd.conf
set_audit() {
	if grep -q "^$1 *=" "$conf"; then
		sed -i "s|^$1 *=.*|$1 = $2|" "$conf"
	else
		echo "$1 = $2" >>"$conf"
	fi
}
set_audit max_log_file 64
set_audit num_logs 10
set_audit max_log_file_action ROTATE
set_audit space_left 256
set_audit space_left_action SYSLOG
set_audit admin_space_left 128
set_audit admin_space_left_action SUSPEND
set_audit disk_full_action SUSPEND
set_audit disk_error_action SYSLOG

# Initramfs that mounts /dev/vda (ext4 on virtio) without probing.
mods=/etc/initramfs-tools/modules
for m in virtio_pci virtio_blk ext4; do
	grep -qx "$m" "$mods" || echo "$m" >>"$mods"
done
if ! update-initramfs -u -k all >/tmp/rnx-initramfs.log 2>&1; then
	cat /tmp/rnx-initramfs.log >&2
	echo "customize: update-initramfs failed" >&2
	exit 1
fi
rm -f /tmp/rnx-initramfs.log
