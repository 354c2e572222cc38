#!/bin/sh
# The main job: build what is missing (cached), boot the profile's guest,
# run the in-guest suite, fetch results, write the report.
#   scripts/e2e.sh --profile P [--duration S] [--report FILE] [--uri URI]
#                  [--accel auto|kvm|tcg] [--image PATH] [--smoke|--bench]
#                  [--no-rpm] [--no-faults] [--only PATTERNS] [--check-only]
#                  [--rnlab 'RNLAB OPTIONS'] [--fedora-policy-src DIR]
#                  [--permissive-duration S] [--pass permissive|enforcing]
# Exit: 0 all PASS/SKIP, 1 a FAIL, 2 usage, 3 ERROR (docs/design.md).
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 3

PROFILE=debian12 DURATION=300 REPORT=REPORT.md URI=qemu:///system
ACCEL=auto IMAGE="" MODE=e2e EXTRA="" NORPM="" NOFAULTS="" CHECK_ONLY=0
PDURATION="" PASS="" ONLY=""
FPSRC=${FEDORA_POLICY_SRC:-} FPSRC_SET=0
usage() {
	sed -n '2,9p' "$0" >&2
	exit 2
}
bad() {
	echo "e2e: $*" >&2
	exit 2
}
# Every option is checked here, before anything slow (packages, image,
# rustnet build, guest) starts: a wrong value costs seconds, not minutes.
while [ $# -gt 0 ]; do
	case $1 in
	--profile|--duration|--report|--uri|--accel|--image|--only|--rnlab|\
	--fedora-policy-src|--permissive-duration|--pass)
		[ $# -ge 2 ] || bad "$1 needs a value" ;;
	esac
	case $1 in
	--profile) PROFILE=$2; shift 2 ;;
	--duration) DURATION=$2; shift 2 ;;
	# capture.session's length in the permissive pass (default: 60 s
	# when both passes run and DURATION is longer, else DURATION)
	--permissive-duration) PDURATION=$2; shift 2 ;;
	--report) REPORT=$2; shift 2 ;;
	--uri) URI=$2; shift 2 ;;
	--accel) ACCEL=$2; shift 2 ;;
	--image) IMAGE=$2; shift 2 ;;
	# the Fedora selinux-policy tree (FEDORA_POLICY_SRC) for debian13-fedora-policy
	--fedora-policy-src) FPSRC=$2; FPSRC_SET=1; shift 2 ;;
	--smoke) MODE=smoke; shift ;;
	--no-rpm) NORPM=--no-rpm; shift ;;
	--no-faults) NOFAULTS=--no-faults; shift ;;
	-h|--help) usage ;;
	# a partial run: the fault self-test is left out with the rest
	--only) ONLY=$2; NOFAULTS=--no-faults; shift 2 ;;
	# one pass of the runner only (the drift report needs the permissive
	# one); like --only, a partial run without the fault self-test
	--pass) PASS=$2; NOFAULTS=--no-faults; shift 2 ;;
	--bench) MODE=bench; shift ;;
	# validate the options, then stop (make check tests the validation)
	--check-only) CHECK_ONLY=1; shift ;;
	# options for vm/rnlab, passed through as they are (RNLAB_FLAGS)
	--rnlab) EXTRA="$EXTRA $2"; shift 2 ;;
	*) bad "unknown option '$1' (see --help; rnlab options go through --rnlab / RNLAB_FLAGS)" ;;
	esac
done
# The profile table, vm/lib/profile.c, the one list of profiles: one
# NAME<TAB>IMAGE<TAB>SUMMARY line per profile (IMAGE: build-image,
# fedora-policy-image or fedora-image; vm/lib/profile.h).  Its lister needs
# make and a C compiler only (no library), a second or less; a new machine
# without them gets the host packages first.
if ! command -v make >/dev/null || ! command -v "${CC:-cc}" >/dev/null; then
	echo "e2e: no make or C compiler to read the profile table" \
		"(vm/lib/profile.c) with: installing the host packages first" >&2
	scripts/install-deps.sh || exit 3
fi
TABLE=$(make -s --no-print-directory -C vm profiles) || {
	echo "e2e: cannot read the profile table (make -C vm profiles failed)" >&2
	exit 3
}
# names: the table's profiles whose IMAGE is $1 (any when empty), ", " apart
names() {
	printf '%s\n' "$TABLE" | awk -F '\t' -v k="$1" \
		'k == "" || $2 == k { printf "%s%s", n++ ? ", " : "", $1 }'
}
KIND=$(printf '%s\n' "$TABLE" | awk -F '\t' -v p="$PROFILE" '$1 == p { print $2 }')
[ -n "$KIND" ] ||
	bad "unknown profile (VM=) '$PROFILE': valid profiles are $(names '')"
case $KIND in
build-image|fedora-policy-image|fedora-image) ;;
*) echo "e2e: profile $PROFILE: image kind '$KIND' is new to this script" >&2
   exit 3 ;;
esac
# the in-guest runner's range (rnx-e2e --duration, --permissive-duration)
seconds() { # NAME VALUE
	case $2 in
	''|*[!0-9]*|0*) bad "$1 must be whole seconds from 1 to 86400, got '$2'" ;;
	esac
	[ "${#2}" -le 5 ] && [ "$2" -le 86400 ] ||
		bad "$1 must be whole seconds from 1 to 86400, got '$2'"
}
seconds DURATION "$DURATION"
[ -z "$PDURATION" ] || seconds PERMISSIVE_DURATION "$PDURATION"
# Both passes: the enforcing capture.session is the evidence run (DURATION,
# 300 s by default) and judges "no AVC" with dontaudit off; the
# permissive one only shows what would have been denied before the flip;
# the session's traffic runs from its first seconds, so one minute takes
# rustnet through the same paths (CI runs both passes at 60 s) and saves
# 240 s of a full run's guest time (issue 17). --pass permissive (make
# drift) keeps DURATION: there the permissive session is the whole point.
if [ -z "$PDURATION" ] && [ -z "$PASS" ] && [ "$DURATION" -gt 60 ]; then
	PDURATION=60
fi
case $PASS in
''|permissive|enforcing) ;;
*) bad "unknown --pass '$PASS': valid values are permissive, enforcing" ;;
esac
EXTRA_GUEST="${ONLY:+--only $ONLY}${PASS:+ --mode $PASS}"
case $ACCEL in
auto|kvm|tcg) ;;
*) bad "unknown ACCEL '$ACCEL': valid values are auto, kvm, tcg" ;;
esac
if [ "$KIND" = fedora-image ]; then
	[ -n "$IMAGE" ] ||
		bad "$PROFILE needs FEDORA_IMAGE=<Fedora Cloud Base qcow2 path or URL> (see README)"
	case $IMAGE in
	http://*|https://*) ;;
	*) [ -r "$IMAGE" ] || bad "FEDORA_IMAGE '$IMAGE': no such readable file" ;;
	esac
elif [ -n "$IMAGE" ]; then
	bad "--image (FEDORA_IMAGE) is for $(names fedora-image) only; $PROFILE builds its own image"
fi
if [ "$KIND" = fedora-policy-image ]; then
	# exit 2 with a message naming FEDORA_POLICY_SRC when it is unset or
	# not a Fedora selinux-policy tree (a few file tests, no build); the
	# variable or --fedora-policy-src gives it
	msg=$(vm/images/fedora-policy.sh --check "$FPSRC" 2>&1) ||
		bad "${msg#fedora-policy: }"
elif [ "$FPSRC_SET" = 1 ]; then
	bad "--fedora-policy-src (FEDORA_POLICY_SRC) is for $(names fedora-policy-image) only"
fi
rdir=$(dirname "$REPORT")
# the report's directory is made if missing (out/ in a fresh clone)
mkdir -p "$rdir" 2>/dev/null && [ -w "$rdir" ] ||
	bad "REPORT '$REPORT': directory '$rdir' cannot be made or is not writable"
if [ "$CHECK_ONLY" = 1 ]; then
	echo "e2e: options ok: profile $PROFILE, duration $DURATION, permissive duration ${PDURATION:-$DURATION}, accel $ACCEL, mode $MODE"
	exit 0
fi

TIMES=$TOP/out/$PROFILE/times.txt
mkdir -p "out/$PROFILE"
: > "$TIMES"
stage() { # name, command...
	name=$1; shift
	s=$(date +%s)
	echo "== $name" >&2
	"$@"
	rc=$?
	echo "$name $(( $(date +%s) - s ))s rc=$rc" >> "$TIMES"
	return $rc
}

stage deps scripts/install-deps.sh || exit 3
stage host-setup vm/setup-host.sh || exit 3
stage build-rnlab make -s -C vm || exit 3

if [ "$KIND" = fedora-image ]; then
	IMGARG="--image $IMAGE"
elif [ "$KIND" = fedora-policy-image ]; then
	IMGDIR=$(stage image vm/images/fedora-policy-image.sh "$FPSRC") || {
		echo "e2e: image build failed" >&2; exit 3; }
	IMGARG="--image-dir $IMGDIR"
	# the policy source's tag and commit, archived by scripts/report.py
	cp "$IMGDIR/manifest.txt" "out/$PROFILE/image-manifest.txt" || {
		echo "e2e: no image manifest in $IMGDIR" >&2; exit 3; }
else
	IMGDIR=$(stage image vm/images/build-image.sh "$PROFILE") || {
		echo "e2e: image build failed" >&2; exit 3; }
	IMGARG="--image-dir $IMGDIR"
fi

# One guest at a time per host: TCG guests on a small host starve each
# other (boots past their timeout, scenario timers firing).  A second run
# waits here for the first one's guest; RNX_GUEST_LOCK=0 opts out.
CACHE=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}
mkdir -p "$CACHE"
LOCK=$CACHE/guest.lock
guest() { # command...: run it holding the host's guest lock
	if [ "${RNX_GUEST_LOCK:-1}" = 0 ]; then
		"$@"
		return $?
	fi
	flock -n "$LOCK" true ||
		echo "e2e: another run's guest is up ($LOCK); waiting for it" >&2
	# -o: the lab's daemons must not inherit the lock
	flock -o "$LOCK" "$@"
}

if [ "$MODE" = smoke ]; then
	# shellcheck disable=SC2086
	stage smoke guest vm/rnlab smoke -p "$PROFILE" $IMGARG --uri "$URI" \
		--accel "$ACCEL" $EXTRA
	exit $?
fi

stage rustnet scripts/build-rustnet.sh >/dev/null || exit 3
# the policy store the guest's RPMs are built for (SELINUXTYPE there), and
# the headers their module is compiled with: a .pp built with this host's
# refpolicy headers does not load into Fedora's store, so the Fedora-policy
# profile's RPMs use the devel headers of the policy its image was built
# from (fedora-policy.sh serves its cached build).  The fedora-image
# profile has no Fedora headers on this host: its rpm scenario ERRORs
# (make-bundle says why).
RNX_RPM_HEADERS=
case $KIND in
fedora-policy-image)
	RNX_RPM_STORE=targeted
	pol=$(vm/images/fedora-policy.sh "$FPSRC") || {
		echo "e2e: Fedora policy build not found" >&2; exit 3; }
	RNX_RPM_HEADERS=$pol/root/usr/share/selinux/devel/include
	;;
fedora-image) RNX_RPM_STORE=targeted ;;
*) RNX_RPM_STORE=default ;;
esac
export RNX_RPM_STORE RNX_RPM_HEADERS
stage bundle scripts/make-bundle.sh build/bundle || exit 3

rm -rf "out/$PROFILE/guest"
# The guest run: the rpm scenario (~9 policy rebuilds), both passes with
# several capture sessions of DURATION each, under TCG.
CMD_TIMEOUT=$((5400 + 12 * DURATION))
if [ "$MODE" = bench ]; then
	GUESTCMD="/opt/rnx/bench/run-benches.sh --out /var/lib/rnx/out"
else
	GUESTCMD="/opt/rnx/main $NORPM $NOFAULTS --duration $DURATION${PDURATION:+ --permissive-duration $PDURATION}"
fi
# shellcheck disable=SC2086
stage guest-run guest vm/rnlab run -p "$PROFILE" $IMGARG --uri "$URI" \
	--accel "$ACCEL" --selinux enforcing --cmd-timeout $CMD_TIMEOUT \
	--put build/bundle:/opt/rnx \
	--get "/var/lib/rnx/out:out/$PROFILE/guest" \
	--console-log "out/$PROFILE/console.log" $EXTRA \
	-- $GUESTCMD ${EXTRA_GUEST:-}
rc=$?
echo "e2e: guest run exit $rc" >&2
# the guest's own breakdown (scripts/guest-main.sh), indented under guest-run
if [ -f "out/$PROFILE/guest/guest-times.txt" ]; then
	sed 's/^/  guest: /' "out/$PROFILE/guest/guest-times.txt" >> "$TIMES"
fi
cat "$TIMES" >&2

if [ "$MODE" = e2e ] && [ -f "out/$PROFILE/guest/results.json" ]; then
	scripts/report.py --results "out/$PROFILE" --out "$REPORT" \
		--profile "$PROFILE" || { echo "e2e: report failed" >&2; exit 3; }
elif [ "$MODE" = e2e ]; then
	echo "e2e: ERROR: no results.json came back from the guest" >&2
	[ "$rc" -eq 0 ] && rc=3
fi
exit $rc
