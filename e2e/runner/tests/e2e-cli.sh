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
t 2 "rnx-e2e --mode bogus" "$BIN" --mode bogus
t 2 "rnx-e2e unknown option" "$BIN" --bogus
t 2 "rnx-e2e stray argument" "$BIN" extra
t 0 "rnx-e2e --list shows capture.session in both passes" sh -c \
	"'$BIN' --list | grep -q '^allowed	capture.session	ALLOWED	permissive enforcing\$'"
tap_end
