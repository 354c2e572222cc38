#!/bin/sh
# test_fedora_policy.sh - the debian13-fedora-policy recipe (issue 18) without
# Fedora's source: vm/images/fedora-policy.sh refuses what is not a Fedora
# selinux-policy tree (exit 2, naming FEDORA_POLICY_SRC, in well under 5 s),
# builds a stand-in tree (a stub Makefile and stand-in semodule/nice on PATH)
# with Fedora's make variables, under nice -n 19, in a copy, cached by commit;
# vm/images/fedora-policy/install.sh does its steps in order on a stand-in
# root; the devel Makefile wrapper includes the headers' Makefile; every
# local customisation is listed in vm/images/README.md.  With
# FEDORA_POLICY_SRC set and its build cached, the real build's layout is
# checked and policy/rustnet.te compiled against its headers; otherwise
# those checks are skipped with the reason ("# SKIP" lines, not "ok").
# TAP on stdout.
set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
FP=$TOP/vm/images/fedora-policy.sh
IMG=$TOP/vm/images/fedora-policy-image.sh
INSTALL=$TOP/vm/images/fedora-policy/install.sh
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
n=0
fails=0
REAL_SRC=${FEDORA_POLICY_SRC:-}
unset FEDORA_POLICY_SRC CONTAINER_SELINUX_SRC
REAL_CACHE=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}
export RUSTNET_CACHE="$TMP/cache"

# shellcheck source=scripts/tests/taplib.sh
. "$TOP/scripts/tests/taplib.sh"

# refused: expected message fragment, command...; exit 2 within 5 s
refused() {
	want=$1
	shift
	s=$(date +%s)
	"$@" >"$TMP/out" 2>&1
	rc=$?
	t=$(($(date +%s) - s))
	[ "$rc" = 2 ] && grep -q -- "$want" "$TMP/out" && [ "$t" -lt 5 ]
}

# --- stand-ins -------------------------------------------------------------
B=$TMP/bin
mkdir -p "$B"
for t in m4 checkmodule checkpolicy semodule_package semodule_link \
	semodule_expand sefcontext_compile; do
	printf '#!/bin/sh\nexit 0\n' >"$B/$t"
done
cat >"$B/nice" <<'S'
#!/bin/sh
echo "$1 $2 $3" >>"$TMP/nice.log"
[ "$1" = -n ] && shift 2
exec "$@"
S
# semodule: -p ROOT writes what the real one would (store, kernel policy)
cat >"$B/semodule" <<'S'
#!/bin/sh
echo "semodule $*" >>"$TMP/calls.log"
root=
while [ $# -gt 0 ]; do
	[ "$1" = -p ] && root=$2
	shift
done
[ -n "$root" ] || exit 0
mkdir -p "$root/var/lib/selinux/targeted/active/modules/100/unlabelednet" \
	"$root/etc/selinux/targeted/policy"
echo cil >"$root/var/lib/selinux/targeted/active/modules/100/unlabelednet/cil"
echo pol >"$root/etc/selinux/targeted/policy/policy.33"
S
chmod +x "$B"/*
export TMP
REAL_PATH=$PATH
PATH=$B:$PATH
export PATH

# A Fedora-shaped tree whose Makefile records how it is driven.
mktree() { # dir
	d=$1
	mkdir -p "$d/support" "$d/dist/targeted" "$d/config" \
		"$d/policy/modules/kernel" "$d/policy/modules/contrib"
	for f in Rules.modular support/Makefile.devel dist/targeted/booleans.conf \
		dist/targeted/users dist/targeted/setrans.conf dist/booleans.subs_dist \
		dist/customizable_types dist/permissivedomains.cil \
		config/file_contexts.subs_dist policy/modules/kernel/kernel.te \
		policy/modules/kernel/unlabelednet.te policy/modules/contrib/apache.te; do
		echo "$f" >"$d/$f"
	done
	echo "apache = module" >"$d/dist/targeted/modules.conf"
	echo 41.24 >"$d/VERSION"
	cat >"$d/Makefile" <<'S'
STUB_FAIL ?=
LOG := $(TMP)/make.log
define rec
	@echo "$@ NAME=$(NAME) TYPE=$(TYPE) DISTRO=$(DISTRO) UBAC=$(UBAC) MONOLITHIC=$(MONOLITHIC) UNK_PERMS=$(UNK_PERMS) MCS_CATS=$(MCS_CATS) DIRECT_INITRC=$(DIRECT_INITRC)" >>$(LOG)
	@[ "$@" != "$(STUB_FAIL)" ]
endef
bare conf:
	$(rec)
	@[ "$@" != conf ] || echo "refpolicy default" >policy/modules.conf
base.pp:
	$(rec)
	@cmp -s policy/modules.conf dist/targeted/modules.conf && echo "base.pp: Fedora modules.conf" >>$(LOG) || true
	@[ -f policy/modules/contrib/container.te ] && echo "base.pp: container.te present" >>$(LOG) || true
	@touch base.pp
modules:
	$(rec)
install install-appconfig:
	$(rec)
	@mkdir -p $(DESTDIR)/usr/share/selinux/targeted $(DESTDIR)/etc/selinux/targeted/contexts/files
	@touch $(DESTDIR)/usr/share/selinux/targeted/base.pp
	@echo '/.* system_u:object_r:default_t:s0' >$(DESTDIR)/etc/selinux/targeted/contexts/files/file_contexts
load:
	$(rec)
	@$(SEMODULE) -s $(NAME) -b base.pp
install-headers:
	$(rec)
	@mkdir -p $(DESTDIR)/usr/share/selinux/targeted/include/kernel
	@touch $(DESTDIR)/usr/share/selinux/targeted/include/kernel/kernel.if
	@echo 'probe: ; @echo "headers NAME=$$(NAME)"' >$(DESTDIR)/usr/share/selinux/targeted/include/Makefile
S
}

SRC=$TMP/src
CSRC=$TMP/container
mktree "$SRC"
mkdir -p "$CSRC"
for f in container.te container.if container.fc; do echo "$f" >"$CSRC/$f"; done
git -C "$SRC" init -q && git -C "$SRC" add -A &&
	git -C "$SRC" -c user.name=t -c user.email=t@t commit -q -m one
git -C "$CSRC" init -q && git -C "$CSRC" add -A &&
	git -C "$CSRC" -c user.name=t -c user.email=t@t commit -q -m one

# --- refusals ----------------------------------------------------------------
mkdir -p "$TMP/refpolicy/policy/modules/kernel"
mkdir -p "$TMP/refpolicy/support"
touch "$TMP/refpolicy/Makefile" "$TMP/refpolicy/Rules.modular" \
	"$TMP/refpolicy/support/Makefile.devel" \
	"$TMP/refpolicy/policy/modules/kernel/kernel.te"
check "fedora-policy.sh --check refuses an empty FEDORA_POLICY_SRC" \
	refused "FEDORA_POLICY_SRC is not set" sh "$FP" --check ""
check "fedora-policy.sh --check refuses a missing directory" \
	refused "FEDORA_POLICY_SRC '$TMP/nope' is not a directory" sh "$FP" --check "$TMP/nope"
check "fedora-policy.sh --check refuses a refpolicy tree (no dist/targeted)" \
	refused "is not a Fedora selinux-policy tree (no dist/targeted/modules.conf)" \
	sh "$FP" --check "$TMP/refpolicy"
check "fedora-policy.sh --check asks for CONTAINER_SELINUX_SRC when the tree has no container module" \
	refused "set CONTAINER_SELINUX_SRC" sh "$FP" --check "$SRC"
check "fedora-policy.sh --check refuses a CONTAINER_SELINUX_SRC without container.te" \
	refused "has no container.te" env CONTAINER_SELINUX_SRC="$TMP/refpolicy" sh "$FP" --check "$SRC"
check "fedora-policy.sh --check accepts a Fedora-shaped tree with CONTAINER_SELINUX_SRC" \
	env CONTAINER_SELINUX_SRC="$CSRC" sh "$FP" --check "$SRC" 2>/dev/null
check "fedora-policy.sh without arguments is a usage error" refused "usage:" sh "$FP"
check "fedora-policy-image.sh refuses an unset FEDORA_POLICY_SRC before anything slow" \
	refused "FEDORA_POLICY_SRC is not set" sh "$IMG" ""
check "... and built nothing (no image, no policy build)" \
	test ! -e "$RUSTNET_CACHE/images" -a ! -e "$RUSTNET_CACHE/fedora-policy/images"

# --- the build on the stand-in ---------------------------------------------
export CONTAINER_SELINUX_SRC="$CSRC"
: >"$TMP/make.log"
: >"$TMP/nice.log"
: >"$TMP/calls.log"
sh "$FP" "$SRC" >"$TMP/out" 2>"$TMP/err"
rc=$?
D=$(cat "$TMP/out")
commit=$(git -C "$SRC" rev-parse HEAD)
ccommit=$(git -C "$CSRC" rev-parse HEAD)
R=$D/root
check "the stand-in builds (exit 0, one line: the output dir)" \
	test "$rc" = 0 -a "$(wc -l <"$TMP/out")" = 1 -a -f "$D/.complete"
case $D in
"$RUSTNET_CACHE/fedora-policy/build/$(echo "$commit" | cut -c1-12)-cs$(echo "$ccommit" | cut -c1-12)-r"*) k=0 ;;
*) k=1 ;;
esac
check "keyed by both commits and the recipe: $(basename "$D")" test "$k" = 0
check "info.txt names both commits" \
	grep -q "^source commit: $commit" "$D/info.txt"
check "... and the container-selinux commit" \
	grep -q "^container-selinux commit: $ccommit" "$D/info.txt"
want="NAME=targeted TYPE=mcs DISTRO=redhat UBAC=n MONOLITHIC=n UNK_PERMS=allow MCS_CATS=1024 DIRECT_INITRC=n"
check "every make target ran with Fedora's targeted variables" \
	test "$(grep -c "$want" "$TMP/make.log")" = 8 -a \
	"$(grep -c NAME= "$TMP/make.log")" = 8
check "targets in the spec's order: bare conf base.pp modules install install-appconfig load install-headers" \
	test "$(awk '/NAME=/ {printf "%s ", $1}' "$TMP/make.log")" = \
	"bare conf base.pp modules install install-appconfig load install-headers "
check "base.pp compiled with dist/targeted/modules.conf, not conf's" \
	grep -q "base.pp: Fedora modules.conf" "$TMP/make.log"
check "base.pp compiled with container.te copied from CONTAINER_SELINUX_SRC" \
	grep -q "base.pp: container.te present" "$TMP/make.log"
check "every make and semodule ran under nice -n 19" \
	test "$(grep -cx -- '-n 19 make' "$TMP/nice.log")" = 7 -a \
	"$(grep -cx -- '-n 19 semodule' "$TMP/nice.log")" = 1 -a \
	"$(wc -l <"$TMP/nice.log")" = 8
check "the store is loaded with priority 100 into the output root" \
	test "$(grep -c -- "-p $RUSTNET_CACHE/fedora-policy/build/.build-[^ ]*/root -X 100" "$TMP/calls.log")" = 2
check "permissivedomains.cil is installed into the store" \
	grep -q "permissivedomains.cil" "$TMP/calls.log"
check "headers moved to /usr/share/selinux/devel/include (selinux-policy-devel's place)" \
	test -f "$R/usr/share/selinux/devel/include/kernel/kernel.if" -a \
	! -e "$R/usr/share/selinux/targeted/include"
check "devel/Makefile is the project's wrapper" \
	cmp -s "$R/usr/share/selinux/devel/Makefile" "$TOP/vm/images/fedora-policy/Makefile.devel"
check "the wrapper includes the headers' Makefile (HEADERDIR given)" \
	sh -c "make -s -f '$R/usr/share/selinux/devel/Makefile' HEADERDIR='$R/usr/share/selinux/devel/include' NAME=targeted probe | grep -qx 'headers NAME=targeted'"
check "the wrapper's HEADERDIR is \$(SHAREDIR)/devel/include" \
	sh -c "make -s -f '$R/usr/share/selinux/devel/Makefile' SHAREDIR='$R/usr/share/selinux' NAME=targeted probe | grep -qx 'headers NAME=targeted'"
E=$R/etc/selinux/targeted
check "subs_dist, setrans, booleans.subs_dist, customizable_types from the tree" \
	test -f "$E/contexts/files/file_contexts.subs_dist" -a -f "$E/setrans.conf" \
	-a -f "$E/booleans.subs_dist" -a -f "$E/contexts/customizable_types"
check "the source tree is left as it was (built in a copy)" \
	test -z "$(git -C "$SRC" status --porcelain)" -a ! -e "$SRC/base.pp"
check "no build directory left behind" \
	test -z "$(find "$RUSTNET_CACHE/fedora-policy/build" -maxdepth 1 -name '.build-*')"

: >"$TMP/make.log"
sh "$FP" "$SRC" >"$TMP/out2" 2>"$TMP/err"
check "a second run is served from the cache (same dir, no make)" \
	test "$(cat "$TMP/out2")" = "$D" -a ! -s "$TMP/make.log"

echo changed >>"$SRC/policy/modules/contrib/apache.te"
sh "$FP" "$SRC" >"$TMP/out3" 2>"$TMP/err"
check "uncommitted changes build under a -dirty- key" \
	sh -c "grep -q -- '/$(echo "$commit" | cut -c1-12)-dirty-[0-9a-f]\{12\}-cs' '$TMP/out3'"
git -C "$SRC" -c user.name=t -c user.email=t@t commit -q -am two
sh "$FP" "$SRC" >"$TMP/out4" 2>"$TMP/err"
check "a new commit builds under its own key" \
	sh -c "grep -q -- '/$(git -C "$SRC" rev-parse HEAD | cut -c1-12)-cs' '$TMP/out4'"
cp -a "$SRC" "$TMP/nogit" && rm -rf "$TMP/nogit/.git"
sh "$FP" "$TMP/nogit" >"$TMP/out5" 2>"$TMP/err"
check "a tree without git is keyed by its content (tree-<hash>)" \
	sh -c "grep -q -- '/tree-[0-9a-f]\{12\}-cs' '$TMP/out5'"

echo more >>"$SRC/VERSION"
STUB_FAIL=modules sh "$FP" "$SRC" >"$TMP/out6" 2>"$TMP/err"
rc=$?
check "a failing make is a build error (exit 3, nothing printed)" \
	test "$rc" = 3 -a ! -s "$TMP/out6"
check "... which leaves no partial output and keeps the log" \
	test -z "$(find "$RUSTNET_CACHE/fedora-policy/build" -maxdepth 1 -name '.build-*')" -a \
	-s "$RUSTNET_CACHE/fedora-policy/build/last-failed-build.log" -a \
	"$(find "$RUSTNET_CACHE/fedora-policy/build" -name .complete | wc -l)" = 4

# --- install.sh on a stand-in root ------------------------------------------
ST=$TMP/stage
SR=$TMP/sroot
mkdir -p "$ST" "$SR/etc/selinux" "$SR/var/lib/selinux" "$SR/usr/share/selinux"
cp "$INSTALL" "$TOP/vm/images/fedora-policy/local.semanage" \
	"$TOP/vm/images/fedora-policy/semanage.conf" "$ST/"
cp -a "$R" "$ST/root"
for t in dpkg semodule setfiles semanage; do
	cat >"$B/$t" <<S
#!/bin/sh
echo "$t \$*" >>"\$TMP/inst.log"
[ "$t" != semanage ] || cat >"\$TMP/semanage.in"
S
done
chmod +x "$B"/*
: >"$TMP/inst.log"
sh "$ST/install.sh" "$SR" >"$TMP/out" 2>&1
rc=$?
check "install.sh runs on a stand-in root" test "$rc" = 0
check "Debian's refpolicy packages are purged first" \
	sh -c "head -n 1 '$TMP/inst.log' | grep -qx 'dpkg --root=$SR --purge selinux-policy-dev selinux-policy-default'"
check "steps in order: purge, semodule -B, semanage import, setfiles" \
	test "$(cut -d' ' -f1 "$TMP/inst.log" | tr '\n' ' ')" = "dpkg semodule semanage setfiles "
check "the store is rebuilt by the image's semodule without loading" \
	grep -q "^semodule -n -B -s targeted" "$TMP/inst.log"
check "the customisations go through semanage import, not reloading" \
	sh -c "grep -q '^semanage import -N -S targeted' '$TMP/inst.log' && cmp -s '$TMP/semanage.in' '$ST/local.semanage'"
check "relabel with Fedora's file_contexts over the whole root" \
	grep -q "^setfiles -F -e $SR/proc -e $SR/sys -r $SR $SR/etc/selinux/targeted/contexts/files/file_contexts $SR\$" "$TMP/inst.log"
check "the host-built kernel policy is removed before the rebuild" \
	test -d "$SR/etc/selinux/targeted/policy" -a ! -e "$SR/etc/selinux/targeted/policy/policy.33"
check "store, modules and headers are in place" \
	test \
	-f "$SR/var/lib/selinux/targeted/active/modules/100/unlabelednet/cil" -a \
	-f "$SR/usr/share/selinux/targeted/base.pp" -a \
	-f "$SR/usr/share/selinux/devel/include/kernel/kernel.if"
check "semanage.conf with Fedora's settings (no homedir contexts for /root)" \
	sh -c "grep -qx 'usepasswd=False' '$SR/etc/selinux/semanage.conf' && grep -q '^ignoredirs=/root;' '$SR/etc/selinux/semanage.conf'"
check "/etc/selinux/config: SELINUX=enforcing, SELINUXTYPE=targeted" \
	sh -c "grep -qx SELINUX=enforcing '$SR/etc/selinux/config' && grep -qx SELINUXTYPE=targeted '$SR/etc/selinux/config'"
sh "$ST/install.sh" "$SR" >"$TMP/out" 2>&1
check "install.sh refuses to install over an existing targeted policy" \
	sh -c "test $? != 0 && grep -q 'exists already' '$TMP/out'"

# --- the customisations ------------------------------------------------------
bad=0
while read -r line; do
	case $line in
	'fcontext -a '*) ;;
	*) bad=1 ;;
	esac
	# semanage import runs any line containing -d or -D as a deletion
	case $line in *-d* | *-D*) bad=1 ;; esac
	p=$(echo "$line" | awk '{print $NF}' | tr -d "'")
	grep -qF -- "$p" "$TOP/vm/images/README.md" || bad=1
done <"$TOP/vm/images/fedora-policy/local.semanage"
check "every local customisation is an 'fcontext -a' listed in vm/images/README.md" \
	test "$bad" = 0

# --- with Fedora's source (skipped without it) -------------------------------
REAL=
if [ -z "$REAL_SRC" ]; then
	why="FEDORA_POLICY_SRC is not set"
elif ! c=$(git -C "$REAL_SRC" rev-parse HEAD 2>/dev/null); then
	why="FEDORA_POLICY_SRC '$REAL_SRC' is not a git checkout"
else
	for i in $(ls -t "$REAL_CACHE"/fedora-policy/build/*/info.txt 2>/dev/null | tac); do
		[ -f "$i" ] && grep -q "^source commit: $c" "$i" &&
			[ -f "$(dirname "$i")/.complete" ] && REAL=$(dirname "$i")
	done
	why="no cached build of $c (run vm/images/fedora-policy.sh \"\$FEDORA_POLICY_SRC\")"
fi
if [ -n "$REAL" ]; then
	check "real build: kernel policy, store with unlabelednet, file_contexts, headers" \
		test -f "$REAL/root/var/lib/selinux/targeted/active/modules/100/unlabelednet/cil" -a \
		-s "$REAL/root/etc/selinux/targeted/contexts/files/file_contexts" -a \
		-f "$REAL/root/usr/share/selinux/devel/include/kernel/unlabelednet.if"
	PATH=$REAL_PATH
	W=$TMP/rustnet
	mkdir -p "$W"
	cp "$TOP/policy/rustnet.te" "$TOP/policy/rustnet.if" "$TOP/policy/rustnet.fc" "$W/"
	check "real build: policy/rustnet.te compiles with the devel Makefile and headers" \
		sh -c "make -C '$W' -f '$REAL/root/usr/share/selinux/devel/Makefile' \
			HEADERDIR='$REAL/root/usr/share/selinux/devel/include' NAME=targeted \
			rustnet.pp >'$W/log' 2>&1 || { cat '$W/log' >&2; exit 1; }"
else
	skip "real build layout" "$why"
	skip "rustnet.te against the real build's headers" "$why"
fi

echo "1..$n"
[ "$fails" -eq 0 ]
