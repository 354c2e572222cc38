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
for f in file_contexts file_contexts.homedirs; do
	[ -f "$dir/$f" ] || {
		echo "check-fc: missing $dir/$f" >&2
		exit 2
	}
done
command -v selabel_lookup >/dev/null 2>&1 || {
	echo "ERROR: selabel_lookup not installed (package selinux-utils)" >&2
	exit 3
}

n=0
failed=0
# expect SPECFILE PATH TYPE
expect() {
	n=$((n + 1))
	got=$(selabel_lookup -b file -f "$dir/$1" -k "$2" 2>/dev/null |
		sed -n 's/^Default context: [^:]*:[^:]*:\([^:]*\):.*/\1/p')
	if [ "$got" = "$3" ]; then
		echo "ok $n - fc: $2 is $3"
	else
		echo "not ok $n - fc: $2 is ${got:-<none>}, want $3"
		failed=$((failed + 1))
	fi
}

echo "1..8"
expect file_contexts /usr/bin/rustnet rustnet_exec_t
expect file_contexts /usr/local/bin/rustnet rustnet_exec_t
expect file_contexts /var/log/rustnet rustnet_log_t
expect file_contexts /var/log/rustnet/logs/rustnet_2026-01-01_00-00-00.log \
	rustnet_log_t
expect file_contexts.homedirs /home/alice/.config/rustnet/config.toml \
	rustnet_config_home_t
expect file_contexts.homedirs \
	/home/alice/.local/share/rustnet/geoip/GeoLite2-ASN.mmdb \
	rustnet_data_home_t
expect file_contexts.homedirs /home/alice/rustnet-exports rustnet_home_t
expect file_contexts.homedirs /home/alice/rustnet-exports/logs/x.log \
	rustnet_home_t
[ "$failed" -eq 0 ] || {
	echo "# $failed of $n failed"
	exit 1
}
