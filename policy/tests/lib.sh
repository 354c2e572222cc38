# Shared helpers of policy/tests/*.sh (POSIX sh, sourced).

# need_files EXIT_CODE FILE...: every FILE must exist, else exit.
need_files() {
	code=$1
	shift
	for f in "$@"; do
		[ -f "$f" ] || {
			echo "${0##*/}: missing $f" >&2
			exit "$code"
		}
	done
}

# need_tool TOOL PACKAGE: exit 3 (precondition) when TOOL is missing.
need_tool() {
	command -v "$1" >/dev/null 2>&1 || {
		echo "ERROR: $1 not installed (package $2)" >&2
		exit 3
	}
}

tap_n=0
tap_failed=0

# tap STATUS TEXT [DIAG]: one TAP line; STATUS 0 is ok.
tap() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		[ -z "${3:-}" ] || printf '%s\n' "$3" | sed 's/^/#   /'
		tap_failed=$((tap_failed + 1))
	fi
}

# tap_skip TEXT REASON
tap_skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n - $1 # SKIP $2"
}

# tap_done: summary line and exit status 1 when anything failed.
tap_done() {
	[ "$tap_failed" -eq 0 ] || {
		echo "# $tap_failed of $tap_n failed"
		exit 1
	}
}
