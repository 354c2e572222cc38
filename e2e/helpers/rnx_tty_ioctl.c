// SPDX-License-Identifier: MIT
/*
 * rnx-tty-ioctl PATH OP [TEXT] - one terminal ioctl on PATH ("-": fd 0).
 *
 * OP is one of:
 *   sti TEXT  TIOCSTI, one call per byte of TEXT: push TEXT into the
 *             terminal input queue, as if typed (stops at the first error)
 *   setd      TIOCSETD to N_TTY (the line discipline a pty already has)
 *   linux     TIOCLINUX subcode 7 (TIOCL_GETMOUSEREPORTING; a pty answers
 *             EINVAL once the security checks pass)
 *   gwinsz    TIOCGWINSZ (what the TUI needs; the allowed control)
 * SELinux checks the ioctl command (extended permissions) before the tty
 * layer sees it: a command outside the whitelist fails with EACCES.
 *
 * Exit: 0 when the ioctl succeeded, else its errno (open of PATH: its
 * errno).  Nothing is printed on success.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "rnx_helper.h"

#define PROG "rnx-tty-ioctl"
#define ARGS "PATH|- sti TEXT | PATH|- setd|linux|gwinsz"

static int do_ioctl(int fd, const char *op, const char *text)
{
	struct winsize ws;
	char sub = 7;
	int ldisc = N_TTY;
	size_t i;

	if (!strcmp(op, "sti")) {
		for (i = 0; text[i]; i++)
			if (ioctl(fd, TIOCSTI, &text[i]) != 0)
				return errno;
		return 0;
	}
	if (!strcmp(op, "setd"))
		return ioctl(fd, TIOCSETD, &ldisc) ? errno : 0;
	if (!strcmp(op, "linux"))
		return ioctl(fd, TIOCLINUX, &sub) ? errno : 0;
	return ioctl(fd, TIOCGWINSZ, &ws) ? errno : 0;
}

int main(int argc, char **argv)
{
	const char *op, *text = NULL;
	int fd = 0, err;

	if (argc < 3 || !argv[1][0])
		return rn_h_usage(PROG, ARGS);
	op = argv[2];
	if (!strcmp(op, "sti")) {
		if (argc != 4 || !argv[3][0])
			return rn_h_usage(PROG, ARGS);
		text = argv[3];
	} else if (argc != 3 || (strcmp(op, "setd") && strcmp(op, "linux") &&
				 strcmp(op, "gwinsz"))) {
		return rn_h_usage(PROG, ARGS);
	}
	if (strcmp(argv[1], "-")) {
		fd = open(argv[1], O_RDWR | O_NOCTTY | O_CLOEXEC);
		if (fd < 0)
			return rn_h_fail(PROG, "open", errno);
	}
	err = do_ioctl(fd, op, text);
	if (fd != 0)
		close(fd);
	if (err)
		return rn_h_fail(PROG, "ioctl", err);
	return 0;
}
