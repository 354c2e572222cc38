/* SPDX-License-Identifier: MIT */
/* A free TCP port on 127.0.0.1. */
#ifndef RN_PORT_H
#define RN_PORT_H

#include <stdbool.h>

/*
 * A port the kernel just handed out on 127.0.0.1, or -1. Nothing holds
 * it afterwards: whoever binds it later may find it taken (see
 * create_domain in lab.c for how the lab copes).
 */
int rn_free_port(void);
/*
 * Someone listens on (or holds) 127.0.0.1:port, so a listener bound
 * there now, as QEMU's hostfwd binds, would get EADDRINUSE.
 */
bool rn_port_taken(int port);

#endif
