// SPDX-License-Identifier: MIT
/*
 * catalogue.c - the scenario tables in run order.  Each pass (mode) runs
 * the tables from top to bottom; tables flagged dontaudit_off run in the
 * enforcing pass with `semodule -DB` in effect (one -DB window: the
 * allowed sessions judged with dontaudit off, then attack and egress).
 *
 * The attack and egress tables belong to another part of the suite; they
 * are weak references so the runner still builds without them, and a run
 * without them reports the missing table as an ERROR instead of a silent
 * pass.
 */
#include <stddef.h>

#include "catalogue.h"

extern const struct rnx_scenario rnx_sc_attack[] __attribute__((weak));
extern const struct rnx_scenario rnx_sc_egress[] __attribute__((weak));
extern const struct rnx_scenario rnx_sc_headless[];
extern const struct rnx_scenario rnx_sc_output[];

const struct rnx_table rnx_catalogue[] = {
	{ .name = "allowed", .sc = rnx_sc_allowed, .dontaudit_off = 0,
	  .allowed = 1 },
	{ .name = "allowed.dontaudit_off", .sc = rnx_sc_allowed_noda,
	  .dontaudit_off = 1, .allowed = 1 },
	{ .name = "headless", .sc = rnx_sc_headless, .dontaudit_off = 0,
	  .allowed = 1 },
	{ .name = "output", .sc = rnx_sc_output, .dontaudit_off = 0,
	  .allowed = 1 },
	{ .name = "attack", .sc = rnx_sc_attack, .dontaudit_off = 1 },
	{ .name = "egress", .sc = rnx_sc_egress, .dontaudit_off = 1 },
	{ .name = "dns", .sc = rnx_sc_dns, .dontaudit_off = 0, .allowed = 1 },
	{ .name = "dns.attack", .sc = rnx_sc_dns_attack, .dontaudit_off = 1 },
	{ .name = NULL },
};

const struct rnx_scenario *const rnx_setup_table = rnx_sc_setup;
