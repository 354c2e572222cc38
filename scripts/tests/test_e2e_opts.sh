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

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then echo "ok $n - $2"; else echo "not ok $n - $2"; fails=$((fails + 1)); fi
}

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

refused "valid profiles are debian12, debian13, fedora42" --profile nosuch
refused "from 1 to 86400, got '0'" --duration 0
refused "from 1 to 86400, got '86401'" --duration 86401
refused "from 1 to 86400, got '5m'" --duration 5m
refused "from 1 to 86400, got '007'" --duration 007
refused "valid values are auto, kvm, tcg" --accel xen
refused "fedora42 needs FEDORA_IMAGE" --profile fedora42
refused "no such readable file" --profile fedora42 --image "$TMP/nope.qcow2"
refused "for fedora42 only" --profile debian12 --image "$TMP/x.qcow2"
refused "unknown option '--bogus'" --bogus
refused "--duration needs a value" --duration
touch "$TMP/file"
refused "cannot be made or is not writable" --report "$TMP/file/dir/R.md"

sh "$E2E" --check-only --profile debian13 --duration 300 --accel tcg > "$TMP/out" 2>&1
ok $? "good options pass --check-only"
touch "$TMP/f.qcow2"
sh "$E2E" --check-only --profile fedora42 --image "$TMP/f.qcow2" > "$TMP/out" 2>&1
ok $? "fedora42 with a readable image passes --check-only"

sh "$E2E" --check-only --report "$TMP/new/dir/R.md" > "$TMP/out" 2>&1 &&
	[ -d "$TMP/new/dir" ]
ok $? "a report directory that does not exist yet is made (out/ in a fresh clone)"

echo "1..$n"
[ "$fails" -eq 0 ]
