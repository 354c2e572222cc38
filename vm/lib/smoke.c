// SPDX-License-Identifier: MIT
/* rnlab smoke: boot enforcing, check the guest contract and isolation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "isolation.h"
#include "run.h"
#include "sig.h"
#include "timing.h"
#include "util.h"

#define RN_SMOKE_TESTS 10
#define RN_UNCONFINED "unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023"

/*
 * Runs detached in the guest for ~12 s, so the host can look at QEMU's
 * sockets meanwhile: UDP to TEST-NET 192.0.2.1:53 (answered?), then TCP
 * to 192.0.2.1:80 (connected?). Results go to a file. The image gives the
 * guest no default route, so a host route through the slirp gateway is
 * added for the probe: the packets must reach QEMU for the check to mean
 * anything (QEMU's restrict=on is what must drop them).
 */
static const char rn_probe_py[] =
	"import socket, subprocess, time\n"
	"out = []\n"
	"r = subprocess.run(['ip', 'route', 'get', '192.0.2.1'],\n"
	"                   capture_output=True, text=True)\n"
	"out.append('route ' + (r.stdout.split('\\n')[0] or r.stderr.strip()))\n"
	"u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
	"u.settimeout(1.0)\n"
	"q = bytes.fromhex('abcd0100000100000000000007657861'\n"
	"                  '6d706c6503636f6d0000010001')\n"
	"sent = 0; answered = 0; err = 'none'; t0 = time.time()\n"
	"while time.time() - t0 < 6 and not answered:\n"
	"    try:\n"
	"        u.sendto(q, ('192.0.2.1', 53)); sent += 1\n"
	"    except OSError as e:\n"
	"        err = str(e.errno); time.sleep(1)\n"
	"        continue\n"
	"    try:\n"
	"        u.recvfrom(512); answered = 1\n"
	"    except OSError:\n"
	"        pass\n"
	"out.append('udp sent=%d answered=%d err=%s' % (sent, answered, err))\n"
	"t = socket.socket(); t.settimeout(6)\n"
	"try:\n"
	"    t.connect(('192.0.2.1', 80)); out.append('tcp connected')\n"
	"except OSError as e:\n"
	"    out.append('tcp failed %s' % (e.errno or 'timeout'))\n"
	"subprocess.run(['ip', 'route', 'del', '192.0.2.1/32', 'via',\n"
	"                '10.0.2.2'])\n"
	"open('/root/rnlab-probe.out.tmp', 'w').write('\\n'.join(out) + '\\n')\n"
	"import os; os.rename('/root/rnlab-probe.out.tmp',"
	" '/root/rnlab-probe.out')\n";

struct rn_smoke {
	struct rn_lab *l;
	int n;
	int failed;
};

static void tap(struct rn_smoke *s, bool ok, const char *what,
		const char *detail)
{
	s->n++;
	if (!ok)
		s->failed++;
	printf("%sok %d - %s\n", ok ? "" : "not ", s->n, what);
	if (detail && *detail) {
		const char *p = detail;

		while (*p) {
			size_t len = strcspn(p, "\n");

			printf("# %.*s\n", (int)len, p);
			p += len;
			if (*p)
				p++;
		}
	}
	fflush(stdout);
}

/*
 * Run remote; its stdout in *out (first line only when line), stderr in
 * *err; returns the exit code, or -1 on a timeout.
 */
static int guest(struct rn_smoke *s, const char *remote, double timeout,
		 char **out, char **err, bool line)
{
	struct rn_proc_result res;
	int code;

	rn_proc_result_init(&res);
	rn_ssh_check(&s->l->ssh, remote, timeout, &res);
	code = res.timed_out || res.aborted ? -1 : res.exit_code;
	if (out) {
		*out = rn_buf_steal(&res.out);
		if (line)
			(*out)[strcspn(*out, "\n")] = '\0';
	}
	if (err)
		*err = rn_buf_steal(&res.err);
	rn_proc_result_free(&res);
	return code;
}

static void check_text(struct rn_smoke *s, const char *what,
		       const char *remote, const char *want)
{
	char *out = NULL, *err = NULL, *d;
	int code = guest(s, remote, 60, &out, &err, true);
	bool ok = code == 0 && !strcmp(out, want);

	d = rn_strdupf("%s -> exit %d, got '%s', want '%s' %s", remote, code,
		       out, want, err);
	tap(s, ok, what, d);
	free(d);
	free(out);
	free(err);
}

static void check_ausearch(struct rn_smoke *s)
{
	char *out = NULL, *err = NULL, *d;
	int code = guest(s, "ausearch --input-logs -m AVC -ts boot", 120, &out,
			 &err, false);
	bool ok = code == 0 ||
		  (code == 1 && (strstr(err, "<no matches>") ||
				 strstr(out, "<no matches>")));

	d = rn_strdupf("ausearch exit %d: %.200s %.200s", code, out, err);
	tap(s, ok, "ausearch --input-logs -m AVC -ts boot runs", d);
	free(d);
	free(out);
	free(err);
}

static void check_gateway(struct rn_smoke *s)
{
	char *out = NULL, *err = NULL, *d;
	int have = guest(s, "command -v nc", 30, NULL, NULL, false);
	int code = have == 0 ? guest(s, "nc -z -w 3 10.0.2.2 22", 60, &out,
				     &err, false) : -1;

	/* nc -z exits 1 when the connection fails; 0 when it succeeds. */
	d = have ? rn_strdupf("nc is missing in the guest") :
		   rn_strdupf("nc -z -w 3 10.0.2.2 22 -> exit %d %s", code,
			      err);
	tap(s, have == 0 && code == 1,
	    "guest cannot reach the host through the slirp gateway", d);
	free(d);
	free(out);
	free(err);
}

static void check_isolation(struct rn_smoke *s)
{
	char *start = NULL, *res = NULL, *d = NULL, why[256] = "";
	pid_t qpid = rn_qemu_pid(s->l->dom_name);
	int i, host_rc = -1, code;
	bool udp_ok, tcp_ok;

	start = rn_strdupf("rm -f /root/rnlab-probe.out && command -v python3 "
			   ">/dev/null && ip route replace 192.0.2.1/32 via "
			   "10.0.2.2 && printf '%%s' \"$0\" > "
			   "/root/rnlab-probe.py && (setsid python3 "
			   "/root/rnlab-probe.py </dev/null >/dev/null 2>&1 &)");
	if (!start)
		goto cleanup;
	{
		char *q = NULL;
		struct rn_buf b;

		rn_buf_init(&b);
		if (rn_buf_puts(&b, "sh -c ") < 0 ||
		    rn_buf_shquote(&b, start) < 0 || rn_buf_puts(&b, " ") < 0 ||
		    rn_buf_shquote(&b, rn_probe_py) < 0) {
			rn_buf_free(&b);
			goto cleanup;
		}
		q = rn_buf_steal(&b);
		code = guest(s, q, 60, NULL, NULL, false);
		free(q);
	}
	if (code != 0) {
		tap(s, false, "UDP from the guest to 192.0.2.1:53 is never "
		    "answered", "could not start the probe (python3, ip?)");
		tap(s, false, "TCP from the guest to 192.0.2.1:80 never "
		    "connects", "probe not running");
		tap(s, false, "host: QEMU holds only the 127.0.0.1 forward",
		    "probe not running");
		goto cleanup;
	}
	/* Sample QEMU's sockets while the guest sends UDP, then TCP. */
	for (i = 0; i < 2; i++) {
		sleep(i ? 5 : 2);
		if (qpid <= 0) {
			snprintf(why, sizeof(why), "no QEMU pid file for %s",
				 s->l->dom_name);
			break;
		}
		host_rc = rn_host_isolation(qpid, s->l->port, why,
					    sizeof(why));
		if (host_rc < 0)
			break;
	}
	for (i = 0; i < 20; i++) {
		free(res);
		res = NULL;
		if (guest(s, "cat /root/rnlab-probe.out", 30, &res, NULL,
			  false) == 0)
			break;
		sleep(1);
	}
	/*
	 * Sent but never answered; a TCP connect that times out or is
	 * refused. "Network unreachable" (101) would mean the packets never
	 * left the guest, which proves nothing about QEMU.
	 */
	udp_ok = strstr(res, "udp sent=") && !strstr(res, "udp sent=0 ") &&
		 strstr(res, "answered=0");
	tcp_ok = strstr(res, "tcp failed") && !strstr(res, "tcp failed 101");
	d = rn_strdupf("guest probe: %s", *res ? res : "(no result)");
	tap(s, udp_ok, "UDP from the guest to 192.0.2.1:53 is never answered",
	    d);
	tap(s, tcp_ok, "TCP from the guest to 192.0.2.1:80 never connects",
	    d);
	free(d);
	d = rn_strdupf("qemu pid %d: %s", (int)qpid,
		       host_rc == 0 ? "only 127.0.0.1 forward sockets" : why);
	tap(s, host_rc == 0, "host: QEMU holds only the 127.0.0.1 forward", d);
cleanup:
	free(d);
	free(res);
	free(start);
}

int rn_cmd_smoke(const struct rn_opts *o)
{
	struct rn_lab l;
	struct rn_smoke s = { .l = &l };
	int code = RN_EXIT_ERROR;
	bool up, gone, removed, cleaned;

	rn_lab_init(&l, o);
	l.kvm_probe = rn_run_kvm_probe;
	l.kvm_stall_secs = rn_run_kvm_stall_secs;
	printf("TAP version 13\n1..%d\n", RN_SMOKE_TESTS);
	fflush(stdout);
	up = rn_lab_up(&l) == 0;
	tap(&s, up, "guest boots enforcing and answers ssh", NULL);
	if (!up) {
		printf("Bail out! the guest did not come up (see stderr)\n");
		goto down;
	}
	check_text(&s, "getenforce says Enforcing", "getenforce", "Enforcing");
	check_text(&s, "ssh login runs unconfined", "id -Z", RN_UNCONFINED);
	check_ausearch(&s);
	check_gateway(&s);
	check_isolation(&s);
down:
	cleaned = rn_lab_down(&l, up && !rn_sig_pending()) == 0;
	if (up) {
		gone = l.conn && !rn_lab_domain_exists(l.conn, l.dom_name);
		removed = l.overlay && access(l.overlay, F_OK) != 0 &&
			  access(l.run_dir, F_OK) != 0;
		tap(&s, gone, "domain gone after shutdown", NULL);
		tap(&s, removed, "overlay and run files removed", l.overlay);
		if (s.n != RN_SMOKE_TESTS)
			printf("# planned %d tests, ran %d\n", RN_SMOKE_TESTS,
			       s.n);
		code = s.failed || s.n != RN_SMOKE_TESTS ? RN_EXIT_FAIL
							 : RN_EXIT_OK;
	}
	if (rn_lab_free(&l) < 0) {
		cleaned = false;
		if (code == RN_EXIT_OK)
			code = RN_EXIT_ERROR;
	}
	rn_time_summary(stderr);
	if (rn_sig_pending())
		code = rn_interrupted(cleaned);
	return code;
}
