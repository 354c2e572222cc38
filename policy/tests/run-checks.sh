#!/bin/sh
# Run every static check of policy/ against stores built by the Makefile.
# Usage: policy/tests/run-checks.sh BUILD_DIR
# Exit: 0 all passed (SKIPs allowed), 1 something failed, 2 usage.
set -eu

[ $# -eq 1 ] || {
	echo "usage: $0 BUILD_DIR" >&2
	exit 2
}
build=$1
here=$(dirname "$0")
py=${SETOOLS_PYTHON:-/usr/bin/python3}
bad=""

section() {
	echo "# --- $1"
}
fail() {
	bad="$bad
  $1"
}

section "assertions on rustnet.pp (must all pass)"
"$py" "$here/assert-policy.py" "$build/store-good/policy" \
	"$here/expected" || fail "assertions on rustnet.pp"

section "file contexts of rustnet.pp (must all pass)"
"$here/check-fc.sh" "$build/store-good" || fail "file contexts"

section "wrong fixture: every assertion must reject it"
"$py" "$here/assert-policy.py" --expect-reject \
	"$build/store-wrong/policy" "$here/expected" ||
	fail "wrong fixture not rejected by every assertion"

section "wrong fixture: file context check must reject it"
st=0
"$here/check-fc.sh" "$build/store-wrong" >"$build/fc-wrong.tap" || st=$?
sed 's/^/#   /' "$build/fc-wrong.tap"
if [ "$st" -eq 1 ]; then
	echo "ok 1 - check-fc rejects the wrong fixture"
else
	echo "not ok 1 - check-fc did not reject the wrong fixture (exit $st)"
	fail "check-fc accepted the wrong fixture"
fi

section "test-only modules link with rustnet.pp"
pol=$build/store-test/policy
n=0
tst() { # TEXT COMMAND...: ok when the sesearch output is non-empty
	n=$((n + 1))
	text=$1
	shift
	if [ -n "$("$@" 2>&1 | grep -v '^$')" ]; then
		echo "ok $n - $text"
	else
		echo "not ok $n - $text"
		fail "test modules: $text"
	fi
}
tst_empty() { # TEXT COMMAND...: ok when the output is empty
	n=$((n + 1))
	text=$1
	shift
	out=$("$@" 2>&1 | grep -v '^$' || true)
	if [ -z "$out" ]; then
		echo "ok $n - $text"
	else
		echo "not ok $n - $text"
		printf '%s\n' "$out" | sed 's/^/#   /'
		fail "test modules: $text"
	fi
}
echo "1..5"
tst "rnx_entry: bin_t is an entrypoint of rustnet_t" \
	sesearch -A -s rustnet_t -t bin_t -c file -p entrypoint "$pol"
tst "rnx_unlabelednet: sshd_t may send unlabeled packets" \
	sesearch -A -s sshd_t -t unlabeled_t -c packet -p send "$pol"
tst "rnx_canary: unconfined_t enters rnx_canary_t" \
	sesearch -T -s unconfined_t -t rnx_canary_exec_t -c process "$pol"
tst_empty "rnx_canary: no allow of read on rnx_canary_file_t" \
	sesearch -A -s rnx_canary_t -t rnx_canary_file_t -c file -p read,open "$pol"
tst_empty "rnx_canary: no dontaudit hides that read" \
	sesearch --dontaudit -s rnx_canary_t -t rnx_canary_file_t -c file "$pol"

section "egress guard files"
"$here/check-guard.sh" || fail "egress guard"

section "Fedora headers (dev-time)"
st=0
"$here/fedora-headers.sh" || st=$?
case $st in
0) echo "ok 1 - rustnet.pp compiles against Fedora headers" ;;
4) echo "ok 1 - Fedora headers # SKIP see the line above" ;;
*)
	echo "not ok 1 - Fedora headers (exit $st)"
	fail "Fedora headers"
	;;
esac

if [ -n "$bad" ]; then
	echo "# policy check FAILED:$bad"
	exit 1
fi
echo "# policy check: all passed"
