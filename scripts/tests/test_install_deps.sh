#!/bin/sh
# test_install_deps.sh - scripts/install-deps.sh's decisions on stand-in
# id/dpkg-query/apt-cache/apt-get on PATH: versions come only from lists
# refreshed by this run (stale lists, absent lists, current lists), an
# installed matching qemu pair with nothing missing touches nothing, a
# backports qemu-utils is pinned back, and a failed update or a missing
# bookworm qemu stops with exit 3 before anything is installed.  TAP.
set -u

SCRIPT=$(cd "$(dirname "$0")/.." && pwd)/install-deps.sh
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
n=0
fails=0

# check DESCRIPTION COMMAND...
. "$(dirname "$0")/taplib.sh"

# Stand-ins.  State lives in $ST: lists.old / lists.new are madison outputs
# before and after an update ("-" = no lists), installed.txt "pkg version"
# lines (a package absent from it is not installed, unless ALL_INSTALLED=1),
# calls.log every apt call in order.
mkstubs() {
	ST=$TMP/state
	B=$TMP/bin
	rm -rf "$ST" "$B"
	mkdir -p "$ST" "$B"
	: > "$ST/calls.log"
	: > "$ST/installed.txt"
	cat > "$B/id" <<'S'
#!/bin/sh
echo 0
S
	cat > "$B/dpkg-query" <<'S'
#!/bin/sh
eval "pkg=\${$#}"
v=$(awk -v p="$pkg" '$1 == p {print $2}' "$ST/installed.txt")
if [ -z "$v" ] && [ "${ALL_INSTALLED:-0}" = 1 ] &&
   [ "$pkg" != qemu-utils ] && [ "$pkg" != qemu-system-x86 ]; then
	v=1.0
fi
[ -n "$v" ] || exit 1
echo "install ok installed $v"
S
	cat > "$B/apt-cache" <<'S'
#!/bin/sh
echo "apt-cache $*" >> "$ST/calls.log"
f=$ST/lists.old
[ -f "$ST/updated" ] && f=$ST/lists.new
[ -f "$f" ] && cat "$f"
exit 0
S
	cat > "$B/apt-get" <<'S'
#!/bin/sh
echo "apt-get $*" >> "$ST/calls.log"
case "$*" in
*update*) [ "${UPDATE_FAILS:-0}" = 1 ] && exit 100; touch "$ST/updated" ;;
esac
exit 0
S
	chmod +x "$B"/*
	export ST
}

madison() { # version origin
	echo "qemu-system-x86 | $1 | http://deb.debian.org/debian $2 amd64 Packages"
}

run() {
	PATH=$B:$PATH sh "$SCRIPT" > "$ST/out" 2>&1
	echo $? > "$ST/rc"
}

rc() { [ "$(cat "$ST/rc")" = "$1" ]; }
called() { grep -q -- "$1" "$ST/calls.log"; }
not_called() { ! grep -q -- "$1" "$ST/calls.log"; }
# the first apt-cache call comes after the first apt-get update
update_first() {
	awk '/^apt-get .*update/ && !u {u = NR}
	     /^apt-cache/ && !c {c = NR}
	     END {exit !(u && (!c || u < c))}' "$ST/calls.log"
}

OLD=1:7.2+dfsg-7+deb12u18+b2
NEW=1:7.2+dfsg-7+deb12u18+b3

# 1. stale lists: the image's lists name +b2, the archive serves +b3
mkstubs
madison "$OLD" bookworm/main > "$ST/lists.old"
{ madison 1:10.0.2+ds-2~bpo12+1 bookworm-backports/main
  madison "$NEW" bookworm/main; } > "$ST/lists.new"
echo "qemu-utils 1:10.0.2+ds-2~bpo12+1" > "$ST/installed.txt"
ALL_INSTALLED=1 run
check "stale lists: exit 0" rc 0
check "stale lists: update before any version is read" update_first
check "stale lists: pins the refreshed version" called "qemu-system-x86=$NEW"
check "stale lists: never the stale version" not_called "$OLD"
check "stale lists: skips the backports build" not_called "bpo12"

# 2. absent lists: madison prints nothing until the update
mkstubs
madison "$NEW" bookworm/main > "$ST/lists.new"
run
check "absent lists: exit 0" rc 0
check "absent lists: update first" update_first
check "absent lists: installs missing packages with the pin" \
	called "install .*make .*qemu-utils=$NEW qemu-system-x86=$NEW"

# 3. current lists, everything installed at one qemu version: no apt call
mkstubs
madison "$NEW" bookworm/main > "$ST/lists.old"
printf 'qemu-utils %s\nqemu-system-x86 %s\n' "$NEW" "$NEW" > "$ST/installed.txt"
ALL_INSTALLED=1 run
check "all present: exit 0" rc 0
check "all present: no update, no install" not_called "apt-get"
check "all present: says so" grep -q "all packages present" "$ST/out"

# 4. a security build is the newest bookworm one
mkstubs
{ madison 1:7.2+dfsg-7+deb12u19 bookworm-security/main
  madison "$NEW" bookworm/main; } > "$ST/lists.new"
ALL_INSTALLED=1 run
check "security build: pinned" called "qemu-utils=1:7.2+dfsg-7+deb12u19 "

# 5. update fails: exit 3, nothing installed from stale lists
mkstubs
madison "$OLD" bookworm/main > "$ST/lists.old"
UPDATE_FAILS=1 run
check "update fails: exit 3" rc 3
check "update fails: nothing installed" not_called "apt-get .*install"
check "update fails: says why" grep -q "update failed" "$ST/out"

# 6. no bookworm qemu in the refreshed lists
mkstubs
madison 1:10.0.2+ds-2~bpo12+1 bookworm-backports/main > "$ST/lists.new"
run
check "no bookworm qemu: exit 3" rc 3
check "no bookworm qemu: nothing installed" not_called "apt-get .*install"

echo "1..$n"
[ "$fails" -eq 0 ]
