#!/bin/sh
# Install / upgrade / flip / erase scenario for the rustnet-selinux RPMs, run
# as root INSIDE the Debian SELinux guest (see rpm/README.md).
#
# Usage: guest-rpm-scenario.sh [-o LOGDIR] RPMDIR
#   RPMDIR holds the three guest-flavour builds ("make -C rpm guest-rpms"):
#   rustnet-selinux-V-1 (first ship, permissive), -2 (upgrade inside the
#   permissive series), -3 (built --without permissive_first_ship).
#   LOGDIR (default /var/lib/rnx/out/rpm) receives the rpm and tool output.
#
# Steps (9 policy rebuilds, ~70 s each under TCG):
#   1. rpm -i  V-1   module at 200, rustnet_t permissive, labels, tmpfiles
#   2. rpm -U  V-2   still loaded, still permissive
#   3. rpm -U  V-3   enforcing flip: marker gone, module still loaded
#   4. semanage permissive -a rustnet_t   (an admin debugging the domain)
#   5. rpm -e        marker and module gone, labels restored
#   6. semodule -B   the store still builds
#
# rpm runs with --nodeps: the RPMs require Fedora packages (selinux-policy-*,
# policycoreutils-python-utils, rustnet) that Debian's rpm database does not
# know; the tools those names stand for are installed as Debian packages.
#
# Output: TAP on stdout, and one result row per step (rpm.install,
# rpm.upgrade, rpm.enforcing_flip, rpm.admin_permissive, rpm.erase,
# rpm.rebuild; rpm.preconditions when one is not met) in
# LOGDIR/results.json (docs/results-schema.md), written with the bundle's
# bin/rnx-result (RNX_RESULT overrides it) as each step ends.  Exit 0 all
# passed, 1 a check failed, 3 a precondition is not met (nothing was
# changed).
set -eu

# the guest's store (Debian: default; the Fedora-policy profile: targeted);
# the RPMs must be built for it (checked below)
STORE=$( (. /etc/selinux/config; echo "${SELINUXTYPE:-}") 2>/dev/null)
LOGDIR=/var/lib/rnx/out/rpm
RESULT=${RNX_RESULT:-$(cd "$(dirname "$0")/.." && pwd)/bin/rnx-result}

usage() {
	echo "usage: $0 [-o LOGDIR] RPMDIR" >&2
	exit 2
}
while getopts o: opt; do
	case $opt in
	o) LOGDIR=$OPTARG ;;
	*) usage ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 1 ] || usage
RPMDIR=$1

# --- result rows -----------------------------------------------------------
# Rows go to $LOGDIR/results.json; each step's checks are one row.
RESULTS=""
cur_id=""
rows_init() {
	mkdir -p "$LOGDIR" || { echo "Bail out! cannot create $LOGDIR"; exit 3; }
	RESULTS=$LOGDIR/results.json
	rm -f "$RESULTS"
	"$RESULT" "$RESULTS" init rpm "argv=$0 -o $LOGDIR $RPMDIR" || {
		echo "Bail out! $RESULT cannot write $RESULTS"; exit 3; }
}
# row ID VERDICT REASON [--evidence CMD RC FILE]...
row() {
	id=$1 v=$2 why=$3
	shift 3
	"$RESULT" "$RESULTS" row --id "$id" --verdict "$v" --reason "$why" \
		--section "rpm packaging (rustnet-selinux)" \
		--claim "$(claim "$id")" --start "$row_start" \
		--end "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
		--duration $(( $(date +%s) - row_t0 )) "$@" ||
		echo "# could not write the $id row to $RESULTS"
}
claim() {
	case $1 in
	rpm.preconditions) echo "The guest can run the scenario: root, SELinux tools, store '$STORE', the three guest RPMs, no rustnet module or package yet." ;;
	rpm.install) echo "rpm -i of the first-ship release loads the module at priority 200 with rustnet_t permissive, labels /usr/bin/rustnet and /var/log/rustnet, installs the egress guard disabled, and rpm -V is clean." ;;
	rpm.upgrade) echo "rpm -U inside the permissive series keeps the module at 200, the permissive marker and the labels." ;;
	rpm.enforcing_flip) echo "rpm -U to the release built without permissive_first_ship removes the permissive_rustnet_t marker and keeps the module loaded." ;;
	rpm.admin_permissive) echo "An admin can make the packaged domain permissive again with semanage permissive -a rustnet_t." ;;
	rpm.erase) echo "rpm -e removes the module at every priority, the permissive marker and the guard files, and restores the labels." ;;
	rpm.rebuild) echo "The policy store still builds (semodule -B) after the erase." ;;
	esac
}
# begin ID: the checks from here to the next begin/finish form row ID
begin() {
	finish
	cur_id=$1
	row_start=$(date -u +%Y-%m-%dT%H:%M:%SZ)
	row_t0=$(date +%s)
	row_n=0
	row_bad=""
	: > "$LOGDIR/$1.checks"
}
finish() {
	[ -n "$cur_id" ] || return 0
	if [ "$row_n" -gt 0 ] && [ -z "$row_bad" ]; then
		v=PASS why="$row_n/$row_n checks passed"
	else
		v=FAIL why="failed:$row_bad"
	fi
	row "$cur_id" "$v" "$why" \
		--evidence "$step_cmd" "$step_rc" "$LOGDIR/$step_name.log" \
		--evidence "the checks of this step (TAP)" \
		"$([ -z "$row_bad" ]; echo $?)" "$LOGDIR/$cur_id.checks"
	cur_id=""
}

bail() {
	echo "Bail out! $*"
	if [ -n "$RESULTS" ]; then
		row_start=$(date -u +%Y-%m-%dT%H:%M:%SZ) row_t0=$(date +%s)
		row rpm.preconditions ERROR "$*"
	fi
	exit 3
}

# --- preconditions (nothing changed yet) ---------------------------------
[ "$(id -u)" = 0 ] || bail "must run as root"
[ -x "$RESULT" ] || bail "no result writer $RESULT"
rows_init
for t in rpm semodule semanage matchpathcon restorecon seinfo selinuxenabled \
	 load_policy fixfiles systemd-tmpfiles systemctl; do
	command -v "$t" >/dev/null 2>&1 || bail "$t not found"
done
selinuxenabled || bail "SELinux is disabled"
[ -n "$STORE" ] || bail "no SELINUXTYPE in /etc/selinux/config"

pick() {
	# pick RELEASE: the one RPM of that release in RPMDIR
	set -- "$RPMDIR"/rustnet-selinux-*-"$1".noarch.rpm
	[ $# -eq 1 ] && [ -f "$1" ] || return 1
	echo "$1"
}
R1=$(pick 1) || bail "no single rustnet-selinux-*-1.noarch.rpm in $RPMDIR"
R2=$(pick 2) || bail "no single rustnet-selinux-*-2.noarch.rpm in $RPMDIR"
R3=$(pick 3) || bail "no single rustnet-selinux-*-3.noarch.rpm in $RPMDIR"
for r in "$R1" "$R2" "$R3"; do
	rpm -qpl "$r" 2>/dev/null |
		grep -qx "/usr/share/selinux/packages/$STORE/rustnet.pp.bz2" ||
		bail "$r is not built for the '$STORE' store (make -C rpm guest-rpms)"
done
modules() {
	semodule --list-modules=full
}
modules | awk '$2 == "rustnet" || $2 == "permissive_rustnet_t" { f = 1 }
	END { exit f }' ||
	bail "the store already has a rustnet or permissive_rustnet_t module: $(modules | grep rustnet | tr '\n' ' ')"
if rpm -q rustnet-selinux >/dev/null 2>&1; then
	bail "rustnet-selinux is already installed"
fi
# --- TAP helpers ---------------------------------------------------------
n=0
failed=0
check() {
	desc=$1
	shift
	n=$((n + 1))
	row_n=$((row_n + 1))
	if "$@"; then
		echo "ok $n - $desc" | tee -a "$LOGDIR/$cur_id.checks"
	else
		failed=$((failed + 1))
		row_bad="$row_bad $desc;"
		echo "not ok $n - $desc" | tee -a "$LOGDIR/$cur_id.checks"
	fi
}
note() {
	echo "# $*"
}

# mod_at PRIO NAME: module NAME is in the store at priority PRIO.
mod_at() {
	modules | awk -v p="$1" -v n="$2" '$1 + 0 == p + 0 && $2 == n { f = 1 }
		END { exit !f }'
}
# no_mod NAME: module NAME is at no priority.
no_mod() {
	! modules | awk -v n="$1" '$2 == n { f = 1 } END { exit !f }'
}
# ktype PATH: the SELinux type the file has on disk.
ktype() {
	ls -Zd "$1" 2>/dev/null | awk '{ print $1 }' | cut -d: -f3
}
# fctype PATH: the type file_contexts gives PATH.
fctype() {
	matchpathcon -n "$1" 2>/dev/null | cut -d: -f3
}
label_is() {
	[ "$(ktype "$1")" = "$2" ]
}
fc_is() {
	[ "$(fctype "$1")" = "$2" ]
}
# loaded_permissive: the loaded kernel policy has rustnet_t permissive.
loaded_permissive() {
	seinfo --permissive 2>/dev/null | awk '$1 == "rustnet_t" { f = 1 }
		END { exit !f }'
}
semanage_permissive() {
	semanage permissive -l -n 2>/dev/null | awk '$1 == "rustnet_t" { f = 1 }
		END { exit !f }'
}
installed_is() {
	[ "$(rpm -q --qf '%{VERSION}-%{RELEASE}' rustnet-selinux 2>/dev/null)" = "$1" ]
}
# step NAME CMD...: run CMD with output in $LOGDIR/NAME.log, echoed as TAP
# comments; its exit status is left in $step_rc.
step() {
	name=$1
	shift
	step_name=$name
	step_cmd="$*"
	note "step $name: $*"
	t0=$(date +%s)
	set +e
	"$@" >"$LOGDIR/$name.log" 2>&1
	step_rc=$?
	set -e
	sed 's/^/#   /' "$LOGDIR/$name.log"
	note "step $name: exit $step_rc in $(( $(date +%s) - t0 ))s"
}
step_clean() {
	[ "$step_rc" -eq 0 ] &&
		! grep -qE 'scriptlet failed|^rustnet-selinux: |error' \
			"$LOGDIR/$name.log"
}
rpmver() {
	rpm -qp --qf '%{VERSION}-%{RELEASE}' "$1" 2>/dev/null
}

GUARD_NFT=/usr/share/rustnet-selinux/rustnet-egress-guard.nft
GUARD_UNIT=/usr/lib/systemd/system/rustnet-egress-guard.service
guard_disabled() {
	state=$(systemctl is-enabled rustnet-egress-guard.service 2>&1) || :
	note "systemctl is-enabled rustnet-egress-guard.service: $state"
	[ "$state" = disabled ]
}
no_guard_table() {
	! command -v nft >/dev/null 2>&1 ||
		! nft list table inet rustnet_guard >/dev/null 2>&1
}

# --- fixtures and cleanup --------------------------------------------------
made_bin=0
made_log=0
if [ ! -e /usr/bin/rustnet ]; then
	# Only the label matters: the package labels this path.
	cp /bin/true /usr/bin/rustnet
	restorecon /usr/bin/rustnet
	made_bin=1
	note "created a stand-in /usr/bin/rustnet (copy of /bin/true)"
fi
[ -e /var/log/rustnet ] || made_log=1
cleanup() {
	st=$?
	if [ -n "$cur_id" ]; then
		if [ "$st" -eq 0 ]; then
			finish
		else
			row "$cur_id" ERROR "the scenario stopped (exit $st) inside this step" \
				--evidence "the checks of this step (TAP)" 1 \
				"$LOGDIR/$cur_id.checks"
		fi
	fi
	if rpm -q rustnet-selinux >/dev/null 2>&1; then
		echo "# cleanup: erasing the rustnet-selinux left installed"
		rpm -e --nodeps rustnet-selinux >"$LOGDIR/cleanup.log" 2>&1 ||
			echo "# cleanup: rpm -e failed, see $LOGDIR/cleanup.log"
	fi
	[ "$made_bin" = 0 ] || rm -f /usr/bin/rustnet
	[ "$made_log" = 0 ] ||
		rmdir /var/log/rustnet/logs /var/log/rustnet 2>/dev/null || :
}
trap cleanup EXIT
trap 'exit 3' INT TERM

note "store $STORE, $(getenforce), RPMs: $(basename "$R1") $(basename "$R2") $(basename "$R3")"
note "Debian's rpm: installed with --nodeps (Fedora dependency names)"

# --- 1. first install --------------------------------------------------------
begin rpm.install
step install-r1 rpm -i --nodeps "$R1"
check "rpm -i $(basename "$R1") succeeds without scriptlet errors" step_clean
check "installed release is $(rpmver "$R1")" installed_is "$(rpmver "$R1")"
check "module rustnet is in the store at priority 200" mod_at 200 rustnet
check "the %ghost path (the store's module directory) exists" \
	test -d /var/lib/selinux/$STORE/active/modules/200/rustnet
check "first ship: permissive_rustnet_t marker module at priority 400" \
	mod_at 400 permissive_rustnet_t
check "semanage permissive -l lists rustnet_t" semanage_permissive
check "the loaded policy has rustnet_t permissive (seinfo --permissive)" \
	loaded_permissive
check "file_contexts: /usr/bin/rustnet is rustnet_exec_t" \
	fc_is /usr/bin/rustnet rustnet_exec_t
check "/usr/bin/rustnet was relabelled rustnet_exec_t (%posttrans)" \
	label_is /usr/bin/rustnet rustnet_exec_t
check "/var/log/rustnet exists (tmpfiles snippet)" test -d /var/log/rustnet
check "file_contexts: /var/log/rustnet is rustnet_log_t" \
	fc_is /var/log/rustnet rustnet_log_t
check "/var/log/rustnet was created rustnet_log_t" \
	label_is /var/log/rustnet rustnet_log_t
# tmpfiles_dirs_labelled: every directory of the tmpfiles snippet exists
# with the type file_contexts gives it.
tmpfiles_dirs_labelled() {
	dirs=$(awk '$1 ~ /^[dD]$/ { print $2 }' /usr/lib/tmpfiles.d/rustnet.conf)
	[ -n "$dirs" ] || return 1
	for d in $dirs; do
		[ -d "$d" ] && label_is "$d" "$(fctype "$d")" || {
			note "$d: on disk '$(ktype "$d")', file_contexts '$(fctype "$d")'"
			return 1
		}
	done
}
check "every tmpfiles directory exists with its file_contexts type" \
	tmpfiles_dirs_labelled
check "the saved file_contexts copy was removed" \
	test ! -e /var/lib/rpm-state/file_contexts.pre
check "egress guard table and unit installed" \
	test -f "$GUARD_NFT" -a -f "$GUARD_UNIT"
check "egress guard unit is not enabled (opt-in)" guard_disabled
check "no rustnet_guard nft table is loaded" no_guard_table
# --nodeps: only the files; the Fedora dependency names are unknown here.
verify_files() {
	rpm -V --nodeps rustnet-selinux >"$LOGDIR/verify-r1.log" 2>&1 && return 0
	sed 's/^/#   /' "$LOGDIR/verify-r1.log"
	return 1
}
check "rpm -V --nodeps rustnet-selinux is clean (%ghost store entry relaxed)" \
	verify_files

# --- 2. upgrade inside the permissive series -----------------------------
begin rpm.upgrade
step upgrade-r2 rpm -U --nodeps "$R2"
check "rpm -U $(basename "$R2") succeeds without scriptlet errors" step_clean
check "installed release is $(rpmver "$R2")" installed_is "$(rpmver "$R2")"
check "after upgrade: module rustnet still at priority 200" mod_at 200 rustnet
check "after upgrade: rustnet_t still permissive (marker kept)" \
	mod_at 400 permissive_rustnet_t
check "after upgrade: loaded policy still has rustnet_t permissive" \
	loaded_permissive
check "after upgrade: /usr/bin/rustnet still rustnet_exec_t" \
	label_is /usr/bin/rustnet rustnet_exec_t

# --- 3. the enforcing release ------------------------------------------------
begin rpm.enforcing_flip
step upgrade-r3 rpm -U --nodeps "$R3"
check "rpm -U $(basename "$R3") (enforcing flip) succeeds" step_clean
check "installed release is $(rpmver "$R3")" installed_is "$(rpmver "$R3")"
check "enforcing flip: module rustnet still at priority 200" mod_at 200 rustnet
check "enforcing flip: permissive_rustnet_t removed" no_mod permissive_rustnet_t
loaded_enforcing() {
	! loaded_permissive
}
check "enforcing flip: loaded policy no longer has rustnet_t permissive" \
	loaded_enforcing

# --- 4. an admin makes the domain permissive again -------------------------
begin rpm.admin_permissive
step admin-permissive semanage permissive -a rustnet_t
check "semanage permissive -a rustnet_t (admin) succeeds" \
	test "$step_rc" -eq 0
check "admin marker present before erase" mod_at 400 permissive_rustnet_t

# --- 5. erase ------------------------------------------------------------------
begin rpm.erase
step erase rpm -e --nodeps rustnet-selinux
check "rpm -e rustnet-selinux succeeds without scriptlet errors" step_clean
check "package is gone from the rpm database" \
	sh -c '! rpm -q rustnet-selinux >/dev/null 2>&1'
check "after erase: no rustnet module at any priority" no_mod rustnet
check "after erase: no permissive_rustnet_t module" no_mod permissive_rustnet_t
check "after erase: loaded policy has no rustnet_t" \
	sh -c '! seinfo -t rustnet_t 2>/dev/null | grep -qw rustnet_t'
check "after erase: file_contexts gives /usr/bin/rustnet bin_t" \
	fc_is /usr/bin/rustnet bin_t
check "after erase: /usr/bin/rustnet relabelled bin_t" \
	label_is /usr/bin/rustnet bin_t
if [ "$made_log" = 1 ]; then
	# Nothing was written there: rpm removes its empty %ghost dirs.
	check "after erase: the empty %ghost /var/log/rustnet was removed" \
		test ! -e /var/log/rustnet
else
	check "after erase: /var/log/rustnet back to its file_contexts type ($(fctype /var/log/rustnet))" \
		label_is /var/log/rustnet "$(fctype /var/log/rustnet)"
fi
check "after erase: the saved file_contexts copy was removed" \
	test ! -e /var/lib/rpm-state/file_contexts.pre
check "after erase: egress guard table and unit removed" \
	test ! -e "$GUARD_NFT" -a ! -e "$GUARD_UNIT"

# --- 6. the store still builds ---------------------------------------------------
begin rpm.rebuild
step rebuild semodule -B
check "semodule -B succeeds after erase" test "$step_rc" -eq 0

finish
echo "1..$n"
[ "$failed" -eq 0 ] || exit 1
exit 0
