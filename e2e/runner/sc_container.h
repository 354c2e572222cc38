/* SPDX-License-Identifier: MIT */
/*
 * sc_container.h - a container-like process for rustnet 1.7.0's generic
 * container attribution (headless.container in sc_headless.c): a root
 * process in the cgroup /system.slice/docker-<id>.scope with a long-lived
 * TCP session to a GeoIP peer of the network fixture, and the Docker
 * metadata file rustnet reads for the container's name.  No Docker: the
 * cgroup and the metadata are all rustnet looks at (it asks no daemon).
 */
#ifndef RN_SC_CONTAINER_H
#define RN_SC_CONTAINER_H

#include "rnx_scenario.h"

/* 64 hex digits, as Docker's container ids */
#define RN_CTR_ID	"c0ffee00e2e0000000000000000000000000000000000000000000e2e0c0ffee"
#define RN_CTR_NAME	"rnx-web"	/* config.v2.json "Name": "/rnx-web" */
#define RN_CTR_CGROUP	"/system.slice/docker-" RN_CTR_ID ".scope"
#define RN_CTR_PROC	"rnx-ctrconn"	/* the process inside */
#define RN_CTR_PEER	"192.0.0.40"	/* rnx-jp's GeoIP address, TCP echo */
#define RN_CTR_PORT	7000

/*
 * Put the container in place: metadata under /var/lib/docker/containers
 * (directories created here are removed by rn_ctr_down(); an existing
 * /var/lib/docker is left as it was), the cgroup, and the process that
 * joins it before it connects, so its socket and /proc/PID/cgroup both
 * name the scope.  0 when the session is established inside the cgroup;
 * else r is ERROR and -1 returned (call rn_ctr_down() either way).
 */
int rn_ctr_up(struct rn_result *r);

/* Kill the container's processes (cgroup.kill), remove the cgroup, the
 * metadata and the program copy.  0, or -1 when something stayed. */
int rn_ctr_down(struct rn_result *r);

#endif /* RN_SC_CONTAINER_H */
