#!/bin/sh
# Static checks of the opt-in egress guard (nft table and systemd unit).
# Usage: policy/tests/check-guard.sh [GUARD_DIR]
# TAP output; exit 0 ok, 1 a check failed, 2 usage.
set -eu

[ $# -le 1 ] || {
	echo "usage: $0 [GUARD_DIR]" >&2
	exit 2
}
dir=${1:-$(dirname "$0")/../guard}
nftf=$dir/rustnet-egress-guard.nft
unit=$dir/rustnet-egress-guard.service
. "$(dirname "$0")/lib.sh"
need_files 2 "$nftf" "$unit"

has() { # FILE REGEX
	grep -Eq "$2" "$1"
}

# all_match TEXT FILE REGEX...: ok when FILE matches every REGEX.
all_match() {
	text=$1
	file=$2
	shift 2
	st=0
	for re in "$@"; do
		has "$file" "$re" || st=1
	done
	tap $st "$text"
}

# chain_rules FILE CHAIN: the rules of CHAIN, one a line, without comments,
# indentation and the base chain's type line.
chain_rules() {
	awk -v c="$2" '
		$1 == "chain" && $2 == c { on = 1; next }
		on && $1 == "}" { exit }
		on && $1 != "type" && $1 !~ /^#/ && NF { sub(/^[ \t]+/, ""); print }
	' "$1"
}

# same_rules CHAIN EXPECTED: ok when CHAIN of $nftf holds exactly these rules.
same_rules() {
	got=$(chain_rules "$nftf" "$1")
	st=0
	[ "$got" = "$2" ] || st=1
	tap $st "nft: chain $1 is the one policy/README.md argues for" \
		"expected:
$2
got:
$got"
}

echo "1..15"
all_match "nft: table inet rustnet_guard" "$nftf" \
	'^table inet rustnet_guard \{'
all_match "nft: secmark objects name both rustnet packet types" "$nftf" \
	'"system_u:object_r:rustnet_dns_packet_t:s0"' \
	'"system_u:object_r:rustnet_nondns_packet_t:s0"'
all_match "nft: output and input hooks at priority mangle" "$nftf" \
	'type filter hook output priority mangle;' \
	'type filter hook input priority mangle;'
# Only TCP/UDP enters the labelling (ICMP errors are RELATED packets of the
# flow they report on: a restore would give them its label).
same_rules output 'meta l4proto { tcp, udp } jump label'
same_rules input 'meta l4proto { tcp, udp } jump label'
# Restore only for an entry that is neither expected (inherits its master's
# secmark) nor NATed; no entry (untracked, invalid) breaks to classify.
same_rules label 'ct status & (expected | snat | dnat) == 0 goto connection
goto classify'
same_rules connection 'ct secmark vmap { 0 : goto classify }
meta secmark set ct secmark'
# port 53 either way is dns, other TCP/UDP nondns; saved in the entry
same_rules classify \
'th dport 53 meta secmark set "rustnet_dns" ct secmark set meta secmark return
th sport 53 meta secmark set "rustnet_dns" ct secmark set meta secmark return
meta secmark set "rustnet_nondns" ct secmark set meta secmark'

# Parse and let the kernel validate it in a throwaway network namespace.
# Without SELinux the kernel cannot resolve secmark contexts; then only
# those errors are tolerated (and reported), never a syntax error.
if ! command -v nft >/dev/null 2>&1 || ! command -v unshare >/dev/null 2>&1; then
	tap_skip "nft -c" "nft or unshare not installed"
	tap_skip "nft -c without secmark objects" "nft or unshare not installed"
	tap_skip "Debian 13's nft -c without secmark objects" "nft or unshare not installed"
else
	st=0
	out=$(unshare -n nft -c -f "$nftf" 2>&1) || st=$?
	if [ "$st" -ne 0 ] && [ ! -e /sys/fs/selinux/enforce ] &&
	   ! printf '%s\n' "$out" | grep 'Error:' |
		grep -qv 'Could not process rule: No such file or directory'; then
		tap_skip "nft -c: syntax ok" \
			"secmark contexts not validated (SELinux disabled on this host)"
	else
		tap $st "nft -c accepts the table" "$out"
	fi
	# The same table with the secmark objects dropped and their uses made
	# "meta mark set": the kernel validates every other expression (ct
	# status/secmark, the vmap, chain jumps) with or without SELinux; once
	# with this host's nft, once with Debian 13's (nftables 1.1.x, from a
	# cached debian13 lab image or Debian 13's packages, see debian13_nft).
	sub=$(mktemp)
	sed -e '/^[[:space:]]*secmark rustnet_[a-z]* {/,/^[[:space:]]*}/d' \
	    -e 's/meta secmark set "rustnet_[a-z]*"/meta mark set 1/' \
	    "$nftf" >"$sub"
	nft_sub() { # TEXT NFT...
		text=$1
		shift
		st=0
		out=$(unshare -n "$@" -c -f "$sub" 2>&1) || st=$?
		grep -q 'secmark set ct secmark' "$sub" || {
			st=1
			out="the substituted table lost its rules"
		}
		tap $st "$text" "$out"
	}
	nft_sub "nft -c ($(nft --version)) accepts the table without its secmark objects" nft
	cache=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}
	if ! nft13=$(debian13_nft "$cache"); then
		tap 1 "Debian 13's nft accepts the table without its secmark objects" \
			"extracting Debian 13's nft failed (see above)"
	elif [ -z "$nft13" ]; then
		tap_skip "Debian 13's nft accepts the table without its secmark objects" \
			"no cached debian13 lab image (or no debugfs/readelf) and no Debian 13 nftables package (see above)"
	else
		nft_sub "Debian 13's nft -c ($("$nft13" --version)) accepts the table without its secmark objects" "$nft13"
	fi
	rm -f "$sub"
fi

all_match "unit: oneshot, stays active" "$unit" \
	'^Type=oneshot$' '^RemainAfterExit=yes$'
all_match "unit: loads and unloads the table" "$unit" \
	'^ExecStart=/usr/sbin/nft -f .*/rustnet-egress-guard\.nft$' \
	'^ExecStop=/usr/sbin/nft delete table inet rustnet_guard$'
all_match "unit: after nftables.service, only with SELinux" "$unit" \
	'^After=.*nftables\.service' '^ConditionSecurity=selinux$'

# "Not enabled by default": no Also=/Alias= and no preset shipped here.
st=0
! has "$unit" '^(Also|Alias)=' || st=1
! ls "$dir"/*.preset >/dev/null 2>&1 || st=1
tap $st "unit: nothing enables it by default"

tap_done
