// SPDX-License-Identifier: MIT
/*
 * audit_status.c - read the kernel's audit status (AUDIT_GET) through
 * libaudit: enabled flag, auditd pid, lost counter and backlog.
 */
#include <errno.h>
#include <poll.h>
#include <string.h>

#include <libaudit.h>

#include "rnx_audit.h"

#define RN_STATUS_TIMEOUT_MS 2000
#define RN_STATUS_MAX_MSGS 16

/* Wait for the next netlink message and read it into @rep. */
static int next_reply(int fd, struct audit_reply *rep)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int rc;

	for (;;) {
		rc = poll(&pfd, 1, RN_STATUS_TIMEOUT_MS);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc < 0)
			return -errno;
		if (rc == 0)
			return -ETIMEDOUT;
		rc = audit_get_reply(fd, rep, GET_REPLY_NONBLOCKING, 0);
		if (rc == -EAGAIN || rc == -EINTR)
			continue;
		if (rc < 0)
			return rc;
		if (rc == 0)
			return -EIO;
		return 0;
	}
}

int rn_audit_status_get(struct rn_audit_status *st)
{
	struct audit_reply rep;
	int fd, rc, i;

	if (!st)
		return -EINVAL;
	errno = 0;
	fd = audit_open();
	if (fd < 0)
		return errno ? -errno : -EIO;
	rc = audit_request_status(fd);
	if (rc <= 0) {
		rc = rc < 0 ? rc : -EIO;
		goto cleanup;
	}
	for (i = 0; i < RN_STATUS_MAX_MSGS; i++) {
		memset(&rep, 0, sizeof(rep));
		rc = next_reply(fd, &rep);
		if (rc < 0)
			goto cleanup;
		if (rep.type == NLMSG_ERROR) {
			/* error 0 is the kernel's ack of our request */
			if (!rep.error) {
				rc = -EPROTO;
				goto cleanup;
			}
			if (rep.error->error) {
				rc = rep.error->error < 0 ? rep.error->error :
							    -rep.error->error;
				goto cleanup;
			}
			continue;
		}
		if (rep.type != AUDIT_GET)
			continue;
		if (!rep.status) {
			rc = -EPROTO;
			goto cleanup;
		}
		st->enabled = rep.status->enabled;
		st->pid = rep.status->pid;
		st->lost = rep.status->lost;
		st->backlog = rep.status->backlog;
		st->backlog_limit = rep.status->backlog_limit;
		rc = 0;
		goto cleanup;
	}
	rc = -EPROTO;
cleanup:
	audit_close(fd);
	return rc;
}
