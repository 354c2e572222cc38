/* SPDX-License-Identifier: MIT */
/* The rnlab subcommands; each returns an exit code (util.h). */
#ifndef RN_RUN_H
#define RN_RUN_H

#include "lab.h"
#include "opts.h"

int rn_cmd_run(const struct rn_opts *o);
int rn_cmd_smoke(const struct rn_opts *o);
int rn_cmd_xml(const struct rn_opts *o);
int rn_cmd_seed(const struct rn_opts *o);
int rn_cmd_cleanup(const struct rn_opts *o);

/*
 * After a termination signal and the teardown: one ERROR line saying
 * the run was interrupted (and whether cleanup finished); RN_EXIT_ERROR.
 */
int rn_interrupted(bool cleaned);

/* Lab setup shared by run and smoke, with a replaceable KVM probe. */
extern bool (*rn_run_kvm_probe)(const char *path);
/* Seconds a silent KVM guest is given (tests shorten it). */
extern double rn_run_kvm_stall_secs;

#endif
