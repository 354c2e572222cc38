#!/bin/sh
# helper_table.sh - the runner's helper table (RN_HELPER_LIST, generated
# by helpers.mk from helpers/rnx_*.c) against the tree, on the host:
#   - it lists exactly the programs of helpers/ (not bench/, not faults/:
#     those must never be labelled rustnet_exec_t), each one built;
#   - every helper a scenario names (rn_sc_helper(..., "rnx-x", ...) and
#     the attack vectors' RN_AS_*, "rnx-x") is in it, so a scenario using
#     a helper with no source fails here, not with "no record" in the guest.
#   sh runner/tests/helper_table.sh build/gen/rnx_helpers.h build/helpers
# (from e2e/)
set -u
GEN=$1
BIN=$2
fails=0
n=0

ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; fails=$((fails + 1)); }

table=$(sed -n 's/^#define RN_HELPER_LIST "\(.*\)"$/\1/p' "$GEN")
[ -n "$table" ] && ok "$GEN defines RN_HELPER_LIST" ||
	nok "$GEN defines RN_HELPER_LIST"

want=$(for f in helpers/rnx_*.c; do
	b=$(basename "$f" .c)
	[ "$b" = rnx_helper ] || echo "$b" | tr _ -
done | sort | tr '\n' ' ' | sed 's/ $//')
[ "$table" = "$want" ] && ok "the table is helpers/rnx_*.c ($want)" ||
	nok "the table '$table' is not helpers/rnx_*.c '$want'"

for f in bench/rnx_*.c faults/rnx_*.c; do
	[ -e "$f" ] || continue
	h=$(basename "$f" .c | tr _ -)
	case " $table " in
	*" $h "*) nok "$h ($f) must not be in the table" ;;
	*) ok "$h ($f) is not in the table" ;;
	esac
done

for h in $table; do
	[ -x "$BIN/$h" ] && ok "$h is built" || nok "$h is not built ($BIN/$h)"
done

named=$( { grep -ho 'rn_sc_helper([^"]*"rnx-[a-z-]*"' runner/*.c |
	grep -o '"rnx-[a-z-]*"'
	grep -ho 'RN_AS_[A-Z]*, "rnx-[a-z-]*"' runner/*.c |
	grep -o '"rnx-[a-z-]*"'; } | tr -d '"' | sort -u)
[ -n "$named" ] && ok "the scenarios name helpers" ||
	nok "no helper named by a scenario found (pattern out of date?)"
for h in $named; do
	case " $table " in
	*" $h "*) ok "scenario helper $h is in the table" ;;
	*) nok "a scenario names $h, which is not in the table (no helpers/${h}.c?)" ;;
	esac
done
echo "1..$n"
[ "$fails" -eq 0 ]
