#!/bin/sh
# make matrix: for each rustnet version, build it (cached by
# build-rustnet.sh), run a short e2e on one profile with the same policy
# (HEAD:policy), keep that version's results, then write a version x
# scenario table with the rustnet_t records that differ (scripts/matrix.py).
#   scripts/matrix.sh [--versions "1.6.0 1.7.0"] [--profile P]
#                     [--duration S] [--accel A] [--only PATTERNS]
#                     [--out FILE]
# Results: out/matrix/<profile>-<version>/ (results, report, times).
# Exit: 0 table written and every run PASS/GAP, 1 a run FAILed or ERRORed,
# 2 usage, 3 no table.
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 3

VERSIONS="1.6.0 1.7.0" PROFILE=debian12 DURATION=60 ACCEL=auto ONLY=""
OUT=out/matrix/MATRIX.md
while [ $# -gt 0 ]; do
	case $1 in
	--versions|--profile|--duration|--accel|--only|--out)
		[ $# -ge 2 ] || { echo "matrix: $1 needs a value" >&2; exit 2; } ;;
	esac
	case $1 in
	--versions) VERSIONS=$2; shift 2 ;;
	--profile) PROFILE=$2; shift 2 ;;
	--duration) DURATION=$2; shift 2 ;;
	--accel) ACCEL=$2; shift 2 ;;
	--only) ONLY=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	-h|--help) sed -n '2,11p' "$0" >&2; exit 2 ;;
	*) echo "matrix: unknown option '$1'" >&2; exit 2 ;;
	esac
done
for v in $VERSIONS; do
	case $v in
	*[!0-9.]*|'') echo "matrix: '$v' is not a version like 1.7.0" >&2; exit 2 ;;
	esac
done
[ -n "$VERSIONS" ] || { echo "matrix: no versions" >&2; exit 2; }

CMD="make matrix RUSTNET_VERSIONS=\"$VERSIONS\" VM=$PROFILE MATRIX_DURATION=$DURATION ACCEL=$ACCEL${ONLY:+ MATRIX_ONLY=\"$ONLY\"}"
mkdir -p "$(dirname "$OUT")" || exit 3
rc=0
set --
for v in $VERSIONS; do
	dir=out/matrix/$PROFILE-$v
	rm -rf "$dir"
	mkdir -p "$dir"
	echo "== matrix: rustnet $v on $PROFILE" >&2
	# shellcheck disable=SC2086
	RUSTNET_VERSION=$v scripts/e2e.sh --profile "$PROFILE" \
		--duration "$DURATION" --accel "$ACCEL" --no-rpm --no-faults \
		--report "$dir/REPORT.md" ${ONLY:+--only "$ONLY"} \
		> "$dir/e2e.log" 2>&1
	erc=$?
	echo "matrix: rustnet $v: e2e exit $erc" >&2
	[ "$erc" -eq 0 ] || rc=1
	if [ -f "out/$PROFILE/guest/results.json" ]; then
		cp "out/$PROFILE/guest/results.json" "$dir/results.json"
		[ -f "out/$PROFILE/times.txt" ] && cp "out/$PROFILE/times.txt" "$dir/"
		set -- "$@" "$v=$dir/results.json"
	else
		set -- "$@" "$v="
	fi
done
scripts/matrix.py --out "$OUT" --command "$CMD" "$@" || {
	[ -f "$OUT" ] || exit 3
	rc=1
}
echo "matrix: table in $OUT" >&2
exit $rc
