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

# debian13_source CACHE [VERSION]: print a directory holding devel/include
# (selinux-policy-dev) and modules/ (the semanage store's modules) of a
# cached debian13 lab image (CACHE/images/debian13-*, complete, with
# selinux-policy-default VERSION when given), extracted read-only with
# debugfs into CACHE/debian13-policy-<image>/ on first use. Prints nothing
# when there is no such image or no debugfs; returns 1 when reading fails.
debian13_source() {
	d13_img=""
	for d13_d in "$1"/images/debian13-*/; do
		[ -f "$d13_d.complete" ] && [ -f "${d13_d}manifest.txt" ] || continue
		[ -z "${2:-}" ] ||
			grep -qx "selinux-policy-default: $2" "${d13_d}manifest.txt" ||
			continue
		d13_img=${d13_d%/}
	done
	[ -n "$d13_img" ] && command -v debugfs >/dev/null 2>&1 || return 0
	d13_out=$1/debian13-policy-${d13_img##*/debian13-}
	if [ ! -f "$d13_out/.complete" ]; then
		rm -rf "$d13_out"
		mkdir -p "$d13_out"
		if ! debugfs -R "rdump /usr/share/selinux/devel $d13_out" \
			"$d13_img/disk.raw" >"$d13_out/debugfs.log" 2>&1 ||
		   ! debugfs -R "rdump /var/lib/selinux/default/active/modules $d13_out" \
			"$d13_img/disk.raw" >>"$d13_out/debugfs.log" 2>&1 ||
		   [ ! -d "$d13_out/devel/include" ] || [ ! -d "$d13_out/modules/100" ]; then
			echo "ERROR: reading $d13_img/disk.raw failed, see $d13_out/debugfs.log" >&2
			return 1
		fi
		touch "$d13_out/.complete"
	fi
	echo "$d13_out"
}

# compile_against POLICY_DIR HEADER_DIR NAME WHAT: build rustnet.pp from
# POLICY_DIR's rustnet.te/.if/.fc with the devel Makefile of HEADER_DIR
# (policy NAME) in a scratch directory; say whether it compiled against
# WHAT (the build log on failure). Exit status: 0 compiled, 1 not.
compile_against() {
	ca_work=$(mktemp -d "${TMPDIR:-/tmp}/rustnet-compile.XXXXXX")
	cp "$1/rustnet.te" "$1/rustnet.if" "$1/rustnet.fc" "$ca_work/"
	ca_st=0
	make -C "$ca_work" -f "$2/Makefile" HEADERDIR="$2" NAME="$3" \
		rustnet.pp >"$ca_work/build.log" 2>&1 || ca_st=1
	if [ "$ca_st" -eq 0 ]; then
		echo "${0##*/}: rustnet.pp compiles against $4"
	else
		cat "$ca_work/build.log" >&2
		echo "${0##*/}: rustnet.pp does NOT compile against $4" >&2
	fi
	rm -rf "$ca_work"
	return "$ca_st"
}

# debian13_nft CACHE: print the path of a wrapper running Debian 13's nft
# (with its own libraries and loader, so it runs on this host's older
# glibc), extracted with debugfs from a cached debian13 lab image into
# CACHE/debian13-nft-<image>/ on first use. Prints nothing when there is no
# image, no debugfs or no readelf; returns 1 when reading fails.
debian13_nft() {
	d13n_img=""
	for d13n_d in "$1"/images/debian13-*/; do
		[ -f "$d13n_d.complete" ] && d13n_img=${d13n_d%/}
	done
	[ -n "$d13n_img" ] && command -v debugfs >/dev/null 2>&1 &&
		command -v readelf >/dev/null 2>&1 || return 0
	d13n_out=$1/debian13-nft-${d13n_img##*/debian13-}
	if [ ! -f "$d13n_out/.complete" ]; then
		rm -rf "$d13n_out"
		mkdir -p "$d13n_out"
		if ! d13n_extract "$d13n_img/disk.raw" "$d13n_out" \
			>"$d13n_out/debugfs.log" 2>&1; then
			echo "ERROR: extracting nft from $d13n_img/disk.raw failed, see $d13n_out/debugfs.log" >&2
			return 1
		fi
		printf '#!/bin/sh\nexec "%s/ld-linux-x86-64.so.2" --library-path "%s" "%s/nft" "$@"\n' \
			"$d13n_out" "$d13n_out" "$d13n_out" >"$d13n_out/run-nft"
		chmod +x "$d13n_out/run-nft"
		touch "$d13n_out/.complete"
	fi
	echo "$d13n_out/run-nft"
}

# d13n_extract DISK OUT: /usr/sbin/nft, the loader and every library it
# needs (NEEDED entries, followed until none is missing) into OUT, each
# under its soname.
d13n_extract() {
	d13n_lib=/usr/lib/x86_64-linux-gnu
	debugfs -R "dump /usr/sbin/nft $2/nft" "$1" &&
		debugfs -R "dump $d13n_lib/ld-linux-x86-64.so.2 $2/ld-linux-x86-64.so.2" "$1" ||
		return 1
	d13n_todo=$2/nft
	while [ -n "$d13n_todo" ]; do
		d13n_next=""
		for d13n_so in $(readelf -d $d13n_todo |
			sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u); do
			[ -f "$2/$d13n_so" ] && continue
			d13n_real=$(debugfs -R "stat $d13n_lib/$d13n_so" "$1" 2>/dev/null |
				sed -n 's/^Fast link dest: "\(.*\)"$/\1/p')
			debugfs -R "dump $d13n_lib/${d13n_real:-$d13n_so} $2/$d13n_so" "$1" &&
				[ -s "$2/$d13n_so" ] || return 1
			d13n_next="$d13n_next $2/$d13n_so"
		done
		d13n_todo=$d13n_next
	done
	chmod +x "$2/nft" "$2/ld-linux-x86-64.so.2" &&
		"$2/ld-linux-x86-64.so.2" --library-path "$2" "$2/nft" --version
}
