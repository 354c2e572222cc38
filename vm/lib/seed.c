// SPDX-License-Identifier: MIT
/* cloud-init NoCloud seed (fedora42). */
#include "seed.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "proc.h"
#include "util.h"

const char *const rn_seed_packages[] = {
	/* rustnet's runtime libraries */
	"libpcap", "elfutils-libelf",
	/* policy build and inspection */
	"selinux-policy-devel", "audit", "policycoreutils-python-utils",
	"setools-console",
	/* e2e tools */
	"tmux", "iproute", "nftables", "nmap-ncat", "socat", "python3",
	"dnsmasq", "rpm-build", "make",
	NULL,
};

/* Safe inside a double-quoted YAML scalar and a single line. */
static bool yaml_plain_ok(const char *s)
{
	if (!s || !*s)
		return false;
	for (; *s; s++)
		if (*s < 0x20 || *s == 0x7f || *s == '"' || *s == '\\')
			return false;
	return true;
}

char *rn_seed_user_data(const struct rn_seed *s)
{
	struct rn_buf b;
	size_t i;
	int rc;

	if (!yaml_plain_ok(s->hostname) || !yaml_plain_ok(s->root_pubkey)) {
		rn_err("seed: hostname or key is empty or not one plain line");
		return NULL;
	}
	rn_buf_init(&b);
	rc = rn_buf_printf(&b,
		"#cloud-config\n"
		"hostname: \"%s\"\n"
		"disable_root: false\n"
		"ssh_pwauth: false\n"
		/* With no default user, these go to root (cc_ssh). */
		"ssh_authorized_keys:\n"
		"  - \"%s\"\n"
		"users:\n"
		"  - name: root\n"
		"    ssh_authorized_keys:\n"
		"      - \"%s\"\n"
		"  - name: alice\n"
		"    uid: 1000\n"
		"    shell: /bin/bash\n"
		"    lock_passwd: true\n"
		"    sudo: \"ALL=(ALL) NOPASSWD:ALL\"\n"
		"  - name: bob\n"
		"    uid: 1001\n"
		"    shell: /bin/bash\n"
		"    lock_passwd: true\n"
		"package_update: false\n"
		"packages:\n", s->hostname, s->root_pubkey, s->root_pubkey);
	for (i = 0; rc == 0 && rn_seed_packages[i]; i++)
		rc = rn_buf_printf(&b, "  - %s\n", rn_seed_packages[i]);
	if (rc == 0)
		rc = rn_buf_printf(&b,
			"runcmd:\n"
			"  - [sed, -i, \"s/^SELINUX=.*/SELINUX=%s/\", "
			"/etc/selinux/config]\n"
			"  - [setenforce, \"%d\"]\n"
			"  - [systemctl, enable, --now, auditd.service]\n",
			s->enforcing ? "enforcing" : "permissive",
			s->enforcing ? 1 : 0);
	if (rc < 0) {
		rn_buf_free(&b);
		rn_err("seed: out of memory");
		return NULL;
	}
	return rn_buf_steal(&b);
}

char *rn_seed_meta_data(const struct rn_seed *s)
{
	if (!yaml_plain_ok(s->instance_id) || !yaml_plain_ok(s->hostname)) {
		rn_err("seed: bad instance id or hostname");
		return NULL;
	}
	return rn_strdupf("instance-id: \"%s\"\nlocal-hostname: \"%s\"\n",
			  s->instance_id, s->hostname);
}

static int write_text(const char *dir, const char *name, const char *text)
{
	char *path = rn_strdupf("%s/%s", dir, name);
	int ret = -1;

	if (!path)
		return -1;
	if (rn_write_file(path, text, strlen(text), 0644) < 0) {
		rn_err("seed: cannot write %s: %m", path);
		goto cleanup;
	}
	ret = 0;
cleanup:
	free(path);
	return ret;
}

int rn_seed_write(const struct rn_seed *s, const char *dir)
{
	char *ud = NULL, *md = NULL;
	int ret = -1;

	if (rn_mkdir_p(dir, 0755) < 0) {
		rn_err("seed: cannot create %s: %m", dir);
		return -1;
	}
	ud = rn_seed_user_data(s);
	md = rn_seed_meta_data(s);
	if (!ud || !md)
		goto cleanup;
	if (write_text(dir, "user-data", ud) < 0 ||
	    write_text(dir, "meta-data", md) < 0)
		goto cleanup;
	ret = 0;
cleanup:
	free(ud);
	free(md);
	return ret;
}

int rn_seed_iso(const char *dir, const char *iso)
{
	char *ud = rn_strdupf("%s/user-data", dir);
	char *md = rn_strdupf("%s/meta-data", dir);
	int ret = -1;

	if (ud && md) {
		char *argv[] = {
			"xorriso", "-as", "mkisofs", "-quiet", "-o", (char *)iso,
			"-V", "cidata", "-J", "-R", ud, md, NULL,
		};

		ret = rn_proc_check(argv, 60);
	}
	free(ud);
	free(md);
	return ret;
}
