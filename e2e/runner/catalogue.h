/* SPDX-License-Identifier: MIT */
/* catalogue.h - scenario tables in run order (see catalogue.c). */
#ifndef RN_CATALOGUE_H
#define RN_CATALOGUE_H

#include "rnx_scenario.h"

struct rn_table {
	const char *name;
	const struct rn_scenario *sc;	/* NULL: not linked in */
	int dontaudit_off;		/* enforcing pass under semodule -DB */
	int allowed;			/* allowed-path table: the loaded
					 * policy must give rustnet_t exactly
					 * the shipped module's rules while
					 * it runs (core_shipped.c) */
};

/* NULL-name terminated; the setup table runs once before the passes. */
extern const struct rn_table rn_catalogue[];
extern const struct rn_scenario *const rn_setup_table;

#endif /* RN_CATALOGUE_H */
