#!/bin/sh
# Image of profile debian13-fedora-policy (issue 18): the debian13 image with
# Fedora's targeted policy in place of Debian's refpolicy, booting enforcing
# with SELINUXTYPE=targeted and labelled with Fedora's file contexts.
#
# usage: vm/images/fedora-policy-image.sh FEDORA_POLICY_SRC
#
#   1. fedora-policy.sh --check: refuse (exit 2) before anything slow
#   2. fedora-policy.sh: Fedora's policy built on this host (cached)
#   3. build-image.sh debian13: the base image (cached)
#   4. a copy of the base disk is loop-mounted and fedora-policy/install.sh
#      runs in it (chroot, no network): Debian's policy packages out,
#      Fedora's store, config and headers in, the local customisations of
#      fedora-policy/, the store rebuilt by the guest's own semodule, then
#      setfiles with Fedora's file_contexts
#   5. label checks in the image, manifest, .complete
#
# Output: $CACHE/fedora-policy/images/debian13-fedora-policy-<hash12>/ (the
# files of an image dir, vm/images/README.md), printed as the only stdout
# line. Not under $CACHE/images/: build-image.sh prunes debian13-* there.
# <hash12> covers the base image's and the policy build's directory names,
# this script and fedora-policy/.
#
# Exit: 0 ok, 2 usage or FEDORA_POLICY_SRC refused, 3 build error.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=vm/images/fedora-policy/cache.sh
. "$HERE/fedora-policy/cache.sh"
CACHE=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}
IMAGES=$CACHE/fedora-policy/images
PROFILE=debian13-fedora-policy
WORK=
MNT=
MOUNTS=

log() {
	echo "fedora-policy-image: $*" >&2
}

die() {
	log "ERROR: $*"
	exit 3
}

# Mount and remember, so cleanup can unmount in reverse order.
do_mount() { # mount args... target
	mount "$@" || return 1
	for last; do :; done
	MOUNTS="$last $MOUNTS"
}

umount_all() {
	for m in $MOUNTS; do
		umount "$m" 2>/dev/null || umount -l "$m" || return 1
	done
	MOUNTS=
}

cleanup() {
	rc=$?
	trap - EXIT INT TERM HUP
	if ! umount_all; then
		log "ERROR: cannot unmount $MOUNTS; left $WORK in place"
		exit 3
	fi
	[ -z "$WORK" ] || rm -rf "$WORK"
	[ "$rc" = 0 ] || [ "$rc" = 2 ] ||
		log "failed (exit $rc); partial output removed"
	exit "$rc"
}

recipe_hash() { # base-dir policy-dir
	{
		basename "$1"
		basename "$2"
		cd "$HERE" && find fedora-policy-image.sh fedora-policy -type f |
			LC_ALL=C sort | while read -r f; do
				sha256sum "$f" || exit 1
			done
	} | sha256sum | cut -c1-12
}

# The types the lab relies on, read from the image (debugfs, not the mount).
check_image_labels() { # disk
	bad=0
	while read -r path type; do
		ctx=$(debugfs -R "ea_get $path security.selinux" "$1" 2>/dev/null |
			tr -d '\000' | grep -o '[a-z0-9_]*:object_r:[a-z0-9_]*' || true)
		case $ctx in
		*":$type") ;;
		*) log "label check: $path is '${ctx:-unlabelled}', want $type"
			bad=1 ;;
		esac
	done <<EOF
/ root_t
/usr/bin/bash shell_exec_t
/usr/sbin/sshd sshd_exec_t
/usr/sbin/auditd auditd_exec_t
/usr/lib/systemd/systemd init_exec_t
/etc/shadow shadow_t
/etc/passwd passwd_file_t
/home/alice user_home_dir_t
/home/alice/.ssh ssh_home_t
/root admin_home_t
/etc/selinux/targeted selinux_config_t
/usr/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 ld_so_t
/usr/lib/openssh/sshd-session bin_t
/usr/lib/systemd/systemd-journald syslogd_exec_t
/usr/share/selinux/devel/include usr_t
/var/log/audit auditd_log_t
/lost+found lost_found_t
EOF
	return $bad
}

[ $# -eq 1 ] || {
	echo "usage: $0 FEDORA_POLICY_SRC" >&2
	exit 2
}
"$HERE/fedora-policy.sh" --check "$1" || exit 2

[ "$(id -u)" = 0 ] || die "must run as root (loop mount, chroot)"
for tool in mount umount debugfs e2fsck chroot flock dpkg-query; do
	command -v "$tool" >/dev/null || die "$tool not found"
done

POL=$("$HERE/fedora-policy.sh" "$1") || die "Fedora policy build failed"
BASE=$("$HERE/build-image.sh" debian13) || die "debian13 image build failed"
HASH=$(recipe_hash "$BASE" "$POL")
FINAL=$IMAGES/$PROFILE-$HASH
serve_cached "$FINAL"
mkdir -p "$IMAGES"
lock_build "$IMAGES/.lock" "$FINAL"
T0=$(date +%s)
WORK=$(mktemp -d "$IMAGES/.build-XXXXXX")
OUT=$WORK/out
MNT=$WORK/mnt
mkdir "$OUT" "$MNT"
log "building $PROFILE from $BASE and $POL in $WORK"

cp --sparse=always "$BASE/disk.raw" "$OUT/disk.raw" || die "cannot copy disk.raw"
for f in vmlinuz initrd.img id_ed25519 id_ed25519.pub ssh_host_ed25519_key.pub; do
	cp -p "$BASE/$f" "$OUT/" || die "cannot copy $f"
done

do_mount -o loop "$OUT/disk.raw" "$MNT" || die "cannot loop-mount disk.raw"
do_mount -t proc proc "$MNT/proc" || die "cannot mount proc"
S=$MNT/tmp/rnx-fedora-policy
mkdir "$S"
cp -a "$POL/root" "$S/root" || die "cannot copy the policy into the image"
cp "$HERE"/fedora-policy/install.sh "$HERE"/fedora-policy/local.semanage \
	"$HERE"/fedora-policy/semanage.conf "$S/" ||
	die "cannot copy fedora-policy/"
chroot "$MNT" /bin/sh /tmp/rnx-fedora-policy/install.sh >&2 ||
	die "fedora-policy/install.sh failed"
rm -rf "$S"
set -- "$MNT"/etc/selinux/targeted/policy/policy.*
[ $# -eq 1 ] && [ -f "$1" ] || die "expected one kernel policy file, got: $*"

pkgver() {
	dpkg-query --admindir="$MNT/var/lib/dpkg" -W -f '${Version}' "$1"
}
{
	echo "profile: $PROFILE"
	echo "recipe: $HASH"
	echo "base: $(basename "$BASE")"
	echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
	sed 's/^/fedora-policy /' "$POL/info.txt"
	echo "policy-file: $(cd "$MNT/etc/selinux/targeted/policy" && ls)"
	echo "selinux-config: $(grep '^SELINUX' "$MNT/etc/selinux/config" | tr '\n' ' ')"
	echo "selinux userspace: libsemanage2 $(pkgver libsemanage2), policycoreutils $(pkgver policycoreutils)"
	echo "packages (after the purge):"
	dpkg-query --admindir="$MNT/var/lib/dpkg" -W \
		-f '${Package}\t${Version}\t${Architecture}\n' | LC_ALL=C sort
} >"$OUT/manifest.txt" || die "cannot write manifest"

umount_all || die "cannot unmount the image"
e2fsck -f -n "$OUT/disk.raw" >/dev/null 2>&1 || die "disk.raw: e2fsck found errors"
check_image_labels "$OUT/disk.raw" || die "labels missing in disk.raw"

publish "$OUT" "$FINAL"
prune "$FINAL"
log "total: $(($(date +%s) - T0)) s"
echo "$FINAL"
