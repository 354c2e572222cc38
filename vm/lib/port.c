// SPDX-License-Identifier: MIT
/* A free TCP port on 127.0.0.1. */
#include "port.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int rn_free_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int port = -1;

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = 0;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		goto cleanup;
	if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
		goto cleanup;
	port = ntohs(sa.sin_port);
cleanup:
	close(fd);
	return port;
}
