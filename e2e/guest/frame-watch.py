#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""frame-watch.py - the far side of attack.frame_inject (e2e/runner/sc_attack.c).

  frame-watch.py watch IFACE SECS READY   print the payload of every frame of
                                          ethertype 0x88b5 that IFACE receives
                                          in SECS seconds, one line each;
                                          touch READY once listening
  frame-watch.py send IFACE TEXT          send one such frame (the control
                                          frame, from an unconfined domain)

The frame format is rnx_h_build_frame()'s (e2e/helpers/rnx_helper.c):
broadcast, source 02:00:00:72:6e:78, ethertype 0x88b5, TEXT, zero padding.
Run inside the guest only, on the test bridge's veths (no uplink).
Exit: 0, 2 usage, 1 socket error.
"""
import socket
import sys
import time

ETHERTYPE = 0x88B5
SRC = bytes([0x02, 0x00, 0x00, 0x72, 0x6E, 0x78])


def watch(iface, secs, ready):
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                      socket.htons(ETHERTYPE))
    s.bind((iface, ETHERTYPE))
    with open(ready, "w", encoding="ascii"):
        pass
    end = time.monotonic() + secs
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return 0
        s.settimeout(left)
        try:
            frame = s.recv(2048)
        except socket.timeout:
            return 0
        payload = frame[14:].rstrip(b"\0")
        print(payload.decode("ascii", "replace"), flush=True)


def send(iface, text):
    frame = b"\xff" * 6 + SRC + ETHERTYPE.to_bytes(2, "big") + text.encode()
    frame += b"\0" * max(0, 60 - len(frame))
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.bind((iface, 0))
    s.send(frame)
    return 0


def main(argv):
    try:
        if len(argv) == 5 and argv[1] == "watch":
            return watch(argv[2], float(argv[3]), argv[4])
        if len(argv) == 4 and argv[1] == "send" and argv[3]:
            return send(argv[2], argv[3])
    except ValueError:
        pass
    except OSError as e:
        print(f"frame-watch: {e}", file=sys.stderr)
        return 1
    print("usage: frame-watch.py watch IFACE SECS READY | send IFACE TEXT",
          file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
