#!/bin/sh
# Run every guest-less test suite (policy, common, vm, e2e, rpm, scripts), keep going
# after a failure, and print a tally: TAP lines are counted one by one; a
# suite that prints no TAP counts as one test. Exits non-zero if anything
# failed.
#
#   scripts/run-checks.sh --tally LOG RC   print "PASSED FAILED SKIPPED GAPS" for one
#       step's log and exit code by the same rule (.ci/run counts its smoke,
#       e2e and verify steps with it)
set -u

# The rule: every "ok "/"not ok " line counts; an "ok" with a SKIP
# directive is skipped and one with the suite's GAP directive a known gap
# (the e2e runner's "ok N - id # GAP: ..."), neither counted as passed; a
# step that printed none counts as one test (passed when it exited 0); a
# step that failed outside its TAP lines (build error, crash) adds one
# failure.
tally() { # log file, exit code; sets p, f, s (skipped) and g (gaps)
	s=$(grep -ciE '^ok .*#[[:space:]]*skip' "$1")
	g=$(grep -cE '^ok .*#[[:space:]]*GAP(:|[[:space:]]|$)' "$1")
	p=$(( $(grep -c '^ok ' "$1") - s - g ))
	f=$(grep -c '^not ok ' "$1")
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ] && [ "$s" -eq 0 ] &&
	   [ "$g" -eq 0 ]; then
		if [ "$2" -eq 0 ]; then p=1; else f=1; fi
	elif [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1
	fi
}

if [ "${1:-}" = --tally ]; then
	if [ $# -ne 3 ] || [ ! -f "$2" ]; then
		echo "usage: $0 --tally LOG RC (LOG must exist)" >&2
		exit 2
	fi
	tally "$2" "$3"
	echo "$p $f $s $g"
	exit 0
fi

LOGDIR=${CHECK_LOGDIR:-build/check}
mkdir -p "$LOGDIR"
pass=0
fail=0
skip=0
gap=0
failed_suites=""

for suite in policy common vm e2e rpm scripts; do
	log=$LOGDIR/$suite.log
	start=$(date +%s)
	if [ ! -f "$suite/Makefile" ]; then
		echo "not ok - $suite: no $suite/Makefile" | tee "$log"
		fail=$((fail + 1))
		failed_suites="$failed_suites $suite"
		continue
	fi
	echo "=== make -C $suite check"
	make -C "$suite" check >"$log" 2>&1
	rc=$?
	cat "$log"
	tally "$log" "$rc"
	pass=$((pass + p))
	fail=$((fail + f))
	skip=$((skip + s))
	gap=$((gap + g))
	[ "$rc" -ne 0 ] && failed_suites="$failed_suites $suite"
	echo "=== $suite: rc=$rc passed=$p failed=$f skipped=$s ($(( $(date +%s) - start ))s)"
done

[ -n "$failed_suites" ] && echo "failed suites:$failed_suites"
echo "$skip skipped, $gap known gaps (neither counted as passed)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
