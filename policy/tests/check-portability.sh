#!/bin/sh
# Portability of rustnet.te/.if across Debian 12, Debian 13 and Fedora:
# finds the sources of tests/portability.tsv on this machine and runs
# tests/check-portability.py (guards always; the table itself against
# every source found, SKIP for the others).
#
# Usage: policy/tests/check-portability.sh [TABLE [FILE.te [FILE.if]]]
# Env:   SETOOLS_PYTHON   python3 to use (default /usr/bin/python3)
#        DEBIAN13_HEADERS, DEBIAN13_MODULES   Debian 13 devel include dir and
#            semanage modules dir (default: read from a cached debian13 lab
#            image with debugfs into $CACHE/debian13-policy-<image>/, else
#            from Debian 13's packages at the recorded version, see
#            debian13-debs.sh)
#        FEDORA_HEADERS, FEDORA_MODULES   Fedora v41.24 devel include dir and
#            targeted modules dir (default: the fedora-headers.sh cache and
#            the debian13-fedora-policy profile's policy build)
#        RUSTNET_CACHE    cache root (see docs/design.md)
# Exit:  0 passed (SKIPs allowed), 1 a check failed, 2 usage, 3 a source
#        could not be read.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
table=${1:-$here/portability.tsv}
te=${2:-$here/../rustnet.te}
ifile=${3:-$here/../rustnet.if}
[ $# -le 3 ] || {
	echo "usage: $0 [TABLE [FILE.te [FILE.if]]]" >&2
	exit 2
}
py=${SETOOLS_PYTHON:-/usr/bin/python3}
. "$here/lib.sh"
cache=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}

# The versions the table records (its header comment).
deb12_ver=2:2.20221101-9
deb13_ver=2:2.20250213-13~deb13u1
fedora_tag=v41.24
fedora_commit=785a086511c0

set --

# Debian 12: this host's packages, when they are the recorded version.
v=$(dpkg-query -W -f='${Version}' selinux-policy-dev 2>/dev/null || true)
if [ "$v" = "$deb12_ver" ]; then
	set -- "$@" --debian12-headers /usr/share/selinux/devel/include
else
	echo "# debian12 headers: selinux-policy-dev is '$v', the table records $deb12_ver"
fi
v=$(dpkg-query -W -f='${Version}' selinux-policy-default 2>/dev/null || true)
if [ "$v" = "$deb12_ver" ] && [ -d /var/lib/selinux/default/active/modules/100 ]; then
	set -- "$@" --debian12-symbols /var/lib/selinux/default/active/modules
else
	echo "# debian12 symbols: selinux-policy-default is '$v', the table records $deb12_ver"
fi

# Debian 13: explicit directories, the cached debian13 lab image, or the
# packages (all at the recorded version).
if [ -z "${DEBIAN13_HEADERS:-}${DEBIAN13_MODULES:-}" ]; then
	d13=$(debian13_source "$cache" "$deb13_ver") || exit 3
	if [ -n "$d13" ]; then
		DEBIAN13_HEADERS=$d13/devel/include
		DEBIAN13_MODULES=$d13/modules
	else
		echo "# debian13: no debian13 lab image with selinux-policy-default $deb13_ver in $cache/images, and not its packages (see above)"
	fi
fi
[ -z "${DEBIAN13_HEADERS:-}" ] || set -- "$@" --debian13-headers "$DEBIAN13_HEADERS"
[ -z "${DEBIAN13_MODULES:-}" ] || set -- "$@" --debian13-symbols "$DEBIAN13_MODULES"

# Fedora: headers built by fedora-headers.sh, modules of the profile build.
fh=${FEDORA_HEADERS:-$cache/fedora-policy-$fedora_tag/destdir/usr/share/selinux/targeted/include}
if [ -d "$fh" ]; then
	set -- "$@" --fedora41-headers "$fh"
else
	echo "# fedora41 headers: $fh absent (tests/fedora-headers.sh builds them)"
fi
fm=${FEDORA_MODULES:-}
if [ -z "$fm" ]; then
	for d in "$cache"/fedora-policy/build/"$fedora_commit"-*/; do
		[ -f "$d.complete" ] || continue
		fm=${d}root/var/lib/selinux/targeted/active/modules
	done
fi
if [ -n "$fm" ] && [ -d "$fm" ]; then
	set -- "$@" --fedora41-symbols "$fm"
else
	echo "# fedora41 symbols: no policy build of $fedora_commit in $cache/fedora-policy/build"
fi

exec "$py" "$here/check-portability.py" "$@" "$table" "$te" "$ifile"
