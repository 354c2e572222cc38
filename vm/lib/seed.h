/* SPDX-License-Identifier: MIT */
/* cloud-init NoCloud seed (fedora42). */
#ifndef RN_SEED_H
#define RN_SEED_H

#include <stdbool.h>

struct rn_seed {
	const char *hostname;
	const char *instance_id;
	const char *root_pubkey;	/* one line: "ssh-ed25519 AAAA... c" */
	bool enforcing;
};

/* Packages cloud-init installs (NULL-terminated). */
extern const char *const rn_seed_packages[];

/* Text of user-data / meta-data, newly allocated; NULL on bad input. */
char *rn_seed_user_data(const struct rn_seed *s);
char *rn_seed_meta_data(const struct rn_seed *s);
/* Write user-data and meta-data into dir (created if needed). */
int rn_seed_write(const struct rn_seed *s, const char *dir);
/* Build a NoCloud ISO (volume id cidata) from dir's two files. */
int rn_seed_iso(const char *dir, const char *iso);

#endif
