/* SPDX-License-Identifier: MIT */
/*
 * fake_hashlist.h - the hash list of core_polhash.c faked for a test
 * linked with -Wl,--wrap=rn_hashlist_find,--wrap=rn_hashlist_add.  The
 * including test defines FAKE_LIST_PATH (the list the code must use) and
 * sets FL: the one listed hash and its INFO, what a lookup of any other
 * hash returns; the fake records what was added.
 */
#ifndef RN_FAKE_HASHLIST_H
#define RN_FAKE_HASHLIST_H

static struct {
	const char *listed;	/* the listed hash, or NULL */
	const char *info;	/* its INFO */
	int other;		/* lookup of any other hash: 0 or -errno */
	char added[RN_SHA256_HEX + 1], added_info[160];
	int nadd;
} FL;

int __wrap_rn_hashlist_find(const char *path, const char *hex, char *info,
			     size_t infolen);
int __wrap_rn_hashlist_find(const char *path, const char *hex, char *info,
			     size_t infolen)
{
	assert_string_equal(path, FAKE_LIST_PATH);
	if (!FL.listed || strcmp(hex, FL.listed))
		return FL.other;
	snprintf(info, infolen, "%s", FL.info);
	return 1;
}

int __wrap_rn_hashlist_add(const char *path, const char *hex,
			    const char *info);
int __wrap_rn_hashlist_add(const char *path, const char *hex,
			    const char *info)
{
	assert_string_equal(path, FAKE_LIST_PATH);
	snprintf(FL.added, sizeof(FL.added), "%s", hex);
	snprintf(FL.added_info, sizeof(FL.added_info), "%s", info);
	FL.nadd++;
	return 0;
}

#endif /* RN_FAKE_HASHLIST_H */
