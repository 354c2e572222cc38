/* SPDX-License-Identifier: MIT */
/* catalogue.h - scenario tables in run order (see catalogue.c). */
#ifndef RNX_CATALOGUE_H
#define RNX_CATALOGUE_H

#include "rnx_scenario.h"

struct rnx_table {
	const char *name;
	const struct rnx_scenario *sc;	/* NULL: not linked in */
	int dontaudit_off;		/* enforcing pass under semodule -DB */
	int allowed;			/* allowed-path table: the loaded
					 * policy must give rustnet_t exactly
					 * the shipped module's rules while
					 * it runs (core_shipped.c) */
};

/* NULL-name terminated; the setup table runs once before the passes. */
extern const struct rnx_table rnx_catalogue[];
extern const struct rnx_scenario *const rnx_setup_table;

#endif /* RNX_CATALOGUE_H */
