#!/bin/sh
# Runs inside the debian13 image (chroot, /proc mounted, no network), called
# by vm/images/fedora-policy-image.sh with Fedora's policy build staged in
# /tmp/rnx-fedora-policy/root and local.semanage, semanage.conf beside this
# script. Replaces Debian's refpolicy by Fedora's targeted policy and
# relabels the image with Fedora's file contexts.
#
# usage: install.sh [ROOT]   (ROOT: / in the chroot; a stand-in in tests)
set -eu

R=${1:-}
R=${R%/}
P=$(cd "$(dirname "$0")" && pwd)
STORE=$R/var/lib/selinux/targeted/active

echo "fedora-policy install: Debian's policy packages out" >&2
# selinux-policy-dev owns /usr/share/selinux/devel (Makefile, include/),
# which selinux-policy-devel's layout needs; nothing the lab uses depends on
# either package (selinux-basics only recommends a policy).
dpkg --root="${R:-/}" --purge selinux-policy-dev selinux-policy-default >&2

echo "fedora-policy install: Fedora's targeted policy in" >&2
mkdir -p "$R/etc/selinux" "$R/var/lib/selinux" "$R/usr/share/selinux"
for d in etc/selinux/targeted var/lib/selinux/targeted \
	usr/share/selinux/targeted usr/share/selinux/devel; do
	[ ! -e "$R/$d" ] || {
		echo "fedora-policy install: $R/$d exists already" >&2
		exit 1
	}
	cp -a "$P/root/$d" "$R/$d"
done

# The image's own setting; the kernel command line (enforcing=0|1) still
# decides each run, as for the other profiles.
cat >"$R/etc/selinux/config" <<'EOF'
# debian13-fedora-policy: Fedora's targeted policy (vm/images/README.md)
SELINUX=enforcing
SELINUXTYPE=targeted
EOF

# Fedora's libsemanage settings (see the file's comments).
install -m 0644 "$P/semanage.conf" "$R/etc/selinux/semanage.conf"

echo "fedora-policy install: store rebuilt by the image's semodule" >&2
# The host's semodule wrote policy.33; the image's writes its own version
# (34). libselinux loads the highest version the kernel takes (6.12: 33), so
# a stale host file would win over the rebuilt one.
rm -f "$R"/etc/selinux/targeted/policy/policy.*
# The image's libsemanage writes the kernel policy, file_contexts and
# file_contexts.homedirs for its own users (alice, bob), as on a Fedora host
# after installing selinux-policy-targeted.
semodule -n -B -s targeted ${R:+-p "$R"} >&2

# Local customisations, as an administrator makes them (semanage; one
# transaction, listed by `semanage export` in the guest). Each is in
# vm/images/README.md with its reason.
echo "fedora-policy install: local customisations" >&2
semanage import -N -S targeted <"$P/local.semanage" >&2

echo "fedora-policy install: relabel with Fedora's file contexts" >&2
mkdir -p -m 0700 "$R/lost+found"
setfiles -F -e "$R/proc" -e "$R/sys" ${R:+-r "$R"} \
	"$R/etc/selinux/targeted/contexts/files/file_contexts" "${R:-/}" >&2
