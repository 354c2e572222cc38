#!/bin/sh
# fault-selftest.sh - prove in the guest that the runner calls a scenario
# ERROR, never PASS, when the audit pipeline breaks while it runs.
# Run as root after run-e2e has loaded the module in this boot:
#   fault-selftest.sh [--out DIR] [--duration SECS] [--only CASES]
# Each case runs one enforcing capture session (run-e2e --reuse-setup
# --mode enforcing --only capture.session) and, once that scenario's audit
# window is open (the runner's state file DIR/<case>/window says "open
# enforcing/capture.session") and rustnet runs (10 s later), does this:
#   control        nothing; the scenario must PASS, so the ERRORs below come
#                  from the faults and not from the guest or the scenario
#   auditd-stop    SIGTERM to auditd; the scenario must be ERROR ("audit
#                  pipeline not live": the window's marker never reaches
#                  the log)
#   backlog-flood  backlog limit 4 with no wait, an audit rule on getppid
#                  and rnx-audit-flood for 5 s, so the kernel drops records;
#                  the scenario must be ERROR ("kernel lost audit records")
# Whatever a case changed is restored (auditd restarted, rule deleted,
# limits back) before the next one.  The cases' runs judge capture.session
# with dontaudit off like the full run does; they leave it off
# (--keep-dontaudit-off), a policy semodule -DB loaded earlier in this boot
# serves them all (rnx-e2e --reuse-setup takes it as it is: the full run's,
# which guest-main.sh has it keep, or the first case's), and this script
# restores it once at the end (semodule -B, also on a signal): one policy
# rebuild in all instead of two per case.  Results: one row per case
# (fault.control, fault.auditd_stop, fault.backlog_flood) in DIR/results.json
# (docs/results-schema.md, written with bin/rnx-result as each case ends),
# DIR/<case>/ (the inner run's results.json and tap.txt, inject.log,
# stderr.log), DIR/dontaudit-restore.log, TAP on stdout and in DIR/tap.txt.
# Exit: 0 every case got its expected verdict, 1 one did not, 3 a fault
# could not be injected or the guest could not be restored, 2 usage.
set -u

BUNDLE=$(cd "$(dirname "$0")/.." && pwd)
RESULT=${RNX_RESULT:-$BUNDLE/bin/rnx-result}
OUT=/var/lib/rnx/out/faults
DUR=40
CASES="control auditd-stop backlog-flood"
START_TIMEOUT=2400	# setup + pass.mode under TCG, with policy rebuilds
FLOOD_SECS=5
# seconds into the window before the fault (a host test shortens it)
DELAY=${RNX_FAULT_DELAY:-10}
FLOOD_RULE="-a always,exit -F arch=b64 -S getppid -F key=rnx-flood"

usage() {
	echo "usage: fault-selftest.sh [--out DIR] [--duration SECS (30..600)] [--only CASES]" >&2
	echo "cases: control auditd-stop backlog-flood (comma-separated)" >&2
	exit 2
}

while [ $# -gt 0 ]; do
	case $1 in
	--out) [ $# -ge 2 ] || usage; OUT=$2; shift 2 ;;
	--duration) [ $# -ge 2 ] || usage; DUR=$2; shift 2 ;;
	--only) [ $# -ge 2 ] || usage; CASES=$(echo "$2" | tr ',' ' '); shift 2 ;;
	*) usage ;;
	esac
done
case $DUR in
''|*[!0-9]*) usage ;;
esac
# the fault is injected 10 s into the session and must end before it does
[ "$DUR" -ge 30 ] && [ "$DUR" -le 600 ] || usage
for c in $CASES; do
	case $c in
	control|auditd-stop|backlog-flood) ;;
	*) echo "fault-selftest: unknown case '$c'" >&2; usage ;;
	esac
done
if [ "$(id -u)" -ne 0 ]; then
	echo "fault-selftest: ERROR: run as root" >&2
	exit 3
fi

mkdir -p "$OUT" || exit 3
: > "$OUT/tap.txt"
rm -f "$OUT/results.json"
"$RESULT" "$OUT/results.json" init faults "argv=$0 --out $OUT --duration $DUR" \
	|| exit 3
n=0
worst=0

tap() { # line
	echo "$1"
	echo "$1" >> "$OUT/tap.txt"
}

claim() { # case: what its row proves
	case $1 in
	control) echo "The same enforcing capture session with no fault PASSes in this boot, so the ERRORs of the fault cases come from the faults." ;;
	auditd-stop) echo "auditd killed (SIGTERM) while a capture session's audit window is open makes that scenario ERROR, never PASS." ;;
	backlog-flood) echo "The kernel's audit backlog flooded (limit 4, no wait, an audit rule on getppid and rnx-audit-flood for $FLOOD_SECS s) while a capture window is open makes that scenario ERROR, never PASS." ;;
	esac
}

# row CASE VERDICT REASON: the case's result row, with its logs as evidence
row() {
	d=$OUT/$1
	"$RESULT" "$OUT/results.json" row --id "fault.$(echo "$1" | tr - _)" \
		--mode enforcing --kind META \
		--section "audit pipeline fault self-test" --claim "$(claim "$1")" \
		--verdict "$2" --reason "$3" --start "$t_start" \
		--end "$(date -u +%Y-%m-%dT%H:%M:%SZ)" --duration "$secs" \
		--evidence "the fault and its restore (faults/$1/inject.log)" \
			"$rc" "$d/inject.log" \
		--evidence "$inner_cmd (TAP)" "$rc" "$d/tap.txt" ||
		worst=3
}

# the run before (guest-main.sh) or a case's run may have left dontaudit
# disabled (--keep-dontaudit-off): restored at the end in any case
DA_LEFT=1
restore_dontaudit() {
	[ "$DA_LEFT" = 1 ] || return 0
	DA_LEFT=0
	echo "$(date -u +%H:%M:%S) semodule -B (dontaudit was left disabled for the cases' runs)" \
		>> "$OUT/dontaudit-restore.log"
	semodule -B >> "$OUT/dontaudit-restore.log" 2>&1 || return 1
	# the loaded policy must no longer be one the runner recorded as
	# loaded by semodule -DB (core_mode.c, /run/rnx/dontaudit-off.txt)
	h=$(sha256sum "${RNX_LOADED_POLICY:-/sys/fs/selinux/policy}" |
		cut -d' ' -f1)
	echo "loaded policy sha256 $h after semodule -B" >> "$OUT/dontaudit-restore.log"
	da_off=${RNX_DA_OFF_SEEN:-/run/rnx/dontaudit-off.txt}
	# the cases' runs each recorded the policy their semodule -DB loaded:
	# with no record the comparison would pass on nothing
	# (da_n: the script's TAP counter is n)
	da_n=$(grep -c '^[0-9a-f]\{64\} ' "$da_off" 2>/dev/null) || da_n=0
	echo "compared with $da_n policy(ies) semodule -DB loaded ($da_off)" \
		>> "$OUT/dontaudit-restore.log"
	if [ "$da_n" -eq 0 ]; then
		echo "no dontaudit-off policy recorded: cannot tell whether dontaudit is back" \
			>> "$OUT/dontaudit-restore.log"
		return 1
	fi
	if [ -n "$h" ] && grep -q "^$h " "$da_off"; then
		echo "still a dontaudit-off policy: dontaudit not restored" \
			>> "$OUT/dontaudit-restore.log"
		return 1
	fi
	[ -n "$h" ]
}
trap 'restore_dontaudit; exit 3' INT TERM HUP

status_field() { # name: a field of `auditctl -s`
	auditctl -s 2>/dev/null | awk -v k="$1" '$1 == k { print $2; exit }'
}

log() { # case-dir, message
	echo "$(date -u +%H:%M:%S) $2" >> "$1/inject.log"
}

# The runner's window state (e2e/runner/core_winstate.c): <out>/window is
# one line "open|closed MODE/ID UNIXTIME", replaced atomically; no file
# before the first window.  Prints "open" or "closed" for the enforcing
# capture.session window, nothing for any other state.
window_state() { # case-dir
	[ -f "$1/window" ] || return 0
	read -r st row _t < "$1/window" 2>/dev/null || return 0
	[ "$row" = enforcing/capture.session ] || return 0
	case $st in
	open|closed) echo "$st" ;;
	esac
}

# Wait until the runner has opened the capture.session window (its state
# file says so; the progress lines on stderr are for people and never
# read here); 0 when it did, 1 when the runner ended or the wait timed out.
wait_window() { # case-dir, runner-pid
	t=0
	while [ "$t" -lt "$START_TIMEOUT" ]; do
		[ "$(window_state "$1")" = open ] && return 0
		kill -0 "$2" 2>/dev/null || return 1
		sleep 2
		t=$((t + 2))
	done
	return 1
}

auditd_running() {
	p=$(status_field pid)
	[ -n "$p" ] && [ "$p" != 0 ] && kill -0 "$p" 2>/dev/null
}

restore_auditd() { # case-dir
	auditd_running && return 0
	log "$1" "restore: systemctl start auditd"
	systemctl start auditd >> "$1/inject.log" 2>&1 ||
		service auditd start >> "$1/inject.log" 2>&1
	t=0
	while [ "$t" -lt 60 ]; do
		auditd_running && { log "$1" "auditd back, pid $(status_field pid)"; return 0; }
		sleep 1
		t=$((t + 1))
	done
	log "$1" "auditd did not come back within 60 s"
	return 1
}

# The fault of each case; 0 when it was injected as intended (and proven:
# auditd gone, or the lost counter moved), 1 when not.
inject_control() {
	log "$1" "control: no fault"
	return 0
}

inject_auditd_stop() {
	p=$(status_field pid)
	if [ -z "$p" ] || [ "$p" = 0 ]; then
		log "$1" "no auditd to stop (pid '$p')"
		return 1
	fi
	log "$1" "kill -TERM $p (auditd)"
	kill -TERM "$p" || return 1
	t=0
	while kill -0 "$p" 2>/dev/null && [ "$t" -lt 20 ]; do
		sleep 1
		t=$((t + 1))
	done
	after=$(status_field pid)
	log "$1" "auditctl -s pid after: ${after:-?}"
	! kill -0 "$p" 2>/dev/null && [ "${after:-0}" = 0 ]
}

inject_backlog_flood() {
	limit=$(status_field backlog_limit)
	wait=$(status_field backlog_wait_time)
	lost0=$(status_field lost)
	log "$1" "before: backlog_limit=$limit backlog_wait_time=$wait lost=$lost0"
	echo "$limit $wait" > "$1/saved-limits"
	log "$1" "auditctl $FLOOD_RULE; auditctl -b 4; auditctl --backlog_wait_time 0"
	# shellcheck disable=SC2086
	auditctl $FLOOD_RULE >> "$1/inject.log" 2>&1 || {
		log "$1" "auditctl $FLOOD_RULE failed"; return 1; }
	auditctl -b 4 >> "$1/inject.log" 2>&1 &&
		auditctl --backlog_wait_time 0 >> "$1/inject.log" 2>&1 || {
		log "$1" "setting backlog 4 / wait 0 failed"; return 1; }
	log "$1" "flooding: $BUNDLE/helpers/rnx-audit-flood $FLOOD_SECS"
	"$BUNDLE/helpers/rnx-audit-flood" "$FLOOD_SECS" >> "$1/inject.log" 2>&1
	restore_flood "$1" || return 1
	lost1=$(status_field lost)
	log "$1" "after: lost=$lost1"
	[ -n "$lost0" ] && [ -n "$lost1" ] && [ "$lost1" -gt "$lost0" ]
}

restore_flood() { # case-dir
	[ -f "$1/saved-limits" ] || return 0
	read -r limit wait < "$1/saved-limits"
	rc=0
	# shellcheck disable=SC2086
	auditctl $(echo "$FLOOD_RULE" | sed 's/^-a /-d /') \
		>> "$1/inject.log" 2>&1 || rc=1
	auditctl -b "$limit" >> "$1/inject.log" 2>&1 || rc=1
	auditctl --backlog_wait_time "$wait" >> "$1/inject.log" 2>&1 || rc=1
	rm -f "$1/saved-limits"
	log "$1" "restored: rule deleted, backlog_limit=$(status_field backlog_limit) backlog_wait_time=$(status_field backlog_wait_time) (rc $rc)"
	return $rc
}

run_case() { # case
	c=$1
	dir=$OUT/$c
	rm -rf "$dir"
	mkdir -p "$dir"
	: > "$dir/inject.log"
	s=$(date +%s)
	t_start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	inner_cmd="RNX_OUT=$dir $BUNDLE/run-e2e --reuse-setup --keep-dontaudit-off --mode enforcing --only capture.session --duration $DUR"
	log "$dir" "$inner_cmd; fault $DELAY s into the window"
	RNX_OUT=$dir "$BUNDLE/run-e2e" --reuse-setup --keep-dontaudit-off \
		--mode enforcing --only capture.session --duration "$DUR" \
		> "$dir/stdout.log" 2> "$dir/stderr.log" &
	runner=$!
	injected=1
	if wait_window "$dir" "$runner"; then
		sleep "$DELAY"
		case $c in
		control) inject_control "$dir" ;;
		auditd-stop) inject_auditd_stop "$dir" ;;
		backlog-flood) inject_backlog_flood "$dir" ;;
		esac
		injected=$?
		# the fault must land inside the window, not after the run
		if ! kill -0 "$runner" 2>/dev/null; then
			log "$dir" "the runner had ended before the fault was in place"
			injected=1
		elif [ "$(window_state "$dir")" != open ]; then
			log "$dir" "the capture.session window had closed before the fault was in place"
			injected=1
		fi
	else
		log "$dir" "the capture.session window never opened"
	fi
	wait "$runner"
	rc=$?
	restore_flood "$dir" || injected=1
	restore_auditd "$dir" || injected=1
	secs=$(($(date +%s) - s))
	line=$(grep -E '^(not )?ok [0-9]+ - enforcing/capture\.session( |$)' \
		"$dir/tap.txt" 2>/dev/null | head -n 1)
	log "$dir" "run-e2e exit $rc after ${secs}s: ${line:-no TAP line}"
	echo "$rc $secs" > "$dir/rc"

	n=$((n + 1))
	desc="$c: enforcing/capture.session"
	if [ "$injected" -ne 0 ]; then
		tap "not ok $n - $desc # ERROR: fault not injected or not restored (see $c/inject.log)"
		worst=3
		row "$c" ERROR "fault not injected or not restored (see inject.log)"
		return
	fi
	case $c in
	control)
		# PASS; with a rustnet whose reverse DNS the module denies on
		# purpose (1.7.0, e2e/runner/core_denied.c) the row is GAP for
		# that reason alone, which still proves no fault of the guest
		want='^ok [0-9]+ - enforcing/capture\.session( # GAP: [0-9]+ known-denied record\(s\) .*)?$'
		wantrc=0 ;;
	auditd-stop)
		want='# ERROR: .*(audit pipeline not live|auditd)'
		wantrc=3 ;;
	backlog-flood)
		want='# ERROR: audit pipeline not live: kernel lost audit records'
		wantrc=3 ;;
	esac
	if [ -n "$line" ] && echo "$line" | grep -qE "$want" &&
		[ "$rc" -eq "$wantrc" ]; then
		got=$(echo "$line" | sed -n 's/^\(not \)\{0,1\}ok [0-9]* - [^#]*# [A-Z]*: //p')
		if [ "$c" = control ] && [ -n "$got" ]; then
			why="GAP (known-denied records only) as expected (exit $rc): $got"
		elif [ "$c" = control ]; then
			why="PASS as expected (exit $rc)"
		else
			why="ERROR as expected (exit $rc): $got"
		fi
		tap "ok $n - $desc -> $why"
		row "$c" PASS "inner capture.session: $why"
	else
		why="want exit $wantrc and /$want/, got exit $rc and '${line:-no TAP line}'"
		tap "not ok $n - $desc # FAIL: $why"
		[ "$worst" -lt 1 ] && worst=1
		row "$c" FAIL "$why"
	fi
}

: > "$OUT/dontaudit-restore.log"
for c in $CASES; do
	run_case "$c"
done
if ! restore_dontaudit; then
	n=$((n + 1))
	tap "not ok $n - restore dontaudit (semodule -B) # ERROR: failed, see dontaudit-restore.log"
	worst=3
fi
tap "1..$n"
exit $worst
