#!/bin/sh
# Assemble what is copied into the guest as /opt/rnx (docs/design.md):
#   run-e2e, bin/, helpers/, guest/, faults/, policy/, geoip/, rustnet, rpms/,
#   rpm-tests/
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
	if make -s -C rpm guest-rpms OUT="$TOP/$DIR/rpms" >&2; then
		:
	else
		echo "make-bundle: rpm guest build failed (rpm scenario will ERROR)" >&2
	fi
	[ -d rpm/tests ] && cp -r rpm/tests "$DIR/rpm-tests"
fi

git rev-parse HEAD > "$DIR/commit" 2>/dev/null || echo unknown > "$DIR/commit"
echo "make-bundle: $DIR in $(( $(date +%s) - t0 ))s" >&2
