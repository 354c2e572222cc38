// SPDX-License-Identifier: MIT
/* A host-wide lock between rnlab runs that a crashed run cannot keep. */
#include "lock.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

struct lock_try {
	int fd;
	int err;
};

static enum rn_poll try_lock(void *ctx)
{
	struct lock_try *t = ctx;

	if (flock(t->fd, LOCK_EX | LOCK_NB) == 0)
		return RN_POLL_DONE;
	if (errno == EWOULDBLOCK || errno == EINTR)
		return RN_POLL_AGAIN;
	t->err = errno;
	return RN_POLL_FATAL;
}

enum rn_wait rn_lock_take(const char *path, double timeout, bool abortable,
			  int *fd)
{
	struct lock_try t = { .fd = -1, .err = 0 };
	enum rn_wait w;

	*fd = -1;
	t.fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (t.fd < 0)
		return RN_WAIT_FATAL;
	w = abortable ? rn_wait_until(&rn_real_clock, timeout, 0.1, try_lock, &t)
		      : rn_wait_settle(&rn_real_clock, timeout, 0.1, try_lock,
				       &t);
	if (w != RN_WAIT_OK) {
		close(t.fd);
		if (w == RN_WAIT_FATAL)
			errno = t.err;
		return w;
	}
	*fd = t.fd;
	return RN_WAIT_OK;
}

void rn_lock_release(int *fd)
{
	if (*fd < 0)
		return;
	/* Closing the only descriptor of the open file drops the flock. */
	close(*fd);
	*fd = -1;
}
