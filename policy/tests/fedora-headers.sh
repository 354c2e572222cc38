#!/bin/sh
# Dev-time check: build Fedora's selinux-policy devel headers from the local
# Fedora policy mirror and compile rustnet.te against them.
#
# Usage: policy/tests/fedora-headers.sh [POLICY_DIR]
# Env:   FEDORA_POLICY_MIRROR  bare git dir of fedora-selinux/selinux-policy
#        FEDORA_POLICY_TAG     tag to use (default: newest v41.*)
#        RUSTNET_CACHE         cache root (see docs/design.md)
# Exit:  0 compiled, 1 compile failed, 2 usage, 3 error building headers,
#        4 SKIP (mirror absent).
set -eu

usage() {
	echo "usage: $0 [POLICY_DIR]" >&2
	exit 2
}

[ $# -le 1 ] || usage
here=$(cd "$(dirname "$0")/.." && pwd)
poldir=${1:-$here}
[ -f "$poldir/rustnet.te" ] || {
	echo "fedora-headers: no rustnet.te in $poldir" >&2
	exit 2
}
poldir=$(cd "$poldir" && pwd)

mirror=${FEDORA_POLICY_MIRROR:-/work/.mirror/fedora-selinux+selinux-policy/repo}
cache=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}

if [ ! -d "$mirror" ] || ! git --git-dir="$mirror" rev-parse -q --verify HEAD >/dev/null 2>&1; then
	echo "SKIP: Fedora policy mirror not found at $mirror (set FEDORA_POLICY_MIRROR)"
	exit 4
fi
for tool in git make m4 python3 checkmodule semodule_package; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "SKIP: $tool not installed"
		exit 4
	}
done

tag=${FEDORA_POLICY_TAG:-$(git --git-dir="$mirror" tag -l 'v41.*' | sort -V | tail -n 1)}
[ -n "$tag" ] || {
	echo "ERROR: no v41.* tag in $mirror" >&2
	exit 3
}
git --git-dir="$mirror" rev-parse -q --verify "refs/tags/$tag" >/dev/null || {
	echo "ERROR: tag $tag not in $mirror" >&2
	exit 3
}

base=$cache/fedora-policy-$tag
hdr=$base/destdir/usr/share/selinux/targeted/include

if [ ! -f "$base/.complete" ]; then
	echo "fedora-headers: building $tag headers in $base" >&2
	rm -rf "$base"
	mkdir -p "$base/src"
	git --git-dir="$mirror" archive --format=tar "$tag" | tar -C "$base/src" -xf -
	cp "$base/src/dist/targeted/modules.conf" "$base/src/policy/modules.conf"
	cp "$base/src/dist/targeted/booleans.conf" "$base/src/policy/booleans.conf"
	# Same settings as Fedora's selinux-policy.spec for the targeted policy.
	set -- NAME=targeted TYPE=mcs DISTRO=redhat UBAC=n DIRECT_INITRC=n \
		MONOLITHIC=n MLS_CATS=1024 MCS_CATS=1024 UNK_PERMS=allow \
		DESTDIR="$base/destdir"
	if ! make -C "$base/src" "$@" conf >"$base/build.log" 2>&1 ||
	   ! make -C "$base/src" "$@" install-headers >>"$base/build.log" 2>&1; then
		echo "ERROR: building Fedora headers failed, see $base/build.log" >&2
		exit 3
	fi
	touch "$base/.complete"
fi

. "$here/tests/lib.sh"
compile_against "$poldir" "$hdr" targeted "Fedora $tag headers"
