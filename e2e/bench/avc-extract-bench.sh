#!/bin/sh
# avc-extract-bench.sh [--sizes "MB ..."] [--reps N] [--tool RNX_AVC]
#                      [--ausearch PATH] [--tmp DIR]
# avc-extract-bench.sh --gen MB FILE   (only write the synthetic log)
#
# Benchmark (not a timed test: it prints figures and asserts none) of the
# AVC extractor against ausearch on the same synthetic audit log.  For
# each size in MB (default 10 and 100: well under a minute with 5 runs;
# `--sizes "10 100 1000"` shows memory flat up to 1 GB, about 3 minutes
# here, and needs 1 GB free under DIR) it generates a log into a
# temporary directory under DIR (default /tmp), runs
#   rnx-avc LOG
#   ausearch -m AVC,USER_AVC,SELINUX_ERR -if LOG
# REPS times each (default 5, alternating), and prints wall time and peak
# RSS (from /usr/bin/time) as median, min and max, plus the ratio
# rnx-avc/ausearch of the medians; CPU seconds (user + system) too, as
# wall time on a busy host measures the other load as much as the tool.
# The log is deleted afterwards.  RNX_PREFILTER=0 in the environment runs
# rnx-avc without its prefilter (e2e/lib/avc_prefilter.c), for comparison.
# Both tools must find the same number of SELinux records (checked once per
# size; a mismatch is an error, exit 3).
#
# The log is a mix like a busy host's: syscall events (SYSCALL, CWD, PATH,
# PROCTITLE), user-space records, AVC denials inside syscall events,
# stand-alone packet AVCs, USER_AVCs and the odd SELINUX_ERR (1% of the
# events hold an SELinux record).
set -eu

SIZES="10 100"
REPS=5
TOOL=
AUSEARCH=
TMPBASE=${TMPDIR:-/tmp}

usage() {
	echo "usage: $0 [--sizes \"MB ...\"] [--reps N] [--tool RNX_AVC] [--ausearch PATH] [--tmp DIR]" >&2
	echo "       $0 --gen MB FILE" >&2
	exit 2
}
die() { echo "avc-extract-bench: ERROR: $*" >&2; exit 3; }

GEN=
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || usage
	if [ "$1" = --gen ]; then
		[ $# -eq 3 ] || usage
		SIZES=$2 GEN=$3
		break
	fi
	case $1 in
	--sizes) SIZES=$2 ;;
	--reps) REPS=$2 ;;
	--tool) TOOL=$2 ;;
	--ausearch) AUSEARCH=$2 ;;
	--tmp) TMPBASE=$2 ;;
	*) usage ;;
	esac
	shift 2
done
case $REPS in '' | *[!0-9]*) usage ;; esac
[ "$REPS" -ge 1 ] || usage
for s in $SIZES; do
	case $s in *[!0-9]*) usage ;; esac
	[ "$s" -ge 1 ] || usage
done

here=$(cd "$(dirname "$0")/.." && pwd)

work=$(mktemp -d "$TMPBASE/avc-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM

# gen MB FILE: a synthetic log of about MB megabytes (10^6 bytes).
gen() {
	awk -v target="$(($1 * 1000000))" '
	function hdr(type) {
		return sprintf("type=%s msg=audit(%d.%03d:%d): ", type,
			       sec, ms, serial)
	}
	function ctx(t) { return "system_u:system_r:" t ":s0" }
	BEGIN {
		sec = 1764400000; ms = 0; serial = 1000; bytes = 0
		while (bytes < target) {
			i++
			ms += 7
			if (ms >= 1000) { sec++; ms -= 1000 }
			serial++
			k = i % 300
			pid = 1000 + i % 30000
			out = ""
			if (k < 210) {
				out = hdr("SYSCALL") "arch=c000003e syscall=257 success=yes exit=3 a0=ffffff9c a1=7ffd2a3c4e10 a2=80000 a3=0 items=1 ppid=1 pid=" pid " auid=4294967295 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=(none) ses=4294967295 comm=\"cron\" exe=\"/usr/sbin/cron\" subj=" ctx("crond_t") " key=\"access\"\n" \
				      hdr("CWD") "cwd=\"/var/spool/cron\"\n" \
				      hdr("PATH") "item=0 name=\"/etc/crontab\" inode=" 4000 + i % 977 " dev=fe:01 mode=0100644 ouid=0 ogid=0 rdev=00:00 obj=" ctx("system_cron_spool_t") " nametype=NORMAL cap_fp=0 cap_fi=0 cap_fe=0 cap_fver=0 cap_frootid=0\n" \
				      hdr("PROCTITLE") "proctitle=2F7573722F7362696E2F63726F6E002D66\n"
			} else if (k < 297) {
				out = hdr("USER_ACCT") "pid=" pid " uid=0 auid=4294967295 ses=4294967295 subj=" ctx("crond_t") " msg=" sprintf("%c", 39) "op=PAM:accounting grantors=pam_permit acct=\"root\" exe=\"/usr/sbin/cron\" hostname=? addr=? terminal=cron res=success" sprintf("%c", 39) "\n"
			} else if (k == 297) {
				out = hdr("AVC") "avc:  denied  { read } for  pid=" pid " comm=\"rustnet\" name=\"shadow\" dev=\"vda1\" ino=" 2000 + i % 97 " scontext=unconfined_u:unconfined_r:rustnet_t:s0-s0:c0.c1023 tcontext=system_u:object_r:shadow_t:s0 tclass=file permissive=0\n" \
				      hdr("SYSCALL") "arch=c000003e syscall=257 success=no exit=-13 a0=ffffff9c a1=55d0c0a1b2c0 a2=0 a3=0 items=0 ppid=1 pid=" pid " auid=0 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"rustnet\" exe=\"/usr/bin/rustnet\" subj=unconfined_u:unconfined_r:rustnet_t:s0-s0:c0.c1023 key=(null)\n" \
				      hdr("PROCTITLE") "proctitle=7275737461656E74\n"
			} else if (k == 298 && i % 900 != 298) {
				out = hdr("AVC") "avc:  denied  { send } for  pid=" pid " comm=\"rustnet\" saddr=10.0.0.1 src=40000 daddr=10.0.0.2 dest=1234 netif=veth0 scontext=unconfined_u:unconfined_r:rustnet_t:s0-s0:c0.c1023 tcontext=system_u:object_r:rnx_udp1234_packet_t:s0 tclass=packet permissive=0\n"
			} else if (k == 298) {
				out = hdr("SELINUX_ERR") "op=security_compute_sid invalid_context=\"unconfined_u:system_r:rustnet_t:s0-s0:c0.c1023\" scontext=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 tcontext=system_u:object_r:rustnet_exec_t:s0 tclass=process\n"
			} else {
				out = hdr("USER_AVC") "pid=412 uid=101 auid=4294967295 ses=4294967295 subj=" ctx("system_dbusd_t") " msg=" sprintf("%c", 39) "avc:  denied  { send_msg } for msgtype=method_call interface=org.freedesktop.DBus member=Hello dest=org.freedesktop.DBus spid=" pid " scontext=unconfined_u:unconfined_r:rustnet_t:s0-s0:c0.c1023 tcontext=" ctx("system_dbusd_t") " tclass=dbus permissive=0 exe=\"/usr/bin/dbus-daemon\" sauid=101 hostname=? addr=? terminal=?" sprintf("%c", 39) "\n"
			}
			printf "%s", out
			bytes += length(out)
		}
	}' >"$2"
}

# stats FILE: "median min max" of the numbers in FILE, one a line
# (an even count takes the lower middle).
stats() {
	sort -g "$1" | awk '{ v[NR] = $1 }
		END { printf "%.2f %.2f %.2f\n", v[int((NR + 1) / 2)], v[1], v[NR] }'
}

# ratio EXT: median of rnx.EXT over median of aus.EXT
ratio() {
	echo "$(stats "$work/rnx.$1") $(stats "$work/aus.$1")" |
		awk '{ printf "%.2f", ($4 > 0 ? $1 / $4 : 0) }'
}

# run TAG OUT CMD...: one timed run; appends wall seconds to TAG.t, CPU
# seconds (user + system) to TAG.c and peak RSS KiB to TAG.m
run() {
	tag=$1 out=$2
	shift 2
	rc=0
	/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$@" >"$out" \
		2>"$work/err" || rc=$?
	# ausearch exits 1 when nothing matches; the counts check catches that
	if [ "$rc" -gt 1 ] || { [ "$rc" = 1 ] && [ "$tag" = rnx ]; }; then
		cat "$work/err" >&2
		die "$* exited $rc"
	fi
	tail -n 1 "$work/time" | awk -v t="$work/$tag" '{
		print $1 >>(t ".t"); print $2 + $3 >>(t ".c")
		print $4 / 1024 >>(t ".m") }'
}

if [ -n "$GEN" ]; then
	gen "$SIZES" "$GEN"
	exit 0
fi
[ -n "$TOOL" ] || TOOL=$here/build/rnx-avc
[ -x "$TOOL" ] || die "$TOOL missing (make -C e2e tools)"
if [ -z "$AUSEARCH" ]; then
	AUSEARCH=$(command -v ausearch || true)
	[ -n "$AUSEARCH" ] || [ ! -x /sbin/ausearch ] || AUSEARCH=/sbin/ausearch
fi
[ -n "$AUSEARCH" ] && [ -x "$AUSEARCH" ] ||
	die "no ausearch (package auditd, or --ausearch PATH)"
[ -x /usr/bin/time ] || die "no /usr/bin/time (package time)"

echo "avc-extract-bench: rnx-avc=$TOOL ausearch=$AUSEARCH reps=$REPS"
echo "host: $(nproc) cpu(s), load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%Y-%m-%dT%H:%MZ)"
printf '%-7s %-8s %-6s %-20s %-20s %-22s %s\n' "log" "lines" "recs" \
	"wall s med/min/max" "CPU s med/min/max" "peak RSS MB med/min/max" "tool"
for mb in $SIZES; do
	log=$work/audit.log
	gen "$mb" "$log"
	lines=$(wc -l <"$log")
	rm -f "$work"/*.t "$work"/*.c "$work"/*.m
	r=1
	while [ "$r" -le "$REPS" ]; do
		run rnx "$work/rnx.out" "$TOOL" "$log"
		run aus "$work/aus.out" "$AUSEARCH" -m AVC,USER_AVC,SELINUX_ERR \
			-if "$log"
		r=$((r + 1))
	done
	nr=$(wc -l <"$work/rnx.out")
	na=$(grep -cE '^type=(AVC|USER_AVC|SELINUX_ERR) ' "$work/aus.out" || true)
	[ "$nr" = "$na" ] ||
		die "$mb MB: rnx-avc printed $nr records, ausearch $na"
	for tag in rnx aus; do
		name=rnx-avc
		[ "$tag" = aus ] && name=ausearch
		printf '%-7s %-8s %-6s %-20s %-20s %-22s %s\n' "${mb}MB" \
			"$lines" "$nr" "$(stats "$work/$tag.t")" \
			"$(stats "$work/$tag.c")" "$(stats "$work/$tag.m")" "$name"
	done
	printf '%-7s ratio rnx-avc/ausearch of the medians: wall %s, CPU %s, peak RSS %s\n' \
		"" "$(ratio t)" "$(ratio c)" "$(ratio m)"
	rm -f "$log"
done
