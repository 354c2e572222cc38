#!/bin/sh
# confine-overhead.sh [--reps N] [--secs S] [--out DIR] [--user USER]
#
# Benchmark (not a timed test) of what confinement costs rustnet itself,
# run as root in the guest.  The same rustnet binary captures the same kind
# of traffic (UDP, 1400-byte datagrams as fast as rnx-bench-send can, from
# one namespace to another over a veth pair) in three modes, alternating
# within each repetition:
#   confined    /usr/bin/rustnet, rustnet_exec_t -> rustnet_t, enforcing
#   permissive  the same, with the whole system permissive (setenforce 0)
#   unconfined  a copy labelled bin_t, so it stays in the user's
#               unconfined_t; same file capabilities
# rustnet runs as USER (default alice) in tmux inside the receiving
# namespace with `-i veth-rnxb --pcap-export`, so what it captured can be
# counted.  Per run: CPU seconds of the rustnet process (utime+stime, all
# threads) over the traffic window, packets in its pcap, CPU microseconds
# per captured packet and captured packets per second.  Prints median, min,
# max per mode and the ratios confined/unconfined and permissive/unconfined,
# and writes DIR/confine-overhead.json.  Everything stays inside the guest.
set -eu

BUNDLE=$(cd "$(dirname "$0")/.." && pwd)
H=$BUNDLE/helpers
REPS=5
SECS=10
OUT=/var/lib/rnx/out
RUSER=alice
NSA=rnxo-a
NSB=rnxo-b
ADDR_A=10.199.1.1
ADDR_B=10.199.1.2
PORT=5202
CONFINED=/usr/bin/rustnet
UNCONFINED=/usr/local/libexec/rnxo-rustnet
CAPS=cap_net_raw,cap_bpf,cap_perfmon+eip

die() { echo "confine-overhead: ERROR: $*" >&2; exit 3; }

while [ $# -gt 0 ]; do
	case $1 in
	--reps) REPS=${2:?}; shift 2 ;;
	--secs) SECS=${2:?}; shift 2 ;;
	--out) OUT=${2:?}; shift 2 ;;
	--user) RUSER=${2:?}; shift 2 ;;
	*) echo "usage: $0 [--reps N] [--secs S] [--out DIR] [--user USER]" >&2; exit 2 ;;
	esac
done
case $REPS$SECS in *[!0-9]*) echo "usage: numbers for --reps/--secs" >&2; exit 2 ;; esac
[ "$REPS" -ge 1 ] && [ "$SECS" -ge 1 ] || { echo "usage: --reps/--secs >= 1" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || die "run as root"
[ -x "$BUNDLE/rustnet" ] || die "$BUNDLE/rustnet missing (bundle incomplete)"
id "$RUSER" >/dev/null 2>&1 || die "no user $RUSER"
[ "$(getenforce)" = Enforcing ] || die "the guest must boot enforcing"

. "$BUNDLE/bench/bench-lib.sh"
bench_load_modules rustnet

TMP=$(mktemp -d)
chmod 0755 "$TMP"
chown "$RUSER" "$TMP"	# rustnet writes its pcap here as $RUSER
cleanup() {
	runuser -u "$RUSER" -- tmux -L rnxo kill-server 2>/dev/null || :
	bench_recv_kill
	bench_netns_down
	setenforce 1 2>/dev/null || :
	rm -rf "$TMP" "$UNCONFINED"
}
trap cleanup EXIT
trap 'exit 3' INT TERM

# the two binaries: identical bytes and capabilities, different labels
install -m 0755 "$BUNDLE/rustnet" "$CONFINED"
restorecon "$CONFINED"
mkdir -p "$(dirname "$UNCONFINED")"
install -m 0755 "$BUNDLE/rustnet" "$UNCONFINED"
chcon -t bin_t "$UNCONFINED"
# Same work in every mode: with eBPF off in the policy (boolean
# rustnet_use_ebpf, if the module has it) rustnet_t falls back to procfs
# attribution, so the unconfined copy gets no CAP_BPF/CAP_PERFMON and
# falls back too.
EBPF=$(getsebool rustnet_use_ebpf 2>/dev/null | awk '{ print $3 }')
UCAPS=$CAPS
[ "$EBPF" = off ] && UCAPS=cap_net_raw+eip
setcap "$CAPS" "$CONFINED" && setcap "$UCAPS" "$UNCONFINED" || die "setcap failed"
cmp -s "$CONFINED" "$UNCONFINED" || die "the two copies differ"
echo "confine-overhead: rustnet_use_ebpf=${EBPF:-absent}; caps confined $CAPS, unconfined $UCAPS" >&2
stat -c %C "$CONFINED" | grep -q ':rustnet_exec_t:' ||
	die "$CONFINED is not rustnet_exec_t: $(stat -c %C "$CONFINED")"
bench_netns_up

# one MODE BIN: one capture run; prints "cpu_s packets"
one() {
	mode=$1 bin=$2
	pcap=$TMP/$mode.pcap
	err=$TMP/$mode.err
	rm -f "$pcap" "$pcap.connections.jsonl" "$err"
	# rustnet's stderr is kept: a start that fails says why
	ip netns exec "$NSB" runuser -u "$RUSER" -- tmux -L rnxo new-session -d \
		-s rnxo -x 200 -y 50 "exec $bin -i veth-rnxb --no-resolve-dns --pcap-export $pcap 2>$err" ||
		die "$mode: tmux did not start"
	# under TCG rustnet's start-up (GeoIP, eBPF probe, sandbox) takes
	# seconds; 120 s at most
	pid="" i=0
	# the pcap file exists once rustnet opened it; 1.7.0 writes its
	# header only with the first packet, so it stays empty until the
	# sender starts (waiting for a non-empty file never ended)
	while [ -z "$pid" ] || [ ! -e "$pcap" ]; do
		i=$((i + 1))
		[ $i -lt 1200 ] || die "$mode: rustnet did not start in 120 s" \
			"(pid '${pid}', pcap $(stat -c %s "$pcap" 2>/dev/null || echo absent)," \
			"stderr: $(tr '\n' ' ' < "$err" 2>/dev/null | cut -c1-400))"
		sleep 0.1
		pid=$(pgrep -n -u "$RUSER" -f "^$bin " || :)
	done
	ctx=$(cat "/proc/$pid/attr/current" 2>/dev/null | tr -d '\0')
	case $mode:$ctx in
	confined:*:rustnet_t:*|permissive:*:rustnet_t:*|unconfined:*:unconfined_t:*) ;;
	*) die "$mode: rustnet runs as '$ctx'" ;;
	esac
	sleep 3	# start-up (GeoIP, eBPF, sandbox) is not part of the figure
	c0=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	bench_recv_start udp "$SECS"
	ip netns exec "$NSA" "$H/rnx-bench-send" udp "$ADDR_B" "$PORT" "$SECS" \
		> "$TMP/send.out" 2>&1 || die "sender: $(cat "$TMP/send.out")"
	bench_recv_wait > /dev/null
	sleep 2	# let rustnet drain its ring
	c1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
	runuser -u "$RUSER" -- tmux -L rnxo send-keys -t rnxo q
	sleep 1
	runuser -u "$RUSER" -- tmux -L rnxo send-keys -t rnxo q 2>/dev/null || :
	i=0
	while kill -0 "$pid" 2>/dev/null; do
		i=$((i + 1)); [ $i -lt 100 ] || { kill "$pid"; sleep 1; break; }
		sleep 0.1
	done
	runuser -u "$RUSER" -- tmux -L rnxo kill-server 2>/dev/null || :
	pk=$(python3 - "$pcap" <<'PY'
import struct, sys
with open(sys.argv[1], "rb") as f:
    head = f.read(24)
    if len(head) < 24:
        sys.exit("short pcap")
    end = "<" if head[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    n = 0
    while True:
        rec = f.read(16)
        if len(rec) < 16:
            break
        incl = struct.unpack(end + "IIII", rec)[2]
        f.seek(incl, 1)
        n += 1
print(n)
PY
) || die "$mode: cannot read $pcap"
	hz=$(getconf CLK_TCK)
	echo "$c0 $c1 $hz $pk" | awk '{ printf "%.3f %d\n", ($2 - $1) / $3, $4 }'
}

for r in $(seq 1 "$REPS"); do
	for mode in unconfined confined permissive; do
		bin=$CONFINED
		[ "$mode" = unconfined ] && bin=$UNCONFINED
		[ "$mode" = permissive ] && setenforce 0
		# one() runs in a subshell: its die ends only that; no figures
		# here means it failed (its message is above)
		set -- $(one "$mode" "$bin") || :
		setenforce 1
		[ $# -eq 2 ] || die "$mode run $r gave no figures"
		[ "$2" -gt 0 ] || die "$mode run $r captured no packet"
		echo "$1" >> "$TMP/$mode.cpu"
		echo "$1 $2" | awk '{ printf "%.3f\n", $1 * 1e6 / $2 }' >> "$TMP/$mode.us"
		echo "$2 $SECS" | awk '{ printf "%.1f\n", $1 / $2 }' >> "$TMP/$mode.pps"
		echo "run $r $mode: cpu ${1}s, $2 packets captured" >&2
	done
done

stats() { bench_stats < "$TMP/$1"; }
ratio() { echo "$1 $2" | awk '{ if ($2 > 0) printf "%.3f", $1 / $2; else print "null" }'; }
mkdir -p "$OUT"
{
	printf '{\n  "benchmark": "confine-overhead",\n'
	printf '  "kernel": "%s",\n  "rustnet": "%s",\n' "$(uname -r)" \
		"$("$BUNDLE/rustnet" --version 2>/dev/null | head -n1)"
	printf '  "reps": %s,\n  "seconds": %s,\n' "$REPS" "$SECS"
	printf '  "rustnet_use_ebpf": "%s",\n  "caps_unconfined": "%s",\n' "${EBPF:-absent}" "$UCAPS"
	printf '  "note": "UDP 1400-byte datagrams as fast as the sender can over veth between two netns; rustnet -i veth-rnxb --pcap-export as %s in tmux; TCG guest: absolute figures are not hardware figures",\n' "$RUSER"
	for mode in unconfined confined permissive; do
		set -- $(stats "$mode.us")
		printf '  "%s": { "cpu_us_per_packet": { "median": %s, "min": %s, "max": %s }, ' "$mode" "$1" "$2" "$3"
		set -- $(stats "$mode.pps")
		printf '"captured_per_s": { "median": %s, "min": %s, "max": %s }, ' "$1" "$2" "$3"
		printf '"cpu_s": [%s] },\n' "$(paste -sd, "$TMP/$mode.cpu")"
	done
	u=$(stats unconfined.us | cut -d' ' -f1)
	c=$(stats confined.us | cut -d' ' -f1)
	p=$(stats permissive.us | cut -d' ' -f1)
	up=$(stats unconfined.pps | cut -d' ' -f1)
	cp=$(stats confined.pps | cut -d' ' -f1)
	printf '  "ratio_cpu_per_packet_confined_unconfined": %s,\n' "$(ratio "$c" "$u")"
	printf '  "ratio_cpu_per_packet_permissive_unconfined": %s,\n' "$(ratio "$p" "$u")"
	printf '  "ratio_captured_per_s_confined_unconfined": %s\n}\n' "$(ratio "$cp" "$up")"
} > "$OUT/confine-overhead.json"
{
	printf '%-11s %28s %28s\n' mode "CPU us/packet med (min-max)" "captured/s med (min-max)"
	for mode in unconfined confined permissive; do
		set -- $(stats "$mode.us")
		a="$1 ($2-$3)"
		set -- $(stats "$mode.pps")
		printf '%-11s %28s %28s\n' "$mode" "$a" "$1 ($2-$3)"
	done
} >&2
cat "$OUT/confine-overhead.json"
