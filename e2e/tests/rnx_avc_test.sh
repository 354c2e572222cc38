# rnx_avc_test.sh - sourced (". rnx_avc_test.sh") by the script tests that
# run rnx-avc on the benchmark's generated log, with $name set to the
# test's name and the script's own arguments: checks them (one RNX_AVC,
# executable; else usage, exit 2) and sets tool, bench (the benchmark
# script), tmp (a directory removed on exit) and fail=0.
if [ $# -ne 1 ] || [ ! -x "$1" ]; then
	echo "usage: $name.sh RNX_AVC" >&2
	exit 2
fi
tool=$1
bench=$(cd "$(dirname "$0")/../bench" && pwd)/avc-extract-bench.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0
