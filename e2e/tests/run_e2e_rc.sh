#!/bin/sh
# run_e2e_rc.sh - run-e2e passes rnx-e2e's exit status on unchanged (0 ok,
# 1 FAIL, 3 ERROR, 4 SKIP only) and keeps its TAP in tap.txt; a FAIL once
# came out as 3 because set -e ended the status handoff early.  Needs root
# (run-e2e refuses otherwise): skipped, and said so, when not root.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
fail=0
if [ "$(id -u)" -ne 0 ]; then
	echo "SKIP run_e2e_rc: not root"
	exit 0
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
mkdir -p "$TMP/b/bin"
cp "$here/run-e2e" "$TMP/b/run-e2e"
for want in 0 1 3 4; do
	printf '#!/bin/sh\necho "ok 1 - stub"\nexit %s\n' "$want" > "$TMP/b/bin/rnx-e2e"
	chmod +x "$TMP/b/bin/rnx-e2e"
	RNX_OUT=$TMP/out sh "$TMP/b/run-e2e" > "$TMP/stdout" 2>&1
	got=$?
	if [ "$got" != "$want" ]; then
		echo "FAIL run_e2e_rc: rnx-e2e exit $want, run-e2e exit $got"
		fail=1
	fi
	grep -q '^ok 1 - stub$' "$TMP/out/tap.txt" || {
		echo "FAIL run_e2e_rc: exit $want: tap.txt lacks the TAP"; fail=1; }
	[ ! -e "$TMP/out/.rc" ] || { echo "FAIL run_e2e_rc: .rc left"; fail=1; }
done
[ "$fail" = 0 ] && echo "ok run_e2e_rc: exit 0 1 3 4 passed on unchanged"
exit "$fail"
