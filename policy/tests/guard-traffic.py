#!/usr/bin/env python3
"""guard-traffic.py SCENARIO - loopback traffic for check-guard-logic.sh.

Run inside a private network namespace (unshare -n) with lo up; every
packet goes to 127.0.0.1 (::1 for the *6 scenarios) and stays in that
namespace.  Each scenario sends
a fixed number of packets so that two rulesets can be compared by their
counters.  Exit 0, or 1 with a message when the traffic did not happen as
planned (a reply missing), 2 on usage.
"""
import socket
import sys

LO = "127.0.0.1"
TIMEOUT = 2.0
FAMILY = socket.AF_INET


def udp(port=0):
    s = socket.socket(FAMILY, socket.SOCK_DGRAM)
    s.settimeout(TIMEOUT)
    s.bind((LO, port))
    return s


def ipv6(scenario):
    """scenario over ::1 instead of 127.0.0.1"""
    def run():
        global LO, FAMILY
        LO, FAMILY = "::1", socket.AF_INET6
        scenario()
    return run


def udp_pingpong(port, n, server_port=None):
    """n datagrams to LO:port, each answered by a server on server_port."""
    srv = udp(server_port or port)
    cli = udp()
    cli.connect((LO, port))
    for i in range(n):
        cli.send(b"q%d" % i)
        data, peer = srv.recvfrom(512)
        srv.sendto(b"r" + data, peer)
        cli.recv(512)
    cli.close()
    srv.close()


def udp_oneway(port, n):
    srv = udp(port)
    cli = udp()
    cli.connect((LO, port))
    for i in range(n):
        cli.send(b"d%d" % i)
    for _ in range(n):
        srv.recv(512)
    cli.close()
    srv.close()


def tcp_exchange(port, n):
    ls = socket.socket(FAMILY, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.settimeout(TIMEOUT)
    ls.bind((LO, port))
    ls.listen(1)
    cli = socket.create_connection((LO, port), timeout=TIMEOUT)
    conn, _ = ls.accept()
    conn.settimeout(TIMEOUT)
    for i in range(n):
        cli.sendall(b"m%d\n" % i)
        conn.recv(64)
        conn.sendall(b"ok\n")
        cli.recv(64)
    cli.close()
    conn.close()
    ls.close()


def udp_closed(port, n):
    """n datagrams to a closed port: each draws an ICMP port unreachable."""
    cli = udp()
    cli.connect((LO, port))
    refused = 0
    for i in range(n):
        cli.send(b"x%d" % i)
        try:
            cli.recv(512)
        except ConnectionRefusedError:
            refused += 1
    cli.close()
    if refused != n:
        raise RuntimeError("%d of %d sends drew no ICMP error" % (n - refused, n))


def tftp_expected(n):
    """A TFTP read request to LO:53 (the test assigns the tftp helper to
    udp dport 53), answered from another port: conntrack creates the reply
    flow as an expected entry of the request's."""
    srv = udp(53)
    data_srv = udp(6969)
    cli = udp()
    cli.sendto(b"\x00\x01file\x00octet\x00", (LO, 53))
    _, peer = srv.recvfrom(512)
    for i in range(n):
        data_srv.sendto(b"\x00\x03\x00" + bytes([i + 1]) + b"data", peer)
        _, dpeer = cli.recvfrom(512)
        cli.sendto(b"\x00\x04\x00" + bytes([i + 1]), dpeer)
        data_srv.recv(512)
    for s in (cli, srv, data_srv):
        s.close()


SCENARIOS = {
    "dns_udp": lambda: udp_pingpong(53, 5),
    "dns_tcp": lambda: tcp_exchange(53, 3),
    "oneway_udp": lambda: udp_oneway(1234, 20),
    "other_tcp": lambda: tcp_exchange(1234, 3),
    "icmp_error": lambda: udp_closed(9, 3),
    # the test marks udp 7777 and udp 53 untracked (notrack)
    "untracked": lambda: (udp_pingpong(7777, 4), udp_pingpong(53, 4)),
    # the test DNATs udp dport 53 to 127.0.0.1:5353 in output
    "nat": lambda: udp_pingpong(53, 4, server_port=5353),
    "expected": lambda: tftp_expected(3),
    "dns_udp6": ipv6(lambda: udp_pingpong(53, 5)),
    "other_tcp6": ipv6(lambda: tcp_exchange(1234, 3)),
    "icmp_error6": ipv6(lambda: udp_closed(9, 3)),
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in SCENARIOS:
        print("usage: guard-traffic.py %s" % "|".join(SCENARIOS), file=sys.stderr)
        return 2
    try:
        SCENARIOS[sys.argv[1]]()
    except (OSError, RuntimeError) as e:
        print("guard-traffic.py %s: %s" % (sys.argv[1], e), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
