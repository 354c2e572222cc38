#!/bin/sh
# Install the host's build and lab dependencies from Debian packages.
# Idempotent; run as root (or through sudo). Each block names its user.
set -eu

if [ "$(id -u)" != 0 ]; then
	exec sudo "$0" "$@"
fi

export DEBIAN_FRONTEND=noninteractive

# The machine image ships qemu-utils from bookworm-backports, which breaks
# bookworm's qemu-system-x86; pin bookworm's build of both.
qemu_ver() {
	apt-cache madison qemu-system-x86 2>/dev/null |
		awk -F' *[|] *' '$3 ~ / bookworm\/main / {print $2; exit}'
}
QEMU_VER=$(qemu_ver)
if [ -z "$QEMU_VER" ]; then
	apt-get update -qq
	QEMU_VER=$(qemu_ver)
fi

PKGS="
make gcc pkg-config m4 bzip2 git python3
"
# --- policy/: module build and static assertions
PKGS="$PKGS
selinux-policy-dev selinux-policy-default setools python3-setools
policycoreutils semodule-utils checkpolicy selinux-utils nftables
"
# --- vm/: libvirt lab
PKGS="$PKGS
libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients libvirt-dev
qemu-system-x86 libxml2-utils xorriso openssh-client
"
# --- vm/ rnlab: ss (smoke isolation check), curl (fedora42 image URL),
# cmocka + PyYAML (unit tests)
PKGS="$PKGS
iproute2 curl libcmocka-dev python3-yaml
"
# --- vm/images/: Debian guest images
PKGS="$PKGS
mmdebstrap arch-test uidmap e2fsprogs
"
# --- vm/images/ (image build) and e2e/data/ (GeoIP fixtures)
PKGS="$PKGS
openssh-client util-linux python3
libmaxmind-db-writer-perl mmdb-bin
"
# --- e2e/: audit library, runner, helpers
PKGS="$PKGS
libcmocka-dev libauparse-dev libaudit-dev libselinux1-dev libpcap-dev
valgrind
"
# --- rpm/
PKGS="$PKGS
rpm
"
# --- rustnet build (eBPF skeletons need clang and libelf)
PKGS="$PKGS
clang llvm libelf-dev zlib1g-dev
"
# --- report: screenshots rendered from tmux panes
PKGS="$PKGS
tmux python3-pil fonts-dejavu-core
"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
qemu_ok=1
if [ -n "$QEMU_VER" ]; then
	cur=$(dpkg-query -W -f='${Version}' qemu-utils 2>/dev/null || true)
	[ "$cur" = "$QEMU_VER" ] || qemu_ok=0
fi
if [ -z "$missing" ] && [ "$qemu_ok" = 1 ]; then
	echo "install-deps: all packages present"
	exit 0
fi
apt-get update -qq
pin=""
[ -n "$QEMU_VER" ] && pin="qemu-utils=$QEMU_VER qemu-system-x86=$QEMU_VER"
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends --allow-downgrades \
	$missing $pin
echo "install-deps: installed:$missing $pin"
