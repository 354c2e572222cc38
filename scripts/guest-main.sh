#!/bin/sh
# Entry point run in the guest as root (installed as /opt/rnx/main by
# scripts/make-bundle.sh):
#   1. the RPM install/upgrade/flip/erase scenario (rpm/tests), on a store
#      that has no rustnet module yet: rows in $OUT/rpm/results.json;
#   2. the scenario runner (/opt/rnx/run-e2e), which loads the module itself:
#      rows in $OUT/results.json;
#   3. the audit fault self-test (e2e/faults/fault-selftest.sh): auditd
#      stopped and the backlog flooded during a capture window must make
#      that scenario ERROR: rows in $OUT/faults/results.json.
# It records itself in $OUT/main/results.json (docs/results-schema.md): the
# virtualisation the guest sees (systemd-detect-virt: qemu = TCG, kvm =
# KVM) and one part.* row per part, ERROR from the moment the part starts
# until it ends, then PASS/FAIL/ERROR/SKIP from its exit status (SKIP when
# an option left it out), so a part that never finished is never missing.
# Usage: main [--no-rpm] [--no-faults] [run-e2e options...]
# Exit: the precedence of docs/results-schema.md: 1 if any part FAILed,
# else 3 if one ended in ERROR, else run-e2e's status.
set -u

BUNDLE=$(cd "$(dirname "$0")" && pwd)
OUT=${RNX_OUT:-/var/lib/rnx/out}
RESULT=${RNX_RESULT:-$BUNDLE/bin/rnx-result}
RPM=1
FAULTS=1
while [ $# -gt 0 ]; do
	case $1 in
	--no-rpm) RPM=0; shift ;;
	--no-faults) FAULTS=0; shift ;;
	*) break ;;
	esac
done
mkdir -p "$OUT/rpm" "$OUT/main"
MAIN=$OUT/main/results.json
rm -f "$MAIN"
virt=$(${RNX_DETECT_VIRT:-systemd-detect-virt} 2>/dev/null) || :
cpu=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null)
rsum=$(sha256sum "$BUNDLE/rustnet" 2>/dev/null | cut -d' ' -f1)
"$RESULT" "$MAIN" init main "virt=${virt:-unknown}" "cpu=${cpu:-unknown}" \
	"rustnet_sha256=${rsum:-unknown}" "argv=$0 $*" ||
	echo "# main: cannot write $MAIN" >&2
# what the bundle says it holds (scripts/make-bundle.sh), for the report
cp "$BUNDLE/provenance.json" "$OUT/provenance.json" 2>/dev/null || :

# part ID VERDICT REASON [SECS]: the row of one part of the guest run
part() {
	"$RESULT" "$MAIN" row --id "part.$1" --verdict "$2" --reason "$3" \
		--section "guest run" --claim "$(part_claim "$1")" \
		${4:+--duration "$4"} || echo "# main: cannot write part.$1" >&2
}
part_claim() {
	case $1 in
	rpm) echo "The RPM scenario (rpm/tests/guest-rpm-scenario.sh) ran to its end; its rows are rpm.*." ;;
	runner) echo "The scenario runner (run-e2e) ran to its end; its rows are the scenarios of both passes." ;;
	faults) echo "The audit fault self-test (e2e/faults/fault-selftest.sh) ran to its end; its rows are fault.*." ;;
	esac
}
# ended ID RC SECS [SKIP-RC [TAP]]: the part's row from its exit status
ended() {
	case $2 in
	0) part "$1" PASS "exit 0" "$3" ;;
	1) part "$1" FAIL "exit 1: a check failed (see its rows)" "$3" ;;
	"${4:-none}") part "$1" SKIP "exit $2: nothing but SKIP" "$3" ;;
	*)
		why=$(grep -m1 'Bail out!' "${5:-/dev/null}" 2>/dev/null)
		part "$1" ERROR "exit $2${why:+: $why}" "$3" ;;
	esac
}
started() {
	part "$1" ERROR "started and did not finish (guest run interrupted)"
}

rpm_rc=0
if [ "$RPM" = 1 ]; then
	s=$(date +%s)
	started rpm
	echo "# rpm scenario: install/upgrade/flip/erase of rustnet-selinux"
	RNX_RESULT=$RESULT sh "$BUNDLE/rpm-tests/guest-rpm-scenario.sh" \
		-o "$OUT/rpm" "$BUNDLE/rpms" > "$OUT/rpm/tap.txt" 2>&1
	rpm_rc=$?
	ended rpm "$rpm_rc" $(( $(date +%s) - s )) none "$OUT/rpm/tap.txt"
	echo "$rpm_rc $(( $(date +%s) - s ))" > "$OUT/rpm/rc"
	sed 's/^/# rpm: /' "$OUT/rpm/tap.txt"
	echo "# rpm scenario exit $rpm_rc"
else
	part rpm SKIP "left out (--no-rpm)"
fi

# where the time went in the guest, one "part seconds rc" line each
: > "$OUT/guest-times.txt"
[ "$RPM" = 1 ] && echo "rpm-scenario $(awk '{print $2 "s rc=" $1}' "$OUT/rpm/rc")" \
	>> "$OUT/guest-times.txt"

s=$(date +%s)
started runner
# With the fault self-test next, the runner leaves dontaudit disabled: the
# self-test's runs take the policy semodule -DB loaded as it is, and the
# self-test restores it (semodule -B) at its end; two rebuilds less.
KEEP=
[ "$FAULTS" = 1 ] && KEEP=--keep-dontaudit-off
# shellcheck disable=SC2086
"$BUNDLE/run-e2e" $KEEP "$@"
e2e_rc=$?
ended runner "$e2e_rc" $(( $(date +%s) - s )) 4
echo "runner $(( $(date +%s) - s ))s rc=$e2e_rc" >> "$OUT/guest-times.txt"

faults_rc=0
if [ "$FAULTS" = 1 ]; then
	s=$(date +%s)
	started faults
	mkdir -p "$OUT/faults"
	echo "# fault self-test: auditd stopped / backlog flooded in a window"
	RNX_RESULT=$RESULT sh "$BUNDLE/faults/fault-selftest.sh" \
		--out "$OUT/faults" > /dev/null 2> "$OUT/faults.stderr"
	faults_rc=$?
	ended faults "$faults_rc" $(( $(date +%s) - s ))
	echo "$faults_rc $(( $(date +%s) - s ))" > "$OUT/faults/rc"
	echo "fault-selftest $(( $(date +%s) - s ))s rc=$faults_rc" \
		>> "$OUT/guest-times.txt"
	sed 's/^/# faults: /' "$OUT/faults/tap.txt" 2>/dev/null
	echo "# fault self-test exit $faults_rc"
else
	part faults SKIP "left out (--no-faults)"
fi

for v in rpm_rc faults_rc; do
	eval "x=\$$v"
	if [ "$x" -ne 0 ] && [ "$x" -ne 1 ]; then
		eval "$v=3"
	fi
done
# FAIL > ERROR > the runner's status (docs/results-schema.md)
if [ "$e2e_rc" -eq 1 ] || [ "$rpm_rc" -eq 1 ] || [ "$faults_rc" -eq 1 ]; then
	exit 1
fi
if [ "$e2e_rc" -eq 3 ] || [ "$rpm_rc" -eq 3 ] || [ "$faults_rc" -eq 3 ]; then
	exit 3
fi
exit "$e2e_rc"
