#!/bin/sh
# Drift report for a rustnet release: every rustnet_t record of a
# permissive run, turned into a proposed policy change for a human to
# review (audit2allow -R: refpolicy interfaces where one exists, raw
# allow rules otherwise, booleans that would grant it named). Never edits
# the policy.
#   scripts/drift.sh --version V [--profile P] [--duration S] [--accel A]
#                    [--only PATTERNS] [--out FILE]
#       runs a short e2e of rustnet V (scripts/e2e.sh, HEAD:policy) and
#       reports the records of its permissive pass;
#   scripts/drift.sh --from-log AUDIT_LOG [--version V] [--out FILE]
#       reports the records of an existing guest audit.log.
# Run it against the policy of the previous release (check out that
# commit's policy/ and commit nothing) to see what the new release needs.
# Exit: 0 report written (records or none), 2 usage, 3 no audit log or
# audit2allow failed.
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 3

VERSION="" PROFILE=debian12 DURATION=60 ACCEL=auto ONLY="" LOG="" OUT=""
while [ $# -gt 0 ]; do
	case $1 in
	--version|--profile|--duration|--accel|--only|--out|--from-log)
		[ $# -ge 2 ] || { echo "drift: $1 needs a value" >&2; exit 2; } ;;
	esac
	case $1 in
	--version) VERSION=$2; shift 2 ;;
	--profile) PROFILE=$2; shift 2 ;;
	--duration) DURATION=$2; shift 2 ;;
	--accel) ACCEL=$2; shift 2 ;;
	--only) ONLY=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	--from-log) LOG=$2; shift 2 ;;
	-h|--help) sed -n '2,17p' "$0" >&2; exit 2 ;;
	*) echo "drift: unknown option '$1'" >&2; exit 2 ;;
	esac
done
case $VERSION in
*[!0-9.]*) echo "drift: '$VERSION' is not a version like 1.7.0" >&2; exit 2 ;;
esac
if [ -z "$LOG" ] && [ -z "$VERSION" ]; then
	echo "drift: give --version V (run) or --from-log AUDIT_LOG" >&2
	exit 2
fi
OUT=${OUT:-out/drift/DRIFT-${VERSION:-log}.md}
mkdir -p "$(dirname "$OUT")" || exit 3

if [ -z "$LOG" ]; then
	echo "== drift: permissive run of rustnet $VERSION on $PROFILE" >&2
	# shellcheck disable=SC2086
	RUSTNET_VERSION=$VERSION scripts/e2e.sh --profile "$PROFILE" \
		--duration "$DURATION" --accel "$ACCEL" --no-rpm --no-faults \
		--pass permissive \
		--report "$(dirname "$OUT")/REPORT-$VERSION.md" \
		${ONLY:+--only "$ONLY"} >&2
	LOG=out/$PROFILE/guest/audit.log
fi
[ -r "$LOG" ] || { echo "drift: no audit log $LOG" >&2; exit 3; }

WORK=$(mktemp -d) || exit 3
trap 'rm -rf "$WORK"' EXIT INT TERM
# rustnet_t as the subject, permissive=1: what the domain did that the
# policy did not allow (the enforcing pass only repeats it as denials).
grep '^type=AVC ' "$LOG" | grep 'scontext=[^ ]*:rustnet_t:' |
	grep ' permissive=1' > "$WORK/all.log"
# only the allowed rows' windows: the rest of the log is the suite's own
# work in rustnet_t (setup checks, canaries, attack helpers), never a need
# of rustnet (scripts/drift-windows.py; results.json beside the log)
RES=$(dirname "$LOG")/results.json
if [ -r "$RES" ]; then
	scripts/drift-windows.py "$RES" < "$WORK/all.log" > "$WORK/avc.log" \
		2> "$WORK/windows.txt" || { cat "$WORK/windows.txt" >&2; exit 3; }
	SCOPE="inside the allowed rows' windows of \`$RES\`, $(cat "$WORK/windows.txt")"
else
	cp "$WORK/all.log" "$WORK/avc.log"
	SCOPE="the whole log: no results.json beside it, so the suite's own records are in too"
fi
n=$(wc -l < "$WORK/avc.log")

# audit2allow -R needs the interface list of the installed headers and a
# binary policy that holds rustnet_t (make -C policy builds one).
make -s -C policy build/store-good/policy >&2 || exit 3
sepolgen-ifgen -i /usr/share/selinux/devel/include \
	-o "$WORK/interface_info" >/dev/null 2>&1 || {
	echo "drift: sepolgen-ifgen failed" >&2; exit 3; }

{
	echo "# Drift report${VERSION:+: rustnet $VERSION}"
	echo
	echo "Source: \`$LOG\` ($n rustnet_t records with permissive=1, $SCOPE)."
	[ -n "$VERSION" ] && [ "$LOG" = "out/$PROFILE/guest/audit.log" ] &&
		echo "Policy in the guest: HEAD:policy $(git rev-parse --short HEAD:policy 2>/dev/null)."
	echo "Boolean hints: from policy/ of this work tree."
	echo "A proposal for review; nothing was changed."
	echo
	echo "## Records (count, command, permissions, class, target)"
	echo
	echo '```'
	sed -n 's/.*denied  { \([^}]*\) } for .* comm="\([^"]*\)".*tcontext=[^:]*:[^:]*:\([^:]*\):.* tclass=\([^ ]*\).*/\2: { \1 } \4 \3/p' \
		"$WORK/avc.log" | sed 's/dns-resolver-[0-9]*/dns-resolver-N/; s/pcap_rx_[0-9a-z]*/pcap_rx_N/' |
		sort | uniq -c | sort -rn
	echo '```'
	echo
	echo "## Proposed change (audit2allow -R)"
	echo
	echo '```'
	if [ "$n" -gt 0 ]; then
		audit2allow -R --interface-info="$WORK/interface_info" \
			-p policy/build/store-good/policy -i "$WORK/avc.log" ||
			echo "(audit2allow failed)"
	else
		echo "(none: the policy covered every access of this run)"
	fi
	echo '```'
} > "$OUT" || exit 3
cat "$OUT"
grep -q '(audit2allow failed)' "$OUT" && exit 3
exit 0
