#!/bin/sh
# Compile modules against another distribution's headers and link them
# into that distribution's own policy store, so that assert-policy.py can
# judge the policy a Debian 13 or Fedora host would load.
#
# Usage: policy/tests/side-store.sh SIDE OUTDIR DIR/MODULE.te...
#   SIDE debian13  headers and store of the cached debian13 lab image
#                  (read with debugfs); without one, Debian 13's packages
#                  (debian13-debs.sh policy): its headers, and a store made
#                  empty and filled as selinux-policy-default's postinst
#                  does (all its modules at priority 100, the unconditional
#                  notdefault list disabled). Linked with Debian 13's own
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
# The pruned base store is cached under $CACHE/policy-store/<key>/ (an
# image's name, debian13-deb-<version> or fedora41-<build>), built aside
# and renamed into place when complete.
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
	command -v debugfs >/dev/null 2>&1 || img=""
	# Without an image: Debian 13's packages (debian13-debs.sh).
	d13=$(debian13_source "$cache") || exit 3
	[ -n "$d13" ] || {
		echo "SKIP: no debian13 lab image in $cache/images (or no debugfs) and no Debian 13 selinux-policy packages (see above)"
		exit 4
	}
	hdr=$d13/devel/include
	store=default
	sem=$(debian13_tool "$cache" /usr/sbin/semodule policycoreutils) || exit 3
	[ -n "$sem" ] || {
		echo "SKIP: no Debian 13 semodule (no readelf, or policycoreutils not fetched: see above)"
		exit 4
	}
	if [ -n "$img" ]; then
		key=${img##*/}
		what="Debian 13 ($img)"
	else
		key=debian13-deb-$(cat "$d13/version" | tr : _)
		what="Debian 13 ($d13, from its packages)"
	fi
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
	mkdir -p "$cache/policy-store"
	# Built aside and renamed: another check may ask at the same time.
	tmp=$(mktemp -d "$base.XXXXXX")
	trap 'rm -rf "$tmp"' EXIT INT TERM
	mkdir -p "$tmp/etc" "$tmp/var/lib"
	case $side:$img in
	debian13:)
		# An empty store filled as selinux-policy-default's postinst
		# does: every module at priority 100 in one transaction, the
		# postinst's unconditional notdefault list disabled (the CIL
		# Debian 13's pp made of each .pp, disabled/ of
		# debian13-debs.sh).
		cp -a "$d13/etc/selinux" "$tmp/etc/"
		mkdir "$tmp/var/lib/selinux"
		mods=""
		for m in "$d13"/modules/100/*/; do
			m=${m%/}
			cp "$m/cil" "$tmp/${m##*/}.cil"
			mods="$mods -i $tmp/${m##*/}.cil"
		done
		for m in "$d13"/modules/disabled/*; do
			[ ! -f "$m" ] || mods="$mods -d ${m##*/}"
		done
		echo "policy-version = 33" >>"$tmp/etc/selinux/semanage.conf"
		# shellcheck disable=SC2086 # module paths have no blanks
		nice -n 19 "$sem" -p "$tmp" -s "$store" -n -X 100 $mods \
			>"$tmp/install.log" 2>&1 || {
			cat "$tmp/install.log" >&2
			echo "ERROR: installing Debian 13's modules into an empty store failed" >&2
			exit 3
		}
		rm -f "$tmp"/*.cil "$tmp/install.log"
		;;
	debian13:*)
		for d in /etc/selinux /var/lib/selinux; do
			debugfs -R "rdump $d $tmp${d%/selinux}" "$img/disk.raw" \
				>>"$tmp.log" 2>&1 || {
				echo "ERROR: reading $d from $img/disk.raw failed, see $tmp.log" >&2
				exit 3
			}
		done
		# This host's setfiles (run by semodule) and setools read
		# policy versions up to 33.
		echo "policy-version = 33" >>"$tmp/etc/selinux/semanage.conf"
		;;
	fedora41:*)
		cp -a "$build/root/etc/selinux" "$tmp/etc/"
		cp -a "$build/root/var/lib/selinux" "$tmp/var/lib/"
		cp /etc/selinux/semanage.conf "$tmp/etc/selinux/"
		;;
	esac
	[ -d "$tmp/var/lib/selinux/$store/active/modules/100" ] || {
		echo "ERROR: no $store store in $tmp" >&2
		exit 3
	}
	prune_store "$sem" "$tmp" "$store" "$base.log" || exit 3
	touch "$tmp/.complete"
	if [ -f "$base/.complete" ]; then
		rm -rf "$tmp"
	else
		rm -rf "$base"
		mv "$tmp" "$base"
	fi
	trap - EXIT INT TERM
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
