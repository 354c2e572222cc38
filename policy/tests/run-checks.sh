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
. "$here/lib.sh"

section() {
	echo "# --- $1"
}
fail() {
	bad="$bad
  $1"
}
# must_reject NAME COMMAND...: COMMAND (a TAP check run on the wrong
# fixture) must exit 1, i.e. report a failure.
must_reject() {
	name=$1
	shift
	st=0
	"$@" >"$build/$name-wrong.tap" || st=$?
	sed 's/^/#   /' "$build/$name-wrong.tap"
	if [ "$st" -eq 1 ]; then
		echo "ok 1 - $name rejects the wrong fixture"
	else
		echo "not ok 1 - $name did not reject the wrong fixture (exit $st)"
		fail "$name accepted the wrong fixture"
	fi
}

section "assertions on rustnet.pp (must all pass)"
"$py" "$here/assert-policy.py" --module-cil "$build/store-good/rustnet.cil" \
	"$build/store-good/policy" "$here/expected" ||
	fail "assertions on rustnet.pp"

section "file contexts of rustnet.pp (must all pass)"
"$here/check-fc.sh" "$build/store-good" || fail "file contexts"

section "XML documentation of rustnet.if/.te (must all pass)"
"$here/check-xml.sh" "$here/../rustnet" || fail "XML documentation"

# no_dta POLICY: sedta finds no domain transition out of rustnet_t.
no_dta() {
	out=$(sedta -p "$1" -s rustnet_t 2>&1) || true
	st=0
	printf '%s\n' "$out" | grep -qx '0 domain transition(s) found.' || st=1
	tap $st "sedta: no domain transition out of rustnet_t" "$out"
	return $st
}

# m4_quotes FILE...: an apostrophe in a comment inside a macro block
# (an indented comment) ends m4 quoting and silently drops rules.
m4_quotes() {
	out=$(grep -nE "^[[:space:]]+#.*'" "$@" || true)
	st=0
	[ -z "$out" ] || st=1
	tap $st "m4: no apostrophe in comments inside macro blocks" "$out"
	return $st
}

section "m4 quoting lint of rustnet.te/.if (must pass)"
tap_n=0
echo "1..1"
m4_quotes "$here/../rustnet.te" "$here/../rustnet.if" ||
	fail "m4 quoting lint"

section "sedta on rustnet.pp (must pass)"
tap_n=0
echo "1..1"
no_dta "$build/store-good/policy" || fail "sedta found a transition out of rustnet_t"

section "wrong fixture: every assertion must reject it"
"$py" "$here/assert-policy.py" --expect-reject \
	--module-cil "$build/store-wrong/rustnet_wrong.cil" \
	"$build/store-wrong/policy" "$here/expected" ||
	fail "wrong fixture not rejected by every assertion"

section "wrong fixture: file context check must reject it"
must_reject check-fc "$here/check-fc.sh" "$build/store-wrong"

section "wrong fixture: XML documentation check must reject it"
must_reject check-xml "$here/check-xml.sh" "$here/fixtures/rustnet_wrong"

section "m4 quoting lint must reject tests/fixtures/m4-quote.te.txt"
tap_n=0
echo "1..1"
if m4_quotes "$here/fixtures/m4-quote.te.txt" >"$build/m4-wrong.tap"; then
	echo "not ok 1 - m4 lint found nothing in m4-quote.te.txt"
	fail "m4 lint accepted the wrong fixture"
else
	sed 's/^/#   /' "$build/m4-wrong.tap"
	echo "ok 1 - m4 lint rejects m4-quote.te.txt"
fi

section "wrong fixture: sedta must find its transition"
tap_n=0
echo "1..1"
if no_dta "$build/store-wrong/policy" >"$build/sedta-wrong.tap"; then
	echo "not ok 1 - sedta found no transition in the wrong fixture"
	fail "sedta accepted the wrong fixture"
else
	sed 's/^/#   /' "$build/sedta-wrong.tap"
	echo "ok 1 - sedta rejects the wrong fixture"
fi

section "test-only modules link with rustnet.pp"
pol=$build/store-test/policy
# rules EXPECT TEXT SESEARCH-ARGS...: EXPECT is "some" or "none".
rules() {
	want=$1
	text=$2
	shift 2
	out=$(sesearch "$@" "$pol" 2>&1 | grep -v '^$' || true)
	st=0
	case $want in
	some) [ -n "$out" ] || st=1 ;;
	none) [ -z "$out" ] || st=1 ;;
	esac
	tap $st "$text" "$out"
	[ "$st" -eq 0 ] || fail "test modules: $text"
}
# rustnet_rules POLICY: every allow, allowxperm and type rule whose
# source is rustnet_t (or an attribute holding it), sorted.
rustnet_rules() {
	sesearch -A -T --allowxperm -s rustnet_t "$1" 2>&1 | grep -v '^$' | sort
}
tap_n=0
echo "1..5"
# The e2e judges the shipped domain: the test modules (loaded during its
# allowed windows) must not widen rustnet_t.
rustnet_rules "$build/store-good/policy" >"$build/rules-good.txt"
rustnet_rules "$pol" >"$build/rules-test.txt"
st=0
out=$(diff -u --label=rustnet.pp --label="rustnet.pp + test modules" \
	"$build/rules-good.txt" "$build/rules-test.txt") || st=1
grep -q '^allow rustnet_t ' "$build/rules-good.txt" || {
	st=1
	out="sesearch found no rustnet_t rule in rustnet.pp: $(cat "$build/rules-good.txt")"
}
tap $st "test modules add no rule whose source is rustnet_t" "$out"
[ "$st" -eq 0 ] || fail "test modules widen rustnet_t"
rules some "rnx_unlabelednet: sshd_t may send unlabeled packets" \
	-A -s sshd_t -t unlabeled_t -c packet -p send
rules some "rnx_canary: unconfined_t enters rnx_canary_t" \
	-T -s unconfined_t -t rnx_canary_exec_t -c process
rules none "rnx_canary: no allow of read on rnx_canary_file_t" \
	-A -s rnx_canary_t -t rnx_canary_file_t -c file -p read,open
rules none "rnx_canary: no dontaudit hides that read" \
	--dontaudit -s rnx_canary_t -t rnx_canary_file_t -c file

# devtime_result STATUS WHAT: TAP line of a dev-time compile check
# (exit 0 compiled, 4 SKIP, anything else a failure).
devtime_result() {
	case $1 in
	0) echo "ok 1 - rustnet.pp compiles against $2" ;;
	4) echo "ok 1 - $2 # SKIP see the line above" ;;
	*)
		echo "not ok 1 - $2 (exit $1)"
		fail "$2"
		;;
	esac
}

section "egress guard files"
"$here/check-guard.sh" || fail "egress guard"
section "egress guard labelling (mark stand-in, private netns)"
"$here/check-guard-logic.sh" || fail "egress guard logic"

section "Fedora headers (dev-time)"
st=0
"$here/fedora-headers.sh" || st=$?
devtime_result "$st" "Fedora headers"

section "Debian 13 headers (dev-time)"
st=0
"$here/debian13-headers.sh" || st=$?
devtime_result "$st" "Debian 13 headers"
# The same compile must fail once a Fedora-only interface is called
# unguarded.
if [ "$st" -eq 0 ]; then
	rm -rf "$build/d13-wrong"
	mkdir -p "$build/d13-wrong"
	cp "$here/../rustnet.te" "$here/../rustnet.if" "$here/../rustnet.fc" \
		"$build/d13-wrong/"
	echo 'systemd_chat_resolved(rustnet_t)' >>"$build/d13-wrong/rustnet.te"
	st=0
	"$here/debian13-headers.sh" "$build/d13-wrong" \
		>"$build/d13-wrong.log" 2>&1 || st=$?
	if [ "$st" -eq 1 ]; then
		echo "ok 2 - an unguarded Fedora-only interface does not compile against Debian 13 headers"
	else
		sed 's/^/#   /' "$build/d13-wrong.log"
		echo "not ok 2 - the Debian 13 compile accepted an unguarded Fedora-only interface (exit $st)"
		fail "Debian 13 headers accepted a wrong module"
	fi
fi

# side_store SIDE NAME TE: link TE into SIDE's own policy in
# $build/side-SIDE-NAME (side-store.sh); its exit status, log on failure.
side_store() {
	ss_st=0
	"$here/side-store.sh" "$1" "$build/side-$1-$2" "$3" \
		>"$build/side-$1-$2.log" 2>&1 || ss_st=$?
	[ "$ss_st" -eq 0 ] || [ "$ss_st" -eq 4 ] ||
		sed 's/^/#   /' "$build/side-$1-$2.log"
	return "$ss_st"
}

# The same assertions on the policy each other side would load: rustnet.pp
# compiled against its headers and linked into its store; the wrong
# fixture the same way must be rejected (KNOWN_DIFF/NO_PROOF in
# assert-policy.py list what that side's base policy decides).
for side in debian13 fedora41; do
	exp=$here/expected
	[ ! -d "$here/expected/$side" ] || exp=$here/expected/$side
	section "assertions on rustnet.pp linked into the $side policy (must all pass)"
	st=0
	side_store "$side" good "$here/../rustnet.te" || st=$?
	if [ "$st" -eq 4 ]; then
		echo "1..1"
		echo "ok 1 - $side assertions # SKIP $(tail -n 1 "$build/side-$side-good.log")"
		continue
	elif [ "$st" -ne 0 ]; then
		echo "1..1"
		echo "not ok 1 - linking rustnet.pp into the $side policy (exit $st)"
		fail "$side: linking rustnet.pp"
		continue
	fi
	"$py" "$here/assert-policy.py" --side "$side" \
		--module-cil "$build/side-$side-good/rustnet.cil" \
		"$build/side-$side-good/policy" "$exp" ||
		fail "assertions on rustnet.pp in the $side policy"
	section "$side: every assertion must reject the wrong fixture"
	st=0
	side_store "$side" wrong "$here/fixtures/rustnet_wrong.te" || st=$?
	if [ "$st" -ne 0 ]; then
		echo "1..1"
		echo "not ok 1 - linking the wrong fixture into the $side policy (exit $st)"
		fail "$side: linking the wrong fixture"
		continue
	fi
	"$py" "$here/assert-policy.py" --expect-reject --side "$side" \
		--module-cil "$build/side-$side-wrong/rustnet_wrong.cil" \
		"$build/side-$side-wrong/policy" "$exp" ||
		fail "$side: wrong fixture not rejected by every assertion"
done

section "portability: Debian 12, Debian 13, Fedora (must pass)"
"$here/check-portability.sh" >"$build/portability.tap" || fail "portability"
cat "$build/portability.tap"

section "portability: guard checks must reject tests/fixtures/portability-wrong.te.txt"
must_reject check-portability "$py" "$here/check-portability.py" \
	"$here/portability.tsv" "$here/fixtures/portability-wrong.te.txt"

section "portability: the sources must reject a wrong table"
tap_n=0
echo "1..1"
# The same table, but claiming the Fedora-only systemd_chat_resolved
# exists on Debian 12.
awk -F '\t' 'BEGIN { OFS = "\t" }
	$1 == "macro" && $2 == "systemd_chat_resolved" { $3 = "system/systemd.if:1" }
	{ print }' "$here/portability.tsv" >"$build/portability-wrong.tsv"
if ! grep -q '^ok 4 - table column debian12 matches the macro source$' \
	"$build/portability.tap"; then
	echo "ok 1 - wrong table # SKIP no Debian 12 headers on this host"
else
	st=0
	"$here/check-portability.sh" "$build/portability-wrong.tsv" \
		>"$build/portability-wrong.tap" || st=$?
	sed 's/^/#   /' "$build/portability-wrong.tap"
	if [ "$st" -eq 1 ] && grep -q '^not ok 4 - table column debian12 matches the macro source$' \
		"$build/portability-wrong.tap"; then
		echo "ok 1 - the Debian 12 headers reject the wrong table"
	else
		echo "not ok 1 - the Debian 12 headers did not reject the wrong table (exit $st)"
		fail "portability accepted a wrong table"
	fi
fi

if [ -n "$bad" ]; then
	echo "# policy check FAILED:$bad"
	exit 1
fi
echo "# policy check: all passed"
