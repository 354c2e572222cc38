// SPDX-License-Identifier: MIT
/*
 * rnx_helper.c - argument parsing and errno reporting shared by the attack
 * helpers (see rnx_helper.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "rnx_helper.h"

struct rnx_h_name {
	const char *name;
	int value;
};

static const struct rnx_h_name domains[] = {
	{ "inet", AF_INET },	 { "inet6", AF_INET6 },
	{ "unix", AF_UNIX },	 { "packet", AF_PACKET },
	{ "netlink", AF_NETLINK }, { NULL, 0 }
};

static const struct rnx_h_name types[] = {
	{ "stream", SOCK_STREAM }, { "dgram", SOCK_DGRAM },
	{ "raw", SOCK_RAW },	   { "seqpacket", SOCK_SEQPACKET },
	{ NULL, 0 }
};

static const struct rnx_h_name protos[] = {
	{ "ip", 0 },		   { "tcp", IPPROTO_TCP },
	{ "udp", IPPROTO_UDP },	   { "icmp", IPPROTO_ICMP },
	{ "icmpv6", IPPROTO_ICMPV6 }, { "raw", IPPROTO_RAW },
	{ NULL, 0 }
};

int rnx_h_fail(const char *prog, const char *op, int err)
{
	fprintf(stderr, "%s: %s: %s\n", prog, op, strerror(err));
	if (err <= 0 || err >= RNX_H_EAI_BASE)
		return RNX_H_USAGE;
	return err;
}

int rnx_h_usage(const char *prog, const char *args)
{
	fprintf(stderr, "usage: %s %s\n", prog, args);
	return RNX_H_USAGE;
}

int rnx_h_eai_status(int eai, int err)
{
	if (eai == 0)
		return 0;
	if (eai == EAI_SYSTEM)
		return (err > 0 && err < RNX_H_EAI_BASE) ? err : RNX_H_USAGE;
	if (eai < 0 && -eai < RNX_H_USAGE - RNX_H_EAI_BASE)
		return RNX_H_EAI_BASE - eai;
	return RNX_H_USAGE - 1;
}

static int parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!s || !*s || *s == '+' || *s == '-' || *s == ' ')
		return -EINVAL;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int rnx_h_parse_port(const char *s, unsigned short *port)
{
	long v;
	int ret = parse_long(s, 1, 65535, &v);

	if (ret)
		return ret;
	*port = (unsigned short)v;
	return 0;
}

int rnx_h_parse_pid(const char *s, pid_t *pid)
{
	long v;
	int ret = parse_long(s, 1, INT_MAX, &v);

	if (ret)
		return ret;
	*pid = (pid_t)v;
	return 0;
}

int rnx_h_parse_ipv4(const char *ip, const char *port, struct sockaddr_in *sa)
{
	unsigned short p;

	memset(sa, 0, sizeof(*sa));
	if (!ip || inet_pton(AF_INET, ip, &sa->sin_addr) != 1)
		return -EINVAL;
	if (rnx_h_parse_port(port, &p))
		return -EINVAL;
	sa->sin_family = AF_INET;
	sa->sin_port = htons(p);
	return 0;
}

static int parse_named(const struct rnx_h_name *tab, const char *s,
		       int *out)
{
	long v;

	if (!s)
		return -EINVAL;
	for (; tab->name; tab++) {
		if (!strcmp(tab->name, s)) {
			*out = tab->value;
			return 0;
		}
	}
	if (!strcmp(s, "0")) {
		*out = 0;
		return 0;
	}
	if (parse_long(s, 1, 255, &v))
		return -EINVAL;
	*out = (int)v;
	return 0;
}

int rnx_h_parse_domain(const char *s, int *domain)
{
	return parse_named(domains, s, domain);
}

int rnx_h_parse_type(const char *s, int *type)
{
	return parse_named(types, s, type);
}

int rnx_h_parse_proto(const char *s, int *proto)
{
	return parse_named(protos, s, proto);
}

double rnx_h_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
