#!/bin/sh
# profiles-cli.sh - the profile table as host scripts read it: the command
# scripts/e2e.sh and vm/images/build-image.sh run (make -s
# --no-print-directory -C vm profiles) prints exactly what `rnlab profiles`
# prints, nothing else on stdout, and the names rnlab --help lists.  Run
# from vm/ after the build (make check).  TAP on stdout.
set -u

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM
n=0
fails=0
. ../scripts/tests/taplib.sh


./rnlab profiles > "$TMP/rnlab" 2> "$TMP/err" && [ -s "$TMP/rnlab" ] &&
	[ ! -s "$TMP/err" ]
ok $? "rnlab profiles exits 0 and prints the table, nothing on stderr"
# every line is NAME<TAB>IMAGE<TAB>SUMMARY with a known IMAGE word
tab=$(printf '\t')
! grep -v "^[a-z0-9-]*${tab}\(build-image\|fedora-policy-image\|fedora-image\)${tab}[^${tab}]*\$" "$TMP/rnlab"
ok $? "every line is NAME<TAB>IMAGE<TAB>SUMMARY with a known IMAGE"
make -s --no-print-directory profiles > "$TMP/make" 2> "$TMP/err" &&
	cmp -s "$TMP/rnlab" "$TMP/make"
ok $? "make -s --no-print-directory profiles prints the same table as rnlab profiles"
./rnlab --help | sed -n '/^profiles:/,$p' | sed 1d | awk '{print $1}' > "$TMP/help"
cut -f1 "$TMP/rnlab" > "$TMP/names"
[ -s "$TMP/names" ] && cmp -s "$TMP/help" "$TMP/names"
ok $? "rnlab --help lists the same profiles in the same order"
./rnlab profiles -p debian12 > "$TMP/out" 2>&1
[ $? = 2 ] && grep -q "profiles takes no options" "$TMP/out"
ok $? "rnlab profiles refuses options with exit 2"
./build/profiles extra > "$TMP/out" 2>&1
[ $? = 2 ] && grep -q "usage" "$TMP/out"
ok $? "build/profiles refuses arguments with exit 2"

echo "1..$n"
[ "$fails" -eq 0 ]
