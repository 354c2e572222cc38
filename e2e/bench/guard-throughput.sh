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

# The guard's packet types come with the rustnet module; the shim keeps
# every other domain's unlabelled packets flowing.  Load both if absent.
mods=$(semodule -l)
need=""
for m in rustnet rnx_unlabelednet; do
	echo "$mods" | grep -qx "$m" || need="$need $m"
done
# RNX_BENCH_RELOAD=1 (development) reloads them even when present
[ "${RNX_BENCH_RELOAD:-0}" = 1 ] && need=" rustnet rnx_unlabelednet (reload)"
if [ -n "$need" ]; then
	echo "guard-throughput: loading$need (one semodule call)"
	# build under the bundle (usr_t): semodule (semanage_t) may not read
	# files from every directory, e.g. not var_lib_t
	B=$(mktemp -d "$BUNDLE/.bench-policy.XXXXXX")
	cp -r "$BUNDLE/policy/." "$B/"
	( cd "$B" && make -s -f /usr/share/selinux/devel/Makefile rustnet.pp &&
	  cp rustnet.if test/ &&
	  cd test && make -s -f /usr/share/selinux/devel/Makefile rnx_unlabelednet.pp ) ||
		die "policy build failed"
	( cd "$B" && semodule -X 200 -i rustnet.pp test/rnx_unlabelednet.pp ) ||
		die "semodule failed"
	rm -rf "$B"
fi

TMP=$(mktemp -d)
cleanup() {
	[ -f "$TMP/recv.pid" ] && kill "$(cat "$TMP/recv.pid")" 2>/dev/null || :
	ip netns del "$NSA" 2>/dev/null || :
	ip netns del "$NSB" 2>/dev/null || :
	rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 3' INT TERM

ip netns del "$NSA" 2>/dev/null || :
ip netns del "$NSB" 2>/dev/null || :
ip netns add "$NSA"
ip netns add "$NSB"
ip link add veth-rnxb netns "$NSA" type veth peer name veth-rnxb netns "$NSB"
ip -n "$NSA" addr add "$ADDR_A/30" dev veth-rnxb
ip -n "$NSB" addr add "$ADDR_B/30" dev veth-rnxb
for ns in "$NSA" "$NSB"; do
	ip -n "$ns" link set lo up
	ip -n "$ns" link set veth-rnxb up
done

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
	rm -f "$TMP/recv.out"
	ip netns exec "$NSB" "$H/rnx-bench-recv" "$1" "$PORT" "$SECS" \
		> "$TMP/recv.out" 2>&1 &
	echo $! > "$TMP/recv.pid"
	i=0
	until grep -q listening "$TMP/recv.out" 2>/dev/null; do
		i=$((i + 1)); [ $i -lt 100 ] || die "receiver did not start"
		sleep 0.1
	done
	ip netns exec "$NSA" "$H/rnx-bench-send" "$1" "$ADDR_B" "$PORT" "$SECS" \
		> "$TMP/send.out" 2>&1 || die "sender: $(cat "$TMP/send.out")"
	wait "$(cat "$TMP/recv.pid")" || die "receiver: $(cat "$TMP/recv.out")"
	rm -f "$TMP/recv.pid"
	sed -n 's/.*MBps=\([0-9.]*\).*/\1/p' "$TMP/recv.out"
}

median() { # numbers on stdin
	sort -n | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit 1
		if (NR % 2) print v[(NR + 1) / 2]
		else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
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
