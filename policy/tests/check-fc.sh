#!/bin/sh
# Check the file contexts of a linked store (see build-store.sh).
# Usage: policy/tests/check-fc.sh STOREDIR
# TAP output; exit 0 all ok, 1 a path has the wrong type, 2 usage,
# 3 selabel_lookup missing.
set -eu

[ $# -eq 1 ] || {
	echo "usage: $0 STOREDIR" >&2
	exit 2
}
dir=$1
. "$(dirname "$0")/lib.sh"
need_files 2 "$dir/file_contexts" "$dir/file_contexts.homedirs"
need_tool selabel_lookup selinux-utils

# expect SPECFILE PATH TYPE
expect() {
	got=$(selabel_lookup -b file -f "$dir/$1" -k "$2" 2>/dev/null |
		sed -n 's/^Default context: [^:]*:[^:]*:\([^:]*\):.*/\1/p')
	st=0
	[ "$got" = "$3" ] || st=1
	tap $st "fc: $2 -> ${got:-<none>} (want $3)"
}

echo "1..8"
expect file_contexts /usr/bin/rustnet rustnet_exec_t
expect file_contexts /usr/local/bin/rustnet rustnet_exec_t
expect file_contexts /var/log/rustnet rustnet_log_t
expect file_contexts /var/log/rustnet/alice/logs/rustnet_2026-01-01_00-00-00.log \
	rustnet_log_t
expect file_contexts.homedirs /home/alice/.config/rustnet/config.toml \
	rustnet_config_home_t
expect file_contexts.homedirs \
	/home/alice/.local/share/rustnet/geoip/GeoLite2-ASN.mmdb \
	rustnet_data_home_t
expect file_contexts.homedirs /home/alice/rustnet-exports rustnet_home_t
expect file_contexts.homedirs /home/alice/rustnet-exports/logs/x.log \
	rustnet_home_t
tap_done
