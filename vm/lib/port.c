// SPDX-License-Identifier: MIT
/* A free TCP port on 127.0.0.1. */
#include "port.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static void loopback(struct sockaddr_in *sa, int port)
{
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa->sin_port = htons((unsigned short)port);
}

int rn_free_port(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int port = -1;

	if (fd < 0)
		return -1;
	loopback(&sa, 0);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		goto cleanup;
	if (getsockname(fd, (struct sockaddr *)&sa, &len) < 0)
		goto cleanup;
	port = ntohs(sa.sin_port);
cleanup:
	close(fd);
	return port;
}

bool rn_port_taken(int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	bool taken = false;

	if (fd < 0)
		return false;
	/* A connection lingering in TIME_WAIT does not stop a listener. */
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0)
		goto cleanup;
	loopback(&sa, port);
	taken = bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 &&
		errno == EADDRINUSE;
cleanup:
	close(fd);
	return taken;
}
