#!/bin/sh
# helpers-cli.sh DIR - run the built helpers on this host (no SELinux
# needed) and check their exit status contract: usage errors exit 255,
# failures exit with the errno and print "rnx-<name>: <op>: <strerror>".
# Only loopback is touched; nothing is loaded into the kernel.
set -eu

DIR=${1:?usage: helpers-cli.sh BUILD_HELPERS_DIR}
fails=0
n=0
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

# expect RC PATTERN CMD... : exit status RC and stderr matching PATTERN
expect() {
	want=$1; pat=$2; shift 2
	n=$((n + 1))
	rc=0
	"$@" >"$TMP/out" 2>"$TMP/err" || rc=$?
	bad=0
	[ "$rc" -eq "$want" ] || bad=1
	if [ -n "$pat" ] && ! grep -q -e "$pat" "$TMP/err" "$TMP/out"; then
		bad=1
	fi
	if [ "$bad" -eq 1 ]; then
		echo "not ok $n - $* (rc $rc, want $want /$pat/)"
		sed 's/^/# /' "$TMP/err"
		fails=$((fails + 1))
	else
		echo "ok $n - $* -> $rc"
	fi
}

H=$DIR
# Every helper of helpers/ (taken from the sources, like helpers.mk's
# RNX_HELPER_LIST, so a new helper is covered without listing it here)
# refuses one empty argument with its usage line and status 255.
for c in "$(dirname "$0")"/rnx_*.c; do
	h=$(basename "$c" .c)
	[ "$h" = rnx_helper ] && continue
	h=$(printf '%s' "$h" | tr _ -)
	expect 255 "usage: $h" "$H/$h" ''
done
expect 255 'usage: rnx-exec' "$H/rnx-exec"
for h in udp-send tcp-connect open-read open-write finit-module \
	 socket ptrace ptr selfctx tty-ioctl perf-open bpf-load chmod kill; do
	expect 255 "usage: rnx-$h" "$H/rnx-$h" --bogus extra args here x
done
expect 255 'usage: rnx-udp-send' "$H/rnx-udp-send" 127.0.0.1 0
expect 255 'usage: rnx-tcp-connect' "$H/rnx-tcp-connect" example.org 80
expect 255 'usage: rnx-socket' "$H/rnx-socket" inet raw bogus
expect 255 'usage: rnx-ptrace' "$H/rnx-ptrace" 12ab
# rnx-socket operations: checked in full before socket() runs
expect 255 'usage: rnx-socket' "$H/rnx-socket" unix stream 0 frame lo x
expect 255 'usage: rnx-socket' "$H/rnx-socket" packet raw 0 connect @x
expect 255 'usage: rnx-socket' "$H/rnx-socket" unix stream 0 connect @
expect 255 'usage: rnx-socket' "$H/rnx-socket" unix stream 0 connect @x m
expect 255 'usage: rnx-socket' "$H/rnx-socket" unix stream 0 connect @x m 0
expect 255 'usage: rnx-socket' "$H/rnx-socket" unix stream 0 bind
expect 255 'usage: rnx-socket' "$H/rnx-socket" unix stream 0 bind @x 0
expect 110 'rnx-socket: accept: Connection timed out' \
	"$H/rnx-socket" unix stream 0 bind "@rnx-cli-t-$$" 1
expect 110 'rnx-socket: recv: Connection timed out' \
	"$H/rnx-socket" unix dgram 0 bind "@rnx-cli-d-$$" 1
expect 255 'usage: rnx-socket' "$H/rnx-socket" unix stream 0 listen @x
expect 255 'usage: rnx-socket' "$H/rnx-socket" packet raw 0 frame lo ''
expect 2 'rnx-socket: connect: No such file' \
	"$H/rnx-socket" unix stream 0 connect "$TMP/none"
expect 111 'rnx-socket: connect: Connection refused' \
	"$H/rnx-socket" unix stream 0 connect "@rnx-cli-none-$$"
expect 0 '' "$H/rnx-socket" unix stream 0 bind "@rnx-cli-$$"
expect 0 '' "$H/rnx-socket" unix dgram 0 bind "$TMP/dgram.sock"
expect 98 'rnx-socket: bind: Address already in use' \
	"$H/rnx-socket" unix dgram 0 bind "$TMP/dgram.sock"
expect 255 'usage: rnx-open-read' "$H/rnx-open-read" "$TMP/none" ''
expect 2 'rnx-open-read: open: No such file' "$H/rnx-open-read" "$TMP/none"
expect 2 'rnx-exec: execv: No such file' "$H/rnx-exec" "$TMP/none"
expect 2 'rnx-finit-module: open: No such file' \
	"$H/rnx-finit-module" "$TMP/none"
expect 0 '' "$H/rnx-open-write" "$TMP/created"
n=$((n + 1))
if [ -f "$TMP/created" ]; then echo "ok $n - open-write created the file"
else echo "not ok $n - open-write did not create the file"
	fails=$((fails + 1)); fi
expect 0 '' "$H/rnx-open-read" "$TMP/created"
printf 'A=1\000RNX_SECRET=s3\000' > "$TMP/env"
expect 0 '' "$H/rnx-open-read" "$TMP/env" RNX_SECRET=s3
expect 61 'rnx-open-read: search: No data' "$H/rnx-open-read" "$TMP/env" B=2
expect 20 'rnx-open-write: open: Not a directory' \
	"$H/rnx-open-write" "$TMP/created/x"
expect 0 '' "$H/rnx-exec" /bin/true
expect 1 '' "$H/rnx-exec" /bin/false
expect 13 'rnx-exec: execv: Permission denied' "$H/rnx-exec" "$TMP/created"
expect 0 '' "$H/rnx-socket" inet dgram udp
expect 97 'rnx-socket: socket: Address family not supported' \
	"$H/rnx-socket" 200 dgram 0
expect 0 '' "$H/rnx-udp-send" 127.0.0.1 9 rnx-selftest
# a free loopback port: nothing listens, so the kernel refuses
expect 111 'rnx-tcp-connect: connect: Connection refused' \
	"$H/rnx-tcp-connect" 127.0.0.1 1
expect 3 'rnx-ptrace: ptrace: No such process' "$H/rnx-ptrace" 2147483646
expect 255 'usage: rnx-kill' "$H/rnx-kill" 1 SIGKILL
expect 3 'rnx-kill: kill: No such process' "$H/rnx-kill" 2147483646 0
sleep 30 & spid=$!
expect 0 '' "$H/rnx-kill" "$spid" term
wait "$spid" 2>/dev/null || true
expect 0 'localhost' "$H/rnx-ptr" 127.0.0.1
# terminal ioctls: only read-only or failing ones here (no TIOCSTI)
expect 255 'usage: rnx-tty-ioctl' "$H/rnx-tty-ioctl" - sti
expect 255 'usage: rnx-tty-ioctl' "$H/rnx-tty-ioctl" - bogus
expect 2 'rnx-tty-ioctl: open: No such file' \
	"$H/rnx-tty-ioctl" "$TMP/none" gwinsz
expect 25 'rnx-tty-ioctl: ioctl: Inappropriate ioctl' \
	"$H/rnx-tty-ioctl" /dev/null gwinsz
expect 25 'rnx-tty-ioctl: ioctl: Inappropriate ioctl' \
	"$H/rnx-tty-ioctl" /dev/null sti x
expect 255 'usage: rnx-perf-open' "$H/rnx-perf-open" 1x
# rnx-memfd-exec: each step names itself; the exec'd copy's own output and
# status prove the exec (ARGs reach it)
expect 255 'usage: rnx-memfd-exec' "$H/rnx-memfd-exec"
expect 2 'rnx-memfd-exec: open: No such file' "$H/rnx-memfd-exec" "$TMP/none"
expect 21 'rnx-memfd-exec: read: Is a directory' "$H/rnx-memfd-exec" "$TMP"
printf 'not an ELF\n' > "$TMP/data"
expect 8 'rnx-memfd-exec: execveat: Exec format error' \
	"$H/rnx-memfd-exec" "$TMP/data"
# a script cannot run from a close-on-exec memfd (its interpreter would
# need /dev/fd/N): ENOENT, documented in the helper
printf '#!/bin/sh\nexit 0\n' > "$TMP/script"
expect 2 'rnx-memfd-exec: execveat: No such file' \
	"$H/rnx-memfd-exec" "$TMP/script"
expect 0 'rnx-memfd-marker' "$H/rnx-memfd-exec" /bin/echo rnx-memfd-marker
expect 1 '' "$H/rnx-memfd-exec" /bin/false
# the audit fault injector (e2e/faults): 1..600 seconds, prints its count
expect 255 'usage: rnx-audit-flood' "$H/rnx-audit-flood" 0
expect 255 'usage: rnx-audit-flood' "$H/rnx-audit-flood" 601
expect 255 'usage: rnx-audit-flood' "$H/rnx-audit-flood" 1x
expect 0 'calls=[1-9][0-9]*' "$H/rnx-audit-flood" 1
# the fault self-test refuses bad options before touching anything
F=$(dirname "$0")/../faults/fault-selftest.sh
expect 2 'usage: fault-selftest.sh' sh "$F" --bogus
expect 2 'usage: fault-selftest.sh' sh "$F" --duration 29
expect 2 'usage: fault-selftest.sh' sh "$F" --duration 40x
expect 2 "unknown case 'nope'" sh "$F" --only control,nope
expect 2 'usage: fault-selftest.sh' sh "$F" --out

echo "1..$n"
[ "$fails" -eq 0 ]
