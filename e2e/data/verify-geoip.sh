#!/bin/sh
# Check the GeoIP fixtures written by make-geoip.sh against geoip-ranges.tsv
# with libmaxminddb's mmdblookup (an independent reader).
#
# usage: e2e/data/verify-geoip.sh DIR
# Exit status: 0 all answers right, 1 a wrong answer, 2 usage error,
# 3 mmdblookup or a database missing.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
TABLE=$HERE/geoip-ranges.tsv

if [ $# -ne 1 ]; then
	echo "usage: $0 DIR" >&2
	exit 2
fi
DIR=$1
command -v mmdblookup >/dev/null || {
	echo "verify-geoip: mmdblookup missing; install mmdb-bin" >&2
	exit 3
}
for db in City Country ASN; do
	[ -r "$DIR/GeoLite2-$db.mmdb" ] || {
		echo "verify-geoip: $DIR/GeoLite2-$db.mmdb missing" >&2
		exit 3
	}
done

fails=0
checks=0

# value DB IP PATH...: the value at PATH, without quotes and type tag.
value() {
	db=$1
	ip=$2
	shift 2
	mmdblookup --file "$DIR/GeoLite2-$db.mmdb" --ip "$ip" "$@" 2>&1 |
		sed -n 's/^ *"\{0,1\}\(.*\)"\{0,1\} <[a-z0-9_]*>$/\1/p' |
		sed 's/"$//'
}

expect() {
	want=$1
	db=$2
	ip=$3
	shift 3
	got=$(value "$db" "$ip" "$@")
	checks=$((checks + 1))
	if [ "$got" != "$want" ]; then
		echo "FAIL $db $ip $*: got '$got', want '$want'" >&2
		fails=$((fails + 1))
	fi
}

# absent DB IP: the address must have no record.
absent() {
	checks=$((checks + 1))
	out=$(mmdblookup --file "$DIR/GeoLite2-$1.mmdb" --ip "$2" 2>&1 || true)
	case $out in
	*"Could not find an entry"*) ;;
	*)
		echo "FAIL $1 $2: expected no entry, got: $out" >&2
		fails=$((fails + 1))
		;;
	esac
}

expect_type() {
	checks=$((checks + 1))
	got=$(mmdblookup --file "$DIR/GeoLite2-$1.mmdb" --ip 0.0.0.0 \
		--verbose 2>&1 | sed -n 's/^ *Type: *//p')
	if [ "$got" != "$1" ] && [ "$got" != "GeoLite2-$1" ]; then
		echo "FAIL $1: database type '$got', want GeoLite2-$1" >&2
		fails=$((fails + 1))
	fi
}

for db in City Country ASN; do
	expect_type "$db"
done

tab=$(printf '\t')
rows=0
while IFS=$tab read -r net iso country cont _ _ _ city _ postal lat _ _ asn org; do
	case $net in '' | '#'*) continue ;; esac
	rows=$((rows + 1))
	base=${net%/*}
	prefix=${net#*/}
	[ "$prefix" -le 28 ] || {
		echo "verify-geoip: $net: prefix longer than /28" >&2
		exit 3
	}
	ip=${base%.*}.$((${base##*.} + 7))
	expect "$iso" Country "$ip" country iso_code
	expect "$country" Country "$ip" country names en
	expect "$cont" Country "$ip" continent code
	expect "$iso" City "$ip" country iso_code
	expect "$country" City "$ip" country names en
	expect "$city" City "$ip" city names en
	expect "$postal" City "$ip" postal code
	lat_got=$(value City "$ip" location latitude)
	checks=$((checks + 1))
	if ! awk -v a="$lat_got" -v b="$lat" \
		'BEGIN { d = a - b; exit !(a != "" && d < 0.0001 && d > -0.0001) }'; then
		echo "FAIL City $ip latitude: got '$lat_got', want $lat" >&2
		fails=$((fails + 1))
	fi
	expect "$asn" ASN "$ip" autonomous_system_number
	expect "$org" ASN "$ip" autonomous_system_organization
	# The same address as seen through the IPv4-mapped IPv6 subtree.
	expect "$iso" City "::ffff:$ip" country iso_code
done <"$TABLE"

[ "$rows" -gt 0 ] || {
	echo "verify-geoip: no networks in $TABLE" >&2
	exit 3
}

# Neighbours of the fixture networks and unrelated addresses have no record.
for ip in 198.18.0.1 198.18.5.1 198.19.52.255 198.19.54.0 192.0.0.31 \
	192.0.0.193 8.8.8.8 \
	2001:db8::1; do
	for db in City Country ASN; do
		absent "$db" "$ip"
	done
done

if [ "$fails" -ne 0 ]; then
	echo "verify-geoip: $fails of $checks checks failed" >&2
	exit 1
fi
echo "verify-geoip: $checks checks passed ($rows networks)"
