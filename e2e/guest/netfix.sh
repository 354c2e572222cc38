#!/bin/sh
# netfix.sh - the in-guest network fixture of the rustnet e2e suite.
#
#   netfix.sh up        bridge rnx0 (198.18.0.1/15 and 192.0.0.193/24) in
#                       the root namespace, four network namespaces on it:
#                         rnx-jp   198.18.1.10, 192.0.0.40  HTTP :80,
#                                  UDP echo :5000, TCP echo :7000
#                         rnx-br   198.18.2.10, 192.0.0.72  the same
#                         rnx-dns1 198.19.53.1  dnsmasq, *.stub.rnx.test
#                         rnx-dns2 198.19.53.2  dnsmasq, *.ext.rnx.test
#                       systemd-resolved upstream = 198.19.53.1 on rnx0, a
#                       default route into the bridge (so rustnet's route
#                       probe picks rnx0; nothing behind it leaves the guest),
#                       traffic loops as alice and a long-lived TCP session
#                       to 198.18.2.10:7000 as bob (process rnx-bobconn),
#                       one to 192.0.0.72:7000 as alice (rnx-aliceconn).
#                       The 192.0.0.x addresses are the GeoIP peers (rustnet
#                       1.7.0 skips 198.18.0.0/15 as a bogon; e2e/data/README.md).
#   netfix.sh down      stop everything, restore routes and resolver config
#   netfix.sh status    check the peers answer (exit 1 if not)
#   netfix.sh extdns on|off
#                       "external resolver" configuration: /etc/resolv.conf
#                       nameserver 198.19.53.2 and nsswitch "hosts: files dns"
#                       (saved and restored by off / down)
#
# Everything stays inside the guest: the bridge has no uplink.
set -eu

STATE=/run/rnx-netfix
BR=rnx0
USER_A=${RNX_USER:-alice}
USER_B=${RNX_OTHER_USER:-bob}

log() { echo "netfix: $*"; }

ns_exec() { # ns cmd... (nsenter keeps the caller's SELinux domain)
	ns=$1; shift
	nsenter --net=/run/netns/"$ns" -- "$@"
}

add_ns() { # name addr [geoaddr]
	name=$1 addr=$2 geo=${3:-}
	ip netns add "$name"
	ip link add "v-$name" type veth peer name eth0 netns "$name"
	ip link set "v-$name" master "$BR" up
	ns_exec "$name" ip addr add "$addr/15" dev eth0
	[ -z "$geo" ] || ns_exec "$name" ip addr add "$geo/24" dev eth0
	ns_exec "$name" ip link set eth0 up
	ns_exec "$name" ip link set lo up
}

start_bg() { # pidname cmd... : run detached, remember the pid
	pidname=$1; shift
	setsid "$@" >"$STATE/$pidname.log" 2>&1 </dev/null &
	echo $! > "$STATE/$pidname.pid"
}

# Services listen on every address of the peer's namespace (its fixture
# address and its GeoIP address); the namespace has nothing else.
peer_services() { # ns
	ns=$1
	mkdir -p "$STATE/www-$ns"
	echo "rnx fixture $ns" > "$STATE/www-$ns/index.html"
	start_bg "http-$ns" nsenter --net=/run/netns/"$ns" -- \
		python3 -m http.server 80 --bind 0.0.0.0 \
		--directory "$STATE/www-$ns"
	start_bg "echo-$ns" nsenter --net=/run/netns/"$ns" -- \
		socat UDP4-RECVFROM:5000,fork PIPE
	start_bg "tcpecho-$ns" nsenter --net=/run/netns/"$ns" -- \
		socat TCP4-LISTEN:7000,reuseaddr,fork PIPE
}

dns_server() { # ns addr domain
	ns=$1 addr=$2 dom=$3
	start_bg "dns-$ns" nsenter --net=/run/netns/"$ns" -- \
		dnsmasq --keep-in-foreground --no-resolv --no-hosts \
		--conf-file=/dev/null --bind-interfaces \
		--listen-address="$addr" --port=53 --pid-file= \
		--user=root --log-queries --log-facility=- \
		--host-record="tokyo-web.$dom,198.18.1.10" \
		--host-record="saopaulo-web.$dom,198.18.2.10" \
		--host-record="tokyo-geo.$dom,192.0.0.40" \
		--host-record="saopaulo-geo.$dom,192.0.0.72"
}

traffic() {
	# alice: HTTP to both peers (both addresses) every 2 s, UDP datagrams,
	# a ping every 6 s
	cat > "$STATE/traffic-alice.sh" <<'EOS'
#!/bin/sh
n=0
while :; do
	curl -s -o /dev/null -m 2 http://198.18.1.10/ || true
	curl -s -o /dev/null -m 2 http://198.18.2.10/ || true
	curl -s -o /dev/null -m 2 http://192.0.0.40/ || true
	curl -s -o /dev/null -m 2 http://192.0.0.72/ || true
	echo "rnx $n" | nc -u -w 1 198.18.1.10 5000 >/dev/null 2>&1 || true
	echo "rnx $n" | nc -u -w 1 192.0.0.40 5000 >/dev/null 2>&1 || true
	if [ $((n % 3)) -eq 0 ]; then
		ping -c 1 -W 1 198.18.2.10 >/dev/null 2>&1 || true
		ping -c 1 -W 1 192.0.0.72 >/dev/null 2>&1 || true
	fi
	n=$((n + 1))
	sleep 2
done
EOS
	chmod 0755 "$STATE/traffic-alice.sh"
	start_bg traffic-alice runuser -u "$USER_A" -- sh "$STATE/traffic-alice.sh"
	# bob: one long-lived TCP session to the echo port, connected before
	# any rustnet starts (so only procfs can attribute it) and sending a
	# line every 2 s (so a capture sees it), under a distinctive name
	cp "$(command -v nc)" /usr/local/bin/rnx-bobconn
	restorecon /usr/local/bin/rnx-bobconn 2>/dev/null || true
	start_bg traffic-bob runuser -u "$USER_B" -- sh -c \
		'while :; do echo bob; sleep 2; done | exec /usr/local/bin/rnx-bobconn 198.18.2.10 7000'
	# alice: the same kind of long-lived session to the BR GeoIP peer, as
	# process rnx-aliceconn: a flow whose owner, uid and GeoIP the headless
	# scenarios can assert whatever attribution method is in use (it
	# predates rustnet, so the start-up inventory finds it)
	cp "$(command -v nc)" /usr/local/bin/rnx-aliceconn
	restorecon /usr/local/bin/rnx-aliceconn 2>/dev/null || true
	start_bg traffic-aliceconn runuser -u "$USER_A" -- sh -c \
		'while :; do echo alice; sleep 2; done | exec /usr/local/bin/rnx-aliceconn 192.0.0.72 7000'
}

resolver_stub() {
	resolvectl dns "$BR" 198.19.53.1
	resolvectl domain "$BR" '~.'
	resolvectl flush-caches || true
}

up() {
	if [ -d "$STATE" ]; then
		log "already up; taking it down first"
		down
	fi
	mkdir -p "$STATE"
	ip route show default > "$STATE/default-route" || true
	ip link add "$BR" type bridge
	ip addr add 198.18.0.1/15 dev "$BR"
	ip addr add 192.0.0.193/24 dev "$BR"
	ip link set "$BR" up
	add_ns rnx-jp 198.18.1.10 192.0.0.40
	add_ns rnx-br 198.18.2.10 192.0.0.72
	add_ns rnx-dns1 198.19.53.1
	add_ns rnx-dns2 198.19.53.2
	# Route probe target: a default route into the bridge with a gateway
	# that does not exist, preferred over any other default route.
	ip route add default via 198.18.0.254 dev "$BR" metric 1
	peer_services rnx-jp
	peer_services rnx-br
	dns_server rnx-dns1 198.19.53.1 stub.rnx.test
	dns_server rnx-dns2 198.19.53.2 ext.rnx.test
	resolver_stub
	sleep 2
	traffic
	log "up"
}

kill_pids() {
	for f in "$STATE"/*.pid; do
		[ -f "$f" ] || continue
		p=$(cat "$f")
		# the whole session started by start_bg (setsid)
		kill -TERM -- "-$p" 2>/dev/null || kill -TERM "$p" 2>/dev/null || true
		rm -f "$f"
	done
}

extdns_off() {
	# /etc/resolv.conf is a relative symlink: its saved copy dangles, so
	# test for a link as well as for a file.
	if [ -e "$STATE/resolv.conf.saved" ] ||
	   [ -L "$STATE/resolv.conf.saved" ]; then
		rm -f /etc/resolv.conf
		cp -P "$STATE/resolv.conf.saved" /etc/resolv.conf
		rm -f "$STATE/resolv.conf.saved"
	fi
	if [ -f "$STATE/nsswitch.conf.saved" ]; then
		cp "$STATE/nsswitch.conf.saved" /etc/nsswitch.conf
		rm -f "$STATE/nsswitch.conf.saved"
	fi
	restorecon /etc/resolv.conf /etc/nsswitch.conf 2>/dev/null || true
}

extdns_on() {
	[ -d "$STATE" ] || { log "not up"; exit 1; }
	if [ ! -e "$STATE/resolv.conf.saved" ] &&
	   [ ! -L "$STATE/resolv.conf.saved" ]; then
		cp -P /etc/resolv.conf "$STATE/resolv.conf.saved"
	fi
	[ -e "$STATE/nsswitch.conf.saved" ] || cp /etc/nsswitch.conf "$STATE/nsswitch.conf.saved"
	rm -f /etc/resolv.conf
	echo "nameserver 198.19.53.2" > /etc/resolv.conf
	sed -i 's/^hosts:.*/hosts: files dns/' /etc/nsswitch.conf
	restorecon /etc/resolv.conf /etc/nsswitch.conf 2>/dev/null || true
	grep '^hosts:' /etc/nsswitch.conf
	cat /etc/resolv.conf
}

down() {
	[ -d "$STATE" ] || { log "not up"; return 0; }
	extdns_off
	kill_pids
	resolvectl revert "$BR" 2>/dev/null || true
	ip route del default via 198.18.0.254 dev "$BR" 2>/dev/null || true
	for ns in rnx-jp rnx-br rnx-dns1 rnx-dns2; do
		ip link del "v-$ns" 2>/dev/null || true
		ip netns del "$ns" 2>/dev/null || true
	done
	ip link del "$BR" 2>/dev/null || true
	rm -f /usr/local/bin/rnx-bobconn /usr/local/bin/rnx-aliceconn
	rm -rf "$STATE"
	log "down"
}

status() {
	rc=0
	ip -br addr show "$BR" || rc=1
	ip route show default
	for a in 198.18.1.10 198.18.2.10 192.0.0.40 192.0.0.72; do
		if curl -s -m 5 -o /dev/null -w "http $a %{http_code}\n" "http://$a/"; then :; else rc=1; fi
		if echo ping | nc -u -w 2 "$a" 5000 | grep -q ping; then
			echo "udp echo $a ok"
		else
			echo "udp echo $a FAILED"; rc=1
		fi
		ping -c 1 -W 2 "$a" >/dev/null && echo "icmp $a ok" || { echo "icmp $a FAILED"; rc=1; }
	done
	resolvectl status "$BR" | sed -n '1,8p' || true
	resolvectl query 198.18.1.10 || rc=1
	getent hosts 198.18.1.10 198.18.2.10 192.0.0.40 192.0.0.72 || rc=1
	ps -eo user,pid,comm,args | grep -E '[r]nx-bobconn|[r]nx-aliceconn|[t]raffic-alice|[d]nsmasq|[h]ttp.server|[s]ocat' || rc=1
	for want in "$USER_A .*traffic-alice" "$USER_B .*rnx-bobconn" \
		"$USER_A .*rnx-aliceconn"; do
		if ps -eo user,args | grep -q "^$want"; then :; else
			echo "traffic generator missing: $want"; rc=1
		fi
	done
	return $rc
}

case ${1:-} in
up) up ;;
down) down ;;
status) status ;;
extdns)
	case ${2:-} in
	on) extdns_on ;;
	off) extdns_off; grep '^hosts:' /etc/nsswitch.conf; ls -l /etc/resolv.conf ;;
	*) echo "usage: netfix.sh extdns on|off" >&2; exit 2 ;;
	esac ;;
*) echo "usage: netfix.sh up|down|status|extdns on|off" >&2; exit 2 ;;
esac
