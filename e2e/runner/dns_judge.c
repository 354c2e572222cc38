// SPDX-License-Identifier: MIT
/*
 * dns_judge.c - parsing and decisions of the reverse-DNS path rows and of
 * the DNS-channel attack row (see dns_judge.h).  No I/O.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

#include "dns_judge.h"

#define LINE_MAX_LEN	8192
#define CONNECT_X86_64	42

static const char *const fixture_ptr[] = {
	"10.1.18.198.in-addr.arpa", "10.2.18.198.in-addr.arpa",
	"40.0.0.192.in-addr.arpa", "72.0.0.192.in-addr.arpa", NULL,
};
static const char *const fixture_addr[] = {
	"198.18.1.10", "198.18.2.10", "192.0.0.40", "192.0.0.72", NULL,
};
static const char *const fixture_label[] = {
	"tokyo-web", "saopaulo-web", "tokyo-geo", "saopaulo-geo", NULL,
};
static const char *const fixture_domain[] = {
	"stub.rnx.test", "ext.rnx.test", NULL,
};

/* The value of " KEY=" (or KEY= at the start of @line), without quotes,
 * into @buf.  1 when found. */
static int field(const char *line, const char *key, char *buf, size_t len)
{
	size_t klen = strlen(key), n;
	const char *p = line;

	while ((p = strstr(p, key))) {
		if (p == line || p[-1] == ' ')
			break;
		p += klen;
	}
	if (!p || !len)
		return 0;
	p += klen;
	if (*p == '"') {
		p++;
		n = strcspn(p, "\"");
	} else {
		n = strcspn(p, " \t\x1d");
	}
	if (n >= len)
		n = len - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return 1;
}

/*
 * Decoded here, not by libauparse: its interpretation of a saddr field
 * (auparse_interpret_field(), and the auparse_interpret_sock_family/
 * _address/_port() parts cut from that text) does not give the facts the
 * tap needs on both guests' libraries (Debian 12: 3.0.9, Debian 13:
 * 4.0.2; print_sockaddr() in auparse/interpret.c, the same there):
 *   - a unix socket's path is only in the text ("{ saddr_fam=local
 *     path=%.108s }"); auparse_interpret_sock_address() looks for "laddr="
 *     and returns NULL for it;
 *   - an abstract name is printed without its leading NUL: "\0rnx-abs"
 *     and the relative path "rnx-abs" give the same text;
 *   - a path with a space or a "}" cannot be cut back out of the text;
 *   - a unix sockaddr of the family alone (an unnamed socket) reads
 *     "sockaddr len too short" on 3.0.9 and "unnamed socket" on 4.0.2.
 * For inet and inet6 the library would agree (numeric address and port),
 * but one decoder for every family is less than two.
 */
int rn_dns_saddr(const char *hex, struct rn_dns_peer *p)
{
	unsigned char b[128];
	char two[3] = "";
	size_t n = 0, i;

	memset(p, 0, sizeof(*p));
	p->family = -1;
	while (n < sizeof(b) && isxdigit((unsigned char)hex[2 * n]) &&
	       isxdigit((unsigned char)hex[2 * n + 1])) {
		memcpy(two, hex + 2 * n, 2);
		b[n++] = (unsigned char)strtoul(two, NULL, 16);
	}
	if (n < 2)
		return -1;
	switch (b[0] | b[1] << 8) {
	case AF_INET:
		if (n < 8)
			return -1;
		p->port = (unsigned int)(b[2] << 8 | b[3]);
		if (!inet_ntop(AF_INET, b + 4, p->addr, sizeof(p->addr)))
			return -1;
		p->family = AF_INET;
		return 0;
	case AF_INET6:
		if (n < 24)
			return -1;
		p->port = (unsigned int)(b[2] << 8 | b[3]);
		if (!inet_ntop(AF_INET6, b + 8, p->addr, sizeof(p->addr)))
			return -1;
		p->family = AF_INET6;
		return 0;
	case AF_UNIX:
		/* an abstract name starts with a NUL byte */
		i = 2;
		if (n > 2 && !b[2]) {
			p->addr[0] = '@';
			i = 3;
		}
		for (; i < n && b[i] && strlen(p->addr) < sizeof(p->addr) - 1;
		     i++)
			p->addr[strlen(p->addr)] = (char)b[i];
		p->family = AF_UNIX;
		return 0;
	}
	return -1;
}

struct tap_event {
	unsigned long long serial;
	int connect;		/* SYSCALL: connect by rustnet_t */
	int have_peer;
	struct rn_dns_peer peer;
	char comm[64];
};

static void tap_flush(struct tap_event *e, const char *server,
		      struct rn_dns_tap *t)
{
	const struct rn_dns_peer *p = &e->peer;
	int inet = p->family == AF_INET || p->family == AF_INET6;

	if (!e->connect || !e->have_peer)
		goto reset;
	if (inet && p->port == 53 && server && !strcmp(p->addr, server)) {
		if (!t->to_server++)
			snprintf(t->comm, sizeof(t->comm), "%s", e->comm);
	} else if (inet && p->port == 53) {
		t->other53++;
	} else if (p->family == AF_UNIX &&
		   !strcmp(p->addr, RN_DNS_RESOLVE_SOCK)) {
		t->resolve_sock++;
	} else {
		t->other++;
	}
reset:
	memset(e, 0, sizeof(*e));
}

/* Serial of "msg=audit(SEC.MSEC:SERIAL)"; 0 when the line has none. */
static unsigned long long serial_of(const char *line)
{
	const char *p = strstr(line, "msg=audit(");

	if (!p)
		return 0;
	p = strchr(p, ':');
	return p ? strtoull(p + 1, NULL, 10) : 0;
}

void rn_dns_tap_scan(const char *text, const char *server,
		      struct rn_dns_tap *t)
{
	struct tap_event e = { 0 };
	char line[LINE_MAX_LEN], v[256];
	unsigned long long s;
	const char *p = text;
	size_t n;

	memset(t, 0, sizeof(*t));
	while (p && *p) {
		n = strcspn(p, "\n");
		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		p += n + (p[n] == '\n');
		s = serial_of(line);
		if (!s)
			continue;
		if (s != e.serial) {
			tap_flush(&e, server, t);
			e.serial = s;
		}
		if (strstr(line, "type=SYSCALL ")) {
			e.connect = field(line, "syscall=", v, sizeof(v)) &&
				    atoi(v) == CONNECT_X86_64 &&
				    field(line, "subj=", v, sizeof(v)) &&
				    strstr(v, ":rustnet_t:");
			if (!field(line, "comm=", e.comm, sizeof(e.comm)))
				e.comm[0] = '\0';
		} else if (strstr(line, "type=SOCKADDR ") &&
			   field(line, "saddr=", v, sizeof(v))) {
			e.have_peer = rn_dns_saddr(v, &e.peer) == 0;
		}
	}
	tap_flush(&e, server, t);
}

/* "query[TYPE] NAME from ADDR": 1 and the parts, else 0. */
static int query_line(const char *line, char *type, size_t tlen, char *name,
		      size_t nlen, char *from, size_t flen)
{
	const char *p = strstr(line, "query["), *e;
	size_t n;

	if (!p)
		return 0;
	p += strlen("query[");
	e = strchr(p, ']');
	if (!e || (size_t)(e - p) >= tlen || e[1] != ' ')
		return 0;
	memcpy(type, p, (size_t)(e - p));
	type[e - p] = '\0';
	p = e + 2;
	n = strcspn(p, " ");
	if (!n || n >= nlen)
		return 0;
	memcpy(name, p, n);
	name[n] = '\0';
	p += n;
	from[0] = '\0';
	if (!strncmp(p, " from ", 6))
		snprintf(from, flen, "%.*s", (int)strcspn(p + 6, " \n"), p + 6);
	return 1;
}

static int in_list(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strcasecmp(s, *list))
			return 1;
	return 0;
}

/* Call @fn for every query line of @log. */
static void each_query(const char *log,
		       void (*fn)(const char *type, const char *name,
				  const char *from, void *arg),
		       void *arg)
{
	char line[LINE_MAX_LEN], type[16], name[256], from[64];
	const char *p = log;
	size_t n;

	while (p && *p) {
		n = strcspn(p, "\n");
		snprintf(line, sizeof(line), "%.*s", (int)n, p);
		p += n + (p[n] == '\n');
		if (query_line(line, type, sizeof(type), name, sizeof(name),
			       from, sizeof(from)))
			fn(type, name, from, arg);
	}
}

static void qlog_one(const char *type, const char *name, const char *from,
		     void *arg)
{
	struct rn_dns_qlog *q = arg;

	if (strcmp(type, "PTR")) {
		q->other++;
	} else if (in_list(name, fixture_ptr)) {
		if (!q->ptr_fixture++)
			snprintf(q->from, sizeof(q->from), "%s", from);
	} else {
		q->ptr_other++;
	}
}

void rn_dns_qlog_scan(const char *log, struct rn_dns_qlog *q)
{
	memset(q, 0, sizeof(*q));
	each_query(log, qlog_one, q);
}

void rn_dns_shown_scan(const char *pane, const char *json,
			const char *domain, struct rn_dns_shown *s)
{
	char want[160];
	size_t i, j;

	memset(s, 0, sizeof(*s));
	for (i = 0; fixture_label[i]; i++) {
		if (pane && strstr(pane, fixture_label[i]))
			s->pane_names = 1;
		for (j = 0; json && fixture_domain[j]; j++) {
			snprintf(want, sizeof(want), "\"%s.%s\"",
				 fixture_label[i], fixture_domain[j]);
			if (!strstr(json, want))
				continue;
			if (strcmp(fixture_domain[j], domain)) {
				s->wrong = 1;
				continue;
			}
			if (!s->names++)
				snprintf(s->name, sizeof(s->name), "%s.%s",
					 fixture_label[i], domain);
		}
	}
	s->names = !!s->names;
	for (i = 0; pane && fixture_addr[i]; i++)
		if (strstr(pane, fixture_addr[i]))
			s->addrs = 1;
}

/* Set @why and give RN_FAIL (in judge_names() and judge_denied()). */
#define FAIL(...) (snprintf(why, len, __VA_ARGS__), RN_FAIL)

static enum rn_verdict judge_names(const struct rn_dns_row *row,
				    const struct rn_dns_obs *o, char *why,
				    size_t len)
{
	const struct rn_dns_tap *t = &o->tap;
	unsigned int own53 = t->to_server + t->other53;
	int via_stub = row->server && !strcmp(row->server, RN_DNS_STUB);

	if (o->shown.wrong)
		return FAIL("rustnet showed fixture names of another resolver than the *.%s one of this path",
			    row->domain);
	if (!o->shown.names)
		return FAIL("no *.%s fixture name in rustnet's JSON log (the pane %s a fixture name)",
			    row->domain,
			    o->shown.pane_names ? "shows" : "shows no");
	if (row->server && !t->to_server)
		return FAIL("the audit tap saw no connect() of rustnet_t to %s:53 (%u to resolved's socket): the names came another way",
			    row->server, t->resolve_sock);
	if (row->server && t->other53)
		return FAIL("rustnet_t connected to port 53 of another address than %s (%u connect(s))",
			    row->server, t->other53);
	if (!row->server && !t->resolve_sock)
		return FAIL("the audit tap saw no connect() of rustnet_t to %s (%u to a port 53): the names came another way",
			    RN_DNS_RESOLVE_SOCK, own53);
	if (!row->server && own53)
		return FAIL("rustnet_t connected to port 53 itself on the resolved path (%u connect(s)); no UDP of its own expected",
			    own53);
	if (!o->qlog.ptr_fixture)
		return FAIL("the resolver's query log of the window has no PTR query of a fixture address (names from a cache?)");
	if (o->have_stub && via_stub && !o->stub.ptr_fixture)
		return FAIL("the tap in front of the stub saw no PTR query of a fixture address, though rustnet_t connected to it");
	if (o->have_stub && !row->server && o->stub.ptr_fixture)
		return FAIL("the tap in front of the stub saw %u PTR quer%s of fixture addresses on the resolved path (UDP, from %s)",
			    o->stub.ptr_fixture,
			    o->stub.ptr_fixture == 1 ? "y" : "ies", o->stub.from);
	snprintf(why, len, "names shown (%s); rustnet_t connected %u time(s) to %s (audit tap)%s; the resolver logged %u PTR quer%s of fixture addresses (from %s)",
		 o->shown.name, row->server ? t->to_server : t->resolve_sock,
		 row->server ? row->server : RN_DNS_RESOLVE_SOCK,
		 !o->have_stub ? "" : via_stub ?
		 ", the stub received its PTR queries (tap on lo)" :
		 ", the stub received no PTR query of a fixture address",
		 o->qlog.ptr_fixture, o->qlog.ptr_fixture == 1 ? "y" : "ies",
		 o->qlog.from[0] ? o->qlog.from : "?");
	return RN_PASS;
}

static enum rn_verdict judge_denied(const struct rn_dns_obs *o, char *why,
				     size_t len)
{
	if (o->shown.names || o->shown.wrong)
		return FAIL("rustnet showed host names (%s) although its DNS is denied",
			    o->shown.name[0] ? o->shown.name :
			    "another resolver's");
	if (!o->shown.addrs)
		return FAIL("the pane shows no fixture address: nothing to show names for (capture or fixture down?)");
	if (o->qlog.ptr_fixture)
		return FAIL("%u PTR quer%s of fixture addresses reached the resolver (from %s) although rustnet_t's DNS is denied",
			    o->qlog.ptr_fixture,
			    o->qlog.ptr_fixture == 1 ? "y" : "ies",
			    o->qlog.from[0] ? o->qlog.from : "?");
	if (o->have_stub && o->stub.ptr_fixture)
		return FAIL("%u PTR quer%s of fixture addresses reached the stub (from %s) although rustnet_t's DNS is denied",
			    o->stub.ptr_fixture,
			    o->stub.ptr_fixture == 1 ? "y" : "ies",
			    o->stub.from[0] ? o->stub.from : "?");
	snprintf(why, len, "addresses shown, no host names; no PTR query of a fixture address reached the resolver%s; rustnet_t connected %u time(s) to the resolv.conf server (connect is allowed, the send is not)",
		 o->have_stub ? " nor the stub (tap on lo)" : "",
		 o->tap.to_server);
	return RN_PASS;
}

#undef FAIL

enum rn_verdict rn_dns_judge(const struct rn_dns_row *row,
			       const struct rn_dns_obs *o, char *why,
			       size_t len)
{
	if (row->want == RN_DNS_WANT_NAMES)
		return judge_names(row, o, why, len);
	return judge_denied(o, why, len);
}

int rn_dns_chan_addr(const char *secret, size_t i, char *buf, size_t len)
{
	int n;

	if (i >= strlen(secret) || i >= RN_DNS_CHAN_MAX)
		return -1;
	n = snprintf(buf, len, "198.19.%u.%u", (unsigned int)(RN_DNS_CHAN_BASE + i),
		     (unsigned int)(unsigned char)secret[i]);
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

struct chan {
	size_t n, seen;
	char *out;
	unsigned char got[RN_DNS_CHAN_MAX];
};

static void chan_one(const char *type, const char *name, const char *from,
		     void *arg)
{
	struct chan *c = arg;
	unsigned int b, i, x, y;
	int end = 0;

	(void)from;
	if (strcmp(type, "PTR") ||
	    sscanf(name, "%u.%u.%u.%u%n", &b, &i, &x, &y, &end) != 4 ||
	    strcasecmp(name + end, ".in-addr.arpa") || x != 19 || y != 198 ||
	    b > 255 || i < RN_DNS_CHAN_BASE || i - RN_DNS_CHAN_BASE >= c->n)
		return;
	i -= RN_DNS_CHAN_BASE;
	c->out[i] = (char)b;
	if (!c->got[i]) {
		c->got[i] = 1;
		c->seen++;
	}
}

size_t rn_dns_chan_decode(const char *log, size_t n, char *out)
{
	struct chan c = { .n = n < RN_DNS_CHAN_MAX ? n : RN_DNS_CHAN_MAX,
			  .out = out };

	memset(out, '?', c.n);
	out[c.n] = '\0';
	each_query(log, chan_one, &c);
	return c.seen;
}

enum rn_verdict rn_dns_chan_judge(const char *secret, const char *log,
				    const struct rn_dns_tap *t, char *why,
				    size_t len)
{
	char got[RN_DNS_CHAN_MAX + 1];
	size_t n = strlen(secret), seen;

	if (!n || n > RN_DNS_CHAN_MAX) {
		snprintf(why, len, "no secret of 1..%d bytes to send",
			 RN_DNS_CHAN_MAX);
		return RN_FAIL;
	}
	seen = rn_dns_chan_decode(log, n, got);
	if (seen != n || strcmp(got, secret)) {
		snprintf(why, len, "the secret %s did not reach the resolver (%zu of %zu bytes back: %s): the channel docs/attacks.md states looks closed",
			 secret, seen, n, got);
		return RN_FAIL;
	}
	if (!t->resolve_sock) {
		snprintf(why, len, "the secret %s reached the resolver, but not through resolved's socket (the tap saw no connect() to %s; %u to a port 53): another way than the one stated",
			 secret, RN_DNS_RESOLVE_SOCK, t->to_server + t->other53);
		return RN_FAIL;
	}
	snprintf(why, len, "the secret %s went out one byte per PTR query name through systemd-resolved (%u connect(s) to its socket) and the upstream resolver's query log gives all %zu bytes back",
		 secret, t->resolve_sock, n);
	return RN_PASS;
}
