#!/bin/sh
# Print the path of an ausearch binary for the host-side extractor
# benchmark.  The host runs no audit daemon and must not start one, so
# instead of installing auditd, Debian's auditd package is downloaded and
# unpacked under build/ausearch (the binary runs from there; it only reads
# the log it is given with -if).
set -eu

TOP=$(cd "$(dirname "$0")/.." && pwd)
DIR=$TOP/build/ausearch
BIN=$DIR/root/sbin/ausearch
if command -v ausearch >/dev/null 2>&1; then
	command -v ausearch
	exit 0
fi
if [ ! -x "$BIN" ]; then
	rm -rf "$DIR"
	mkdir -p "$DIR"
	( cd "$DIR" && apt-get download -q auditd >&2 ) ||
		{ echo "host-ausearch: apt-get download auditd failed" >&2; exit 3; }
	dpkg-deb -x "$DIR"/auditd_*.deb "$DIR/root" ||
		{ echo "host-ausearch: cannot unpack auditd" >&2; exit 3; }
fi
[ -x "$BIN" ] || { echo "host-ausearch: no $BIN in the package" >&2; exit 3; }
echo "$BIN"
