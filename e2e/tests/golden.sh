#!/bin/sh
# golden.sh - run rnx-avc over the golden cases and diff against the
# expected output.  Usage: golden.sh [--valgrind] [--update] RNX_AVC
#
# A case is tests/golden/NAME.expected.  It runs `rnx-avc $(cat NAME.args)`
# when NAME.args exists, else `rnx-avc NAME.log`, inside tests/golden/,
# with standard input from the file named in NAME.stdin (else /dev/null)
# and the VAR=value words of NAME.env in its environment.
# The expected file holds stdout, then "--- stderr", stderr, then
# "--- exit N".  Every NAME.log must have a case of its own.
# --valgrind: run each case under valgrind's leak check as well.
# --update: rewrite the expected files from the actual output (review the
# diff before committing).
set -eu

valgrind=0
update=0
while [ $# -gt 1 ]; do
	case $1 in
	--valgrind) valgrind=1 ;;
	--update) update=1 ;;
	*) echo "golden.sh: unknown option $1" >&2; exit 2 ;;
	esac
	shift
done
if [ $# -ne 1 ]; then
	echo "usage: golden.sh [--valgrind] [--update] RNX_AVC" >&2
	exit 2
fi
case $1 in
/*) tool=$1 ;;
*) tool=$(pwd)/$1 ;;
esac
if [ ! -x "$tool" ]; then
	echo "golden.sh: $tool is not executable" >&2
	exit 3
fi
if [ "$valgrind" = 1 ] && ! command -v valgrind >/dev/null 2>&1; then
	echo "golden.sh: ERROR: valgrind not installed (scripts/install-deps.sh)" >&2
	exit 3
fi

dir=$(cd "$(dirname "$0")/golden" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

fail=0
n=0
for log in "$dir"/*.log; do
	[ -e "$log" ] || continue
	name=${log##*/}
	if [ ! -f "${log%.log}.expected" ]; then
		echo "FAIL $name: no ${name%.log}.expected"
		fail=$((fail + 1))
	fi
done

for exp in "$dir"/*.expected; do
	[ -e "$exp" ] || continue
	case_=$(basename "$exp" .expected)
	n=$((n + 1))
	if [ -f "$dir/$case_.args" ]; then
		args=$(cat "$dir/$case_.args")
	elif [ -f "$dir/$case_.log" ]; then
		args=$case_.log
	else
		echo "FAIL $case_: neither $case_.args nor $case_.log"
		fail=$((fail + 1))
		continue
	fi
	in=/dev/null
	[ -f "$dir/$case_.stdin" ] && in=$dir/$(cat "$dir/$case_.stdin")
	run=""
	[ -f "$dir/$case_.env" ] && run="env $(cat "$dir/$case_.env")"
	[ "$valgrind" = 1 ] && run="$run valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --error-exitcode=9 --log-file=$tmp/vg"
	rc=0
	# shellcheck disable=SC2086
	(cd "$dir" && $run "$tool" $args <"$in" >"$tmp/out" 2>"$tmp/err") ||
		rc=$?
	if [ "$valgrind" = 1 ] && { [ "$rc" = 9 ] || [ -s "$tmp/vg" ]; }; then
		echo "FAIL $case_: valgrind (exit $rc):"
		cat "$tmp/vg"
		fail=$((fail + 1))
		continue
	fi
	{
		cat "$tmp/out"
		echo "--- stderr"
		cat "$tmp/err"
		echo "--- exit $rc"
	} >"$tmp/actual"
	if [ "$update" = 1 ]; then
		cp "$tmp/actual" "$exp"
		echo "UPDATED $case_"
	elif diff -u "$exp" "$tmp/actual" >"$tmp/diff"; then
		echo "ok   $case_"
	else
		echo "FAIL $case_:"
		cat "$tmp/diff"
		fail=$((fail + 1))
	fi
done

if [ "$n" -eq 0 ]; then
	echo "golden.sh: ERROR: no cases in $dir" >&2
	exit 3
fi
what="golden"
[ "$valgrind" = 1 ] && what="golden (valgrind)"
if [ "$fail" -ne 0 ]; then
	echo "$what: $fail of $n case(s) FAILED"
	exit 1
fi
echo "$what: all $n case(s) passed"
