// SPDX-License-Identifier: MIT
/* cloud-init seed: YAML, package list, meta-data, ISO volume id. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "fakes.h"
#include "seed.h"
#include "util.h"

static const struct rn_seed good = {
	.hostname = "rnlab-fedora42",
	.instance_id = "rnlab-99-abcd",
	.root_pubkey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKE rnlab",
	.enforcing = true,
};

/* Packages the brief requires, by Fedora name. */
static const char *const required[] = {
	"libpcap", "elfutils-libelf", "selinux-policy-devel", "audit",
	"policycoreutils-python-utils", "setools-console", "tmux", "iproute",
	"nftables", "nmap-ncat", "socat", "python3", "dnsmasq", "rpm-build",
	"make",
};

static void test_user_data_text(void **state)
{
	char *ud = rn_seed_user_data(&good);
	size_t i;

	(void)state;
	assert_non_null(ud);
	assert_int_equal(strncmp(ud, "#cloud-config\n", 14), 0);
	assert_non_null(strstr(ud, "      - \"ssh-ed25519 AAAAC3NzaC1lZDI1"
				   "NTE5AAAAIFAKE rnlab\"\n"));
	assert_non_null(strstr(ud, "disable_root: false\n"));
	assert_non_null(strstr(ud, "SELINUX=enforcing"));
	assert_non_null(strstr(ud, "[setenforce, \"1\"]"));
	for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
		char line[96];

		snprintf(line, sizeof(line), "\n  - %s\n", required[i]);
		assert_non_null(strstr(ud, line));
	}
	free(ud);
}

static void test_permissive(void **state)
{
	struct rn_seed s = good;
	char *ud;

	(void)state;
	s.enforcing = false;
	ud = rn_seed_user_data(&s);
	assert_non_null(ud);
	assert_non_null(strstr(ud, "SELINUX=permissive"));
	assert_non_null(strstr(ud, "[setenforce, \"0\"]"));
	free(ud);
}

static void test_bad_input(void **state)
{
	struct rn_seed s = good;

	(void)state;
	s.root_pubkey = "ssh-ed25519 AAA\"; rm -rf /";
	assert_null(rn_seed_user_data(&s));
	s.root_pubkey = "ssh-ed25519 AAA\nruncmd: [x]";
	assert_null(rn_seed_user_data(&s));
	s.root_pubkey = "";
	assert_null(rn_seed_user_data(&s));
	s = good;
	s.instance_id = NULL;
	assert_null(rn_seed_meta_data(&s));
}

/* Parse with PyYAML when present; otherwise a structural check. */
static void test_files_and_yaml(void **state)
{
	struct rn_scratch sc;
	char dir[160], cmd[1024], *md;
	size_t i;
	int have_yaml = rn_test_sh("python3 -c 'import yaml' 2>/dev/null");

	(void)state;
	assert_int_equal(rn_scratch_make(&sc), 0);
	snprintf(dir, sizeof(dir), "%s/seed", sc.root);
	assert_int_equal(rn_seed_write(&good, dir), 0);
	snprintf(cmd, sizeof(cmd), "%s/meta-data", dir);
	assert_int_equal(rn_read_file(cmd, &md, NULL), 0);
	assert_non_null(md);
	assert_non_null(strstr(md, "instance-id: \"rnlab-99-abcd\"\n"));
	assert_non_null(strstr(md, "local-hostname: \"rnlab-fedora42\"\n"));
	free(md);
	if (have_yaml == 0) {
		struct { const char *expr; } checks[] = {
			{ "d['disable_root'] is False" },
			{ "d['ssh_authorized_keys'] == ['"
			  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKE rnlab']" },
			{ "d['users'][0]['name'] == 'root'" },
			{ "d['users'][0]['ssh_authorized_keys'] == ['"
			  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFAKE rnlab']" },
			{ "d['users'][1]['name'] == 'alice' and "
			  "d['users'][1]['uid'] == 1000" },
			{ "d['users'][2]['name'] == 'bob'" },
			{ "isinstance(d['runcmd'], list)" },
		};

		for (i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
			snprintf(cmd, sizeof(cmd),
				 "python3 -c \"import yaml,sys; "
				 "t=open('%s/user-data').read(); "
				 "assert t.startswith('#cloud-config\\n'); "
				 "d=yaml.safe_load(t); "
				 "sys.exit(0 if %s else 1)\"", dir,
				 checks[i].expr);
			assert_int_equal(rn_test_sh(cmd), 0);
		}
		for (i = 0; i < sizeof(required) / sizeof(required[0]); i++) {
			snprintf(cmd, sizeof(cmd),
				 "python3 -c \"import yaml,sys; "
				 "d=yaml.safe_load(open('%s/user-data')); "
				 "sys.exit(0 if '%s' in d['packages'] "
				 "else 1)\"", dir, required[i]);
			assert_int_equal(rn_test_sh(cmd), 0);
		}
		snprintf(cmd, sizeof(cmd),
			 "python3 -c \"import yaml; d=yaml.safe_load("
			 "open('%s/meta-data')); assert d['instance-id']\"",
			 dir);
		assert_int_equal(rn_test_sh(cmd), 0);
	} else {
		print_message("python3-yaml missing: structural check only\n");
		snprintf(cmd, sizeof(cmd),
			 "head -n1 %s/user-data | grep -qx '#cloud-config' && "
			 "! grep -q '\t' %s/user-data", dir, dir);
		assert_int_equal(rn_test_sh(cmd), 0);
	}
	rn_scratch_remove(&sc);
}

/* ISO 9660: the volume id is 32 bytes at 0x8028 (sector 16 + 40). */
static void test_iso(void **state)
{
	struct rn_scratch sc;
	char dir[160], iso[200], cmd[1024], *data;
	size_t len;

	(void)state;
	assert_int_equal(rn_scratch_make(&sc), 0);
	snprintf(dir, sizeof(dir), "%s/seed", sc.root);
	snprintf(iso, sizeof(iso), "%s/seed.iso", sc.root);
	assert_int_equal(rn_seed_write(&good, dir), 0);
	assert_int_equal(rn_seed_iso(dir, iso), 0);
	assert_int_equal(rn_read_file(iso, &data, &len), 0);
	assert_non_null(data);
	assert_true(len > 0x8048);
	assert_memory_equal(data + 0x8001, "CD001", 5);
	assert_memory_equal(data + 0x8028, "cidata ", 7);
	free(data);
	/* Both files are on it under their own names. */
	snprintf(cmd, sizeof(cmd), "xorriso -indev %s -find / -type f 2>/dev/null"
		 " | grep -q \"'/user-data'\" && xorriso -indev %s -find / "
		 "-type f 2>/dev/null | grep -q \"'/meta-data'\"", iso, iso);
	assert_int_equal(rn_test_sh(cmd), 0);
	/* A missing seed dir is an error, not an empty ISO. */
	rn_set_quiet(true);
	snprintf(dir, sizeof(dir), "%s/nothing", sc.root);
	assert_true(rn_seed_iso(dir, iso) < 0);
	rn_scratch_remove(&sc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_user_data_text),
		cmocka_unit_test(test_permissive),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_files_and_yaml),
		cmocka_unit_test(test_iso),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
