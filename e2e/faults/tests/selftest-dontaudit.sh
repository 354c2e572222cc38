#!/bin/sh
# selftest-dontaudit.sh - host test of fault-selftest.sh's dontaudit
# handling, with a fake bundle (run-e2e, rnx-result) and fake semodule,
# auditctl and systemctl first in PATH; only the control case runs (no
# fault touches the host).  Checks: each case's run gets
# --keep-dontaudit-off, the script runs semodule -B once after the cases,
# and a failed restore makes it exit 3 with a "not ok" TAP line; the
# window is taken from the runner's state file, never its progress line.
#   sh faults/tests/selftest-dontaudit.sh   (from e2e/, as root or not)
set -u

HERE=$(cd "$(dirname "$0")/.." && pwd)
TMP=$(mktemp -d) || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$TMP"' EXIT
B=$TMP/bundle
mkdir -p "$B/faults" "$B/bin" "$TMP/path"
cp "$HERE/fault-selftest.sh" "$B/faults/"
# the runner: prints its progress line, opens the window in its state
# file (<out>/window, replaced with a rename like core_winstate.c does),
# holds it, closes it, writes the TAP line.  FAKE_NO_WINDOW=1: the progress
# line only, no state file (the script must not act on the line).
cat > "$B/run-e2e" <<'S'
#!/bin/sh
echo "$*" >> "$FAKE_LOG.args"
echo 'rnx-e2e: enforcing/capture.session ...' >&2
state() {
	[ -n "${FAKE_NO_WINDOW:-}" ] && return 0
	echo "$1 enforcing/capture.session $(date +%s)" > "$RNX_OUT/window.tmp"
	mv "$RNX_OUT/window.tmp" "$RNX_OUT/window"
}
state open
sleep 3	# the "window": the script sees it open (2 s polls) and acts
state closed
# FAKE_LINGER: the runner stays up after its window closed
[ -n "${FAKE_LINGER:-}" ] && sleep "$FAKE_LINGER"
echo 'ok 12 - enforcing/capture.session' > "$RNX_OUT/tap.txt"
echo "run-e2e" >> "$FAKE_LOG"
exit 0
S
printf '#!/bin/sh\nexit 0\n' > "$B/bin/rnx-result"
cat > "$TMP/path/semodule" <<'S'
#!/bin/sh
echo "semodule $*" >> "$FAKE_LOG"
exit "${FAKE_SEMODULE_RC:-0}"
S
# auditd "runs" as pid 1 for restore_auditd; nothing else is asked
printf '#!/bin/sh\necho "pid 1"\n' > "$TMP/path/auditctl"
printf '#!/bin/sh\nexit 0\n' > "$TMP/path/systemctl"
# fault-selftest.sh wants root: a fake id for a non-root host
printf '#!/bin/sh\n[ "$1" = -u ] && { echo 0; exit 0; }\nexec /usr/bin/id "$@"\n' \
	> "$TMP/path/id"
chmod +x "$B/run-e2e" "$B/bin/rnx-result" "$TMP/path/"*

# check DESCRIPTION COMMAND... (the scripts/ test drivers' TAP helper)
. "$HERE/../../scripts/tests/taplib.sh"
n=0
fails=0

# the "loaded policy" after semodule -B, and the runner's record of the
# policies semodule -DB loaded (another policy, or this one: see run 2)
echo "policy with dontaudit" > "$TMP/policy"
echo "0000000000000000000000000000000000000000000000000000000000000000 semodule -DB at x" > "$TMP/da-off"

run() { # semodule exit status
	: > "$TMP/log"
	rm -f "$TMP/log.args"
	RNX_LOADED_POLICY=$TMP/policy RNX_DA_OFF_SEEN=$TMP/da-off \
	PATH=$TMP/path:$PATH FAKE_LOG=$TMP/log FAKE_SEMODULE_RC=$1 \
		RNX_FAULT_DELAY=${FAKE_DELAY:-0} sh "$B/faults/fault-selftest.sh" \
		--out "$TMP/out" --only control,control > "$TMP/stdout" 2>&1
}

run 0
rc=$?
check "both cases pass: exit 0" test "$rc" -eq 0
check "every run keeps dontaudit off" \
	sh -c "[ \$(grep -c -- '--reuse-setup --keep-dontaudit-off' '$TMP/log.args') -eq 2 ]"
check "semodule -B once, after the last run" \
	sh -c "[ \"\$(cat '$TMP/log')\" = \"\$(printf 'run-e2e\nrun-e2e\nsemodule -B')\" ]"
check "TAP plan 1..2" grep -qx '1\.\.2' "$TMP/out/tap.txt"
check "the restore check says how many -DB policies it compared with" \
	grep -q '^compared with 1 policy(ies) semodule -DB loaded' \
	"$TMP/out/dontaudit-restore.log"

# no record of any semodule -DB policy: the check cannot compare, fails
mv "$TMP/da-off" "$TMP/da-off.saved"
run 0
rc=$?
mv "$TMP/da-off.saved" "$TMP/da-off"
check "no -DB policy recorded: exit 3" test "$rc" -eq 3
check "no -DB policy recorded: said in the log" \
	grep -q 'no dontaudit-off policy recorded' "$TMP/out/dontaudit-restore.log"

run 1
rc=$?
check "a failed semodule -B: exit 3" test "$rc" -eq 3
check "a failed semodule -B: a not ok line" \
	grep -q '^not ok 3 - restore dontaudit (semodule -B) # ERROR' "$TMP/out/tap.txt"

# semodule -B "succeeds" but the loaded policy still is a dontaudit-off one
echo "$(sha256sum "$TMP/policy" | cut -d' ' -f1) semodule -DB at y" >> "$TMP/da-off"
run 0
rc=$?
check "policy still dontaudit-off after semodule -B: exit 3" test "$rc" -eq 3
check "policy still dontaudit-off: a not ok line" \
	grep -q '^not ok 3 - restore dontaudit (semodule -B) # ERROR' "$TMP/out/tap.txt"
check "policy still dontaudit-off: said in the log" \
	grep -q 'dontaudit not restored' "$TMP/out/dontaudit-restore.log"
# the runner's progress line alone, without its window state file: the
# script never sees the window open, injects nothing, and says so (the
# script that grepped the line acted on it and passed)
echo "policy with dontaudit, again" > "$TMP/policy"
FAKE_NO_WINDOW=1 run 0
rc=$?
check "progress line without window state: exit 3" test "$rc" -eq 3
check "progress line without window state: fault not injected" \
	grep -q '^not ok 1 - control: enforcing/capture.session # ERROR: fault not injected' \
	"$TMP/out/tap.txt"
check "progress line without window state: the window never opened" \
	grep -q 'the capture.session window never opened' "$TMP/out/control/inject.log"
check "progress line without window state: no fault step ran" \
	sh -c "! grep -q 'control: no fault' '$TMP/out/control/inject.log'"
# the window closes (the runner still up) before the fault is in place:
# seen open at 0 or 2 s, the fault due 4 s later, closed at 3 s
FAKE_LINGER=6 FAKE_DELAY=4 run 0
rc=$?
check "window closed before the fault: exit 3" test "$rc" -eq 3
check "window closed before the fault: said in inject.log" \
	grep -q 'window had closed before the fault was in place' \
	"$TMP/out/control/inject.log"
echo "1..$n"
[ "$fails" -eq 0 ]
