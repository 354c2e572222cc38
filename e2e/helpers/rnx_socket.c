// SPDX-License-Identifier: MIT
/*
 * rnx-socket DOMAIN TYPE PROTO - one socket() call.
 *
 * Names or numbers, e.g. "inet raw raw" (rawip_socket) or "inet dgram icmp"
 * (icmp_socket, a ping socket).  SELinux's socket_create hook runs before
 * the protocol's own checks (CAP_NET_RAW, net.ipv4.ping_group_range), so a
 * denial there is EACCES whatever the caller's capabilities.
 */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-socket"

int main(int argc, char **argv)
{
	int domain, type, proto, fd;

	if (argc != 4 || rnx_h_parse_domain(argv[1], &domain) ||
	    rnx_h_parse_type(argv[2], &type) ||
	    rnx_h_parse_proto(argv[3], &proto))
		return rnx_h_usage(PROG, "DOMAIN TYPE PROTO");
	fd = socket(domain, type | SOCK_CLOEXEC, proto);
	if (fd < 0)
		return rnx_h_fail(PROG, "socket", errno);
	close(fd);
	return 0;
}
