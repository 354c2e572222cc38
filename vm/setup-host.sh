#!/bin/sh
# Prepare this host's libvirt for rnlab (idempotent).
# libvirt re-probes QEMU's capabilities on every start (~60 s) while
# /dev/kvm exists but only root may open it; running QEMU as root avoids
# that. Sets user = "root" and group = "root" in /etc/libvirt/qemu.conf.
set -eu

CONF=${RNLAB_QEMU_CONF:-/etc/libvirt/qemu.conf}

# What libvirt-daemon-system would create (it is not installed here):
# libvirtd's QEMU driver looks up its compiled-in user libvirt-qemu before
# it reads qemu.conf, and fails to start without it.
dirs_ok() {
	for d in /var/log/libvirt/qemu /var/lib/libvirt/qemu \
		/var/cache/libvirt/qemu; do
		[ -d "$d" ] || return 1
	done
	getent passwd libvirt-qemu >/dev/null &&
		getent group libvirt-qemu >/dev/null
}

has_setting() {
	grep -Eq "^[[:space:]]*$1[[:space:]]*=[[:space:]]*\"root\"" "$CONF"
}

if dirs_ok && [ -f "$CONF" ] && has_setting user && has_setting group; then
	echo "setup-host: $CONF already has user/group = \"root\""
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "setup-host: need root to edit $CONF; run: sudo $0" >&2
	echo "setup-host: (without it libvirt may spend ~60 s re-probing" \
		"QEMU on every guest start)" >&2
	exit 1
fi
mkdir -p /var/log/libvirt/qemu /var/lib/libvirt/qemu /var/cache/libvirt/qemu
getent group libvirt-qemu >/dev/null || groupadd --system libvirt-qemu
getent passwd libvirt-qemu >/dev/null ||
	useradd --system --gid libvirt-qemu --home-dir /var/lib/libvirt \
		--no-create-home --shell /usr/sbin/nologin libvirt-qemu
mkdir -p "$(dirname "$CONF")"
touch "$CONF"
if has_setting user && has_setting group; then
	echo "setup-host: created libvirt's directories and user"
	exit 0
fi
tmp="$CONF.rnlab.$$"
# Drop earlier user/group lines, then append ours.
grep -Ev '^[[:space:]]*(user|group)[[:space:]]*=' "$CONF" > "$tmp" || true
{
	echo '# rnlab (vm/setup-host.sh): run QEMU as root, no caps re-probe'
	echo 'user = "root"'
	echo 'group = "root"'
} >> "$tmp"
mv "$tmp" "$CONF"
echo "setup-host: wrote user/group = \"root\" to $CONF"
if pidof libvirtd >/dev/null 2>&1; then
	echo "setup-host: note: restart libvirtd for this to take effect"
fi
