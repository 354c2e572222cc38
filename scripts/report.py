#!/usr/bin/python3
"""Write REPORT.md and its results archive from a run (never by hand).

usage: report.py --results out/<profile> --out REPORT.md [--profile P]
                 [--allow-dirty]

Reads the run's results (docs/results-schema.md): guest/results.json (the
runner), guest/rpm/results.json, guest/faults/results.json and
guest/main/results.json, each checked against docs/results.schema.json
before anything is written, plus guest/provenance.json, times.txt,
image-manifest.txt (the image's manifest, which scripts/e2e.sh copies there
for debian13-fedora-policy: it names the Fedora policy source's tag and
commit) and the raw files of guest/.  Everything goes into a results archive beside the
report (report/<stem>-results.tar.xz), and REPORT.md is rendered from that
archive alone, so `scripts/verify-report.py` can render it again from the
archive and compare byte for byte.  Screenshots (report/<profile>-*.png)
are rendered from the archived tmux panes.

Refuses (exit 3) when policy/ has uncommitted changes, when the run used a
policy tree other than HEAD:policy, or when a results file does not match
the schema.
"""
import argparse
import datetime
import errno as E
import fnmatch
import hashlib
import io
import json
import lzma
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCHEMA = os.path.join(TOP, "docs", "results.schema.json")
# The one precedence rule for the overall verdict (docs/results-schema.md;
# the runner's rn_overall() and guest-main.sh use the same): the first of
# these that any row has; no rows at all is ERROR.  GAP is a known gap that
# behaved as documented: its own outcome, never PASS.
PRECEDENCE = ("FAIL", "ERROR", "GAP", "PASS", "SKIP")
# the parts of a guest run, as archive paths
PARTS = (("guest/results.json", "runner"), ("guest/rpm/results.json", "rpm"),
         ("guest/faults/results.json", "faults"),
         ("guest/main/results.json", "main"))
META = "report-meta.json"
# the image's manifest, copied beside the results by scripts/e2e.sh for the
# profile whose image it builds from a Fedora policy source tree
IMAGE_MANIFEST = "image-manifest.txt"
FEDORA_SRC_PROFILE = "debian13-fedora-policy"
SIZE_BUDGET = 60 * 1024
# the runner's diagnostics allow-list (stderr and debug-log lines an allowed
# session may leave), read at write time from the e2e/ tree the guest
# received and archived here, so the report renders it from the archive
DIAG_LIST = "diag-allow-list.json"
DIAG_SRC = "runner/core_diag.c"


class ReportError(Exception):
    pass


# --- small helpers ---------------------------------------------------------

def git(*args):
    return subprocess.run(("git",) + args, cwd=TOP, capture_output=True,
                          text=True, check=False)


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def fence(text, lang=""):
    text = (text or "").rstrip("\n")
    n = 3
    while "`" * n in text:
        n += 1
    return "%s%s\n%s\n%s" % ("`" * n, lang, text, "`" * n)


def cell(s, limit=None):
    s = str(s if s is not None else "").replace("|", "\\|").replace(
        "\n", " ").strip()
    if limit and len(s) > limit:
        s = s[:limit - 1].rstrip() + "…"
    return s


def errname(n, expected=False):
    if n is None:
        return "none defined" if expected else "n/a"
    if n == 0:
        return "0 (success)"
    return "%d (%s)" % (n, E.errorcode.get(n, "?"))


ANSI = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][A-Za-z0-9]|\x1b.")


def plain(text):
    return ANSI.sub("", text or "")


def overall(rows):
    vs = {r.get("verdict") for r in rows}
    for v in PRECEDENCE:
        if v in vs:
            return v
    return "ERROR"


def counts(rows):
    return {v: sum(1 for r in rows if r.get("verdict") == v)
            for v in ("PASS", "FAIL", "ERROR", "SKIP", "GAP")}


def counts_text(c):
    return " · ".join("%d %s" % (c[v], v) for v in
                      ("PASS", "FAIL", "ERROR", "SKIP", "GAP"))


# --- reading a run ---------------------------------------------------------

def validator():
    try:
        import jsonschema
    except ImportError:
        raise ReportError("python3-jsonschema is missing "
                          "(scripts/install-deps.sh installs it)")
    with open(SCHEMA, encoding="utf-8") as f:
        schema = json.load(f)
    return jsonschema.Draft202012Validator(schema)


def check_schema(doc, name, v=None):
    """Raise ReportError listing where doc breaks docs/results.schema.json."""
    v = v or validator()
    errs = sorted(v.iter_errors(doc), key=lambda e: list(e.path))
    if errs:
        raise ReportError("%s does not match docs/results.schema.json:\n%s" % (
            name, "\n".join("  %s: %s" % ("/".join(map(str, e.path)) or "/",
                                          e.message[:200])
                            for e in errs[:8])))


def collect(res_dir):
    """The files of a results directory to archive: {path: bytes}."""
    files = {}
    for sub in ("guest",):
        base = os.path.join(res_dir, sub)
        for dp, dns, fns in os.walk(base):
            dns.sort()
            for fn in sorted(fns):
                p = os.path.join(dp, fn)
                if fn.endswith(".tmp") or not os.path.isfile(p):
                    continue
                with open(p, "rb") as f:
                    files[os.path.relpath(p, res_dir)] = f.read()
    for fn in ("times.txt", "console.log", IMAGE_MANIFEST):
        p = os.path.join(res_dir, fn)
        if os.path.isfile(p):
            with open(p, "rb") as f:
                files[fn] = f.read()
    return files


def load_run(files):
    """Parse and check every part; returns a dict the renderer uses."""
    v = validator()
    docs = {}
    for path, part in PARTS:
        if path not in files:
            continue
        try:
            doc = json.loads(files[path].decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as e:
            raise ReportError("cannot read %s: %s" % (path, e))
        check_schema(doc, path, v)
        docs[part] = doc
    if "runner" not in docs:
        raise ReportError("no guest/results.json: the runner wrote nothing")
    rows = []
    for part in ("main", "rpm", "runner", "faults"):
        for s in (docs.get(part) or {}).get("scenarios", []):
            s = dict(s)
            s["_part"] = part
            # a known gap is its own outcome: a runner that still records
            # a GAP scenario as PASS is shown as GAP, never as PASS
            if s.get("kind") == "GAP" and s.get("verdict") == "PASS":
                s["verdict"] = "GAP"
            rows.append(s)
    # a part that was planned and wrote no file is named by main's part.*
    # row (ERROR while running, SKIP when left out)
    prov = None
    if "guest/provenance.json" in files:
        try:
            prov = json.loads(files["guest/provenance.json"].decode())
        except (UnicodeDecodeError, ValueError) as e:
            raise ReportError("cannot read guest/provenance.json: %s" % e)
    meta = {}
    if META in files:
        meta = json.loads(files[META].decode())
    return {"docs": docs, "rows": rows, "prov": prov, "meta": meta,
            "run": docs["runner"].get("run", {}),
            "main": (docs.get("main") or {}).get("run", {}),
            "audit": docs["runner"].get("audit", {}),
            "known_harmless": docs["runner"].get("known_harmless"),
            "files": files}


# --- the archive -------------------------------------------------------------

def write_archive(files, path):
    """A reproducible tar.xz of files: sorted, fixed owner and time;
    a file whose bytes equal an earlier one is stored as a hard link."""
    seen = {}
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        # similar files next to each other so xz's window finds them
        for name in sorted(files, key=lambda p: (os.path.basename(p), p)):
            data = files[name]
            ti = tarfile.TarInfo(name)
            ti.mtime = 0
            ti.mode = 0o644
            ti.uname = ti.gname = ""
            h = sha256(data)
            if h in seen:
                ti.type = tarfile.LNKTYPE
                ti.linkname = seen[h]
                t.addfile(ti)
                continue
            seen[h] = name
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
    with open(path, "wb") as f:
        f.write(lzma.compress(buf.getvalue(), preset=9 | lzma.PRESET_EXTREME))


def read_archive(path):
    files = {}
    try:
        with tarfile.open(path, "r:xz") as t:
            members = t.getmembers()
            for m in members:
                if m.isfile():
                    files[m.name] = t.extractfile(m).read()
            for m in members:
                if m.islnk():
                    files[m.name] = files[m.linkname]
    except (OSError, tarfile.TarError, lzma.LZMAError, KeyError) as e:
        raise ReportError("cannot read archive %s: %s" % (path, e))
    return files


# --- the diagnostics allow-list ----------------------------------------------

C_STR = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
C_DEFINE = re.compile(r'^#define\s+(\w+)\s+((?:"(?:[^"\\\n]|\\.)*"\s*)+)$',
                      re.M)


def c_skip(text, i):
    """The index after the string literal or comment that starts at @i,
    or None when none starts there."""
    if text[i] == '"':
        m = C_STR.match(text, i)
        if not m:
            raise ValueError("unterminated string at %d" % i)
        return m.end()
    if text.startswith("/*", i):
        j = text.find("*/", i + 2)
        if j < 0:
            raise ValueError("unterminated comment at %d" % i)
        return j + 2
    if text.startswith("//", i):
        j = text.find("\n", i)
        return len(text) if j < 0 else j
    return None


def c_split(text, sep):
    """Split C text on @sep outside string literals, dropping comments."""
    out, cur, i = [], [], 0
    while i < len(text):
        j = c_skip(text, i)
        if j is not None:
            if text[i] == '"':
                cur.append(text[i:j])
            i = j
            continue
        if text[i] == sep:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(text[i])
        i += 1
    out.append("".join(cur))
    return out


def c_groups(text):
    """The bodies of the brace groups directly inside @text (which starts
    after an opening brace), up to its closing brace."""
    groups, depth, start, i = [], 0, None, 0
    while i < len(text):
        j = c_skip(text, i)
        if j is not None:
            i = j
            continue
        if text[i] == "{":
            depth += 1
            if depth == 1:
                start = i + 1
        elif text[i] == "}":
            if depth == 0:
                return groups
            depth -= 1
            if depth == 0:
                groups.append(text[start:i])
        i += 1
    raise ValueError("the list is not closed")


def c_unescape(s):
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(
        m.group(1), m.group(1)), s)


def c_value(text, macros):
    """One designated initializer's value: adjacent string literals or a
    macro naming them, an integer, or identifiers joined by |."""
    text = text.strip()
    if text.startswith('"'):
        parts, pos = [], 0
        while pos < len(text):
            m = C_STR.match(text, pos)
            if not m:
                raise ValueError("cannot read the string %r" % text[:60])
            parts.append(c_unescape(m.group(1)))
            pos = m.end()
            while pos < len(text) and text[pos].isspace():
                pos += 1
        return "".join(parts)
    if text in macros:
        return macros[text]
    if re.fullmatch(r"\d+", text):
        return int(text)
    names = [x.strip() for x in text.split("|")]
    if all(re.fullmatch(r"[A-Za-z_]\w*", x) for x in names):
        return names
    raise ValueError("cannot read the value %r" % text[:60])


DIAG_KEYS = ("src", "pattern", "since", "before", "needs", "unless",
             "reject",
             "behaviour", "harmless")


def parse_diag_list(src):
    """The entries of rn_diag_list[] in core_diag.c's text, in order (a
    row's "entries 0x..." bit i is entry i).  Raises ValueError on
    anything this reader does not know, rather than render a guess."""
    macros = {m.group(1): c_value(m.group(2), {})
              for m in C_DEFINE.finditer(src)}
    # rnx_/RNX_: the runner's names before issue 16's one-prefix rename
    m = re.search(r"\brnx?_diag_list\[\]\s*=\s*\{", src)
    if not m:
        raise ValueError("no rn_diag_list[] in %s" % DIAG_SRC)
    entries = []
    for body in c_groups(src[m.end():]):
        e = {}
        for part in c_split(body, ","):
            if not part.strip():
                continue
            f = re.match(r"\s*\.(\w+)\s*=\s*(.*)\Z", part, re.S)
            if not f or f.group(1) not in DIAG_KEYS:
                raise ValueError("unknown member %r" % part.strip()[:60])
            e[f.group(1)] = c_value(f.group(2), macros)
        if e.get("pattern") == ["NULL"]:
            break
        if not isinstance(e.get("pattern"), str):
            raise ValueError("an entry without a pattern string")
        # the enum's first value is the default of a member left out
        src_v = [diag_bit(x) for x in e.get("src", ["RN_DIAG_STDERR"])]
        if src_v not in (["RN_DIAG_STDERR"], ["RN_DIAG_LOG"]):
            raise ValueError("unknown source %r" % (src_v,))
        e["src"] = "stderr" if src_v == ["RN_DIAG_STDERR"] else "debug log"
        for k in ("needs", "unless"):
            e[k] = [diag_bit(x) for x in e.get(k, []) if x != "0"]
        entries.append(e)
    else:
        raise ValueError("rn_diag_list[] has no { .pattern = NULL } end")
    return entries


def diag_list_doc(prov):
    """DIAG_LIST for the archive: the allow-list of the e2e/ tree the guest
    received (a tree id names its content, so the text is exact), or None
    when that tree is not in this repository."""
    tree = (((prov or {}).get("trees") or {}).get("e2e") or {}).get("tree")
    if not tree or not re.fullmatch(r"[0-9a-f]{40}", tree):
        return None
    r = git("show", "%s:%s" % (tree, DIAG_SRC))
    if r.returncode != 0:
        return None
    doc = {"source": "e2e/%s of the tree %s the guest received" % (
        DIAG_SRC, tree)}
    try:
        doc["entries"] = parse_diag_list(r.stdout)
    except ValueError as e:
        doc["error"] = "cannot read e2e/%s: %s" % (DIAG_SRC, e)
    return (json.dumps(doc, indent=1, sort_keys=True) + "\n").encode()


# --- screenshots -------------------------------------------------------------

def pane_stems(files):
    out = []
    for p in sorted(files):
        if p.startswith("guest/panes/") and p.endswith(".ansi") and \
                files[p].strip():
            out.append(os.path.basename(p)[:-5])
    return out


ARC_SUFFIX = "-results.tar.xz"


def png_name(profile, stem, archive_name):
    """A screenshot's file name beside the archive archive_name: a report
    other than REPORT.md (REPORT-b.md: archive REPORT-b-results.tar.xz)
    names its screenshots after itself, so that two reports written to one
    directory never overwrite each other's."""
    base = os.path.basename(archive_name)
    report = base[:-len(ARC_SUFFIX)] if base.endswith(ARC_SUFFIX) \
        else "REPORT"
    return "%s%s-%s.png" % ("" if report == "REPORT" else report + "-",
                            profile, stem)


def render_panes(files, profile, outdir, archive_name):
    """Render every non-empty pane to outdir (a staging directory)."""
    made = []
    for stem in pane_stems(files):
        src = os.path.join(outdir, stem + ".ansi")
        with open(src, "wb") as f:
            f.write(files["guest/panes/%s.ansi" % stem])
        png = os.path.join(outdir, png_name(profile, stem, archive_name))
        r = subprocess.run(
            [sys.executable, os.path.join(TOP, "scripts", "ansi2png.py"),
             src, png, "--title",
             "rustnet TUI in the %s guest: %s" % (profile, stem)],
            capture_output=True, text=True, check=False)
        os.unlink(src)
        if r.returncode != 0:
            raise ReportError("rendering %s failed: %s" % (stem, r.stderr))
        made.append(png)
    return made


# --- the nine acceptance items ---------------------------------------------

def rows_of(rows, patterns):
    return [r for r in rows
            if any(fnmatch.fnmatchcase(r.get("id", ""), p) for p in patterns)]


def ev_lines(rows, cmd_re, line_re, n=5):
    """Up to n output lines matching line_re from the evidence of rows whose
    command matches cmd_re (first found, de-duplicated)."""
    out = []
    for r in rows:
        for ev in r.get("evidence") or []:
            if not re.search(cmd_re, ev.get("cmd") or ""):
                continue
            for ln in (ev.get("output") or "").splitlines():
                ln = plain(ln).rstrip()
                if re.search(line_re, ln) and ln not in out:
                    out.append(ln)
                    if len(out) >= n:
                        return out
    return out


def one(rows, sid, mode):
    for r in rows:
        if r.get("id") == sid and r.get("mode") == mode:
            return r
    return None


def reason_line(r):
    if r is None:
        return None
    return "%s (%s): %s — %s" % (r.get("id"), r.get("mode"),
                                 r.get("verdict"), row_reason(r))


def row_reason(r):
    why = (r.get("reason") or "").strip()
    if why:
        return why
    if r.get("kind") == "ALLOWED" and r.get("verdict") == "PASS":
        return ("the scenario's checks passed and the window holds %s "
                "rustnet_t record(s)" % (r.get("matched") or 0))
    return "no reason recorded"


def pane_lines(R, stem, pat, n=4):
    data = R["files"].get("guest/panes/%s.ansi" % stem)
    out = []
    for ln in plain((data or b"").decode("utf-8", "replace")).splitlines():
        ln = re.sub(r"\s{3,}", "   ", ln.strip())
        if re.search(pat, ln) and ln not in out:
            out.append(ln[:150])
            if len(out) >= n:
                break
    return out


def ev_policy(R, rows):
    run = R["run"]
    out = [ln for ln in (run.get("sestatus") or "").splitlines()
           if re.match(r"(SELinux status|Loaded policy name|Current mode)",
                       ln)]
    out += ["semodule: " + ln.strip() for ln in
            (run.get("semodule_full") or "").splitlines()
            if re.search(r"\brustnet\b", ln)][:1]
    return out


def ev_domain(R, rows):
    out = ev_lines(rows, r"ls -lZ /usr/bin/rustnet", r"rustnet_exec_t", 1)
    out += ev_lines(rows, r"getcap", r"cap_net_raw", 1)
    out += ev_lines(rows, r"ps |getpidcon|label", r":rustnet_t:.*rustnet",
                    2)
    return out


def ev_capture(R, rows):
    out = [reason_line(r) for r in rows]
    out += pane_lines(R, "capture.session-enforcing",
                      r"\b(JP|BR)\b.*rnx\.test|rnx\.test.*\b(JP|BR)\b", 2)
    return [x for x in out if x]


def ev_names(R, rows):
    out = pane_lines(R, "capture.session-enforcing", r"stub\.rnx\.test", 2)
    out += pane_lines(R, "capture.direct_dns-enforcing", r"ext\.rnx\.test",
                      2)
    return out or [reason_line(r) for r in rows[:3]]


def ev_labels(R, rows):
    return ev_lines(rows, r"ls -lZ",
                    r"rustnet_(log|tmp)_t.*(rustnet_|\.json|\.pcap|logs)", 5)


def ev_attrib(R, rows):
    return [reason_line(r) for r in rows
            if r.get("mode") == "enforcing"][:4]


def ev_attacks(R, rows):
    nc = one(rows, "attack.udp_1234.nc", "enforcing")
    out = []
    if nc:
        out += ["$ runcon -t rustnet_t -- nc -u ... 127.0.0.1 1234"]
        out += (nc.get("matched_avcs") or [])[:1]
    enf = [r for r in rows if r.get("mode") == "enforcing"
           and r.get("kind") == "ATTACK"]
    ok = [r for r in enf if r.get("verdict") == "PASS"]
    out.append("%d/%d attacks in enforcing denied with the expected record "
               "and errno; %d/%d in permissive logged with permissive=1" % (
                   len(ok), len(enf),
                   sum(1 for r in rows if r.get("mode") == "permissive" and
                       r.get("kind") == "ATTACK" and
                       r.get("verdict") == "PASS"),
                   sum(1 for r in rows if r.get("mode") == "permissive" and
                       r.get("kind") == "ATTACK")))
    return out


def ev_egress(R, rows):
    out = []
    for sid in ("egress.default.udp_1234", "egress.guard.udp_1234"):
        r = one(rows, sid, "enforcing")
        if r and r.get("matched_avcs"):
            out.append("%s: %s" % (sid, r["matched_avcs"][0]))
    for r in rows:
        if r.get("kind") == "GAP" and r.get("mode") == "enforcing":
            out.append("known gap %s: %s" % (r.get("id"), row_reason(r)))
    return out[:5]


def ev_flip(R, rows):
    out = []
    r = one(rows, "pass.mode", "enforcing")
    if r:
        for ev in r.get("evidence") or []:
            if "semanage permissive -d" in (ev.get("cmd") or ""):
                out.append("# %s   [exit %s]" % (ev["cmd"], ev.get("rc")))
                out += [ln for ln in (ev.get("output") or "").splitlines()
                        if "permissive_rustnet_t" in ln][:1]
        out += ev_lines([r], r"seinfo --permissive", r"Permissive Types", 2)
    f = one(rows, "rpm.enforcing_flip", "n/a")
    if f:
        out.append(reason_line(f))
    return out


# id, title, row patterns, evidence, screenshot
ITEMS = (
    ("The module builds and loads on an enforcing SELinux system",
     ("setup.policy_build", "setup.policy_load", "pass.mode"), ev_policy,
     None),
    ("rustnet runs in rustnet_t: as an unprivileged user with file "
     "capabilities, through sudo, and `rustnet --help`",
     ("setup.install", "setup.label", "help", "sudo", "attack.domain"),
     ev_domain, None),
    ("A capture session with real traffic works and leaves no rustnet_t "
     "record, permissive then enforcing", ("capture.session",), ev_capture,
     "capture.session-enforcing"),
    ("GeoIP countries and reverse-DNS names: through systemd-resolved, and "
     "from an external resolver with `rustnet_direct_dns`",
     ("capture.session", "capture.direct_dns", "egress.*.rdns"), ev_names,
     "capture.direct_dns-enforcing"),
    ("Logs and exports are written with their own types (`ls -lZ`)",
     ("logs.cwd", "export.*"), ev_labels, None),
    ("eBPF attribution; other users' processes only with "
     "`rustnet_read_other_users`",
     ("ebpf", "attribution.*"), ev_attrib, "ebpf-enforcing"),
    ("A compromised rustnet is stopped: each attack denied with its AVC "
     "(errno checked in enforcing)", ("attack.*",), ev_attacks, None),
    ("Egress: rustnet_t talks DNS only (policy, boolean, opt-in guard "
     "table) and the gaps are named", ("egress.*",), ev_egress, None),
    ("Permissive first, then `semanage permissive -d rustnet_t` and "
     "enforcing; the RPM ships permissive and flips on upgrade",
     ("setup.permissive", "pass.mode", "rpm.*"), ev_flip, None),
)


def item_verdict(rows):
    if not rows:
        return "SKIP", "no rows"
    v = overall(rows)
    c = counts(rows)
    return v, ", ".join("%d %s" % (c[k], k) for k in PRECEDENCE if c[k])


# --- rendering ---------------------------------------------------------------

def accelerator(R):
    virt = (R["main"].get("virt") or "").strip()
    if virt == "kvm":
        return "KVM (the guest's systemd-detect-virt: kvm)"
    if virt == "qemu":
        return "TCG, software emulation (the guest's systemd-detect-virt: qemu)"
    if virt:
        return "%s (the guest's systemd-detect-virt)" % virt
    return "unknown (no guest/main/results.json)"


def tree_cell(prov, name):
    t = ((prov or {}).get("trees") or {}).get(name)
    if not t:
        return "not recorded"
    return "`%s` %s%s" % (t.get("tree", "?")[:12],
                          "**dirty** (%s changed file(s) in the work tree)" %
                          t.get("changed_files") if t.get("dirty")
                          else "clean",
                          " (from the work tree)" if
                          t.get("source") == "worktree" and name == "policy"
                          else "")


def render(files, archive_name, archive_sha):
    """REPORT.md text from the archive's files alone."""
    R = load_run(files)
    rows, run, meta, prov = R["rows"], R["run"], R["meta"], R["prov"]
    profile = meta.get("profile") or "unknown"
    c = counts(rows)
    verdict = overall(rows)
    L = []
    w = L.append
    w("# rustnet SELinux policy: evidence report")
    w("")
    w("Written by `scripts/report.py` from one `make e2e` run (never by "
      "hand); `make verify-report` renders it again from the results "
      "archive and checks every digest.")
    w("")
    w("**Overall: %s** — %s (rule: FAIL > ERROR > GAP > PASS > SKIP, "
      "docs/results-schema.md; GAP = a known gap that behaved exactly as "
      "documented, never counted as PASS)." % (
          verdict, counts_text(c)))
    w("")
    w("| tested | |")
    w("| --- | --- |")
    w("| guest | %s (profile `%s`), kernel %s |" % (
        cell(run.get("distro")), profile, cell(run.get("kernel"))))
    w("| SELinux | %s |" % cell("; ".join(
        re.sub(r"\s+", " ", ln.strip())
        for ln in (run.get("sestatus") or "").splitlines()
        if re.match(r"(Loaded policy name|Current mode|Policy from config)",
                    ln)) + (" (Fedora's targeted policy built from source: "
                            "%s)" % fedora_source(R)
                            if fedora_source_policy(R) else "")))
    w("| policy | `policy/` tree %s, commit `%s` |" % (
        tree_cell(prov, "policy") if prov else
        "`%s`" % cell(run.get("policy_tree"))[:12],
        cell((prov or {}).get("commit") or run.get("commit"))[:12]))
    rsum = R["main"].get("rustnet_sha256")
    w("| rustnet | %s, sha256 `%s`%s |" % (
        cell(run.get("rustnet_version")), rsum or "not recorded",
        "" if not prov or prov.get("rustnet_sha256") == rsum else
        " (**differs from the bundle's `%s`**)" % (
            prov.get("rustnet_sha256"),)))
    w("| accelerator | %s |" % accelerator(R))
    pdur = run.get("permissive_duration")
    if pdur is None or pdur == run.get("duration"):
        w("| capture length | %s s per main capture session |" %
          cell(run.get("duration")))
    else:
        w("| capture length | %s s enforcing, %s s permissive (the "
          "`capture.session` of each pass) |" %
          (cell(run.get("duration")), cell(pdur)))
    w("| run | %s → %s |" % (cell(run.get("start")),
                            cell(R["main"].get("end") or run.get("end"))))
    w("| raw results | [`%s`](%s), sha256 `%s` |" % (
        os.path.basename(archive_name), archive_name, archive_sha))
    w("")
    w("Caveats that bound every claim below:")
    w("")
    for line in caveats(R, profile):
        w("- " + line)
    w("")

    w("## The acceptance items")
    w("")
    item_rows = []
    for i, (title, pats, ev, shot) in enumerate(ITEMS, 1):
        v, tally = item_verdict(rows_of(rows, pats))
        item_rows.append((i, title, v, tally))
    w("| # | item | verdict | rows |")
    w("| --- | --- | --- | --- |")
    for i, title, v, tally in item_rows:
        w("| %d | %s | %s | %s |" % (i, cell(title), "**%s**" % v
                                     if v in ("FAIL", "ERROR") else v,
                                     tally))
    w("")
    for i, (title, pats, ev, shot) in enumerate(ITEMS, 1):
        irows = rows_of(rows, pats)
        v, tally = item_verdict(irows)
        w("### %d. %s — %s" % (i, title, v))
        w("")
        ids = []
        for r in irows:
            if r.get("id") not in ids:
                ids.append(r.get("id"))
        w("Rows (%s): %s" % (tally, ", ".join("`%s`" % x for x in ids[:12])
                              + (" and %d more" % (len(ids) - 12)
                                 if len(ids) > 12 else "")))
        w("")
        lines = [x for x in ev(R, irows) if x][:5]
        w(fence("\n".join(lines) if lines else
                "(no evidence line found; see the rows in the archive)"))
        w("")
        if shot and shot in pane_stems(files):
            w("![%s](%s)" % (shot, os.path.join(
                os.path.dirname(archive_name),
                png_name(profile, shot, archive_name))))
            w("")

    w("## Pull-request summary (paste-ready)")
    w("")
    summary = ["**rustnet SELinux policy, e2e evidence: %s** (%s)" % (
        verdict, counts_text(c)), "",
        "Guest: %s, kernel %s, %s; rustnet %s; capture %s s; accelerator: "
        "%s." % (run.get("distro"), run.get("kernel"), profile,
                 run.get("rustnet_version"), run.get("duration"),
                 accelerator(R).split(" (")[0]),
        "Policy tree `%s`, commit `%s`; raw results `%s` (sha256 `%s`)." % (
            (((prov or {}).get("trees") or {}).get("policy") or {}).get(
                "tree", run.get("policy_tree") or "?")[:12],
            ((prov or {}).get("commit") or run.get("commit") or "?")[:12],
            os.path.basename(archive_name), archive_sha[:16]), ""]
    for i, title, v, tally in item_rows:
        summary.append("- [%s] %d. %s — %s (%s)" % (
            "x" if v in ("PASS", "GAP") else " ", i, title, v, tally))
    gaps = sorted({r.get("id") for r in rows if r.get("verdict") == "GAP"})
    if gaps:
        summary += ["", "Known gaps (observed, not denied): " +
                    ", ".join("`%s`" % g for g in gaps)]
    tally = attribution_tally(R, rows)
    if tally:
        summary += ["", tally]
    if fedora_source_policy(R):
        summary += ["", "Fedora's targeted policy (%s) on %s. Not proven "
                    "here: a real Fedora 42 host; see Caveats and Limits "
                    "in REPORT.md." % (fedora_source(R), run.get("distro"))]
    else:
        summary += ["", "Not proven here: Fedora (not booted); see Limits "
                    "in REPORT.md."]
    w(fence("\n".join(summary), "markdown"))
    w("")

    w("## Provenance")
    w("")
    w("| what the guest received | tree (`git rev-parse HEAD:<dir>` at "
      "bundle time) |")
    w("| --- | --- |")
    for t in ("policy", "e2e", "scripts", "rpm"):
        w("| `%s/` | %s |" % (t, tree_cell(prov, t)))
    w("")
    w("Bundle commit `%s`; report written at commit `%s` on %s. "
      "`make verify-report` fails if `HEAD:policy` or `HEAD:e2e` differ "
      "from the trees above." % (
          cell((prov or {}).get("commit") or run.get("commit")),
          cell(meta.get("report_commit")), cell(meta.get("generated"))))
    w("")

    w("## Scenarios")
    w("")
    w("One line per scenario; a mode it did not run in is `-`. Reasons are "
      "the enforcing pass's unless only the permissive pass ran; full rows "
      "(commands, outputs, records, `ausearch`) are in the archive.")
    w("")
    w("| scenario | kind | permissive | enforcing | s | reason |")
    w("| --- | --- | --- | --- | --- | --- |")
    order = []
    by = {}
    for r in rows:
        if r.get("kind") == "ATTACK":
            continue
        key = r.get("id")
        if key not in by:
            order.append(key)
            by[key] = {}
        by[key][r.get("mode")] = r
    for key in order:
        m = by[key]
        p, e, n = m.get("permissive"), m.get("enforcing"), m.get("n/a")
        main = e or n or p
        w("| %s | %s | %s | %s | %s | %s |" % (
            cell(key) + (" (dontaudit off)" if any(
                x.get("dontaudit_off") for x in m.values()) else ""),
            cell(main.get("kind")),
            verdict_cell(p) if p else ("n/a" if n else "-"),
            verdict_cell(e) if e else (verdict_cell(n) if n else "-"),
            cell(sum((x.get("duration_s") or 0) for x in m.values())),
            cell(row_reason(main), 85)))
    w("")

    attacks = [r for r in rows if r.get("kind") == "ATTACK"]
    if attacks:
        w("## Attack matrix")
        w("")
        w("Expected record: what must be in the window. Permissive pass: the "
          "record with `permissive=1`, the action succeeds (errno not "
          "checked). Enforcing pass: the record with `permissive=0` and the "
          "errno the action must fail with. \"matched\": the observed record "
          "is the expected one; its process and permissive= are shown.")
        w("")
        w("| vector | expected record | permissive | enforcing | observed "
          "record (enforcing) | errno expected / observed (enforcing) |")
        w("| --- | --- | --- | --- | --- | --- |")
        aorder = []
        aby = {}
        for r in attacks:
            if r.get("id") not in aby:
                aorder.append(r.get("id"))
                aby[r.get("id")] = {}
            aby[r.get("id")][r.get("mode")] = r
        for key in aorder:
            p, e = aby[key].get("permissive"), aby[key].get("enforcing")
            ex = (e or p).get("expect")
            avcs = (e or {}).get("matched_avcs") or []
            w("| %s | %s | %s | %s | %s | %s |" % (
                cell(key), cell(fmt_expect(ex)),
                verdict_cell(p) if p else "-",
                verdict_cell(e) if e else "-",
                cell(matched_avc(avcs[0]) if avcs else "none", 120),
                "%s / %s" % (errname(e.get("expect_errno"), True),
                             errname(e.get("observed_errno")))
                if e else "-"))
        w("")

    shipped_domain(w, R, rows)
    known_harmless(w, R, rows)
    diag_section(w, R, rows)
    attribution_section(w, R, rows)
    headless_section(w, R, rows)
    dns_section(w, R, rows)

    w("## Audit pipeline")
    w("")
    a = R["audit"]
    w("Kernel `lost` counter: %s → %s (delta %s); canary denials found: "
      "permissive %s, enforcing %s; attack tables ran with dontaudit off "
      "(`semodule -DB`): %s. Fault self-test rows: %s." % (
          ((a.get("before") or {}).get("lost")),
          ((a.get("after") or {}).get("lost")), a.get("lost_delta"),
          (a.get("canary_found") or {}).get("permissive"),
          (a.get("canary_found") or {}).get("enforcing"),
          a.get("dontaudit_pass"),
          ", ".join("`%s` %s" % (r.get("id"), r.get("verdict"))
                    for r in rows if r.get("_part") == "faults") or
          "none (not run)"))
    w("")

    w("## Limits: what this run does not prove")
    w("")
    for line in limits(R, profile, rows):
        w("- " + line)
    w("")
    times = files.get("times.txt")
    if times:
        w("## Where the time went (host side)")
        w("")
        w(fence(times.decode("utf-8", "replace")))
        w("")
    return "\n".join(L) + "\n", verdict


def shipped_domain(w, R, rows):
    """The module set of the allowed windows and the proof that the test
    modules widen nothing the allowed scenarios judge."""
    chk = [s for s in rows if s.get("id", "").startswith(
        "pass.shipped_domain")]
    mods = (R.get("audit") or {}).get("allowed_modules")
    if not chk and not mods:
        return
    w("## Allowed windows: the shipped domain")
    w("")
    w("Modules loaded while the allowed-path scenarios ran (`semodule "
      "-lfull`, rustnet and test-only `rnx_*` modules). The test-only "
      "modules must add no rule whose source is `rustnet_t`: "
      "`sesearch -A -T --allowxperm -s rustnet_t` on the loaded policy is "
      "compared with the same query on a policy built from a copy of the "
      "store without them; any difference is ERROR.")
    w("")
    w(fence(mods or "(not recorded)"))
    w("")
    w("| check | mode | verdict | reason |")
    w("| --- | --- | --- | --- |")
    for s in chk:
        w("| %s | %s | %s | %s |" % (
            cell(s.get("id")), cell(s.get("mode")), verdict_cell(s),
            cell(s.get("reason"), 200)))
    w("")


AVC = re.compile(r"^(?:AVC|USER_AVC) (\w+) \{\s*([^}]*?)\s*\} class=(\S+) "
                 r"stype=(\S+) ttype=(\S+)(?:.*? comm=(\S+))?")


def parse_avc(a):
    """(result, perms set, tclass, stype, ttype, comm) of one record line
    of the runner's results, or None."""
    m = AVC.match(a or "")
    if not m:
        return None
    return (m.group(1), frozenset(m.group(2).split()), m.group(3),
            m.group(4), m.group(5), m.group(6) or "")


def harmless_index(lst, a):
    """The known-harmless entry covering record line @a, by the runner's
    rule (core_harmless.c): a rustnet_t denial whose class and target type
    are the entry's and whose permissions are a subset of the entry's, the
    first such entry; None when no entry covers it."""
    p = parse_avc(a)
    if not p or p[3] != "rustnet_t" or p[0] != "denied" or not p[1]:
        return None
    for i, h in enumerate(lst or []):
        if p[2] == h.get("tclass") and p[4] == h.get("ttype") and \
                p[1] <= set((h.get("perms") or "").split()):
            return i
    return None


def brief_avc(a):
    """A record line as `{ perms } class → ttype (comm)`."""
    p = parse_avc(a)
    if not p:
        return short_avc(a)
    return "{ %s } %s → %s (%s)" % (" ".join(sorted(p[1])), p[2], p[4],
                                    re.sub(r"\d+$", "*", p[5]) or "?")


def row_keys(rs):
    """The rows' ids in first-seen order, each marked with the passes it
    ran in (p, e; n = no pass) unless that is the enforcing pass only."""
    out = []
    for k, modes in id_modes(rs):
        m = [str(x or "?")[0] for x in modes]
        out.append("`%s`%s" % (k, "" if m == ["e"] else
                               " (%s)" % ",".join(m)))
    return ", ".join(out)


def covered(refs, i, rs):
    """The harmless table's last cell: the record references entry @i
    covers and in how many rows (a row of both passes counts once)."""
    nums = sorted(n for n, j in refs.values() if j == i)
    if not nums:
        return "none"
    k = len(id_modes(rs))
    return "%s (%d row%s)" % (" ".join("r%d" % n for n in nums), k,
                              "" if k == 1 else "s")


def known_harmless(w, R, rows):
    """The reviewed list the dontaudit-off allowed windows are judged by."""
    lst = R.get("known_harmless")
    noda = [s for s in rows if s.get("dontaudit_off") and
            s.get("kind") == "ALLOWED"]
    if not lst and not noda:
        return
    w("## Allowed paths judged with dontaudit off")
    w("")
    w("These allowed-path windows ran under `semodule -DB`; any `rustnet_t` "
      "record not on the reviewed known-harmless list below fails them "
      "(policy/README.md, \"Known-harmless dontaudit rules\"). Each row "
      "names its distinct `rustnet_t` records by reference (r1, r2, ...); "
      "the references are listed under the table as `{ permissions } class "
      "→ target (thread)`.")
    w("")
    w("| scenario | mode | verdict | rustnet_t records |")
    w("| --- | --- | --- | --- |")
    hits = {}
    refs = {}
    for s in noda:
        recs = []
        for a in s.get("avcs") or []:
            if "stype=rustnet_t " not in a:
                continue
            b = brief_avc(a)
            if b not in refs:
                refs[b] = (len(refs) + 1, harmless_index(lst, a))
            if b not in recs:
                recs.append(b)
            i = harmless_index(lst, a)
            if i is not None:
                hits.setdefault(i, []).append(s)
        nums = sorted(refs[b][0] for b in recs)
        w("| %s | %s | %s | %s |" % (
            cell(s.get("id")), cell(s.get("mode")), verdict_cell(s),
            " ".join("r%d" % n for n in nums) if nums else "none"))
    w("")
    if refs:
        w("| ref | record | on the known-harmless list |")
        w("| --- | --- | --- |")
        for b, (n, i) in sorted(refs.items(), key=lambda kv: kv[1][0]):
            w("| r%d | %s | %s |" % (n, cell(b), "yes" if i is not None
                                      else "no"))
        w("")
    w("Known-harmless list (the runner's copy, from results.json); the last "
      "column names the records above it covers (same class and target, "
      "permissions a subset of the entry's) and how many of the rows above "
      "held one:")
    w("")
    w("| denial | rustnet behaviour | why denying it is harmless | "
      "hidden by | matched in this run |")
    w("| --- | --- | --- | --- | --- |")
    for i, h in enumerate(lst or []):
        w("| { %s } %s → %s | %s | %s | `%s` | %s |" % (
            cell(h.get("perms")), cell(h.get("tclass")),
            cell(h.get("ttype")), cell(h.get("behaviour")),
            cell(h.get("harmless")), cell(h.get("rule")),
            covered(refs, i, hits.get(i, []))))
    w("")


DIAG_NOTE = re.compile(r"^diagnostics allow-list: (\d+) line\(s\) of (.+?) "
                       r"covered \(entries 0x([0-9a-fA-F]+)\)$")


def diag_hits(rows):
    """{entry index: [rows]} from the runners' notes "diagnostics
    allow-list: N line(s) of X covered (entries 0xBITS)"."""
    hits = {}
    for r in rows:
        for ln in (r.get("notes") or "").splitlines():
            m = DIAG_NOTE.match(ln.strip())
            if not m:
                continue
            bits = int(m.group(3), 16)
            for i in range(bits.bit_length()):
                if bits >> i & 1 and r not in hits.setdefault(i, []):
                    hits[i].append(r)
    return hits


# The runner's RN_DIAG_* condition bits (e2e/runner/core.h), in words:
# (when the bit is set, when an "unless" voids the entry).
DIAG_BITS = {
    "RN_DIAG_EBPF_ON": ("`rustnet_use_ebpf` on", "`rustnet_use_ebpf` off"),
    "RN_DIAG_QUIT_GAP": ("row already GAP for the quit deadline",
                          "row not GAP for the quit deadline"),
    "RN_DIAG_DAC_ON": ("`rustnet_sudo_override_dac` on",
                        "`rustnet_sudo_override_dac` off"),
    "RN_DIAG_OTHERS_ON": ("`rustnet_read_other_users` on",
                           "`rustnet_read_other_users` off"),
    "RN_DIAG_HOME_CLOSED": ("under sudo, the user's home closed to others",
                             "not (under sudo, home closed to others)"),
}


# the texts of an allow-list entry no row of the run matched, cut at
DIAG_UNMATCHED_CUT = 60


def diag_bit(name):
    """A condition's name in the runner's prefix: archives written before
    issue 16's rename spell RNX_DIAG_*, later ones RN_DIAG_*."""
    return "RN_" + name[4:] if name.startswith("RNX_DIAG_") else name


def diag_when(e):
    out = []
    for f in map(diag_bit, e.get("unless") or []):
        out.append(DIAG_BITS[f][1] if f in DIAG_BITS else "not %s" % f)
    if e.get("since"):
        v = int(e["since"])
        out.append("rustnet ≥ %d.%d.%d" % (v // 10000, v // 100 % 100,
                                           v % 100))
    if e.get("before"):
        v = int(e["before"])
        out.append("rustnet < %d.%d.%d" % (v // 10000, v // 100 % 100,
                                           v % 100))
    for f in map(diag_bit, e.get("needs") or []):
        out.append(DIAG_BITS[f][0] if f in DIAG_BITS else f)
    if e.get("reject"):
        out.append("the line does not hold \"%s\" (any case)" % e["reject"])
    return "; ".join(out) or "always"


def diag_doc(files):
    """The archived DIAG_LIST: {} when absent, {"error": ...} when it
    cannot be read."""
    if DIAG_LIST not in files:
        return {}
    try:
        return json.loads(files[DIAG_LIST].decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        return {"error": "cannot read %s: %s" % (DIAG_LIST, e)}


def diag_section(w, R, rows):
    """The diagnostics allow-list: what an allowed session may leave on
    rustnet's stderr or in its debug log, and which rows it covered."""
    files = R["files"]
    hits = diag_hits(rows)
    if DIAG_LIST not in files and not hits:
        return
    w("## Diagnostics allow-list: rustnet's stderr and debug log")
    w("")
    w("After each allowed session and headless run the runner judges "
      "rustnet's stderr (every non-blank line) and, for `-l debug` "
      "sessions, the debug log's WARN and ERROR lines: a line on no entry "
      "below FAILs the row (e2e/README.md, \"Diagnostics allow-list\"). "
      "Patterns are `fnmatch(3)`. The last column comes from the rows' "
      "notes (`entries 0x...`, bit i = entry i; enforcing pass unless "
      "marked p = permissive). An entry no row matched in this run shows "
      "its two texts cut at %d characters (whole in the list's source)."
      % DIAG_UNMATCHED_CUT)
    w("")
    doc = diag_doc(files)
    entries = doc.get("entries") or []
    if doc.get("source"):
        w("List: %s." % cell(doc["source"]))
        w("")
    if not entries:
        w("**The list itself is not in this run's archive** (%s); the rows "
          "below name entries by number only." % cell(
              doc.get("error") or "the archive holds no %s: it was written "
              "by an older report.py, or the e2e/ tree the guest received "
              "was not in the repository that wrote it" % DIAG_LIST))
        w("")
    w("| # | source | pattern | holds when | what rustnet does | why it is "
      "harmless | matched in this run |")
    w("| --- | --- | --- | --- | --- | --- | --- |")
    seen_why, seen_rows = {}, {}
    for i in range(max(len(entries), max(hits, default=-1) + 1)):
        e = entries[i] if i < len(entries) else {}
        why = cell(e.get("harmless"))
        matched = row_keys(hits.get(i, [])) or "none"
        # a text or row list said for an earlier entry is named, not
        # repeated
        if why and why in seen_why:
            why = "as entry %d" % seen_why[why]
        else:
            seen_why.setdefault(why, i)
        if matched != "none" and matched in seen_rows:
            matched = "as entry %d" % seen_rows[matched]
        else:
            seen_rows.setdefault(matched, i)
        cut = DIAG_UNMATCHED_CUT if matched == "none" else None
        w("| %d | %s | %s | %s | %s | %s | %s |" % (
            i, cell(e.get("src") or "?"),
            "`%s`" % cell(e["pattern"]) if e.get("pattern") else
            "**not on the archived list**", cell(diag_when(e) if e else "?"),
            cell(e.get("behaviour"), cut),
            why if not cut or len(why) <= cut else
            why[:cut - 1].rstrip() + "…", matched))
    w("")


# --- headless JSON (rustnet 1.7.0) -------------------------------------------

HL_DOMAIN = re.compile(r"^rustnet pid \d+ runs in \S*:(\w+_t):\S*$")
HL_RECS = re.compile(r"^(\d+) record\(s\) on stdout \((.+)\), all "
                     r"schema_version 1 snapshots$")
HL_FLOW = re.compile(r"^(TCP|UDP) (\S+):(\d+) \((\d+) rows\): process (.*) "
                     r"uid (-?\d+), geoip (\S+) ?(.*?) AS(\d+), counters > 0 "
                     r"both ways$")
HL_CTR = re.compile(r"^container (\S+) (\S+) name (\S+), identity from (\S+) "
                    r"\(cgroup_path (\S+)\)$")
HL_TERM = re.compile(r"^terminal record: (\S+), capture (\S+) on (\S+), "
                     r"process_detection \"(.*)\" degraded (\S+), sandbox "
                     r"(\S+), uid_dropped (\S+)$")


def hl_asserted(r):
    """What the runner asserted on a headless row's JSON, from its notes:
    [(what, expected, seen)].  The runner (sc_headless.c) writes the note
    of stdout, a flow, the container or the terminal record only after
    every field of it matched, so those were seen as expected; the domain
    and stderr notes come before their checks and are judged here."""
    out, why = [], row_reason(r)
    stderr_bad = "on no diagnostics allow-list entry" in why
    for ln in (r.get("notes") or "").splitlines():
        ln = ln.strip()
        m = HL_DOMAIN.match(ln)
        if m:
            out.append(("domain (getpidcon)", "`rustnet_t`",
                        "✓" if m.group(1) == "rustnet_t" else
                        "✗ `%s`" % m.group(1)))
            continue
        m = HL_RECS.match(ln)
        if m:
            out.append(("stdout", "%s record(s), %s, each a schema_version 1 "
                        "snapshot" % (m.group(1), m.group(2)), "✓"))
            continue
        m = HL_FLOW.match(ln)
        if m:
            proc, uid = m.group(5), int(m.group(6))
            who = ("process not asserted" if proc == "(not asserted)" else
                   "process null (no owner)" if proc == "" else
                   "process.name `%s`" % proc)
            if uid >= 0:
                who += ", uid %d" % uid
            geo = ("geoip null" if m.group(7) == "null" else
                   "geoip `%s`, `%s` (country code; country name and "
                   "city), ASN %s" % (m.group(7), m.group(8), m.group(9)))
            out.append(("%s %s:%s" % m.group(1, 2, 3),
                        "%s; %s; packets and bytes > 0 both ways" % (
                            who, geo), "✓"))
            continue
        m = HL_CTR.match(ln)
        if m:
            out.append(("container", "runtime `%s`, id `%s…`, name `%s`; "
                        "identity from %s, cgroup_path %s" % (
                            m.group(1), m.group(2)[:12], m.group(3),
                            m.group(4), "`%s`" % m.group(5)
                            if m.group(5) != "null" else "null"), "✓"))
            continue
        m = HL_TERM.match(ln)
        if m:
            if not any(x[0] == "stderr" for x in out):
                # check_stderr ran and noted nothing: no diagnostic line
                out.append(("stderr", "no line off the allow-list",
                            "✓ (no error or warning line)"))
            out.append(("terminal record", "runtime `%s`, capture_status "
                        "`%s`, interface `%s`; process_detection.method "
                        "`%s`, degraded %s; sandbox.status %s, uid_dropped "
                        "%s" % (m.group(1), m.group(2), m.group(3),
                                m.group(4), m.group(5),
                                "fully or partially enforced"
                                if m.group(6) == "enforced" else
                                "`%s`" % m.group(6), m.group(7)), "✓"))
            continue
        m = DIAG_NOTE.match(ln)
        if m and "stderr" in m.group(2):
            bits = int(m.group(3), 16)
            out.append(("stderr", "no line off the allow-list",
                        "✗ %s" % cell(why, 200) if stderr_bad else
                        "✓ (%s line(s) on entries %s)" % (
                            m.group(1), ", ".join(
                                str(i) for i in range(bits.bit_length())
                                if bits >> i & 1))))
    return out


def hl_tail(r):
    """The archived end of the row's stdout: (bytes the `tail -c` evidence
    command asked for, its output from the first JSON-looking line); or
    (None, None) when the row has no such evidence."""
    for ev in r.get("evidence") or []:
        n = re.search(r"\btail -c (\d+) \S+\.jsonl?\b", ev.get("cmd") or "")
        if n:
            out = ev.get("output") or ""
            lines = out.splitlines()
            # the JSON is the last line(s): ls and stderr come first
            for i, ln in enumerate(lines):
                if re.match(r'^\s*[{"\[]|^[a-z_]+":', ln) or \
                        re.search(r'"[a-z_]+":', ln):
                    return int(n.group(1)), "\n".join(lines[i:])
            return int(n.group(1)), ""
    return None, None


def hl_objects(text):
    """The complete connection objects and the process_detection and
    sandbox members found in a fragment of headless JSON."""
    dec = json.JSONDecoder()
    conns, members = [], {}
    for m in re.finditer(r'\{"id":"', text):
        try:
            obj, _ = dec.raw_decode(text, m.start())
        except ValueError:
            continue
        if isinstance(obj, dict) and "protocol" in obj and "remote" in obj:
            conns.append(obj)
    for key in ("process_detection", "sandbox"):
        for m in re.finditer(r'"%s":' % key, text):
            try:
                members[key], _ = dec.raw_decode(text, m.end())
            except ValueError:
                continue
    return conns, members


HL_ASSERTED_CMD = re.compile(r"^cat (\S+/asserted\.json)$")


def hl_key(conn):
    """A connection object's flow as the runner's notes name it."""
    remote = conn.get("remote") or {}
    return "%s %s:%s" % (conn.get("protocol"), remote.get("ip"),
                         remote.get("port"))


def hl_archived(r):
    """The runner's asserted.json of the row (sc_headless.c writes it once
    every asserted flow held): (its path, the parsed object or None when
    it does not parse); (None, None) when the row's evidence has none."""
    for ev in r.get("evidence") or []:
        m = HL_ASSERTED_CMD.match(ev.get("cmd") or "")
        if not m:
            continue
        try:
            doc = json.loads(ev.get("output") or "")
        except ValueError:
            doc = None
        if ev.get("rc") != 0 or not isinstance(doc, dict) or not \
                isinstance(doc.get("rnx_asserted_connections"), list):
            doc = None
        return m.group(1), doc
    return None, None


def hl_shape(conn):
    """A connection object's asserted members (HL_MEMBERS) without what
    differs between two runs of the same traffic (counters, pids, start
    times): two rows whose shapes are equal show the same asserted facts."""
    def drop(v):
        if isinstance(v, dict):
            return {k: drop(x) for k, x in v.items()
                    if k not in ("pid", "ppid", "started_at_unix_ms")}
        if isinstance(v, list):
            return [drop(x) for x in v]
        return v
    return json.dumps(drop({k: conn[k] for k, _ in HL_MEMBERS
                            if k in conn and k != "traffic"}),
                      sort_keys=True)


def hl_asserted_excerpt(w, doc, asserted, sid=None, shown=None):
    """The first row the runner asserted, from its asserted.json, for
    the row sid.  shown maps the shape (hl_shape) of every row printed so far to its row id;
    a row whose shape was printed for another row is named, not printed
    again (its file is in the archive)."""
    rows = [c for c in doc["rnx_asserted_connections"]
            if isinstance(c, dict)]
    keys = [hl_key(c) for c in rows]
    missing = [k for k in asserted if k not in keys]
    rt = doc.get("runtime") if isinstance(doc.get("runtime"), dict) else {}
    w("Archived stdout: the runner's `asserted.json`, cut from %s: "
      "`snapshot_generation` %s, `timestamp` %s; %s%s. %s" % (
          cell(doc.get("rnx_source")), rt.get("snapshot_generation"),
          cell(doc.get("timestamp")),
          "each row as rustnet wrote it (its compact form is in stdout "
          "byte for byte)" if doc.get("rnx_rows_verbatim") is True else
          "each row re-serialised by json-c from rustnet's (**not** byte "
          "for byte the same as stdout)",
          "" if not missing else "; it lacks %s, seen through the "
          "runner's notes only" % ", ".join("`%s`" % x for x in missing),
          "The row of `%s`, asserted members only%s:" % (
              keys[0], "" if len(rows) == 1 else " (the file also holds "
              "%s)" % ", ".join("`%s`" % x for x in keys[1:]))
          if rows else "It holds no connection row."))
    w("")
    if not rows:
        return
    shape = hl_shape(rows[0])
    if shown is not None and shape in shown:
        w("Its asserted members are those of `%s` above, but for the "
          "counters and pids (the whole row is in the archive)." %
          shown[shape])
        w("")
        return
    if shown is not None:
        shown[shape] = sid
    w(fence(hl_excerpt(rows[0]), "json"))
    w("")


def trim_json(v):
    """v without null members, empty lists and objects."""
    if isinstance(v, dict):
        out = {k: trim_json(x) for k, x in v.items()}
        return {k: x for k, x in out.items() if x not in (None, [], {})}
    if isinstance(v, list):
        return [trim_json(x) for x in v]
    return v


# the members of a connection the suite asserts on (headless_json.c)
HL_MEMBERS = (("protocol", None), ("remote", ("ip", "port")),
              ("process", None), ("geoip", None), ("container", None),
              ("traffic", ("bytes_sent", "bytes_received", "packets_sent",
                           "packets_received")))


def hl_excerpt(conn):
    """One connection object of rustnet's JSON cut to the members the
    suite asserts on (kept when null: a null there is asserted too)."""
    out = []
    for k, sub in HL_MEMBERS:
        if k not in conn:
            continue
        v = conn[k]
        if sub and isinstance(v, dict):
            v = {x: v[x] for x in sub if x in v}
        elif isinstance(v, dict):
            v = trim_json(v)
        out.append(" %s: %s" % (json.dumps(k), json.dumps(
            v, ensure_ascii=False)))
    return "{\n" + ",\n".join(out) + "\n}"


def hl_diff(other, got):
    """What @other asserted differently from @got, part by part."""
    mine = {k: v for k, v, _ in got}
    out = []
    for k, v, _ in other:
        if k == "domain (getpidcon)" or mine.get(k) == v:
            continue
        have = set(re.split(r"[;,] ", mine.get(k) or ""))
        parts = [x for x in re.split(r"[;,] ", v) if x not in have]
        out.append("%s %s" % (k, ", ".join(parts) if k in mine else v))
    return cell("; ".join(out))


def hl_command(r):
    for ev in r.get("evidence") or []:
        m = re.search(r"((?:sudo )?rustnet [^;|>{}]*?--output (jsonl|json))",
                      ev.get("output") or "")
        if m:
            return "%s %s" % (m.group(1), "| cat > out.jsonl"
                              if m.group(2) == "jsonl" else "> out.json")
    return None


def headless_section(w, R, rows):
    hl = [r for r in rows if r.get("id", "").startswith("headless.")]
    if not hl:
        return
    w("## Headless JSON (rustnet 1.7.0)")
    w("")
    w("For each `headless.*` row: the fields the runner asserted on "
      "rustnet's JSON (e2e/runner/sc_headless.c, headless_json.c) and an "
      "excerpt of rustnet's own stdout. **Seen**: ✓ = rustnet's JSON held "
      "the expected value (the runner notes a flow, the container or the "
      "terminal record only after each of its fields matched); a row that "
      "is not PASS or GAP names the first mismatch in its reason, and the "
      "checks after it did not run.")
    w("")
    order, shown, flows_shown = [], {}, {}
    for r in hl:
        if r.get("id") not in order:
            order.append(r.get("id"))
    for sid in order:
        p, e = one(hl, sid, "permissive"), one(hl, sid, "enforcing")
        w("### %s — %s" % (sid, ", ".join(
            "%s %s" % (x.get("mode"), x.get("verdict")) for x in (p, e)
            if x)))
        w("")
        ran = [x for x in (e, p) if x and x.get("verdict") != "SKIP"]
        if not ran:
            w("Not run (SKIP): %s" % cell(row_reason(e or p), 300))
            w("")
            continue
        main = ran[0]
        cmd = hl_command(main)
        if cmd:
            w("`%s` (as the unprivileged user, %s pass shown)" % (
                cmd, main.get("mode")))
            w("")
        got = hl_asserted(main)
        w("| asserted | expected | seen |")
        w("| --- | --- | --- |")
        # a flow line, once: a later row asserting the same flow with the
        # same outcome names the row that showed it (one line for them)
        again = {}
        for x in got:
            if re.match(r"(TCP|UDP) ", x[0]) and x in flows_shown:
                again.setdefault(flows_shown[x], []).append(x)
            elif re.match(r"(TCP|UDP) ", x[0]):
                flows_shown[x] = sid
        for what, exp, seen in got:
            src = flows_shown.get((what, exp, seen))
            if src != sid and (what, exp, seen) in again.get(src, ()):
                if (what, exp, seen) == again[src][0]:
                    w("| %s | as in `%s` above | %s |" % (", ".join(
                        x[0] for x in again[src]), src, seen))
                continue
            w("| %s | %s | %s |" % (cell(what), cell(exp), seen))
        v, why = main.get("verdict"), cell(row_reason(main), 300)
        if v == "GAP":
            w("| verdict | PASS or the documented gap | GAP: %s |" % why)
        elif v == "FAIL":
            w("| verdict | PASS | ✗ %s |" % why)
        elif v != "PASS":
            w("| verdict | PASS | %s: %s |" % (v, why))
        if not got:
            w("| (nothing) | the runner's notes name no asserted field | - |")
        w("")
        if main is e and p and p.get("verdict") != "SKIP":
            w("Permissive pass (%s): %s." % (p.get("verdict"), hl_diff(
                hl_asserted(p), got) or "the same fields and values"))
            w("")
        asserted = [k for k, _, _ in got if re.match(r"(TCP|UDP) ", k)]
        path, doc = hl_archived(main)
        if doc is not None:
            hl_asserted_excerpt(w, doc, asserted, sid, shown)
            continue
        w("No `asserted.json` of the rows the runner asserted %s: the "
          "excerpt below comes from the `tail -c` of stdout instead." % (
              "in the row's evidence (a runner older than it, or a row "
              "that stopped before every flow held)" if path is None else
              "that parses (`%s`)" % path))
        w("")
        size, tail = hl_tail(main)
        if tail is None:
            w("rustnet's stdout: **not archived** (the row's evidence has "
              "no `tail -c` of it).")
            w("")
            continue
        conns, members = hl_objects(tail)
        shown = [c for c in conns if hl_key(c) in asserted] or conns[-1:]
        missing = [k for k in asserted if k not in map(hl_key, conns)]
        missing += [k for k in ("process_detection", "sandbox")
                    if k not in members]
        w("Archived stdout: its last %d bytes only (the row's `tail -c` "
          "evidence)%s. %s" % (
              size, "" if not missing else ", without %s: those are seen "
              "through the runner's notes only" % ", ".join(
                  "`%s`" % x for x in missing),
              "A connection from them, asserted members only:"
              if shown else "It holds no complete connection object."))
        w("")
        if shown:
            w(fence(hl_excerpt(shown[0]), "json"))
            w("")
        for k in ("process_detection", "sandbox"):
            if k in members:
                w(fence('"%s": %s' % (k, json.dumps(trim_json(members[k]),
                                                     ensure_ascii=False)),
                      "json"))
                w("")


# --- process attribution: eBPF or procfs (issue 15) -------------------------

BOOL_LINE = re.compile(r"^\s*rustnet_use_ebpf --> (on|off)\s*$")
# the evidence command that starts rustnet: a TUI session, a headless
# run.sh, an output-rule run
SESSION_CMD = re.compile(r"tmux new-session|\bsh \S*/run\.sh\b|"
                         r"\bexec (?:sudo )?rustnet\b")
SESSION_NOTE = re.compile(r"^(?:session \S+: )?rustnet pid \d+ runs in ")
PD_JSON = re.compile(r'"process_detection"\s*:\s*\{[^{}]*?"method"\s*:\s*'
                     r'"((?:[^"\\]|\\.)*)"')
# the runner's FAIL reason when the terminal record's method was not the
# expected one (headless_json.c, expect_str)
PD_FAIL = re.compile(r'\bprocess_detection\.method is "((?:[^"\\]|\\.)*)", '
                     r'expected "')
LOG_LEVEL = re.compile(r"\[(?:ERROR|WARN|INFO|DEBUG|TRACE)\]")
# rustnet's debug-log statements of its method; "Enhanced lookup: eBPF
# miss, falling back to procfs" is one lookup, not the method
LOG_METHOD = (
    (re.compile(r"\bdetection method: (\S.*?)\s*$"), None),
    (re.compile(r"\beBPF: all kernel backends failed;.*\busing procfs\b"),
     "procfs"),
    (re.compile(r"\beBPF socket tracker initialized successfully\b"),
     "eBPF"),
)
PANE_METHOD = re.compile(r"\bDetection: (\S+(?: \S+)*)")
ATTR_SRC = (("J", "headless JSON `process_detection.method`"),
            ("L", "its debug log's method, tracker or fallback line"),
            ("T", "the TUI's `Detection:`"))


def method_class(text):
    t = (text or "").lower()
    return "eBPF" if "ebpf" in t else "procfs" if "procfs" in t else None


def attribution_said(R, r, entries=()):
    """What rustnet itself reported as its process-detection method in a
    row, most trusted first: [(source letter, method text)], one per
    source and method.  entries: the archived diagnostics allow-list (a
    debug-log entry the runner matched in the row is a log line seen)."""
    out = []

    def add(src, text):
        text = text.strip().rstrip("│").strip()
        if text and not any(s == src and method_class(x) ==
                            method_class(text) for s, x in out):
            out.append((src, text))
    evs = r.get("evidence") or []
    for ev in evs:
        m = PD_JSON.search(ev.get("output") or "")
        if m:
            add("J", m.group(1))
            break
    else:
        for ln in (r.get("notes") or "").splitlines():
            m = HL_TERM.match(ln.strip())
            if m:
                add("J", m.group(4))
                break
        else:
            m = PD_FAIL.search(r.get("reason") or "")
            if m and m.group(1) != "(missing)":
                add("J", m.group(1))
    logs = [ln for ev in evs
            for ln in plain(ev.get("output") or "").splitlines()
            if LOG_LEVEL.search(ln)]
    for pat, fixed in LOG_METHOD:
        for ln in logs:
            m = pat.search(ln)
            if m:
                add("L", fixed or m.group(1))
    for i in sorted(diag_hits([r])):
        e = entries[i] if i < len(entries) else {}
        for pat, fixed in LOG_METHOD:
            if fixed and e.get("src") == "debug log" and \
                    pat.search(e.get("pattern") or ""):
                add("L", fixed)
    pane = R["files"].get("guest/panes/%s-%s.ansi" % (r.get("id"),
                                                      r.get("mode")))
    texts = [pane.decode("utf-8", "replace")] if pane else \
        [ev.get("output") or "" for ev in evs]
    for text in texts:
        m = PANE_METHOD.search(plain(text))
        if m:
            add("T", m.group(1))
            break
    return out


def attribution_bool(r, entries):
    """(state, how) of rustnet_use_ebpf for a row's session: the last
    `getsebool` output before the command that starts rustnet, or the
    runner's own reading when it judged rustnet's output (allow-list
    entries that hold only with the boolean off, or only on).  state is
    "on", "off", "conflict" or None (not recorded)."""
    evs = r.get("evidence") or []
    start = next((i for i, ev in enumerate(evs)
                  if SESSION_CMD.search(ev.get("cmd") or "")), None)
    seen = [(i, m.group(1)) for i, ev in enumerate(evs)
            for m in map(BOOL_LINE.match,
                         (ev.get("output") or "").splitlines()) if m]
    got = None
    if start is not None:
        before = [s for i, s in seen if i < start]
        if before:
            got = before[-1]
    elif len({s for _, s in seen}) == 1:
        got = seen[0][1]
    diag, idx = set(), []
    for i in sorted(diag_hits([r])):
        e = entries[i] if i < len(entries) else {}
        for k, state in (("unless", "off"), ("needs", "on")):
            if "RN_DIAG_EBPF_ON" in map(diag_bit, e.get(k) or []):
                diag.add(state)
                idx.append(str(i))
    if got and diag and diag != {got} or len(diag) > 1:
        return "conflict", "getsebool %s, allow-list entries %s" % (
            got or "-", ", ".join(idx))
    if got:
        return got, "g"
    if diag:
        return diag.pop(), "a"
    return None, ""


def attribution_said_cell(said):
    """"procfs (L, T)": each method text once, with its sources."""
    by = {}
    for s, x in said:
        by.setdefault(x, []).append(s)
    return cell("; ".join("%s (%s)" % (x, ", ".join(s))
                          for x, s in by.items())) or "-"


def attribution_verdict(mode, state, said):
    if not said:
        return "not shown in the evidence"
    cls = [method_class(x) for _, x in said]
    m = cls[0]
    if m is None:
        v = "rustnet reported `%s`: neither eBPF nor procfs" % cell(
            said[0][1])
    elif mode == "permissive":
        v = "eBPF in use" if m == "eBPF" else "procfs"
    elif state == "off":
        v = ("fell back to procfs as the boolean documents" if m == "procfs"
             else "**MISMATCH: eBPF in use with the boolean off**")
    elif state == "on":
        v = ("eBPF in use (boolean on)" if m == "eBPF" else
             "**MISMATCH: procfs with the boolean on**")
    elif state == "conflict":
        v = "%s; **the boolean's readings conflict**" % m
    else:
        v = "%s; the boolean's state is not recorded for this row" % m
    if len(set(cls)) > 1:
        v += "; **rustnet's sources disagree**"
    return v


def attribution_rows(R, rows):
    """[(row, said, state, how, verdict)] of the rows that ran rustnet
    (a session note, or rustnet's method in the evidence)."""
    entries = diag_doc(R["files"]).get("entries") or []
    out = []
    for r in rows:
        if r.get("kind") not in ("ALLOWED", "GAP"):
            continue
        said = attribution_said(R, r, entries)
        if not said and not any(SESSION_NOTE.match(ln.strip()) for ln in
                                (r.get("notes") or "").splitlines()):
            continue
        state, how = attribution_bool(r, entries)
        out.append((r, said, state, how,
                    attribution_verdict(r.get("mode"), state, said)))
    return out


def attribution_tally(R, rows):
    """One sentence for the PR summary, or None: the passes that are not
    permissive, by outcome."""
    vs = [v for r, _, _, _, v in attribution_rows(R, rows)
          if r.get("mode") != "permissive"]
    if not vs:
        return None
    n = {k: sum(1 for v in vs if v.startswith(k)) for k in (
        "fell back", "eBPF in use (boolean on)", "**MISMATCH",
        "not shown")}
    unrec = sum(1 for v in vs if "state is not recorded" in v)
    other = len(vs) - sum(n.values()) - unrec
    return ("Process attribution: %d row(s) fell back to procfs with "
            "`rustnet_use_ebpf` off, %d used eBPF with it on, %d "
            "contradict it%s, %s%s%d not shown in the evidence." % (
                n["fell back"], n["eBPF in use (boolean on)"],
                n["**MISMATCH"], " (**see REPORT.md**)" if n["**MISMATCH"]
                else "", "%d with the boolean not recorded, " % unrec
                if unrec else "", "%d other (see REPORT.md), " % other
                if other else "", n["not shown"]))


def attribution_section(w, R, rows):
    """Issue 15: per rustnet session row, the method rustnet reported next
    to rustnet_use_ebpf, and whether they agree."""
    got = attribution_rows(R, rows)
    if not got:
        return
    w("## Process attribution (eBPF or procfs)")
    w("")
    w("Per row that ran rustnet: `rustnet_use_ebpf` for the session (g: "
      "`getsebool` before rustnet started; a: the runner's own reading, "
      "through allow-list entries that hold only with it off) and the "
      "method rustnet reported (%s). Without any of these a row is \"not "
      "shown in the evidence\"; nothing is inferred." % "; ".join(
          "%s: %s" % x for x in ATTR_SRC))
    w("")
    perm = {}
    w("| row | verdict | rustnet reported | `rustnet_use_ebpf` | "
      "attribution |")
    w("| --- | --- | --- | --- | --- |")
    for r, said, state, how, v in got:
        if r.get("mode") == "permissive":
            perm.setdefault(v, []).append(r.get("id"))
            continue
        w("| `%s`%s | %s | %s | %s | %s |" % (
            cell(r.get("id")), "" if r.get("mode") == "enforcing" else
            " (%s)" % cell(r.get("mode")), verdict_cell(r),
            attribution_said_cell(said),
            "%s (%s)" % (state, cell(how)) if state else "not recorded", v))
    w("")
    if perm:
        w("Permissive pass (SELinux denies nothing there, so the boolean "
          "does not apply): %s." % "; ".join("%s: %s" % (v, ", ".join(
              "`%s`" % cell(x) for x in ids)) for v, ids in perm.items()))
        w("")
    bad = [r.get("id") for r, _, _, _, v in got if "MISMATCH" in v]
    if bad:
        w("**%d row(s) where rustnet's method and the boolean disagree: "
          "%s.**" % (len(bad), ", ".join("`%s`" % cell(x) for x in bad)))
        w("")
    on = one(rows, "attack.ebpf_on", "enforcing")
    off = [a for a in rows if a.get("kind") == "ATTACK" and
           a.get("mode") == "enforcing" and
           "rustnet_use_ebpf off" in (a.get("claim") or "")]
    w("What SELinux cannot do: its `bpf` and `perf_event` classes do not "
      "tell program types, attach points or targets apart, so with "
      "`rustnet_use_ebpf` on confidentiality is not confined (the "
      "trade-off in [policy/README.md](policy/README.md#booleans-tunables-"
      "all-off-by-default), `rustnet_use_ebpf`). What the boolean gives "
      "away in this run: %s.%s" % (
          "`attack.ebpf_on` %s: %s" % (verdict_cell(on), cell(row_reason(on)))
          if on else "**not shown** (no `attack.ebpf_on` row)",
          " Denied with it off: %s." % ", ".join(
              "`%s` %s" % (cell(a.get("id")), verdict_cell(a)) for a in off)
          if off else ""))
    w("")


# --- the three reverse-DNS paths ---------------------------------------------

DNS_PATHS = (
    ("a", "stub 127.0.0.53, NSS `dns` only (no `resolve`), "
     "`rustnet_direct_dns` on and off"),
    ("b", "default: NSS `resolve` (systemd-resolved's socket), no UDP from "
     "rustnet_t"),
    ("c", "external resolver in another network namespace, "
     "`rustnet_direct_dns` on"),
)
# rows that use the image's resolver configuration without showing it
DNS_DEFAULT_ROWS = ("egress.default.rdns", "capture.session")
DNS_ROWS = ("egress.*.rdns", "capture.direct_dns", "capture.session",
            "dns.*")


def dns_config(r):
    """(hosts line, nameserver, rustnet_direct_dns) of the first evidence
    output of @r that shows a hosts: line; None when none does."""
    for ev in r.get("evidence") or []:
        out = plain(ev.get("output") or "")
        h = re.search(r"^hosts:\s*(.+)$", out, re.M)
        if not h:
            continue
        ns = re.search(r"^nameserver\s+(\S+)", out, re.M)
        b = re.search(r"^rustnet_direct_dns --> (\w+)", out, re.M)
        return (re.sub(r"\s+", " ", h.group(1).strip()),
                ns.group(1) if ns else None, b.group(1) if b else None)
    return None


def dns_path(r):
    cfg = dns_config(r)
    if cfg is None:
        return "b" if r.get("id") in DNS_DEFAULT_ROWS else None
    hosts, ns, _ = cfg
    if re.search(r"\bresolve\b", hosts):
        return "b"
    if re.search(r"\bdns\b", hosts) and ns:
        return "a" if ns == "127.0.0.53" else "c"
    return None


def avc_summary(r, lst):
    """The rustnet_t records of a row's window: the ones on the
    known-harmless list counted, the others grouped by class and target."""
    harmless, groups = 0, {}
    for a in r.get("avcs") or []:
        p = parse_avc(a)
        if not p or p[3] != "rustnet_t":
            continue
        if harmless_index(lst, a) is not None:
            harmless += 1
            continue
        g = groups.setdefault((p[2], p[4]), [set(), set(), 0])
        g[0] |= p[1]
        g[1].add(re.sub(r"\d+$", "*", p[5]))
        g[2] += 1
    out = ["%d × { %s } %s → %s (%s)" % (g[2], " ".join(sorted(g[0])), c, t,
                                         ", ".join(sorted(g[1])))
           for (c, t), g in sorted(groups.items())]
    if harmless:
        out.append("%d known-harmless" % harmless)
    return "; ".join(out) or "none"


def dns_log(rows):
    """A resolver query-log line (dnsmasq --log-queries) from the rows'
    evidence, or None."""
    for r in rows:
        for ev in r.get("evidence") or []:
            m = re.search(r"^.*query\[PTR\].*$", ev.get("output") or "", re.M)
            if m:
                return m.group(0).strip()[:160]
    return None


def dns_section(w, R, rows):
    # the known DNS rows, and any allowed row that sets a resolver up
    named = rows_of(rows, DNS_ROWS)
    cand = [r for r in rows if r.get("kind") != "ATTACK" and (
        r in named or (r.get("kind") == "ALLOWED" and dns_config(r)))]
    by = {}
    for r in cand:
        k = dns_path(r)
        if k:
            by.setdefault(k, {}).setdefault(r.get("id"), {})[
                r.get("mode")] = r
    if not cand:
        return
    lst = R.get("known_harmless")
    w("## Reverse DNS: the three paths")
    w("")
    w("Which rows prove each way rustnet_t gets names, as their evidence "
      "shows the resolver configuration (`hosts:` line of nsswitch.conf, "
      "`nameserver`, `rustnet_direct_dns`; rows that keep the image's "
      "default show none). Records: the rustnet_t records of the window "
      "(permissive / enforcing).")
    w("")
    w("| path | row | configuration | permissive | enforcing | rustnet_t "
      "records (p / e) |")
    w("| --- | --- | --- | --- | --- | --- |")
    for k, title in DNS_PATHS:
        ids = by.get(k) or {}
        if not ids:
            w("| (%s) %s | **no row** | - | - | - | the suite has no "
              "scenario for this path yet |" % (k, title))
            continue
        for n, (sid, m) in enumerate(ids.items()):
            p, e = m.get("permissive"), m.get("enforcing")
            cfg = dns_config(e or p)
            w("| (%s)%s | `%s` | %s | %s | %s | %s / %s |" % (
                k, "" if n else " " + title, sid, cell(
                    "hosts: %s; nameserver %s; rustnet_direct_dns %s" % (
                        cfg[0], cfg[1] or "-", cfg[2] or "-")
                    if cfg else "the image's default (not in the evidence)"),
                verdict_cell(p) if p else "-",
                verdict_cell(e) if e else "-",
                cell(avc_summary(p, lst)) if p else "-",
                cell(avc_summary(e, lst)) if e else "-"))
    w("")
    log = dns_log([r for m in (by.get("c") or {}).values()
                   for r in m.values()])
    w("External resolver's query log: %s." % (
        "`%s`" % cell(log) if log else "**not in the archive** (dnsmasq "
        "runs with `--log-queries`, but no row's evidence holds its log)"))
    w("")


def verdict_cell(r):
    if not r:
        return "-"
    v = r.get("verdict")
    return "**%s**" % v if v in ("FAIL", "ERROR") else v


def fmt_expect(e):
    if not e or not e.get("perm"):
        return ""
    return "{ %s } %s → %s" % (e.get("perm"), e.get("tclass") or "*",
                               e.get("ttype") or "*")


def matched_avc(a):
    """A record that matched the expected one exactly: only what the
    expected-record column does not say (the process, permissive=)."""
    keep = re.findall(r"\b(?:comm|permissive)=\S+", a)
    return "matched: " + " ".join(keep) if keep else short_avc(a)


def short_avc(a):
    return re.sub(r" (pid|name)=\S+", "", a)


def loaded_policy(run):
    m = re.search(r"^Loaded policy name:\s*(\S+)", run.get("sestatus") or "",
                  re.M)
    return m.group(1) if m else None


def fedora_source_policy(R):
    """True when a non-Fedora guest ran Fedora's targeted policy (the
    policy built from a Fedora source tree): the loaded policy is
    `targeted`, which Debian does not ship."""
    run = R["run"]
    return (loaded_policy(run) == "targeted" and
            "fedora" not in (run.get("distro") or "").lower())


def fedora_source(R):
    """The Fedora policy source's tag and commit, from the image manifest
    when the archive holds it."""
    text = R["files"].get(IMAGE_MANIFEST, b"").decode("utf-8", "replace")
    got = {}
    for key in ("describe", "commit"):
        m = re.search(r"^fedora-policy source %s: *(\S.*)$" % key, text, re.M)
        if m:
            got[key] = m.group(1).strip()
    if not got:
        return ("tag and commit not recorded: the archive holds no %s "
                "naming the source tree" % IMAGE_MANIFEST)
    return "source %s, commit `%s`" % (
        "tag `%s`" % got["describe"] if "describe" in got else
        "tag not recorded", got.get("commit", "not recorded"))


def systemd_version(R):
    m = re.search(rb"systemd\[1\]: systemd (\S+) running",
                  R["files"].get("console.log") or b"")
    return m.group(1).decode("utf-8", "replace") if m else None


def fedora_caveat(R, profile):
    run = R["run"]
    distro = run.get("distro") or "unknown userspace"
    pkgs = [re.sub(r"\s+", " ", ln.strip()) for ln in
            (run.get("packages") or "").splitlines()
            if re.match(r"^[a-z0-9][a-z0-9.+-]*\s+\S+$", ln.strip())]
    sd = systemd_version(R)
    return ("**Fedora's policy, not Fedora.** The loaded policy is "
            "`targeted`: Fedora's targeted policy built from source (%s) "
            "on %s's userspace and kernel (profile `%s`). What differs "
            "from a real Fedora 42 host, as this run recorded it: "
            "userspace %s; kernel %s; packages %s; systemd %s. Fedora 42's "
            "own userspace, kernel, packages and systemd did not run here "
            "(`fedora42` is not booted here)." % (
                fedora_source(R), distro, profile, distro,
                run.get("kernel") or "not recorded",
                ", ".join("`%s`" % p for p in pkgs) or "not recorded",
                sd + " (boot console)" if sd else
                "not recorded (no version line in console.log)"))


def caveats(R, profile):
    out = []
    if profile != "fedora42" and fedora_source_policy(R):
        out.append(fedora_caveat(R, profile))
    elif profile != "fedora42":
        if profile == FEDORA_SRC_PROFILE:
            out.append("**Not Fedora's policy.** Profile `%s` should load "
                       "Fedora's targeted policy, but the guest reports "
                       "loaded policy `%s`." % (
                           profile, loaded_policy(R["run"]) or
                           "not recorded"))
        out.append("**Not Fedora.** This is %s with Debian's refpolicy; the "
                   "module was compiled against Fedora's headers but never "
                   "loaded on Fedora (`fedora42` is not booted here)." %
                   (R["run"].get("distro") or profile))
    out.append("**Synthetic GeoIP.** The GeoLite2 databases are generated "
               "by the project (e2e/data/make-geoip.sh) for the reserved "
               "ranges 192.0.0.0/24 (the peers rustnet 1.7.0 looks up) "
               "and 198.18.0.0/15 (1.6.0 only: 1.7.0 skips it as a "
               "bogon), e2e/data/README.md; no MaxMind data.")
    out.append("**In-guest resolvers.** The \"stub\" and \"external\" "
               "resolvers are dnsmasq in network namespaces of the guest; "
               "no packet leaves the machine.")
    virt = (R["main"].get("virt") or "").strip()
    if virt != "kvm":
        out.append("**%s.** Timings are not those of real hardware." % (
            "TCG" if virt == "qemu" else "Accelerator " + (virt or
                                                           "unknown")))
    out.append("**What SELinux cannot stop:** UDP destination ports "
               "(only the opt-in SECMARK guard table restricts them, and it "
               "fails open when flushed); frames injected through the "
               "AF_PACKET capture socket.")
    return out


def limits(R, profile, rows):
    out = []
    if profile != "fedora42":
        out.append("The `fedora42` profile was **not booted here**: no "
                   "Fedora image can be downloaded on this machine. Its "
                   "domain XML and cloud-init seed are unit-tested only.")
    if profile != "fedora42" and fedora_source_policy(R):
        out.append("Fedora's targeted policy ran on %s: how it behaves "
                   "with Fedora 42's own userspace, kernel and packages is "
                   "not tested here." % (R["run"].get("distro") or
                                         "a non-Fedora guest"))
    out.append("UDP destination ports are invisible to SELinux socket "
               "permissions. Without the opt-in SECMARK guard table, a "
               "`rustnet_t` allowed direct DNS (boolean "
               "`rustnet_direct_dns`) can send UDP to any port; the guard is "
               "global while loaded and fails open when its table is "
               "flushed.")
    out.append("Frames injected through the AF_PACKET capture socket bypass "
               "netfilter and every socket check.")
    out.append("Guarantees that depend on booleans hold for their default "
               "values only; each boolean's scenario shows what it adds.")
    out.append("The audit fault self-test injects two faults (auditd "
               "killed, kernel backlog flooded); other ways to lose records "
               "(auditd's disk-full actions, a dispatcher plugin queue) are "
               "not exercised.")
    out.append("Screenshots are rendered from the archived panes; "
               "`make verify-report` checks the text and the digests, not "
               "the PNG bytes (they depend on the host's fonts).")
    # rows with the same verdict and reason (numbers aside) share a line
    groups, order = {}, []
    for s in rows:
        if s.get("verdict") not in ("SKIP", "ERROR", "GAP"):
            continue
        why = cell(row_reason(s), 100)
        key = (s.get("verdict"), NUMBER.sub("#", why))
        if key not in groups:
            order.append(key)
            groups[key] = []
        groups[key].append((s, why))
    for key in order:
        g = groups[key]
        out.append("%s %s: %s" % (
            ", ".join("`%s` (%s)" % (k, ", ".join(map(str, m)))
                      for k, m in id_modes([s for s, _ in g])),
            ("is a known gap" if len(g) == 1 else "are known gaps")
            if key[0] == "GAP" else "was " + key[0],
            same_numbers([why for _, why in g])))
    return out


def id_modes(rs):
    """[(id, [modes])] for rows, by id in first-seen order."""
    order, modes = [], {}
    for r in rs:
        if r.get("id") not in modes:
            order.append(r.get("id"))
            modes[r.get("id")] = []
        if r.get("mode") not in modes[r.get("id")]:
            modes[r.get("id")].append(r.get("mode"))
    return [(k, modes[k]) for k in order]


# a number in a reason: decimal, or a hex word holding a digit (a secret,
# an id), so that rows differing only in those share a Limits line
NUMBER = re.compile(r"(\b[0-9a-f]*\d[0-9a-f]*\b|\d+)")


def same_numbers(texts):
    """Texts that differ only in their numbers, as one: a number they do
    not share is shown as N."""
    parts = [NUMBER.split(t) for t in texts]
    return "".join(p if i % 2 == 0 or all(x[i] == p for x in parts)
                   else "N" for i, p in enumerate(parts[0]))


# --- writing -----------------------------------------------------------------

def archive_path(out):
    stem = os.path.splitext(os.path.basename(out))[0]
    return os.path.join(os.path.dirname(os.path.abspath(out)), "report",
                        "%s-results.tar.xz" % stem)


def write(args):
    res_dir = args.results
    if not os.path.isfile(os.path.join(res_dir, "guest", "results.json")):
        raise ReportError("cannot read %s: no such file" % os.path.join(
            res_dir, "guest", "results.json"))
    if not os.path.isdir(os.path.dirname(os.path.abspath(args.out))):
        raise ReportError("cannot write %s: its directory does not exist" %
                          args.out)
    files = collect(res_dir)
    R = load_run(files)
    run = R["run"]
    bundle_tree = (run.get("policy_tree") or "").strip()
    if not bundle_tree:
        raise ReportError("results.json names no policy tree; the run "
                          "cannot be tied to a committed policy/")
    dirty = git("status", "--porcelain", "--", "policy").stdout.strip()
    head_tree = git("rev-parse", "HEAD:policy").stdout.strip()
    if dirty and not args.allow_dirty:
        raise ReportError("policy/ has uncommitted changes; commit them and "
                          "rerun before writing a report:\n" + dirty)
    if bundle_tree != head_tree and not args.allow_dirty:
        raise ReportError("the run used policy tree %s but HEAD:policy is %s;"
                          " rerun make e2e" % (bundle_tree, head_tree))
    profile = args.profile or os.path.basename(res_dir.rstrip("/"))
    files[META] = (json.dumps({
        "profile": profile,
        "generated": datetime.datetime.now(datetime.timezone.utc).strftime(
            "%Y-%m-%dT%H:%M:%SZ"),
        "report_commit": git("rev-parse", "HEAD").stdout.strip(),
        "host": "%s %s (%s)" % (platform.system(), platform.release(),
                                platform.machine()),
    }, indent=1, sort_keys=True) + "\n").encode()
    diag = diag_list_doc(R["prov"])
    if diag:
        files[DIAG_LIST] = diag

    outdir = os.path.dirname(os.path.abspath(args.out))
    final_arc = archive_path(args.out)
    arc_rel = os.path.relpath(final_arc, outdir)
    stage = tempfile.mkdtemp(prefix="rnx-report-")
    try:
        arc = os.path.join(stage, os.path.basename(final_arc))
        write_archive(files, arc)
        with open(arc, "rb") as f:
            arc_sha = sha256(f.read())
        # render from what the archive holds, as verify-report will
        text, verdict = render(read_archive(arc), arc_rel, arc_sha)
        pngs = render_panes(read_archive(arc), profile, stage, arc_rel)
        try:
            os.makedirs(os.path.dirname(final_arc), exist_ok=True)
            for p in pngs:
                shutil.move(p, os.path.join(os.path.dirname(final_arc),
                                            os.path.basename(p)))
            shutil.move(arc, final_arc)
            tmp = args.out + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, args.out)
        except OSError as e:
            raise ReportError("cannot write %s: %s" % (args.out, e))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    if len(text.encode()) > SIZE_BUDGET:
        print("report: WARNING: %s is %d bytes, over the %d budget" % (
            args.out, len(text.encode()), SIZE_BUDGET), file=sys.stderr)
    return verdict, final_arc, arc_sha


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--profile")
    ap.add_argument("--allow-dirty", action="store_true",
                    help="for tests only: skip the policy tree checks")
    a = ap.parse_args()
    try:
        verdict, arc, arc_sha = write(a)
    except ReportError as e:
        print("report: ERROR: %s" % e, file=sys.stderr)
        return 3
    print("report: wrote %s (%s) and %s (sha256 %s)" % (
        a.out, verdict, arc, arc_sha), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
