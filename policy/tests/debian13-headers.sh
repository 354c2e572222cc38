#!/bin/sh
# Dev-time check: compile rustnet.te against Debian 13's selinux-policy-dev
# headers, read from a cached debian13 lab image or, without one, from
# Debian 13's selinux-policy-dev package (see debian13_source in lib.sh). This host's checkmodule does the compile; linking into Debian
# 13's policy is not checked (this host's semodule cannot build it).
#
# Usage: policy/tests/debian13-headers.sh [POLICY_DIR]
# Env:   DEBIAN13_HEADERS  Debian 13 devel include directory (default: from
#                          the image or the package)
#        RUSTNET_CACHE     cache root (see docs/design.md)
# Exit:  0 compiled, 1 compile failed, 2 usage, 3 error reading the image
#        or the package, 4 SKIP (no debian13 image or no debugfs, and the
#        package could not be fetched; or no checkmodule).
set -eu

[ $# -le 1 ] || {
	echo "usage: $0 [POLICY_DIR]" >&2
	exit 2
}
here=$(cd "$(dirname "$0")" && pwd)
poldir=${1:-$here/..}
[ -f "$poldir/rustnet.te" ] || {
	echo "debian13-headers: no rustnet.te in $poldir" >&2
	exit 2
}
poldir=$(cd "$poldir" && pwd)
. "$here/lib.sh"
cache=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}

for tool in make m4 checkmodule semodule_package; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "SKIP: $tool not installed"
		exit 4
	}
done
hdr=${DEBIAN13_HEADERS:-}
if [ -z "$hdr" ]; then
	d13=$(debian13_source "$cache") || exit 3
	[ -n "$d13" ] || {
		echo "SKIP: no debian13 lab image in $cache/images (or no debugfs), and no Debian 13 selinux-policy-dev (see above)"
		exit 4
	}
	hdr=$d13/devel/include
fi
[ -f "$hdr/Makefile" ] || {
	echo "ERROR: no Makefile in $hdr" >&2
	exit 3
}

compile_against "$poldir" "$hdr" default "the Debian 13 headers in $hdr"
