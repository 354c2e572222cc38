// SPDX-License-Identifier: MIT
/*
 * core_pcap.c - validate a capture file written by rustnet: libpcap must
 * open it, it must hold packets, and the expected IPv4 TCP/UDP flows must
 * be present.  Link-layer, IPv4, TCP and UDP headers are decoded here.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"

#define ETHERTYPE_IPV4	0x0800
#define ETHERTYPE_VLAN	0x8100
#ifndef DLT_LINUX_SLL2
#define DLT_LINUX_SLL2	276
#endif

static unsigned int be16(const unsigned char *p)
{
	return ((unsigned int)p[0] << 8) | p[1];
}

static unsigned int be32(const unsigned char *p)
{
	return ((unsigned int)p[0] << 24) | ((unsigned int)p[1] << 16) |
	       ((unsigned int)p[2] << 8) | p[3];
}

/* Offset of the IPv4 header, 0 when the frame is not IPv4, -1 when
 * truncated. */
static long l3_offset(int linktype, const unsigned char *p, size_t caplen)
{
	unsigned int et;
	size_t off;

	switch (linktype) {
	case DLT_EN10MB:
		if (caplen < 14)
			return -1;
		et = be16(p + 12);
		off = 14;
		while (et == ETHERTYPE_VLAN || et == 0x88a8) {
			if (caplen < off + 4)
				return -1;
			et = be16(p + off + 2);
			off += 4;
		}
		return et == ETHERTYPE_IPV4 ? (long)off : 0;
	case DLT_LINUX_SLL:
		if (caplen < 16)
			return -1;
		return be16(p + 14) == ETHERTYPE_IPV4 ? 16 : 0;
	case DLT_LINUX_SLL2:
		if (caplen < 20)
			return -1;
		return be16(p) == ETHERTYPE_IPV4 ? 20 : 0;
	case DLT_RAW:
#ifdef DLT_IPV4
	case DLT_IPV4:
#endif
		if (caplen < 1)
			return -1;
		return (p[0] >> 4) == 4 ? 0 : -2;
	case DLT_NULL:
		if (caplen < 4)
			return -1;
		/* host byte order family; AF_INET is 2 everywhere */
		return (p[0] == 2 || p[3] == 2) ? 4 : 0;
	default:
		return -3;
	}
}

int rn_pcap_decode(int linktype, const unsigned char *p, size_t caplen,
		    struct rn_tuple *t)
{
	long off = l3_offset(linktype, p, caplen);
	const unsigned char *ip;
	size_t ihl, left;

	if (off == -1)
		return -1;
	if (off < 0)
		return off == -2 ? 0 : -EPROTONOSUPPORT;
	if (off == 0 && linktype != DLT_RAW
#ifdef DLT_IPV4
	    && linktype != DLT_IPV4
#endif
	    )
		return 0;
	ip = p + off;
	left = caplen - (size_t)off;
	if (left < 20)
		return -1;
	if ((ip[0] >> 4) != 4)
		return 0;
	ihl = (size_t)(ip[0] & 0x0f) * 4;
	if (ihl < 20 || left < ihl)
		return -1;
	if (be16(ip + 6) & 0x1fff)	/* not the first fragment */
		return 0;
	t->proto = ip[9];
	t->saddr = be32(ip + 12);
	t->daddr = be32(ip + 16);
	if (t->proto != IPPROTO_TCP && t->proto != IPPROTO_UDP)
		return 0;
	if (left < ihl + 4)
		return -1;
	t->sport = (unsigned short)be16(ip + ihl);
	t->dport = (unsigned short)be16(ip + ihl + 2);
	return 1;
}

int rn_flow_parse(const char *spec, int proto, struct rn_flow *f)
{
	char host[64];
	const char *colon = strrchr(spec, ':');
	struct in_addr a;
	unsigned long port;
	char *end;

	if (!colon || (size_t)(colon - spec) >= sizeof(host))
		return -EINVAL;
	memcpy(host, spec, (size_t)(colon - spec));
	host[colon - spec] = '\0';
	if (inet_pton(AF_INET, host, &a) != 1)
		return -EINVAL;
	errno = 0;
	port = strtoul(colon + 1, &end, 10);
	if (errno || *end || end == colon + 1 || port == 0 || port > 65535)
		return -EINVAL;
	f->proto = proto;
	f->addr = ntohl(a.s_addr);
	f->port = (unsigned short)port;
	f->hits = 0;
	return 0;
}

static void match_flows(const struct rn_tuple *t, struct rn_flow *flows,
			size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct rn_flow *f = &flows[i];

		if (f->proto != t->proto)
			continue;
		if ((t->daddr == f->addr && t->dport == f->port) ||
		    (t->saddr == f->addr && t->sport == f->port))
			f->hits++;
	}
}

int rn_pcap_check(const char *path, struct rn_flow *flows, size_t nflows,
		   struct rn_pcap_stats *st, char *why, size_t whylen)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	struct pcap_pkthdr *h;
	const unsigned char *data;
	pcap_t *pc;
	size_t i;
	int ret = 0, rc;

	memset(st, 0, sizeof(*st));
	why[0] = '\0';
	pc = pcap_open_offline(path, errbuf);
	if (!pc) {
		snprintf(why, whylen, "pcap_open_offline(%s): %s", path,
			 errbuf);
		return -EINVAL;
	}
	st->linktype = pcap_datalink(pc);
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		struct rn_tuple t;
		int d;

		st->packets++;
		d = rn_pcap_decode(st->linktype, data, h->caplen, &t);
		if (d == -EPROTONOSUPPORT) {
			snprintf(why, whylen, "%s: link type %d (%s) not supported",
				 path, st->linktype,
				 pcap_datalink_val_to_name(st->linktype) ?: "?");
			ret = -EPROTONOSUPPORT;
			goto cleanup;
		}
		if (d < 0) {
			st->undecoded++;
			continue;
		}
		if (d == 1) {
			st->ipv4++;
			match_flows(&t, flows, nflows);
		}
	}
	if (rc == -1) {
		snprintf(why, whylen, "%s: read error after %lu packets: %s",
			 path, st->packets, pcap_geterr(pc));
		ret = -EIO;
		goto cleanup;
	}
	if (!st->packets) {
		snprintf(why, whylen, "%s: no packets", path);
		ret = -ENODATA;
		goto cleanup;
	}
	for (i = 0; i < nflows; i++) {
		struct in_addr a = { .s_addr = htonl(flows[i].addr) };

		if (flows[i].hits)
			continue;
		snprintf(why, whylen, "%s: no %s packet to/from %s:%u in %lu packets",
			 path, flows[i].proto == IPPROTO_TCP ? "TCP" : "UDP",
			 inet_ntoa(a), flows[i].port, st->packets);
		ret = -ENOENT;
		goto cleanup;
	}

cleanup:
	pcap_close(pc);
	return ret;
}
