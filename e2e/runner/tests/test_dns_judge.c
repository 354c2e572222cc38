// SPDX-License-Identifier: MIT
/*
 * test_dns_judge.c - the decisions of the reverse-DNS path rows and of the
 * DNS-channel row (dns_judge.c): what counts as names shown, as the
 * expected denial, as rustnet_t's own port-53 traffic, as a query that
 * reached the resolver.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <cmocka.h>

#include "dns_judge.h"

#define STUB_HEX "020000357F0000350000000000000000"
#define RESOLVE_HEX "01002F72756E2F73797374656D642F7265736F6C76652F696F2E73797374656D642E5265736F6C766500"

/* ausearch --input-logs -k KEY raw output, log_format=ENRICHED: a
 * resolver thread's connect to the stub, one to resolved's socket, one to
 * 8.8.8.8:53, auditctl's own event (netlink), another domain's connect. */
static const char tap_text[] =
	"----\n"
	"time->Mon Nov 30 15:00:01 2026\n"
	"type=PROCTITLE msg=audit(1796050801.100:501): proctitle=7275\n"
	"type=SOCKADDR msg=audit(1796050801.100:501): saddr=" STUB_HEX "\x1dSADDR={ saddr_fam=inet laddr=127.0.0.53 lport=53 }\n"
	"type=SYSCALL msg=audit(1796050801.100:501): arch=c000003e syscall=42 success=yes exit=0 a0=5 items=0 ppid=1 pid=900 comm=\"dns-resolver-0\" exe=\"/usr/bin/rustnet\" subj=unconfined_u:unconfined_r:rustnet_t:s0-s0:c0.c1023 key=\"rnxdns\"\x1d" "ARCH=x86_64 SYSCALL=connect\n"
	"----\n"
	"type=SOCKADDR msg=audit(1796050801.200:502): saddr=" RESOLVE_HEX "\n"
	"type=SYSCALL msg=audit(1796050801.200:502): arch=c000003e syscall=42 success=yes exit=0 comm=\"dns-resolver-1\" subj=unconfined_u:unconfined_r:rustnet_t:s0 key=\"rnxdns\"\n"
	"----\n"
	"type=SOCKADDR msg=audit(1796050801.300:503): saddr=0200003508080808\n"
	"type=SYSCALL msg=audit(1796050801.300:503): arch=c000003e syscall=42 success=yes exit=0 comm=\"rustnet\" subj=unconfined_u:unconfined_r:rustnet_t:s0 key=\"rnxdns\"\n"
	"----\n"
	"type=CONFIG_CHANGE msg=audit(1796050800.000:500): auid=0 ses=1 op=add_rule key=\"rnxdns\" list=4 res=1\n"
	"type=SOCKADDR msg=audit(1796050800.000:500): saddr=100000000000000000000000\n"
	"type=SYSCALL msg=audit(1796050800.000:500): arch=c000003e syscall=44 success=yes exit=1080 comm=\"auditctl\" subj=unconfined_u:unconfined_r:auditctl_t:s0 key=(null)\n"
	"----\n"
	"type=SOCKADDR msg=audit(1796050801.400:504): saddr=" STUB_HEX "\n"
	"type=SYSCALL msg=audit(1796050801.400:504): arch=c000003e syscall=42 success=yes exit=0 comm=\"getent\" subj=unconfined_u:unconfined_r:unconfined_t:s0 key=\"rnxdns\"\n";

static void test_saddr(void **state)
{
	struct rn_dns_peer p;

	(void)state;
	assert_int_equal(rn_dns_saddr(STUB_HEX, &p), 0);
	assert_int_equal(p.family, AF_INET);
	assert_int_equal(p.port, 53);
	assert_string_equal(p.addr, "127.0.0.53");
	assert_int_equal(rn_dns_saddr(RESOLVE_HEX, &p), 0);
	assert_int_equal(p.family, AF_UNIX);
	assert_string_equal(p.addr, RN_DNS_RESOLVE_SOCK);
	assert_int_equal(rn_dns_saddr("010000726E782D616273", &p), 0);
	assert_string_equal(p.addr, "@rnx-abs");
	assert_int_equal(rn_dns_saddr("0A0000350000000000000000000000000000000000000001"
				       "00000000", &p), 0);
	assert_int_equal(p.family, AF_INET6);
	assert_int_equal(p.port, 53);
	assert_string_equal(p.addr, "::1");
	/* netlink, truncated inet, no hex at all */
	assert_int_equal(rn_dns_saddr("100000000000000000000000", &p), -1);
	assert_int_equal(p.family, -1);
	assert_int_equal(rn_dns_saddr("02000035", &p), -1);
	assert_int_equal(rn_dns_saddr("zz", &p), -1);
}

/* More families and cut records: what libauparse could not tell apart
 * (see rn_dns_saddr()) and where the hex ends early. */
static void test_saddr_more(void **state)
{
	struct rn_dns_peer p;

	(void)state;
	/* inet6 2001:db8::53 port 5353, flowinfo and scope id set */
	assert_int_equal(rn_dns_saddr("0A0014E900000001"
				       "20010DB8000000000000000000000053"
				       "00000002", &p), 0);
	assert_int_equal(p.family, AF_INET6);
	assert_int_equal(p.port, 5353);
	assert_string_equal(p.addr, "2001:db8::53");
	/* an IPv4-mapped address stays in inet6 form */
	assert_int_equal(rn_dns_saddr("0A0000350000000000000000000000000000"
				       "FFFF7F000035", &p), 0);
	assert_int_equal(p.family, AF_INET6);
	assert_string_equal(p.addr, "::ffff:127.0.0.53");
	/* inet6 cut inside the address (20 of 24 bytes): none */
	assert_int_equal(rn_dns_saddr("0A0000350000000000000000000000000000"
				       "000000", &p), -1);
	assert_int_equal(p.family, -1);
	assert_string_equal(p.addr, "");
	/* the abstract name and the relative path with the same letters
	 * differ; an abstract name with a NUL inside ends there */
	assert_int_equal(rn_dns_saddr("0100726E782D616273", &p), 0);
	assert_int_equal(p.family, AF_UNIX);
	assert_string_equal(p.addr, "rnx-abs");
	assert_int_equal(rn_dns_saddr("010000726E78002D78", &p), 0);
	assert_string_equal(p.addr, "@rnx");
	/* a path with a space and a brace */
	assert_int_equal(rn_dns_saddr("01002F612062207D00", &p), 0);
	assert_string_equal(p.addr, "/a b }");
	/* unnamed: the family alone; abstract with no name */
	assert_int_equal(rn_dns_saddr("0100", &p), 0);
	assert_int_equal(p.family, AF_UNIX);
	assert_string_equal(p.addr, "");
	assert_int_equal(rn_dns_saddr("010000", &p), 0);
	assert_string_equal(p.addr, "@");
	/* the hex stops mid-byte or at a non-hex character: the bytes
	 * before count (an inet record cut short is none) */
	assert_int_equal(rn_dns_saddr("020000357F00003", &p), -1);
	assert_int_equal(rn_dns_saddr("020000357F000035 ", &p), 0);
	assert_string_equal(p.addr, "127.0.0.53");
	assert_int_equal(rn_dns_saddr("01002F72756Ez", &p), 0);
	assert_string_equal(p.addr, "/run");
	/* one byte, nothing */
	assert_int_equal(rn_dns_saddr("02", &p), -1);
	assert_int_equal(rn_dns_saddr("", &p), -1);
	assert_int_equal(p.family, -1);
}

static void test_tap(void **state)
{
	struct rn_dns_tap t;

	(void)state;
	rn_dns_tap_scan(tap_text, "127.0.0.53", &t);
	assert_int_equal(t.to_server, 1);
	assert_string_equal(t.comm, "dns-resolver-0");
	assert_int_equal(t.resolve_sock, 1);
	assert_int_equal(t.other53, 1);	/* 8.8.8.8:53 */
	assert_int_equal(t.other, 0);	/* auditctl and getent not counted */
	/* another server: the stub connect is then "port 53 elsewhere" */
	rn_dns_tap_scan(tap_text, "198.19.53.2", &t);
	assert_int_equal(t.to_server, 0);
	assert_int_equal(t.other53, 2);
	rn_dns_tap_scan(tap_text, NULL, &t);
	assert_int_equal(t.to_server, 0);
	assert_int_equal(t.other53, 2);
	rn_dns_tap_scan("", "127.0.0.53", &t);
	assert_int_equal(t.to_server + t.other53 + t.resolve_sock + t.other, 0);
	rn_dns_tap_scan("<no matches>\n", "127.0.0.53", &t);
	assert_int_equal(t.to_server + t.other53 + t.resolve_sock + t.other, 0);
}

static const char qlog_text[] =
	"dnsmasq: started, version 2.89 DNS disabled\n"
	"Nov 30 15:00:02 dnsmasq[812]: query[PTR] 10.1.18.198.in-addr.arpa from 198.18.0.1\n"
	"Nov 30 15:00:02 dnsmasq[812]: config tokyo-web.stub.rnx.test is 198.18.1.10\n"
	"Nov 30 15:00:03 dnsmasq[812]: query[PTR] 72.0.0.192.in-addr.arpa from 198.18.0.1\n"
	"Nov 30 15:00:03 dnsmasq[812]: query[PTR] 1.1.1.1.in-addr.arpa from 198.18.0.1\n"
	"Nov 30 15:00:04 dnsmasq[812]: query[A] tokyo-web.stub.rnx.test from 198.18.0.1\n";

static void test_qlog(void **state)
{
	struct rn_dns_qlog q;

	(void)state;
	rn_dns_qlog_scan(qlog_text, &q);
	assert_int_equal(q.ptr_fixture, 2);
	assert_int_equal(q.ptr_other, 1);
	assert_int_equal(q.other, 1);
	assert_string_equal(q.from, "198.18.0.1");
	/* dns-tap.py's lines read the same way */
	rn_dns_qlog_scan("query[PTR] 40.0.0.192.in-addr.arpa from 127.0.0.1#40123\n"
			  "query[A] x.stub.rnx.test from 127.0.0.1#40124\n", &q);
	assert_int_equal(q.ptr_fixture, 1);
	assert_int_equal(q.other, 1);
	assert_string_equal(q.from, "127.0.0.1#40123");
	rn_dns_qlog_scan("", &q);
	assert_int_equal(q.ptr_fixture + q.ptr_other + q.other, 0);
	/* not query lines: replies, a malformed bracket */
	rn_dns_qlog_scan("reply 10.1.18.198.in-addr.arpa is tokyo\n"
			  "query[PTR 10.1.18.198.in-addr.arpa from x\n", &q);
	assert_int_equal(q.ptr_fixture + q.ptr_other + q.other, 0);
}

static void test_shown(void **state)
{
	struct rn_dns_shown s;

	(void)state;
	rn_dns_shown_scan("TCP 198.18.0.1:4242 tokyo-web.stub.rn 80",
			   "{\"destination_hostname\":\"tokyo-web.stub.rnx.test\"}",
			   "stub.rnx.test", &s);
	assert_true(s.names);
	assert_false(s.wrong);
	assert_true(s.pane_names);
	assert_false(s.addrs);
	assert_string_equal(s.name, "tokyo-web.stub.rnx.test");
	/* the external resolver's names on the stub path: wrong */
	rn_dns_shown_scan("", "\"saopaulo-geo.ext.rnx.test\"", "stub.rnx.test",
			   &s);
	assert_false(s.names);
	assert_true(s.wrong);
	/* addresses only */
	rn_dns_shown_scan("TCP 198.18.1.10:80 JP  UDP 192.0.0.72:5000 BR",
			   "{\"destination_ip\":\"198.18.1.10\"}", "ext.rnx.test",
			   &s);
	assert_false(s.names);
	assert_false(s.pane_names);
	assert_true(s.addrs);
	/* a name prefix without the quotes of a whole name is no name */
	rn_dns_shown_scan(NULL, "\"tokyo-web.stub.rnx.test.evil\"",
			   "stub.rnx.test", &s);
	assert_false(s.names);
	rn_dns_shown_scan(NULL, NULL, "stub.rnx.test", &s);
	assert_false(s.names || s.wrong || s.addrs || s.pane_names);
}

static const struct rn_dns_row stub_on = {
	RN_DNS_WANT_NAMES, "stub.rnx.test", "127.0.0.53",
};
static const struct rn_dns_row resolved = {
	RN_DNS_WANT_NAMES, "stub.rnx.test", NULL,
};
static const struct rn_dns_row stub_off = {
	RN_DNS_WANT_DENIED, "stub.rnx.test", "127.0.0.53",
};

/* the reason of the last judge() */
static char why[512];

static enum rn_verdict judge(const struct rn_dns_row *row,
			      const struct rn_dns_obs *o)
{
	return rn_dns_judge(row, o, why, sizeof(why));
}

static struct rn_dns_obs names_obs(void)
{
	struct rn_dns_obs o;

	memset(&o, 0, sizeof(o));
	o.shown.names = 1;
	o.shown.pane_names = 1;
	strcpy(o.shown.name, "tokyo-web.stub.rnx.test");
	o.tap.to_server = 3;
	o.qlog.ptr_fixture = 2;
	strcpy(o.qlog.from, "198.18.0.1");
	return o;
}

static void test_judge_names(void **state)
{
	struct rn_dns_obs o = names_obs();

	(void)state;
	assert_int_equal(judge(&stub_on, &o), RN_PASS);
	assert_non_null(strstr(why, "127.0.0.53"));
	/* each missing piece fails it */
	o = names_obs();
	o.shown.names = 0;
	assert_int_equal(judge(&stub_on, &o), RN_FAIL);
	assert_non_null(strstr(why, "JSON log"));
	o = names_obs();
	o.shown.wrong = 1;
	assert_int_equal(judge(&stub_on, &o), RN_FAIL);
	o = names_obs();
	o.tap.to_server = 0;
	o.tap.resolve_sock = 2;
	assert_int_equal(judge(&stub_on, &o), RN_FAIL);
	assert_non_null(strstr(why, "another way"));
	o = names_obs();
	o.tap.other53 = 1;
	assert_int_equal(judge(&stub_on, &o), RN_FAIL);
	o = names_obs();
	o.qlog.ptr_fixture = 0;
	assert_int_equal(judge(&stub_on, &o), RN_FAIL);
	assert_non_null(strstr(why, "query log"));
	/* the tap in front of the stub must have seen rustnet's queries */
	o = names_obs();
	o.have_stub = 1;
	assert_int_equal(judge(&stub_on, &o), RN_FAIL);
	assert_non_null(strstr(why, "tap in front of the stub"));
	o.stub.ptr_fixture = 2;
	assert_int_equal(judge(&stub_on, &o), RN_PASS);
	assert_non_null(strstr(why, "the stub received its PTR queries"));
}

static void test_judge_external(void **state)
{
	static const struct rn_dns_row ext_on = {
		RN_DNS_WANT_NAMES, "ext.rnx.test", "198.19.53.2",
	};
	struct rn_dns_obs o = names_obs();

	(void)state;
	strcpy(o.shown.name, "tokyo-web.ext.rnx.test");
	/* port 53 elsewhere (the stub), none to 198.19.53.2 */
	o.tap.to_server = 0;
	o.tap.other53 = 3;
	assert_int_equal(judge(&ext_on, &o), RN_FAIL);
	assert_non_null(strstr(why, "198.19.53.2:53"));
	/* both */
	o.tap.to_server = 2;
	assert_int_equal(judge(&ext_on, &o), RN_FAIL);
	assert_non_null(strstr(why, "another address"));
	o.tap.other53 = 0;
	assert_int_equal(judge(&ext_on, &o), RN_PASS);
	assert_non_null(strstr(why, "198.19.53.2"));
}

static void test_judge_resolved(void **state)
{
	struct rn_dns_obs o = names_obs();

	(void)state;
	/* names, but by rustnet_t's own port 53: not the resolved path */
	assert_int_equal(judge(&resolved, &o), RN_FAIL);
	o.tap.resolve_sock = 1;
	assert_int_equal(judge(&resolved, &o), RN_FAIL);
	assert_non_null(strstr(why, "no UDP of its own"));
	o.tap.to_server = 0;
	assert_int_equal(judge(&resolved, &o), RN_PASS);
	assert_non_null(strstr(why, RN_DNS_RESOLVE_SOCK));
	/* UDP PTR queries at the stub on the resolved path */
	o.have_stub = 1;
	assert_int_equal(judge(&resolved, &o), RN_PASS);
	o.stub.ptr_fixture = 1;
	assert_int_equal(judge(&resolved, &o), RN_FAIL);
	assert_non_null(strstr(why, "resolved path"));
	o.stub.ptr_fixture = 0;
	o.tap.resolve_sock = 0;
	assert_int_equal(judge(&resolved, &o), RN_FAIL);
}

static void test_judge_denied(void **state)
{
	struct rn_dns_obs o;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.shown.addrs = 1;
	o.tap.to_server = 4;	/* connect is allowed; the send is not */
	assert_int_equal(judge(&stub_off, &o), RN_PASS);
	assert_non_null(strstr(why, "addresses shown"));
	o.qlog.ptr_fixture = 1;
	assert_int_equal(judge(&stub_off, &o), RN_FAIL);
	assert_non_null(strstr(why, "reached the resolver"));
	o.qlog.ptr_fixture = 0;
	o.have_stub = 1;
	o.stub.ptr_fixture = 3;
	assert_int_equal(judge(&stub_off, &o), RN_FAIL);
	assert_non_null(strstr(why, "reached the stub"));
	o.stub.ptr_fixture = 0;
	assert_int_equal(judge(&stub_off, &o), RN_PASS);
	assert_non_null(strstr(why, "nor the stub"));
	o.shown.names = 1;
	assert_int_equal(judge(&stub_off, &o), RN_FAIL);
	o.shown.names = 0;
	o.shown.addrs = 0;
	assert_int_equal(judge(&stub_off, &o), RN_FAIL);
	assert_non_null(strstr(why, "no fixture address"));
}

static void test_chan(void **state)
{
	const char *secret = "a1f0";
	char addr[32], out[RN_DNS_CHAN_MAX + 1];
	char log[1024] = "";
	size_t i;

	(void)state;
	assert_int_equal(rn_dns_chan_addr(secret, 0, addr, sizeof(addr)), 0);
	assert_string_equal(addr, "198.19.100.97");
	assert_int_equal(rn_dns_chan_addr(secret, 3, addr, sizeof(addr)), 0);
	assert_string_equal(addr, "198.19.103.48");
	assert_int_equal(rn_dns_chan_addr(secret, 4, addr, sizeof(addr)), -1);
	assert_int_equal(rn_dns_chan_addr(secret, 0, addr, 8), -1);
	/* in reverse order, one repeated (a resolver retry), one other PTR */
	for (i = 4; i-- > 0;) {
		unsigned int b = (unsigned char)secret[i];

		snprintf(log + strlen(log), sizeof(log) - strlen(log),
			 "dnsmasq[9]: query[PTR] %u.%zu.19.198.in-addr.arpa from 198.18.0.1\n",
			 b, RN_DNS_CHAN_BASE + i);
	}
	strcat(log, "dnsmasq[9]: query[PTR] 97.100.19.198.in-addr.arpa from 198.18.0.1\n"
		    "dnsmasq[9]: query[PTR] 10.1.18.198.in-addr.arpa from 198.18.0.1\n"
		    "dnsmasq[9]: query[A] 49.101.19.198.in-addr.arpa from 198.18.0.1\n");
	assert_int_equal(rn_dns_chan_decode(log, 4, out), 4);
	assert_string_equal(out, secret);
	/* a byte that never arrived */
	assert_int_equal(rn_dns_chan_decode("query[PTR] 97.100.19.198.in-addr.arpa from x\n"
					     "query[PTR] 48.103.19.198.IN-ADDR.ARPA from x\n",
					     4, out), 2);
	assert_string_equal(out, "a??0");
	/* out of range index, other /16, trailing junk */
	assert_int_equal(rn_dns_chan_decode("query[PTR] 97.104.19.198.in-addr.arpa from x\n"
					     "query[PTR] 97.100.18.198.in-addr.arpa from x\n"
					     "query[PTR] 97.100.19.198.in-addr.arpa.evil from x\n",
					     4, out), 0);
	assert_string_equal(out, "????");
}

static void test_chan_judge(void **state)
{
	const char *log = "query[PTR] 55.100.19.198.in-addr.arpa from 198.18.0.1\n"
			  "query[PTR] 102.101.19.198.in-addr.arpa from 198.18.0.1\n";
	struct rn_dns_tap t = { .resolve_sock = 2 };

	(void)state;
	assert_int_equal(rn_dns_chan_judge("7f", log, &t, why, sizeof(why)),
			 RN_PASS);
	assert_non_null(strstr(why, "all 2 bytes"));
	/* a byte missing, or another secret */
	assert_int_equal(rn_dns_chan_judge("7f0", log, &t, why, sizeof(why)),
			 RN_FAIL);
	assert_non_null(strstr(why, "looks closed"));
	assert_int_equal(rn_dns_chan_judge("7e", log, &t, why, sizeof(why)),
			 RN_FAIL);
	/* arrived, but not through resolved's socket */
	t.resolve_sock = 0;
	t.other53 = 2;
	assert_int_equal(rn_dns_chan_judge("7f", log, &t, why, sizeof(why)),
			 RN_FAIL);
	assert_non_null(strstr(why, "not through resolved's socket"));
	assert_int_equal(rn_dns_chan_judge("", log, &t, why, sizeof(why)),
			 RN_FAIL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_saddr),
		cmocka_unit_test(test_saddr_more),
		cmocka_unit_test(test_tap),
		cmocka_unit_test(test_qlog),
		cmocka_unit_test(test_shown),
		cmocka_unit_test(test_judge_names),
		cmocka_unit_test(test_judge_external),
		cmocka_unit_test(test_judge_resolved),
		cmocka_unit_test(test_judge_denied),
		cmocka_unit_test(test_chan),
		cmocka_unit_test(test_chan_judge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
