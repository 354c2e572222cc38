#!/bin/sh
# egress-guard.sh load|flush|status
#
# load: load the shipped opt-in egress guard (an nftables table with secmark
#   objects) after checking that the policy knows its packet types and that
#   unlabelednet (Fedora's module) or the refpolicy shim rnx_unlabelednet
#   is loaded: without either, the first secmark object cuts every confined
#   daemon (sshd_t, ...) off the network, this script's own control channel
#   included.
# flush: delete the guard's table (idempotent).  SECMARK checks stop once
#   the last secmark object is gone: the guard fails open.  Conntrack
#   entries keep the labels the table saved in them; nothing restores
#   them without the table, and a reload of the same table restores the
#   labels it would compute anyway (policy/README.md, "Egress guard").
set -eu

NFT=${RNX_GUARD_NFT:-/opt/rnx/policy/guard/rustnet-egress-guard.nft}

[ -r "$NFT" ] || { echo "egress-guard: no $NFT" >&2; exit 3; }
# "table inet rustnet_guard {" -> "inet rustnet_guard"
TABLE=$(awk '$1 == "table" { print $2, $3; exit }' "$NFT")
[ -n "$TABLE" ] || { echo "egress-guard: no table in $NFT" >&2; exit 3; }

present() {
	# shellcheck disable=SC2086
	nft list table $TABLE >/dev/null 2>&1
}

case "${1:-}" in
load)
	mods=$(semodule -l)
	# Fedora's own unlabelednet module, or the refpolicy shim
	for m in rustnet 'rnx_unlabelednet|unlabelednet'; do
		echo "$mods" | grep -qxE "$m" || {
			echo "egress-guard: module $m not loaded: refusing" >&2
			exit 3
		}
	done
	if present; then
		# shellcheck disable=SC2086
		nft delete table $TABLE
	fi
	nft -f "$NFT"
	# shellcheck disable=SC2086
	nft list table $TABLE
	;;
flush)
	if present; then
		# shellcheck disable=SC2086
		nft delete table $TABLE
	fi
	if present; then
		echo "egress-guard: table $TABLE still loaded" >&2
		exit 1
	fi
	echo "table $TABLE not loaded"
	;;
status)
	nft list tables
	;;
*)
	echo "usage: $0 load|flush|status" >&2
	exit 2
	;;
esac
