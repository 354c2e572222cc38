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

extern const struct rn_scenario rn_sc_attack[] __attribute__((weak));
extern const struct rn_scenario rn_sc_egress[] __attribute__((weak));
extern const struct rn_scenario rn_sc_headless[];
extern const struct rn_scenario rn_sc_output[];

const struct rn_table rn_catalogue[] = {
	{ .name = "allowed", .sc = rn_sc_allowed, .dontaudit_off = 0,
	  .allowed = 1 },
	{ .name = "allowed.dontaudit_off", .sc = rn_sc_allowed_noda,
	  .dontaudit_off = 1, .allowed = 1 },
	{ .name = "headless", .sc = rn_sc_headless, .dontaudit_off = 0,
	  .allowed = 1 },
	{ .name = "output", .sc = rn_sc_output, .dontaudit_off = 0,
	  .allowed = 1 },
	{ .name = "attack", .sc = rn_sc_attack, .dontaudit_off = 1 },
	{ .name = "egress", .sc = rn_sc_egress, .dontaudit_off = 1 },
	{ .name = "dns", .sc = rn_sc_dns, .dontaudit_off = 0, .allowed = 1 },
	{ .name = "dns.attack", .sc = rn_sc_dns_attack, .dontaudit_off = 1 },
	{ .name = NULL },
};

const struct rn_scenario *const rn_setup_table = rn_sc_setup;
