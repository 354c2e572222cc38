#!/bin/sh
# Run every guest-less test suite (policy, vm, e2e, rpm, scripts), keep going
# after a failure, and print a tally: TAP lines are counted one by one; a
# suite that prints no TAP counts as one test. Exits non-zero if anything
# failed.
set -u

LOGDIR=${CHECK_LOGDIR:-build/check}
mkdir -p "$LOGDIR"
pass=0
fail=0
failed_suites=""

for suite in policy vm e2e rpm scripts; do
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
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	if [ "$p" -eq 0 ] && [ "$f" -eq 0 ]; then
		if [ "$rc" -eq 0 ]; then p=1; else f=1; fi
	elif [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		# the suite failed outside its TAP lines (build error, crash)
		f=1
	fi
	pass=$((pass + p))
	fail=$((fail + f))
	[ "$rc" -ne 0 ] && failed_suites="$failed_suites $suite"
	echo "=== $suite: rc=$rc passed=$p failed=$f ($(( $(date +%s) - start ))s)"
done

[ -n "$failed_suites" ] && echo "failed suites:$failed_suites"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
