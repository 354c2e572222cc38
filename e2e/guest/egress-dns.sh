#!/bin/sh
# egress-dns.sh direct|restore|show
#
# direct: switch the guest to the "external resolver" configuration of the
#   egress scenarios: /etc/resolv.conf "nameserver 198.19.53.2", nsswitch
#   "hosts: files dns", boolean rustnet_direct_dns on (not persistent).
#   The previous files and boolean value are saved first (once).
# restore: put back exactly what was saved (idempotent; no-op when nothing
#   is saved), relabel, and reset the boolean to its saved value.
set -eu

STATE=${RNX_EGRESS_STATE:-/var/lib/rnx/egress}
RESOLVER=${RNX_EXT_RESOLVER:-198.19.53.2}
BOOL=rustnet_direct_dns

show() {
	ls -lZ /etc/resolv.conf /etc/nsswitch.conf
	cat /etc/resolv.conf
	grep '^hosts:' /etc/nsswitch.conf
	getsebool "$BOOL"
}

direct() {
	mkdir -p "$STATE"
	getsebool "$BOOL" >/dev/null || {
		echo "egress-dns: boolean $BOOL not in the loaded policy" >&2
		exit 3
	}
	if [ ! -e "$STATE/resolv.conf.saved" ] &&
	   [ ! -L "$STATE/resolv.conf.saved" ]; then
		cp -P /etc/resolv.conf "$STATE/resolv.conf.saved"
	fi
	[ -e "$STATE/nsswitch.conf.saved" ] ||
		cp -p /etc/nsswitch.conf "$STATE/nsswitch.conf.saved"
	[ -e "$STATE/bool.saved" ] ||
		getsebool "$BOOL" | awk '{print $3}' > "$STATE/bool.saved"
	rm -f /etc/resolv.conf
	printf 'nameserver %s\n' "$RESOLVER" > /etc/resolv.conf
	# rewrite in place: keeps the inode and its label
	sed 's/^hosts:.*/hosts:          files dns/' "$STATE/nsswitch.conf.saved" \
		> /etc/nsswitch.conf
	restorecon /etc/resolv.conf /etc/nsswitch.conf
	setsebool "$BOOL" on
	show
}

restore() {
	if [ -e "$STATE/resolv.conf.saved" ] || [ -L "$STATE/resolv.conf.saved" ]; then
		rm -f /etc/resolv.conf
		cp -P "$STATE/resolv.conf.saved" /etc/resolv.conf
		rm -f "$STATE/resolv.conf.saved"
	fi
	if [ -e "$STATE/nsswitch.conf.saved" ]; then
		cat "$STATE/nsswitch.conf.saved" > /etc/nsswitch.conf
		rm -f "$STATE/nsswitch.conf.saved"
	fi
	restorecon /etc/resolv.conf /etc/nsswitch.conf 2>/dev/null || :
	if [ -e "$STATE/bool.saved" ]; then
		setsebool "$BOOL" "$(cat "$STATE/bool.saved")"
		rm -f "$STATE/bool.saved"
	fi
	show
}

case "${1:-}" in
direct) direct ;;
restore) restore ;;
show) show ;;
*) echo "usage: $0 direct|restore|show" >&2; exit 2 ;;
esac
