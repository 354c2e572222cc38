#!/bin/sh
# Write the rustnet_selinux(8) man page (groff) to stdout, generated from the
# policy sources so it cannot drift from them: booleans and their
# descriptions from rustnet.te (gen_tunable and its "## <desc>" block), types
# and the comment above each from rustnet.te, file contexts from rustnet.fc,
# entry domains from the rustnet_role/unconfined_run_to calls.  Debian has no
# "sepolicy manpage", which is what Fedora would use.
#
# Usage: mkman.sh POLICY_DIR VERSION
set -eu

[ $# -eq 2 ] || { echo "usage: $0 POLICY_DIR VERSION" >&2; exit 2; }
TE=$1/rustnet.te
FC=$1/rustnet.fc
VERSION=$2
for f in "$TE" "$FC"; do
	[ -r "$f" ] || { echo "mkman: cannot read $f" >&2; exit 1; }
done

booleans() {
	awk '
	/^## <desc>/ { indesc = 1; text = ""; next }
	/^## <\/desc>/ { indesc = 0; next }
	indesc {
		line = $0
		sub(/^##[ \t]*/, "", line)
		gsub(/<\/?p>/, "", line)
		if (line != "") text = text (text == "" ? "" : " ") line
		next
	}
	/^gen_tunable\(/ {
		s = $0
		sub(/^gen_tunable\(/, "", s)
		sub(/\).*/, "", s)
		split(s, a, /,[ \t]*/)
		printf ".TP\n.B %s\n(default: %s) %s\n", a[1], \
			(a[2] == "true" ? "on" : "off"), text
		printf ".br\nTurn on with \\fBsetsebool -P %s on\\fR.\n", a[1]
		text = ""
	}' "$TE"
}

types() {
	awk '
	/^#[ \t]/ { c = $0; sub(/^#[ \t]*/, "", c); next }
	/^type [a-z0-9_]+;/ {
		t = $2; sub(/;.*/, "", t)
		printf ".TP\n.B %s\n%s\n", t, \
			(c != "" ? c : (t == "rustnet_t" ? "The rustnet process domain." : \
			(t == "rustnet_exec_t" ? "The rustnet executable; running it enters rustnet_t." : "")))
		next
	}
	/^[ \t]*$/ { c = "" }' "$TE"
}

fcontexts() {
	awk '
	/^[ \t]*(#|$)/ { next }
	{
		path = $1
		ctx = $NF
		sub(/^gen_context\(/, "", ctx)
		sub(/,.*/, "", ctx)
		n = split(ctx, p, ":")
		printf ".TP\n.B %s\n%s\n", path, p[3]
	}' "$FC" | sed 's/\\/\\e/g'
}

entries() {
	awk '
	/unconfined_run_to\(rustnet_t/ { print "unconfined_t" }
	/rustnet_role\(/ {
		s = $0; sub(/.*rustnet_role\([^,]*,[ \t]*/, "", s); sub(/\).*/, "", s)
		print s
	}' "$TE" | sort -u | sed 's/.*/.IP \\(bu 2\n.B &/'
}

cat <<EOF
.TH RUSTNET_SELINUX 8 "" "rustnet-selinux $VERSION" "SELinux policy documentation"
.SH NAME
rustnet_selinux \- Security-Enhanced Linux policy for rustnet
.SH DESCRIPTION
The rustnet-selinux package installs the SELinux policy module
.B rustnet
(priority 200).  It confines the rustnet network monitor in the
.B rustnet_t
domain.  rustnet enters rustnet_t when a program labelled
.B rustnet_exec_t
is started from one of these domains:
EOF
entries
cat <<'EOF'
.PP
Processes started any other way (for example as a system service or from a
confined domain not listed above) do not transition and are not covered by
this policy.
.SH PERMISSIVE ON FIRST SHIP
The first releases of rustnet-selinux make
.B rustnet_t
a permissive domain when the package is first installed: denials are
logged but not enforced.  This is a separate policy module,
.BR permissive_rustnet_t ,
managed with
.BR semanage (8):
.TP
.B semanage permissive -d rustnet_t
enforce the policy now;
.TP
.B semanage permissive -a rustnet_t
make the domain permissive again.
.PP
Upgrades within a permissive release series keep the administrator's
choice.  A release that ships rustnet_t enforcing removes the marker
when it upgrades the package, whoever added it.
Removing the package removes the marker and the module.
.SH BOOLEANS
EOF
booleans
cat <<'EOF'
.SH TYPES
EOF
types
cat <<'EOF'
.SH FILE CONTEXTS
Paths (regular expressions) the module labels, and their types.
.B HOME_DIR
stands for each user's home directory.  Restore labels with
.BR restorecon (8)
.BR -R .
EOF
fcontexts
cat <<'EOF'
.SH FILES
.TP
.I /usr/share/selinux/packages/<policytype>/rustnet.pp.bz2
the compiled module
.TP
.I /usr/share/selinux/devel/include/distributed/rustnet.if
interfaces for other policy modules
.TP
.I /usr/lib/tmpfiles.d/rustnet.conf
creates /var/log/rustnet (root's, 0755) at boot; a user's log directory
is made by the administrator:
.B install -d -m 0700 -o USER -g USER /var/log/rustnet/USER
.TP
.I /usr/share/rustnet-selinux/rustnet-egress-guard.nft
the opt-in egress guard: an nftables table that gives TCP and UDP packets
SECMARK labels, so that the only TCP and UDP packets rustnet_t may send or
receive are DNS (port 53) ones
.TP
.I /usr/lib/systemd/system/rustnet-egress-guard.service
loads that table; not enabled by the package:
.B systemctl enable --now rustnet-egress-guard.service
.SH EGRESS GUARD
While any secmark object is loaded, the kernel checks every packet of the
host, in every network namespace, against the policy; packets the guard does
not label are checked as unlabeled_t.  Deleting the table (or flushing the
nftables ruleset) turns the checks off again: the guard fails open.  Removing
the package stops the unit first.
.SH LIMITS
SELinux cannot stop a process that may capture packets from sending frames
through its capture socket, and its socket checks cannot limit UDP traffic
to a destination port without the egress guard.
.PP
With
.B rustnet_use_ebpf
on, rustnet_t holds the whole eBPF and perf interface: SELinux does not tell
program types, attach points or target processes apart, so a compromised
rustnet could read the memory of every process and signal any of them.
Leave it off unless short-lived connections must be attributed.
.PP
Terminal ioctls are limited to a whitelist (termios, window size, input
count); TIOCSTI, TIOCLINUX and line-discipline changes are denied.
.PP
Channels that stay open: names rustnet asks systemd-resolved to resolve
(DNS can carry data), and under sudo resolved's query monitor socket (the
same type as its resolve socket); on Debian, an abstract unix stream socket
rustnet listens on (the base policy lets every domain listen on its own
stream sockets; the module grants no unix bind); the environment of every
process of rustnet's uid (of every root process but PID 1 under sudo);
other users' terminals, which have the type of the user's own (only DAC
keeps rustnet out); /etc/sudoers and other etc_t files under sudo, and the
setuid bit on rustnet's own output files (SELinux does not see mode bits:
mount /tmp and /var/log nosuid).
See the policy README shipped in the package's
documentation directory.
.SH SEE ALSO
.BR selinux (8),
.BR semanage (8),
.BR setsebool (8),
.BR restorecon (8),
.BR semodule (8)
EOF
