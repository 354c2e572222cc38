// SPDX-License-Identifier: MIT
/*
 * rnx-bench-send tcp|udp IPV4 PORT SECONDS - send as fast as possible for
 * SECONDS: 64 KiB writes on one TCP connection, or 1400-byte datagrams.
 * Prints "sent_bytes=N seconds=S".  Exit 0, or the errno of the first
 * failing call (see e2e/helpers/rnx_helper.h); a UDP send refused by the
 * receiver's ICMP (ECONNREFUSED) ends the run early without error.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-bench-send"
#define TCP_CHUNK (64 * 1024)
#define UDP_CHUNK 1400

int main(int argc, char **argv)
{
	static char buf[TCP_CHUNK];
	unsigned long long sent = 0;
	struct sockaddr_in sa;
	unsigned short secs;
	double t0, t;
	int tcp, fd, ret = 0;
	size_t chunk;

	if (argc != 5 || (strcmp(argv[1], "tcp") && strcmp(argv[1], "udp")) ||
	    rn_h_parse_ipv4(argv[2], argv[3], &sa) ||
	    rn_h_parse_port(argv[4], &secs))
		return rn_h_usage(PROG, "tcp|udp IPV4 PORT SECONDS");
	tcp = !strcmp(argv[1], "tcp");
	chunk = tcp ? TCP_CHUNK : UDP_CHUNK;
	memset(buf, 'r', sizeof(buf));
	fd = socket(AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return rn_h_fail(PROG, "socket", errno);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = rn_h_fail(PROG, "connect", errno);
		goto cleanup;
	}
	t0 = rn_h_now();
	for (t = t0; t - t0 < secs; t = rn_h_now()) {
		ssize_t n = send(fd, buf, chunk, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && !tcp && (errno == ENOBUFS || errno == EAGAIN))
			continue;
		if (n < 0 && !tcp && errno == ECONNREFUSED)
			break;
		if (n < 0) {
			ret = rn_h_fail(PROG, "send", errno);
			goto cleanup;
		}
		sent += (unsigned long long)n;
	}
	printf("sent_bytes=%llu seconds=%.3f\n", sent, rn_h_now() - t0);
cleanup:
	close(fd);
	return ret;
}
