// SPDX-License-Identifier: MIT
/*
 * core_pcapcheck_cli.c - rnx-pcapcheck: validate a pcap/pcapng file from the
 * command line.
 *   rnx-pcapcheck FILE [--expect-tcp IP:PORT]... [--expect-udp IP:PORT]...
 * Exit 0 when valid with every expected flow, 1 when not, 2 on usage errors.
 */
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>

#include "core.h"

#define MAX_FLOWS 16

static int usage(void)
{
	fprintf(stderr,
		"usage: rnx-pcapcheck FILE [--expect-tcp IP:PORT]... [--expect-udp IP:PORT]...\n");
	return RN_EXIT_USAGE;
}

int main(int argc, char **argv)
{
	struct rn_flow flows[MAX_FLOWS];
	struct rn_pcap_stats st;
	const char *file = NULL;
	size_t nflows = 0, i;
	char why[512];
	int a, ret;

	for (a = 1; a < argc; a++) {
		int proto;

		if (!strcmp(argv[a], "--expect-tcp"))
			proto = IPPROTO_TCP;
		else if (!strcmp(argv[a], "--expect-udp"))
			proto = IPPROTO_UDP;
		else if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help"))
			return usage();
		else if (argv[a][0] == '-' || file)
			return usage();
		else {
			file = argv[a];
			continue;
		}
		if (a + 1 >= argc || nflows >= MAX_FLOWS)
			return usage();
		if (rn_flow_parse(argv[++a], proto, &flows[nflows])) {
			fprintf(stderr, "rnx-pcapcheck: bad flow '%s' (want IPv4:PORT)\n",
				argv[a]);
			return RN_EXIT_USAGE;
		}
		nflows++;
	}
	if (!file)
		return usage();
	ret = rn_pcap_check(file, flows, nflows, &st, why, sizeof(why));
	printf("file=%s linktype=%d packets=%lu ipv4_tcp_udp=%lu undecoded=%lu\n",
	       file, st.linktype, st.packets, st.ipv4, st.undecoded);
	for (i = 0; i < nflows; i++)
		printf("flow %s %u.%u.%u.%u:%u hits=%lu\n",
		       flows[i].proto == IPPROTO_TCP ? "tcp" : "udp",
		       flows[i].addr >> 24, (flows[i].addr >> 16) & 0xff,
		       (flows[i].addr >> 8) & 0xff, flows[i].addr & 0xff,
		       flows[i].port, flows[i].hits);
	if (ret) {
		printf("INVALID: %s\n", why);
		return RN_EXIT_FAIL;
	}
	printf("VALID\n");
	return RN_EXIT_OK;
}
