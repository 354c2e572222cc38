#!/bin/sh
# Compile modules against another distribution's headers and link them
# into that distribution's own policy store, so that assert-policy.py can
# judge the policy a Debian 13 or Fedora host would load.
#
# Usage: policy/tests/side-store.sh SIDE OUTDIR DIR/MODULE.te...
#   SIDE debian13  headers and store of the cached debian13 lab image
#                  (read with debugfs), linked with the image's own
#                  semodule (libsemanage 3.8; this host's 3.4 cannot read
#                  its store), which runs with its own loader and writes
#                  policy version 33 (this host's setools read no later)
#   SIDE fedora41  headers and store of the Fedora v41.24 targeted policy
#                  built by vm/images/fedora-policy.sh
#                  ($CACHE/fedora-policy/build/785a086511c0-*), linked with
#                  this host's semodule (the one that built it)
# Each MODULE.te is compiled with its MODULE.if and MODULE.fc by this
# host's checkmodule and the side's devel Makefile.
# Output: OUTDIR/policy, OUTDIR/file_contexts, OUTDIR/file_contexts.homedirs,
#         OUTDIR/<module>.cil, OUTDIR/source.txt (what was used)
# The pruned base store is cached under $CACHE/policy-store/<side>-<key>/.
# Exit: 0 ok, 1 compile or link failed, 2 usage, 3 error reading a source,
#       4 SKIP (the side's sources are not on this machine).
set -eu

usage() {
	echo "usage: $0 debian13|fedora41 OUTDIR DIR/MODULE.te..." >&2
	exit 2
}

[ $# -ge 3 ] || usage
side=$1
out=$2
shift 2
for te in "$@"; do
	case $te in
	*.te) [ -f "$te" ] || usage ;;
	*) usage ;;
	esac
done
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"
cache=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}
fedora_commit=785a086511c0

for tool in make m4 checkmodule semodule_package semodule bzip2; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "SKIP: $tool not installed"
		exit 4
	}
done

case $side in
debian13)
	img=$(debian13_image "$cache")
	[ -n "$img" ] && command -v debugfs >/dev/null 2>&1 || {
		echo "SKIP: no debian13 lab image in $cache/images (or no debugfs)"
		exit 4
	}
	d13=$(debian13_source "$cache") || exit 3
	hdr=$d13/devel/include
	store=default
	sem=$(debian13_tool "$cache" /usr/sbin/semodule) || exit 3
	[ -n "$sem" ] || {
		echo "SKIP: no readelf to extract Debian 13's semodule"
		exit 4
	}
	key=${img##*/}
	what="Debian 13 ($img)"
	;;
fedora41)
	build=""
	for d in "$cache"/fedora-policy/build/"$fedora_commit"-*/; do
		[ -f "$d.complete" ] && build=${d%/}
	done
	[ -n "$build" ] || {
		echo "SKIP: no Fedora policy build of $fedora_commit in $cache/fedora-policy/build (vm/images/fedora-policy.sh makes it)"
		exit 4
	}
	hdr=$build/root/usr/share/selinux/devel/include
	store=targeted
	sem=semodule
	key=fedora41-${build##*/}
	what="Fedora v41.24 ($build)"
	;;
*)
	usage
	;;
esac
[ -f "$hdr/Makefile" ] || {
	echo "ERROR: no Makefile in $hdr" >&2
	exit 3
}

base=$cache/policy-store/$key
if [ ! -f "$base/.complete" ]; then
	echo "side-store: creating the $side base store in $base" >&2
	rm -rf "$base"
	mkdir -p "$base/etc" "$base/var/lib"
	case $side in
	debian13)
		for d in /etc/selinux /var/lib/selinux; do
			debugfs -R "rdump $d $base${d%/selinux}" "$img/disk.raw" \
				>>"$base.log" 2>&1 || {
				echo "ERROR: reading $d from $img/disk.raw failed, see $base.log" >&2
				exit 3
			}
		done
		# This host's setfiles (run by semodule) and setools read
		# policy versions up to 33.
		echo "policy-version = 33" >>"$base/etc/selinux/semanage.conf"
		;;
	fedora41)
		cp -a "$build/root/etc/selinux" "$base/etc/"
		cp -a "$build/root/var/lib/selinux" "$base/var/lib/"
		cp /etc/selinux/semanage.conf "$base/etc/selinux/"
		;;
	esac
	[ -d "$base/var/lib/selinux/$store/active/modules/100" ] || {
		echo "ERROR: no $store store in $base" >&2
		exit 3
	}
	prune_store "$sem" "$base" "$store" "$base.log" || exit 3
	touch "$base/.complete"
fi

pps=$(mktemp -d "${TMPDIR:-/tmp}/rustnet-side.XXXXXX")
trap 'rm -rf "$pps"' EXIT INT TERM
mods=""
for te in "$@"; do
	m=$(basename "$te" .te)
	compile_against "$(dirname "$te")" "$hdr" "$store" \
		"the $what headers" "$m" "$pps" >&2 || exit 1
	mods="$mods $pps/$m.pp"
done
# shellcheck disable=SC2086 # module paths have no blanks (mktemp)
link_store "$sem" "$base" "$store" "$out" $mods || exit 1
printf 'side: %s\nheaders: %s\nstore: %s\nsemodule: %s\n' \
	"$side" "$hdr" "$base" "$sem" >"$out/source.txt"
