// SPDX-License-Identifier: MIT
/* test_flavour.c - the guest facts (policy flavour, kernel) and the attack
 * rows' alternative expectations, judged by rn_decide() on the first
 * records of both committed runs: Debian 12 (report/REPORT-results.tar.xz,
 * kernel 6.1, refpolicy) and debian13-fedora-policy-4a6e720 (kernel 6.12,
 * Fedora targeted v41.24).  Each flavour's record PASSes only on its own
 * flavour; the other flavour's record, no record, or (enforcing) a
 * succeeding action FAIL. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include <cmocka.h>

#include "core.h"
#include "sc_helper.h"

/* The guest's facts, faked (-Wl,--wrap): the loaded policy answers
 * security_check_context() for config_home_t (with the level only where
 * it is MLS), uname() gives the release; *_errno > 0 makes the call fail
 * as the library would. */
static int fake_fedora, fake_mls = 1, fake_check_errno, fake_uname_errno;
static const char *fake_release = "6.1.0-37-amd64";

int __wrap_security_check_context(const char *con);
int __wrap_uname(struct utsname *u);

int __wrap_security_check_context(const char *con)
{
	int has_level = strstr(con, ":s0") != NULL;

	assert_non_null(strstr(con, ":config_home_t"));
	if (fake_check_errno) {
		errno = fake_check_errno;
		return -1;
	}
	if (fake_fedora && has_level == fake_mls)
		return 0;
	errno = EINVAL;
	return -1;
}

int __wrap_uname(struct utsname *u)
{
	if (fake_uname_errno) {
		errno = fake_uname_errno;
		return -1;
	}
	memset(u, 0, sizeof(*u));
	snprintf(u->release, sizeof(u->release), "%s", fake_release);
	return 0;
}

/* A guest with @facts: Debian 12's kernel or Debian 13's, an MLS policy. */
static void guest(unsigned int facts)
{
	fake_fedora = !!(facts & RN_FACT_FEDORA);
	fake_mls = 1;
	fake_check_errno = 0;
	fake_uname_errno = 0;
	fake_release = facts & RN_FACT_BPF_CLASS_FIRST ?
		       "6.12.48+deb13-amd64" : "6.1.0-37-amd64";
}

#define DEB12 0u	/* refpolicy, kernel 6.1 */
#define FED (RN_FACT_FEDORA | RN_FACT_BPF_CLASS_FIRST)

static const struct rn_scenario attack = {
	.id = "t.attack", .kind = RN_ATTACK,
};

struct rec {
	const char *perm, *tclass, *ttype;
	int err;		/* the helper's exit status in that run */
};

struct row {
	const char *id;
	enum rn_mode mode;
	const char *comm;
	struct rec own;		/* the row's own expectation (sc_attack.c) */
	const struct rn_alt *alts;
	struct rec deb12, fed;	/* the first record of each run */
};

#define P RN_MODE_PERMISSIVE
#define E RN_MODE_ENFORCING

static const struct row rows[] = {
	{ "attack.exec_shell", E, "rnx-exec",
	  { "read", "lnk_file", "bin_t", EACCES }, rn_alt_exec_sh,
	  { "read", "lnk_file", "bin_t", EACCES },
	  { "execute", "file", "shell_exec_t", EACCES } },
	{ "attack.exec_shell", P, "rnx-exec",
	  { "read", "lnk_file", "bin_t", EACCES }, rn_alt_exec_sh,
	  { "read", "lnk_file", "bin_t", 0 },
	  { "execute", "file", "shell_exec_t", 0 } },
	{ "attack.exec_bin", E, "rnx-exec",
	  { "search", "dir", "bin_t", EACCES }, rn_alt_exec_bin,
	  { "search", "dir", "bin_t", EACCES },
	  { "execute", "file", "bin_t", EACCES } },
	{ "attack.exec_bin", P, "rnx-exec",
	  { "search", "dir", "bin_t", EACCES }, rn_alt_exec_bin,
	  { "search", "dir", "bin_t", 0 },
	  { "execute", "file", "bin_t", 0 } },
	{ "attack.read_ssh_key", P, "rnx-open-read",
	  { "search", "dir", "ssh_home_t", EACCES }, rn_alt_ssh,
	  { "search", "dir", "ssh_home_t", 0 },
	  { "read", "file", "ssh_home_t", 0 } },
	{ "attack.finit_module", P, "rnx-finit-modul",
	  { "sys_module", "capability", "rustnet_t", EPERM }, rn_alt_module,
	  { "sys_module", "capability", "rustnet_t", ENOEXEC },
	  { "module_load", "system", "rustnet_exec_t", ENOEXEC } },
	{ "attack.bpf_prog_load", E, "rnx-bpf-load",
	  { "bpf", "capability2", "rustnet_t", EPERM }, rn_alt_bpf,
	  { "bpf", "capability2", "rustnet_t", EPERM },
	  { "prog_load", "bpf", "rustnet_t", EACCES } },
	{ "attack.sudo_pty_other_user", E, "rnx-tty-ioctl",
	  { "dac_override", "capability", "rustnet_t", EACCES },
	  rn_alt_pty_sudo,
	  { "dac_override", "capability", "rustnet_t", EACCES },
	  { "search", "dir", "devpts_t", EACCES } },
};

/* The verdict of @row judged on a guest with @facts, its expectation set
 * as the scenario sets it (rn_sc_expect_alt()), with @seen (NULL: no
 * record) as the window's record and @err as the helper's status. */
static enum rn_verdict judge(const struct row *row, unsigned int facts,
			      const struct rec *seen, int err)
{
	const struct rn_ctx ctx = { .mode = row->mode };
	struct rn_avc v;
	struct rn_result r;

	rn_result_init(&r);
	guest(facts);
	assert_int_equal(rn_sc_expect_alt(&ctx, &r, row->own.perm,
					  row->own.tclass, row->own.ttype,
					  row->comm, row->own.err, row->alts),
			 0);
	assert_int_equal(r.verdict, RN_PASS);
	r.observed_errno = err;
	assert_non_null(r.expect.perm);
	memset(&v, 0, sizeof(v));
	if (seen) {
		snprintf(v.type, sizeof(v.type), "AVC");
		snprintf(v.result, sizeof(v.result), "denied");
		snprintf(v.stype, sizeof(v.stype), "rustnet_t");
		snprintf(v.perms, sizeof(v.perms), "%s", seen->perm);
		snprintf(v.tclass, sizeof(v.tclass), "%s", seen->tclass);
		snprintf(v.ttype, sizeof(v.ttype), "%s", seen->ttype);
		snprintf(v.comm, sizeof(v.comm), "%s", row->comm);
		v.permissive = row->mode == P;
		v.pid = 4242;
		r.avcs.v = &v;
		r.avcs.n = r.avcs.cap = 1;
	}
	rn_decide(&attack, row->mode, 1, &r);
	return r.verdict;
}

static void test_rows_both_runs(void **state)
{
	const struct row *row;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		row = &rows[i];
		print_message("%s (%s)\n", row->id,
			      row->mode == P ? "permissive" : "enforcing");
		/* each run's record on its own guest */
		assert_int_equal(judge(row, DEB12, &row->deb12,
				       row->deb12.err), RN_PASS);
		assert_int_equal(judge(row, FED, &row->fed, row->fed.err),
				 RN_PASS);
		/* the other flavour's record */
		assert_int_equal(judge(row, DEB12, &row->fed, row->fed.err),
				 RN_FAIL);
		assert_int_equal(judge(row, FED, &row->deb12,
				       row->deb12.err), RN_FAIL);
		/* no record at all */
		assert_int_equal(judge(row, DEB12, NULL, row->deb12.err),
				 RN_FAIL);
		assert_int_equal(judge(row, FED, NULL, row->fed.err),
				 RN_FAIL);
		/* the attack succeeded (enforcing: status 0) */
		if (row->mode == E) {
			assert_int_equal(judge(row, DEB12, &row->deb12, 0),
					 RN_FAIL);
			assert_int_equal(judge(row, FED, &row->fed, 0),
					 RN_FAIL);
		}
	}
}

/* The facts come from the loaded policy and uname -r; 6.5 is the first
 * kernel that asks the bpf class before CAP_BPF. */
static void test_facts_parse(void **state)
{
	(void)state;
	assert_int_equal(rn_facts_parse(0, "6.1.0-28-amd64"), 0);
	assert_int_equal(rn_facts_parse(1, "6.12.118+deb13-amd64"), FED);
	assert_int_equal(rn_facts_parse(0, "6.12.118+deb13-amd64"),
			 RN_FACT_BPF_CLASS_FIRST);
	assert_int_equal(rn_facts_parse(0, "6.4.16"), 0);
	assert_int_equal(rn_facts_parse(0, "6.5.0"),
			 RN_FACT_BPF_CLASS_FIRST);
	assert_int_equal(rn_facts_parse(0, "7.0.1"),
			 RN_FACT_BPF_CLASS_FIRST);
	assert_int_equal(rn_facts_parse(1, "5.19.0"), RN_FACT_FEDORA);
	assert_int_equal(rn_facts_parse(0, NULL), 0);
	assert_int_equal(rn_facts_parse(0, "garbage"), 0);
	assert_string_equal(rn_facts_name(FED),
			    "Fedora policy, kernel >= 6.5");
	assert_string_equal(rn_facts_name(0), "refpolicy, kernel < 6.5");
}

/* rn_facts() asks the loaded policy (with the level on an MLS policy,
 * without on a plain one) and uname; a policy that cannot be asked or a
 * release that cannot be read is an error, never "refpolicy". */
static void test_facts_read(void **state)
{
	unsigned int f = 99;

	(void)state;
	guest(FED);
	assert_int_equal(rn_facts(&f), 0);
	assert_int_equal(f, FED);
	guest(RN_FACT_FEDORA);
	fake_mls = 0;
	assert_int_equal(rn_facts(&f), 0);
	assert_int_equal(f, RN_FACT_FEDORA);
	guest(DEB12);
	assert_int_equal(rn_facts(&f), 0);
	assert_int_equal(f, 0);
	guest(RN_FACT_BPF_CLASS_FIRST);
	assert_int_equal(rn_facts(&f), 0);
	assert_int_equal(f, RN_FACT_BPF_CLASS_FIRST);
	/* selinuxfs not there, the check refused: not an answer */
	guest(FED);
	fake_check_errno = ENOENT;
	assert_int_equal(rn_facts(&f), -ENOENT);
	assert_int_equal(f, 0);
	fake_check_errno = EACCES;
	assert_int_equal(rn_facts(&f), -EACCES);
	guest(FED);
	fake_uname_errno = EFAULT;
	f = 99;
	assert_int_equal(rn_facts(&f), -EFAULT);
	assert_int_equal(f, 0);
}

/* bpf: the kernel decides, not the policy (Debian 13's refpolicy on 6.12
 * would see the same bpf class record); an alternative never applies to a
 * pass it does not name. */
static void test_pick(void **state)
{
	const struct rn_alt *a;

	(void)state;
	a = rn_alt_pick(rn_alt_bpf, RN_FACT_BPF_CLASS_FIRST, E);
	assert_non_null(a);
	assert_string_equal(a->tclass, "bpf");
	assert_null(rn_alt_pick(rn_alt_bpf, RN_FACT_FEDORA, E));
	assert_null(rn_alt_pick(rn_alt_ssh, FED, E));
	assert_null(rn_alt_pick(rn_alt_module, FED, E));
	assert_null(rn_alt_pick(rn_alt_exec_bin, DEB12, P));
	assert_null(rn_alt_pick(NULL, FED, E));
}

/* rn_sc_expect_alt() as the udp rows call it on a guest with @facts in
 * @mode (@check_errno > 0: the policy cannot be asked): its return, r set
 * as the scenario leaves it. */
static int udp_expect(struct rn_result *r, unsigned int facts,
		      enum rn_mode mode, int check_errno,
		      const struct rn_alt *alts)
{
	const struct rn_ctx ctx = { .mode = mode };

	rn_result_init(r);
	guest(facts);
	fake_check_errno = check_errno;
	return rn_sc_expect_alt(&ctx, r, "write", "udp_socket", "rustnet_t",
				"rnx-udp-send", EACCES, alts);
}

/* udp write: Fedora's dontaudit hides the permissive record (the row is
 * SKIP there, rn_sc_expect_alt); the enforcing pass keeps the row's own
 * record, and Debian's permissive pass too (Debian 12's attack.udp_1234
 * permissive: { write } udp_socket rustnet_t).  Facts that cannot be
 * read make the row ERROR, not Debian's expectation; a row without
 * alternatives does not ask for them. */
static void test_udp_write(void **state)
{
	const struct rn_alt *a;
	struct rn_result r;

	(void)state;
	assert_int_equal(udp_expect(&r, FED, P, 0, rn_alt_udp_write), 1);
	assert_int_equal(r.verdict, RN_SKIP);
	assert_non_null(strstr(r.reason, "Fedora policy, kernel >= 6.5"));
	assert_null(r.expect.perm);
	assert_int_equal(udp_expect(&r, FED, E, 0, rn_alt_udp_write), 0);
	assert_int_equal(r.verdict, RN_PASS);
	assert_string_equal(r.expect.perm, "write");
	assert_int_equal(r.expect.permissive, 0);
	assert_int_equal(r.expect_errno, EACCES);
	assert_int_equal(udp_expect(&r, DEB12, P, 0, rn_alt_udp_write), 0);
	assert_int_equal(r.verdict, RN_PASS);
	assert_string_equal(r.expect.tclass, "udp_socket");
	assert_int_equal(r.expect.permissive, 1);
	assert_string_equal(r.notes, "");
	assert_int_equal(udp_expect(&r, FED, P, ENOENT, rn_alt_udp_write),
			 -ENOENT);
	assert_int_equal(r.verdict, RN_ERROR);
	assert_null(r.expect.perm);
	assert_int_equal(udp_expect(&r, FED, P, ENOENT, NULL), 0);
	assert_int_equal(r.verdict, RN_PASS);
	assert_string_equal(r.expect.perm, "write");
	a = rn_alt_pick(rn_alt_udp_write, FED, P);
	assert_non_null(a);
	assert_null(a->perm);
	assert_non_null(strstr(a->why, "dontaudit domain domain:socket_class_set"));
	assert_null(rn_alt_pick(rn_alt_udp_write, FED, E));
	assert_null(rn_alt_pick(rn_alt_udp_write, RN_FACT_BPF_CLASS_FIRST,
				 P));
	assert_null(rn_alt_pick(rn_alt_udp_write, DEB12, P));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows_both_runs),
		cmocka_unit_test(test_facts_parse),
		cmocka_unit_test(test_facts_read),
		cmocka_unit_test(test_pick),
		cmocka_unit_test(test_udp_write),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
