#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""dns-tap.py - a tap in front of systemd-resolved's stub for the reverse-DNS
path rows (e2e/runner/sc_dns_paths.c).

  dns-tap.py watch IFACE ADDR SECS READY
      print every IPv4 UDP DNS query to ADDR:53 that IFACE carries in SECS
      seconds, one line each, in dnsmasq's --log-queries form
          query[PTR] 10.1.18.198.in-addr.arpa from 127.0.0.1#40123
      (so the runner reads it like the resolvers' logs); touch READY once
      listening.  Runs until killed, SECS at the most (SIGALRM).  Packets
      are read, never sent or changed.

Run inside the guest only (IFACE lo, ADDR 127.0.0.53).
Exit: 0, 2 usage, 1 socket error.
"""
import signal
import socket
import struct
import sys

ETH_P_IP = 0x0800
QTYPES = {1: "A", 2: "NS", 5: "CNAME", 12: "PTR", 15: "MX", 16: "TXT",
          28: "AAAA", 33: "SRV", 65: "HTTPS"}


def qname(msg, off):
    """The question's name from offset off (no compression in a query):
    (name, offset after it), or (None, off) when malformed."""
    labels = []
    while off < len(msg):
        n = msg[off]
        off += 1
        if n == 0:
            return ".".join(labels), off
        if n & 0xC0 or off + n > len(msg):
            return None, off
        labels.append(msg[off:off + n].decode("ascii", "replace"))
        off += n
    return None, off


def query_line(pkt, addr):
    """The log line of an IPv4 packet, or None when it is no DNS query to
    addr:53."""
    if len(pkt) < 20 or pkt[0] >> 4 != 4 or pkt[9] != 17:
        return None
    ihl = (pkt[0] & 0x0F) * 4
    if pkt[16:20] != addr or len(pkt) < ihl + 8 + 12:
        return None
    sport, dport = struct.unpack("!HH", pkt[ihl:ihl + 4])
    dns = pkt[ihl + 8:]
    flags, qdcount = struct.unpack("!HH", dns[2:6])
    if dport != 53 or flags & 0x8000 or qdcount < 1:
        return None
    name, off = qname(dns, 12)
    if name is None or off + 4 > len(dns):
        return None
    qtype = struct.unpack("!H", dns[off:off + 2])[0]
    return "query[%s] %s from %s#%d" % (
        QTYPES.get(qtype, "type=%d" % qtype), name or ".",
        socket.inet_ntoa(pkt[12:16]), sport)


def watch(iface, addr, secs, ready):
    """Until the runner kills it, or SIGALRM ends it after secs (its
    default action) if the runner cannot."""
    want = socket.inet_aton(addr)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_DGRAM,
                      socket.htons(ETH_P_IP))
    s.bind((iface, ETH_P_IP))
    signal.alarm(max(1, int(secs)))
    with open(ready, "w", encoding="ascii"):
        pass
    while True:
        pkt, sll = s.recvfrom(65535)
        # on lo each packet passes twice: keep the received copy
        if sll[2] != socket.PACKET_OUTGOING:
            line = query_line(pkt, want)
            if line:
                print(line, flush=True)


def main(argv):
    try:
        if len(argv) == 6 and argv[1] == "watch":
            return watch(argv[2], argv[3], float(argv[4]), argv[5])
    except ValueError:
        pass
    except OSError as e:
        print(f"dns-tap: {e}", file=sys.stderr)
        return 1
    print("usage: dns-tap.py watch IFACE ADDR SECS READY", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
