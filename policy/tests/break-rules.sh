#!/bin/sh
# Dev-time proof, not run by make check (seven variants, three links each:
# about 8 minutes here, two cores shared with a guest): each assertion
# issue 15 asks for fails on the policy of every side once the module's
# own rule is broken, so none passes because of the base policy alone.
#
# Usage: policy/tests/break-rules.sh [WORKDIR]
#   Each variant is rustnet.te with one text replaced (VARIANTS below); it is
#   compiled and linked for debian12 (this host, build-store.sh), debian13
#   and fedora41 (side-store.sh; SKIP without their sources), and the named
#   assertions must fail there (tmpfiles-log-dir on fedora41 must still
#   pass: Fedora's base grants it). WORKDIR (default a temporary directory,
#   removed) keeps every variant, log and TAP output.
# Exit: 0 as expected everywhere, 1 an assertion did not react, 2 usage,
#       3 a variant could not be built.
set -eu

[ $# -le 1 ] || {
	echo "usage: $0 [WORKDIR]" >&2
	exit 2
}
here=$(cd "$(dirname "$0")" && pwd)
py=${SETOOLS_PYTHON:-/usr/bin/python3}
devel=${DEVEL_MAKEFILE:-/usr/share/selinux/devel/Makefile}
. "$here/lib.sh"
if [ $# -eq 1 ]; then
	work=$1
	mkdir -p "$work"
else
	work=$(mktemp -d "${TMPDIR:-/tmp}/rustnet-break.XXXXXX")
	trap 'rm -rf "$work"' EXIT INT TERM
fi

# name <TAB> assertions <TAB> text in rustnet.te <TAB> replacement
# (\n in either is a newline).
VARIANTS='tty	tty-ioctl-whitelist	0x5450 0x5451 };	0x5450 0x5451 0x5412 0x541c 0x5423 };
ebpf	no-ebpf-off	# eBPF (bpf, capability2, perf_event): only with the boolean	allow rustnet_t self:perf_event open;\nallow rustnet_t self:capability2 bpf;\n# eBPF (bpf, capability2, perf_event): only with the boolean
dac	dac-sudo-only	allow rustnet_t self:capability { net_raw setuid setgid chown };	allow rustnet_t self:capability { net_raw setuid setgid chown dac_read_search };
unix	unix-client-only	allow rustnet_t self:unix_stream_socket { create ioctl	allow rustnet_t self:unix_stream_socket { bind listen accept create ioctl
dgram	no-unix-dgram-bind unix-client-only	allow rustnet_t self:unix_dgram_socket { create ioctl	allow rustnet_t self:unix_dgram_socket { bind create ioctl
tmpfiles	tmpfiles-log-dir	systemd_tmpfilesd_managed(rustnet_log_t)	logging_search_logs(rustnet_t)
config	own-files-read	read_files_pattern(rustnet_t, rustnet_config_home_t, rustnet_config_home_t)	dontaudit rustnet_t rustnet_config_home_t:file read_file_perms;'

# variant NAME OLD NEW: WORKDIR/NAME/src/rustnet.{te,if,fc} with OLD
# (exactly once in rustnet.te) replaced by NEW.
variant() {
	mkdir -p "$work/$1/src"
	cp "$here/../rustnet.te" "$here/../rustnet.if" "$here/../rustnet.fc" \
		"$work/$1/src/"
	"$py" - "$work/$1/src/rustnet.te" "$2" "$3" <<'EOF'
import sys
path, old, new = sys.argv[1:4]
old, new = old.replace("\\n", "\n"), new.replace("\\n", "\n")
with open(path) as f:
    text = f.read()
if text.count(old) != 1:
    sys.exit("%r occurs %d times in %s" % (old, text.count(old), path))
with open(path, "w") as f:
    f.write(text.replace(old, new))
EOF
}

# judge SIDE TAP ASSERTION: the assertion must fail (tmpfiles-log-dir on
# fedora41: must pass); a known-gap (GAP) line is no reaction.
judge() {
	line=$(grep -E "^(not )?ok [0-9]+ - $3:" "$2" || true)
	want="not ok"
	[ "$1:$3" != "fedora41:tmpfiles-log-dir" ] || want=ok
	case $line in
	*"# GAP:"*) got=gap ;;
	"not ok "*) got="not ok" ;;
	"ok "*) got=ok ;;
	*) got=missing ;;
	esac
	st=0
	[ "$got" = "$want" ] || st=1
	tap $st "$name/$1: $3 is '$got' (want '$want')" "$line"
}

echo "1..$(printf '%s\n' "$VARIANTS" | awk -F '\t' '{ n += 3 * split($2, a, " ") } END { print n }')"
tab=$(printf '\t')
while IFS=$tab read -r name asserts old new; do
	d=$work/$name
	rm -rf "$d"
	variant "$name" "$old" "$new" || exit 3
	(cd "$d/src" && nice -n 19 make -f "$devel" rustnet.pp) \
		>"$d/build.log" 2>&1 || {
		echo "ERROR: $name does not compile, see $d/build.log" >&2
		exit 3
	}
	for side in debian12 debian13 fedora41; do
		st=0
		if [ "$side" = debian12 ]; then
			"$here/build-store.sh" "$d/$side" "$d/src/rustnet.pp" \
				>"$d/$side.log" 2>&1 || st=$?
		else
			"$here/side-store.sh" "$side" "$d/$side" "$d/src/rustnet.te" \
				>"$d/$side.log" 2>&1 || st=$?
		fi
		if [ "$st" -eq 4 ]; then
			for a in $asserts; do
				tap_skip "$name/$side: $a" "$(tail -n 1 "$d/$side.log")"
			done
			continue
		elif [ "$st" -ne 0 ]; then
			echo "ERROR: linking $name for $side failed, see $d/$side.log" >&2
			exit 3
		fi
		exp=$here/expected
		[ ! -d "$exp/$side" ] || exp=$exp/$side
		"$py" "$here/assert-policy.py" --side "$side" \
			--module-cil "$d/$side/rustnet.cil" "$d/$side/policy" "$exp" \
			>"$d/$side.tap" || true
		for a in $asserts; do
			judge "$side" "$d/$side.tap" "$a"
		done
	done
done <<EOF
$VARIANTS
EOF
tap_done
