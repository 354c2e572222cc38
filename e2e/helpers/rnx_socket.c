// SPDX-License-Identifier: MIT
/*
 * rnx-socket DOMAIN TYPE PROTO [OP ARG...] - one socket() call, and at most
 * one operation on the new socket.
 *
 * Names or numbers, e.g. "inet raw raw" (rawip_socket) or "inet dgram icmp"
 * (icmp_socket, a ping socket).  SELinux's socket_create hook runs before
 * the protocol's own checks (CAP_NET_RAW, net.ipv4.ping_group_range), so a
 * denial there is EACCES whatever the caller's capabilities.
 *
 * OP (optional):
 *   connect ADDR [MSG SECS]  unix: connect to ADDR (a path, or @NAME in the
 *                            abstract namespace); with MSG, send MSG and a
 *                            NUL (one varlink call) and copy what arrives
 *                            in SECS seconds to stdout, NULs as newlines
 *   bind ADDR [SECS]         unix: bind to ADDR, then listen on a stream
 *                            or seqpacket socket; with SECS, wait that
 *                            long for one connection (accept) or, on a
 *                            datagram socket, one datagram (ETIMEDOUT if
 *                            none came)
 *   frame IFNAME MARKER      packet: send one broadcast Ethernet frame
 *                            carrying MARKER (rn_h_build_frame()) out of
 *                            IFNAME
 *
 * Exit: 0 when every step succeeded, else the errno of the first that
 * failed, named on stderr.
 */
#include <errno.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-socket"
#define ARGS "DOMAIN TYPE PROTO [connect ADDR [MSG SECS] | bind ADDR [SECS] | " \
	     "frame IFNAME MARKER]"

/* Copy what @fd delivers within @secs seconds to stdout.  0 or an errno. */
static int relay(int fd, unsigned int secs)
{
	char buf[4096];
	double end = rn_h_now() + secs;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n, i;
	int left;

	for (;;) {
		left = (int)((end - rn_h_now()) * 1000);
		if (left <= 0)
			return 0;
		if (poll(&p, 1, left) < 0) {
			if (errno == EINTR)
				continue;
			return rn_h_fail(PROG, "poll", errno);
		}
		if (!p.revents)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n < 0)
			return rn_h_fail(PROG, "read", errno);
		if (n == 0)
			return 0;	/* the peer hung up: all it said is out */
		for (i = 0; i < n; i++)
			if (!buf[i])
				buf[i] = '\n';
		if (fwrite(buf, 1, (size_t)n, stdout) != (size_t)n ||
		    fflush(stdout))
			return rn_h_fail(PROG, "write stdout", EIO);
	}
}

/* Wait up to @secs seconds for one connection (@conn: accept it) or one
 * datagram (read it).  0 or an errno (ETIMEDOUT: nothing came). */
static int serve(int fd, unsigned int secs, int conn)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[512];
	int rc, c;

	do
		rc = poll(&p, 1, (int)secs * 1000);
	while (rc < 0 && errno == EINTR);
	if (rc < 0)
		return rn_h_fail(PROG, "poll", errno);
	if (rc == 0)
		return rn_h_fail(PROG, conn ? "accept" : "recv", ETIMEDOUT);
	if (!conn)
		return read(fd, buf, sizeof(buf)) < 0 ?
		       rn_h_fail(PROG, "recv", errno) : 0;
	c = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
	if (c < 0)
		return rn_h_fail(PROG, "accept", errno);
	close(c);
	return 0;
}

/* What to do with the socket, checked in full before socket() runs. */
struct op {
	enum { OP_NONE, OP_CONNECT, OP_BIND, OP_FRAME } kind;
	struct sockaddr_un sa;
	socklen_t salen;
	const char *msg;	/* OP_CONNECT: NULL for a bare connect */
	unsigned int secs;
	struct ifreq ifr;	/* OP_FRAME: the interface name */
	unsigned char frame[RN_H_FRAME_MAX];
	int flen;
};

/* @argv: OP and its arguments (@argc of them).  0 or -EINVAL. */
static int parse_op(int domain, int argc, char **argv, struct op *o)
{
	memset(o, 0, sizeof(*o));
	if (argc == 0)
		return 0;
	if (!strcmp(argv[0], "connect") && domain == AF_UNIX &&
	    (argc == 2 || argc == 4)) {
		o->kind = OP_CONNECT;
		if (argc == 4) {
			o->msg = argv[2];
			if (rn_h_parse_secs(argv[3], &o->secs))
				return -EINVAL;
		}
		return rn_h_parse_unix(argv[1], &o->sa, &o->salen);
	}
	if (!strcmp(argv[0], "bind") && domain == AF_UNIX &&
	    (argc == 2 || argc == 3)) {
		o->kind = OP_BIND;
		if (argc == 3 && rn_h_parse_secs(argv[2], &o->secs))
			return -EINVAL;
		return rn_h_parse_unix(argv[1], &o->sa, &o->salen);
	}
	if (!strcmp(argv[0], "frame") && domain == AF_PACKET && argc == 3 &&
	    argv[1][0] && strlen(argv[1]) < sizeof(o->ifr.ifr_name)) {
		o->kind = OP_FRAME;
		memcpy(o->ifr.ifr_name, argv[1], strlen(argv[1]));
		o->flen = rn_h_build_frame(o->frame, sizeof(o->frame),
					    argv[2]);
		return o->flen < 0 ? -EINVAL : 0;
	}
	return -EINVAL;
}

static int op_connect(int fd, const struct op *o)
{
	if (connect(fd, (const struct sockaddr *)&o->sa, o->salen) < 0)
		return rn_h_fail(PROG, "connect", errno);
	if (!o->msg)
		return 0;
	/* the message and its NUL terminator: one varlink call */
	if (write(fd, o->msg, strlen(o->msg) + 1) < 0)
		return rn_h_fail(PROG, "write", errno);
	return relay(fd, o->secs);
}

static int op_bind(int fd, int type, const struct op *o)
{
	if (bind(fd, (const struct sockaddr *)&o->sa, o->salen) < 0)
		return rn_h_fail(PROG, "bind", errno);
	if (type == SOCK_DGRAM)
		return o->secs ? serve(fd, o->secs, 0) : 0;
	if (listen(fd, 1) < 0)
		return rn_h_fail(PROG, "listen", errno);
	return o->secs ? serve(fd, o->secs, 1) : 0;
}

static int op_frame(int fd, struct op *o)
{
	struct sockaddr_ll sll;

	/* the interface index through the packet socket itself */
	if (ioctl(fd, SIOCGIFINDEX, &o->ifr) < 0)
		return rn_h_fail(PROG, "ioctl SIOCGIFINDEX", errno);
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = o->ifr.ifr_ifindex;
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, o->frame, 6);
	if (sendto(fd, o->frame, (size_t)o->flen, 0, (struct sockaddr *)&sll,
		   sizeof(sll)) < 0)
		return rn_h_fail(PROG, "sendto", errno);
	return 0;
}

int main(int argc, char **argv)
{
	static struct op o;
	int domain, type, proto, fd, ret = 0;

	if (argc < 4 || rn_h_parse_domain(argv[1], &domain) ||
	    rn_h_parse_type(argv[2], &type) ||
	    rn_h_parse_proto(argv[3], &proto) ||
	    parse_op(domain, argc - 4, argv + 4, &o))
		return rn_h_usage(PROG, ARGS);
	fd = socket(domain, type | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return rn_h_fail(PROG, "socket", errno);
	switch (o.kind) {
	case OP_CONNECT:
		ret = op_connect(fd, &o);
		break;
	case OP_BIND:
		ret = op_bind(fd, type, &o);
		break;
	case OP_FRAME:
		ret = op_frame(fd, &o);
		break;
	case OP_NONE:
		break;
	}
	close(fd);
	return ret;
}
