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
# debugfs into CACHE/debian13-policy-<image>/ on first use. Without such
# an image (or debugfs), the same from Debian 13's packages at VERSION
# (debian13-debs.sh policy, CACHE/debian13-policy-deb-<version>/). Prints
# nothing when neither is available (debian13-debs.sh says why on
# stderr); returns 1 when reading fails.
debian13_source() {
	d13_img=$(debian13_image "$1" "${2:-}")
	[ -n "$d13_img" ] && command -v debugfs >/dev/null 2>&1 || {
		d13_debs policy "$1" ${2:+"$2"}
		return
	}
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

# d13_debs ARG...: debian13-debs.sh ARG... (next to the running script);
# its output, nothing on a SKIP (exit 4), status 1 on any other failure.
d13_debs() {
	d13d_st=0
	"$(dirname "$0")/debian13-debs.sh" "$@" || d13d_st=$?
	[ "$d13d_st" -eq 0 ] || [ "$d13d_st" -eq 4 ]
}

# compile_against POLICY_DIR HEADER_DIR NAME WHAT [MODULE [OUT_DIR]]: build
# MODULE.pp (default rustnet) from POLICY_DIR's MODULE.te/.if/.fc with the
# devel Makefile of HEADER_DIR (policy NAME) in a scratch directory; say
# whether it compiled against WHAT (the build log on failure) and copy the
# module to OUT_DIR when given. Exit status: 0 compiled, 1 not.
compile_against() {
	ca_mod=${5:-rustnet}
	ca_work=$(mktemp -d "${TMPDIR:-/tmp}/rustnet-compile.XXXXXX")
	cp "$1/$ca_mod.te" "$1/$ca_mod.if" "$1/$ca_mod.fc" "$ca_work/"
	ca_st=0
	make -C "$ca_work" -f "$2/Makefile" HEADERDIR="$2" NAME="$3" \
		"$ca_mod.pp" >"$ca_work/build.log" 2>&1 || ca_st=1
	if [ "$ca_st" -eq 0 ] && [ -n "${6:-}" ]; then
		cp "$ca_work/$ca_mod.pp" "$6/" || ca_st=1
	fi
	if [ "$ca_st" -eq 0 ]; then
		echo "${0##*/}: $ca_mod.pp compiles against $4"
	else
		cat "$ca_work/build.log" >&2
		echo "${0##*/}: $ca_mod.pp does NOT compile against $4" >&2
	fi
	rm -rf "$ca_work"
	return "$ca_st"
}

# debian13_image CACHE [VERSION]: print the newest complete debian13 lab
# image directory in CACHE/images (with selinux-policy-default VERSION
# when given); nothing when there is none.
debian13_image() {
	d13i_img=""
	for d13i_d in "$1"/images/debian13-*/; do
		[ -f "$d13i_d.complete" ] || continue
		if [ -n "${2:-}" ]; then
			[ -f "${d13i_d}manifest.txt" ] &&
				grep -qx "selinux-policy-default: $2" "${d13i_d}manifest.txt" ||
				continue
		fi
		d13i_img=${d13i_d%/}
	done
	[ -z "$d13i_img" ] || echo "$d13i_img"
}

# debian13_tool CACHE PROG [PACKAGE]: print the path of a wrapper running
# Debian 13's PROG (its absolute path in the image; with its own libraries
# and loader, so it runs on this host's older glibc), extracted with
# debugfs from a cached debian13 lab image into CACHE/debian13-<name>-<image>/
# on first use; without an image (or debugfs) and with PACKAGE, from
# Debian 13's PACKAGE and its dependencies (debian13-debs.sh root) into
# CACHE/debian13-<name>-deb-<package>-<version>/. Prints nothing when
# neither is available or there is no readelf; returns 1 when reading fails.
debian13_tool() {
	command -v readelf >/dev/null 2>&1 || return 0
	d13n_img=$(debian13_image "$1")
	if [ -n "$d13n_img" ] && command -v debugfs >/dev/null 2>&1; then
		d13n_src=$d13n_img/disk.raw
		d13n_key=${d13n_img##*/debian13-}
	elif [ -n "${3:-}" ]; then
		d13n_root=$(d13_debs root "$1" "$3") || return 1
		[ -n "$d13n_root" ] || return 0
		d13n_src=$d13n_root/root
		d13n_key=deb-${d13n_root##*/debian13-root-}
	else
		return 0
	fi
	d13n_name=${2##*/}
	d13n_out=$1/debian13-$d13n_name-$d13n_key
	if [ ! -f "$d13n_out/.complete" ]; then
		# Built aside and renamed: another check may ask at the same time.
		d13n_tmp=$(mktemp -d "$d13n_out.XXXXXX")
		if ! d13n_extract "$d13n_src" "$d13n_tmp" "$2" \
			>"$d13n_tmp/extract.log" 2>&1; then
			echo "ERROR: extracting $2 from $d13n_src failed, see $d13n_tmp/extract.log" >&2
			return 1
		fi
		printf '#!/bin/sh\nexec "%s/ld-linux-x86-64.so.2" --library-path "%s" "%s/%s" "$@"\n' \
			"$d13n_out" "$d13n_out" "$d13n_out" "$d13n_name" \
			>"$d13n_tmp/run-$d13n_name"
		chmod 755 "$d13n_tmp" "$d13n_tmp/run-$d13n_name"
		touch "$d13n_tmp/.complete"
		if [ -f "$d13n_out/.complete" ]; then
			rm -rf "$d13n_tmp"
		else
			rm -rf "$d13n_out"
			mv "$d13n_tmp" "$d13n_out"
		fi
	fi
	echo "$d13n_out/run-$d13n_name"
}

# debian13_nft CACHE: debian13_tool for nft.
debian13_nft() {
	debian13_tool "$1" /usr/sbin/nft nftables
}

# d13n_get SRC PATH DEST: copy the file PATH (symbolic links followed) of
# SRC, a disk image (read with debugfs) or a directory, to DEST.
d13n_get() {
	if [ ! -d "$1" ]; then
		d13g_real=$(debugfs -R "stat $2" "$1" 2>/dev/null |
			sed -n 's/^Fast link dest: "\(.*\)"$/\1/p')
		case $d13g_real in
		"") d13g_real=$2 ;;
		/*) ;;
		*) d13g_real=${2%/*}/$d13g_real ;;
		esac
		debugfs -R "dump $d13g_real $3" "$1" && [ -s "$3" ]
		return
	fi
	d13g_p=$2
	# A package may still ship it below /lib rather than /usr/lib.
	[ -e "$1$d13g_p" ] || [ -L "$1$d13g_p" ] || d13g_p=${2#/usr}
	while [ -L "$1$d13g_p" ]; do
		d13g_t=$(readlink "$1$d13g_p")
		case $d13g_t in
		/*) d13g_p=$d13g_t ;;
		*) d13g_p=${d13g_p%/*}/$d13g_t ;;
		esac
	done
	cp "$1$d13g_p" "$3"
}

# d13n_extract SRC OUT PROG: PROG, the loader and every library it needs
# (NEEDED entries, followed until none is missing) from SRC (see d13n_get)
# into OUT, each under its soname; the loader must then resolve every
# library of PROG.
d13n_extract() {
	d13n_lib=/usr/lib/x86_64-linux-gnu
	d13n_bin=$2/${3##*/}
	d13n_get "$1" "$3" "$d13n_bin" &&
		d13n_get "$1" $d13n_lib/ld-linux-x86-64.so.2 "$2/ld-linux-x86-64.so.2" ||
		return 1
	d13n_todo=$d13n_bin
	while [ -n "$d13n_todo" ]; do
		d13n_next=""
		for d13n_so in $(readelf -d $d13n_todo |
			sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort -u); do
			[ -f "$2/$d13n_so" ] && continue
			d13n_get "$1" "$d13n_lib/$d13n_so" "$2/$d13n_so" || return 1
			d13n_next="$d13n_next $2/$d13n_so"
		done
		d13n_todo=$d13n_next
	done
	chmod +x "$d13n_bin" "$2/ld-linux-x86-64.so.2" &&
		"$2/ld-linux-x86-64.so.2" --library-path "$2" --list "$d13n_bin"
}

# link_store SEMODULE BASE STORE OUT MODULE.pp...: link the modules at
# priority 400 into a scratch copy of BASE (a root holding etc/selinux and
# var/lib/selinux of policy STORE) with SEMODULE, and write OUT/policy (the
# kernel policy), OUT/file_contexts, OUT/file_contexts.homedirs and
# OUT/<module>.cil (each module as the store holds it after the link).
# Exit status: 0 ok, 1 the link failed (semodule's log on stderr).
link_store() {
	ls_sem=$1
	ls_base=$2
	ls_store=$3
	ls_out=$4
	shift 4
	ls_work=$(mktemp -d "${TMPDIR:-/tmp}/rustnet-store.XXXXXX")
	cp -a "$ls_base/etc" "$ls_base/var" "$ls_work/"
	# Only the policy this link writes may be found below.
	rm -f "$ls_work/etc/selinux/$ls_store/policy/policy."*
	# semodule warns about users missing from this host's passwd; keep
	# the log for real errors only.
	if ! nice -n 19 "$ls_sem" -p "$ls_work" -s "$ls_store" -n -X 400 \
		-i "$@" >"$ls_work/link.log" 2>&1; then
		cat "$ls_work/link.log" >&2
		echo "link_store: linking $* into $ls_store failed" >&2
		rm -rf "$ls_work"
		return 1
	fi
	ls_st=0
	mkdir -p "$ls_out"
	ls_pol=$(ls "$ls_work/etc/selinux/$ls_store/policy/policy."* 2>/dev/null |
		sort -V | tail -n 1)
	if [ -z "$ls_pol" ]; then
		echo "link_store: no binary policy produced" >&2
		ls_st=1
	else
		cp "$ls_pol" "$ls_out/policy" &&
			cp "$ls_work/etc/selinux/$ls_store/contexts/files/file_contexts" \
				"$ls_work/etc/selinux/$ls_store/contexts/files/file_contexts.homedirs" \
				"$ls_out/" || ls_st=1
	fi
	for ls_m in "$@"; do
		[ "$ls_st" -eq 0 ] || break
		ls_name=$(basename "$ls_m" .pp)
		bzip2 -dc "$ls_work/var/lib/selinux/$ls_store/active/modules/400/$ls_name/cil" \
			>"$ls_out/$ls_name.cil" || ls_st=1
	done
	rm -rf "$ls_work"
	return "$ls_st"
}

# prune_store SEMODULE BASE STORE LOG: keep only the priority-100 modules
# (the policy package's own) of BASE's store STORE and no local
# customisation, and rebuild it with SEMODULE (its output in LOG).
# Exit status: 0 ok, 1 the rebuild failed.
prune_store() {
	for ps_d in "$2/var/lib/selinux/$3/active/modules/"*; do
		case ${ps_d##*/} in
		100 | disabled) ;;
		*) rm -rf "$ps_d" ;;
		esac
	done
	rm -f "$2/var/lib/selinux/$3/active/"*.local
	if ! nice -n 19 "$1" -p "$2" -s "$3" -n -B >"$4" 2>&1; then
		echo "ERROR: rebuilding the base store $2 failed, see $4" >&2
		return 1
	fi
}
