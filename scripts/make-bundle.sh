#!/bin/sh
# Assemble what is copied into the guest as /opt/rnx (docs/design.md):
#   run-e2e, bin/ (with rnx-result, the result-row writer), helpers/,
#   guest/, faults/, policy/, geoip/, rustnet, rpms/, rpm-tests/, and
#   provenance.json: for each tree the guest receives (policy/, e2e/,
#   common/ (built into e2e's binaries), scripts/, rpm/) the commit, `git rev-parse HEAD:<tree>` and whether the
#   work tree differed from it, plus the rustnet binary's SHA-256.  The
#   guest returns it with its results; the report names it and
#   `make verify-report` checks HEAD against it.
# Usage: scripts/make-bundle.sh DIR
set -eu

DIR=${1:?usage: make-bundle.sh DIR}
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"

t0=$(date +%s)
RUSTNET=$(scripts/build-rustnet.sh)
make -s -C e2e all >&2

rm -rf "$DIR"
mkdir -p "$DIR/bin" "$DIR/helpers" "$DIR/geoip" "$DIR/rpms"

cp e2e/run-e2e "$DIR/run-e2e"
cp scripts/guest-main.sh "$DIR/main"
cp scripts/rnx-result.py "$DIR/bin/rnx-result"
for t in rnx-e2e rnx-avc rnx-auditstat rnx-pcapcheck; do
	[ -x "e2e/build/$t" ] && cp "e2e/build/$t" "$DIR/bin/"
done
[ -x e2e/build/rnx-e2e ] || { echo "make-bundle: e2e/build/rnx-e2e missing" >&2; exit 1; }
if [ -d e2e/build/helpers ]; then
	cp e2e/build/helpers/* "$DIR/helpers/"
fi
[ -d e2e/guest ] && cp -r e2e/guest "$DIR/guest"
[ -d e2e/bench ] && cp -r e2e/bench "$DIR/bench"
mkdir -p "$DIR/faults"
cp e2e/faults/*.sh "$DIR/faults/"

# Policy sources only: the guest builds the module itself (the report shows
# that build), so no host-built .pp goes in. By default the committed tree
# (HEAD:policy) goes in, so the run is tied to a tree id the report can name;
# RNX_POLICY_SRC=worktree takes the work tree instead (development), and
# such a bundle is marked so no report is written from it.
mkdir -p "$DIR/policy"
if [ "${RNX_POLICY_SRC:-head}" = worktree ]; then
	git ls-files -z -co --exclude-standard policy |
		tar --null -T - -cf - | tar -C "$DIR" -xf -
	echo "worktree-$(date +%s)" > "$DIR/policy-tree"
	echo "make-bundle: policy/ from the work tree (no report)" >&2
else
	git archive HEAD policy | tar -C "$DIR" -xf -
	git rev-parse HEAD:policy > "$DIR/policy-tree"
	if [ -n "$(git status --porcelain -- policy)" ]; then
		echo "make-bundle: NOTE: policy/ has uncommitted changes;" \
			"the guest gets HEAD:policy (RNX_POLICY_SRC=worktree" \
			"to test the work tree)" >&2
	fi
fi

cp "$RUSTNET" "$DIR/rustnet"
"$DIR/rustnet" --version > "$DIR/rustnet.version"

sh e2e/data/make-geoip.sh "$DIR/geoip" >&2

if [ -f rpm/Makefile ]; then
	# the guest's store and its policy's headers: RNX_RPM_STORE and
	# RNX_RPM_HEADERS from scripts/e2e.sh (profile)
	if make -s -C rpm guest-rpms OUT="$TOP/$DIR/rpms" \
		STORE="${RNX_RPM_STORE:-default}" \
		HEADERS="${RNX_RPM_HEADERS:-}" >&2; then
		:
	else
		echo "make-bundle: rpm guest build failed (rpm scenario will ERROR)" >&2
	fi
	[ -d rpm/tests ] && cp -r rpm/tests "$DIR/rpm-tests"
fi

git rev-parse HEAD > "$DIR/commit" 2>/dev/null || echo unknown > "$DIR/commit"

# provenance.json: what went in, from where
tree_json() { # tree
	t=$(git rev-parse "HEAD:$1" 2>/dev/null || echo unknown)
	d=$(git status --porcelain -- "$1" 2>/dev/null | wc -l)
	src=worktree
	if [ "$1" = policy ]; then
		src=${RNX_POLICY_SRC:-head}
		[ "$src" = head ] && d=0
	fi
	# policy/ goes in from HEAD (git archive) unless RNX_POLICY_SRC=worktree;
	# the others are built or copied from the work tree, so their changed
	# files are what the guest got beyond HEAD
	printf '"%s": {"tree": "%s", "dirty": %s, "changed_files": %s, "source": "%s"}' \
		"$1" "$t" "$([ "$d" -gt 0 ] && echo true || echo false)" "$d" "$src"
}
{
	printf '{"schema": 1, "commit": "%s", "trees": {' "$(cat "$DIR/commit")"
	tree_json policy; printf ', '; tree_json e2e; printf ', '
	tree_json common; printf ', '
	tree_json scripts; printf ', '; tree_json rpm
	printf '}, "rustnet_sha256": "%s", "rustnet_version": "%s"}\n' \
		"$(sha256sum "$DIR/rustnet" | cut -d' ' -f1)" \
		"$(cat "$DIR/rustnet.version")"
} > "$DIR/provenance.json"
python3 -m json.tool "$DIR/provenance.json" > /dev/null ||
	{ echo "make-bundle: provenance.json is not JSON" >&2; exit 1; }
echo "make-bundle: $DIR in $(( $(date +%s) - t0 ))s" >&2
