#!/bin/sh
# Build a bootable, SELinux-labelled Debian guest image for the e2e lab.
#
# usage: vm/images/build-image.sh PROFILE
#
# PROFILE: a profile of vm/lib/profile.c's table whose image is
# build-image (`make -s -C vm profiles` lists the table; today debian12,
# debian13), with a vm/images/PROFILE.conf.
#
# Output: $CACHE/images/<profile>-<recipehash12>/ with disk.raw (ext4,
# labelled), vmlinuz, initrd.img, id_ed25519{,.pub} (root's ssh key),
# ssh_host_ed25519_key.pub, manifest.txt and .complete (written last).
# The directory is printed as the only line on stdout; progress and stage
# timings go to stderr. A finished image for the same recipe is reused.
#
# Exit status: 0 ok, 2 usage error, 3 build error (partial output removed).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
CACHE=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}
IMAGES=$CACHE/images
WORK=
ROOT=

log() {
	echo "build-image: $*" >&2
}

die() {
	log "ERROR: $*"
	exit 3
}

# The profiles this script builds: the rows of the profile table whose
# IMAGE is build-image (vm/lib/profile.h).
TABLE=$(make -s --no-print-directory -C "$HERE/.." profiles) ||
	die "cannot read the profile table (make -C vm profiles failed)"
builds() { # the names, $1 apart
	printf '%s\n' "$TABLE" | awk -F '\t' -v s="$1" \
		'$2 == "build-image" { printf "%s%s", n++ ? s : "", $1 }'
}

usage() {
	echo "usage: $0 $(builds '|')" >&2
	exit 2
}

# Hash of everything that decides the image's content: this script, the
# profile's config and files/. Paths are part of the hash.
recipe_hash() {
	(
		cd "$HERE" &&
			{
				echo build-image.sh
				echo "$1.conf"
				find files -type f
			} | LC_ALL=C sort | while read -r f; do
				sha256sum "$f" || exit 1
			done
	) | sha256sum | cut -c1-12
}

# Unmount everything mounted at or below $1, deepest first.
unmount_under() {
	awk -v r="$1" '$5 == r || index($5, r "/") == 1 { print $5 }' \
		/proc/self/mountinfo | sort -r | while read -r m; do
		umount "$m" 2>/dev/null || umount -l "$m" || exit 1
	done
}

cleanup() {
	rc=$?
	trap - EXIT INT TERM HUP
	if [ -n "$WORK" ] && [ -d "$WORK" ]; then
		if [ -n "$ROOT" ] && ! unmount_under "$ROOT"; then
			log "ERROR: cannot unmount below $ROOT; left $WORK in place"
			exit 3
		fi
		rm -rf "$WORK"
	fi
	[ "$rc" = 0 ] || log "failed (exit $rc); partial output removed"
	exit "$rc"
}

STAGE=
T_STAGE=0
T_START=$(date +%s)
stage() {
	now=$(date +%s)
	[ -z "$STAGE" ] || log "stage $STAGE: $((now - T_STAGE)) s"
	STAGE=$1
	T_STAGE=$now
	[ -z "$STAGE" ] || log "stage $STAGE ..."
}

# Comma-separated package list: files/packages.list plus the profile's names.
package_list() {
	{
		sed 's/#.*//' "$HERE/files/packages.list"
		echo "$PROFILE_PACKAGES"
	} | tr -s ' \t\n' '\n\n\n' | sed '/^$/d' | paste -sd, -
}

# Check that setfiles wrote the types we rely on (the host kernel has no
# SELinux, so a silent no-op would only show at boot).
check_labels() {
	python3 - "$ROOT" <<'PYEOF' >&2
import os, sys
root = sys.argv[1]
want = {
    "/usr/bin/bash": ":shell_exec_t:",
    "/usr/sbin/sshd": ":sshd_exec_t:",
    "/etc/shadow": ":shadow_t:",
    "/usr/sbin/auditd": ":auditd_exec_t:",
    "/home/alice": ":user_home_dir_t:",
    "/etc/selinux/default/policy": ":policy_config_t:",
    "/lost+found": ":lost_found_t:",
    "/": ":root_t:",
}
bad = 0
for path, t in want.items():
    try:
        ctx = os.getxattr(root + path, "security.selinux").decode()
    except OSError as e:
        print(f"label check: {path}: {e}", file=sys.stderr)
        bad += 1
        continue
    if t not in ctx:
        print(f"label check: {path}: {ctx!r}, want {t}", file=sys.stderr)
        bad += 1
sys.exit(1 if bad else 0)
PYEOF
}

[ $# -eq 1 ] || usage
PROFILE=$1
builds '\n' | grep -qxF -e "$PROFILE" || usage
CONF=$HERE/$PROFILE.conf
[ -r "$CONF" ] || die "missing profile config $CONF"

HASH=$(recipe_hash "$PROFILE")
FINAL=$IMAGES/$PROFILE-$HASH
if [ -f "$FINAL/.complete" ]; then
	log "cached: $FINAL"
	echo "$FINAL"
	exit 0
fi

[ "$(id -u)" = 0 ] || die "must run as root (mmdebstrap --mode=root, chroot)"
for tool in mmdebstrap mke2fs debugfs ssh-keygen python3 flock dpkg-query; do
	command -v "$tool" >/dev/null || die "$tool not found (run scripts/install-deps.sh)"
done

# shellcheck source=/dev/null
. "$CONF"
for v in SUITE MIRROR SECURITY_MIRROR SECURITY_SUITE PROFILE_PACKAGES; do
	eval "[ -n \"\${$v:-}\" ]" || die "$CONF does not set $v"
done

mkdir -p "$IMAGES"
exec 9>"$IMAGES/.lock-$PROFILE"
flock 9
# Another build of the same recipe may have finished while we waited.
if [ -f "$FINAL/.complete" ]; then
	log "cached: $FINAL"
	echo "$FINAL"
	exit 0
fi

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
umask 022
WORK=$(mktemp -d "$IMAGES/.build-$PROFILE-XXXXXX")
ROOT=$WORK/rootfs
OUT=$WORK/out
mkdir "$OUT"
log "building $PROFILE ($SUITE) recipe $HASH in $WORK"

stage rootfs
set -- "deb $MIRROR $SUITE main"
for s in ${EXTRA_SUITES:-}; do
	set -- "$@" "deb $MIRROR $s main"
done
set -- "$@" "deb $SECURITY_MIRROR $SECURITY_SUITE main"
mmdebstrap --mode=root --variant=apt --format=directory --components=main \
	--include="$(package_list)" \
	--aptopt='Acquire::Retries "3"' \
	--dpkgopt='path-exclude=/usr/share/man/*' \
	--dpkgopt='path-exclude=/usr/share/info/*' \
	--dpkgopt='path-exclude=/usr/share/locale/*' \
	--dpkgopt='path-exclude=/usr/share/doc/*' \
	--dpkgopt='path-include=/usr/share/doc/*/copyright' \
	"$SUITE" "$ROOT" "$@" >&2 || die "mmdebstrap failed"

stage customise
cp -R "$HERE/files/rootfs/." "$ROOT/" || die "cannot copy files/rootfs"
if [ -d "$HERE/files/rootfs-$PROFILE" ]; then
	cp -R "$HERE/files/rootfs-$PROFILE/." "$ROOT/" ||
		die "cannot copy files/rootfs-$PROFILE"
fi
cp "$HERE/files/customize.sh" "$ROOT/tmp/rnx-customize.sh" ||
	die "cannot copy customize.sh"
[ -c "$ROOT/dev/null" ] || die "$ROOT/dev/null missing after mmdebstrap"
mount -t proc proc "$ROOT/proc"
chroot "$ROOT" /bin/sh /tmp/rnx-customize.sh >&2 ||
	die "customize.sh failed"
rm -f "$ROOT/tmp/rnx-customize.sh"
ssh-keygen -q -t ed25519 -N '' -C "root@rnx-guest ($PROFILE-$HASH)" \
	-f "$OUT/id_ed25519" || die "ssh-keygen failed"
for home in root:/root:0:0 alice:/home/alice:1000:1000; do
	IFS=: read -r _ dir uid gid <<EOF
$home
EOF
	install -d -m 0700 -o "$uid" -g "$gid" "$ROOT$dir/.ssh"
	install -m 0600 -o "$uid" -g "$gid" "$OUT/id_ed25519.pub" \
		"$ROOT$dir/.ssh/authorized_keys"
done
cp "$ROOT/etc/ssh/ssh_host_ed25519_key.pub" "$OUT/" ||
	die "no ssh host key in the rootfs"

stage label
# mke2fs -d reuses an existing lost+found, with its label; the one it would
# create itself has none (unlabeled_t in the guest).
mkdir -p -m 0700 "$ROOT/lost+found"
chroot "$ROOT" setfiles -F -e /proc -e /sys \
	/etc/selinux/default/contexts/files/file_contexts / >&2 ||
	die "setfiles failed"
unmount_under "$ROOT" || die "cannot unmount below $ROOT"
check_labels || die "labels missing after setfiles"

stage kernel
set -- "$ROOT"/boot/vmlinuz-*
[ $# -eq 1 ] && [ -f "$1" ] || die "expected one kernel in /boot, got: $*"
KVER=${1##*/vmlinuz-}
[ -f "$ROOT/boot/initrd.img-$KVER" ] || die "no initrd for $KVER"
cp "$1" "$OUT/vmlinuz"
cp "$ROOT/boot/initrd.img-$KVER" "$OUT/initrd.img"
chmod 0644 "$OUT/vmlinuz" "$OUT/initrd.img"

stage manifest
pkgver() {
	dpkg-query --admindir="$ROOT/var/lib/dpkg" -W -f '${Version}' "$1"
}
{
	echo "profile: $PROFILE"
	echo "recipe: $HASH"
	echo "suite: $SUITE"
	echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	echo "kernel: $KVER ($(pkgver "linux-image-$KVER"))"
	echo "selinux-policy-default: $(pkgver selinux-policy-default)"
	echo "policy-file: $(cd "$ROOT/etc/selinux/default/policy" && ls)"
	echo "systemd: $(pkgver systemd)"
	echo "libc6: $(pkgver libc6)"
	echo "libselinux1: $(pkgver libselinux1)"
	echo "policycoreutils: $(pkgver policycoreutils)"
	echo "auditd: $(pkgver auditd)"
	echo "packages:"
	dpkg-query --admindir="$ROOT/var/lib/dpkg" -W \
		-f '${Package}\t${Version}\t${Architecture}\n' | LC_ALL=C sort
} >"$OUT/manifest.txt" || die "cannot write manifest"

stage image
used=$(du -sxm "$ROOT" | cut -f1)
size=$((used + used / 10 + 1536))
mke2fs -q -t ext4 -d "$ROOT" -L rnxroot -E root_owner=0:0 \
	"$OUT/disk.raw" "${size}M" >&2 || die "mke2fs failed"
log "disk.raw: ${size} MiB (contents ${used} MiB)"
# The labels must have made it into the ext4 image.
for p in / /lost+found /usr/sbin/sshd; do
	debugfs -R "ea_get $p security.selinux" "$OUT/disk.raw" 2>/dev/null |
		grep -q 'system_u:object_r:' || die "disk.raw: $p has no label"
done

stage finish
rm -rf "$ROOT"
ROOT=
touch "$OUT/.complete"
[ ! -e "$FINAL" ] || rm -rf "$FINAL"
mv "$OUT" "$FINAL" || die "cannot move the image to $FINAL"
for old in "$IMAGES/$PROFILE"-*; do
	[ -d "$old" ] && [ "$old" != "$FINAL" ] || continue
	log "pruning $old"
	rm -rf "$old"
done
stage ""
log "total: $(($(date +%s) - T_START)) s"
echo "$FINAL"
