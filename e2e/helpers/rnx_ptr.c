// SPDX-License-Identifier: MIT
/*
 * rnx-ptr IPV4 - reverse lookup with getnameinfo(NI_NAMEREQD).
 *
 * Goes through NSS exactly as rustnet does (hosts: line of nsswitch.conf).
 * Exit: 0 and the name on stdout; EAI_SYSTEM failures exit with errno,
 * other EAI_* codes with RN_H_EAI_BASE - code (EAI_NONAME: 202,
 * EAI_AGAIN: 203, EAI_FAIL: 204).
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>

#include "rnx_helper.h"

#define PROG "rnx-ptr"

int main(int argc, char **argv)
{
	struct sockaddr_in sa;
	char host[NI_MAXHOST];
	int eai;

	if (argc != 2 || rn_h_parse_ipv4(argv[1], "1", &sa))
		return rn_h_usage(PROG, "IPV4");
	errno = 0;
	eai = getnameinfo((struct sockaddr *)&sa, sizeof(sa), host,
			  sizeof(host), NULL, 0, NI_NAMEREQD);
	if (eai == EAI_SYSTEM)
		return rn_h_fail(PROG, "getnameinfo", errno ? errno : EIO);
	if (eai) {
		fprintf(stderr, "%s: getnameinfo: %s\n", PROG, gai_strerror(eai));
		return rn_h_eai_status(eai, 0);
	}
	if (printf("%s\n", host) < 0 || fflush(stdout))
		return rn_h_fail(PROG, "write", errno ? errno : EIO);
	return 0;
}
