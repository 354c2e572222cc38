#!/bin/sh
# run-benches.sh [--out DIR] - the in-guest part of `make bench`: the egress
# guard's cost (guard-throughput.sh) and confinement's cost to rustnet
# (confine-overhead.sh), one after the other in the same boot.  Each
# prints its own table and writes its JSON into DIR.  Exit 3 if either
# could not produce figures.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=/var/lib/rnx/out
case ${1:-} in
--out) OUT=${2:?}; shift 2 ;;
'') ;;
*) echo "usage: $0 [--out DIR]" >&2; exit 2 ;;
esac
rc=0
echo "== guard-throughput" >&2
sh "$HERE/guard-throughput.sh" --out "$OUT" || rc=3
echo "== confine-overhead" >&2
sh "$HERE/confine-overhead.sh" --out "$OUT" || rc=3
exit $rc
