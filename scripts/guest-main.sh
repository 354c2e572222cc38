#!/bin/sh
# Entry point run in the guest as root (installed as /opt/rnx/main by
# scripts/make-bundle.sh):
#   1. the RPM install/upgrade/flip/erase scenario (rpm/tests), on a store
#      that has no rustnet module yet, TAP to $OUT/rpm/tap.txt;
#   2. the scenario runner (/opt/rnx/run-e2e), which loads the module itself.
# Usage: main [--no-rpm] [run-e2e options...]
# Exit (docs/design.md): 3 if either part ended in ERROR, else 1 if either
# FAILed, else run-e2e's status.
set -u

BUNDLE=$(cd "$(dirname "$0")" && pwd)
OUT=${RNX_OUT:-/var/lib/rnx/out}
RPM=1
if [ "${1:-}" = --no-rpm ]; then
	RPM=0
	shift
fi
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

"$BUNDLE/run-e2e" "$@"
e2e_rc=$?

if [ "$rpm_rc" -ne 0 ] && [ "$rpm_rc" -ne 1 ]; then
	rpm_rc=3
fi
if [ "$e2e_rc" -eq 3 ] || [ "$rpm_rc" -eq 3 ]; then
	exit 3
fi
if [ "$e2e_rc" -eq 1 ] || [ "$rpm_rc" -eq 1 ]; then
	exit 1
fi
exit "$e2e_rc"
