#!/bin/sh
# dns-paths.sh - resolver configurations of the reverse-DNS path rows
# (e2e/runner/sc_dns_paths.c).  Needs the network fixture (netfix.sh up).
#
#   dns-paths.sh enter stub|external|resolved on|off
#       stub      /etc/resolv.conf "nameserver 127.0.0.53" (systemd-resolved's
#                 stub), nsswitch "hosts: files dns" (no resolve module)
#       external  /etc/resolv.conf "nameserver 198.19.53.2" (dnsmasq in the
#                 rnx-dns2 namespace), nsswitch "hosts: files dns"
#       resolved  the image's own configuration, checked, not changed:
#                 nsswitch with the resolve module, resolv.conf -> the stub
#       on|off    rustnet_direct_dns (not persistent; old value saved once)
#     Both files are saved by netfix.sh extdns (its state directory), so
#     netfix.sh down, which the runner also calls at exit, restores them
#     on every path.  systemd-resolved logs at debug level for the stub
#     and resolved paths (its old level saved once); its cache is flushed.
#   dns-paths.sh restore
#       files, boolean and resolved's log level back (idempotent)
#   dns-paths.sh qlog-size NS          bytes of NS's dnsmasq query log
#   dns-paths.sh qlog-save NS OFF DEST the log from byte OFF on into DEST
#   dns-paths.sh journal SINCE UNTIL DEST
#       systemd-resolved's journal between two epoch seconds into DEST
#   dns-paths.sh show
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
NETFIX_STATE=/run/rnx-netfix
STATE=/run/rnx-dnspaths
BOOL=rustnet_direct_dns
UNIT=systemd-resolved.service

show() {
	ls -lZ /etc/resolv.conf /etc/nsswitch.conf
	cat /etc/resolv.conf
	grep '^hosts:' /etc/nsswitch.conf
	getsebool "$BOOL"
	systemctl service-log-level "$UNIT" 2>/dev/null || :
}

save_once() {
	mkdir -p "$STATE"
	[ -e "$STATE/bool.saved" ] ||
		getsebool "$BOOL" | awk '{print $3}' > "$STATE/bool.saved"
}

debug_log() {
	if [ ! -e "$STATE/loglevel.saved" ]; then
		systemctl service-log-level "$UNIT" > "$STATE/loglevel.saved" ||
			{ rm -f "$STATE/loglevel.saved"; return 1; }
	fi
	systemctl service-log-level "$UNIT" debug
}

enter() { # path on|off
	path=$1 bool=$2
	case $bool in on|off) ;; *) usage ;; esac
	[ -d "$NETFIX_STATE" ] || { echo "dns-paths: network fixture not up" >&2; exit 3; }
	getsebool "$BOOL" >/dev/null || {
		echo "dns-paths: boolean $BOOL not in the loaded policy" >&2
		exit 3
	}
	save_once
	case $path in
	stub|external)
		sh "$HERE/netfix.sh" extdns on >/dev/null
		if [ "$path" = stub ]; then
			rm -f /etc/resolv.conf
			printf 'nameserver 127.0.0.53\noptions edns0 trust-ad\n' \
				> /etc/resolv.conf
			restorecon /etc/resolv.conf 2>/dev/null || :
		fi
		;;
	resolved)
		grep -Eq '^hosts:.*[[:space:]]resolve([[:space:]]|$)' /etc/nsswitch.conf || {
			echo "dns-paths: nsswitch.conf has no resolve module" >&2
			exit 3
		}
		grep -q '^nameserver 127\.0\.0\.53$' /etc/resolv.conf || {
			echo "dns-paths: resolv.conf does not name the stub" >&2
			exit 3
		}
		;;
	*) usage ;;
	esac
	setsebool "$BOOL" "$bool"
	if [ "$path" != external ]; then
		debug_log || echo "dns-paths: resolved's log level unchanged (no debug log)"
	fi
	resolvectl flush-caches
	show
}

restore() {
	rc=0
	sh "$HERE/netfix.sh" extdns off >/dev/null || rc=1
	if [ -e "$STATE/bool.saved" ]; then
		setsebool "$BOOL" "$(cat "$STATE/bool.saved")" || rc=1
		rm -f "$STATE/bool.saved"
	fi
	if [ -e "$STATE/loglevel.saved" ]; then
		systemctl service-log-level "$UNIT" "$(cat "$STATE/loglevel.saved")" || rc=1
		rm -f "$STATE/loglevel.saved"
	fi
	show || rc=1
	return $rc
}

qlog() { # ns
	f="$NETFIX_STATE/dns-$1.log"
	[ -f "$f" ] || { echo "dns-paths: no query log $f" >&2; exit 3; }
	echo "$f"
}

usage() {
	echo "usage: dns-paths.sh enter stub|external|resolved on|off | restore | qlog-size NS | qlog-save NS OFFSET DEST | journal SINCE UNTIL DEST | show" >&2
	exit 2
}

case ${1:-} in
enter) [ $# -eq 3 ] || usage; enter "$2" "$3" ;;
restore) restore ;;
qlog-size) [ $# -eq 2 ] || usage; stat -c %s "$(qlog "$2")" ;;
qlog-save)
	[ $# -eq 4 ] || usage
	f=$(qlog "$2")
	tail -c +"$(($3 + 1))" "$f" > "$4"
	cat "$4"
	;;
journal)
	[ $# -eq 4 ] || usage
	journalctl -u "$UNIT" --since "@$2" --until "@$3" --no-pager \
		-o short-precise > "$4" || :
	echo "resolved journal lines: $(wc -l < "$4"), naming in-addr.arpa: $(grep -c 'in-addr\.arpa' "$4" || :)"
	grep -i 'in-addr\.arpa' "$4" | head -n 40 || :
	;;
show) show ;;
*) usage ;;
esac
