// SPDX-License-Identifier: MIT
/*
 * rnx-udp-send IP PORT [PAYLOAD] - socket() and one sendto() of a datagram.
 *
 * Exit: 0 when sendto() accepted the datagram, else the errno of socket()
 * or sendto() (EACCES: udp_socket denied; ECONNREFUSED/EPERM: the packet
 * was dropped by a netfilter/SECMARK check on the way out).
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-udp-send"

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	const char *payload = "rnx-udp-send\n";
	int fd, ret = 0;

	if (argc < 3 || argc > 4 || rn_h_parse_ipv4(argv[1], argv[2], &sa))
		return rn_h_usage(PROG, "IPV4 PORT [PAYLOAD]");
	if (argc == 4)
		payload = argv[3];
	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return rn_h_fail(PROG, "socket", errno);
	if (sendto(fd, payload, strlen(payload), 0, (struct sockaddr *)&sa,
		   sizeof(sa)) < 0)
		ret = rn_h_fail(PROG, "sendto", errno);
	close(fd);
	return ret;
}
