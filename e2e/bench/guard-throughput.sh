#!/bin/sh
# guard-throughput.sh [--reps N] [--secs S] [--out DIR] [--variants "V..."]
#
# Benchmark (not a timed test) of the opt-in egress guard, run as root in
# the guest: TCP and UDP goodput between two network namespaces over a veth
# pair, with each variant's table loaded in both namespaces:
#   off        no table
#   guard      the shipped guard (policy/guard/rustnet-egress-guard.nft:
#              labels a connection once, restores it per packet)
#   perpacket  the guard before the rework (bench/guard-per-packet.nft:
#              labels every packet from its ports, no conntrack)
#   conntrack  conntrack on, no SECMARK (bench/guard-conntrack-only.nft):
#              what the guard's conntrack costs by itself
# Default: all four, 8 repetitions of 5 s (about 7 minutes under TCG).
# Each repetition measures every variant once, in an order rotated by one
# per repetition (off guard perpacket conntrack, guard perpacket conntrack
# off, ...; tcp first in odd repetitions, udp first in even ones), so a
# drift of host load hits every variant in every position alike when REPS
# is a multiple of the number of variants.  Per variant and protocol:
# median, min, max, quartiles and IQR of the samples; per variant against
# off: the ratio of the medians and the ratios paired within each
# repetition (median, min, max, IQR), and whether the effect (1 - median
# paired ratio) is larger than the IQR of the paired ratios.
# The refpolicy shim rnx_unlabelednet is loaded in all cases, so the only
# difference is the nft table.  Sender and receiver are
# e2e/bench/rnx_bench_{send,recv}.c (bundle helpers/), running unconfined.
# Prints a table and writes DIR/guard-throughput.json.
# Everything stays inside the guest: the veth pair joins two namespaces.
set -eu

BUNDLE=$(cd "$(dirname "$0")/.." && pwd)
H=$BUNDLE/helpers
REPS=8
SECS=5
VARIANTS="off guard perpacket conntrack"
OUT=/var/lib/rnx/out
NSA=rnxb-a
NSB=rnxb-b
ADDR_A=10.199.0.1
ADDR_B=10.199.0.2
PORT=5201

die() { echo "guard-throughput: ERROR: $*" >&2; exit 3; }
usage() {
	echo "usage: $0 [--reps N] [--secs S] [--out DIR] [--variants \"off guard perpacket conntrack\"]" >&2
	exit 2
}

# variant_nft VARIANT: its table file ("" for off); 1 for an unknown name
variant_nft() {
	case $1 in
	off) echo "" ;;
	guard) echo "$BUNDLE/policy/guard/rustnet-egress-guard.nft" ;;
	perpacket) echo "$BUNDLE/bench/guard-per-packet.nft" ;;
	conntrack) echo "$BUNDLE/bench/guard-conntrack-only.nft" ;;
	*) return 1 ;;
	esac
}

while [ $# -gt 0 ]; do
	case $1 in
	--reps) REPS=${2:?}; shift 2 ;;
	--secs) SECS=${2:?}; shift 2 ;;
	--out) OUT=${2:?}; shift 2 ;;
	--variants) VARIANTS=${2:?}; shift 2 ;;
	*) usage ;;
	esac
done
case $REPS$SECS in *[!0-9]*) echo "usage: numbers for --reps/--secs" >&2; exit 2 ;; esac
[ "$REPS" -ge 1 ] && [ "$SECS" -ge 1 ] || { echo "usage: --reps/--secs >= 1" >&2; exit 2; }
K=0
for v in $VARIANTS; do
	variant_nft "$v" >/dev/null || { echo "unknown variant $v" >&2; usage; }
	K=$((K + 1))
done
case " $VARIANTS " in *" off "*) ;; *) echo "--variants must include off" >&2; usage ;; esac

[ "$(id -u)" -eq 0 ] || die "run as root"
for t in rnx-bench-send rnx-bench-recv; do
	[ -x "$H/$t" ] || die "$H/$t missing (bundle incomplete)"
	# labelled rustnet_exec_t they would run confined and measure nothing
	ls -Z "$H/$t" | grep -q rustnet_exec_t && die "$H/$t is rustnet_exec_t"
done
TABLE=""
for v in $VARIANTS; do
	f=$(variant_nft "$v")
	[ -z "$f" ] && continue
	[ -r "$f" ] || die "no table $f (variant $v)"
	t=$(awk '$1 == "table" { print $2, $3; exit }' "$f")
	[ -z "$TABLE" ] || [ "$t" = "$TABLE" ] ||
		die "$f defines table $t, not $TABLE: one variant would stay loaded"
	TABLE=$t
done

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

load() { # VARIANT: its table (none for off) in both namespaces
	f=$(variant_nft "$1")
	for ns in "$NSA" "$NSB"; do
		if [ -n "$TABLE" ]; then
			# shellcheck disable=SC2086
			ip netns exec "$ns" nft delete table $TABLE 2>/dev/null || :
		fi
		[ -n "$f" ] || continue
		ip netns exec "$ns" nft -f "$f" || die "nft -f $f failed in $ns"
		# shellcheck disable=SC2086
		ip netns exec "$ns" nft list table $TABLE >/dev/null ||
			die "table of $1 not loaded in $ns"
	done
}

one() { # proto -> prints MB/s of one run
	bench_recv_start "$1" "$SECS"
	ip netns exec "$NSA" "$H/rnx-bench-send" "$1" "$ADDR_B" "$PORT" "$SECS" \
		> "$TMP/send.out" 2>&1 || die "sender: $(cat "$TMP/send.out")"
	bench_recv_wait
}

# a warm-up run of each protocol, not counted
load off
one tcp > /dev/null
one udp > /dev/null
r=1
while [ "$r" -le "$REPS" ]; do
	# shellcheck disable=SC2086
	order=$(bench_rotate $((r - 1)) $VARIANTS)
	protos="tcp udp"
	[ $((r % 2)) -eq 1 ] || protos="udp tcp"
	for v in $order; do
		load "$v"
		for p in $protos; do
			x=$(one "$p")
			[ -n "$x" ] || die "no figure from $p/$v run $r"
			echo "$x" >> "$TMP/$p-$v"
			echo "$x" > "$TMP/$p-$v.last"
			echo "run $r $v $p: $x MB/s" >&2
		done
	done
	# the ratios of this repetition, each against its own off run
	for p in tcp udp; do
		for v in $VARIANTS; do
			[ "$v" = off ] && continue
			x=$(awk -v a="$(cat "$TMP/$p-$v.last")" -v b="$(cat "$TMP/$p-off.last")" \
				'BEGIN { if (b > 0) printf "%.4f", a / b; else exit 1 }') ||
				die "run $r: $p without a table gave no goodput"
			echo "$x" >> "$TMP/ratio-$p-$v"
		done
	done
	r=$((r + 1))
done
load off

list() { paste -sd, "$TMP/$1"; }
# stats FILE -> JSON members median, min, max, q1, q3, iqr
stats() {
	bench_stats < "$TMP/$1" | awk '{ printf "\"median\": %s, \"min\": %s, \"max\": %s, \"q1\": %s, \"q3\": %s, \"iqr\": %.4g", $1, $2, $3, $4, $5, $5 - $4 }'
}
mkdir -p "$OUT"
{
	printf '{\n  "benchmark": "guard-throughput",\n'
	printf '  "kernel": "%s",\n' "$(uname -r)"
	printf '  "reps": %s,\n  "seconds": %s,\n' "$REPS" "$SECS"
	printf '  "variants": "%s",\n' "$VARIANTS"
	printf '  "order": "variants rotated by one per repetition; tcp first in odd repetitions, udp first in even ones",\n'
	printf '  "quartiles": "linear interpolation between order statistics (R type 7)",\n'
	printf '  "unit": "MB/s (10^6 bytes/s, receiver goodput)",\n'
	printf '  "note": "two netns over veth; each table loaded in both; rnx_unlabelednet loaded in all cases; TCG guest: absolute figures are not hardware figures",\n'
	psep=""
	for p in tcp udp; do
		printf '%s  "%s": {\n' "$psep" "$p"
		vsep=""
		for v in $VARIANTS; do
			printf '%s    "%s": { "samples": [%s], %s' "$vsep" "$v" "$(list "$p-$v")" "$(stats "$p-$v")"
			if [ "$v" != off ]; then
				off=$(bench_stats < "$TMP/$p-off" | cut -d' ' -f1)
				on=$(bench_stats < "$TMP/$p-$v" | cut -d' ' -f1)
				rom=$(awk -v a="$on" -v b="$off" 'BEGIN { if (b > 0) printf "%.3f", a / b; else print "null" }')
				printf ',\n      "ratio_of_medians_to_off": %s,\n      "paired_ratios_to_off": { "samples": [%s], %s }' \
					"$rom" "$(list "ratio-$p-$v")" "$(stats "ratio-$p-$v")"
			fi
			printf ' }'
			vsep=",
"
		done
		printf '\n  }'
		psep=",
"
	done
	printf '\n}\n'
} > "$OUT/guard-throughput.json"

# the table, on stderr like the progress lines
{
	printf '%-4s %-10s %9s %9s %9s %9s   (MB/s, %s reps of %s s)\n' \
		proto variant median min max IQR "$REPS" "$SECS"
	for p in tcp udp; do
		for v in $VARIANTS; do
			set -- $(bench_stats < "$TMP/$p-$v")
			printf '%-4s %-10s %9s %9s %9s %9s\n' "$p" "$v" "$1" "$2" "$3" \
				"$(awk -v a="$4" -v b="$5" 'BEGIN { printf "%.4g", b - a }')"
		done
	done
	for p in tcp udp; do
		for v in $VARIANTS; do
			[ "$v" = off ] && continue
			set -- $(bench_stats < "$TMP/ratio-$p-$v")
			bench_effect "$p $v/off" "$1" "$2" "$3" "$4" "$5"
		done
	done
} >&2
cat "$OUT/guard-throughput.json"
