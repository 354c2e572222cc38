// SPDX-License-Identifier: MIT
/*
 * avc_match.c - count records that meet an expectation or have a given
 * subject type.
 */
#include <string.h>

#include "rnx_audit.h"

static int str_any(const char *want)
{
	return !want || !want[0];
}

static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word)) != NULL) {
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == '\0' || p[n] == ' '))
			return 1;
		p += n;
	}
	return 0;
}

static int matches(const struct rn_avc *a, const struct rn_expect *e)
{
	/* an expectation is about a denial: "granted" (auditallow) records
	 * never meet one */
	if (strcmp(a->result, "granted") == 0)
		return 0;
	if (!str_any(e->perm) && !has_word(a->perms, e->perm))
		return 0;
	if (!str_any(e->tclass) && strcmp(a->tclass, e->tclass))
		return 0;
	if (!str_any(e->stype) && strcmp(a->stype, e->stype))
		return 0;
	if (!str_any(e->ttype) && strcmp(a->ttype, e->ttype))
		return 0;
	if (e->permissive != -1 && a->permissive != e->permissive)
		return 0;
	if (e->pid != -1 && a->pid != e->pid)
		return 0;
	if (!str_any(e->comm) && strcmp(a->comm, e->comm))
		return 0;
	return 1;
}

size_t rn_avc_count_match(const struct rn_avc_list *l,
			   const struct rn_expect *e)
{
	size_t i, n = 0;

	if (!l || !e)
		return 0;
	for (i = 0; i < l->n; i++)
		n += matches(&l->v[i], e);
	return n;
}

size_t rn_avc_count_subject(const struct rn_avc_list *l, const char *stype)
{
	size_t i, n = 0;

	if (!l)
		return 0;
	for (i = 0; i < l->n; i++)
		if (str_any(stype) || strcmp(l->v[i].stype, stype) == 0)
			n++;
	return n;
}
