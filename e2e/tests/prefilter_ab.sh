#!/bin/sh
# prefilter_ab.sh - rnx-avc prints the same with the prefilter
# (lib/avc_prefilter.c) as without it (RNX_PREFILTER=0): stdout, stderr
# and exit status, on the benchmark's generated log (5 MB) as it is and
# damaged (lines cut short, junk and NUL lines, a lost newline at the
# end), strict and lenient, in the default pieces and in 4 KiB ones.
# Usage: prefilter_ab.sh RNX_AVC
set -eu

name=prefilter_ab
. "$(dirname "$0")/rnx_avc_test.sh"
runs=0

sh "$bench" --gen 5 "$tmp/clean.log"
# every 997th line cut after 60 bytes, junk after every 1499th, a NUL
# line after every 2003rd; the last line loses its newline
awk 'NR % 997 == 0 { print substr($0, 1, 60); next }
	{ print }
	NR % 1499 == 0 { print "junk between records" }
	NR % 2003 == 0 { printf "type=PATH msg=audit(1.2:3): %c\n", 0 }' \
	"$tmp/clean.log" >"$tmp/damaged.log"
printf 'type=SYSCALL msg=audit(1764499999.000:9): arch=c000003e' \
	>>"$tmp/damaged.log"

# run TAG PREFILTER ARGS...: rnx-avc's output, stderr and exit status
run() {
	tag=$1 pf=$2
	shift 2
	rc=0
	RNX_PREFILTER=$pf "$tool" "$@" >"$tmp/$tag.out" 2>"$tmp/$tag.err" ||
		rc=$?
	echo "exit $rc" >>"$tmp/$tag.err"
}

for log in clean damaged; do
	for piece in "" 4096; do
		for mode in "" --lenient; do
			export RNX_FEED_PIECE=$piece
			# shellcheck disable=SC2086
			run off 0 $mode "$tmp/$log.log"
			# shellcheck disable=SC2086
			run on 1 $mode "$tmp/$log.log"
			unset RNX_FEED_PIECE
			runs=$((runs + 1))
			what="$log log, piece ${piece:-default}, ${mode:-strict}"
			if ! cmp -s "$tmp/off.out" "$tmp/on.out" ||
			   ! cmp -s "$tmp/off.err" "$tmp/on.err"; then
				echo "FAIL prefilter_ab: $what differs:"
				diff "$tmp/off.err" "$tmp/on.err" | head -20
				diff "$tmp/off.out" "$tmp/on.out" | head -20
				fail=1
			elif [ ! -s "$tmp/on.out" ]; then
				# both printed nothing: the comparison says little
				[ "$log" = damaged ] && [ -z "$mode" ] ||
					{ echo "FAIL prefilter_ab: $what: no records"; fail=1; }
			fi
		done
	done
done

[ "$fail" = 0 ] || exit 1
echo "prefilter_ab: $runs comparisons, RNX_PREFILTER=0 and =1 print the same"
