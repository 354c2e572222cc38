// SPDX-License-Identifier: MIT
/* Domain XML for each profile: isolation, boot, schema validity. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "fakes.h"
#include "profile.h"
#include "util.h"
#include "xml.h"

static struct rn_domcfg base_cfg(const char *profile)
{
	const struct rn_profile *p = rn_profile_find(profile);
	struct rn_domcfg c = {
		.profile = p,
		.name = "rnlab-1234-x",
		.accel = RN_ACCEL_TCG,
		.vcpus = 2,
		.memory_mib = 2048,
		.overlay = "/c/runs/rnlab-1234-ab.qcow2",
		.enforcing = true,
		.console_log = "/c/runs/rnlab-1234-ab.d/console.log",
		.console_sock = "/c/runs/rnlab-1234-ab.d/console.sock",
		.ssh_port = 40022,
	};

	if (p->boot == RN_BOOT_KERNEL) {
		c.kernel = "/img/vmlinuz";
		c.initrd = "/img/initrd.img";
	} else {
		c.seed_iso = "/c/runs/rnlab-1234-ab.d/seed.iso";
	}
	return c;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

/* virt-xml-validate FILE domain against libvirt's installed schema. */
static void assert_valid(const char *xml)
{
	char path[] = "/tmp/rnlab-xml-XXXXXX";
	char cmd[128];
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(rn_write_file(path, xml, strlen(xml), 0600), 0);
	snprintf(cmd, sizeof(cmd), "virt-xml-validate %s domain >/dev/null",
		 path);
	assert_int_equal(rn_test_sh(cmd), 0);
	unlink(path);
	close(fd);
}

/* The isolation contract: restrict=on, one hostfwd on 127.0.0.1, no NIC
 * element libvirt would wire up itself. */
static void assert_isolated(const char *xml, int port)
{
	char fwd[64];

	snprintf(fwd, sizeof(fwd), "hostfwd=tcp:127.0.0.1:%d-:22'", port);
	assert_int_equal(count(xml, "restrict=on"), 1);
	assert_int_equal(count(xml, "hostfwd="), 1);
	assert_non_null(strstr(xml, fwd));
	assert_null(strstr(xml, "<interface"));
	assert_int_equal(count(xml, "-netdev"), 1);
	assert_non_null(strstr(xml, "xmlns:qemu='" RN_QEMU_NS "'"));
	assert_non_null(strstr(xml, "<qemu:commandline>"));
	assert_null(strstr(xml, "guestfwd"));
}

static void test_debian_profiles(void **state)
{
	static const char *const names[] = { "debian12", "debian13" };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		struct rn_domcfg c = base_cfg(names[i]);
		char *xml = rn_domain_xml(&c);

		assert_non_null(xml);
		assert_isolated(xml, 40022);
		assert_non_null(strstr(xml, "<domain type='qemu'"));
		assert_non_null(strstr(xml, "<kernel>/img/vmlinuz</kernel>"));
		assert_non_null(strstr(xml,
			"<initrd>/img/initrd.img</initrd>"));
		assert_non_null(strstr(xml, "<cmdline>root=/dev/vda rw "
			"console=ttyS0 selinux=1 security=selinux "
			"lsm=landlock,lockdown,yama,integrity,selinux,bpf "
			"no_timer_check enforcing=1</cmdline>"));
		assert_null(strstr(xml, "<boot dev="));
		assert_null(strstr(xml, "device='cdrom'"));
		assert_non_null(strstr(xml, "<vcpu>2</vcpu>"));
		assert_non_null(strstr(xml,
			"<memory unit='MiB'>2048</memory>"));
		assert_non_null(strstr(xml, "<log file='/c/runs/rnlab-1234-"
			"ab.d/console.log'"));
		assert_valid(xml);
		free(xml);
	}
}

static void test_permissive_and_kvm(void **state)
{
	struct rn_domcfg c = base_cfg("debian12");
	char *xml;

	(void)state;
	c.enforcing = false;
	c.accel = RN_ACCEL_KVM;
	xml = rn_domain_xml(&c);
	assert_non_null(xml);
	assert_non_null(strstr(xml, "enforcing=0</cmdline>"));
	assert_non_null(strstr(xml, "<domain type='kvm'"));
	assert_non_null(strstr(xml, "host-passthrough"));
	assert_isolated(xml, 40022);
	assert_valid(xml);
	free(xml);
}

static void test_fedora(void **state)
{
	struct rn_domcfg c = base_cfg("fedora42");
	char *xml;

	(void)state;
	xml = rn_domain_xml(&c);
	assert_non_null(xml);
	assert_isolated(xml, 40022);
	assert_non_null(strstr(xml, "<boot dev='hd'/>"));
	assert_null(strstr(xml, "<kernel>"));
	assert_null(strstr(xml, "<cmdline>"));
	assert_non_null(strstr(xml, "device='cdrom'"));
	assert_non_null(strstr(xml, "rnlab-1234-ab.d/seed.iso"));
	assert_valid(xml);
	free(xml);

	/* Only --guest-internet drops restrict=on; the forward stays local. */
	c.guest_internet = true;
	xml = rn_domain_xml(&c);
	assert_non_null(xml);
	assert_null(strstr(xml, "restrict="));
	assert_int_equal(count(xml, "hostfwd="), 1);
	assert_non_null(strstr(xml, "hostfwd=tcp:127.0.0.1:40022-:22'"));
	assert_null(strstr(xml, "<interface"));
	assert_valid(xml);
	free(xml);
}

static void test_escaping(void **state)
{
	struct rn_domcfg c = base_cfg("debian12");
	char *xml;

	(void)state;
	c.kernel = "/img/a&b<'\">/vmlinuz";
	xml = rn_domain_xml(&c);
	assert_non_null(xml);
	assert_non_null(strstr(xml,
		"<kernel>/img/a&amp;b&lt;&apos;&quot;&gt;/vmlinuz</kernel>"));
	assert_valid(xml);
	free(xml);
}

static void test_bad_config(void **state)
{
	struct rn_domcfg c;

	(void)state;
	rn_set_quiet(true);
	c = base_cfg("debian12");
	c.guest_internet = true;	/* never for Debian profiles */
	assert_null(rn_domain_xml(&c));
	c = base_cfg("debian12");
	c.kernel = NULL;
	assert_null(rn_domain_xml(&c));
	c = base_cfg("fedora42");
	c.seed_iso = NULL;
	assert_null(rn_domain_xml(&c));
	c = base_cfg("debian12");
	c.ssh_port = 0;
	assert_null(rn_domain_xml(&c));
	c = base_cfg("debian12");
	c.accel = RN_ACCEL_AUTO;
	assert_null(rn_domain_xml(&c));
}

/* The validator used above does reject a broken domain. */
static void test_validator_rejects(void **state)
{
	char path[] = "/tmp/rnlab-xml-XXXXXX";
	static const char bad[] = "<domain type='bogus'><name>x</name>"
				  "</domain>\n";
	char cmd[128];
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(rn_write_file(path, bad, strlen(bad), 0600), 0);
	snprintf(cmd, sizeof(cmd),
		 "virt-xml-validate %s domain >/dev/null 2>&1", path);
	assert_int_not_equal(rn_test_sh(cmd), 0);
	unlink(path);
	close(fd);
}

static void test_profiles_table(void **state)
{
	(void)state;
	assert_non_null(rn_profile_find("debian12"));
	assert_non_null(rn_profile_find("debian13"));
	assert_non_null(rn_profile_find("fedora42"));
	assert_null(rn_profile_find("fedora41"));
	assert_string_equal(rn_profile_find("debian12")->base_format, "raw");
	assert_string_equal(rn_profile_find("fedora42")->base_format,
			    "qcow2");
	assert_true(rn_profile_find("fedora42")->needs_internet);
	assert_false(rn_profile_find("debian13")->needs_internet);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_debian_profiles),
		cmocka_unit_test(test_permissive_and_kvm),
		cmocka_unit_test(test_fedora),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_bad_config),
		cmocka_unit_test(test_validator_rejects),
		cmocka_unit_test(test_profiles_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
