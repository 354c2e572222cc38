// SPDX-License-Identifier: MIT
/*
 * rnx_helper.c - argument parsing and errno reporting shared by the attack
 * helpers (see rnx_helper.h).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>

#include "rnx_helper.h"

struct rn_h_name {
	const char *name;
	int value;
};

static const struct rn_h_name domains[] = {
	{ "inet", AF_INET },	 { "inet6", AF_INET6 },
	{ "unix", AF_UNIX },	 { "packet", AF_PACKET },
	{ "netlink", AF_NETLINK }, { NULL, 0 }
};

static const struct rn_h_name types[] = {
	{ "stream", SOCK_STREAM }, { "dgram", SOCK_DGRAM },
	{ "raw", SOCK_RAW },	   { "seqpacket", SOCK_SEQPACKET },
	{ NULL, 0 }
};

static const struct rn_h_name signals[] = {
	{ "kill", SIGKILL }, { "term", SIGTERM }, { "stop", SIGSTOP },
	{ NULL, 0 }
};

static const struct rn_h_name protos[] = {
	{ "ip", 0 },		   { "tcp", IPPROTO_TCP },
	{ "udp", IPPROTO_UDP },	   { "icmp", IPPROTO_ICMP },
	{ "icmpv6", IPPROTO_ICMPV6 }, { "raw", IPPROTO_RAW },
	{ NULL, 0 }
};

int rn_h_fail(const char *prog, const char *op, int err)
{
	fprintf(stderr, "%s: %s: %s\n", prog, op, strerror(err));
	if (err <= 0 || err >= RN_H_EAI_BASE)
		return RN_H_USAGE;
	return err;
}

int rn_h_usage(const char *prog, const char *args)
{
	fprintf(stderr, "usage: %s %s\n", prog, args);
	return RN_H_USAGE;
}

int rn_h_eai_status(int eai, int err)
{
	if (eai == 0)
		return 0;
	if (eai == EAI_SYSTEM)
		return (err > 0 && err < RN_H_EAI_BASE) ? err : RN_H_USAGE;
	if (eai < 0 && -eai < RN_H_USAGE - RN_H_EAI_BASE)
		return RN_H_EAI_BASE - eai;
	return RN_H_USAGE - 1;
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

int rn_h_parse_port(const char *s, unsigned short *port)
{
	long v;
	int ret = parse_long(s, 1, 65535, &v);

	if (ret)
		return ret;
	*port = (unsigned short)v;
	return 0;
}

int rn_h_parse_pid(const char *s, pid_t *pid)
{
	long v;
	int ret = parse_long(s, 1, INT_MAX, &v);

	if (ret)
		return ret;
	*pid = (pid_t)v;
	return 0;
}

int rn_h_parse_ipv4(const char *ip, const char *port, struct sockaddr_in *sa)
{
	unsigned short p;

	memset(sa, 0, sizeof(*sa));
	if (!ip || inet_pton(AF_INET, ip, &sa->sin_addr) != 1)
		return -EINVAL;
	if (rn_h_parse_port(port, &p))
		return -EINVAL;
	sa->sin_family = AF_INET;
	sa->sin_port = htons(p);
	return 0;
}

static int parse_named(const struct rn_h_name *tab, const char *s,
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

int rn_h_parse_domain(const char *s, int *domain)
{
	return parse_named(domains, s, domain);
}

int rn_h_parse_type(const char *s, int *type)
{
	return parse_named(types, s, type);
}

int rn_h_parse_proto(const char *s, int *proto)
{
	return parse_named(protos, s, proto);
}

int rn_h_parse_signal(const char *s, int *sig)
{
	int v;

	if (parse_named(signals, s, &v) || v > 64)
		return -EINVAL;
	*sig = v;
	return 0;
}

int rn_h_parse_unix(const char *s, struct sockaddr_un *sa, socklen_t *len)
{
	size_t n;

	if (!s || !*s || !strcmp(s, "@"))
		return -EINVAL;
	n = strlen(s);
	/* a path needs its NUL inside sun_path; an abstract name has none,
	 * its leading "@" becomes the leading NUL */
	if (n >= sizeof(sa->sun_path) + (s[0] == '@'))
		return -EINVAL;
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (s[0] == '@') {
		memcpy(sa->sun_path + 1, s + 1, n - 1);
		*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n);
	} else {
		memcpy(sa->sun_path, s, n);
		*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
	}
	return 0;
}

int rn_h_parse_secs(const char *s, unsigned int *secs)
{
	long v;
	int ret = parse_long(s, 1, RN_H_MAX_SECS, &v);

	if (ret)
		return ret;
	*secs = (unsigned int)v;
	return 0;
}

const unsigned char RN_H_FRAME_SRC[6] = { 0x02, 0x00, 0x00, 0x72, 0x6e, 0x78 };

int rn_h_build_frame(unsigned char *buf, size_t cap, const char *marker)
{
	size_t n, len;

	if (!marker || !*marker)
		return -EINVAL;
	n = strlen(marker);
	if (n > RN_H_FRAME_MAX - 14)
		return -EMSGSIZE;
	len = 14 + n < RN_H_FRAME_MIN ? RN_H_FRAME_MIN : 14 + n;
	if (len > cap)
		return -EMSGSIZE;
	memset(buf, 0, len);
	memset(buf, 0xff, 6);
	memcpy(buf + 6, RN_H_FRAME_SRC, 6);
	buf[12] = RN_H_ETHERTYPE >> 8;
	buf[13] = RN_H_ETHERTYPE & 0xff;
	memcpy(buf + 14, marker, n);
	return (int)len;
}

double rn_h_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
