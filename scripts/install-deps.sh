#!/bin/sh
# Install the host's build and lab dependencies from Debian packages.
# Idempotent; run as root (or through sudo). Each block names its user.
set -eu

if [ "$(id -u)" != 0 ]; then
	exec sudo "$0" "$@"
fi

export DEBIAN_FRONTEND=noninteractive

# qemu pin: the machine image ships qemu-utils from bookworm-backports, which
# does not work with bookworm's qemu-system-x86; install both at the same
# bookworm version.  That version is read only from package lists this run
# has just refreshed: an image's own lists can be months old and name a
# build the archive no longer serves (seen: deb12u18+b2 listed, +b3 served).
qemu_ver() {
	apt-cache madison qemu-system-x86 2>/dev/null |
		awk -F' *[|] *' '$3 ~ / bookworm(-updates|-security)?(\/updates)?\/main / {print $2; exit}'
}
installed_ver() {
	dpkg-query -W -f='${Status} ${Version}\n' "$1" 2>/dev/null |
		awk '$3 == "installed" {print $4}'
}

PKGS="
make gcc pkg-config m4 bzip2 git python3
"
# --- policy/: module build and static assertions
PKGS="$PKGS
selinux-policy-dev selinux-policy-default setools python3-setools
policycoreutils semodule-utils checkpolicy selinux-utils nftables
"
# --- policy/tests: Debian 13's tools (readelf) and packages without a
# debian13 image (debian13-debs.sh: apt, dpkg-deb, flock, trixie's keys)
PKGS="$PKGS
binutils apt dpkg util-linux debian-archive-keyring
"
# --- vm/: libvirt lab
PKGS="$PKGS
libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients libvirt-dev
qemu-system-x86 libxml2-utils xorriso openssh-client
"
# --- vm/ rnlab: ss (smoke isolation check), curl (fedora42 image URL),
# cmocka + PyYAML (unit tests; scripts/tests/test_matrix.py reads the
# nightly workflow with PyYAML)
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
libjson-c-dev
valgrind
"
# --- e2e/bench/avc-extract-bench.sh (make bench): /usr/bin/time for peak RSS
PKGS="$PKGS
time
"
# --- rpm/
PKGS="$PKGS
rpm
"
# --- rustnet build (eBPF skeletons need clang and libelf)
PKGS="$PKGS
clang llvm libelf-dev zlib1g-dev
"
# --- report: screenshots rendered from tmux panes (pyte emulates the
# terminal; fontTools tells which glyphs DejaVu Sans Mono lacks); results
# files checked against docs/results.schema.json (jsonschema)
PKGS="$PKGS
tmux python3-pil python3-pyte python3-fonttools fonts-dejavu-core
python3-jsonschema
"

missing=""
for p in $PKGS; do
	[ -n "$(installed_ver "$p")" ] || missing="$missing $p"
done
# Without touching the lists: both qemu packages installed at one version.
qsys=$(installed_ver qemu-system-x86)
qutl=$(installed_ver qemu-utils)
if [ -z "$missing" ] && [ -n "$qsys" ] && [ "$qsys" = "$qutl" ]; then
	echo "install-deps: all packages present"
	exit 0
fi
# Everything below decides from fresh lists only.
if ! apt-get update -qq; then
	echo "install-deps: apt-get update failed; not installing from stale lists" >&2
	exit 3
fi
QEMU_VER=$(qemu_ver)
if [ -z "$QEMU_VER" ]; then
	echo "install-deps: no bookworm qemu-system-x86 in the refreshed package lists" >&2
	exit 3
fi
pin="qemu-utils=$QEMU_VER qemu-system-x86=$QEMU_VER"
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends --allow-downgrades \
	$missing $pin
echo "install-deps: installed:$missing $pin"
