#!/bin/sh
# egress-dns.sh direct|restore|show
#
# direct: the "external resolver" configuration of the egress scenarios:
#   netfix.sh extdns on (/etc/resolv.conf "nameserver 198.19.53.2", nsswitch
#   "hosts: files dns"; the fixture saves and restores the files) and the
#   boolean rustnet_direct_dns on, not persistent, its old value saved once.
# restore: netfix.sh extdns off and the boolean back to its saved value
#   (idempotent; the boolean is left alone when nothing is saved).
# /etc/resolv.conf is also saved and restored here: it is a relative
# symlink (../run/systemd/resolve/stub-resolv.conf), and a saved copy of it
# elsewhere dangles, so a `[ -f saved ]` test misses it.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
STATE=${RNX_EGRESS_STATE:-/var/lib/rnx/egress}
BOOL=rustnet_direct_dns

show() {
	ls -lZ /etc/resolv.conf /etc/nsswitch.conf
	cat /etc/resolv.conf
	grep '^hosts:' /etc/nsswitch.conf
	getsebool "$BOOL"
}

case "${1:-}" in
direct)
	mkdir -p "$STATE"
	getsebool "$BOOL" >/dev/null || {
		echo "egress-dns: boolean $BOOL not in the loaded policy" >&2
		exit 3
	}
	[ -e "$STATE/bool.saved" ] ||
		getsebool "$BOOL" | awk '{print $3}' > "$STATE/bool.saved"
	if [ ! -e "$STATE/resolv.conf.saved" ] &&
	   [ ! -L "$STATE/resolv.conf.saved" ]; then
		cp -P /etc/resolv.conf "$STATE/resolv.conf.saved"
	fi
	sh "$HERE/netfix.sh" extdns on >/dev/null
	setsebool "$BOOL" on
	show
	;;
restore)
	rc=0
	sh "$HERE/netfix.sh" extdns off >/dev/null || rc=1
	if [ -e "$STATE/resolv.conf.saved" ] || [ -L "$STATE/resolv.conf.saved" ]; then
		rm -f /etc/resolv.conf
		cp -P "$STATE/resolv.conf.saved" /etc/resolv.conf || rc=1
		rm -f "$STATE/resolv.conf.saved"
		restorecon /etc/resolv.conf 2>/dev/null || :
	fi
	if [ -e "$STATE/bool.saved" ]; then
		setsebool "$BOOL" "$(cat "$STATE/bool.saved")" || rc=1
		rm -f "$STATE/bool.saved"
	fi
	show
	exit $rc
	;;
show)
	show
	;;
*)
	echo "usage: $0 direct|restore|show" >&2
	exit 2
	;;
esac
