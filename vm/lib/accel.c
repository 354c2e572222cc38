// SPDX-License-Identifier: MIT
/* Choosing KVM or TCG. */
#include "accel.h"

#include <fcntl.h>
#include <linux/kvm.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

bool rn_kvm_usable(const char *path)
{
	int fd = open(path, O_RDWR | O_CLOEXEC);
	int v;

	if (fd < 0)
		return false;
	v = ioctl(fd, KVM_GET_API_VERSION, 0);
	close(fd);
	return v == KVM_API_VERSION;
}

enum rn_accel rn_accel_resolve(enum rn_accel req,
			       bool (*probe)(const char *path),
			       const char *path)
{
	if (req != RN_ACCEL_AUTO)
		return req;
	return probe(path) ? RN_ACCEL_KVM : RN_ACCEL_TCG;
}

const char *rn_accel_name(enum rn_accel a)
{
	switch (a) {
	case RN_ACCEL_KVM:
		return "kvm";
	case RN_ACCEL_TCG:
		return "tcg";
	case RN_ACCEL_AUTO:
		break;
	}
	return "auto";
}

int rn_accel_parse(const char *s, enum rn_accel *out)
{
	if (!strcmp(s, "auto"))
		*out = RN_ACCEL_AUTO;
	else if (!strcmp(s, "kvm"))
		*out = RN_ACCEL_KVM;
	else if (!strcmp(s, "tcg"))
		*out = RN_ACCEL_TCG;
	else
		return -1;
	return 0;
}
