#!/bin/sh
# bench_lib.sh - the statistics and ordering of bench/bench-lib.sh that the
# guard benchmark prints (median, min, max, R type 7 quartiles, rotation of
# the variants, the effect-versus-IQR line), and guard-throughput.sh's
# option errors (exit 2 before anything runs).  No figure is measured.
set -u

here=$(cd "$(dirname "$0")/.." && pwd)
. "$here/bench/bench-lib.sh"
fail=0

eq() { # WHAT GOT WANT
	[ "$2" = "$3" ] || {
		echo "FAIL bench_lib: $1: got '$2', want '$3'"
		fail=1
	}
}

eq "stats 1..9" "$(printf '%s\n' 9 1 8 2 7 3 6 4 5 | bench_stats)" "5 1 9 3 7"
eq "stats 4 values" "$(printf '%s\n' 4 1 3 2 | bench_stats)" "2.5 1 4 1.75 3.25"
eq "stats 1 value" "$(echo 7 | bench_stats)" "7 7 7 7 7"
eq "stats sorts numerically" "$(printf '%s\n' 10 9 100 | bench_stats)" \
	"10 9 100 9.5 55"
printf '' | bench_stats >/dev/null
eq "stats of nothing exits 1" "$?" 1

eq "rotate 0" "$(bench_rotate 0 a b c)" "a b c"
eq "rotate 1" "$(bench_rotate 1 a b c)" "b c a"
eq "rotate 5" "$(bench_rotate 5 a b c)" "c a b"
eq "rotate nothing" "$(bench_rotate 3)" ""

eq "effect larger" "$(bench_effect "udp guard/off" 0.9 0.8 1 0.88 0.93)" \
	"udp guard/off: paired ratio median 0.900 (min 0.800, max 1.000, IQR 0.050); effect 0.100 larger than the IQR"
eq "effect within" "$(bench_effect "tcp guard/off" 1.01 0.9 1.1 0.95 1.05)" \
	"tcp guard/off: paired ratio median 1.010 (min 0.900, max 1.100, IQR 0.100); effect 0.010 NOT larger than the IQR"

gt=$here/bench/guard-throughput.sh
for args in "--reps x" "--secs 0" "--variants guard" "--variants 'off nope'" "--bogus"; do
	eval "sh \"\$gt\" $args" >/dev/null 2>&1
	eq "guard-throughput.sh $args" "$?" 2
done

[ "$fail" -eq 0 ] && echo "bench_lib: ok"
exit "$fail"
