/* SPDX-License-Identifier: MIT */
/* A host-wide lock between rnlab runs that a crashed run cannot keep. */
#ifndef RN_LOCK_H
#define RN_LOCK_H

#include <stdbool.h>

#include "wait.h"

/*
 * Take an exclusive flock(2) on path (created 0600 if missing), trying
 * every 0.1 s for up to timeout seconds. The kernel drops the lock when
 * its holder exits, however it exits, so a killed run never leaves it
 * held. RN_WAIT_OK with the lock's fd in *fd; RN_WAIT_TIMEOUT; with
 * abortable, RN_WAIT_ABORTED on a pending signal; RN_WAIT_FATAL when the
 * file cannot be opened or locked (errno kept).
 */
enum rn_wait rn_lock_take(const char *path, double timeout, bool abortable,
			  int *fd);
/* Release and close; *fd becomes -1 (no-op when already -1). */
void rn_lock_release(int *fd);

#endif
