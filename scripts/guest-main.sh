#!/bin/sh
# Entry point run in the guest as root (installed as /opt/rnx/main by
# scripts/make-bundle.sh):
#   1. the RPM install/upgrade/flip/erase scenario (rpm/tests), on a store
#      that has no rustnet module yet, TAP to $OUT/rpm/tap.txt;
#   2. the scenario runner (/opt/rnx/run-e2e), which loads the module itself;
#   3. the audit fault self-test (e2e/faults/fault-selftest.sh): auditd
#      stopped and the backlog flooded during a capture window must make
#      that scenario ERROR; TAP to $OUT/faults/tap.txt.
# Usage: main [--no-rpm] [--no-faults] [run-e2e options...]
# Exit (docs/design.md): 3 if any part ended in ERROR, else 1 if one
# FAILed, else run-e2e's status.
set -u

BUNDLE=$(cd "$(dirname "$0")" && pwd)
OUT=${RNX_OUT:-/var/lib/rnx/out}
RPM=1
FAULTS=1
while [ $# -gt 0 ]; do
	case $1 in
	--no-rpm) RPM=0; shift ;;
	--no-faults) FAULTS=0; shift ;;
	*) break ;;
	esac
done
mkdir -p "$OUT/rpm"

rpm_rc=0
if [ "$RPM" = 1 ]; then
	s=$(date +%s)
	echo "# rpm scenario: install/upgrade/flip/erase of rustnet-selinux"
	sh "$BUNDLE/rpm-tests/guest-rpm-scenario.sh" -o "$OUT/rpm" \
		"$BUNDLE/rpms" > "$OUT/rpm/tap.txt" 2>&1
	rpm_rc=$?
	echo "$rpm_rc $(( $(date +%s) - s ))" > "$OUT/rpm/rc"
	sed 's/^/# rpm: /' "$OUT/rpm/tap.txt"
	echo "# rpm scenario exit $rpm_rc"
fi

# where the time went in the guest, one "part seconds rc" line each
: > "$OUT/guest-times.txt"
[ "$RPM" = 1 ] && echo "rpm-scenario $(awk '{print $2 "s rc=" $1}' "$OUT/rpm/rc")" \
	>> "$OUT/guest-times.txt"

s=$(date +%s)
"$BUNDLE/run-e2e" "$@"
e2e_rc=$?
echo "runner $(( $(date +%s) - s ))s rc=$e2e_rc" >> "$OUT/guest-times.txt"

faults_rc=0
if [ "$FAULTS" = 1 ]; then
	s=$(date +%s)
	mkdir -p "$OUT/faults"
	echo "# fault self-test: auditd stopped / backlog flooded in a window"
	sh "$BUNDLE/faults/fault-selftest.sh" --out "$OUT/faults" \
		> /dev/null 2> "$OUT/faults.stderr"
	faults_rc=$?
	echo "$faults_rc $(( $(date +%s) - s ))" > "$OUT/faults/rc"
	echo "fault-selftest $(( $(date +%s) - s ))s rc=$faults_rc" \
		>> "$OUT/guest-times.txt"
	sed 's/^/# faults: /' "$OUT/faults/tap.txt" 2>/dev/null
	echo "# fault self-test exit $faults_rc"
fi

for v in rpm_rc faults_rc; do
	eval "x=\$$v"
	if [ "$x" -ne 0 ] && [ "$x" -ne 1 ]; then
		eval "$v=3"
	fi
done
if [ "$e2e_rc" -eq 3 ] || [ "$rpm_rc" -eq 3 ] || [ "$faults_rc" -eq 3 ]; then
	exit 3
fi
if [ "$e2e_rc" -eq 1 ] || [ "$rpm_rc" -eq 1 ] || [ "$faults_rc" -eq 1 ]; then
	exit 1
fi
exit "$e2e_rc"
