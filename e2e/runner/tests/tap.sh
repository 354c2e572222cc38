# tap.sh - sourced by the CLI tests: t WANT_RC DESCRIPTION CMD ARGS...
# runs CMD, prints a TAP line; `tap_end` prints the plan and exits.
n=0 fail=0

t() {
	want=$1 desc=$2; shift 2
	n=$((n + 1))
	set +e
	out=$("$@" 2>&1)
	rc=$?
	set -e
	if [ "$rc" -eq "$want" ]; then
		echo "ok $n - $desc"
	else
		echo "not ok $n - $desc: rc $rc, want $want"
		echo "$out" | sed 's/^/# /'
		fail=1
	fi
}

tap_end() {
	echo "1..$n"
	exit $fail
}
