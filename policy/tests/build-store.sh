#!/bin/sh
# Link policy modules into a scratch copy of the selinux-policy-default
# store and write the resulting kernel policy and file_contexts.
#
# Usage: policy/tests/build-store.sh OUTDIR MODULE.pp...
# Output: OUTDIR/policy (binary policy), OUTDIR/file_contexts,
#         OUTDIR/file_contexts.homedirs, OUTDIR/<module>.cil (each module
#         as linked)
# The pristine base store (priority-100 modules of the installed
# selinux-policy-default only) is cached under
# $CACHE/policy-store/default-<package version>/.
# Exit: 0 ok, 1 link failed, 2 usage, 3 precondition missing.
set -eu

usage() {
	echo "usage: $0 OUTDIR MODULE.pp..." >&2
	exit 2
}

[ $# -ge 2 ] || usage
out=$1
shift
for m in "$@"; do
	[ -f "$m" ] || {
		echo "build-store: no such module: $m" >&2
		exit 2
	}
done

for tool in semodule dpkg-query; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "ERROR: $tool not installed" >&2
		exit 3
	}
done
ver=$(dpkg-query -W -f '${Version}' selinux-policy-default 2>/dev/null) || {
	echo "ERROR: selinux-policy-default is not installed" >&2
	exit 3
}
[ -d /var/lib/selinux/default/active/modules/100 ] || {
	echo "ERROR: no selinux-policy-default store in /var/lib/selinux/default" >&2
	exit 3
}

. "$(dirname "$0")/lib.sh"
cache=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}
base=$cache/policy-store/default-$(printf '%s' "$ver" | tr ':/' '__')

if [ ! -f "$base/.complete" ]; then
	echo "build-store: creating base store for selinux-policy-default $ver" >&2
	rm -rf "$base"
	mkdir -p "$base/etc/selinux" "$base/var/lib/selinux"
	cp -a /etc/selinux/default "$base/etc/selinux/"
	cp -a /etc/selinux/semanage.conf /etc/selinux/config "$base/etc/selinux/"
	cp -a /var/lib/selinux/default "$base/var/lib/selinux/"
	prune_store semodule "$base" default "$base.log" || exit 3
	touch "$base/.complete"
fi

link_store semodule "$base" default "$out" "$@"
