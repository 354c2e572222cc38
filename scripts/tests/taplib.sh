# Shell TAP helpers for the scripts/ test drivers (sourced; see taplib.py
# for the Python ones). The driver sets n=0 fails=0 and prints "1..$n".

# check DESCRIPTION COMMAND...: "ok N" if COMMAND succeeds, else "not ok N".
check() {
	d=$1
	shift
	n=$((n + 1))
	if "$@"; then
		echo "ok $n - $d"
	else
		echo "not ok $n - $d"
		fails=$((fails + 1))
	fi
}

# ok STATUS DESCRIPTION: the same for a status already taken ($? of a
# test list).
ok() {
	check "$2" [ "$1" = 0 ]
}

# skip DESCRIPTION REASON: a check that did not run. A diagnostic line, not
# an "ok": scripts/run-checks.sh counts "ok" lines as passed.
skip() {
	echo "# SKIP $1: $2"
}
