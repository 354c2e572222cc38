#!/bin/sh
# test_profile_table.sh - vm/lib/profile.c's table is the one list of
# profiles the host scripts accept: in a scratch copy of the scripts and the
# table, a row added to rn_profiles[] is accepted by scripts/e2e.sh (and its
# IMAGE kind decides what e2e.sh asks for) and by vm/images/build-image.sh
# when it is a build-image row, with no other file touched; the copy's
# first run builds the lister and still answers in under 5 s.  No guest, no
# image build (the copy has no <profile>.conf).  TAP on stdout.
set -u

TOP=$(cd "$(dirname "$0")/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
n=0
fails=0
. "$(dirname "$0")/taplib.sh"
export RUSTNET_CACHE="$TMP/cache"


# run: tree, expected exit, expected message fragment, script, args...
run() {
	tree=$1 want_rc=$2 want=$3 script=$4
	shift 4
	s=$(date +%s)
	sh "$tree/$script" "$@" > "$TMP/out" 2>&1
	rc=$?
	t=$(( $(date +%s) - s ))
	[ "$rc" = "$want_rc" ] && grep -q -- "$want" "$TMP/out" && [ "$t" -lt 5 ] &&
		! grep -q '^== ' "$TMP/out"
	ok $? "$(basename "$tree"): $script $* -> exit $rc in ${t}s ($want)"
	[ "$rc" = "$want_rc" ] || sed 's/^/# /' "$TMP/out"
}

# The copy: what e2e.sh and build-image.sh read before anything slow.
C=$TMP/copy
mkdir -p "$C/scripts" "$C/vm/images"
cp "$TOP/scripts/e2e.sh" "$C/scripts/" &&
	cp -R "$TOP/vm/Makefile" "$TOP/vm/lib" "$TOP/vm/src" "$C/vm/" &&
	cp -R "$TOP/common" "$C/" &&
	cp "$TOP/vm/images/build-image.sh" "$TOP/vm/images/fedora-policy.sh" \
		"$C/vm/images/" && rm -rf "$C/vm/build" "$C/common/build"
ok $? "scratch copy of e2e.sh, build-image.sh and the profile table"
# two rows at the end of rn_profiles[]: a Debian one built like debian12
# and one whose image the user gives, like fedora42
awk '
/^static const struct rn_profile rn_profiles\[\] = \{/ { in_table = 1 }
in_table && /^\};/ {
	print "\t{ .name = \"debian99\", .summary = \"stand-in\","
	print "\t  .boot = RN_BOOT_KERNEL, .base_format = \"raw\","
	print "\t  .cmdline_selinux = true, .image = RN_IMAGE_BUILD },"
	print "\t{ .name = \"fedora99\", .summary = \"stand-in\","
	print "\t  .boot = RN_BOOT_FIRMWARE, .base_format = \"qcow2\","
	print "\t  .needs_internet = true, .image = RN_IMAGE_FEDORA },"
	in_table = 0
}
{ print }' "$TOP/vm/lib/profile.c" > "$C/vm/lib/profile.c"
[ "$(grep -c '"[a-z]*99"' "$C/vm/lib/profile.c")" = 2 ]
ok $? "two rows added to the copy's rn_profiles[]"

names=$(make -s --no-print-directory -C "$TOP/vm" profiles | cut -f1 |
	paste -sd, - | sed 's/,/, /g')
# first run: the copy's lister is compiled here, inside the 5 s
run "$C" 2 "valid profiles are $names, debian99, fedora99" scripts/e2e.sh --profile nosuch
run "$C" 0 "options ok: profile debian99" scripts/e2e.sh --check-only --profile debian99
run "$TOP" 2 "unknown profile (VM=) 'debian99'" scripts/e2e.sh --check-only --profile debian99
run "$C" 2 "fedora99 needs FEDORA_IMAGE" scripts/e2e.sh --check-only --profile fedora99
touch "$TMP/f.qcow2"
run "$C" 0 "options ok: profile fedora99" scripts/e2e.sh --check-only --profile fedora99 --image "$TMP/f.qcow2"
run "$C" 2 "is for fedora42, fedora99 only" scripts/e2e.sh --check-only --profile debian99 --image "$TMP/f.qcow2"
# build-image.sh: a build-image row passes its check (and stops at the
# missing config, exit 3, before any build); other rows are refused
run "$C" 3 "missing profile config .*/debian99.conf" vm/images/build-image.sh debian99
run "$C" 2 "usage: .* debian12|debian13|debian99\$" vm/images/build-image.sh fedora99
run "$TOP" 2 "usage: .* debian12|debian13\$" vm/images/build-image.sh debian99
run "$TOP" 2 "usage:" vm/images/build-image.sh "debian12|debian13"

# A table that does not compile is an ERROR naming the table, not a
# usage message with no profiles.
cp "$C/vm/lib/profile.c" "$TMP/profile.c.good"
echo "this is not C" >> "$C/vm/lib/profile.c"
run "$C" 3 "cannot read the profile table" scripts/e2e.sh --check-only
run "$C" 3 "cannot read the profile table" vm/images/build-image.sh debian12
cp "$TMP/profile.c.good" "$C/vm/lib/profile.c"

# No C compiler on a new machine: the packages come first (a stand-in
# install-deps.sh that fails here), then nothing else runs.
printf '#!/bin/sh\necho stand-in install-deps ran > "%s"\nexit 1\n' \
	"$TMP/deps-ran" > "$C/scripts/install-deps.sh"
chmod +x "$C/scripts/install-deps.sh"
CC=rnx-no-such-cc run "$C" 3 "installing the host packages first" scripts/e2e.sh --check-only
[ -f "$TMP/deps-ran" ]
ok $? "without a C compiler e2e.sh ran install-deps.sh before reading the table"

echo "1..$n"
[ "$fails" -eq 0 ]
