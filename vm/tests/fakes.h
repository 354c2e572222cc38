/* SPDX-License-Identifier: MIT */
/* Fake libvirt (linked with -Wl,--wrap) and a scratch environment. */
#ifndef RN_FAKES_H
#define RN_FAKES_H

#include <stdbool.h>
#include <sys/types.h>

#include <libvirt/libvirt.h>

#include "pidref.h"

#define RN_FAKE_MAX_DOMS 8

struct rn_fake_virt {
	bool connect_fails;
	bool create_fails;
	bool destroy_fails;
	int state;			/* virDomainGetState answer */
	bool state_fails;
	const char *panic_text;		/* written to the console log on create */
	int signal_on_create;		/* raise this "signal" flag on create */
	bool create_runs;		/* each create sets state RUNNING */
	/* Only for <domain type='kvm'>: the ways KVM fails a guest. */
	const char *kvm_create_error;	/* create fails with this message */
	const char *kvm_panic_text;	/* written to the console log */
	bool kvm_stops;			/* the domain is shut off at once */
	/* Touched on a TCG create, removed on a KVM one (fake ssh looks). */
	const char *tcg_marker;
	const char *error_text;		/* virGetLastErrorMessage answer */
	int n_active;			/* virConnectNumOfDomains answer */
	bool count_fails;		/* virConnectNumOfDomains fails */
	int close_result;		/* virConnectClose answer */
	/*
	 * Create binds and listens on the XML's hostfwd port as QEMU does
	 * (held until reset), failing with QEMU's message when it is taken.
	 */
	bool hostfwd_binds;
	bool hostfwd_fails;		/* that message on every create */
	int hostfwd_fd;			/* held listener, with hostfwd_held */
	bool hostfwd_held;
	int connect_calls;
	int close_calls;
	int create_calls;
	unsigned int create_flags;
	int destroy_calls;
	int shutdown_calls;
	int free_calls;
	char *last_xml;
	const char *list_names[RN_FAKE_MAX_DOMS];	/* ListAllDomains */
	int n_list;
	const char *destroyed[RN_FAKE_MAX_DOMS];
	int n_destroyed;
};

extern struct rn_fake_virt rn_fake;

void rn_fake_reset(void);

/* A scratch dir with RUSTNET_CACHE pointing into it and a fake image. */
struct rn_scratch {
	char root[64];
	char cache[96];
	char runs[112];
	char image[96];
};

int rn_scratch_make(struct rn_scratch *s);
void rn_scratch_remove(struct rn_scratch *s);
/* Entries in s->runs (0 when empty or missing). */
int rn_scratch_runs_count(const struct rn_scratch *s);
/* Run a shell command; its exit code. */
int rn_test_sh(const char *cmd);
/* Listen on 127.0.0.1:port (SO_REUSEADDR, as QEMU); the fd, or -1. */
int rn_listen_port(int port);
/* A stand-in daemon: a child running `sleep 60`, or -1. */
pid_t rn_spawn_sleeper(void);
/* rn_spawn_sleeper, pinned in *r; its pid, or -1. */
pid_t rn_spawn_pinned(struct rn_pidref *r);
/* SIGKILL and reap a child. */
void rn_reap(pid_t pid);
/*
 * A child that takes the flock lock at path (rn_lock_take) and holds it
 * for secs (0: until killed); returns once it holds it, or -1.
 */
pid_t rn_spawn_lock_holder(const char *path, double secs);

#endif
