#!/bin/sh
# Boot an image under plain QEMU (TCG, no way out: user net with
# restrict=on and one ssh forward bound to 127.0.0.1) on a throwaway overlay
# and check the guest contract of docs/design.md over ssh.
#
# usage: vm/images/boot-check.sh IMAGE_DIR [enforcing 0|1]
# Exit status: 0 all checks passed, 1 a check failed, 2 usage error,
# 3 the guest did not come up (or QEMU is missing).
set -eu

BOOT_TIMEOUT=${BOOT_TIMEOUT:-400}
CACHE=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}
QEMU_PID=
RUN=

log() {
	echo "boot-check: $*" >&2
}

usage() {
	echo "usage: $0 IMAGE_DIR [0|1]" >&2
	exit 2
}

cleanup() {
	rc=$?
	trap - EXIT INT TERM HUP
	[ -z "$RUN" ] || [ ! -S "$RUN/ssh.ctl" ] ||
		ssh -q -o ControlPath="$RUN/ssh.ctl" -O exit x 2>/dev/null || true
	if [ -n "$QEMU_PID" ] && kill -0 "$QEMU_PID" 2>/dev/null; then
		kill "$QEMU_PID" 2>/dev/null || true
		wait "$QEMU_PID" 2>/dev/null || true
	fi
	[ -z "$RUN" ] || rm -rf "$RUN"
	exit "$rc"
}

[ $# -ge 1 ] && [ $# -le 2 ] || usage
DIR=$1
ENFORCING=${2:-1}
case $ENFORCING in 0 | 1) ;; *) usage ;; esac
[ -f "$DIR/.complete" ] || {
	log "$DIR is not a complete image (no .complete)"
	exit 2
}
for tool in qemu-system-x86_64 qemu-img ssh python3; do
	command -v "$tool" >/dev/null || {
		log "$tool not found"
		exit 3
	}
done

trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 129' HUP
mkdir -p "$CACHE/runs"
RUN=$(mktemp -d "$CACHE/runs/boot-check-XXXXXX")
qemu-img create -q -f qcow2 -b "$DIR/disk.raw" -F raw "$RUN/overlay.qcow2"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf '[127.0.0.1]:%s %s\n' "$PORT" \
	"$(cut -d' ' -f1,2 "$DIR/ssh_host_ed25519_key.pub")" >"$RUN/known_hosts"

T0=$(date +%s)
qemu-system-x86_64 -nodefaults -display none \
	-accel tcg,thread=multi -smp 2 -m 2048 \
	-netdev "user,id=n0,restrict=on,hostfwd=tcp:127.0.0.1:$PORT-:22" \
	-device virtio-net-pci,netdev=n0 \
	-serial "file:$RUN/console.log" \
	-kernel "$DIR/vmlinuz" -initrd "$DIR/initrd.img" \
	-append "root=/dev/vda rw console=ttyS0 selinux=1 security=selinux lsm=landlock,lockdown,yama,integrity,selinux,bpf enforcing=$ENFORCING" \
	-drive "file=$RUN/overlay.qcow2,if=virtio,format=qcow2" \
	</dev/null >"$RUN/qemu.log" 2>&1 &
QEMU_PID=$!

gssh() {
	ssh -q -i "$DIR/id_ed25519" -o BatchMode=yes -o ConnectTimeout=10 \
		-o UserKnownHostsFile="$RUN/known_hosts" \
		-o ControlMaster=auto -o ControlPath="$RUN/ssh.ctl" \
		-o ControlPersist=120 \
		-o StrictHostKeyChecking=yes -p "$PORT" root@127.0.0.1 "$@" \
		</dev/null
}

log "booting $DIR (enforcing=$ENFORCING, ssh on 127.0.0.1:$PORT)"
until gssh true 2>/dev/null; do
	if ! kill -0 "$QEMU_PID" 2>/dev/null; then
		log "ERROR: QEMU exited: $(tail -3 "$RUN/qemu.log")"
		exit 3
	fi
	if [ $(($(date +%s) - T0)) -ge "$BOOT_TIMEOUT" ]; then
		log "ERROR: no ssh after ${BOOT_TIMEOUT} s; console tail:"
		tail -20 "$RUN/console.log" >&2
		exit 3
	fi
	sleep 3
done
log "ssh ready after $(($(date +%s) - T0)) s"

fails=0
# check NAME WANT COMMAND: the command's output (whitespace trimmed) must
# equal WANT.
check() {
	name=$1
	want=$2
	shift 2
	got=$(gssh "$@" 2>&1 | tr -s ' \n' '  ' | sed 's/^ //; s/ $//') || true
	if [ "$got" = "$want" ]; then
		echo "PASS $name" >&2
	else
		echo "FAIL $name: got '$got', want '$want'" >&2
		fails=$((fails + 1))
	fi
}

mode=Permissive
[ "$ENFORCING" = 0 ] || mode=Enforcing
check getenforce "$mode" getenforce
check root-context unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 \
	id -Z
# debian13-fedora-policy's manifest names its SELINUXTYPE (targeted)
seltype=$(sed -n 's/^selinux-config: .*SELINUXTYPE=\([a-z]*\).*/\1/p' \
	"$DIR/manifest.txt")
check selinux-config "SELINUX=enforcing SELINUXTYPE=${seltype:-default}" \
	"grep -E '^SELINUX(TYPE)?=' /etc/selinux/config"
check failed-units 0 "systemctl list-units --failed --no-legend | wc -l"
check relabel-needed 0 \
	"restorecon -Rnv /etc /root /home /var /lost+found | wc -l"
check localhost "ok" "getent hosts localhost >/dev/null && echo ok"
check resolved "ok" "resolvectl status >/dev/null && echo ok"
check stub "nameserver 127.0.0.53" "grep '^nameserver' /etc/resolv.conf"
check audit-enabled "enabled 1" "auditctl -s | grep '^enabled'"
check auditd-running "ok" \
	"[ \"\$(auditctl -s | sed -n 's/^pid //p')\" -gt 0 ] && echo ok"
check modules "ok" "[ \$(semodule -l | wc -l) -gt 50 ] && echo ok"
check nic "10.0.2.15/24" \
	"ip -4 -o addr show scope global | awk '{print \$4}'"
check alice "uid=1000(alice) 1000" "id alice | cut -d' ' -f1; id -u alice"
check bob "uid=1001(bob)" "id bob | cut -d' ' -f1"
check alice-sudo root "su - alice -c 'sudo -n id -un'"
check alice-context unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 \
	"su - alice -c 'id -Z'"
check dnsmasq-off "ok" \
	"command -v dnsmasq >/dev/null && ! systemctl is-active -q dnsmasq && echo ok"
check hostname rnx-guest hostname

if grep -q 'root (automatic login)' "$RUN/console.log" &&
	! grep -q "can't exec" "$RUN/console.log"; then
	echo "PASS serial-autologin" >&2
else
	echo "FAIL serial-autologin: no automatic root login on ttyS0" >&2
	fails=$((fails + 1))
fi

# Boot-time denials, for the record (see README.md: not ours).
gssh "ausearch --input-logs -m AVC,USER_AVC,SELINUX_ERR -ts boot 2>/dev/null;
	dmesg | grep -o 'avc: .*'" | grep -o 'avc: .*' | sort -u |
	sed 's/^/boot AVC: /' >&2 || true

if [ "$fails" -ne 0 ]; then
	log "$fails check(s) failed"
	exit 1
fi
log "all checks passed"
