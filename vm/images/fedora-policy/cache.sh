# Shell library of fedora-policy.sh and fedora-policy-image.sh (sourced):
# a finished output directory has .complete and is printed at once; a build
# holds a lock so that two runs do not build the same thing. The caller
# defines log(), die() and cleanup().

# serve_cached DIR: print DIR and exit 0 if it holds a finished build.
serve_cached() {
	[ -f "$1/.complete" ] || return 0
	log "cached: $1"
	echo "$1"
	exit 0
}

# lock_build LOCKFILE DIR: wait for another build (fd 9), serve DIR if that
# build made it, else run cleanup on every exit and signal, with umask 022.
lock_build() {
	exec 9>"$1"
	flock 9
	serve_cached "$2"
	trap cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP
	umask 022
}

# publish OUT FINAL: mark OUT finished and move it into place as FINAL.
publish() {
	touch "$1/.complete"
	[ ! -e "$2" ] || rm -rf "$2"
	mv "$1" "$2" || die "cannot move $1 to $2"
}

# prune KEEP: remove the other finished builds beside KEEP whose names share
# its prefix up to the last "-" (a guest running on one keeps its open file).
prune() {
	for old in "${1%-*}"-*; do
		[ -d "$old" ] && [ "$old" != "$1" ] || continue
		log "pruning $old"
		rm -rf "$old"
	done
}
