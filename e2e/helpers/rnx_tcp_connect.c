// SPDX-License-Identifier: MIT
/*
 * rnx-tcp-connect IP PORT - socket() and one connect() over TCP.
 *
 * Exit: 0 when connected, else the errno of socket() (EACCES: tcp_socket
 * create denied) or connect() (EACCES: name_connect denied; ECONNREFUSED:
 * nobody listens).
 */
#include <errno.h>
#include <sys/socket.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-tcp-connect"

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	int fd, ret = 0;

	if (argc != 3 || rn_h_parse_ipv4(argv[1], argv[2], &sa))
		return rn_h_usage(PROG, "IPV4 PORT");
	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return rn_h_fail(PROG, "socket", errno);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		ret = rn_h_fail(PROG, "connect", errno);
	close(fd);
	return ret;
}
