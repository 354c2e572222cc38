#!/bin/sh
# Guest-less checks of the rustnet-selinux RPMs (make -C rpm check).
#
# Builds the Fedora-flavour ("targeted") and guest-flavour ("default") sets
# with rpm/Makefile, then inspects them with rpm -qp: payload, %ghost, arch,
# dependencies, scriptlet text and order.  Finally it RUNS the scriptlets
# against stub semodule/semanage/load_policy/fixfiles that log their calls
# and keep a fake module list, to check the $1 guards, the order of the
# permissive-marker and module removal, and that failures reach the exit
# status.  The stubs only check the scriptlets' logic; the real store
# behaviour is tests/guest-rpm-scenario.sh's job.
#
# Every check is also run once against a deliberately wrong input (a
# "negative control") to show it can fail.
#
# Output: TAP.  Exit 0 all passed, 1 a check failed, 3 the build failed.
set -eu

HERE=$(cd "$(dirname "$0")/.." && pwd)
MAKE=${MAKE:-make}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

n=0
failed=0
ok() {
	n=$((n + 1))
	echo "ok $n - $1"
}
not_ok() {
	n=$((n + 1))
	failed=$((failed + 1))
	echo "not ok $n - $1"
}
# check DESC CMD...: ok when CMD succeeds.
check() {
	desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}
# control DESC CMD...: negative control, ok when CMD FAILS.
control() {
	desc=$1
	shift
	if "$@"; then not_ok "control: $desc"; else ok "control: $desc"; fi
}

# --- build ---------------------------------------------------------------
if ! $MAKE -s -C "$HERE" rpm >"$T/build.log" 2>&1 ||
   ! $MAKE -s -C "$HERE" guest-rpms OUT="$T/guest" >>"$T/build.log" 2>&1; then
	sed 's/^/# /' "$T/build.log"
	echo "Bail out! rpmbuild failed"
	exit 3
fi
VERSION=$(sed -n 's/^Version: *//p' "$HERE/rustnet-selinux.spec")
R=$HERE/build/rpms/targeted
R1=$R/rustnet-selinux-$VERSION-1.noarch.rpm
R2=$R/rustnet-selinux-$VERSION-2.noarch.rpm
R3=$R/rustnet-selinux-$VERSION-3.noarch.rpm
G1=$T/guest/rustnet-selinux-$VERSION-1.noarch.rpm
for f in "$R1" "$R2" "$R3" "$G1" "$T/guest/rustnet-selinux-$VERSION-2.noarch.rpm" \
	 "$T/guest/rustnet-selinux-$VERSION-3.noarch.rpm"; do
	if [ ! -f "$f" ]; then
		echo "Bail out! expected $f was not built"
		exit 3
	fi
done

# --- helpers over rpm -qp output -----------------------------------------
# has_line FILE LINE: FILE contains exactly LINE.
has_line() {
	grep -qxF -- "$2" "$1"
}
# scriptlet RPM NAME: print one scriptlet body (NAME: preinstall,
# postinstall, preuninstall, postuninstall, posttrans).
scriptlet() {
	rpm -qp --scripts "$1" 2>/dev/null | awk -v want="$2" '
		/^[a-z]+ scriptlet \(using / || /^[a-z]+ program: / {
			on = ($1 == want); next
		}
		on { print }'
}
# in_order FILE PATTERN...: every fixed-string PATTERN occurs in FILE, each
# on a later line than the previous one.
in_order() {
	f=$1
	shift
	last=0
	for p in "$@"; do
		l=$(grep -nF -- "$p" "$f" | awk -F: -v min="$last" \
			'$1 > min { print $1; exit }')
		[ -n "$l" ] || return 1
		last=$l
	done
}
# absent FILE PATTERN: fixed string PATTERN does not occur in FILE.
absent() {
	! grep -qF -- "$2" "$1"
}
# verify_relaxed RPM PATH: PATH is %ghost and %verify(not md5 size mode mtime).
verify_relaxed() {
	rpm -qp --qf '[%{FILEFLAGS:fflags} %{FILEVERIFYFLAGS} %{FILENAMES}\n]' \
		"$1" 2>/dev/null | awk -v p="$2" '
		$NF == p && $1 ~ /g/ {
			v = $2; bits = 0
			# RPMVERIFY_FILEDIGEST 1, FILESIZE 2, MTIME 32, MODE 64
			if (int(v / 1) % 2) bits++
			if (int(v / 2) % 2) bits++
			if (int(v / 32) % 2) bits++
			if (int(v / 64) % 2) bits++
			found = (bits == 0)
		}
		END { exit !found }'
}
# dep RPM TYPE NAME: RPM requires NAME with a flag list containing TYPE
# ("manual" for a plain Requires).
dep() {
	rpm -qp --qf '[%{REQUIREFLAGS:deptype} %{REQUIRENAME}\n]' "$1" \
		2>/dev/null | awk -v t="$2" -v n="$3" '
		$2 == n && ("," $1 ",") ~ ("," t ",") { f = 1 }
		END { exit !f }'
}
qf() {
	rpm -qp --qf "$2" "$1" 2>/dev/null
}

# --- payload ---------------------------------------------------------------
rpm -qpl "$R1" >"$T/files" 2>/dev/null
PP=/usr/share/selinux/packages/targeted/rustnet.pp.bz2
IF=/usr/share/selinux/devel/include/distributed/rustnet.if
TMPF=/usr/lib/tmpfiles.d/rustnet.conf
GHOST=/var/lib/selinux/targeted/active/modules/200/rustnet
check "payload has $PP" has_line "$T/files" "$PP"
check "payload has $IF" has_line "$T/files" "$IF"
check "payload has $TMPF" has_line "$T/files" "$TMPF"
GUARD_NFT=/usr/share/rustnet-selinux/rustnet-egress-guard.nft
GUARD_UNIT=/usr/lib/systemd/system/rustnet-egress-guard.service
check "payload has the egress guard table $GUARD_NFT" has_line "$T/files" "$GUARD_NFT"
check "payload has the egress guard unit $GUARD_UNIT" has_line "$T/files" "$GUARD_UNIT"
check "payload has the man page" grep -qx '/usr/share/man/man8/rustnet_selinux\.8.*' "$T/files"
check "payload lists $GHOST" has_line "$T/files" "$GHOST"
check "$GHOST is %ghost %verify(not md5 size mode mtime)" verify_relaxed "$R1" "$GHOST"
control "a regular file is not taken for the %ghost" verify_relaxed "$R1" "$PP"
rpm -qpl "$G1" >"$T/gfiles" 2>/dev/null
check "guest build installs into the default store" \
	has_line "$T/gfiles" /usr/share/selinux/packages/default/rustnet.pp.bz2
check "guest build ghosts the default store's module" \
	has_line "$T/gfiles" /var/lib/selinux/default/active/modules/200/rustnet
control "guest build has no targeted path" has_line "$T/gfiles" "$PP"
# The shipped module really is a bzip2'ed policy package carrying the
# file contexts (rpm2archive ships with rpm; no cpio needed).
mkdir -p "$T/x"
cp "$R1" "$T/x/r1.rpm"
(cd "$T/x" && rpm2archive r1.rpm && tar -xzf r1.rpm.tgz) >/dev/null 2>&1 || :
unpacks() {
	bzip2 -dc "$T/x$PP" >"$T/rustnet.pp" &&
		semodule_unpackage "$T/rustnet.pp" "$T/rustnet.mod" "$T/rustnet.fc"
}
check ".pp.bz2 unpacks with bzip2 + semodule_unpackage" unpacks
check "the module labels /usr/bin/rustnet rustnet_exec_t" \
	grep -qE '^/usr/bin/rustnet[[:space:]].*:rustnet_exec_t(:|$)' "$T/rustnet.fc"
# ghost_dirs_match_tmpfiles RPM TMPFILES: every "d" line of TMPFILES has a
# %ghost %dir in RPM with the same mode and owner, and vice versa.
ghost_dirs_match_tmpfiles() {
	awk '$1 ~ /^[dD]$/ { m = $3; while (length(m) < 4) m = "0" m
		print $2, m, $4, $5 }' "$2" | sort >"$T/tmpfiles.dirs"
	rpm -qp --qf '[%{FILEFLAGS:fflags} %{FILEMODES:octal} %{FILEUSERNAME} %{FILEGROUPNAME} %{FILENAMES}\n]' \
		"$1" 2>/dev/null | awk '$1 ~ /g/ && $2 ~ /^4/ {
		print $NF, substr($2, length($2) - 3), $3, $4 }' |
		sort >"$T/ghost.dirs"
	[ -s "$T/tmpfiles.dirs" ] && cmp -s "$T/tmpfiles.dirs" "$T/ghost.dirs"
}
check "%ghost %dirs match the tmpfiles snippet's directories, modes, owners" \
	ghost_dirs_match_tmpfiles "$R1" "$T/x$TMPF"
sed 's/ 0755 / 0700 /' "$T/x$TMPF" >"$T/tmpfiles.wrong"
control "a tmpfiles mode the %ghost does not have is caught" \
	ghost_dirs_match_tmpfiles "$R1" "$T/tmpfiles.wrong"
# unit_files_shipped UNIT: every absolute path after "nft -f" or in
# ConditionPathExists= of UNIT is in the payload.
unit_files_shipped() {
	paths=$(sed -n -e 's/^ExecStart=.* -f \(\/[^ ]*\).*/\1/p' \
		-e 's/^ConditionPathExists=\(\/.*\)/\1/p' "$1")
	[ -n "$paths" ] || return 1
	for p in $paths; do
		has_line "$T/files" "$p" || return 1
	done
}
check "the guard unit loads a table the package ships" \
	unit_files_shipped "$T/x$GUARD_UNIT"
sed 's#rustnet-selinux/#rustnet-elsewhere/#g' "$T/x$GUARD_UNIT" >"$T/unit.wrong"
control "a unit naming an unshipped table is caught" \
	unit_files_shipped "$T/unit.wrong"
check "tmpfiles snippet declares /var/log/rustnet" \
	grep -qE '^[dD][[:space:]]+/var/log/rustnet([[:space:]]|$)' "$T/x$TMPF"

# --- header ----------------------------------------------------------------
check "release 1 is noarch" test "$(qf "$R1" '%{ARCH}')" = noarch
check "upgrade build is release 2" test "$(qf "$R2" '%{RELEASE}')" = 2
check "enforcing build is release 3" test "$(qf "$R3" '%{RELEASE}')" = 3
check "Requires(post): selinux-policy-targeted" dep "$R1" post selinux-policy-targeted
check "Requires: selinux-policy (selinux_requires)" dep "$R1" manual selinux-policy
check "Requires(post): policycoreutils-python-utils (semanage)" \
	dep "$R1" post policycoreutils-python-utils
check "Requires(postun): policycoreutils-python-utils (semanage)" \
	dep "$R1" postun policycoreutils-python-utils
check "Requires: rustnet = version-release" dep "$R1" manual rustnet
control "Requires(post) is not taken for a plain Requires" \
	dep "$R1" post selinux-policy
check "guest build requires selinux-policy-default" dep "$G1" post selinux-policy-default

# --- scriptlet text and order -------------------------------------------------
for s in preinstall postinstall preuninstall postuninstall posttrans; do
	scriptlet "$R1" $s >"$T/r1.$s"
	scriptlet "$R3" $s >"$T/r3.$s"
done
check "%pre saves file_contexts (selinux_relabel_pre)" \
	grep -q 'cp -f /etc/selinux/${SELINUXTYPE}/contexts/files/file_contexts /var/lib/rpm-state/file_contexts.pre' "$T/r1.preinstall"
check "%post installs at priority 200, reloads, then marks permissive, then tmpfiles" \
	in_order "$T/r1.postinstall" \
	"semodule -n -s \${_policytype} -X 200 -i $PP" \
	"load_policy" \
	"semanage permissive -S targeted -a rustnet_t" \
	"systemd-tmpfiles --create $TMPF"
control "order check rejects a reversed order" \
	in_order "$T/r1.postinstall" "semanage permissive" "semodule -n -s"
check "%post marks permissive only when \$1 -eq 1" \
	in_order "$T/r1.postinstall" '[ "$1" -eq 1 ]' "semanage permissive -S targeted -a"
check "enforcing build never adds the marker" \
	absent "$T/r3.postinstall" "permissive -S targeted -a"
check "enforcing build removes the marker on upgrade" \
	in_order "$T/r3.postinstall" '[ "$1" -ge 2 ]' "semanage permissive -S targeted -d rustnet_t"
check "%postun: marker removed before the module, both only when \$1 -eq 0" \
	in_order "$T/r1.postuninstall" '[ "$1" -eq 0 ]' \
	"semanage permissive -S targeted -d rustnet_t" \
	"semodule -n -X 200 -s \${_policytype} -r rustnet"
check "%postun relabels after removal (selinux_relabel_post)" \
	in_order "$T/r1.postuninstall" "-r rustnet" "fixfiles -C"
check "%preun saves file_contexts only when \$1 -eq 0" \
	in_order "$T/r1.preuninstall" '[ "$1" -eq 0 ]' "file_contexts.pre"
check "%preun stops and disables the guard on erase" \
	in_order "$T/r1.preuninstall" '[ $1 -eq 0 ]' \
	"systemctl --no-reload disable --now rustnet-egress-guard.service"
check "%post does not enable the guard" \
	sh -c "! grep -E 'systemctl.*(enable|preset|start)' '$T/r1.postinstall'"
check "%posttrans relabels changed paths (selinux_relabel_post)" \
	grep -q 'fixfiles -C /var/lib/rpm-state/file_contexts.pre restore' "$T/r1.posttrans"
check "no scriptlet hides the marker commands' errors" \
	sh -c "! grep -E 'semanage permissive.*(\|\| *:|>/dev/null)' '$T/r1.postinstall' '$T/r1.postuninstall' '$T/r3.postinstall'"

# --- scriptlets run against stubs -----------------------------------------
# Stub tools: semodule keeps "PRIO NAME" lines in $STUB/modules; semanage
# permissive adds/removes "400 permissive_rustnet_t"; every call is logged
# to $STUB/log.  STUB_FAIL=tool makes that tool fail.
STUB=$T/stub
mkdir -p "$STUB/bin" "$STUB/state" "$STUB/etc/targeted/contexts/files"
printf 'SELINUX=enforcing\nSELINUXTYPE=targeted\n' >"$STUB/config"
echo '/usr/bin/rustnet -- x' >"$STUB/etc/targeted/contexts/files/file_contexts"
for tool in selinuxenabled load_policy fixfiles systemd-tmpfiles systemctl; do
	cat >"$STUB/bin/$tool" <<EOF
#!/bin/sh
echo "$tool \$*" >>"$STUB/log"
[ "\${STUB_FAIL:-}" != "$tool" ]
EOF
done
cat >"$STUB/bin/semodule" <<EOF
#!/bin/sh
echo "semodule \$*" >>"$STUB/log"
[ "\${STUB_FAIL:-}" != semodule ] || exit 1
prio=\$(echo " \$* " | sed -n 's/.* -X \([0-9]*\) .*/\1/p')
case " \$* " in
*" --list-modules=full "*) cat "$STUB/modules" ;;
*" -i "*) grep -v "^\$prio rustnet\$" "$STUB/modules" >"$STUB/m.tmp" || :
	  echo "\$prio rustnet" >>"$STUB/m.tmp"; mv "$STUB/m.tmp" "$STUB/modules" ;;
*" -r rustnet "*)
	if grep -q permissive_rustnet_t "$STUB/modules"; then
		echo "dependency: permissive_rustnet_t needs rustnet_t" >&2
		exit 1
	fi
	grep -v "^\$prio rustnet\$" "$STUB/modules" >"$STUB/m.tmp" || :
	mv "$STUB/m.tmp" "$STUB/modules" ;;
esac
EOF
cat >"$STUB/bin/semanage" <<EOF
#!/bin/sh
echo "semanage \$*" >>"$STUB/log"
[ "\${STUB_FAIL:-}" != semanage ] || exit 1
case " \$* " in
*" -a rustnet_t "*) echo "400 permissive_rustnet_t" >>"$STUB/modules" ;;
*" -d rustnet_t "*) grep -v permissive_rustnet_t "$STUB/modules" >"$STUB/m.tmp" || :
	mv "$STUB/m.tmp" "$STUB/modules" ;;
esac
EOF
chmod +x "$STUB/bin/"*

# run_let RPM NAME ARG [MODULES...]: run scriptlet NAME with $1=ARG, tools
# redirected to the stubs; the store starts with MODULES ("PRIO NAME").
# STUB_KEEP=1 continues from the previous call's store, log and state.
# Leaves the exit status in $STUB/rc.
run_let() {
	rpm_=$1 name_=$2 arg_=$3
	shift 3
	if [ -z "${STUB_KEEP:-}" ]; then
		: >"$STUB/log"
		: >"$STUB/modules"
		for m in "$@"; do echo "$m" >>"$STUB/modules"; done
		rm -f "$STUB/state/file_contexts.pre"
	fi
	scriptlet "$rpm_" "$name_" | sed \
		-e "s#/usr/sbin/#$STUB/bin/#g" \
		-e "s#/usr/bin/systemd-tmpfiles#$STUB/bin/systemd-tmpfiles#g" \
		-e "s#/usr/bin/systemctl#$STUB/bin/systemctl#g" \
		-e "s#/etc/selinux/config#$STUB/config#g" \
		-e "s#/etc/selinux/\${SELINUXTYPE}#$STUB/etc/\${SELINUXTYPE}#g" \
		-e "s#/var/lib/rpm-state#$STUB/state#g" >"$STUB/let.sh"
	if grep -qE '/usr/s?bin/|/etc/selinux|/var/lib/rpm-state' "$STUB/let.sh"; then
		echo "# unredirected path in $name_:" >&2
		grep -nE '/usr/s?bin/|/etc/selinux|/var/lib/rpm-state' \
			"$STUB/let.sh" >&2
		echo 99 >"$STUB/rc"
		return 0
	fi
	set +e
	sh "$STUB/let.sh" "$arg_" >"$STUB/out" 2>&1
	echo $? >"$STUB/rc"
	set -e
}
rc_is() {
	[ "$(cat "$STUB/rc")" = "$1" ]
}
store_is() {
	[ "$(sort "$STUB/modules" | tr '\n' ';')" = "$1" ]
}

# rc_store RC STORE: the scriptlet exited RC and left the store at STORE
# ("PRIO NAME;" sorted).
rc_store() {
	rc_is "$1" && store_is "$2"
}
log_has() {
	grep -qE -- "$1" "$STUB/log"
}
out_has() {
	grep -qF -- "$1" "$STUB/out"
}
# first_before A B: the first log line matching A comes before the first
# matching B.
first_before() {
	a=$(grep -nE -- "$1" "$STUB/log" | head -n 1 | cut -d: -f1)
	b=$(grep -nE -- "$2" "$STUB/log" | head -n 1 | cut -d: -f1)
	[ -n "$a" ] && [ -n "$b" ] && [ "$a" -lt "$b" ]
}

run_let "$R1" postinstall 1
check "stub: first install loads rustnet at 200 and adds the marker, exit 0" \
	rc_store 0 "200 rustnet;400 permissive_rustnet_t;"
check "stub: first install applies the tmpfiles snippet after the marker" \
	first_before "^semanage permissive .*-a rustnet_t" "^systemd-tmpfiles --create $TMPF"
control "stub: first install calls systemctl" log_has "^systemctl"
control "stub: the marker is not added before the module" \
	first_before "^semanage permissive .*-a" "^semodule .* -i "

run_let "$R2" postinstall 2 "200 rustnet"
check "stub: upgrade in the permissive series keeps the store, no semanage" \
	rc_store 0 "200 rustnet;"
control "stub: upgrade in the permissive series calls semanage" \
	log_has "^semanage"

run_let "$R3" postinstall 2 "200 rustnet" "400 permissive_rustnet_t"
check "stub: enforcing release removes the marker on upgrade" \
	rc_store 0 "200 rustnet;"

run_let "$R3" postinstall 1
check "stub: enforcing release fresh install adds no marker" \
	rc_store 0 "200 rustnet;"

STUB_FAIL=semodule run_let "$R1" postinstall 1
check "stub: a failed module install: %post exits non-zero" rc_is 1
check "stub: a failed module install: %post says so" \
	out_has "not installed at priority 200"

run_let "$R1" postuninstall 1 "200 rustnet" "400 permissive_rustnet_t"
check "stub: %postun on upgrade (\$1=1) keeps the store" \
	rc_store 0 "200 rustnet;400 permissive_rustnet_t;"
check "stub: %postun on upgrade restarts the guard if it runs" \
	log_has "^systemctl try-restart rustnet-egress-guard.service"
control "stub: %postun on upgrade calls semodule or semanage" \
	log_has "^(semodule|semanage)"

run_let "$R1" preuninstall 0 "200 rustnet" "400 permissive_rustnet_t"
check "stub: %preun on erase saves file_contexts" \
	test -f "$STUB/state/file_contexts.pre"
check "stub: %preun on erase stops the guard" \
	log_has "^systemctl --no-reload disable --now rustnet-egress-guard.service"
STUB_KEEP=1 run_let "$R1" postuninstall 0
check "stub: erase empties the store, exit 0" rc_store 0 ""
check "stub: erase removes the marker before the module" \
	first_before "^semanage permissive .*-d rustnet_t" "^semodule .*-r rustnet"
control "stub: erase removes the module before the marker" \
	first_before "^semodule .*-r rustnet" "^semanage permissive .*-d rustnet_t"
relabel_after_removal() {
	first_before "^semodule .*-r rustnet" "^fixfiles -C" &&
		[ ! -e "$STUB/state/file_contexts.pre" ]
}
check "stub: erase relabels after the removal and drops the saved copy" \
	relabel_after_removal
check "stub: erase stops the guard before the module goes" \
	first_before "^systemctl .*disable --now" "^semodule .*-r rustnet"

run_let "$R1" postuninstall 0 "200 rustnet"
check "stub: erase after the admin's 'semanage permissive -d', exit 0" \
	rc_store 0 ""

STUB_FAIL=semanage run_let "$R1" postuninstall 0 "200 rustnet" "400 permissive_rustnet_t"
check "stub: a failed marker removal: %postun exits non-zero" rc_is 1
check "stub: a failed marker removal is reported" \
	out_has "could not remove permissive_rustnet_t"
check "stub: the module left behind is reported" \
	out_has "still installed at priority 200"

# Negative control for the stub harness itself: a store that is not the
# configured one must leave everything alone.
sed -i 's/^SELINUXTYPE=.*/SELINUXTYPE=mls/' "$STUB/config"
run_let "$R1" postinstall 1
control "stub harness: another configured store still gets the module" \
	grep -q ' -i ' "$STUB/log"
sed -i 's/^SELINUXTYPE=.*/SELINUXTYPE=targeted/' "$STUB/config"

# --- guest RPMs for Fedora's store ------------------------------------------
# A .pp is tied to the headers it was compiled with: the Fedora-policy
# profile's RPMs must carry a module built with Fedora's headers.
if $MAKE -s -C "$HERE" guest-rpms STORE=targeted OUT="$T/tg0" \
	>"$T/tg0.log" 2>&1; then
	not_ok "guest-rpms STORE=targeted without HEADERS is refused"
else
	check "guest-rpms STORE=targeted without HEADERS is refused" \
		grep -q "needs HEADERS" "$T/tg0.log"
fi
# pp_of RPM STORE OUT: the module package RPM ships for STORE, as OUT.
pp_of() {
	rm -rf "$T/x" && mkdir "$T/x" &&
		rpm2archive - <"$1" | tar -C "$T/x" -xzf - \
			"./usr/share/selinux/packages/$2/rustnet.pp.bz2" &&
		bunzip2 -c "$T/x/usr/share/selinux/packages/$2/rustnet.pp.bz2" >"$3"
}
# loads_into ROOT PP: PP installs into a scratch copy of the targeted store
# of the Fedora policy build ROOT (semodule -p, the kernel policy not built).
loads_into() {
	rm -rf "$T/alt" && mkdir -p "$T/alt/var/lib/selinux" "$T/alt/etc/selinux" &&
		cp -a "$1/var/lib/selinux/targeted" "$T/alt/var/lib/selinux/" &&
		cp -a "$1/etc/selinux/targeted" "$T/alt/etc/selinux/" &&
		printf 'SELINUX=enforcing\nSELINUXTYPE=targeted\n' \
			>"$T/alt/etc/selinux/config" &&
		semodule -p "$T/alt" -s targeted -N -i "$2" >"$T/alt.log" 2>&1
}
CACHE=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}
FROOT=${RNX_FEDORA_POLICY_ROOT:-}
if [ -z "$FROOT" ]; then
	for d in "$CACHE"/fedora-policy/build/*/; do
		[ -f "$d.complete" ] && FROOT=${d}root
	done
fi
if [ -z "$FROOT" ] || [ ! -f "$FROOT/usr/share/selinux/devel/include/Makefile" ] ||
   ! command -v semodule >/dev/null || ! command -v rpm2archive >/dev/null; then
	for what in "built with Fedora's headers, the module loads into Fedora's store" \
		"control: the module built with this host's headers does not"; do
		n=$((n + 1))
		echo "ok $n - $what # SKIP no Fedora policy build (vm/images/fedora-policy.sh FEDORA_POLICY_SRC; RNX_FEDORA_POLICY_ROOT) or no semodule/rpm2archive"
	done
elif ! $MAKE -s -C "$HERE" guest-rpms STORE=targeted OUT="$T/tg" \
	HEADERS="$FROOT/usr/share/selinux/devel/include" >"$T/tg.log" 2>&1 ||
   ! pp_of "$T/tg/rustnet-selinux-$VERSION-1.noarch.rpm" targeted "$T/f.pp" ||
   ! pp_of "$G1" default "$T/d.pp"; then
	sed 's/^/# /' "$T/tg.log"
	not_ok "built with Fedora's headers, the module loads into Fedora's store"
	not_ok "control: the module built with this host's headers does not"
else
	echo "# Fedora policy build: $FROOT"
	if loads_into "$FROOT" "$T/f.pp"; then
		ok "built with Fedora's headers, the module loads into Fedora's store"
	else
		sed 's/^/# /' "$T/alt.log"
		not_ok "built with Fedora's headers, the module loads into Fedora's store"
	fi
	control "the module built with this host's headers does not" \
		loads_into "$FROOT" "$T/d.pp"
fi

echo "1..$n"
[ "$failed" -eq 0 ] || exit 1
exit 0
