// SPDX-License-Identifier: MIT
/* Fake libvirt (linked with -Wl,--wrap) and a scratch environment. */
#include "fakes.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lock.h"
#include "sig.h"
#include "util.h"

struct rn_fake_virt rn_fake;

/* Distinct non-NULL handles; the code under test never dereferences them. */
static char fake_conn_obj;
static char fake_dom_objs[RN_FAKE_MAX_DOMS + 1];

void rn_fake_reset(void)
{
	if (rn_fake.hostfwd_held)
		close(rn_fake.hostfwd_fd);
	free(rn_fake.last_xml);
	memset(&rn_fake, 0, sizeof(rn_fake));
	rn_fake.state = VIR_DOMAIN_RUNNING;
}

virConnectPtr __wrap_virConnectOpen(const char *uri);
virConnectPtr __wrap_virConnectOpen(const char *uri)
{
	(void)uri;
	rn_fake.connect_calls++;
	if (rn_fake.connect_fails) {
		rn_fake.error_text = "fake: cannot connect";
		return NULL;
	}
	return (virConnectPtr)&fake_conn_obj;
}

int __wrap_virConnectClose(virConnectPtr c);
int __wrap_virConnectClose(virConnectPtr c)
{
	(void)c;
	rn_fake.close_calls++;
	if (rn_fake.close_result < 0)
		rn_fake.error_text = "fake: cannot close";
	return rn_fake.close_result;
}

/* Pull the console log path out of the XML and write text there. */
static void write_console(const char *xml, const char *text)
{
	const char *p = strstr(xml, "<log file='");
	char path[512];
	size_t n;
	FILE *f;

	if (!p)
		return;
	p += strlen("<log file='");
	n = strcspn(p, "'");
	if (n >= sizeof(path))
		return;
	memcpy(path, p, n);
	path[n] = '\0';
	f = fopen(path, "w");
	if (!f)
		return;
	fputs(text, f);
	fclose(f);
}

/* Listen on 127.0.0.1:port as QEMU's hostfwd; the fd, or -1 if taken. */
int rn_listen_port(int port)
{
	struct sockaddr_in sa;
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0), one = 1;

	if (fd < 0)
		return -1;
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sa.sin_port = htons((unsigned short)port);
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(fd, 1) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* QEMU starting -netdev user,hostfwd=tcp:127.0.0.1:PORT-:22; 0 or -1. */
static int fake_hostfwd(const char *xml)
{
	static char msg[160];
	const char *p = strstr(xml, "hostfwd=tcp:127.0.0.1:");
	int port = p ? atoi(p + strlen("hostfwd=tcp:127.0.0.1:")) : -1;
	int fd = -1;

	if (!rn_fake.hostfwd_fails) {
		if (!rn_fake.hostfwd_binds)
			return 0;
		fd = port > 0 ? rn_listen_port(port) : -1;
	}
	if (fd < 0) {
		snprintf(msg, sizeof(msg), "internal error: qemu unexpectedly "
			 "closed the monitor: Could not set up host forwarding "
			 "rule 'tcp:127.0.0.1:%d-:22'", port);
		rn_fake.error_text = msg;
		return -1;
	}
	if (rn_fake.hostfwd_held)
		close(rn_fake.hostfwd_fd);
	rn_fake.hostfwd_fd = fd;
	rn_fake.hostfwd_held = true;
	return 0;
}

virDomainPtr __wrap_virDomainCreateXML(virConnectPtr c, const char *xml,
				       unsigned int flags);
virDomainPtr __wrap_virDomainCreateXML(virConnectPtr c, const char *xml,
				       unsigned int flags)
{
	bool kvm = strstr(xml, "<domain type='kvm'") != NULL;

	(void)c;
	rn_fake.create_calls++;
	rn_fake.create_flags = flags;
	free(rn_fake.last_xml);
	rn_fake.last_xml = strdup(xml);
	if (rn_fake.tcg_marker && kvm)
		unlink(rn_fake.tcg_marker);
	if (rn_fake.tcg_marker && !kvm)
		rn_write_file(rn_fake.tcg_marker, "", 0, 0644);
	if (rn_fake.create_fails) {
		rn_fake.error_text = "fake: cannot create the domain";
		return NULL;
	}
	if (kvm && rn_fake.kvm_create_error) {
		rn_fake.error_text = rn_fake.kvm_create_error;
		return NULL;
	}
	if (fake_hostfwd(xml) < 0)
		return NULL;
	if (rn_fake.panic_text)
		write_console(xml, rn_fake.panic_text);
	if (kvm && rn_fake.kvm_panic_text)
		write_console(xml, rn_fake.kvm_panic_text);
	if (rn_fake.create_runs)
		rn_fake.state = VIR_DOMAIN_RUNNING;
	if (kvm && rn_fake.kvm_stops)
		rn_fake.state = VIR_DOMAIN_SHUTOFF;
	if (rn_fake.signal_on_create)
		rn_sig_raise_flag(rn_fake.signal_on_create);
	return (virDomainPtr)&fake_dom_objs[RN_FAKE_MAX_DOMS];
}

int __wrap_virDomainGetState(virDomainPtr d, int *state, int *reason,
			     unsigned int flags);
int __wrap_virDomainGetState(virDomainPtr d, int *state, int *reason,
			     unsigned int flags)
{
	(void)d;
	(void)flags;
	if (rn_fake.state_fails)
		return -1;
	*state = rn_fake.state;
	*reason = 0;
	return 0;
}

int __wrap_virDomainShutdown(virDomainPtr d);
int __wrap_virDomainShutdown(virDomainPtr d)
{
	(void)d;
	rn_fake.shutdown_calls++;
	rn_fake.state = VIR_DOMAIN_SHUTOFF;
	return 0;
}

static int dom_index(virDomainPtr d)
{
	return (int)((char *)d - fake_dom_objs);
}

const char *__wrap_virDomainGetName(virDomainPtr d);
const char *__wrap_virDomainGetName(virDomainPtr d)
{
	int i = dom_index(d);

	return i >= 0 && i < rn_fake.n_list ? rn_fake.list_names[i]
					    : "rnlab-fake";
}

int __wrap_virDomainDestroy(virDomainPtr d);
int __wrap_virDomainDestroy(virDomainPtr d)
{
	rn_fake.destroy_calls++;
	if (rn_fake.destroy_fails)
		return -1;
	if (rn_fake.n_destroyed < RN_FAKE_MAX_DOMS)
		rn_fake.destroyed[rn_fake.n_destroyed++] =
			__wrap_virDomainGetName(d);
	rn_fake.state = VIR_DOMAIN_SHUTOFF;
	return 0;
}

int __wrap_virDomainFree(virDomainPtr d);
int __wrap_virDomainFree(virDomainPtr d)
{
	(void)d;
	rn_fake.free_calls++;
	return 0;
}

virDomainPtr __wrap_virDomainLookupByName(virConnectPtr c, const char *n);
virDomainPtr __wrap_virDomainLookupByName(virConnectPtr c, const char *n)
{
	(void)c;
	(void)n;
	/* Transient domains vanish once stopped. */
	if (rn_fake.state == VIR_DOMAIN_RUNNING)
		return (virDomainPtr)&fake_dom_objs[RN_FAKE_MAX_DOMS];
	return NULL;
}

int __wrap_virConnectListAllDomains(virConnectPtr c, virDomainPtr **doms,
				    unsigned int flags);
int __wrap_virConnectListAllDomains(virConnectPtr c, virDomainPtr **doms,
				    unsigned int flags)
{
	int i;

	(void)c;
	(void)flags;
	*doms = calloc((size_t)rn_fake.n_list + 1, sizeof(**doms));
	if (!*doms)
		return -1;
	for (i = 0; i < rn_fake.n_list; i++)
		(*doms)[i] = (virDomainPtr)&fake_dom_objs[i];
	return rn_fake.n_list;
}

int __wrap_virConnectNumOfDomains(virConnectPtr c);
int __wrap_virConnectNumOfDomains(virConnectPtr c)
{
	(void)c;
	if (rn_fake.count_fails) {
		rn_fake.error_text = "fake: cannot count domains";
		return -1;
	}
	return rn_fake.n_active;
}

const char *__real_virGetLastErrorMessage(void);
const char *__wrap_virGetLastErrorMessage(void);
const char *__wrap_virGetLastErrorMessage(void)
{
	return rn_fake.error_text ? rn_fake.error_text
				  : __real_virGetLastErrorMessage();
}

int rn_test_sh(const char *cmd)
{
	int st = system(cmd);

	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

pid_t rn_spawn_sleeper(void)
{
	pid_t p = fork();

	if (p == 0) {
		execlp("sleep", "sleep", "60", (char *)NULL);
		_exit(127);
	}
	return p;
}

pid_t rn_spawn_pinned(struct rn_pidref *r)
{
	pid_t p = rn_spawn_sleeper();

	if (p > 0 && rn_pidref_open(r, p) < 0) {
		rn_reap(p);
		p = -1;
	}
	return p;
}

void rn_reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

pid_t rn_spawn_lock_holder(const char *path, double secs)
{
	int pfd[2], fd;
	char c;
	pid_t p;

	if (pipe(pfd) < 0)
		return -1;
	p = fork();
	if (p == 0) {
		close(pfd[0]);
		if (rn_lock_take(path, 5, false, &fd) != RN_WAIT_OK ||
		    write(pfd[1], "x", 1) != 1)
			_exit(1);
		if (secs > 0)
			usleep((useconds_t)(secs * 1e6));
		else
			pause();
		_exit(0);
	}
	close(pfd[1]);
	if (p > 0 && read(pfd[0], &c, 1) != 1) {
		rn_reap(p);
		p = -1;
	}
	close(pfd[0]);
	return p;
}

int rn_scratch_make(struct rn_scratch *s)
{
	char cmd[512];

	snprintf(s->root, sizeof(s->root), "/tmp/rnlab-test-XXXXXX");
	if (!mkdtemp(s->root))
		return -1;
	snprintf(s->cache, sizeof(s->cache), "%s/cache", s->root);
	snprintf(s->runs, sizeof(s->runs), "%s/runs", s->cache);
	snprintf(s->image, sizeof(s->image), "%s/img", s->root);
	setenv("RUSTNET_CACHE", s->cache, 1);
	snprintf(cmd, sizeof(cmd),
		 "set -e; mkdir -p %s; cd %s; truncate -s 1M disk.raw; "
		 ": > vmlinuz; : > initrd.img; : > .complete; "
		 "ssh-keygen -q -t ed25519 -N '' -f id_ed25519", s->image,
		 s->image);
	return rn_test_sh(cmd) == 0 ? 0 : -1;
}

void rn_scratch_remove(struct rn_scratch *s)
{
	rn_rm_rf(s->root);
	unsetenv("RUSTNET_CACHE");
}

int rn_scratch_runs_count(const struct rn_scratch *s)
{
	DIR *d = opendir(s->runs);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	closedir(d);
	return n;
}
