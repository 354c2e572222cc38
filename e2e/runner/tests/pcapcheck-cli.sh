#!/bin/sh
# pcapcheck-cli.sh BIN DIR - rnx-pcapcheck exit codes on the fixtures that
# test_pcap wrote into DIR.  TAP output.
set -eu
BIN=$1 DIR=$2
. "$(dirname "$0")/tap.sh"

t 0 "valid pcap with the flow" "$BIN" "$DIR/eth.pcap" --expect-tcp 198.18.1.10:80
t 0 "valid pcapng with the flow" "$BIN" "$DIR/eth.pcapng" --expect-tcp 198.18.1.10:80
t 0 "two flows" "$BIN" "$DIR/eth.pcap" --expect-tcp 198.18.1.10:80 --expect-udp 198.18.1.10:5000
t 1 "missing flow" "$BIN" "$DIR/dns-only.pcap" --expect-tcp 198.18.1.10:80
t 1 "empty capture" "$BIN" "$DIR/empty.pcap"
t 1 "not a capture" "$BIN" "$DIR/not-a-capture.txt"
t 2 "no file" "$BIN" --expect-tcp 198.18.1.10:80
t 2 "bad flow" "$BIN" "$DIR/eth.pcap" --expect-tcp nowhere
t 2 "unknown option" "$BIN" "$DIR/eth.pcap" --bogus
tap_end
