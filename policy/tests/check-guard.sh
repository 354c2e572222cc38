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

echo "1..9"
all_match "nft: table inet rustnet_guard" "$nftf" \
	'^table inet rustnet_guard \{'
all_match "nft: secmark objects name both rustnet packet types" "$nftf" \
	'"system_u:object_r:rustnet_dns_packet_t:s0"' \
	'"system_u:object_r:rustnet_nondns_packet_t:s0"'
all_match "nft: output and input hooks" "$nftf" \
	'type filter hook output priority' 'type filter hook input priority'
all_match "nft: port 53 both directions is dns, other TCP/UDP nondns" \
	"$nftf" \
	'meta l4proto \{ tcp, udp \} th dport 53 meta secmark set "rustnet_dns"' \
	'meta l4proto \{ tcp, udp \} th sport 53 meta secmark set "rustnet_dns"' \
	'meta l4proto \{ tcp, udp \} meta secmark set "rustnet_nondns"'

# Parse and let the kernel validate it in a throwaway network namespace.
# Without SELinux the kernel cannot resolve secmark contexts; then only
# those errors are tolerated (and reported), never a syntax error.
if ! command -v nft >/dev/null 2>&1 || ! command -v unshare >/dev/null 2>&1; then
	tap_skip "nft -c" "nft or unshare not installed"
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
