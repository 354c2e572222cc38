#!/bin/sh
# Build Fedora's targeted policy on this host from a Fedora selinux-policy
# source tree (github.com/fedora-selinux/selinux-policy), laid out as the
# selinux-policy-targeted and selinux-policy-devel packages install it.
#
# usage: vm/images/fedora-policy.sh [--check] SRC
#   --check   only decide whether SRC is a Fedora selinux-policy tree with
#             the container module's source at hand
# env: CONTAINER_SELINUX_SRC  a checkout of github.com/containers/container-selinux
#   Fedora's targeted policy has a `container` module whose source is not in
#   selinux-policy: the package (and the repository's own CI) copies
#   container.{te,if,fc} from container-selinux into policy/modules/contrib.
#   Without it base.pp does not compile (domain.te calls
#   container_spc_stream_connect). If SRC has no container.te there,
#   CONTAINER_SELINUX_SRC must name a tree that has them.
#
# Output: $CACHE/fedora-policy/build/<key>/ printed as the only stdout line:
#   root/etc/selinux/targeted/          policy.NN, contexts, file_contexts
#   root/var/lib/selinux/targeted/      the module store (priority 100)
#   root/usr/share/selinux/targeted/    base.pp and the module .pp files
#   root/usr/share/selinux/devel/       Makefile + include/ (the headers)
#   info.txt (source, commit, tools, build time), build.log, .complete
# <key> is the source tree's commit (12 hex digits), with "-dirty-<hash>"
# for uncommitted changes, or "tree-<hash>" for a tree without git; then
# "-cs" and the same for CONTAINER_SELINUX_SRC when it is used; then
# "-r<hash>" of this script, fedora-policy/Makefile.devel and
# fedora-policy/cache.sh (their steps decide the output).
#
# The policy is compiled with this host's checkpolicy/semodule (Debian 12:
# 3.4); the image recipe rebuilds the kernel policy from the store with the
# guest's own libsemanage. Runs under nice -n 19.
#
# Exit: 0 ok, 2 usage or SRC is not a Fedora selinux-policy tree,
#       3 build error (output removed, build.log kept in $CACHE/fedora-policy).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=vm/images/fedora-policy/cache.sh
. "$HERE/fedora-policy/cache.sh"
CACHE=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}
BASE=$CACHE/fedora-policy/build
WORK=

log() {
	echo "fedora-policy: $*" >&2
}

usage() {
	echo "usage: $0 [--check] FEDORA_POLICY_SRC" >&2
	exit 2
}

refuse() {
	log "FEDORA_POLICY_SRC $*"
	exit 2
}

die() {
	log "ERROR: $*"
	exit 3
}

# Files every Fedora selinux-policy tree has; dist/targeted and the
# unlabelednet module are Fedora's own (refpolicy has neither).
FEDORA_FILES="Makefile Rules.modular support/Makefile.devel
dist/targeted/modules.conf dist/targeted/booleans.conf dist/targeted/users
config/file_contexts.subs_dist policy/modules/kernel/kernel.te
policy/modules/kernel/unlabelednet.te policy/modules/contrib/apache.te"

check_tree() {
	[ -n "$1" ] ||
		refuse "is not set: point it at a checkout of github.com/fedora-selinux/selinux-policy (e.g. tag v41.24)"
	[ -d "$1" ] || refuse "'$1' is not a directory"
	for f in $FEDORA_FILES; do
		[ -f "$1/$f" ] ||
			refuse "'$1' is not a Fedora selinux-policy tree (no $f)"
	done
	[ ! -f "$1/policy/modules/contrib/container.te" ] || return 0
	c=${CONTAINER_SELINUX_SRC:-}
	[ -n "$c" ] ||
		refuse "'$1' has no policy/modules/contrib/container.te: set CONTAINER_SELINUX_SRC to a checkout of github.com/containers/container-selinux (Fedora's build copies container.{te,if,fc} from it)"
	for f in container.te container.if container.fc; do
		[ -f "$c/$f" ] ||
			refuse "needs the container module: CONTAINER_SELINUX_SRC '$c' has no $f"
	done
}

# sha256 of every file's path and content (without .git), 12 digits.
tree_hash() {
	(cd "$1" && find . -path ./.git -prune -o -type f -print |
		LC_ALL=C sort | while read -r f; do
			sha256sum "$f" || exit 1
		done) | sha256sum | cut -c1-12
}

source_key() {
	if git -C "$1" rev-parse -q --verify HEAD >/dev/null 2>&1 &&
		[ "$(git -C "$1" rev-parse --show-toplevel)" = "$(cd "$1" && pwd -P)" ]; then
		c=$(git -C "$1" rev-parse HEAD | cut -c1-12)
		if [ -n "$(git -C "$1" status --porcelain --untracked-files=no)" ]; then
			echo "$c-dirty-$(tree_hash "$1")"
		else
			echo "$c"
		fi
	else
		echo "tree-$(tree_hash "$1")"
	fi
}

describe_source() { # label dir
	echo "$1: $2"
	if git -C "$2" rev-parse -q --verify HEAD >/dev/null 2>&1; then
		echo "$1 commit: $(git -C "$2" rev-parse HEAD)"
		echo "$1 describe: $(git -C "$2" describe --tags --always --dirty 2>/dev/null)"
	else
		echo "$1 commit: none (not a git checkout)"
	fi
}

cleanup() {
	rc=$?
	trap - EXIT INT TERM HUP
	if [ -n "$WORK" ] && [ -d "$WORK" ]; then
		[ "$rc" = 0 ] || cp "$WORK/build.log" "$BASE/last-failed-build.log" 2>/dev/null || true
		rm -rf "$WORK"
	fi
	[ "$rc" = 0 ] || [ "$rc" = 2 ] ||
		log "failed (exit $rc); log in $BASE/last-failed-build.log"
	exit "$rc"
}

# Make variables as Fedora's selinux-policy.spec sets them for the
# targeted policy (MCS, unknown permissions allowed, no UBAC).
fedora_make() { # make target...
	nice -n 19 make -C "$WORK/src" NAME=targeted TYPE=mcs DISTRO=redhat \
		UBAC=n DIRECT_INITRC=n MONOLITHIC=n MLS_CATS=1024 MCS_CATS=1024 \
		UNK_PERMS=allow DESTDIR="$WORK/root" "$@" >>"$WORK/build.log" 2>&1 ||
		die "make $* failed (see the log)"
}

check=0
if [ "${1:-}" = --check ]; then
	check=1
	shift
fi
[ $# -eq 1 ] || usage
SRC=$1
check_tree "$SRC"
SRC=$(cd "$SRC" && pwd -P)
CSRC=
if [ ! -f "$SRC/policy/modules/contrib/container.te" ]; then
	CSRC=$(cd "$CONTAINER_SELINUX_SRC" && pwd -P)
fi
if [ "$check" = 1 ]; then
	log "$SRC is a Fedora selinux-policy tree"
	exit 0
fi

for tool in make m4 python3 checkmodule checkpolicy semodule semodule_package \
	semodule_link semodule_expand sefcontext_compile git; do
	command -v "$tool" >/dev/null ||
		die "$tool not found (run scripts/install-deps.sh)"
done

KEY=$(source_key "$SRC")${CSRC:+-cs$(source_key "$CSRC")}-r$(cat "$0" \
	"$HERE/fedora-policy/Makefile.devel" "$HERE/fedora-policy/cache.sh" |
	sha256sum | cut -c1-8)
FINAL=$BASE/$KEY
serve_cached "$FINAL"
mkdir -p "$BASE"
lock_build "$BASE/.lock" "$FINAL"
WORK=$(mktemp -d "$BASE/.build-XXXXXX")
T0=$(date +%s)
log "building $SRC ($KEY) in $WORK"
mkdir "$WORK/src" "$WORK/root"
: >"$WORK/build.log"
tar -C "$SRC" --exclude=./.git -cf - . | tar -C "$WORK/src" -xf - ||
	die "cannot copy $SRC"
if [ -n "$CSRC" ]; then
	cp "$CSRC"/container.te "$CSRC"/container.if "$CSRC"/container.fc \
		"$WORK/src/policy/modules/contrib/" || die "cannot copy $CSRC/container.*"
fi

TIMES=
T_STAGE=$(date +%s)
stage_done() { # name
	now=$(date +%s)
	log "stage $1: $((now - T_STAGE)) s"
	TIMES="$TIMES $1=$((now - T_STAGE))s"
	T_STAGE=$now
}

fedora_make bare
fedora_make conf
stage_done conf
# Fedora's module selection, booleans and users for targeted, after conf
# (which writes refpolicy's defaults). policy/users may already be a link
# to dist/targeted/users.
for f in modules.conf booleans.conf users; do
	[ "$WORK/src/dist/targeted/$f" -ef "$WORK/src/policy/$f" ] ||
		cp "$WORK/src/dist/targeted/$f" "$WORK/src/policy/$f" ||
		die "cannot copy dist/targeted/$f"
done
log "compiling base.pp and the modules (nice -n 19, make -j$(nproc))"
fedora_make -j"$(nproc)" base.pp
fedora_make -j"$(nproc)" modules
stage_done compile
fedora_make install install-appconfig
# The module store and the kernel policy, as the package's %post leaves
# them: every module at priority 100.
mkdir -p "$WORK/root/var/lib/selinux"
fedora_make SEMODULE="semodule -n -p $WORK/root -X 100" load
nice -n 19 semodule -n -p "$WORK/root" -X 100 -s targeted \
	-i "$WORK/src/dist/permissivedomains.cil" >>"$WORK/build.log" 2>&1 ||
	die "semodule -i permissivedomains.cil failed"
stage_done store
fedora_make install-headers

# selinux-policy-devel's layout: headers under /usr/share/selinux/devel.
R=$WORK/root
mkdir -p "$R/usr/share/selinux/devel"
mv "$R/usr/share/selinux/targeted/include" "$R/usr/share/selinux/devel/include"
install -m 0644 "$HERE/fedora-policy/Makefile.devel" \
	"$R/usr/share/selinux/devel/Makefile"
# Files the package takes from the source tree beside the compiled policy.
E=$R/etc/selinux/targeted
install -m 0644 "$WORK/src/config/file_contexts.subs_dist" "$E/contexts/files/"
install -m 0644 "$WORK/src/dist/targeted/setrans.conf" "$E/setrans.conf"
install -m 0644 "$WORK/src/dist/booleans.subs_dist" "$E/booleans.subs_dist"
install -m 0644 "$WORK/src/dist/customizable_types" "$E/contexts/customizable_types"
mkdir -p "$E/logins"
touch "$E/contexts/files/file_contexts.subs"

set -- "$E"/policy/policy.*
[ -f "$1" ] || die "no kernel policy under $E/policy"
[ -s "$E/contexts/files/file_contexts" ] || die "no file_contexts"
[ -f "$R/usr/share/selinux/devel/include/kernel/kernel.if" ] || die "no headers"
[ -f "$R/var/lib/selinux/targeted/active/modules/100/unlabelednet/cil" ] ||
	die "the store has no unlabelednet module"

T=$(($(date +%s) - T0))
{
	describe_source source "$SRC"
	echo "source VERSION file: $(cat "$SRC/VERSION" 2>/dev/null || echo none)"
	if [ -n "$CSRC" ]; then
		describe_source container-selinux "$CSRC"
	else
		echo "container-selinux: the tree's own policy/modules/contrib/container.*"
	fi
	echo "key: $KEY"
	echo "built: $(date -u +%Y-%m-%dT%H:%M:%SZ) in ${T} s (nice -n 19, $(nproc) cpus;$TIMES)"
	echo "host: $(. /etc/os-release && echo "$PRETTY_NAME")"
	for p in checkpolicy policycoreutils semodule-utils libsepol2 libsemanage2; do
		echo "tool $p: $(dpkg-query -W -f '${Version}' "$p" 2>/dev/null || echo '?')"
	done
	echo "kernel policy: $(basename "$1")"
	echo "modules: $(ls "$R/var/lib/selinux/targeted/active/modules/100" | wc -l)"
} >"$WORK/info.txt"
log "built in ${T} s"
mkdir "$WORK/out"
mv "$WORK/root" "$WORK/info.txt" "$WORK/build.log" "$WORK/out/"
publish "$WORK/out" "$FINAL"
echo "$FINAL"
