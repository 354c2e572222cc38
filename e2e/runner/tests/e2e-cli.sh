#!/bin/sh
# e2e-cli.sh BIN - rnx-e2e argument handling that needs no guest (nothing
# here reaches the scenario loop).  TAP output.
set -eu
BIN=$1
. "$(dirname "$0")/tap.sh"

t 0 "rnx-e2e --help" "$BIN" --help
t 0 "rnx-e2e --list" "$BIN" --list
t 2 "rnx-e2e --duration not a number" "$BIN" --duration abc
t 2 "rnx-e2e --duration 0" "$BIN" --duration 0
t 2 "rnx-e2e --permissive-duration 0" "$BIN" --permissive-duration 0
t 2 "rnx-e2e --permissive-duration not a number" "$BIN" --permissive-duration 5s
t 2 "rnx-e2e --mode bogus" "$BIN" --mode bogus
t 2 "rnx-e2e unknown option" "$BIN" --bogus
t 2 "rnx-e2e stray argument" "$BIN" extra
t 0 "rnx-e2e --list shows help in both passes" sh -c \
	"'$BIN' --list | grep -q '^allowed	help	ALLOWED	permissive enforcing\$'"
t 0 "rnx-e2e --list: capture.session permissive with dontaudit on" sh -c \
	"'$BIN' --list | grep -q '^allowed	capture.session	ALLOWED	permissive\$'"
t 0 "rnx-e2e --list: capture.session enforcing with dontaudit off" sh -c \
	"'$BIN' --list | grep -q '^allowed.dontaudit_off	capture.session	ALLOWED	enforcing\$'"
t 0 "rnx-e2e --list: the other-users gap row is kind GAP" sh -c \
	"'$BIN' --list | grep -q '^allowed	attribution.other_users_off	GAP	permissive enforcing\$'"
# Outside the lab guest (this machine is not "rnx-guest") it refuses before
# touching anything; as an unprivileged user so that a binary without the
# check stops at its root check instead (and fails this test).
if [ "$(id -u)" = 0 ]; then AS="setpriv --reuid=65534 --regid=65534 --clear-groups"; else AS=; fi
if [ "$(cat /etc/hostname 2>/dev/null)" = rnx-guest ]; then
	n=$((n + 1))
	echo "ok $n - rnx-e2e refuses outside the lab guest # SKIP this is the lab guest"
else
	t 0 "rnx-e2e refuses outside the lab guest" sh -c \
		"$AS '$BIN' --only help 2>&1 >/dev/null | grep -q 'refusing to run outside the lab guest'"
fi
# The runner's known-harmless list and policy/README.md's are the same
# reviewed list: every entry's denial and rule appear in the README table,
# and the table has no entry more.
README=$(dirname "$0")/../../../policy/README.md
t 0 "known-harmless list matches policy/README.md" sh -c '
	n=0
	"$1" --known-harmless >"$3" || exit 1
	while IFS="	" read -r perms tclass ttype rule; do
		n=$((n + 1))
		grep -qF "| \`{ $perms } $tclass\` → \`$ttype\` |" "$2" || {
			echo "README lacks { $perms } $tclass -> $ttype"; exit 1; }
		grep -qF "| \`$rule\` |" "$2" || {
			echo "README lacks rule $rule"; exit 1; }
	done <"$3"
	m=$(sed -n "/^## Known-harmless dontaudit rules/,/^## /p" "$2" |
		grep -c "^| \`{")
	[ "$n" -gt 0 ] && [ "$n" -eq "$m" ] || {
		echo "runner has $n entries, README $m"; exit 1; }
' sh "$BIN" "$README" "${TMPDIR:-/tmp}/rnx-harmless.$$"
rm -f "${TMPDIR:-/tmp}/rnx-harmless.$$"
# Every attack row (kind ATTACK or GAP of group attack) has its line in
# docs/attacks.md's expectations table: the recipe's third file
# (docs/design.md, "A new attack") cannot be forgotten.
ATTACKS=$(dirname "$0")/../../../docs/attacks.md
t 0 "every attack.* row of rnx-e2e --list has its row in docs/attacks.md" sh -c '
	ids=$("$1" --list | awk -F "	" "\$1 == \"attack\" && (\$3 == \"ATTACK\" || \$3 == \"GAP\") { print \$2 }" | sort -u)
	[ -n "$ids" ] || { echo "no attack rows listed"; exit 1; }
	for id in $ids; do
		grep -q "^| $id |" "$2" || { echo "docs/attacks.md lacks $id"; exit 1; }
	done
' sh "$BIN" "$ATTACKS"
tap_end
