#!/bin/sh
# bench_gen.sh - the extractor benchmark's synthetic log is one rnx-avc
# takes strictly: bench/avc-extract-bench.sh --gen writes about the size
# asked for, rnx-avc reads it with exit 0 and prints one line per SELinux
# record in it (the benchmark compares that count with ausearch's), and
# the same when fed in small pieces.  Bad benchmark options exit 2.
# No figure is measured here.  Usage: bench_gen.sh RNX_AVC
set -eu

name=bench_gen
. "$(dirname "$0")/rnx_avc_test.sh"

bad() {
	echo "FAIL bench_gen: $*"
	fail=1
}

sh "$bench" --gen 2 "$tmp/log"
size=$(wc -c <"$tmp/log")
# at least 2 MB, and short of it by less than one event (~1 KB) beyond
[ "$size" -ge 2000000 ] && [ "$size" -lt 2002000 ] ||
	bad "--gen 2 wrote $size bytes"
want=$(grep -cE '^type=(AVC|USER_AVC|SELINUX_ERR) ' "$tmp/log" || true)
[ "$want" -gt 0 ] || bad "no SELinux records in the generated log"
for t in AVC USER_AVC SELINUX_ERR; do
	grep -q "^type=$t " "$tmp/log" || bad "no $t record generated"
done

for piece in "" 4096; do
	rc=0
	RNX_FEED_PIECE=$piece "$tool" "$tmp/log" >"$tmp/out" 2>"$tmp/err" ||
		rc=$?
	[ "$rc" = 0 ] || { cat "$tmp/err"; bad "rnx-avc exited $rc"; }
	got=$(wc -l <"$tmp/out")
	[ "$got" = "$want" ] ||
		bad "piece '${piece:-default}': rnx-avc printed $got records, the log holds $want"
done

for args in "--reps 0" "--sizes 1x" "--sizes 0" "--bogus 1" "--gen 1"; do
	rc=0
	# shellcheck disable=SC2086
	sh "$bench" $args >/dev/null 2>&1 || rc=$?
	[ "$rc" = 2 ] || bad "avc-extract-bench.sh $args exited $rc, not 2"
done

[ "$fail" = 0 ] || exit 1
echo "bench_gen: generated log ($size bytes, $want records) ok"
