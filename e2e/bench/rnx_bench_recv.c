// SPDX-License-Identifier: MIT
/*
 * rnx-bench-recv tcp|udp PORT SECONDS - receive on 0.0.0.0:PORT and measure
 * the goodput from the first byte until the sender stops (TCP: EOF; UDP: one
 * second without a datagram) or SECONDS + 5 pass.  Prints
 * "bytes=N seconds=S MBps=R" (MB = 10^6 bytes).  Exit 0 or an errno; no
 * byte at all within 30 s is ETIMEDOUT.
 */
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-bench-recv"

static int set_timeout(int fd, int secs)
{
	struct timeval tv = { .tv_sec = secs };

	return setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
}

int main(int argc, char **argv)
{
	static char buf[64 * 1024];
	struct sockaddr_in sa = { .sin_family = AF_INET };
	unsigned long long got = 0;
	unsigned short port, secs;
	int tcp, lfd = -1, fd = -1, one = 1, ret = 0;
	double t0 = 0, tlast = 0;

	if (argc != 4 || (strcmp(argv[1], "tcp") && strcmp(argv[1], "udp")) ||
	    rn_h_parse_port(argv[2], &port) || rn_h_parse_port(argv[3], &secs))
		return rn_h_usage(PROG, "tcp|udp PORT SECONDS");
	tcp = !strcmp(argv[1], "tcp");
	sa.sin_port = htons(port);
	lfd = socket(AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
	if (lfd < 0)
		return rn_h_fail(PROG, "socket", errno);
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		ret = rn_h_fail(PROG, "bind", errno);
		goto cleanup;
	}
	if (tcp && listen(lfd, 1) < 0) {
		ret = rn_h_fail(PROG, "listen", errno);
		goto cleanup;
	}
	/* ready: the benchmark script waits for this line */
	printf("listening %s %u\n", argv[1], port);
	fflush(stdout);
	if (set_timeout(lfd, 30) < 0) {
		ret = rn_h_fail(PROG, "setsockopt", errno);
		goto cleanup;
	}
	if (tcp) {
		fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
		if (fd < 0) {
			ret = rn_h_fail(PROG, "accept", errno == EAGAIN ?
					 ETIMEDOUT : errno);
			goto cleanup;
		}
	} else {
		fd = lfd;
		lfd = -1;
	}
	for (;;) {
		ssize_t n = recv(fd, buf, sizeof(buf), 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (!got) {
				ret = rn_h_fail(PROG, "recv", ETIMEDOUT);
				goto cleanup;
			}
			break;	/* the sender stopped */
		}
		if (n < 0) {
			ret = rn_h_fail(PROG, "recv", errno);
			goto cleanup;
		}
		if (n == 0)
			break;
		if (!got) {
			t0 = rn_h_now();
			if (set_timeout(fd, 1) < 0) {
				ret = rn_h_fail(PROG, "setsockopt", errno);
				goto cleanup;
			}
		}
		got += (unsigned long long)n;
		tlast = rn_h_now();
		if (tlast - t0 > secs + 5)
			break;
	}
	if (tlast <= t0) {
		ret = rn_h_fail(PROG, "recv", ENODATA);
		goto cleanup;
	}
	printf("bytes=%llu seconds=%.3f MBps=%.3f\n", got, tlast - t0,
	       (double)got / (tlast - t0) / 1e6);
cleanup:
	if (fd >= 0)
		close(fd);
	if (lfd >= 0)
		close(lfd);
	return ret;
}
