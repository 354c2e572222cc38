#!/bin/sh
# Check the refpolicy XML documentation of the module: every interface
# and tunable documented (segenxml.py prints no warning) and the result
# valid against the policy DTD.
# Usage: policy/tests/check-xml.sh [MODULE_BASE]   (default: ./rustnet)
# TAP output; exit 0 ok, 1 a check failed, 2 usage, 3 tool missing.
set -eu

[ $# -le 1 ] || {
	echo "usage: $0 [MODULE_BASE]" >&2
	exit 2
}
mod=${1:-$(dirname "$0")/../rustnet}
hdr=${HEADERDIR:-/usr/share/selinux/devel/include}
gen=$hdr/support/segenxml.py
dtd=$hdr/support/policy.dtd
[ -f "$dtd" ] || dtd=$(dirname "$hdr")/policy.dtd
. "$(dirname "$0")/lib.sh"
need_files 3 "$gen" "$dtd" "$mod.te" "$mod.if"
need_tool xmllint libxml2-utils

work=$(mktemp -d "${TMPDIR:-/tmp}/rustnet-xml.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
echo "1..3"
st=0
python3 "$gen" -w -m "$mod" >"$work/module.xml" 2>"$work/warn" || st=1
[ ! -s "$work/warn" ] || st=1
tap $st "xml: no undocumented interface (segenxml.py warnings)" \
	"$(cat "$work/warn")"

ifaces=$(grep -c '^interface(`' "$mod.if" || true)
tunables=$(grep -c '^gen_tunable(' "$mod.te" || true)
xi=$(grep -c '^<interface name=' "$work/module.xml" || true)
xt=$(grep -c '^<tunable name=' "$work/module.xml" || true)
st=0
{ [ "$ifaces" = "$xi" ] && [ "$tunables" = "$xt" ] && [ "$xi" -gt 0 ]; } ||
	st=1
tap $st "xml: $xi of $ifaces interfaces, $xt of $tunables tunables documented"

{
	echo '<?xml version="1.0" encoding="ISO-8859-1" standalone="no"?>'
	echo '<policy>'
	echo '<layer name="contrib">'
	echo '<summary>check</summary>'
	cat "$work/module.xml"
	echo '</layer>'
	echo '</policy>'
} >"$work/policy.xml"
st=0
out=$(xmllint --noout --dtdvalid "$dtd" "$work/policy.xml" 2>&1) || st=1
tap $st "xml: valid against policy.dtd" "$out"
tap_done
