#!/bin/sh
# test_tally.sh - scripts/run-checks.sh --tally, the one counting rule of
# make check and .ci/run: "ok" lines pass, "not ok" lines fail, an "ok"
# with a SKIP directive is skipped and one with the runner's GAP directive
# a known gap (neither counted as passed), a step with no TAP counts as one
# test by its exit code, and a failed step with only "ok" lines adds one
# failure.  TAP.
set -u

RC=$(cd "$(dirname "$0")/.." && pwd)/run-checks.sh
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
n=0
fails=0

. "$(dirname "$0")/taplib.sh"

# counts DESCRIPTION RC EXPECTED LOG-TEXT: --tally prints EXPECTED
counts() {
	printf '%b' "$4" > "$TMP/log"
	out=$(sh "$RC" --tally "$TMP/log" "$2")
	check "$1: '$out' = '$3'" test "$out" = "$3"
}

counts "plain TAP" 1 "2 1 0 0" 'ok 1 - a\nok 2 - b\nnot ok 3 - c\n'
counts "SKIP directives are not passes" 0 "1 0 2 0" 'ok 1 - a\nok 2 - b # SKIP no source\nok 3 - c # skip lower case\n'
counts "GAP directives are not passes" 0 "1 0 0 1" 'ok 1 - enforcing/x\nok 2 - enforcing/y # GAP: as documented\n'
counts "GAP only as a directive after #" 0 "1 0 0 0" 'ok 1 - a # GAP-free description\n'
counts "no TAP, exit 0" 0 "1 0 0 0" 'building...\n'
counts "no TAP, exit 2" 2 "0 1 0 0" 'building...\n'
counts "only ok lines but exit 1" 1 "1 1 0 0" 'ok 1 - a\n'
counts "only skips, exit 0" 0 "0 0 1 0" 'ok 1 - a # SKIP x\n'
sh "$RC" --tally "$TMP/nosuch" 0 >/dev/null 2>&1
check "a missing log is a usage error (exit 2)" test $? -eq 2

echo "1..$n"
[ "$fails" -eq 0 ]
