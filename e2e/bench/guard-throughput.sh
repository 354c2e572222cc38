#!/bin/sh
# guard-throughput.sh [--reps N] [--secs S] [--out DIR]
#
# Benchmark (not a timed test) of the opt-in egress guard, run as root in
# the guest: TCP and UDP goodput between two network namespaces over a veth
# pair, without and with the guard table loaded in both namespaces, REPS
# repetitions (alternating off/on), median of each, and the ratio on/off.
# The refpolicy shim rnx_unlabelednet is loaded in both cases, so the only
# difference is the nft table and its SECMARK labelling/checks.  Sender and
# receiver are e2e/bench/rnx_bench_{send,recv}.c (bundle helpers/), running
# unconfined.  Prints a table and writes DIR/guard-throughput.json.
# Everything stays inside the guest: the veth pair joins two namespaces.
set -eu

BUNDLE=$(cd "$(dirname "$0")/.." && pwd)
H=$BUNDLE/helpers
NFT=$BUNDLE/policy/guard/rustnet-egress-guard.nft
REPS=5
SECS=5
OUT=/var/lib/rnx/out
NSA=rnxb-a
NSB=rnxb-b
ADDR_A=10.199.0.1
ADDR_B=10.199.0.2
PORT=5201

die() { echo "guard-throughput: ERROR: $*" >&2; exit 3; }

while [ $# -gt 0 ]; do
	case $1 in
	--reps) REPS=${2:?}; shift 2 ;;
	--secs) SECS=${2:?}; shift 2 ;;
	--out) OUT=${2:?}; shift 2 ;;
	*) echo "usage: $0 [--reps N] [--secs S] [--out DIR]" >&2; exit 2 ;;
	esac
done
case $REPS$SECS in *[!0-9]*) echo "usage: numbers for --reps/--secs" >&2; exit 2 ;; esac
[ "$REPS" -ge 1 ] && [ "$SECS" -ge 1 ] || { echo "usage: --reps/--secs >= 1" >&2; exit 2; }

[ "$(id -u)" -eq 0 ] || die "run as root"
for t in rnx-bench-send rnx-bench-recv; do
	[ -x "$H/$t" ] || die "$H/$t missing (bundle incomplete)"
	# labelled rustnet_exec_t they would run confined and measure nothing
	ls -Z "$H/$t" | grep -q rustnet_exec_t && die "$H/$t is rustnet_exec_t"
done
[ -r "$NFT" ] || die "no guard table $NFT"
TABLE=$(awk '$1 == "table" { print $2, $3; exit }' "$NFT")

. "$BUNDLE/bench/bench-lib.sh"
# The guard's packet types come with the rustnet module; the shim keeps
# every other domain's unlabelled packets flowing.
bench_load_modules rustnet rnx_unlabelednet

TMP=$(mktemp -d)
cleanup() {
	bench_recv_kill
	bench_netns_down
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 3' INT TERM
bench_netns_up

guard() { # on|off: the table in both namespaces
	for ns in "$NSA" "$NSB"; do
		# shellcheck disable=SC2086
		ip netns exec "$ns" nft delete table $TABLE 2>/dev/null || :
		if [ "$1" = on ]; then
			ip netns exec "$ns" nft -f "$NFT" || die "nft -f failed in $ns"
			# shellcheck disable=SC2086
			ip netns exec "$ns" nft list table $TABLE >/dev/null ||
				die "guard table not loaded in $ns"
		fi
	done
}

one() { # proto -> prints MB/s of one run
	bench_recv_start "$1" "$SECS"
	ip netns exec "$NSA" "$H/rnx-bench-send" "$1" "$ADDR_B" "$PORT" "$SECS" \
		> "$TMP/send.out" 2>&1 || die "sender: $(cat "$TMP/send.out")"
	bench_recv_wait
}

median() { # numbers on stdin
	bench_stats | awk '{ print $1 }'
}

# a warm-up run, not counted
guard off
one tcp > /dev/null
r=1
while [ $r -le "$REPS" ]; do
	for g in off on; do
		guard $g
		for p in tcp udp; do
			v=$(one $p)
			[ -n "$v" ] || die "no figure from $p/$g run $r"
			echo "$v" >> "$TMP/$p-$g"
			echo "run $r guard=$g $p: $v MB/s"
		done
	done
	r=$((r + 1))
done
guard off

list() { paste -sd, "$TMP/$1"; }
mkdir -p "$OUT"
{
	printf '{\n  "benchmark": "guard-throughput",\n'
	printf '  "kernel": "%s",\n' "$(uname -r)"
	printf '  "reps": %s,\n  "seconds": %s,\n' "$REPS" "$SECS"
	printf '  "unit": "MB/s (10^6 bytes/s, receiver goodput)",\n'
	printf '  "note": "two netns over veth; guard table loaded in both; rnx_unlabelednet loaded in both cases; TCG guest: absolute figures are not hardware figures",\n'
	sep=""
	for p in tcp udp; do
		off=$(median < "$TMP/$p-off")
		on=$(median < "$TMP/$p-on")
		ratio=$(awk -v a="$on" -v b="$off" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "null" }')
		printf '%s  "%s": { "off": [%s], "on": [%s], "off_median": %s, "on_median": %s, "ratio_on_off": %s }' \
			"$sep" "$p" "$(list "$p-off")" "$(list "$p-on")" "$off" "$on" "$ratio"
		sep=",
"
		printf '%-4s median without guard %10s MB/s, with guard %10s MB/s, ratio %s\n' \
			"$p" "$off" "$on" "$ratio" >&2
	done
	printf '\n}\n'
} > "$OUT/guard-throughput.json"
cat "$OUT/guard-throughput.json"
