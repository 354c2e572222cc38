# bench-lib.sh - shared by the in-guest benchmarks (sourced, not run):
# module loading, the two-namespace veth pair, the receiver, statistics.
# The caller sets BUNDLE, H (helpers dir), NSA/NSB, ADDR_A/ADDR_B, PORT,
# TMP, and defines die().

# bench_load_modules MODULE...: load the named modules (rustnet, test shims
# from policy/test) in one semodule call if any is absent.
# RNX_BENCH_RELOAD=1 (development) reloads them even when present.
bench_load_modules() {
	mods=$(semodule -l)
	need=""
	for m in "$@"; do
		echo "$mods" | grep -qx "$m" || need="$need $m"
	done
	[ "${RNX_BENCH_RELOAD:-0}" = 1 ] && need=" $*"
	[ -n "$need" ] || return 0
	echo "bench: loading$need (one semodule call)" >&2
	# build under the bundle (usr_t): semodule (semanage_t) may not read
	# files from every directory, e.g. not var_lib_t
	B=$(mktemp -d "$BUNDLE/.bench-policy.XXXXXX")
	cp -r "$BUNDLE/policy/." "$B/"
	pps=""
	for m in "$@"; do
		if [ "$m" = rustnet ]; then
			( cd "$B" && make -s -f /usr/share/selinux/devel/Makefile rustnet.pp ) ||
				die "policy build failed (rustnet)"
			pps="$pps rustnet.pp"
		else
			( cd "$B" && cp rustnet.if test/ && cd test &&
			  make -s -f /usr/share/selinux/devel/Makefile "$m.pp" ) ||
				die "policy build failed ($m)"
			pps="$pps test/$m.pp"
		fi
	done
	# shellcheck disable=SC2086
	( cd "$B" && semodule -X 200 -i $pps ) || die "semodule failed"
	rm -rf "$B"
}

# bench_netns_up / bench_netns_down: NSA and NSB joined by veth-rnxb
bench_netns_down() {
	ip netns del "$NSA" 2>/dev/null || :
	ip netns del "$NSB" 2>/dev/null || :
}
bench_netns_up() {
	bench_netns_down
	ip netns add "$NSA" && ip netns add "$NSB" &&
	ip link add veth-rnxb netns "$NSA" type veth peer name veth-rnxb netns "$NSB" &&
	ip -n "$NSA" addr add "$ADDR_A/30" dev veth-rnxb &&
	ip -n "$NSB" addr add "$ADDR_B/30" dev veth-rnxb || die "netns set-up failed"
	for ns in "$NSA" "$NSB"; do
		ip -n "$ns" link set lo up && ip -n "$ns" link set veth-rnxb up ||
			die "link up failed in $ns"
	done
}

# bench_recv_start PROTO SECS: the receiver in NSB, waits until it listens
bench_recv_start() {
	rm -f "$TMP/recv.out"
	ip netns exec "$NSB" "$H/rnx-bench-recv" "$1" "$PORT" "$2" \
		> "$TMP/recv.out" 2>&1 &
	echo $! > "$TMP/recv.pid"
	i=0
	until grep -q listening "$TMP/recv.out" 2>/dev/null; do
		i=$((i + 1)); [ $i -lt 100 ] || die "receiver did not start"
		sleep 0.1
	done
}

# bench_recv_wait: the receiver's exit, then its MB/s on stdout
bench_recv_wait() {
	wait "$(cat "$TMP/recv.pid")" || die "receiver: $(cat "$TMP/recv.out")"
	rm -f "$TMP/recv.pid"
	sed -n 's/.*MBps=\([0-9.]*\).*/\1/p' "$TMP/recv.out"
}

bench_recv_kill() {
	[ -f "$TMP/recv.pid" ] && kill "$(cat "$TMP/recv.pid")" 2>/dev/null || :
}

# numbers on stdin -> "median min max q1 q3"; quartiles by linear
# interpolation between order statistics (R type 7); exit 1 on no input
bench_stats() {
	sort -g | awk '
	function q(p,   h, i) {
		h = (NR - 1) * p + 1
		i = int(h)
		return i >= NR ? v[NR] : v[i] + (h - i) * (v[i + 1] - v[i])
	}
	{ v[NR] = $1 } END {
		if (NR == 0) exit 1
		if (NR % 2) m = v[(NR + 1) / 2]
		else m = (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.4g %.4g %.4g %.4g %.4g\n", m, v[1], v[NR], q(0.25), q(0.75) }'
}

# bench_rotate N WORD...: the words rotated left by N (mod their count)
bench_rotate() {
	n=$1
	shift
	[ $# -gt 0 ] || return 0
	n=$((n % $#))
	while [ "$n" -gt 0 ]; do
		w=$1
		shift
		set -- "$@" "$w"
		n=$((n - 1))
	done
	echo "$@"
}

# bench_effect LABEL MEDIAN MIN MAX Q1 Q3 (of ratios with/without): one
# line; the effect is |1 - MEDIAN|, judged against the IQR of the ratios
bench_effect() {
	awk -v l="$1" -v m="$2" -v lo="$3" -v hi="$4" -v q1="$5" -v q3="$6" 'BEGIN {
		e = 1 - m; if (e < 0) e = -e
		iqr = q3 - q1
		printf "%s: paired ratio median %.3f (min %.3f, max %.3f, IQR %.3f); effect %.3f %s the IQR\n",
			l, m, lo, hi, iqr, e, (e > iqr ? "larger than" : "NOT larger than") }'
}
