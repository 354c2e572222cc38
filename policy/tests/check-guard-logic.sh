#!/bin/sh
# Behaviour of the egress guard's labelling, without SELinux: the shipped
# table and the per-packet table it replaced, both with their secmark
# statements turned into mark statements ("meta secmark" -> "meta mark",
# "ct secmark" -> "ct mark", dns -> 1, nondns -> 2: the same conntrack and
# nf_tables code paths on another field), each loaded in a private network
# namespace (unshare -n) while guard-traffic.py sends the same loopback
# traffic; a probe table counts the packets per hook, protocol and mark
# after the guard's chains.  Per scenario the two tables must give the same
# counts, and the shipped one must show its restore path taken (or not
# taken: untracked, NAT) and ICMP errors unlabelled.  All of it once with
# this host's nft and once with Debian 13's (nftables 1.1.x, from a cached
# debian13 lab image or Debian 13's packages, see debian13_nft in lib.sh)
# when there is one.
# Every packet stays in the namespace (127.0.0.1).  Needs root, unshare,
# ip, nft and python3; without them each test is a SKIP.
# Usage: check-guard-logic.sh [NEW_NFT [OLD_NFT]]; TAP; exit 0 ok, 1 failed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
new=${1:-$here/../guard/rustnet-egress-guard.nft}
old=${2:-$here/../../e2e/bench/guard-per-packet.nft}
. "$here/lib.sh"
need_files 2 "$new" "$old"

SCENARIOS="dns_udp dns_tcp oneway_udp other_tcp icmp_error untracked nat expected
	dns_udp6 other_tcp6 icmp_error6"
NSC=$(echo $SCENARIOS | wc -w)
cache=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}
nft13=$(debian13_nft "$cache") || nft13=""
NFTS="nft $nft13"
set -- $NFTS
echo "1..$((NSC * $#))"

why=""
[ "$(id -u)" -eq 0 ] || why="not root"
for t in unshare ip nft python3; do
	command -v "$t" >/dev/null 2>&1 || why="$t not installed"
done
[ -n "$why" ] || unshare -n true 2>/dev/null || why="unshare -n not permitted here"
if [ -n "$why" ]; then
	for n in $NFTS; do
		for s in $SCENARIOS; do
			tap_skip "guard logic: $s" "$why"
		done
	done
	exit 0
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# as_marks NFT OUT: the table with marks for secmarks and a counter on the
# restore rule; fails when a secmark is left
as_marks() {
	sed -e '/^[[:space:]]*secmark rustnet_[a-z]* {/,/^[[:space:]]*}/d' \
	    -e 's/meta secmark set "rustnet_dns"/meta mark set 1/' \
	    -e 's/meta secmark set "rustnet_nondns"/meta mark set 2/' \
	    -e 's/^\([[:space:]]*meta secmark set ct secmark\)$/\1 counter comment "restore"/' \
	    -e 's/meta secmark/meta mark/g; s/ct secmark/ct mark/g' \
	    -e '/^[[:space:]]*#/d' "$1" >"$2"
	! grep -q secmark "$2"
}
as_marks "$new" "$tmp/new.nft" || { echo "Bail out! secmark left in $new"; exit 1; }
as_marks "$old" "$tmp/old.nft" || { echo "Bail out! secmark left in $old"; exit 1; }

# The probe: loopback carries the output mark into input, so prerouting
# clears it; the counters run after the guard (priority 300).
{
	echo 'table inet rnx_probe {'
	echo '	chain pre {'
	echo '		type filter hook prerouting priority -300;'
	echo '		meta mark set 0'
	echo '	}'
	for h in output input; do
		echo "	chain $h {"
		echo "		type filter hook $h priority 300;"
		for p in tcp udp icmp ipv6-icmp; do
			for m in 0 1 2; do
				echo "		meta l4proto $p meta mark $m counter comment \"$h $p $m\""
			done
		done
		echo '	}'
	done
	echo '}'
} >"$tmp/probe.nft"

# the set-up a scenario needs besides the guard
cat >"$tmp/untracked.nft" <<'EOF'
table inet rnx_raw {
	chain output {
		type filter hook output priority raw;
		udp dport { 53, 7777 } notrack
		udp sport { 53, 7777 } notrack
	}
}
EOF
cat >"$tmp/nat.nft" <<'EOF'
table ip rnx_nat {
	chain output {
		type nat hook output priority -100;
		udp dport 53 dnat to 127.0.0.1:5353
	}
}
EOF
cat >"$tmp/expected.nft" <<'EOF'
table inet rnx_helper {
	ct helper tftp53 {
		type "tftp" protocol udp
	}
	chain output {
		type filter hook output priority filter;
		udp dport 53 ct helper set "tftp53"
	}
}
EOF

# run TABLE SCENARIO: "HOOK PROTO MARK PACKETS" lines and "restore N",
# with $nft
run() {
	extra=$tmp/$2.nft
	[ -f "$extra" ] || extra=""
	unshare -n sh -c '
		set -e
		nft=$6
		ip link set lo up
		"$nft" -f "$1"
		"$nft" -f "$2"
		[ -z "$3" ] || "$nft" -f "$3"
		python3 "$4" "$5"
		"$nft" list ruleset
	' sh "$1" "$tmp/probe.nft" "$extra" "$here/guard-traffic.py" "$2" "$nft" |
		sed -n 's/.*counter packets \([0-9]*\) bytes [0-9]* comment "\([^"]*\)".*/\2 \1/p' |
		sort
}

# count FILE KEY: the packets of KEY ("output udp 1", "restore"), 0 if none
count() {
	awk -v k="$2" '{ n = $NF; $NF = ""; sub(/ $/, "") } $0 == k { print n; f = 1 } END { if (!f) print 0 }' "$1"
}

for nft in $NFTS; do
ver=$("$nft" --version | sed 's/^nftables //; s/ .*//')
for s in $SCENARIOS; do
	st=0
	diag=""
	if ! run "$tmp/new.nft" "$s" >"$tmp/$s.new" 2>"$tmp/$s.err" ||
	   ! run "$tmp/old.nft" "$s" >"$tmp/$s.old" 2>>"$tmp/$s.err" ||
	   [ -s "$tmp/$s.err" ]; then
		tap 1 "guard logic (nft $ver): $s" "$(cat "$tmp/$s.err")"
		continue
	fi
	grep -v '^restore ' "$tmp/$s.new" >"$tmp/$s.new.labels" || :
	if ! cmp -s "$tmp/$s.new.labels" "$tmp/$s.old"; then
		st=1
		diag="labels differ from the per-packet table (< per packet, > shipped):
$(diff "$tmp/$s.old" "$tmp/$s.new.labels" || :)"
	fi
	r=$(count "$tmp/$s.new" restore)
	tcpudp=0
	for k in "output udp" "input udp" "output tcp" "input tcp"; do
		for m in 0 1 2; do
			tcpudp=$((tcpudp + $(count "$tmp/$s.new" "$k $m")))
		done
	done
	unl=$(($(count "$tmp/$s.new" "output udp 0") + $(count "$tmp/$s.new" "input udp 0") +
	       $(count "$tmp/$s.new" "output tcp 0") + $(count "$tmp/$s.new" "input tcp 0")))
	[ "$unl" -eq 0 ] || { st=1; diag="$diag
$unl TCP/UDP packet(s) left unlabelled"; }
	case $s in
	untracked|nat)
		# no entry / NATed entry: every packet classified on its own
		[ "$r" -eq 0 ] || { st=1; diag="$diag
restore path taken $r times"; } ;;
	expected)
		# only the request's own entry restores: its input pass
		[ "$r" -le 1 ] || { st=1; diag="$diag
restore path taken $r times (the expected entry must not restore)"; } ;;
	icmp_error*)
		ic=icmp
		[ "$s" = icmp_error ] || ic=ipv6-icmp
		i=$(($(count "$tmp/$s.new" "output $ic 0") + $(count "$tmp/$s.new" "input $ic 0")))
		l=$(($(count "$tmp/$s.new" "output $ic 1") + $(count "$tmp/$s.new" "output $ic 2") +
		     $(count "$tmp/$s.new" "input $ic 1") + $(count "$tmp/$s.new" "input $ic 2")))
		[ "$i" -ge 6 ] && [ "$l" -eq 0 ] || { st=1; diag="$diag
ICMP errors: $i unlabelled, $l labelled (want >= 6 and 0)"; } ;;
	*)
		# tracked, not NATed: all but the first packet's classification
		# at one hook take the restore path
		[ "$r" -eq $((tcpudp - 1)) ] || { st=1; diag="$diag
restore path taken $r times for $tcpudp TCP/UDP passes (want $((tcpudp - 1)))"; } ;;
	esac
	tap $st "guard logic (nft $ver): $s ($tcpudp TCP/UDP hook passes, $r restored)" "$diag
shipped table:
$(cat "$tmp/$s.new")"
done
done

tap_done
