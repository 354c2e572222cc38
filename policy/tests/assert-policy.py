#!/usr/bin/python3
"""Static assertions on a linked binary policy containing rustnet.

Usage:
  assert-policy.py [OPTIONS] POLICY EXPECTED_DIR     check, TAP output
  assert-policy.py --expect-reject [OPTIONS] POLICY EXPECTED_DIR
        every assertion must FAIL (proves each one can fail)
  assert-policy.py --write-expected [OPTIONS] POLICY EXPECTED_DIR
        regenerate EXPECTED_DIR/<boolean>.diff (review the result!)
Options:
  --side debian12|debian13|fedora41   whose base policy POLICY was linked
        into (default debian12); KNOWN_DIFF lists the assertions that
        fail there because of the base policy, reported as GAP
  --module-cil FILE   the module as the store holds it (build-store.sh and
        side-store.sh write it); unix-client-only reads its own rules

Uses the setools library, the engine behind sesearch; each failing
assertion prints the matching rules and the sesearch command that shows
them. Exit: 0 ok, 1 assertion failed, 2 usage, 3 error.
"""

import os
import re
import sys

try:
    import setools
except ImportError:
    sys.stderr.write("ERROR: python3-setools is not installed\n")
    sys.exit(3)

DOMAIN = "rustnet_t"
TUNABLES = (
    "rustnet_use_sys_admin",
    "rustnet_direct_dns",
    "rustnet_read_other_users",
    "rustnet_read_cwd_geoip",
    "rustnet_write_home",
    "rustnet_use_ebpf",
    "rustnet_sudo_override_dac",
)
EBPF_BOOL = "rustnet_use_ebpf"
DAC_BOOL = "rustnet_sudo_override_dac"
OTHERS_BOOL = "rustnet_read_other_users"
SIDES = ("debian12", "debian13", "fedora41")
EXEC_OK = {"rustnet_exec_t", "ld_so_t", "lib_t", "textrel_shlib_t"}
OUTPUT_TYPES = {"rustnet_tmp_t", "rustnet_log_t", "rustnet_home_t"}
# Directories rustnet may add entries to: its own output types, and the
# generic /tmp directories that the filetrans rules relabel into
# rustnet_tmp_t.
ADD_NAME_OK = OUTPUT_TYPES | {"tmp_t", "user_tmp_t"}
HOME_READ_DEFAULT = {"rustnet_config_home_t", "rustnet_data_home_t"}
# rustnet_read_cwd_geoip: user_home_t and user_tmp_t (a user_home_content
# type on refpolicy); rustnet_write_home: rustnet_home_t.
HOME_READ_ANY = HOME_READ_DEFAULT | {"user_home_t", "user_tmp_t",
                                     "rustnet_home_t"}
SOCKETS_OK = {
    "packet_socket",
    "bluetooth_socket",
    "netlink_netfilter_socket",
    "netlink_route_socket",
    "netlink_generic_socket",
    "udp_socket",
    "unix_stream_socket",
    "unix_dgram_socket",
    "tcp_socket",
}
CAPS_DEFAULT = {"net_raw", "setuid", "setgid", "chown", "fowner"}
CAPS2_DEFAULT = set()
DAC_CAPS = {"dac_override", "dac_read_search"}
# Terminal ioctl commands (low 16 bits, as extended permissions see them)
# that push input or change the line, console or session: never granted.
TTY_IOCTL_DENY = {
    0x5412: "TIOCSTI", 0x541c: "TIOCLINUX", 0x5423: "TIOCSETD",
    0x541d: "TIOCCONS", 0x540e: "TIOCSCTTY", 0x5410: "TIOCSPGRP",
    0x5414: "TIOCSWINSZ", 0x5422: "TIOCNOTTY",
}
# What the TUI needs: termios get/set and the window size.
TTY_IOCTL_NEED = {0x5401: "TCGETS", 0x5402: "TCSETS", 0x5413: "TIOCGWINSZ"}
TTY_TYPES = {"devtty_t", "user_devpts_t", "user_tty_device_t"}
# Files the shell of the user opens for rustnet (stdout/stderr redirected,
# rustnet --headless > out.json): rustnet_t may write to such an inherited
# descriptor, never open one itself (inherited-write-only checks every
# boolean state).
INHERITED_WRITE_TYPES = {"user_home_t", "user_tmp_t"}
INHERITED_WRITE_PERMS = {"getattr", "write", "append"}
READ_PERMS = {"read", "write", "append", "open", "ioctl", "lock", "map",
              "execute", "create", "add_name", "remove_name", "setattr",
              "unlink", "rename", "link", "relabelfrom", "relabelto"}


class Ctx:
    """Policy plus the queries the assertions share."""

    def __init__(self, path, module_cil=None):
        self.p = setools.SELinuxPolicy(path)
        self.module_cil = module_cil
        self.defaults = {str(b): b.state for b in self.p.bools()}
        self._rules = None
        self._av_rules = None

    def state(self, on=()):
        s = dict(self.defaults)
        for b in on:
            s[b] = True
        return s

    def rules(self):
        if self._rules is None:
            q = setools.TERuleQuery(self.p, source=DOMAIN,
                                    ruletype=["allow"])
            self._rules = list(q.results())
        return self._rules

    def av_rules(self):
        """allow, dontaudit and auditallow rules, for boolean diffs."""
        if self._av_rules is None:
            q = setools.TERuleQuery(self.p, source=DOMAIN,
                                    ruletype=["allow", "dontaudit",
                                              "auditallow"])
            self._av_rules = list(q.results())
        return self._av_rules

    @staticmethod
    def active(rule, state):
        """state None means: every rule, whatever the booleans."""
        if state is None:
            return True
        try:
            cond = rule.conditional
        except setools.exception.RuleNotConditional:
            return True
        return cond.evaluate(**state) == rule.conditional_block

    def allow(self, state, tclass=None, perms=None, target=None):
        """Yield (rule, target type name, matching perms), targets expanded."""
        for r in self.rules():
            if tclass is not None and str(r.tclass) not in tclass:
                continue
            if not self.active(r, state):
                continue
            hit = set(r.perms) if perms is None else set(r.perms) & perms
            if not hit:
                continue
            for t in r.target.expand():
                if target is not None and str(t) not in target:
                    continue
                yield r, str(t), hit


def _all_states(c):
    """Every combination of the rustnet tunables."""
    names = [b for b in TUNABLES if b in c.defaults]
    for mask in range(1 << len(names)):
        s = dict(c.defaults)
        for i, b in enumerate(names):
            s[b] = bool(mask & (1 << i))
        yield s


def _inherited(x):
    """A write/append rule on a type the shell opens for rustnet_t; that
    it never comes with open is a_inherited_write_only's job."""
    r, t, hit = x
    return (str(r.tclass) == "file" and t in INHERITED_WRITE_TYPES
            and set(r.perms) <= INHERITED_WRITE_PERMS)


def fmt(items, limit=12):
    lines = []
    for r, t, hit in items:
        lines.append("%s  [target %s: %s]" % (r, t, " ".join(sorted(hit))))
    uniq = sorted(set(lines))
    out = uniq[:limit]
    if len(uniq) > limit:
        out.append("... %d more" % (len(uniq) - limit))
    return out


def none_of(items, hint):
    bad = fmt(items)
    return (not bad, bad + (["see: " + hint] if bad else []))


# Each assertion: (name, description, function(ctx) -> (ok, diag lines)).

def a_exec(c):
    items = [x for x in c.allow(None, {"file"},
                                {"execute", "execute_no_trans"})
             if x[1] not in EXEC_OK]
    return none_of(items, "sesearch -A -s rustnet_t -c file -p execute")


def a_entrypoint(c):
    items = [x for x in c.allow(None, {"file"}, {"entrypoint"})
             if x[1] != "rustnet_exec_t"]
    return none_of(items, "sesearch -A -s rustnet_t -c file -p entrypoint")


def a_no_transition(c):
    items = list(c.allow(None, {"process"},
                         {"transition", "dyntransition", "setexec",
                          "setcurrent"}))
    q = setools.TERuleQuery(c.p, source=DOMAIN, source_indirect=False,
                            ruletype=["type_transition"],
                            tclass=["process"])
    tt = ["%s" % r for r in q.results()]
    ok = not items and not tt
    return ok, fmt(items) + tt + ([] if ok else [
        "see: sesearch -A -s rustnet_t -c process -p transition; "
        "sesearch -T -s rustnet_t -c process"])


def a_name_connect_dns_only(c):
    items = [x for x in c.allow(None, None, {"name_connect"})
             if x[1] != "dns_port_t"]
    return none_of(items, "sesearch -A -s rustnet_t -p name_connect")


def a_no_name_connect_default(c):
    items = list(c.allow(c.state(), None, {"name_connect", "name_bind"}))
    return none_of(items, "sesearch -A -s rustnet_t -p name_connect")


def a_no_udp_send_default(c):
    items = list(c.allow(c.state(), {"udp_socket"},
                         {"write", "read", "append", "sendto", "recvfrom",
                          "send_msg", "recv_msg"}))
    return none_of(items, "sesearch -A -s rustnet_t -c udp_socket")


def a_no_net_send_dontaudit(c):
    """A dontaudit on sending would hide a taken-over rustnet's network
    use from every judge: the attack rows, "no AVC", the drift report."""
    send = {"write", "sendto", "append", "send_msg", "connect",
            "name_connect"}
    items = []
    for r in c.av_rules():
        if str(r.ruletype) != "dontaudit":
            continue
        if str(r.tclass) not in ("udp_socket", "tcp_socket",
                                 "rawip_socket", "packet_socket"):
            continue
        hit = set(r.perms) & send
        if hit:
            items.append((r, str(r.target), hit))
    return none_of(items, "sesearch --dontaudit -s rustnet_t -c udp_socket")


def a_no_tcp_default(c):
    items = list(c.allow(c.state(), {"tcp_socket"}, None, {DOMAIN}))
    return none_of(items, "sesearch -A -s rustnet_t -t rustnet_t "
                   "-c tcp_socket")


def a_no_raw_icmp(c):
    items = list(c.allow(None, {"rawip_socket", "icmp_socket"}))
    return none_of(items, "sesearch -A -s rustnet_t -c rawip_socket")


def a_socket_classes(c):
    items = [x for x in c.allow(None, None, {"create"}, {DOMAIN})
             if str(x[0].tclass).endswith("_socket")
             and str(x[0].tclass) not in SOCKETS_OK]
    return none_of(items, "sesearch -A -s rustnet_t -t rustnet_t -p create")


def a_no_unix_dgram_bind(c):
    """No unix_dgram_socket bind, in any boolean state: an abstract name
    has no file, so bind alone would let a taken-over rustnet receive
    from every process that may send to it.  (unix_stream_socket bind and
    listen come from Debian's domain-wide rule in refpolicy's domain.te,
    which no module can take away: policy/README.md states it.)"""
    items = [x for s in _all_states(c)
             for x in c.allow(s, {"unix_dgram_socket"}, {"bind"})]
    return none_of(items, "sesearch -A -s rustnet_t -c unix_dgram_socket "
                   "-p bind")


UNIX_CLASSES = ("unix_stream_socket", "unix_dgram_socket")
UNIX_SERVER = {"bind", "listen", "accept"}
UNIX_CLIENT = {"create", "connect", "read", "write"}
# Base rules on sockets rustnet_t cannot create, only inherit: the login
# session's sshd_t socket (application.te: ssh_rw_stream_sockets for
# application_domain_type, with rw_stream_socket_perms), on all three sides.
UNIX_INHERITED = {("application_domain_type", "sshd_t")}
CIL_ALLOW = re.compile(r"\(allow\s+(\S+)\s+(\S+)\s+\((\S+)\s+\(([^()]*)\)\)\)")


def _module_unix_server(path):
    """Rules of the module CIL at PATH granting a unix socket server
    permission (to any source): the module must have none.  A line on a
    unix socket class that CIL_ALLOW cannot read is reported too."""
    bad = []
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if "(allow " not in line or not any(k in line
                                                for k in UNIX_CLASSES):
                continue
            m = CIL_ALLOW.search(line)
            if not m or m.group(3) not in UNIX_CLASSES:
                bad.append("%s:%d: unreadable unix socket rule: %s"
                           % (path, n, line.strip()))
            elif set(m.group(4).split()) & UNIX_SERVER:
                bad.append("%s:%d: %s" % (path, n, line.strip()))
    return bad


def a_unix_client_only(c):
    """rustnet listens on no socket: its unix sockets are clients.  The
    kernel policy merges the module's self rules with the base policy's:
    Debian (kernel/domain.te) and Fedora (setrans_translate_context(domain)
    in kernel/domain.te) both give every domain bind, listen and accept on
    its own unix_stream_socket, which no module can take away.  So: the
    module itself grants no unix bind/listen/accept (its CIL as linked), the
    linked policy grants none on a datagram socket or on another domain,
    in any boolean state (but UNIX_INHERITED), and the client permissions
    are there."""
    diag = []
    for cls in UNIX_CLASSES:
        diag += _required(c, cls, DOMAIN, UNIX_CLIENT)
    items = [x for st in _all_states(c)
             for x in c.allow(st, set(UNIX_CLASSES), UNIX_SERVER)
             if str(x[0].tclass) == "unix_dgram_socket"
             or (x[1] != DOMAIN
                 and (str(x[0].source), x[1]) not in UNIX_INHERITED)]
    diag += fmt(items)
    if c.module_cil is None:
        diag.append("no --module-cil given: the module's own rules were "
                    "not read")
    else:
        try:
            diag += _module_unix_server(c.module_cil)
        except OSError as e:
            diag.append("cannot read %s: %s" % (c.module_cil, e))
    if diag:
        diag.append("see: sesearch -A -s rustnet_t -c unix_stream_socket "
                    "-p bind,listen,accept")
    return not diag, diag


TMPFILES = "systemd_tmpfiles_t"
# What systemd-tmpfiles does for rustnet.tmpfiles.conf
# ("d /var/log/rustnet 0755 root root -") at boot: create the directory
# under /var/log with the label file_contexts gives it, relabel one it
# finds with another type, stat it and set mode and owner.
TMPFILES_NEED = {
    "rustnet_log_t": {"create", "getattr", "setattr", "search",
                      "relabelto"},
    "var_log_t": {"search", "add_name", "write", "relabelfrom"},
}


def a_tmpfiles_log_dir(c):
    diag = []
    for target, perms in sorted(TMPFILES_NEED.items()):
        try:
            c.p.lookup_type(target)
        except setools.exception.InvalidType:
            diag.append("type %s missing" % target)
            continue
        have = set()
        q = setools.TERuleQuery(c.p, source=TMPFILES, target=target,
                                tclass=["dir"], ruletype=["allow"])
        for r in q.results():
            if c.active(r, c.state()):
                have |= set(r.perms)
        miss = perms - have
        if miss:
            diag.append("%s lacks %s:dir { %s } with default booleans"
                        % (TMPFILES, target, " ".join(sorted(miss))))
    if diag:
        diag.append("see: sesearch -A -s %s -t rustnet_log_t -c dir"
                    % TMPFILES)
    return not diag, diag


def a_no_module_load(c):
    items = list(c.allow(None, {"capability"}, {"sys_module"}))
    items += list(c.allow(None, {"system"}, {"module_load"}))
    items += list(c.allow(c.state(), {"system"}, {"module_request"}))
    return none_of(items, "sesearch -A -s rustnet_t -c system")


def a_no_user_home_default(c):
    items = [x for x in c.allow(c.state(), {"file", "dir", "lnk_file"},
                                {"read", "write", "append", "create",
                                 "add_name"}, {"user_home_t"})
             if not _inherited(x)]
    return none_of(items, "sesearch -A -s rustnet_t -t user_home_t")


def _home_content(c, state, allowed):
    # refpolicy: user_home_content_type; Fedora: user_home_type.
    try:
        attr = c.p.lookup_typeattr("user_home_content_type")
    except setools.exception.InvalidType:
        attr = c.p.lookup_typeattr("user_home_type")
    home = {str(t) for t in attr.expand()}
    return [x for x in c.allow(state, {"file", "lnk_file"},
                               {"read", "write", "append", "create"}, home)
            if x[1] not in allowed and not _inherited(x)]


def a_home_content_default(c):
    return none_of(_home_content(c, c.state(), HOME_READ_DEFAULT),
                   "sesearch -A -s rustnet_t -c file -p read")


def a_home_content_any(c):
    return none_of(_home_content(c, None, HOME_READ_ANY),
                   "sesearch -A -s rustnet_t -c file -p read")


def a_no_ssh_home(c):
    items = list(c.allow(None, None, READ_PERMS, {"ssh_home_t"}))
    return none_of(items, "sesearch -A -s rustnet_t -t ssh_home_t")


def a_no_shadow(c):
    items = list(c.allow(None, None, READ_PERMS | {"getattr"}, {"shadow_t"}))
    return none_of(items, "sesearch -A -s rustnet_t -t shadow_t")


def a_home_dir_search_only(c):
    items = [x for x in c.allow(None, None, None, {"user_home_dir_t"})
             if str(x[0].tclass) != "dir"
             or x[2] - {"getattr", "search", "open"}]
    return none_of(items, "sesearch -A -s rustnet_t -t user_home_dir_t")


def a_no_ptrace(c):
    items = list(c.allow(None, {"process"}, {"ptrace"}))
    items += list(c.allow(c.state(), {"capability"}, {"sys_ptrace"}))
    return none_of(items, "sesearch -A -s rustnet_t -p ptrace,sys_ptrace")


def a_writes_outputs_only(c):
    items = [x for x in c.allow(None, {"file", "lnk_file"},
                                {"write", "append", "create", "setattr"})
             if x[1] not in OUTPUT_TYPES | {DOMAIN} and not _inherited(x)]
    # add_name on rustnet_t:dir, its own /proc/PID directories where
    # nothing can be created, comes from Debian 13's base policy
    # (allow domain self:dir rw_dir_perms).
    items += [x for x in c.allow(None, {"dir"}, {"add_name", "create"})
              if x[1] not in ADD_NAME_OK
              and not (x[1] == DOMAIN and x[2] == {"add_name"})]
    return none_of(items, "sesearch -A -s rustnet_t -c file -p write")


def a_inherited_write_only(c):
    """In no boolean state may rustnet_t both open and write (or append
    to) a file of a type it writes only through inherited descriptors."""
    bad = []
    for st in _all_states(c):
        w = list(c.allow(st, {"file"}, {"write", "append"},
                         INHERITED_WRITE_TYPES))
        opened = {t for _, t, _ in c.allow(st, {"file"}, {"open"},
                                           INHERITED_WRITE_TYPES)}
        on = sorted(b for b in TUNABLES if st.get(b))
        for r, t, hit in w:
            if t in opened:
                bad.append("%s: write and open on %s with %s on" %
                           (r, t, " ".join(on) or "no tunable"))
    bad = sorted(set(bad))
    return (not bad, bad[:12] + (["see: sesearch -A -s rustnet_t -t "
                                  "user_tmp_t -c file"] if bad else []))


def a_caps_default(c):
    items = [x for x in c.allow(c.state(), {"capability"})
             if x[2] - CAPS_DEFAULT]
    items += [x for x in c.allow(c.state(), {"capability2"})
              if x[2] - CAPS2_DEFAULT]
    items += list(c.allow(None, {"capability"}, {"net_admin",
                                                 "sys_rawio", "setpcap",
                                                 "sys_resource"}))
    return none_of(items, "sesearch -A -s rustnet_t -c capability")


def a_guard_rustnet(c):
    bad = list(c.allow(None, {"packet"}, {"send", "recv"},
                       {"rustnet_nondns_packet_t"}))
    have = set()
    for _, _, hit in c.allow(c.state(), {"packet"}, None,
                             {"rustnet_dns_packet_t"}):
        have |= hit
    diag = fmt(bad)
    if have != {"send", "recv"}:
        diag.append("rustnet_t lacks packet send/recv on "
                    "rustnet_dns_packet_t (has %s)" % sorted(have))
    return (not bad and have == {"send", "recv"}), diag + (
        ["see: sesearch -A -s rustnet_t -c packet"] if diag else [])


def a_guard_others(c):
    diag = []
    for dom in ("sshd_t", "unconfined_t", "dhcpc_t"):
        try:
            c.p.lookup_type(dom)
        except setools.exception.InvalidType:
            continue
        q = setools.TERuleQuery(c.p, source=dom, target="rustnet_nondns_packet_t",
                                tclass=["packet"], ruletype=["allow"])
        perms = set()
        for r in q.results():
            if c.active(r, c.state()):
                perms |= set(r.perms)
        if not {"send", "recv"} <= perms:
            diag.append("%s has %s on rustnet_nondns_packet_t, "
                        "wants send recv" % (dom, sorted(perms)))
    for t in ("rustnet_dns_packet_t", "rustnet_nondns_packet_t"):
        try:
            attrs = {str(a) for a in c.p.lookup_type(t).attributes()}
        except setools.exception.InvalidType:
            attrs = set()
        if "packet_type" not in attrs:
            diag.append("%s is not a packet_type" % t)
    return not diag, diag


def a_capture(c):
    diag = _required(c, "packet_socket", DOMAIN,
                     {"create", "bind", "ioctl", "getopt", "setopt", "read",
                      "write", "map"})
    diag += _required(c, "netlink_route_socket", DOMAIN,
                      {"create", "bind", "read", "write", "nlmsg_read"})
    diag += _required(c, "capability", DOMAIN, {"net_raw"})
    diag += _required(c, "udp_socket", DOMAIN,
                      {"create", "bind", "connect", "getattr"})
    return not diag, diag


def _required(c, tclass, target, perms, on=()):
    have = set()
    for _, _, hit in c.allow(c.state(on), {tclass}, perms, {target}):
        have |= hit
    missing = perms - have
    if missing:
        return ["rustnet_t lacks %s:%s { %s }%s" % (
            target, tclass, " ".join(sorted(missing)),
            " with %s on" % " ".join(on) if on else "")]
    return []


def a_ebpf(c):
    on = (EBPF_BOOL,)
    diag = _required(c, "capability2", DOMAIN, {"bpf", "perfmon"}, on)
    diag += _required(c, "bpf", DOMAIN, {"map_create", "map_read",
                                         "map_write", "prog_load",
                                         "prog_run"}, on)
    diag += _required(c, "perf_event", DOMAIN, {"open", "cpu", "kernel"},
                      on)
    return not diag, diag


# The types rustnet reads on every start: ~/.config/rustnet (config.toml)
# and ~/.local/share/rustnet (GeoIP databases).
OWN_READ_TYPES = ("rustnet_config_home_t", "rustnet_data_home_t")
OWN_READ_PERMS = {"dir": {"getattr", "search", "open", "read"},
                  "file": {"getattr", "open", "read"}}


def a_own_files_read(c):
    """Issue 12's case (a) without a guest: the config read rule replaced
    by a dontaudit would leave every e2e row but the config check green.
    rustnet_t must read its own config and data with default booleans,
    and no dontaudit rule of the module (any boolean state) may cover
    those types: a denial there must reach the audit log."""
    diag = []
    for t in OWN_READ_TYPES:
        for tclass, perms in sorted(OWN_READ_PERMS.items()):
            diag += _required(c, tclass, t, perms)
    # the module's own rules (source rustnet_t itself); a base rule on an
    # attribute (Fedora: dontaudit application_domain_type
    # non_security_file_type:dir search) is the base's, and the enforcing
    # pass runs with dontaudit off (semodule -DB) either way
    for r in c.av_rules():
        if str(r.ruletype) != "dontaudit" or str(r.source) != DOMAIN:
            continue
        if not set(r.perms) & OWN_READ_PERMS.get(str(r.tclass), set()):
            continue
        hit = {str(t) for t in r.target.expand()} & set(OWN_READ_TYPES)
        if hit:
            diag.append("%s  [hides denials on %s]" % (r,
                                                      " ".join(sorted(hit))))
    if diag:
        diag.append("see: sesearch -A -D -s rustnet_t -t "
                    "rustnet_config_home_t")
    return not diag, diag


def _states_with_off(c, off):
    """Every combination of the rustnet tunables with OFF off."""
    others = [b for b in TUNABLES if b != off and b in c.defaults]
    for mask in range(1 << len(others)):
        s = dict(c.defaults)
        for i, b in enumerate(others):
            s[b] = bool(mask & (1 << i))
        s[off] = False
        yield s


def _found_with_off(c, off, tclass, perms):
    seen = {}
    for st in _states_with_off(c, off):
        for x in c.allow(st, tclass, perms):
            seen[str(x[0]) + x[1]] = x
    return list(seen.values())


def a_no_ebpf_off(c):
    items = _found_with_off(c, EBPF_BOOL, {"bpf", "perf_event"}, None)
    items += _found_with_off(c, EBPF_BOOL, {"capability2"},
                             {"bpf", "perfmon"})
    return none_of(items, "sesearch -A -s rustnet_t -c bpf; "
                   "sesearch -A -s rustnet_t -c perf_event")


def a_dac_sudo_only(c):
    """dac_override only with DAC_BOOL; dac_read_search also with
    OTHERS_BOOL (root listing other users' /proc/PID/fd)."""
    items = _found_with_off(c, DAC_BOOL, {"capability"}, {"dac_override"})
    items += [x for x in _found_with_off(c, DAC_BOOL, {"capability"},
                                         {"dac_read_search"})
              if OTHERS_BOOL not in str(x[0])]
    return none_of(items, "sesearch -A -s rustnet_t -c capability "
                   "-p dac_override,dac_read_search")


def a_no_init_state(c):
    items = list(c.allow(None, {"dir", "file", "lnk_file"}, None,
                         {"init_t"}))
    return none_of(items, "sesearch -A -s rustnet_t -t init_t")


def _xperm_rules(c):
    q = setools.TERuleQuery(c.p, source=DOMAIN, ruletype=["allowxperm"],
                            tclass=["chr_file"])
    return list(q.results())


def a_tty_xperm(c):
    """Every terminal rustnet_t may ioctl has a whitelist: the commands the
    TUI needs, none of TTY_IOCTL_DENY."""
    diag = []
    terms = set(TTY_TYPES)
    for attr in ("ttynode", "ptynode"):
        try:
            terms |= {str(t) for t in c.p.lookup_typeattr(attr).expand()}
        except setools.exception.InvalidType:
            pass
    wl = {}
    for r in _xperm_rules(c):
        for t in r.target.expand():
            wl.setdefault(str(t), set()).update(set(r.perms))
    ioctl_terms = {t for _, t, _ in c.allow(None, {"chr_file"}, {"ioctl"})
                   if t in terms}
    for t in sorted(TTY_TYPES - ioctl_terms):
        diag.append("rustnet_t has no chr_file ioctl on %s (the TUI needs "
                    "it)" % t)
    for t in sorted(ioctl_terms):
        if t not in wl:
            diag.append("chr_file ioctl on %s with no allowxperm "
                        "whitelist: every command, TIOCSTI included" % t)
            continue
        bad = sorted(TTY_IOCTL_DENY[n] for n in wl[t] & set(TTY_IOCTL_DENY))
        if bad:
            diag.append("allowxperm on %s grants %s" % (t, " ".join(bad)))
        miss = sorted(TTY_IOCTL_NEED[n] for n in set(TTY_IOCTL_NEED) - wl[t])
        if miss:
            diag.append("allowxperm on %s lacks %s" % (t, " ".join(miss)))
    if diag:
        diag.append("see: sesearch --allowxperm -s rustnet_t -c chr_file")
    return not diag, diag


def a_resolved(c):
    diag = _required(c, "unix_stream_socket", "systemd_resolved_t",
                     {"connectto"})
    return not diag, diag


def a_entry(c):
    diag = []
    for dom in ("unconfined_t", "staff_t", "sysadm_t"):
        q = setools.TERuleQuery(c.p, source=dom, source_indirect=False,
                                target="rustnet_exec_t",
                                ruletype=["type_transition"],
                                tclass=["process"])
        if not any(str(r.default) == DOMAIN for r in q.results()):
            diag.append("no type_transition %s rustnet_exec_t:process "
                        "rustnet_t" % dom)
        q = setools.TERuleQuery(c.p, source=dom, target=DOMAIN,
                                tclass=["process"], perms=["transition"],
                                ruletype=["allow"])
        if not list(q.results()):
            diag.append("%s may not transition to rustnet_t" % dom)
    q = setools.TERuleQuery(c.p, source=DOMAIN, target="rustnet_exec_t",
                            tclass=["file"], perms=["entrypoint"],
                            ruletype=["allow"])
    if not list(q.results()):
        diag.append("rustnet_exec_t is not an entrypoint of rustnet_t")
    for role in ("unconfined_r", "staff_r", "sysadm_r"):
        r = c.p.lookup_role(role)
        if DOMAIN not in {str(t) for t in r.types()}:
            diag.append("role %s may not hold rustnet_t" % role)
    return not diag, diag


def a_not_permissive(c):
    t = c.p.lookup_type(DOMAIN)
    return (not t.ispermissive,
            ["rustnet_t is permissive in the policy (remove 'permissive "
             "rustnet_t;' from the module)"] if t.ispermissive else [])


def a_tunables_off(c):
    diag = []
    for b in TUNABLES:
        if b not in c.defaults:
            diag.append("boolean %s missing" % b)
        elif c.defaults[b]:
            diag.append("boolean %s defaults to on" % b)
    return not diag, diag


def effective(c, state):
    """Permissions rustnet_t holds in STATE, one line per permission."""
    lines = set()
    for r in c.av_rules():
        if c.active(r, state):
            for p in r.perms:
                lines.add("%s %s %s:%s %s" % (r.ruletype, r.source, r.target,
                                              r.tclass, p))
    return lines


def bool_diff(c, name):
    """Permissions that change when boolean NAME alone is turned on."""
    off, on = effective(c, c.state()), effective(c, c.state((name,)))
    return sorted(["+ " + l for l in on - off] + ["- " + l for l in off - on])


def make_bool_assertion(name, expected_dir):
    path = os.path.join(expected_dir, name + ".diff")

    def check(c):
        if name not in c.defaults:
            return False, ["boolean %s missing" % name]
        got = bool_diff(c, name)
        try:
            with open(path) as f:
                want = [l.rstrip("\n") for l in f if l.strip()
                        and not l.startswith("#")]
        except OSError as e:
            return False, ["cannot read %s: %s" % (path, e)]
        if got == want:
            return True, []
        diag = ["rules %s adds differ from %s:" % (name, path)]
        diag += ["unexpected: " + l for l in sorted(set(got) - set(want))]
        diag += ["missing:    " + l for l in sorted(set(want) - set(got))]
        diag.append("see: sesearch -A -s rustnet_t -b %s" % name)
        return False, diag[:40]
    return check


def assertions(expected_dir):
    a = [
        ("exec-only-own", "no execute outside rustnet_exec_t and ld.so/libs",
         a_exec),
        ("entrypoint-only-own", "only rustnet_exec_t enters rustnet_t",
         a_entrypoint),
        ("no-transition", "no process transition out of rustnet_t",
         a_no_transition),
        ("name-connect-dns-only", "name_connect only to dns_port_t",
         a_name_connect_dns_only),
        ("no-name-connect-default", "no name_connect/name_bind with "
         "default booleans", a_no_name_connect_default),
        ("no-udp-send-default", "no udp_socket read/write with default "
         "booleans", a_no_udp_send_default),
        ("no-net-send-dontaudit", "no dontaudit on socket sends or "
         "connects, in any boolean state", a_no_net_send_dontaudit),
        ("no-tcp-default", "no tcp_socket at all with default booleans",
         a_no_tcp_default),
        ("no-raw-icmp", "no rawip_socket/icmp_socket", a_no_raw_icmp),
        ("socket-classes", "creates only the socket classes it needs",
         a_socket_classes),
        ("no-unix-dgram-bind", "no unix_dgram_socket bind (no abstract "
         "datagram name), in any boolean state", a_no_unix_dgram_bind),
        ("unix-client-only", "unix sockets as a client only: the module "
         "grants no bind/listen/accept, the policy none on datagram "
         "sockets or other domains (any boolean state)",
         a_unix_client_only),
        ("tmpfiles-log-dir", "systemd-tmpfiles may create and label "
         "/var/log/rustnet (rustnet_log_t) at boot, default booleans",
         a_tmpfiles_log_dir),
        ("no-module-load", "no sys_module, module_load (nor "
         "module_request by default)", a_no_module_load),
        ("no-user-home-default", "no read/write of user_home_t with "
         "default booleans", a_no_user_home_default),
        ("home-content-default", "home content read/write only of "
         "rustnet's own types by default", a_home_content_default),
        ("home-content-any", "home content beyond rustnet's types only "
         "via documented booleans", a_home_content_any),
        ("no-ssh-home", "nothing on ssh_home_t", a_no_ssh_home),
        ("no-shadow", "nothing on shadow_t", a_no_shadow),
        ("home-dir-search-only", "user_home_dir_t: search only",
         a_home_dir_search_only),
        ("no-ptrace", "no process ptrace, no sys_ptrace by default",
         a_no_ptrace),
        ("writes-outputs-only", "file writes only to output types",
         a_writes_outputs_only),
        ("inherited-write-only", "user_home_t/user_tmp_t files: write "
         "and append (inherited stdout/stderr) never with open, in any "
         "boolean state", a_inherited_write_only),
        ("caps-default", "capabilities with default booleans: net_raw "
         "setuid setgid chown fowner, no capability2; never net_admin "
         "sys_rawio setpcap sys_resource", a_caps_default),
        ("dac-sudo-only", "dac_override only with "
         "rustnet_sudo_override_dac on, dac_read_search only with it or "
         "rustnet_read_other_users on", a_dac_sudo_only),
        ("no-ebpf-off", "no bpf, perf_event, capability2 bpf/perfmon with "
         "rustnet_use_ebpf off (any other booleans)", a_no_ebpf_off),
        ("no-init-state", "nothing on init_t files (/proc/1)",
         a_no_init_state),
        ("tty-ioctl-whitelist", "terminal ioctls whitelisted with "
         "allowxperm: TCGETS TCSETS TIOCGWINSZ yes, TIOCSTI TIOCLINUX "
         "TIOCSETD and other injection/line commands no", a_tty_xperm),
        ("guard-rustnet", "rustnet_t: dns packets yes, nondns packets no",
         a_guard_rustnet),
        ("guard-others", "other domains keep nondns packets",
         a_guard_others),
        ("capture-perms", "capture and route probe permissions present",
         a_capture),
        ("own-files-read", "reads its config and data dirs with default "
         "booleans; no dontaudit of its own on them (any boolean state)",
         a_own_files_read),
        ("ebpf-perms", "eBPF permissions present with rustnet_use_ebpf "
         "on", a_ebpf),
        ("resolved-connect", "reverse DNS via systemd-resolved",
         a_resolved),
        ("entry-transitions", "unconfined_t, staff_t, sysadm_t enter "
         "rustnet_t via rustnet_exec_t", a_entry),
        ("not-permissive", "rustnet_t is not permissive in the module",
         a_not_permissive),
        ("tunables-off", "all rustnet tunables exist and default off",
         a_tunables_off),
    ]
    for b in TUNABLES:
        a.append(("bool-" + b, "%s adds exactly %s.diff" % (b, b),
                  make_bool_assertion(b, expected_dir)))
    return a


# Assertions that fail on a side because of its base policy, not the
# module: rules whose source is an attribute rustnet_t is in (domain,
# application_domain_type, ...) or the base's own booleans. Each is
# reported as a known gap ("ok N - name: ... # GAP: reason", the e2e
# runner's directive, which scripts/run-checks.sh counts as a gap, not a
# pass) with its rules; the reason says where they come from.
KNOWN_DIFF = {
    "debian12": {},
    "debian13": {},
    "fedora41": {
        "exec-only-own": "every domain may execute abrt_helper_exec_t, "
        "and prelink_exec_t with fips_mode (on)",
        "no-transition": "every domain enters abrt_helper_t from "
        "abrt_helper_exec_t",
        "no-udp-send-default": "every domain may read/write afs_t UDP "
        "sockets; unlabelednet gives unlabeled_t recvfrom",
        "no-net-send-dontaudit": "every domain dontaudits read/write of "
        "other domains' sockets (leaked descriptors)",
        "no-raw-icmp": "unlabelednet gives unlabeled_t rawip recvfrom",
        "no-module-load": "domain_kernel_load_modules (on) lets every "
        "domain request module autoload",
        "home-content-default": "every application domain may read/write "
        "inherited user_tmp_t files and every domain read/append "
        "inherited tmpfile files (no open)",
        "home-content-any": "every domain may read/append inherited "
        "tmpfile files such as user_fonts_t (no open)",
        "no-ssh-home": "domain_can_mmap_files (off) would let every "
        "domain map every file type",
        "no-shadow": "domain_can_mmap_files (off) would let every domain "
        "map every file type",
        "home-dir-search-only": "domain_can_mmap_files (off); Fedora's "
        "userdom_search_user_home_dirs also reads user_home_dir_t links",
        "writes-outputs-only": "every application domain may append to "
        "inherited logfile and admin_home_t files (no open)",
        "inherited-write-only": "every application domain may append to "
        "user_home_t files: with rustnet_read_cwd_geoip on (it grants "
        "open) rustnet_t can open ~/.bashrc for append (policy/README.md)",
    },
}


# Assertions that hold on a side whatever the module does, so the wrong
# fixture cannot make them fail there (expect-reject: no proof, SKIP).
NO_PROOF = {
    "fedora41": {
        "resolved-connect": "every domain may connect to "
        "systemd-resolved (kernel/domain.te)",
    },
}


def parse_args(argv):
    """(mode, side, module_cil, policy, expected_dir), or None."""
    mode, side, cil = "check", "debian12", None
    args = list(argv)
    rest = []
    while args:
        a = args.pop(0)
        if a in ("--expect-reject", "--write-expected"):
            mode = a[2:]
        elif a in ("--side", "--module-cil") and args:
            v = args.pop(0)
            if a == "--side":
                side = v
            else:
                cil = v
        elif a.startswith("--"):
            return None
        else:
            rest.append(a)
    if len(rest) != 2 or side not in SIDES:
        return None
    return mode, side, cil, rest[0], rest[1]


def report(mode, side, n, name, desc, ok, diag):
    """Print the TAP line of one assertion; return 1 if it counts as a
    failure.  An assertion in KNOWN_DIFF[side] fails because of the base
    policy: a known gap in check mode (the suite's "# GAP:" directive,
    counted neither as passed nor failed; a failure once it passes: the
    table is stale), no proof in expect-reject mode."""
    known = KNOWN_DIFF.get(side, {}).get(name)
    if mode == "expect-reject":
        why = NO_PROOF.get(side, {}).get(name)
        if known:
            why = "fails with the good module too (%s)" % known
        if why:
            print("ok %d - %s # SKIP no proof on %s: %s"
                  % (n, name, side, why))
            return 0
        if ok:
            print("not ok %d - %s: wrong fixture NOT rejected (%s)"
                  % (n, name, desc))
            return 1
        print("ok %d - %s: wrong fixture rejected (%s)" % (n, name, desc))
        for d in diag[:3]:
            print("#   " + d)
        return 0
    if known:
        if ok:
            print("not ok %d - %s: %s (KNOWN_DIFF[%s] says it fails: "
                  "remove the entry)" % (n, name, desc, side))
            return 1
        print("ok %d - %s: %s # GAP: %s base policy: %s"
              % (n, name, desc, side, known))
        for d in diag[:6]:
            print("#   " + d)
        return 0
    if ok:
        print("ok %d - %s: %s" % (n, name, desc))
        return 0
    print("not ok %d - %s: %s" % (n, name, desc))
    for d in diag:
        print("#   " + d)
    return 1


def main(argv):
    parsed = parse_args(argv)
    if parsed is None:
        sys.stderr.write(__doc__)
        return 2
    mode, side, cil, path, expected_dir = parsed
    if not os.path.isfile(path):
        sys.stderr.write("assert-policy: no policy file %s\n" % path)
        return 2
    try:
        c = Ctx(path, cil)
        c.p.lookup_type(DOMAIN)
    except (OSError, setools.exception.InvalidType) as e:
        sys.stderr.write("ERROR: %s: %s\n" % (path, e))
        return 3

    if mode == "write-expected":
        os.makedirs(expected_dir, exist_ok=True)
        for b in TUNABLES:
            with open(os.path.join(expected_dir, b + ".diff"), "w") as f:
                f.write("# rules for rustnet_t added (+) or removed (-) "
                        "when %s is on\n" % b)
                for l in bool_diff(c, b):
                    f.write(l + "\n")
        return 0

    todo = assertions(expected_dir)
    print("1..%d" % len(todo))
    failed = 0
    for n, (name, desc, fn) in enumerate(todo, 1):
        ok, diag = fn(c)
        failed += report(mode, side, n, name, desc, ok, diag)
    if failed:
        print("# %d of %d failed" % (failed, len(todo)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
