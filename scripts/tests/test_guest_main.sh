#!/bin/sh
# test_guest_main.sh - scripts/guest-main.sh (the guest's entry point) on a
# stand-in bundle whose rpm scenario, runner and fault self-test are stubs
# exiting with chosen codes: the parts run in order, the options skip them,
# the exit status combines them (1 FAIL > 3 ERROR > runner's, the precedence
# of docs/results-schema.md), main/results.json holds a part.* row per part
# (SKIP when left out, ERROR while running), and guest-times.txt names each
# part that ran.  TAP on stdout.
set -u

MAIN=$(cd "$(dirname "$0")/.." && pwd)/guest-main.sh
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
n=0
fails=0

# check DESCRIPTION COMMAND...
. "$(dirname "$0")/taplib.sh"

# bundle with stubs: RPM_RC, E2E_RC, FAULTS_RC pick their exit codes; each
# appends its name to $TMP/order
mkbundle() {
	B=$TMP/bundle
	rm -rf "$B"
	mkdir -p "$B/rpm-tests" "$B/faults" "$B/bin"
	cp "$MAIN" "$B/main"
	cp "$(dirname "$MAIN")/rnx-result.py" "$B/bin/rnx-result"
	chmod +x "$B/bin/rnx-result"
	echo '{"schema": 1}' > "$B/provenance.json"
	echo fake-rustnet > "$B/rustnet"
	cat > "$B/rpm-tests/guest-rpm-scenario.sh" <<'S'
echo rpm >> "$ORDER"; echo "ok 1 - stub"; exit "${RPM_RC:-0}"
S
	cat > "$B/run-e2e" <<'S'
#!/bin/sh
echo "runner $*" >> "$ORDER"
# while the runner runs, its part row says ERROR (not finished yet)
python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print([s["verdict"] for s in r["scenarios"] if s["id"] == "part.runner"])' \
	"$RNX_OUT/main/results.json" > "$RNX_OUT/runner-saw"
exit "${E2E_RC:-0}"
S
	chmod +x "$B/run-e2e"
	cat > "$B/faults/fault-selftest.sh" <<'S'
echo faults >> "$ORDER"
mkdir -p "$2"; echo "ok 1 - stub" > "$2/tap.txt"; exit "${FAULTS_RC:-0}"
S
}

# run RPM E2E FAULTS [main options...]; sets rc
run() {
	out=$TMP/out
	rm -rf "$out"
	: > "$TMP/order"
	r=$1 e=$2 f=$3
	shift 3
	rc=0
	ORDER=$TMP/order RNX_OUT=$out RPM_RC=$r E2E_RC=$e FAULTS_RC=$f \
		RNX_DETECT_VIRT="echo qemu" \
		sh "$TMP/bundle/main" "$@" > "$TMP/stdout" 2>&1 || rc=$?
}

order_is() { [ "$(tr '\n' ' ' < "$TMP/order" | tr -s ' ')" = "$1" ]; }

# part_is ID VERDICT: main/results.json has row part.ID with VERDICT
part_is() {
	python3 - "$TMP/out/main/results.json" "$1" "$2" <<'P'
import json, sys
r = json.load(open(sys.argv[1]))
rows = [s for s in r["scenarios"] if s["id"] == "part." + sys.argv[2]]
sys.exit(0 if [s["verdict"] for s in rows] == [sys.argv[3]] else 1)
P
}
main_run_is() { # key value
	python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); sys.exit(r["run"].get(sys.argv[2]) != sys.argv[3])' \
		"$TMP/out/main/results.json" "$1" "$2"
}

mkbundle
run 0 0 0 --duration 60
check "all parts pass: exit 0" [ "$rc" -eq 0 ]
check "order rpm, runner (options passed, dontaudit kept off for the faults), faults" \
	order_is "rpm runner --keep-dontaudit-off --duration 60 faults "
check "guest-times.txt names the three parts" \
	sh -c "grep -q '^rpm-scenario [0-9]*s rc=0$' '$TMP/out/guest-times.txt' &&
	       grep -q '^runner [0-9]*s rc=0$' '$TMP/out/guest-times.txt' &&
	       grep -q '^fault-selftest [0-9]*s rc=0$' '$TMP/out/guest-times.txt'"
check "fault TAP echoed as comments" grep -q '^# faults: ok 1 - stub' "$TMP/stdout"
check "part.rpm PASS" part_is rpm PASS
check "part.runner PASS" part_is runner PASS
check "part.faults PASS" part_is faults PASS
check "the runner's part row said ERROR while it ran" \
	grep -qx "\['ERROR'\]" "$TMP/out/runner-saw"
check "main/results.json names the virtualisation the guest saw" \
	main_run_is virt qemu
check "provenance.json copied back with the results" \
	test -f "$TMP/out/provenance.json"

run 0 0 0 --no-rpm --no-faults --only help
check "--no-rpm --no-faults: only the runner, with the rest of the options" \
	order_is "runner --only help "
check "--no-rpm --no-faults: guest-times.txt has the runner only" \
	sh -c "! grep -q 'rpm-scenario\|fault-selftest' '$TMP/out/guest-times.txt' &&
	       grep -q '^runner ' '$TMP/out/guest-times.txt'"
check "--no-rpm: part.rpm is SKIP" part_is rpm SKIP
check "--no-faults: part.faults is SKIP" part_is faults SKIP

# rpm, runner and fault self-test exit codes -> the combined exit status
while read -r r e f want desc; do
	run "$r" "$e" "$f"
	check "$desc: exit $want" [ "$rc" -eq "$want" ]
done <<TABLE
0 1 0 1 runner FAIL
0 4 0 4 runner SKIP-only keeps its status
0 0 1 1 fault self-test FAIL
0 0 2 3 fault self-test usage error counts as ERROR
1 0 0 1 rpm FAIL
3 1 1 1 a FAIL beats an rpm ERROR
0 3 1 1 a fault FAIL beats a runner ERROR
3 0 0 3 rpm ERROR
TABLE
check "part.rpm ERROR after rpm exit 3" part_is rpm ERROR
check "part.runner PASS after runner exit 0" part_is runner PASS
run 0 4 0
check "part.runner SKIP after runner exit 4 (SKIP only)" part_is runner SKIP
run 0 3 0
check "the fault self-test still runs after a runner ERROR" \
	order_is "rpm runner --keep-dontaudit-off faults "

echo "1..$n"
[ "$fails" -eq 0 ]
