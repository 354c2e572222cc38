#!/bin/sh
# Build rustnet-monitor from crates.io at a pinned version, with its default
# features (eBPF on), into a cache outside the clone keyed by version and
# toolchain. Prints the path of the cached binary on stdout.
set -eu

VERSION=${RUSTNET_VERSION:-1.7.0}
CACHE=${RUSTNET_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rustnet-selinux}
RUSTC=$(rustc --version 2>/dev/null | awk '{print $2}') || RUSTC=unknown
DEST=$CACHE/rustnet/$VERSION-rustc$RUSTC
BIN=$DEST/bin/rustnet

if [ -x "$BIN" ] && [ -f "$DEST/.complete" ]; then
	echo "$BIN"
	exit 0
fi

command -v cargo >/dev/null || { echo "build-rustnet: cargo not found" >&2; exit 1; }
# One build per version at a time (make matrix, parallel runs): wait for
# another build of the same version and use its result.
mkdir -p "$CACHE/rustnet"
exec 9>"$DEST.lock"
flock 9
if [ -x "$BIN" ] && [ -f "$DEST/.complete" ]; then
	echo "$BIN"
	exit 0
fi
rm -rf "$DEST.tmp"
mkdir -p "$DEST.tmp"
start=$(date +%s)
# --locked: the crate's own Cargo.lock, so the build is reproducible.
cargo install --locked --version "=$VERSION" --root "$DEST.tmp" \
	rustnet-monitor >&2
[ -x "$DEST.tmp/bin/rustnet" ] || { echo "build-rustnet: no binary" >&2; exit 1; }
rm -rf "$DEST"
mv "$DEST.tmp" "$DEST"
echo "rustnet-monitor $VERSION built in $(( $(date +%s) - start ))s" > "$DEST/.complete"
cat "$DEST/.complete" >&2
echo "$BIN"
