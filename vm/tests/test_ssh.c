// SPDX-License-Identifier: MIT
/* test_ssh.c - ssh command lines, the ss listener check, console tails (the
 * process runner itself: common/tests/test_proc.c). */
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "console.h"
#include "fakes.h"
#include "isolation.h"
#include "proc.h"
#include "ssh.h"
#include "util.h"

static const struct rn_proc_spec capture = {
	.timeout = 10, .in_fd = -1, .out = RN_OUT_CAPTURE,
	.err = RN_OUT_CAPTURE,
};

static void test_shell_join(void **state)
{
	char *argv[] = { "echo", "a b", "it's", "$HOME", "", NULL };
	char *s = rn_shell_join(argv), cmd[256];
	char *sh[] = { "sh", "-c", cmd, NULL };
	struct rn_proc_result r;

	(void)state;
	assert_non_null(s);
	assert_string_equal(s, "'echo' 'a b' 'it'\\''s' '$HOME' ''");
	/* A shell gets the words back unchanged. */
	snprintf(cmd, sizeof(cmd), "set -- %s; printf '[%%s]' \"$@\"", s);
	rn_proc_result_init(&r);
	assert_int_equal(rn_proc_run(sh, &capture, &r), 0);
	assert_string_equal(r.out.p, "[echo][a b][it's][$HOME][]");
	rn_proc_result_free(&r);
	free(s);
}

/* rnlab run tells the guest its profile: RNX_PROFILE in the command's
 * environment, the command's words unchanged. */
static void test_guest_command(void **state)
{
	char *argv[] = { "sh", "-c", "printf '%s|%s' \"$RNX_PROFILE\" \"$1\"",
			 "x", "a b", NULL };
	char *s = rn_guest_command("debian13-fedora-policy", argv);
	char *sh[] = { "sh", "-c", s, NULL };
	struct rn_proc_result r;

	(void)state;
	assert_non_null(s);
	assert_int_equal(strncmp(s, "RNX_PROFILE=debian13-fedora-policy 'sh' ",
				 40), 0);
	rn_proc_result_init(&r);
	assert_int_equal(rn_proc_run(sh, &capture, &r), 0);
	assert_string_equal(r.out.p, "debian13-fedora-policy|a b");
	rn_proc_result_free(&r);
	free(s);
}

static void test_ssh_argv(void **state)
{
	struct rn_ssh s = { .port = 40022, .key = "/k/id_ed25519" };
	char **argv = rn_ssh_argv(&s, "true");
	char *joined;

	(void)state;
	assert_non_null(argv);
	joined = rn_argv_str(argv);
	assert_non_null(strstr(joined, "ssh -i /k/id_ed25519 -p 40022 "));
	assert_non_null(strstr(joined, "-o BatchMode=yes"));
	assert_non_null(strstr(joined, "-o StrictHostKeyChecking=no"));
	assert_non_null(strstr(joined, "-o UserKnownHostsFile=/dev/null"));
	assert_non_null(strstr(joined, " root@127.0.0.1 true"));
	free(joined);
	rn_ssh_argv_free(argv);
}

static const char ss_good[] =
	"tcp LISTEN 0 1 127.0.0.1:40022 0.0.0.0:* "
	"users:((\"qemu-system-x86\",pid=4242,fd=20))\n"
	"tcp ESTAB 0 0 127.0.0.1:40022 127.0.0.1:51234 "
	"users:((\"qemu-system-x86\",pid=4242,fd=31))\n"
	"tcp ESTAB 0 0 10.1.1.1:22 10.1.1.2:5555 "
	"users:((\"sshd\",pid=42420,fd=3))\n"
	"udp UNCONN 0 0 0.0.0.0:68 0.0.0.0:* "
	"users:((\"dhclient\",pid=424,fd=3))\n";

static void test_ss_check(void **state)
{
	char why[256], bad[1024];

	(void)state;
	assert_int_equal(rn_ss_check(ss_good, 4242, 40022, why, sizeof(why)),
			 0);
	/* A UDP socket of QEMU's own is a leak. */
	snprintf(bad, sizeof(bad), "%sudp UNCONN 0 0 0.0.0.0:45000 0.0.0.0:* "
		 "users:((\"qemu-system-x86\",pid=4242,fd=40))\n", ss_good);
	assert_int_equal(rn_ss_check(bad, 4242, 40022, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "0.0.0.0:45000"));
	/* An outgoing TCP connection to a real address is a leak. */
	snprintf(bad, sizeof(bad), "%stcp SYN-SENT 0 1 10.0.0.5:40000 "
		 "192.0.2.1:80 users:((\"qemu-system-x86\",pid=4242,fd=41))\n",
		 ss_good);
	assert_int_equal(rn_ss_check(bad, 4242, 40022, why, sizeof(why)), -1);
	/* A listener on all addresses is a leak. */
	assert_int_equal(rn_ss_check("tcp LISTEN 0 1 0.0.0.0:40022 0.0.0.0:* "
				     "users:((\"q\",pid=4242,fd=1))\n", 4242,
				     40022, why, sizeof(why)), -1);
	/* No listener at all: the check cannot see QEMU, so it fails. */
	assert_int_equal(rn_ss_check(ss_good, 4243, 40022, why, sizeof(why)),
			 -1);
	assert_non_null(strstr(why, "no LISTEN"));
	assert_int_equal(rn_ss_check("", 4242, 40022, why, sizeof(why)), -1);
}

static void test_console(void **state)
{
	struct rn_scratch sc;
	char path[160], out[4096];
	FILE *f, *mem;
	int i;

	(void)state;
	assert_int_equal(rn_scratch_make(&sc), 0);
	snprintf(path, sizeof(path), "%s/console.log", sc.root);
	f = fopen(path, "w");
	assert_non_null(f);
	for (i = 1; i <= 100; i++)
		fprintf(f, "line %d\x1b[0m\r\n", i);
	fclose(f);
	mem = fmemopen(out, sizeof(out), "w");
	assert_non_null(mem);
	assert_int_equal(rn_console_tail(path, 40, mem), 0);
	fclose(mem);
	assert_null(strstr(out, "line 60\n"));
	assert_non_null(strstr(out, "line 61[0m\n"));
	assert_non_null(strstr(out, "line 100[0m\n"));
	assert_null(strchr(out, '\x1b'));
	assert_false(rn_console_panicked(path));
	f = fopen(path, "a");
	assert_non_null(f);
	fputs("[ 3.1] Kernel panic - not syncing: VFS: Unable to mount\n", f);
	fclose(f);
	assert_true(rn_console_panicked(path));
	assert_false(rn_console_panicked("/nonexistent/console.log"));
	rn_scratch_remove(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shell_join),
		cmocka_unit_test(test_guest_command),
		cmocka_unit_test(test_ssh_argv),
		cmocka_unit_test(test_ss_check),
		cmocka_unit_test(test_console),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
