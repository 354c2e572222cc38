#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""test_dns_tap.py - dns-tap.py's packet decoding (no socket, no guest):
which IPv4 packets are DNS queries to the watched address, and the line
the runner reads (e2e/runner/dns_judge.c, rnx_dns_qlog_scan())."""
import importlib.util
import os
import socket
import struct
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
SPEC = importlib.util.spec_from_file_location(
    "dns_tap", os.path.join(HERE, "..", "..", "guest", "dns-tap.py"))
TAP = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(TAP)

STUB = socket.inet_aton("127.0.0.53")


def dns(name, qtype, flags=0x0100, qd=1):
    labels = b"".join(bytes([len(l)]) + l.encode()
                      for l in name.split(".") if l) + b"\0"
    return struct.pack("!HHHHHH", 0x1234, flags, qd, 0, 0, 0) + labels + \
        struct.pack("!HH", qtype, 1)


def ipv4(payload, dst="127.0.0.53", sport=40123, dport=53, proto=17):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64,
                      proto, 0, socket.inet_aton("127.0.0.1"),
                      socket.inet_aton(dst))
    return hdr + udp


class QueryLine(unittest.TestCase):
    def test_ptr_query(self):
        line = TAP.query_line(ipv4(dns("10.1.18.198.in-addr.arpa", 12)),
                              STUB)
        self.assertEqual(
            line, "query[PTR] 10.1.18.198.in-addr.arpa from 127.0.0.1#40123")

    def test_types(self):
        self.assertTrue(TAP.query_line(
            ipv4(dns("tokyo-web.stub.rnx.test", 1)), STUB).startswith(
                "query[A] tokyo-web.stub.rnx.test "))
        self.assertTrue(TAP.query_line(
            ipv4(dns("x.test", 99)), STUB).startswith("query[type=99] "))

    def test_not_queries(self):
        # a reply, another address, another port, TCP, no question,
        # a truncated name, a compression pointer, too short
        self.assertIsNone(TAP.query_line(
            ipv4(dns("a.test", 12, flags=0x8180)), STUB))
        self.assertIsNone(TAP.query_line(
            ipv4(dns("a.test", 12), dst="127.0.0.54"), STUB))
        self.assertIsNone(TAP.query_line(ipv4(dns("a.test", 12), dport=5353),
                                         STUB))
        self.assertIsNone(TAP.query_line(ipv4(dns("a.test", 12), proto=6),
                                         STUB))
        self.assertIsNone(TAP.query_line(ipv4(dns("a.test", 12, qd=0)),
                                         STUB))
        self.assertIsNone(TAP.query_line(ipv4(dns("abc.test", 12)[:15]),
                                         STUB))
        self.assertIsNone(TAP.query_line(
            ipv4(struct.pack("!HHHHHH", 1, 0x0100, 1, 0, 0, 0) +
                 b"\xc0\x0c\x00\x0c\x00\x01"), STUB))
        self.assertIsNone(TAP.query_line(b"\x45\x00", STUB))


def main():
    """TAP, like the other check suites (scripts/run-checks.sh counts it)."""
    tests = list(unittest.defaultTestLoader.loadTestsFromTestCase(QueryLine))
    bad = 0
    print("1..%d" % len(tests))
    for i, t in enumerate(tests, 1):
        res = unittest.TestResult()
        t.run(res)
        ok = res.wasSuccessful()
        bad += not ok
        print("%s %d - dns-tap.py %s" % ("ok" if ok else "not ok", i,
                                           t._testMethodName))
        for _, tb in res.failures + res.errors:
            print("# " + tb.rstrip().replace("\n", "\n# "))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
