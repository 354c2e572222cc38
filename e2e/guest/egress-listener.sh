#!/bin/sh
# egress-listener.sh start|count MARKER|show|stop
#
# A UDP listener on 127.0.0.1:1234 (run as root, unconfined) that appends
# every datagram it receives to a log, so an egress scenario can show what
# arrived and what did not.  Everything stays on the guest's loopback.
set -eu

STATE=${RNX_EGRESS_STATE:-/var/lib/rnx/egress}
LOG=$STATE/udp1234.log
PID=$STATE/udp1234.pid
PORT=1234

listening() {
	ss -Hlun "sport = :$PORT" | grep -q "127.0.0.1:$PORT"
}

stop() {
	if [ -f "$PID" ]; then
		kill "$(cat "$PID")" 2>/dev/null || :
		rm -f "$PID"
	fi
	i=0
	while listening && [ $i -lt 20 ]; do sleep 0.2; i=$((i + 1)); done
	if listening; then
		echo "egress-listener: port $PORT still busy" >&2
		return 1
	fi
}

case "${1:-}" in
start)
	mkdir -p "$STATE"
	stop
	: > "$LOG"
	setsid socat -u "UDP4-RECV:$PORT,bind=127.0.0.1,reuseaddr" \
		"OPEN:$LOG,creat,append" </dev/null >/dev/null 2>&1 &
	echo $! > "$PID"
	i=0
	until listening; do
		i=$((i + 1))
		if [ $i -gt 50 ]; then
			echo "egress-listener: socat did not bind 127.0.0.1:$PORT" >&2
			exit 1
		fi
		sleep 0.2
	done
	echo "listening on 127.0.0.1:$PORT/udp (pid $(cat "$PID")), log $LOG"
	;;
count)
	[ $# -eq 2 ] || { echo "usage: $0 count MARKER" >&2; exit 2; }
	# socat writes asynchronously: give a datagram in flight a moment
	sleep 1
	[ -f "$LOG" ] || { echo "egress-listener: no log $LOG" >&2; exit 1; }
	grep -c -F -e "$2" "$LOG" || :
	;;
show)
	cat "$LOG"
	;;
stop)
	stop
	;;
*)
	echo "usage: $0 start|count MARKER|show|stop" >&2
	exit 2
	;;
esac
