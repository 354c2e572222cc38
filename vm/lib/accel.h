/* SPDX-License-Identifier: MIT */
/* Choosing KVM or TCG. */
#ifndef RN_ACCEL_H
#define RN_ACCEL_H

#include <stdbool.h>

enum rn_accel {
	RN_ACCEL_AUTO = 0,
	RN_ACCEL_KVM,
	RN_ACCEL_TCG,
};

/*
 * True when path (normally /dev/kvm) opens read-write and
 * KVM_GET_API_VERSION answers the stable API version.
 */
bool rn_kvm_usable(const char *path);

/* Resolve AUTO with probe(path); KVM/TCG requests are returned as is. */
enum rn_accel rn_accel_resolve(enum rn_accel req,
			       bool (*probe)(const char *path),
			       const char *path);

const char *rn_accel_name(enum rn_accel a);
int rn_accel_parse(const char *s, enum rn_accel *out);

#endif
