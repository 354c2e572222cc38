#!/bin/sh
# Write the e2e GeoIP fixtures (GeoLite2-City.mmdb, GeoLite2-Country.mmdb,
# GeoLite2-ASN.mmdb) for the networks in geoip-ranges.tsv into OUTDIR.
#
# usage: e2e/data/make-geoip.sh OUTDIR
# Needs libmaxmind-db-writer-perl (scripts/install-deps.sh).
# Exit status: 0 ok, 2 usage error, 3 missing dependency or write error.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)

if [ $# -ne 1 ] || [ -z "$1" ]; then
	echo "usage: $0 OUTDIR" >&2
	exit 2
fi
OUT=$1

if ! perl -MMaxMind::DB::Writer::Tree -e 1 2>/dev/null; then
	echo "make-geoip: MaxMind::DB::Writer missing;" \
		"install libmaxmind-db-writer-perl (scripts/install-deps.sh)" >&2
	exit 3
fi
mkdir -p "$OUT" || exit 3
perl "$HERE/make-geoip.pl" "$HERE/geoip-ranges.tsv" "$OUT" || exit 3
