#!/bin/sh
# Debian 13's policy material and tools from its .deb packages, for the
# checks that otherwise read a cached debian13 lab image (the fallback of
# debian13_source and debian13_tool in lib.sh when there is no image).
# apt runs with a private state, cache and configuration under
# $CACHE/debian13-apt/ (APT_CONFIG; the host's apt configuration, lists and
# packages are neither read nor changed), its sources those of the image
# recipe vm/images/debian13.conf; every download is extracted with
# dpkg-deb -x and the result renamed into place once complete.
#
# Usage: policy/tests/debian13-debs.sh policy CACHE [VERSION]
#          print CACHE/debian13-policy-deb-<version>, holding devel/include
#          (selinux-policy-dev) and modules/ (selinux-policy-default's
#          modules as CIL in a semanage store's layout: 100/<name>/cil,
#          disabled/<name> for the postinst's unconditional "notdefault"
#          list), both at VERSION when given, else at the newest version
#          already there or the archive's. The .pp files are converted with
#          Debian 13's /usr/libexec/selinux/hll/pp (this host's reads module
#          versions up to 21; Debian 13's are 22), and etc/selinux (the
#          policy's default/ configuration and libsemanage-common's
#          semanage.conf, from which side-store.sh builds a store).
#        policy/tests/debian13-debs.sh root CACHE PACKAGE
#          print CACHE/debian13-root-<package>-<version>, holding root/ with
#          PACKAGE and its Depends/Pre-Depends closure extracted
# Env:   DEBIAN13_MIRROR, DEBIAN13_SECURITY_MIRROR  override the recipe's
#          MIRROR and SECURITY_MIRROR (e.g. to test an unreachable archive)
# Exit:  0 printed, 2 usage, 3 a download was unpacked wrong,
#        4 SKIP (the reason on stderr: archive unreachable, VERSION not
#          in the archive, a tool missing).
set -eu

case ${1:-}:$# in
policy:2 | policy:3 | root:3) ;;
*)
	echo "usage: $0 policy CACHE [VERSION] | root CACHE PACKAGE" >&2
	exit 2
	;;
esac
mode=$1
cache=$2
arg=${3:-}
skip() {
	echo "SKIP: Debian 13 packages: $*" >&2
	exit 4
}
here=$(cd "$(dirname "$0")" && pwd)
. "$here/lib.sh"

for t in apt-get apt-cache dpkg-deb flock bzip2; do
	command -v "$t" >/dev/null 2>&1 || skip "$t not installed"
done

# newest_complete GLOB-PREFIX: the newest complete CACHE/PREFIX* directory.
newest_complete() {
	nc_last=""
	for nc_d in "$cache/$1"*/; do
		[ -f "$nc_d.complete" ] && nc_last=${nc_d%/}
	done
	[ -z "$nc_last" ] || echo "$nc_last"
}

# finished: print the complete result asked for, if there is one, and stop.
finished() {
	case $mode:$arg in
	policy:) f=$(newest_complete debian13-policy-deb-) ;;
	policy:*) f=$cache/debian13-policy-deb-$(echo "$arg" | tr : _) ;;
	root:*) f=$(newest_complete "debian13-root-$arg-") ;;
	esac
	# A policy result from before etc/ was kept is made again.
	[ -z "$f" ] || [ ! -f "$f/.complete" ] ||
		{ [ "$mode" = policy ] && [ ! -f "$f/etc/selinux/semanage.conf" ]; } || {
		echo "$f"
		exit 0
	}
}

# A complete result from an earlier run needs no network.
finished
if [ "$mode" = policy ]; then
	# Debian 13's pp first: it takes the same lock.
	pp=$(debian13_tool "$cache" /usr/libexec/selinux/hll/pp policycoreutils) ||
		exit 3
	[ -n "$pp" ] || skip "no Debian 13 pp to convert the modules (see above)"
fi

. "$here/../../vm/images/debian13.conf"
mirror=${DEBIAN13_MIRROR:-$MIRROR}
secmirror=${DEBIAN13_SECURITY_MIRROR:-$SECURITY_MIRROR}

apt=$cache/debian13-apt
mkdir -p "$apt/state/lists/partial" "$apt/cache/archives/partial" "$apt/etc/parts"
# One apt state: one user at a time.
exec 9>"$apt/lock"
flock -w 900 9 || skip "$apt/lock still held after 900 s"

# Another check may have finished the same work while this one waited.
finished

: >"$apt/state/status"
key=/usr/share/keyrings/debian-archive-keyring.gpg
{
	for s in $SUITE $EXTRA_SUITES; do
		echo "deb [signed-by=$key] $mirror $s main"
	done
	echo "deb [signed-by=$key] $secmirror $SECURITY_SUITE main"
} >"$apt/etc/sources.list"
cat >"$apt/etc/apt.conf" <<EOF
Dir::Etc::main "$apt/etc/parts/none";
Dir::Etc::parts "$apt/etc/parts";
Dir::Etc::SourceList "$apt/etc/sources.list";
Dir::Etc::SourceParts "$apt/etc/parts";
Dir::Etc::Preferences "$apt/etc/parts/none";
Dir::Etc::PreferencesParts "$apt/etc/parts";
Dir::State "$apt/state";
Dir::State::status "$apt/state/status";
Dir::Cache "$apt/cache";
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
Acquire::GzipIndexes "true";
Acquire::CompressionTypes::Order { "gz"; };
APT::Architectures { "amd64"; };
Acquire::Languages "none";
Acquire::http::Timeout "20";
Acquire::Retries "1";
EOF
[ "$(id -u)" -ne 0 ] || echo 'APT::Sandbox::User "root";' >>"$apt/etc/apt.conf"
export APT_CONFIG="$apt/etc/apt.conf"

# Lists younger than an hour from the same sources are used as they are.
if ! cmp -s "$apt/etc/sources.list" "$apt/updated" ||
   [ -z "$(find "$apt/updated" -mmin -60)" ]; then
	rm -f "$apt/updated"
	if ! apt-get -q --error-on=any update >"$apt/update.log" 2>&1; then
		grep '^[EW]:' "$apt/update.log" | head -n 3 >&2 || true
		skip "apt-get update from $mirror and $secmirror failed (log: $apt/update.log)"
	fi
	cp "$apt/etc/sources.list" "$apt/updated"
fi

# candidate PACKAGE: the archive's version of PACKAGE.
candidate() {
	apt-cache policy "$1" | sed -n 's/^ *Candidate: //p'
}

work=$(mktemp -d "$cache/debian13-deb.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
mkdir "$work/debs" "$work/root"

# fetch PKG[=VER]...: download into $work/debs and extract into $work/root.
fetch() {
	if ! (cd "$work/debs" && apt-get -q download "$@") >"$work/download.log" 2>&1; then
		cat "$work/download.log" >&2
		skip "apt-get download $* failed"
	fi
	for f in "$work"/debs/*.deb; do
		dpkg-deb -x "$f" "$work/root"
	done
}

case $mode in
policy)
	have=$(candidate selinux-policy-default)
	ver=${arg:-$have}
	[ -n "$ver" ] && [ "$ver" != "(none)" ] ||
		skip "selinux-policy-default not in $mirror $SUITE"
	if [ -n "$arg" ] &&
	   ! apt-cache madison selinux-policy-default | grep -qF "| $arg |"; then
		skip "the archive has selinux-policy-default $have, not the pinned $arg"
	fi
	out=$cache/debian13-policy-deb-$(echo "$ver" | tr : _)
	fetch "selinux-policy-dev=$ver" "selinux-policy-default=$ver" \
		libsemanage-common
	dpkg-deb -e "$work"/debs/selinux-policy-default_*.deb "$work/control"
	mv "$work/root/usr/share/selinux/devel" "$work/devel"
	mkdir "$work/etc"
	mv "$work/root/etc/selinux" "$work/etc/"
	src=$work/root/usr/share/selinux/default
	mkdir -p "$work/modules/100" "$work/modules/disabled"
	for m in $(cat "$src/.modules"); do
		mkdir "$work/modules/100/$m"
		bzip2 -dc "$src/$m.pp.bz2" >"$work/$m.pp"
		"$pp" <"$work/$m.pp" >"$work/modules/100/$m/cil" ||
			skip "Debian 13's pp could not convert $m.pp"
		rm -f "$work/$m.pp"
	done
	# The modules the postinst disables whatever the machine (it adds
	# more per hostnamectl chassis).
	for m in $(sed -n 's/^notdefault="\([^$"]*\)"$/\1/p' "$work/control/postinst"); do
		[ ! -d "$work/modules/100/$m" ] || : >"$work/modules/disabled/$m"
	done
	[ -f "$work/devel/include/Makefile" ] && [ -f "$work/modules/100/base/cil" ] &&
	[ -f "$work/etc/selinux/semanage.conf" ] && [ -d "$work/etc/selinux/default/contexts" ] || {
		echo "ERROR: the packages of selinux-policy $ver hold no devel/include/Makefile, base module, semanage.conf or default/contexts" >&2
		exit 3
	}
	rm -rf "$work/root" "$work/control"
	;;
root)
	ver=$(candidate "$arg")
	[ -n "$ver" ] && [ "$ver" != "(none)" ] || skip "$arg not in $mirror $SUITE"
	out=$cache/debian13-root-$arg-$(echo "$ver" | tr : _)
	fetch $(apt-cache depends --recurse --no-recommends --no-suggests \
		--no-conflicts --no-breaks --no-replaces --no-enhances "$arg" |
		grep -v '^[ <]' | sort -u)
	;;
esac
rm -rf "$work/debs" "$work/download.log"
echo "$ver" >"$work/version"
touch "$work/.complete"
rm -rf "$out"
mv "$work" "$out"
trap - EXIT INT TERM
echo "$out"
