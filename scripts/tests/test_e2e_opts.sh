#!/bin/sh
# test_e2e_opts.sh - scripts/e2e.sh refuses a wrong option with exit 2 and a
# message naming the valid values, before anything slow starts (no stage
# runs: no out/<profile>/times.txt is written), in well under 5 s; good
# options pass --check-only.  TAP on stdout.
set -u

E2E=$(cd "$(dirname "$0")/.." && pwd)/e2e.sh
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
n=0
fails=0
. "$(dirname "$0")/taplib.sh"


# refused: expected message fragment, options...
refused() {
	want=$1
	shift
	s=$(date +%s)
	sh "$E2E" "$@" > "$TMP/out" 2>&1
	rc=$?
	t=$(( $(date +%s) - s ))
	[ "$rc" = 2 ] && grep -q -- "$want" "$TMP/out" && [ "$t" -lt 5 ] &&
		! grep -q '^== ' "$TMP/out"
	ok $? "refused in ${t}s with exit $rc: $* ($want)"
}

# the valid profiles are the table's (vm/lib/profile.c), in its order
TOP=$(dirname "$E2E")/..
names=$(make -s --no-print-directory -C "$TOP/vm" profiles | cut -f1 |
	paste -sd, - | sed 's/,/, /g')
case $names in
*debian12*) ;;
*) echo "Bail out! no profile table from make -C vm profiles: '$names'"; exit 1 ;;
esac
refused "valid profiles are $names" --profile nosuch
refused "from 1 to 86400, got '0'" --duration 0
refused "valid values are permissive, enforcing" --pass both
refused "--pass needs a value" --pass
refused "from 1 to 86400, got '86401'" --duration 86401
refused "from 1 to 86400, got '5m'" --duration 5m
refused "from 1 to 86400, got '007'" --duration 007
refused "PERMISSIVE_DURATION must be whole seconds from 1 to 86400, got '0'" \
	--permissive-duration 0
refused "--permissive-duration needs a value" --permissive-duration
refused "valid values are auto, kvm, tcg" --accel xen
refused "fedora42 needs FEDORA_IMAGE" --profile fedora42
refused "no such readable file" --profile fedora42 --image "$TMP/nope.qcow2"
refused "for fedora42 only" --profile debian12 --image "$TMP/x.qcow2"
refused "unknown option '--bogus'" --bogus
refused "--duration needs a value" --duration
touch "$TMP/file"
refused "cannot be made or is not writable" --report "$TMP/file/dir/R.md"

# debian13-fedora-policy: FEDORA_POLICY_SRC (variable or option) must be a
# Fedora selinux-policy tree; checked before anything slow.
mkdir -p "$TMP/notfedora"
unset FEDORA_POLICY_SRC CONTAINER_SELINUX_SRC
refused "FEDORA_POLICY_SRC is not set" --profile debian13-fedora-policy
refused "FEDORA_POLICY_SRC '$TMP/notfedora' is not a Fedora selinux-policy tree" \
	--profile debian13-fedora-policy --fedora-policy-src "$TMP/notfedora"
FEDORA_POLICY_SRC=$TMP/nowhere refused "FEDORA_POLICY_SRC '$TMP/nowhere' is not a directory" \
	--profile debian13-fedora-policy
refused "for debian13-fedora-policy only" --profile debian12 --fedora-policy-src "$TMP/notfedora"
# through make: a command-line variable reaches e2e.sh's environment
s=$(date +%s)
make -s -C "$TOP" e2e VM=debian13-fedora-policy > "$TMP/out" 2>&1
rc=$?
[ "$rc" != 0 ] && grep -q "e2e: FEDORA_POLICY_SRC is not set" "$TMP/out" &&
	[ $(( $(date +%s) - s )) -lt 5 ] && ! grep -q '^== ' "$TMP/out"
ok $? "make e2e VM=debian13-fedora-policy without FEDORA_POLICY_SRC is refused at once"
make -s -C "$TOP" e2e VM=debian13-fedora-policy FEDORA_POLICY_SRC="$TMP/notfedora" > "$TMP/out" 2>&1
[ $? != 0 ] && grep -q "FEDORA_POLICY_SRC '$TMP/notfedora' is not a Fedora" "$TMP/out" &&
	! grep -q '^== ' "$TMP/out"
ok $? "make e2e ... FEDORA_POLICY_SRC=<not Fedora> is refused (the variable reaches e2e.sh)"
# a Fedora-shaped stand-in (the files fedora-policy.sh --check looks for)
F=$TMP/fedora
for f in Makefile Rules.modular support/Makefile.devel dist/targeted/modules.conf \
	dist/targeted/booleans.conf dist/targeted/users config/file_contexts.subs_dist \
	policy/modules/kernel/kernel.te policy/modules/kernel/unlabelednet.te \
	policy/modules/contrib/apache.te policy/modules/contrib/container.te; do
	mkdir -p "$(dirname "$F/$f")" && touch "$F/$f"
done
FEDORA_POLICY_SRC=$F sh "$E2E" --check-only --profile debian13-fedora-policy > "$TMP/out" 2>&1
ok $? "debian13-fedora-policy with FEDORA_POLICY_SRC a Fedora-shaped tree passes --check-only"

sh "$E2E" --check-only --profile debian13 --duration 300 --accel tcg > "$TMP/out" 2>&1
ok $? "good options pass --check-only"
sh "$E2E" --check-only --duration 300 --permissive-duration 60 > "$TMP/out" 2>&1
ok $? "--permissive-duration 60 passes --check-only"
sh "$E2E" --check-only --pass permissive > "$TMP/out" 2>&1
ok $? "--pass permissive passes --check-only"
# the permissive capture.session's default length (issue 17)
sh "$E2E" --check-only > "$TMP/out" 2>&1 &&
	grep -q "duration 300, permissive duration 60," "$TMP/out"
ok $? "both passes, DURATION 300: the permissive capture.session defaults to 60 s"
sh "$E2E" --check-only --duration 45 > "$TMP/out" 2>&1 &&
	grep -q "duration 45, permissive duration 45," "$TMP/out"
ok $? "DURATION at most 60: the permissive pass keeps DURATION"
sh "$E2E" --check-only --pass permissive > "$TMP/out" 2>&1 &&
	grep -q "duration 300, permissive duration 300," "$TMP/out"
ok $? "--pass permissive (make drift) keeps DURATION for its session"
sh "$E2E" --check-only --permissive-duration 120 > "$TMP/out" 2>&1 &&
	grep -q "duration 300, permissive duration 120," "$TMP/out"
ok $? "--permissive-duration overrides the default"
touch "$TMP/f.qcow2"
sh "$E2E" --check-only --profile fedora42 --image "$TMP/f.qcow2" > "$TMP/out" 2>&1
ok $? "fedora42 with a readable image passes --check-only"

sh "$E2E" --check-only --report "$TMP/new/dir/R.md" > "$TMP/out" 2>&1 &&
	[ -d "$TMP/new/dir" ]
ok $? "a report directory that does not exist yet is made (out/ in a fresh clone)"

echo "1..$n"
[ "$fails" -eq 0 ]
