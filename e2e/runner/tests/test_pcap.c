// SPDX-License-Identifier: MIT
/*
 * test_pcap.c - cmocka tests of the capture checker on small files written
 * here: pcap with libpcap's own writer (Ethernet, VLAN, Linux SLL2, raw
 * IP), pcapng by hand (one SHB, IDB and EPB), an empty capture, a file
 * that is not a capture, and truncated frames.  The files stay in the
 * current directory for the rnx-pcapcheck CLI test.
 */
#include <errno.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "core.h"

#define JP	0xc612010aU	/* 198.18.1.10 */
#define LOCAL	0xc6120001U	/* 198.18.0.1 */
#define DNS1	0xc6133501U	/* 198.19.53.1 */

static size_t put16(unsigned char *p, unsigned int v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
	return 2;
}

static void put32(unsigned char *p, unsigned int v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* IPv4 + TCP/UDP header (no payload) at @p; returns its length. */
static size_t ip4(unsigned char *p, int proto, unsigned int s,
		  unsigned short sp, unsigned int d, unsigned short dp)
{
	size_t l4 = proto == IPPROTO_TCP ? 20 : 8;

	memset(p, 0, 20 + l4);
	p[0] = 0x45;
	put16(p + 2, (unsigned int)(20 + l4));
	p[8] = 64;
	p[9] = (unsigned char)proto;
	put32(p + 12, s);
	put32(p + 16, d);
	put16(p + 20, sp);
	put16(p + 22, dp);
	if (proto == IPPROTO_TCP)
		p[32] = 0x50;
	return 20 + l4;
}

static size_t eth(unsigned char *p, unsigned int type)
{
	memset(p, 0x02, 12);
	put16(p + 12, type);
	return 14;
}

static void dump(pcap_dumper_t *d, const unsigned char *p, size_t len)
{
	struct pcap_pkthdr h;

	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = 1700000000;
	h.caplen = (bpf_u_int32)len;
	h.len = (bpf_u_int32)len;
	pcap_dump((unsigned char *)d, &h, p);
}

static pcap_t *dead;

static pcap_dumper_t *open_out(int dlt, const char *path)
{
	pcap_dumper_t *d;

	dead = pcap_open_dead(dlt, 65535);
	assert_non_null(dead);
	d = pcap_dump_open(dead, path);
	assert_non_null(d);
	return d;
}

static void close_out(pcap_dumper_t *d)
{
	pcap_dump_close(d);
	pcap_close(dead);
}

static void write_fixtures(void)
{
	unsigned char f[128];
	pcap_dumper_t *d;
	size_t n;

	/* Ethernet: ARP, SYN to JP:80, SYN-ACK back, UDP to JP:5000,
	 * a VLAN-tagged TCP packet, a truncated frame */
	d = open_out(DLT_EN10MB, "eth.pcap");
	n = eth(f, 0x0806);
	memset(f + n, 0, 28);
	dump(d, f, n + 28);
	n = eth(f, 0x0800);
	n += ip4(f + n, IPPROTO_TCP, LOCAL, 40000, JP, 80);
	dump(d, f, n);
	n = eth(f, 0x0800);
	n += ip4(f + n, IPPROTO_TCP, JP, 80, LOCAL, 40000);
	dump(d, f, n);
	n = eth(f, 0x0800);
	n += ip4(f + n, IPPROTO_UDP, LOCAL, 41000, JP, 5000);
	dump(d, f, n);
	n = eth(f, 0x8100);
	n += put16(f + n, 7);
	n += put16(f + n, 0x0800);
	n += ip4(f + n, IPPROTO_TCP, LOCAL, 40001, JP, 80);
	dump(d, f, n);
	n = eth(f, 0x0800);
	dump(d, f, n + 10);	/* IPv4 header cut short */
	close_out(d);

	/* Ethernet with DNS only: the expected flow is missing */
	d = open_out(DLT_EN10MB, "dns-only.pcap");
	n = eth(f, 0x0800);
	n += ip4(f + n, IPPROTO_UDP, LOCAL, 42000, DNS1, 53);
	dump(d, f, n);
	close_out(d);

	/* Linux cooked v2 (what -i any gives) */
	d = open_out(DLT_LINUX_SLL2, "sll2.pcap");
	memset(f, 0, 20);
	put16(f, 0x0800);
	n = 20 + ip4(f + 20, IPPROTO_TCP, LOCAL, 40002, JP, 80);
	dump(d, f, n);
	close_out(d);

	/* raw IP */
	d = open_out(DLT_RAW, "raw.pcap");
	n = ip4(f, IPPROTO_TCP, LOCAL, 40003, JP, 80);
	dump(d, f, n);
	close_out(d);

	/* no packets at all */
	d = open_out(DLT_EN10MB, "empty.pcap");
	close_out(d);
}

static void le32(FILE *o, unsigned int v)
{
	unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8),
			       (unsigned char)(v >> 16),
			       (unsigned char)(v >> 24) };

	fwrite(b, 1, 4, o);
}

static void le16(FILE *o, unsigned int v)
{
	unsigned char b[2] = { (unsigned char)v, (unsigned char)(v >> 8) };

	fwrite(b, 1, 2, o);
}

/* pcapng, little endian: SHB, IDB (Ethernet), EPB with SYN to JP:80 */
static void write_pcapng(void)
{
	unsigned char f[128];
	size_t n, pad;
	FILE *o = fopen("eth.pcapng", "wb");

	assert_non_null(o);
	le32(o, 0x0a0d0d0a);	/* SHB */
	le32(o, 28);
	le32(o, 0x1a2b3c4d);
	le16(o, 1);
	le16(o, 0);
	le32(o, 0xffffffff);	/* section length unknown */
	le32(o, 0xffffffff);
	le32(o, 28);
	le32(o, 1);		/* IDB */
	le32(o, 20);
	le16(o, 1);		/* LINKTYPE_ETHERNET */
	le16(o, 0);
	le32(o, 65535);
	le32(o, 20);
	n = eth(f, 0x0800);
	n += ip4(f + n, IPPROTO_TCP, LOCAL, 40004, JP, 80);
	pad = (4 - n % 4) % 4;
	le32(o, 6);		/* EPB */
	le32(o, (unsigned int)(32 + n + pad));
	le32(o, 0);
	le32(o, 0);
	le32(o, 0);
	le32(o, (unsigned int)n);
	le32(o, (unsigned int)n);
	fwrite(f, 1, n, o);
	fwrite("\0\0\0", 1, pad, o);
	le32(o, (unsigned int)(32 + n + pad));
	assert_int_equal(fclose(o), 0);
}

static int setup(void **state)
{
	FILE *o;

	(void)state;
	write_fixtures();
	write_pcapng();
	o = fopen("not-a-capture.txt", "w");
	if (!o)
		return -1;
	fputs("hello\n", o);
	fclose(o);
	return 0;
}

static int check(const char *path, const char *flow, int proto,
		 struct rn_flow *f, struct rn_pcap_stats *st)
{
	char why[512];
	int ret;

	assert_int_equal(rn_flow_parse(flow, proto, f), 0);
	ret = rn_pcap_check(path, f, 1, st, why, sizeof(why));
	if (ret)
		assert_true(why[0] != '\0');
	return ret;
}

static void test_ethernet(void **state)
{
	struct rn_pcap_stats st;
	struct rn_flow f;

	(void)state;
	assert_int_equal(check("eth.pcap", "198.18.1.10:80", IPPROTO_TCP, &f,
			       &st), 0);
	assert_int_equal(st.linktype, DLT_EN10MB);
	assert_int_equal(st.packets, 6);
	assert_int_equal(f.hits, 3);	/* SYN, SYN-ACK, VLAN SYN */
	assert_int_equal(st.undecoded, 1);
	assert_int_equal(check("eth.pcap", "198.18.1.10:5000", IPPROTO_UDP,
			       &f, &st), 0);
	assert_int_equal(f.hits, 1);
	/* TCP to the UDP echo port is not there */
	assert_int_equal(check("eth.pcap", "198.18.1.10:5000", IPPROTO_TCP,
			       &f, &st), -ENOENT);
}

static void test_missing_flow(void **state)
{
	struct rn_pcap_stats st;
	struct rn_flow f;

	(void)state;
	assert_int_equal(check("dns-only.pcap", "198.18.1.10:80", IPPROTO_TCP,
			       &f, &st), -ENOENT);
	assert_int_equal(st.packets, 1);
}

static void test_other_linktypes(void **state)
{
	struct rn_pcap_stats st;
	struct rn_flow f;

	(void)state;
	assert_int_equal(check("sll2.pcap", "198.18.1.10:80", IPPROTO_TCP, &f,
			       &st), 0);
	assert_int_equal(f.hits, 1);
	assert_int_equal(check("raw.pcap", "198.18.1.10:80", IPPROTO_TCP, &f,
			       &st), 0);
	assert_int_equal(f.hits, 1);
}

static void test_pcapng(void **state)
{
	struct rn_pcap_stats st;
	struct rn_flow f;

	(void)state;
	assert_int_equal(check("eth.pcapng", "198.18.1.10:80", IPPROTO_TCP, &f,
			       &st), 0);
	assert_int_equal(st.packets, 1);
	assert_int_equal(f.hits, 1);
}

static void test_bad_files(void **state)
{
	struct rn_pcap_stats st;
	struct rn_flow f;

	(void)state;
	assert_int_equal(check("empty.pcap", "198.18.1.10:80", IPPROTO_TCP, &f,
			       &st), -ENODATA);
	assert_int_equal(check("not-a-capture.txt", "198.18.1.10:80",
			       IPPROTO_TCP, &f, &st), -EINVAL);
	assert_int_equal(check("does-not-exist.pcap", "198.18.1.10:80",
			       IPPROTO_TCP, &f, &st), -EINVAL);
}

static void test_flow_parse(void **state)
{
	struct rn_flow f;

	(void)state;
	assert_int_equal(rn_flow_parse("198.18.1.10:80", IPPROTO_TCP, &f), 0);
	assert_int_equal(f.addr, JP);
	assert_int_equal(f.port, 80);
	assert_int_equal(rn_flow_parse("198.18.1.10", IPPROTO_TCP, &f),
			 -EINVAL);
	assert_int_equal(rn_flow_parse("198.18.1.10:0", IPPROTO_TCP, &f),
			 -EINVAL);
	assert_int_equal(rn_flow_parse("198.18.1.10:70000", IPPROTO_TCP,
					&f), -EINVAL);
	assert_int_equal(rn_flow_parse("host:80", IPPROTO_TCP, &f), -EINVAL);
	assert_int_equal(rn_flow_parse("1.2.3.4:8x", IPPROTO_TCP, &f),
			 -EINVAL);
}

static void test_decode_truncated(void **state)
{
	unsigned char f[64];
	struct rn_tuple t;
	size_t n;

	(void)state;
	n = eth(f, 0x0800);
	n += ip4(f + n, IPPROTO_TCP, LOCAL, 1, JP, 80);
	assert_int_equal(rn_pcap_decode(DLT_EN10MB, f, n, &t), 1);
	assert_int_equal(t.dport, 80);
	assert_int_equal(rn_pcap_decode(DLT_EN10MB, f, 10, &t), -1);
	assert_int_equal(rn_pcap_decode(DLT_EN10MB, f, 14 + 20 + 2, &t), -1);
	/* a later fragment carries no ports: not a flow packet */
	f[14 + 6] = 0x00;
	f[14 + 7] = 0x10;
	assert_int_equal(rn_pcap_decode(DLT_EN10MB, f, n, &t), 0);
	assert_int_equal(rn_pcap_decode(147 /* USER0 */, f, n, &t),
			 -EPROTONOSUPPORT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ethernet),
		cmocka_unit_test(test_missing_flow),
		cmocka_unit_test(test_other_linktypes),
		cmocka_unit_test(test_pcapng),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_flow_parse),
		cmocka_unit_test(test_decode_truncated),
	};

	cmocka_set_message_output(CM_OUTPUT_TAP);
	return cmocka_run_group_tests(tests, setup, NULL);
}
