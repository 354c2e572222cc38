/* SPDX-License-Identifier: MIT */
/* A free TCP port on 127.0.0.1. */
#ifndef RN_PORT_H
#define RN_PORT_H

/* A port the kernel just handed out on 127.0.0.1, or -1. */
int rn_free_port(void);

#endif
