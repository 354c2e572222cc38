/* SPDX-License-Identifier: MIT */
/*
 * dns_judge.h - the decisions of the reverse-DNS path rows and of the
 * DNS-channel attack row (sc_dns_paths.c), kept apart from the guest so
 * that cmocka tests them (runner/tests/test_dns_judge.c).
 *
 * What a row sees:
 *   - rustnet's output: the --json-log (full host names) and the TUI pane
 *     (fixture addresses, names possibly cut by the column);
 *   - the audit tap: SYSCALL+SOCKADDR records of rustnet_t's connect()
 *     calls (an audit rule keyed for the row), which say whether rustnet
 *     reached a resolver by UDP/TCP 53 itself or through systemd-resolved's
 *     unix socket;
 *   - the resolver's query log: the dnsmasq lines of the row's window.
 */
#ifndef RN_DNS_JUDGE_H
#define RN_DNS_JUDGE_H

#include <stddef.h>

#include "rnx_scenario.h"

/* systemd-resolved's stub listener */
#define RN_DNS_STUB		"127.0.0.53"
/* systemd-resolved's varlink socket, the one NSS "resolve" connects to */
#define RN_DNS_RESOLVE_SOCK	"/run/systemd/resolve/io.systemd.Resolve"

/* One decoded sockaddr of an audit SOCKADDR record (saddr=HEX). */
struct rn_dns_peer {
	int family;		/* AF_INET, AF_INET6, AF_UNIX, other, -1 */
	unsigned int port;	/* inet: host order */
	char addr[108];		/* inet: dotted/colon form; unix: the path
				 * ("@name" for an abstract one) */
};
/* Decode @hex (as the kernel logs struct sockaddr, little-endian family).
 * 0, or -1 when it is no sockaddr this knows (p->family then -1). */
int rn_dns_saddr(const char *hex, struct rn_dns_peer *p);

/* rustnet_t's connect() calls in the tap, by destination. */
struct rn_dns_tap {
	unsigned int to_server;		/* inet, the row's server, port 53 */
	unsigned int other53;		/* inet, any other address, port 53 */
	unsigned int resolve_sock;	/* unix, RN_DNS_RESOLVE_SOCK */
	unsigned int other;		/* anything else */
	char comm[64];			/* comm of the first to_server one */
};
/* Scan ausearch's raw output @text (records of one event share the
 * serial in msg=audit(T:SERIAL)); only syscall 42 (connect, x86_64) with
 * a subject of type rustnet_t counts.  @server: "127.0.0.53", or NULL. */
void rn_dns_tap_scan(const char *text, const char *server,
		      struct rn_dns_tap *t);

/* The fixture's reverse names (e2e/guest/netfix.sh): PTR queries of
 * 198.18.1.10, 198.18.2.10, 192.0.0.40, 192.0.0.72. */
struct rn_dns_qlog {
	unsigned int ptr_fixture;	/* query[PTR] of a fixture address */
	unsigned int ptr_other;		/* other PTR queries */
	unsigned int other;		/* other query[...] lines */
	char from[64];			/* the first fixture query's source */
};
/* Scan dnsmasq --log-queries lines ("... query[PTR] NAME from ADDR"). */
void rn_dns_qlog_scan(const char *log, struct rn_dns_qlog *q);

/* What rustnet showed. */
struct rn_dns_shown {
	int names;		/* a fixture name of the row's domain in the
				 * JSON log */
	int wrong;		/* a fixture name of another domain there */
	int pane_names;		/* a fixture name (maybe cut) in the pane */
	int addrs;		/* a fixture address in the pane */
	char name[96];		/* the first name found */
};
/* @domain: "stub.rnx.test" or "ext.rnx.test"; @pane and @json may be
 * NULL. */
void rn_dns_shown_scan(const char *pane, const char *json,
			const char *domain, struct rn_dns_shown *s);

/* What a row expects. */
enum rn_dns_want {
	RN_DNS_WANT_NAMES,	/* names through the row's path */
	RN_DNS_WANT_DENIED,	/* the udp_socket denial: addresses only,
				 * nothing reaches the resolver */
};
struct rn_dns_row {
	enum rn_dns_want want;
	const char *domain;	/* the names this path gives */
	/* the resolv.conf server rustnet_t must connect to itself, or NULL:
	 * names only through resolved's unix socket, no port 53 of its own */
	const char *server;
};
struct rn_dns_obs {
	struct rn_dns_shown shown;
	struct rn_dns_tap tap;
	struct rn_dns_qlog qlog;
	/* e2e/guest/dns-tap.py in front of the stub (RN_DNS_STUB:53 on lo),
	 * when it ran (have_stub): the queries the stub received */
	int have_stub;
	struct rn_dns_qlog stub;
};
/* RN_PASS (the core still judges the audit records: with
 * RN_DNS_WANT_DENIED the scenario requires the known denial) or
 * RN_FAIL, with the reason in @why.  With the stub tap, the stub must
 * have received PTR queries of fixture addresses exactly when the names
 * are to come by UDP to it (server RN_DNS_STUB), and none on the
 * resolved path or when the send is denied. */
enum rn_verdict rn_dns_judge(const struct rn_dns_row *row,
			       const struct rn_dns_obs *o, char *why,
			       size_t len);

/*
 * The DNS channel (attack.dns_channel): a secret of at most
 * RN_DNS_CHAN_MAX bytes goes out one byte per reverse lookup of
 * 198.19.(RN_DNS_CHAN_BASE + i).(byte i): the query name carries it.
 */
#define RN_DNS_CHAN_BASE	100
#define RN_DNS_CHAN_MAX	32
/* The address of byte @i of @secret into @buf: 0, or -1 when @i is out of
 * range or @buf too small. */
int rn_dns_chan_addr(const char *secret, size_t i, char *buf, size_t len);
/* Recover the @n bytes from the PTR queries in @log into @out (n + 1
 * bytes, NUL-terminated; a byte not seen is '?').  Returns how many of
 * the @n positions were seen. */
size_t rn_dns_chan_decode(const char *log, size_t n, char *out);
/* The channel row: RN_PASS (the documented gap holds; the core makes it
 * GAP) when every byte of @secret came back from @log and the helper
 * reached resolved through its socket (@t, the audit tap); else RN_FAIL.
 * The reason in @why. */
enum rn_verdict rn_dns_chan_judge(const char *secret, const char *log,
				    const struct rn_dns_tap *t, char *why,
				    size_t len);

#endif /* RN_DNS_JUDGE_H */
