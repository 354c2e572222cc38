#!/usr/bin/python3
"""TAP tests for scripts/report.py and scripts/verify-report.py.

fixtures/good/ is a small run in the real schema (docs/results-schema.md):
the runner's results.json, rpm/, faults/ and main/results.json, written
with scripts/rnx-result.py, and provenance.json.  fixtures/real/ holds
results files from a real guest run (trimmed), so the schema is checked
against what the runner really writes.  Each case copies a fixture into a
scratch directory, changes one thing and checks the verdicts, rows,
archive and refusals.  Reports are written only under the scratch
directory; the repository's REPORT.md and report/ are checked to stay
untouched.

usage: test_report.py   (prints TAP; exit 0 when every check passed)
"""
import json
import os
import re
import shutil
import sys
import tarfile

from taplib import FIXTURES, PYTHON, TOP, Scratch, Tap, read, run, write

sys.path.insert(0, os.path.join(TOP, "scripts"))
import report as R  # noqa: E402

REPORT = os.path.join(TOP, "scripts", "report.py")
VERIFY = os.path.join(TOP, "scripts", "verify-report.py")
GOOD = os.path.join(FIXTURES, "good")
REAL = os.path.join(FIXTURES, "real")
FAKE_TREE = "1111111111111111111111111111111111111111"
# rows of a real rustnet 1.7.0 run (headless, DNS, diagnostics notes)
ROWS17 = os.path.join(FIXTURES, "rows-1.7.0.json")
# real rows for the process-attribution section (session 14's run)
ROWS_ATTR = os.path.join(FIXTURES, "rows-attribution.json")
PNG = "debian12-capture.session-enforcing.png"
ARC = "REPORT-results.tar.xz"


# --- building cases ------------------------------------------------------

def new_case(tmp, name, src=GOOD):
    res = os.path.join(tmp, name, "debian12")
    shutil.copytree(src, res)
    return res


def guest(res, *parts):
    return os.path.join(res, "guest", *parts)


def edit_json(path, fn):
    with open(path, encoding="utf-8") as f:
        r = json.load(f)
    fn(r)
    write(path, json.dumps(r, indent=1))


def set_verdict(res, sid, verdict, part="results.json", **more):
    def fn(r):
        hit = [s for s in r["scenarios"] if s["id"] == sid]
        assert hit, sid
        for s in hit:
            s["verdict"] = verdict
            s.update(more)
    edit_json(guest(res, part), fn)


def report(res, *extra, out=None, script=REPORT):
    """Run report.py; returns (rc, stderr, out path, report text or None)."""
    out = out or os.path.join(os.path.dirname(res), "REPORT.md")
    rc, _, err = run([PYTHON, script, "--results", res, "--out", out] +
                     list(extra))
    text = read(out) if os.path.isfile(out) else None
    return rc, err, out, text


def overall_line(v):
    return "**Overall: %s** — " % v


def section(text, title):
    lines = (text or "").splitlines()
    try:
        i = lines.index("## " + title)
    except ValueError:
        return []
    out = []
    for ln in lines[i + 1:]:
        if ln.startswith("## "):
            break
        out.append(ln)
    return out


def row(text, title, sid):
    hit = [ln for ln in section(text, title)
           if ln.startswith("| %s |" % sid)]
    return hit[0] if len(hit) == 1 else None


def written(t, desc, rc, err, text, want):
    return t.ok(rc == 0 and text is not None and
                overall_line(want) in text,
                "%s: report written, overall %s" % (desc, want),
                "exit %d, report %s, stderr: %s\n%s" % (
                    rc, "written" if text else "missing", err,
                    [ln for ln in (text or "").splitlines()
                     if "Overall" in ln]))


def repo_report_state():
    state = {}
    for p in (os.path.join(TOP, "REPORT.md"), os.path.join(TOP, "report")):
        if os.path.isdir(p):
            for n in sorted(os.listdir(p)):
                st = os.stat(os.path.join(p, n))
                state[os.path.join(p, n)] = (st.st_size, st.st_mtime_ns)
        elif os.path.exists(p):
            st = os.stat(p)
            state[p] = (st.st_size, st.st_mtime_ns)
    return state


def case17(tmp, name, fn=None):
    """fixtures/good/ with the rustnet 1.7.0 rows of fixtures/rows-1.7.0.json
    (and that run's known-harmless list) in place of its capture.session;
    fn(rows) may change the rows first."""
    res = new_case(tmp, name)
    with open(ROWS17, encoding="utf-8") as f:
        doc = json.load(f)
    if fn:
        fn(doc["rows"])

    def put(r):
        r["scenarios"] = [x for x in r["scenarios"]
                          if x["id"] != "capture.session"] + doc["rows"]
        r["known_harmless"] = doc["known_harmless"]
    edit_json(guest(res, "results.json"), put)
    return res


def find(rows, sid, mode):
    hit = [r for r in rows if r["id"] == sid and r["mode"] == mode]
    assert len(hit) == 1, (sid, mode)
    return hit[0]


def subsection(lines, title):
    """The lines of a ### subsection among a section's lines."""
    try:
        i = lines.index("### " + title)
    except ValueError:
        return ""
    out = []
    for ln in lines[i + 1:]:
        if ln.startswith("### "):
            break
        out.append(ln)
    return "\n".join(out)


# --- the cases -------------------------------------------------------------

def schema_fixtures(t):
    """Every results file of the fixtures, the real guest output among
    them, matches docs/results.schema.json; a broken one does not."""
    v = R.validator()
    for base in (GOOD, REAL):
        for dp, _, fns in os.walk(base):
            for fn in sorted(fns):
                if fn != "results.json":
                    continue
                p = os.path.join(dp, fn)
                with open(p, encoding="utf-8") as f:
                    doc = json.load(f)
                errs = list(v.iter_errors(doc))
                t.ok(not errs, "schema: %s is valid" %
                     os.path.relpath(p, FIXTURES),
                     "\n".join(e.message for e in errs[:5]))
    if os.path.isfile(os.path.join(REAL, "guest", "results.json")):
        with open(os.path.join(REAL, "guest", "results.json"),
                  encoding="utf-8") as f:
            doc = json.load(f)
        t.ok(len(doc["scenarios"]) >= 10 and
             doc["run"].get("policy_build"),
             "schema: the real runner output has its scenarios and run "
             "fields")
    else:
        t.skip("schema: the real runner output", "no fixtures/real yet")
        with open(os.path.join(GOOD, "guest", "results.json"),
                  encoding="utf-8") as f:
            doc = json.load(f)
    for what, fn in (
            ("a verdict outside the five", lambda d: d["scenarios"][0]
             .update(verdict="MAYBE")),
            ("a row without reason", lambda d: d["scenarios"][0]
             .pop("reason")),
            ("evidence rc as a string", lambda d: d["scenarios"][0]
             .update(evidence=[{"cmd": "x", "rc": "0", "output": ""}])),
            ("schema 2", lambda d: d.update(schema=2))):
        d = json.loads(json.dumps(doc))
        fn(d)
        t.ok(list(v.iter_errors(d)), "schema: rejects %s" % what)


def precedence(t):
    cases = ((["PASS", "FAIL", "ERROR"], "FAIL"),
             (["PASS", "ERROR", "GAP"], "ERROR"),
             (["PASS", "GAP", "SKIP"], "GAP"),
             (["PASS", "SKIP"], "PASS"),
             (["SKIP"], "SKIP"),
             ([], "ERROR"))
    for vs, want in cases:
        got = R.overall([{"verdict": v} for v in vs])
        t.ok(got == want, "precedence: %s -> %s" % (vs or "no rows", want),
             "got %s" % got)


def good_run(t, tmp):
    res = new_case(tmp, "good")
    rc, err, out, text = report(res, "--allow-dirty")
    # the fixture holds one known gap: the overall verdict says so
    written(t, "good run", rc, err, text, "GAP")
    t.ok("13 PASS · 0 FAIL · 0 ERROR · 0 SKIP · 1 GAP" in (text or ""),
         "good run: counts per outcome on the first screen (rpm, fault and "
         "part rows counted)")
    t.ok(len((text or "").encode()) < R.SIZE_BUDGET,
         "good run: report under the size budget")
    gap = row(text, "Scenarios", "attribution.other_users_off")
    t.ok(gap and "| GAP |" in gap and "PASS" not in gap,
         "good run: a GAP scenario renders as GAP", gap)
    shipped = "\n".join(section(text, "Allowed windows: the shipped domain"))
    t.ok("| pass.shipped_domain | enforcing | PASS |" in shipped and
         "200 rnx_canary pp" in shipped, "good run: module set of the "
         "allowed windows and the shipped-domain check", shipped)
    noda = "\n".join(section(text, "Allowed paths judged with dontaudit "
                                   "off"))
    t.ok("| capture.session | enforcing | PASS | r1 |" in noda and
         "| r1 | { sys_ptrace } capability → rustnet_t (rustnet) | yes |"
         in noda and "`dontaudit rustnet_t "
         "self:capability sys_ptrace;` | r1 (1 row) |" in noda,
         "good run: dontaudit-off verdicts and the known-harmless list, "
         "with the rows its entry matched", noda)
    t.ok(row(text, "Scenarios", "capture.session (dontaudit off)"),
         "good run: the scenario table marks a dontaudit-off window")
    a = row(text, "Attack matrix", "attack.read_shadow")
    t.ok(a and "| - | PASS |" in a and "13 (EACCES) / 13 (EACCES)" in a,
         "good run: attack matrix: enforcing verdict and errno, no "
         "permissive row", a)
    t.ok("| accelerator | TCG, software emulation (the guest's "
         "systemd-detect-virt: qemu) |" in (text or ""),
         "good run: accelerator read from the run (main/results.json)")
    t.ok("| capture length | 60 s per main capture session |" in
         (text or ""), "good run: one capture length when the run "
         "records no separate permissive one")
    res2 = new_case(tmp, "pdur")
    edit_json(guest(res2, "results.json"),
              lambda r: r["run"].update(duration=300, permissive_duration=60))
    _, _, _, text2 = report(res2, "--allow-dirty")
    t.ok("| capture length | 300 s enforcing, 60 s permissive (the "
         "`capture.session` of each pass) |" in (text2 or ""),
         "a shorter permissive capture.session is named beside the "
         "enforcing one")
    for sid in ("rpm.install", "rpm.erase", "fault.control",
                "fault.backlog_flood", "part.runner"):
        r = row(text, "Scenarios", sid)
        t.ok(r and "PASS" in r, "good run: %s row from its results file" %
             sid, r)
    items = [ln for ln in (text or "").splitlines()
             if ln.startswith("### ")]
    t.ok(len(items) == 9 and items[0].startswith("### 1. ") and
         items[8].startswith("### 9. "),
         "good run: the nine acceptance items", "\n".join(items))
    t.ok("### 3. A capture session with real traffic works and leaves no "
         "rustnet_t record, permissive then enforcing — PASS" in text,
         "good run: item 3 PASS from capture.session")
    t.ok("## Pull-request summary (paste-ready)" in text and
         "```markdown\n**rustnet SELinux policy, e2e evidence: GAP**" in
         text, "good run: paste-ready PR summary block")
    prov = "\n".join(section(text, "Provenance"))
    t.ok("| `e2e/` | `333333333333` clean |" in prov and
         "| `policy/` | `111111111111` clean |" in prov,
         "good run: provenance names each tree and its dirty flag", prov)
    arc = os.path.join(os.path.dirname(out), "report", ARC)
    ok = os.path.isfile(arc)
    sha = R.sha256(open(arc, "rb").read()) if ok else None
    t.ok(ok and "[`%s`](report/%s), sha256 `%s`" % (ARC, ARC, sha) in text,
         "good run: archive beside the report, linked with its sha256")
    if ok:
        with tarfile.open(arc, "r:xz") as tf:
            names = tf.getnames()
        t.ok(all(n in names for n in (
            "guest/results.json", "guest/rpm/results.json",
            "guest/faults/results.json", "guest/main/results.json",
            "guest/provenance.json", "guest/panes/capture.session-"
            "enforcing.ansi", "times.txt", R.META)),
            "good run: archive holds every results file, panes, times, "
            "meta", "\n".join(names))
    png = os.path.join(os.path.dirname(out), "report", PNG)
    t.ok("](report/%s)" % PNG in text and os.path.isfile(png) and
         os.path.getsize(png) > 1000,
         "good run: pane rendered beside the report and linked")
    t.ok("report: wrote %s (GAP)" % out in err,
         "good run: stderr names the report and its verdict", err)
    # a second report written beside it keeps its own screenshots and
    # leaves the first one's alone
    before = R.sha256(open(png, "rb").read()) if os.path.isfile(png) \
        else None
    os.utime(png, (0, 0)) if before else None
    rc2, _, out2, text2 = report(res, "--allow-dirty", out=os.path.join(
        os.path.dirname(out), "REPORT-b.md"))
    png2 = os.path.join(os.path.dirname(out), "report", "REPORT-b-" + PNG)
    t.ok(rc2 in (0, 1) and before and os.stat(png).st_mtime == 0 and
         os.path.isfile(png2) and "](report/REPORT-b-%s)" % PNG in
         (text2 or ""),
         "two reports in one directory: REPORT-b.md links its own "
         "REPORT-b-%s and leaves REPORT.md's untouched" % PNG,
         (rc2, os.path.isfile(png2)))


def dedup(t, tmp):
    res = new_case(tmp, "dedup")
    big = "type=AVC msg=audit(1.0:1): avc: denied\n" * 20000
    write(guest(res, "audit.log"), big)
    write(guest(res, "faults", "control", "audit.log"), big)
    rc, err, out, text = report(res, "--allow-dirty")
    arc = os.path.join(os.path.dirname(out), "report", ARC)
    links = []
    if rc == 0:
        with tarfile.open(arc, "r:xz") as tf:
            links = [m.name for m in tf.getmembers() if m.islnk()]
    t.ok(rc == 0 and len(links) == 1 and os.path.getsize(arc) < 20000,
         "archive: a repeated file is stored once (hard link), xz keeps it "
         "small", "exit %d, links %s, size %s: %s" % (
             rc, links, os.path.getsize(arc) if rc == 0 else "-", err))


def verdicts(t, tmp):
    res = new_case(tmp, "rpm-fail")
    set_verdict(res, "rpm.erase", "FAIL", part="rpm/results.json",
                reason="failed: after erase: no rustnet module;")
    set_verdict(res, "part.faults", "ERROR", part="main/results.json",
                reason="started and did not finish")
    rc, err, _, text = report(res, "--allow-dirty")
    written(t, "rpm FAIL and an unfinished part", rc, err, text, "FAIL")
    r = row(text, "Scenarios", "part.faults")
    t.ok(r and "**ERROR**" in r and "did not finish" in r,
         "an unfinished part shows as ERROR", r)
    t.ok("### 9. " in text and "enforcing; the RPM ships permissive and "
         "flips on upgrade — FAIL" in text,
         "the rpm FAIL makes acceptance item 9 FAIL")

    res = new_case(tmp, "part-error")
    set_verdict(res, "part.runner", "ERROR", part="main/results.json",
                reason="started and did not finish")
    rc, err, _, text = report(res, "--allow-dirty")
    written(t, "runner part never finished", rc, err, text, "ERROR")

    res = new_case(tmp, "all-skip")
    for part in ("results.json", "rpm/results.json", "faults/results.json",
                 "main/results.json"):
        edit_json(guest(res, part), lambda r: [
            x.update(verdict="SKIP") for x in r["scenarios"]])
    rc, err, _, text = report(res, "--allow-dirty")
    written(t, "nothing but SKIP", rc, err, text, "SKIP")

    res = new_case(tmp, "old-runner-gap")
    set_verdict(res, "attribution.other_users_off", "PASS")
    rc, err, _, text = report(res, "--allow-dirty")
    written(t, "a GAP scenario an older runner recorded as PASS", rc, err,
            text, "GAP")

    res = new_case(tmp, "gap-fail")
    set_verdict(res, "attribution.other_users_off", "FAIL",
                reason="bob's connection attributed in the enforcing pass")
    rc, err, _, text = report(res, "--allow-dirty")
    written(t, "a GAP row whose assertion failed", rc, err, text, "FAIL")

    res = new_case(tmp, "kvm")
    edit_json(guest(res, "main", "results.json"),
              lambda r: r["run"].update(virt="kvm"))
    rc, err, _, text = report(res, "--allow-dirty")
    t.ok(rc == 0 and "| accelerator | KVM (the guest's systemd-detect-virt:"
         " kvm) |" in text and "**TCG.**" not in text,
         "a KVM run says KVM and drops the TCG caveat")

    res = new_case(tmp, "no-main")
    shutil.rmtree(guest(res, "main"))
    rc, err, _, text = report(res, "--allow-dirty")
    t.ok(rc == 0 and "| accelerator | unknown (no guest/main/results.json)"
         " |" in text, "no main/results.json: accelerator unknown, never "
         "assumed")

    res = new_case(tmp, "perm-attack")

    def add_perm(r):
        s = dict([x for x in r["scenarios"]
                  if x["id"] == "attack.read_shadow"][0])
        s.update(mode="permissive", observed_errno=0, expect_errno=13)
        r["scenarios"].insert(0, s)
    edit_json(guest(res, "results.json"), add_perm)
    rc, err, _, text = report(res, "--allow-dirty")
    a = row(text, "Attack matrix", "attack.read_shadow")
    t.ok(a and "| PASS | PASS |" in a and "0 (success)" not in a,
         "attack matrix: the permissive pass shows no errno (not checked)",
         a)


def refused(t, desc, res, want, *extra, out=None):
    rc, err, out, text = report(res, *extra, out=out)
    outdir = os.path.dirname(out)
    t.ok(rc == 3 and err.startswith("report: ERROR:") and want in err and
         text is None and not os.path.exists(out + ".tmp") and
         not os.path.exists(os.path.join(outdir, "report")),
         "%s: exit 3, 'report: ERROR: ...%s...', nothing written" % (
             desc, want),
         "exit %d, report %s, stderr: %s" % (
             rc, "written" if text is not None else "absent", err))


def refusals(t, tmp):
    res = new_case(tmp, "no-results")
    os.remove(guest(res, "results.json"))
    refused(t, "results.json missing", res, "cannot read", "--allow-dirty")

    res = new_case(tmp, "not-json")
    write(guest(res, "results.json"), '{"schema": 1, "run": {')
    refused(t, "results.json not JSON", res, "cannot read", "--allow-dirty")

    bad = "does not match docs/results.schema.json"
    for name, part, fn in (
            ("json-array", "results.json", None),
            ("run-null", "results.json", lambda r: r.update(run=None)),
            ("scenarios-object", "results.json",
             lambda r: r.update(scenarios={})),
            ("scenario-string", "results.json",
             lambda r: r["scenarios"].append("capture.session")),
            ("bogus-verdict", "results.json",
             lambda r: r["scenarios"][0].update(verdict="MAYBE")),
            ("rpm-no-reason", "rpm/results.json",
             lambda r: r["scenarios"][0].pop("reason")),
            ("faults-bad-mode", "faults/results.json",
             lambda r: r["scenarios"][0].update(mode="both")),
            ("main-bad-source", "main/results.json",
             lambda r: r.update(source="elsewhere"))):
        res = new_case(tmp, name)
        if fn is None:
            write(guest(res, part), "[]\n")
        else:
            edit_json(guest(res, part), fn)
        refused(t, "%s: %s breaks the schema" % (name, part), res,
                "%s %s" % (part if part.startswith("guest/") else
                           "guest/" + part, bad), "--allow-dirty")

    res = new_case(tmp, "no-tree")
    edit_json(guest(res, "results.json"),
              lambda r: r["run"].update(policy_tree=None))
    refused(t, "no policy_tree (even with --allow-dirty)", res,
            "names no policy tree", "--allow-dirty")

    res = new_case(tmp, "out-dir-missing")
    refused(t, "--out in a directory that does not exist", res,
            "cannot write", "--allow-dirty",
            out=os.path.join(tmp, "out-dir-missing", "nodir", "R.md"))

    res = new_case(tmp, "bad-pane")
    write(guest(res, "panes", "broken-enforcing.ansi"), "x\x1b[38;5m\n")
    rc, err, out, text = report(res, "--allow-dirty")
    t.ok(rc == 0 or (rc == 3 and text is None and not os.path.exists(
        os.path.join(os.path.dirname(out), "report"))),
         "a pane ansi2png chokes on: a report with it, or nothing at all",
         "exit %d: %s" % (rc, err))

    rc, _, err = run([PYTHON, REPORT])
    t.ok(rc == 2 and "usage" in err, "no arguments: usage, exit 2",
         "exit %d: %s" % (rc, err))


def blank_pane(t, tmp):
    res = new_case(tmp, "blank-pane")
    write(guest(res, "panes", "export.json-enforcing.ansi"), "")
    rc, err, out, text = report(res, "--allow-dirty")
    rdir = os.path.join(os.path.dirname(out), "report")
    t.ok(rc == 0 and text is not None and
         os.path.isfile(os.path.join(rdir, PNG)) and
         not os.path.exists(os.path.join(
             rdir, "debian12-export.json-enforcing.png")),
         "an empty pane capture gets no screenshot and does not stop the "
         "report", "exit %d: %s" % (rc, err))


def real_run(t, tmp):
    """fixtures/real: the results of a real debian12 guest run (TCG, the
    RPM scenario stopped by hand in its second step, the runner's setup
    ERROR in setup.shipped_reference), trimmed by fixtures/trim-real.py.
    The report tells that run as it was."""
    if not os.path.isdir(REAL):
        t.skip("real run: report from real guest output",
               "no fixtures/real yet")
        return
    res = new_case(tmp, "real", REAL)
    rc, err, out, text = report(res, "--allow-dirty")
    written(t, "real run", rc, err, text, "ERROR")
    for sid, want in (("rpm.install", "| PASS |"),
                      ("rpm.upgrade", "**ERROR**"),
                      ("part.rpm", "**ERROR**"), ("part.faults", "| SKIP |")):
        r = row(text, "Scenarios", sid)
        t.ok(r and want in r, "real run: %s row %s" % (sid, want), r)
    t.ok("| accelerator | TCG, software emulation (the guest's "
         "systemd-detect-virt: qemu) |" in (text or ""),
         "real run: the accelerator the guest saw")
    a = row(text, "Attack matrix", "attack.udp_1234.nc")
    t.ok(a and a.endswith("| none defined / n/a |"),
         "real run: nc reports no errno, and the matrix says so", a)
    t.ok(len((text or "").encode()) < R.SIZE_BUDGET,
         "real run: report under the size budget")


def git(cwd, *args):
    return run(["git", "-c", "user.name=rnx-test",
                "-c", "user.email=rnx-test@invalid", "-C", cwd] +
               list(args))


def scratch_repo(t, tmp):
    """A throwaway git repository with the scripts, the schema and
    committed policy/ and e2e/ trees."""
    repo = os.path.join(tmp, "repo")
    for d in ("scripts", "policy", "e2e", "docs"):
        os.makedirs(os.path.join(repo, d))
    for s in ("report.py", "ansi2png.py", "verify-report.py"):
        shutil.copy2(os.path.join(TOP, "scripts", s),
                     os.path.join(repo, "scripts", s))
    shutil.copy2(R.SCHEMA, os.path.join(repo, "docs"))
    write(os.path.join(repo, "policy", "rustnet.te"),
          "policy_module(rustnet, 1.0)\n")
    write(os.path.join(repo, "e2e", "Makefile"), "all:\n")
    os.makedirs(os.path.join(repo, "e2e", "runner"))
    shutil.copy2(os.path.join(TOP, "e2e", R.DIAG_SRC),
                 os.path.join(repo, "e2e", R.DIAG_SRC))
    steps = (git(repo, "init", "-q"), git(repo, "add", "."),
             git(repo, "commit", "-q", "-m", "fixture"))
    bad = [s for s in steps if s[0] != 0]
    if not t.ok(not bad, "scratch git repository with committed policy/ "
                "and e2e/", "\n".join(s[2] for s in bad)):
        return None, None
    trees = {d: git(repo, "rev-parse", "HEAD:" + d)[1].strip()
             for d in ("policy", "e2e")}
    return repo, trees


def point_at(res, trees):
    edit_json(guest(res, "results.json"),
              lambda r: r["run"].update(policy_tree=trees["policy"]))
    edit_json(guest(res, "provenance.json"), lambda p: [
        p["trees"][d].update(tree=trees[d]) for d in trees])


def tree_checks(t, tmp, repo, trees):
    script = os.path.join(repo, "scripts", "report.py")
    res = new_case(tmp, "scratch")
    point_at(res, trees)
    rc, err, out, text = report(res, script=script)
    t.ok(rc == 0 and text is not None,
         "scratch repo, clean policy/, matching tree: accepted",
         "exit %d: %s" % (rc, err))
    te = os.path.join(repo, "policy", "rustnet.te")
    write(te, "policy_module(rustnet, 1.1)\n")
    os.remove(out)
    rc, err, out, text = report(res, script=script)
    t.ok(rc == 3 and "report: ERROR: policy/ has uncommitted changes" in err
         and text is None, "scratch repo, modified policy file: refused",
         "exit %d: %s" % (rc, err))
    git(repo, "checkout", "-q", "--", "policy")
    edit_json(guest(res, "results.json"),
              lambda r: r["run"].update(policy_tree=FAKE_TREE))
    rc, err, _, text = report(res, script=script)
    t.ok(rc == 3 and "the run used policy tree %s but HEAD:policy is %s" % (
        FAKE_TREE, trees["policy"]) in err and text is None,
         "scratch repo, clean policy/, other tree: refused",
         "exit %d: %s" % (rc, err))


def verify(repo, out):
    return run([PYTHON, os.path.join(repo, "scripts", "verify-report.py"),
                "--report", out, "--repo", repo])


def verify_checks(t, tmp, repo, trees):
    script = os.path.join(repo, "scripts", "report.py")
    res = new_case(tmp, "verify")
    point_at(res, trees)
    rc, err, out, text = report(res, script=script)
    if not t.ok(rc == 0, "verify: report written", err):
        return
    arc = os.path.join(os.path.dirname(out), "report", ARC)
    rc, so, se = verify(repo, out)
    t.ok(rc == 0, "verify-report passes on a fresh report", so + se)

    orig = open(out, "rb").read()
    i = orig.index(b"| capture length |") + 20
    open(out, "wb").write(orig[:i] + bytes([orig[i] ^ 1]) + orig[i + 1:])
    rc, so, se = verify(repo, out)
    t.ok(rc == 1 and "FAIL %s equals its rendering" % out in so,
         "verify-report fails after one byte of the report changed",
         so + se)
    open(out, "wb").write(orig)

    a = open(arc, "rb").read()
    open(arc, "wb").write(a[:-40] + bytes([a[-40] ^ 1]) + a[-39:])
    rc, so, se = verify(repo, out)
    t.ok(rc in (1, 3) and "has the stated sha256" in so + se and
         "ok   archive" not in so,
         "verify-report fails after one byte of the archive changed",
         so + se)
    open(arc, "wb").write(a)
    rc, so, se = verify(repo, out)
    t.ok(rc == 0, "verify-report passes again once both are restored",
         so + se)

    for d, f in (("policy", "rustnet.te"), ("e2e", "Makefile")):
        p = os.path.join(repo, d, f)
        keep = read(p)
        write(p, keep + "# changed\n")
        git(repo, "commit", "-q", "-am", "change " + d)
        rc, so, se = verify(repo, out)
        t.ok(rc == 1 and "FAIL HEAD:%s is the tree the guest received" % d
             in so, "verify-report fails after a committed change under "
             "%s/" % d, so + se)
        git(repo, "revert", "--no-edit", "HEAD")
    rc, so, se = verify(repo, out)
    t.ok(rc == 0, "verify-report passes once the trees are back", so + se)

    # a host-side test the guest never runs may change after the run
    for d, f in (("policy", "tests/assert.py"), ("e2e", "runner/tests/t.c"),
                 ("policy", "README.md"), ("e2e", "bench/b.sh")):
        p = os.path.join(repo, d, f)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        write(p, "# host-side test\n")
        git(repo, "add", p)
        git(repo, "commit", "-q", "-m", "host test " + d)
        rc, so, se = verify(repo, out)
        t.ok(rc == 0 and "differs only where no verdict depends: "
             "%s/%s" % (d, f) in so, "verify-report accepts a committed "
             "change of %s/%s only (no verdict depends on it)" % (d, f),
             so + se)
        write(os.path.join(repo, d, "next-to-tests"), "x\n")
        git(repo, "add", os.path.join(repo, d, "next-to-tests"))
        git(repo, "commit", "-q", "-m", "shipped file " + d)
        rc, so, se = verify(repo, out)
        t.ok(rc == 1 and "first %s/next-to-tests" % d in so,
             "verify-report still fails when a file outside the host-side "
             "tests changes too (%s/)" % d, so + se)
        git(repo, "rm", "-q", os.path.join(repo, d, "next-to-tests"), p)
        git(repo, "commit", "-q", "-m", "back " + d)
    rc, so, se = verify(repo, out)
    t.ok(rc == 0, "verify-report passes once the host tests are gone",
         so + se)

    res = new_case(tmp, "verify-dirty")
    point_at(res, trees)
    edit_json(guest(res, "provenance.json"), lambda p: p["trees"]["e2e"]
              .update(dirty=True, changed_files=2))
    out2 = os.path.join(tmp, "verify-dirty", "REPORT.md")
    rc, err, out2, text = report(res, script=script, out=out2)
    rc, so, se = verify(repo, out2)
    t.ok(rc == 1 and "FAIL e2e/ went into the guest clean" in so and
         "**dirty** (2 changed file(s)" in (text or ""),
         "a run whose e2e/ was dirty says so and does not verify", so + se)


FEDORA_SESTATUS = ("SELinux status:                 enabled\n"
                   "Loaded policy name:             targeted\n"
                   "Current mode:                   enforcing\n")
FEDORA_PACKAGES = ("dpkg-query: no packages found matching "
                   "selinux-policy-default\npolicycoreutils 3.8-1\n"
                   "libselinux1 3.8.1-1\nauditd 1:4.0.2-2\n"
                   "sh: 1: rpm: not found\n")
FEDORA_COMMIT = "0123456789abcdef0123456789abcdef01234567"


def fedora_case(tmp, name, manifest=True, console=True,
                sestatus=FEDORA_SESTATUS):
    """A stand-in run of profile debian13-fedora-policy: the fields the
    runner records on a Debian 13 guest with Fedora's policy loaded."""
    res = new_case(tmp, name)
    edit_json(guest(res, "results.json"), lambda r: r["run"].update(
        distro="Debian GNU/Linux 13 (trixie)", kernel="6.12.57+deb13-amd64",
        sestatus=sestatus, packages=FEDORA_PACKAGES))
    if manifest:
        write(os.path.join(res, R.IMAGE_MANIFEST),
              "profile: debian13-fedora-policy\n"
              "fedora-policy source commit: %s\n"
              "fedora-policy source describe: v41.24\n" % FEDORA_COMMIT)
    if console:
        write(os.path.join(res, "console.log"),
              "[    9.1] systemd[1]: systemd 257.9-1~deb13u1 running in "
              "system mode (+PAM +AUDIT +SELINUX)\n")
    return res


def fedora_policy(t, tmp):
    prof = ("--profile", "debian13-fedora-policy")
    rc, err, out, text = report(fedora_case(tmp, "fed"), "--allow-dirty",
                                *prof)
    written(t, "Fedora policy run", rc, err, text, "GAP")
    text = text or ""
    cav = [ln for ln in text.splitlines()
           if ln.startswith("- **Fedora's policy, not Fedora.**")]
    c = cav[0] if len(cav) == 1 else ""
    t.ok(c and "**Not Fedora.**" not in text and
         "Debian's refpolicy" not in text,
         "Fedora policy run: the Fedora-policy caveat replaces Debian's",
         "\n".join(cav))
    t.ok("tag `v41.24`, commit `%s`" % FEDORA_COMMIT in c and
         "Debian GNU/Linux 13 (trixie)'s userspace and kernel" in c,
         "Fedora policy run: caveat names the source tag and commit from "
         "the archived image manifest", c)
    t.ok("kernel 6.12.57+deb13-amd64;" in c and
         "systemd 257.9-1~deb13u1 (boot console)" in c and
         "`policycoreutils 3.8-1`, `libselinux1 3.8.1-1`, "
         "`auditd 1:4.0.2-2`;" in c and "dpkg-query" not in c and
         "rpm: not found" not in c,
         "Fedora policy run: caveat lists the recorded kernel, packages "
         "and systemd, not the package-query errors", c)
    sel = [ln for ln in text.splitlines() if ln.startswith("| SELinux |")]
    t.ok(len(sel) == 1 and "Loaded policy name: targeted" in sel[0] and
         "(Fedora's targeted policy built from source: source tag "
         "`v41.24`, commit `%s`)" % FEDORA_COMMIT in sel[0],
         "Fedora policy run: the tested table names the policy source",
         sel)
    t.ok("Not proven here: Fedora (not booted)" not in text and
         "Fedora's targeted policy (source tag `v41.24`" in text and
         "Not proven here: a real Fedora 42 host" in text,
         "Fedora policy run: PR summary names the policy, not a Debian run")
    lim = "\n".join(section(text, "Limits: what this run does not prove"))
    t.ok("- Fedora's targeted policy ran on Debian GNU/Linux 13 (trixie): "
         in lim, "Fedora policy run: a limit says what was not tested", lim)
    arc = os.path.join(os.path.dirname(out), "report", ARC)
    names = []
    if os.path.isfile(arc):
        with tarfile.open(arc, "r:xz") as tf:
            names = tf.getnames()
    t.ok(R.IMAGE_MANIFEST in names,
         "Fedora policy run: the image manifest is archived", names)
    again = R.render(R.read_archive(arc), "report/" + ARC,
                     R.sha256(open(arc, "rb").read()))[0] \
        if os.path.isfile(arc) else None
    t.ok(again == text, "Fedora policy run: the report renders again, "
         "byte for byte, from its archive alone")

    rc, err, _, text = report(fedora_case(tmp, "fed-bare", manifest=False,
                                          console=False),
                              "--allow-dirty", *prof)
    c = [ln for ln in (text or "").splitlines()
         if ln.startswith("- **Fedora's policy, not Fedora.**")]
    t.ok(rc == 0 and len(c) == 1 and
         "(tag and commit not recorded: the archive holds no "
         "image-manifest.txt naming the source tree)" in c[0] and
         "systemd not recorded (no version line in console.log)" in c[0],
         "Fedora policy run without manifest or console: says what is not "
         "recorded, never guesses", c)

    rc, err, _, text = report(fedora_case(
        tmp, "fed-wrong", sestatus=FEDORA_SESTATUS.replace(
            "targeted", "default")), "--allow-dirty", *prof)
    t.ok(rc == 0 and "- **Not Fedora's policy.** Profile "
         "`debian13-fedora-policy` should load Fedora's targeted policy, "
         "but the guest reports loaded policy `default`." in text and
         "- **Not Fedora.** This is Debian GNU/Linux 13 (trixie) with "
         "Debian's refpolicy" in text and
         "Fedora's policy, not Fedora" not in text,
         "Fedora profile whose guest loaded another policy: the caveat "
         "follows the loaded policy")

    res = new_case(tmp, "deb-default")
    edit_json(guest(res, "results.json"), lambda r: r["run"].update(
        sestatus=FEDORA_SESTATUS.replace("targeted", "default")))
    rc, err, _, text = report(res, "--allow-dirty")
    t.ok(rc == 0 and "- **Not Fedora.** This is Debian GNU/Linux 12 "
         "(bookworm) with Debian's refpolicy" in text and
         "Fedora's policy" not in text and
         "Not proven here: Fedora (not booted)" in text,
         "Debian run: Debian's refpolicy caveat, no Fedora-policy lines")


HL = "Headless JSON (rustnet 1.7.0)"
DIAG = "Diagnostics allow-list: rustnet's stderr and debug log"
DNS = "Reverse DNS: the three paths"
AT = "Process attribution (eBPF or procfs)"


def headless_rows(t, tmp):
    """Issue 13: each headless row shows what the runner asserted on
    rustnet's JSON, expected against seen, and an excerpt of the JSON the
    archive holds, saying what it lacks."""
    res = case17(tmp, "hl")
    rc, err, out, text = report(res, "--allow-dirty")
    if not t.ok(rc == 0 and text, "headless: report written", err):
        return
    sec = section(text, HL)
    jf = subsection(sec, "headless.json_file — permissive PASS, enforcing "
                    "PASS")
    t.ok("| domain (getpidcon) | `rustnet_t` | ✓ |" in jf and
         "| stdout | 1 record(s), json to a regular file, each a "
         "schema_version 1 snapshot | ✓ |" in jf,
         "headless: domain and stdout records asserted", jf)
    t.ok("| TCP 192.0.0.72:7000 | process.name `rnx-aliceconn`, uid 1000; "
         "geoip `BR`, `Brazil Sao Paulo` (country code; country name and "
         "city), ASN 64501; packets and bytes > 0 both ways | ✓ |" in jf and "| TCP 198.18.2.10:7000 | process not "
         "asserted; geoip null; packets and bytes > 0 both ways | ✓ |" in jf,
         "headless: owner, uid, GeoIP country and city, counters per flow",
         jf)
    t.ok("| terminal record | runtime `stopped/duration_elapsed`, "
         "capture_status `healthy`, interface `rnx0`; "
         "process_detection.method `procfs`, degraded true; sandbox.status "
         "fully or partially enforced, uid_dropped false | ✓ |" in jf and
         "| stderr | no line off the allow-list | ✓ (5 line(s) on entries "
         "0, 1, 2) |" in jf, "headless: process_detection, sandbox and "
         "stderr asserted", jf)
    t.ok("Permissive pass (PASS): TCP 192.0.0.40:80 process.name `curl`, "
         "uid 1000; terminal record process_detection.method `eBPF "
         "fentry/fexit + procfs`, degraded false." in jf,
         "headless: the permissive pass names only what it asserted "
         "differently", jf)
    t.ok("Archived stdout: its last 2500 bytes only (the row's `tail -c` "
         "evidence), without `TCP 192.0.0.72:7000`, `TCP 192.0.0.40:80`, "
         "`TCP 198.18.2.10:7000`, `process_detection`, `sandbox`: those are "
         "seen through the runner's notes only." in jf,
         "headless: says what the archived stdout lacks", jf)
    t.ok('```json\n{\n "protocol": "UDP",\n "remote": {"ip": "198.18.1.10", '
         '"port": 5000},\n "process": null,' in jf and '"traffic": '
         '{"bytes_sent": 50, "bytes_received": 50, "packets_sent": 1, '
         '"packets_received": 1}\n}\n```' in jf,
         "headless: an excerpt of rustnet's own JSON, asserted members "
         "only", jf)
    ctr = subsection(sec, "headless.container — enforcing PASS")
    t.ok("| container | runtime `docker`, id `c0ffee00e2e0…`, name "
         "`rnx-web`; identity from procfs, cgroup_path `/system.slice/"
         "docker-c0ffee00e2e0000000000000000000000000000000000000000000e2e0"
         "c0ffee.scope` | ✓ |" in ctr and "`sudo rustnet -i rnx0 --headless "
         "--duration 20 --output json > out.json`" in ctr,
         "headless: the container row's runtime, id and name", ctr)
    sudo = subsection(sec, "headless.sudo — enforcing GAP")
    t.ok("| TCP 192.0.0.72:7000 | process null (no owner); geoip" in sudo
         and "| verdict | PASS or the documented gap | GAP: as documented: "
         "under sudo" in sudo and "uid_dropped true | ✓ |" in sudo,
         "headless: a GAP row asserts no owner and says it is a gap", sudo)
    arc = os.path.join(os.path.dirname(out), "report", ARC)
    t.ok(R.render(R.read_archive(arc), "report/" + ARC,
                  R.sha256(open(arc, "rb").read()))[0] == text,
         "headless: the report renders again from its archive alone")
    t.ok(len(text.encode()) < R.SIZE_BUDGET,
         "headless: report under the size budget")

    def broken(rows):
        r = find(rows, "headless.json_file", "enforcing")
        notes = r["notes"].splitlines()
        r["notes"] = "\n".join(notes[:3]).replace(":rustnet_t:",
                                                  ":unconfined_t:")
        r["verdict"] = "FAIL"
        r["reason"] = "TCP 192.0.0.40:80: geoip is null, expected JP"
        c = find(rows, "headless.container", "enforcing")
        c["verdict"] = "FAIL"
        c["reason"] = ("rustnet's stderr has 1 error/warning line(s) on no "
                       "diagnostics allow-list entry, first: \"boom\"")
        fake = ('{"id":"TCP:192.0.0.193:59398-TCP:192.0.0.40:7000:1",'
                '"protocol":"TCP","state":"ESTABLISHED","local":{"ip":'
                '"192.0.0.193","port":59398},"remote":{"ip":"192.0.0.40",'
                '"port":7000},"process":{"pid":10234,"name":"rnx-ctrconn",'
                '"uid":0},"geoip":{"country_code":"JP","city":"Tokyo"},'
                '"container":{"runtime":"docker","name":"rnx-web",'
                '"cgroup_path":null},"traffic":{"bytes_sent":5,'
                '"bytes_received":5,"packets_sent":1,"packets_received":1,'
                '"outgoing_bytes_per_second":0.0}}],"sandbox":{"status":'
                '"partially_enforced","message":null}}')
        for ev in c["evidence"]:
            if "tail -c" in ev["cmd"]:
                ev["output"] = ev["output"].rstrip("\n")[:-2] + "," + \
                    fake + "\n"
        u = find(rows, "headless.sudo", "enforcing")
        u["evidence"] = [e for e in u["evidence"]
                         if "tail -c" not in e["cmd"]]
    res = case17(tmp, "hl-broken", broken)
    rc, err, out, text = report(res, "--allow-dirty")
    sec = section(text, HL)
    jf = subsection(sec, "headless.json_file — permissive PASS, enforcing "
                    "**FAIL**") or subsection(
        sec, "headless.json_file — permissive PASS, enforcing FAIL")
    t.ok("| domain (getpidcon) | `rustnet_t` | ✗ `unconfined_t` |" in jf and
         "| TCP 192.0.0.72:7000 |" in jf and "| verdict | PASS | ✗ TCP "
         "192.0.0.40:80: geoip is null, expected JP |" in jf and
         "terminal record" not in jf.split("Permissive pass")[0],
         "headless FAIL: the domain seen, the first mismatch, no claim for "
         "the checks that did not run", jf)
    ctr = subsection(sec, "headless.container — enforcing FAIL")
    t.ok("| stderr | no line off the allow-list | ✗ rustnet's stderr has 1 "
         "error/warning line(s) on no diagnostics allow-list entry" in ctr,
         "headless FAIL: an unlisted stderr line is seen, not ticked", ctr)
    t.ok('"process": {"pid": 10234, "name": "rnx-ctrconn", "uid": 0}' in ctr
         and "without `process_detection`: those" in ctr and
         '"sandbox": {"status": "partially_enforced"}' in ctr and
         "`TCP 192.0.0.40:7000`" not in ctr,
         "headless: an asserted flow in the archived tail is the excerpt; "
         "what is there is not called missing", ctr)
    sudo = subsection(sec, "headless.sudo — enforcing GAP")
    t.ok("rustnet's stdout: **not archived** (the row's evidence has no "
         "`tail -c` of it)." in sudo,
         "headless: a row without its stdout says so", sudo)

    def skipped(rows):
        for r in rows:
            if r["id"].startswith("headless."):
                r["verdict"] = "SKIP"
                r["reason"] = ("rustnet 1.6.0 has no headless mode (added in "
                               "rustnet 1.7.0): not run")
        c = find(rows, "headless.container", "enforcing")
        c["verdict"] = "ERROR"
        c["reason"] = "rustnet did not finish: interrupted"
        c["notes"] = c["notes"].splitlines()[1]
    res = case17(tmp, "hl-skip", skipped)
    _, _, _, text = report(res, "--allow-dirty")
    sec = section(text, HL)
    jf = subsection(sec, "headless.json_file — permissive SKIP, enforcing "
                    "SKIP")
    t.ok(jf.strip() == "Not run (SKIP): rustnet 1.6.0 has no headless mode "
         "(added in rustnet 1.7.0): not run", "headless: a SKIP row is "
         "named not run, with no table", jf)
    ctr = subsection(sec, "headless.container — enforcing ERROR")
    t.ok("| verdict | PASS | ERROR: rustnet did not finish: interrupted |"
         in ctr and "✓" not in ctr.replace("| domain (getpidcon) | "
                                           "`rustnet_t` | ✓ |", ""),
         "headless: an ERROR row says ERROR, not a mismatch", ctr)


# the runner's asserted.json of an enforcing headless.json_file row: written
# by rnx_hl_evidence() (e2e/runner/headless_json.c) from a record in
# rustnet 1.7.0's schema with an unasserted UDP flow and the three asserted
HL_ASSERTED = os.path.join(FIXTURES, "hl-asserted.json")


def headless_asserted(t, tmp):
    """Issue 13: with the runner's asserted.json in a row's evidence the
    excerpt is the asserted row, not the end of stdout; without it (older
    archives) the report falls back to the tail and says so."""
    text0 = read(HL_ASSERTED)

    def with_file(output, rc=0):
        def fn(rows):
            r = find(rows, "headless.json_file", "enforcing")
            r["evidence"].append({
                "cmd": "cat /tmp/rnx-hl-json-enforcing/asserted.json",
                "rc": rc, "output": output})
        return fn

    res = case17(tmp, "hl-asserted", with_file(text0))
    rc, err, out, text = report(res, "--allow-dirty")
    if not t.ok(rc == 0 and text, "headless asserted.json: report written",
                err):
        return
    sec = section(text, HL)
    jf = subsection(sec, "headless.json_file — permissive PASS, enforcing "
                    "PASS")
    t.ok("Archived stdout: the runner's `asserted.json`, cut from out.json, "
         "record 1 of 1 (the terminal one): `snapshot_generation` 12, "
         "`timestamp` 2026-11-30T15:15:20.512Z; each row as rustnet wrote it "
         "(its compact form is in stdout byte for byte). The row of `TCP "
         "192.0.0.72:7000`, asserted members only (the file also holds `TCP "
         "192.0.0.40:80`, `TCP 198.18.2.10:7000`):" in jf,
         "headless asserted.json: names its record, generation, timestamp "
         "and rows", jf)
    t.ok('"remote": {"ip": "192.0.0.72", "port": 7000}' in jf and
         '"name": "rnx-aliceconn"' in jf and '"uid": 1000' in jf and
         '"country_code": "BR", "country_name": "Brazil", "asn": 64501, '
         '"as_org": "RNX-TEST-BR", "city": "Sao Paulo"' in jf and
         "198.18.1.10" not in jf and "tail -c" not in jf,
         "headless asserted.json: the excerpt is the asserted BR flow, not "
         "the unasserted UDP one nor the tail", jf)
    ctr = subsection(sec, "headless.container — enforcing PASS")
    t.ok("No `asserted.json` of the rows the runner asserted in the row's "
         "evidence (a runner older than it, or a row that stopped before "
         "every flow held): the excerpt below comes from the `tail -c` of "
         "stdout instead." in ctr and "Archived stdout: its last 2500 bytes "
         "only" in ctr,
         "headless asserted.json: a row without it falls back, saying so",
         ctr)
    t.ok(len(text.encode()) < R.SIZE_BUDGET,
         "headless asserted.json: report under the size budget")

    doc = json.loads(text0)
    doc["rnx_asserted_connections"] = doc["rnx_asserted_connections"][:2]
    doc["rnx_rows_verbatim"] = False
    res = case17(tmp, "hl-asserted-short", with_file(json.dumps(doc)))
    _, _, _, text = report(res, "--allow-dirty")
    jf = subsection(section(text, HL), "headless.json_file — permissive "
                    "PASS, enforcing PASS")
    t.ok("; each row re-serialised by json-c from rustnet's (**not** byte "
         "for byte the same as stdout); it lacks `TCP 198.18.2.10:7000`, "
         "seen through the runner's notes only. The row of `TCP "
         "192.0.0.72:7000`, asserted members only (the file also holds `TCP "
         "192.0.0.40:80`):" in jf,
         "headless asserted.json: a row it lacks and rows not verbatim are "
         "said", jf)
    for desc, output, rc in (("truncated", text0[:300], 0),
                             ("cat failed", text0, 1)):
        res = case17(tmp, "hl-asserted-bad", with_file(output, rc))
        _, _, _, text = report(res, "--allow-dirty")
        jf = subsection(section(text, HL), "headless.json_file — "
                        "permissive PASS, enforcing PASS")
        t.ok("No `asserted.json` of the rows the runner asserted that "
             "parses (`/tmp/rnx-hl-json-enforcing/asserted.json`)" in jf and
             "Archived stdout: its last 2500 bytes only" in jf,
             "headless asserted.json %s: falls back to the tail, saying "
             "so" % desc, jf)
        shutil.rmtree(res)


def budget_helpers(t):
    """Report budget: repeated headless facts and per-row secrets are
    named once, and what differs still shows."""
    a = {"protocol": "TCP", "remote": {"ip": "192.0.0.72", "port": 7000},
         "process": {"pid": 2675, "ppid": 2672, "name": "rnx-aliceconn",
                     "uid": 1000, "lineage": {"ancestors": [
                         {"pid": 2663, "name": "runuser",
                          "started_at_unix_ms": 1}]}},
         "geoip": {"country_code": "BR"}, "container": None,
         "traffic": {"bytes_sent": 1518}, "created_at": "x"}
    b = json.loads(json.dumps(a))
    b["process"]["pid"], b["traffic"]["bytes_sent"] = 9, 1380
    b["process"]["lineage"]["ancestors"][0]["started_at_unix_ms"] = 2
    b["created_at"] = "y"
    c = dict(a, process=None)
    d = json.loads(json.dumps(a))
    d["process"]["uid"] = 0
    t.ok(R.hl_shape(a) == R.hl_shape(b) and
         len({R.hl_shape(a), R.hl_shape(c), R.hl_shape(d)}) == 3,
         "headless excerpt: rows differing in counters, pids and start "
         "times share a shape; process null or another uid do not")
    t.ok(R.same_numbers(["the secret 6b0dffff went out", "the secret "
                         "6b0df56f went out"]) == "the secret N went out" and
         R.NUMBER.sub("#", "secret 6b0dffff, pid 17187") ==
         R.NUMBER.sub("#", "secret 6b0df56f, pid 17215") and
         R.NUMBER.sub("#", "dead beef") == "dead beef",
         "limits: rows differing only in a hex secret or a pid share a "
         "line; hex-looking words without a digit stay words")


def diag_list(t, tmp):
    """Issue 12 item 4: the stderr/debug-log allow-list, read from
    e2e/runner/core_diag.c, and the rows each entry covered."""
    path = os.path.join(TOP, "e2e", "runner", "core_diag.c")
    src = read(path)
    try:
        got = R.parse_diag_list(src)
    except ValueError as e:
        got = []
        t.ok(False, "diag list: e2e/runner/core_diag.c parses", e)
    n = len(re.findall(r"^\t\t\.pattern = \"", src, re.M))
    t.ok(got and len(got) == n and got[0]["src"] == "stderr" and
         got[0]["unless"] == ["RN_DIAG_EBPF_ON"] and
         got[0]["pattern"].startswith("libbpf: Failed to bump") and
         "\\" not in "".join(e["harmless"] for e in got),
         "diag list: every entry of the runner's list, in order, macros "
         "and escapes resolved", "%d of %d" % (len(got), n))
    logs = [e for e in got if e["src"] == "debug log"]
    t.ok(logs and any(e.get("reject") == "fail" for e in logs) and
         any(e.get("since") == 10700 and e["needs"] == ["RN_DIAG_QUIT_GAP"]
             for e in got),
         "diag list: debug-log entries, conditions and rejects kept")
    t.ok(R.diag_when(got[0]) == "`rustnet_use_ebpf` off" and
         R.diag_when({"since": 10700, "needs": ["RN_DIAG_QUIT_GAP"]}) ==
         "rustnet ≥ 1.7.0; row already GAP for the quit deadline",
         "diag list: conditions in words")
    bits = re.findall(r"^#define (RN_DIAG_[A-Z_]+)\s+\(1u << \d+\)",
                      read(os.path.join(TOP, "e2e", "runner", "core.h")),
                      re.M)
    t.ok(len(bits) >= 5 and not set(bits) - set(R.DIAG_BITS) and
         R.diag_when({"needs": ["RN_DIAG_HOME_CLOSED"],
                      "unless": ["RN_DIAG_DAC_ON"]}) ==
         "`rustnet_sudo_override_dac` off; under sudo, the user's home "
         "closed to others",
         "diag list: every RN_DIAG_* condition bit of core.h has words",
         sorted(set(bits) - set(R.DIAG_BITS)) or bits)
    src = read(os.path.join(TOP, "e2e", "runner", "core_diag.c"))
    old_src = re.sub(r"\b(RN|rn)_(DIAG|diag)_", lambda m: m.group(1) +
                     ("X_" if m.group(1) == "RN" else "x_") + m.group(2) +
                     "_", src)
    try:
        old_got = R.parse_diag_list(old_src)
    except ValueError as e:
        old_got = [str(e)]
    t.ok("rnx_diag_list" in old_src and old_got == got and
         R.diag_when({"unless": ["RNX_DIAG_EBPF_ON"]}) ==
         "`rustnet_use_ebpf` off",
         "diag list: a tree or archive from before the rn_ rename (rnx_, "
         "RNX_DIAG_*) reads and renders the same", old_got[:1])
    head = "const struct rn_diag_ok rn_diag_list[] = {\n"
    for what, bad in (
            ("an unknown member", head + '{ .pattern = "x", .oops = 1 },\n'
             '{ .pattern = NULL },\n};\n'),
            ("no end entry", head + '{ .pattern = "x" },\n};\n'),
            ("an unknown source", head + '{ .src = RN_DIAG_X, .pattern = '
             '"x" },\n{ .pattern = NULL },\n};\n'),
            ("no list", "int x;\n")):
        try:
            R.parse_diag_list(bad)
            t.ok(False, "diag list: refuses %s" % what)
        except ValueError:
            t.ok(True, "diag list: refuses %s" % what)

    res = case17(tmp, "diag-none")
    _, _, _, text = report(res, "--allow-dirty")
    sec = "\n".join(section(text, DIAG))
    t.ok("**The list itself is not in this run's archive**" in sec and
         "| 0 | ? | **not on the archived list** |" in sec and
         "| `capture.direct_dns`, `capture.session`, `headless.json_file`, "
         "`headless.sudo`, `headless.container` |" in sec and
         "| 7 | ? |" in sec,
         "diag list: without the list, the rows' entry numbers only, and "
         "the report says the list is missing", sec)


def diag_list_archived(t, tmp, repo, trees):
    script = os.path.join(repo, "scripts", "report.py")
    res = case17(tmp, "diag-list")
    point_at(res, trees)
    rc, err, out, text = report(res, script=script)
    sec = "\n".join(section(text, DIAG))
    t.ok(rc == 0 and "List: e2e/runner/core_diag.c of the tree %s the guest "
         "received." % trees["e2e"] in sec and
         "| 0 | stderr | `libbpf: Failed to bump RLIMIT_MEMLOCK (err = "
         "-EPERM), you might need to do it explicitly!` | `rustnet_use_ebpf` "
         "off | rustnet's eBPF loader" in sec,
         "diag list: archived from the e2e/ tree the guest received and "
         "rendered with its conditions", err + sec)
    t.ok(re.search(r"^\| 1 \| stderr \| .* \| as entry 0 \| as entry 0 \|$",
                   sec, re.M) and re.search(
                       r"^\| 6 \| debug log \| `Sandbox partially enforced.*"
                       r"\| `capture.session` \|$", sec, re.M),
         "diag list: each entry with the rows that matched it; repeats "
         "named, not copied", sec)
    arc = os.path.join(os.path.dirname(out), "report", ARC)
    with tarfile.open(arc, "r:xz") as tf:
        names = tf.getnames()
    t.ok(R.DIAG_LIST in names, "diag list: in the results archive", names)
    rc, so, se = verify(repo, out)
    t.ok(rc == 0, "diag list: verify-report accepts the report", so + se)

    files = R.read_archive(arc)
    files[R.DIAG_LIST] = json.dumps({"source": "x", "error": "cannot read "
                                     "e2e/runner/core_diag.c: unknown member "
                                     "'.oops = 1'"}).encode()
    bad = "\n".join(section(R.render(files, "report/" + ARC, "0" * 64)[0],
                            DIAG))
    t.ok("**The list itself is not in this run's archive** (cannot read "
         "e2e/runner/core_diag.c: unknown member '.oops = 1')" in bad,
         "diag list: a list that could not be read says why", bad)
    files = R.read_archive(arc)
    doc = json.loads(files[R.DIAG_LIST].decode())
    doc["entries"] = doc["entries"][:6]
    files[R.DIAG_LIST] = json.dumps(doc).encode()
    short = "\n".join(section(R.render(files, "report/" + ARC,
                                        "0" * 64)[0], DIAG))
    t.ok("| 6 | ? | **not on the archived list** | ? |  |  | "
         "`capture.session` |" in short,
         "diag list: an entry a row names beyond the list is flagged", short)
    unmatched = [ln for ln in sec.splitlines()
                 if re.match(r"^\| \d+ \|", ln) and ln.endswith("| none |")]
    t.ok(unmatched and all(
        len(c.strip()) <= R.DIAG_UNMATCHED_CUT
        for ln in unmatched for c in ln.split(" | ")[4:6]) and
        "| as entry 0 | as entry 0 |" in sec,
        "diag list: an entry no row matched shows its texts cut at %d "
        "characters; matched ones whole" % R.DIAG_UNMATCHED_CUT,
        "\n".join(unmatched))


def dns_paths(t, tmp):
    """Issue 12 item 5: which rows prove each reverse-DNS path, with their
    records; a path without a row says so."""
    res = case17(tmp, "dns")
    _, _, _, text = report(res, "--allow-dirty")
    sec = "\n".join(section(text, DNS))
    t.ok("| (a) stub 127.0.0.53, NSS `dns` only (no `resolve`), "
         "`rustnet_direct_dns` on and off | **no row** |" in sec,
         "dns: a path with no row says so", sec)
    t.ok("| `egress.default.rdns` | the image's default (not in the "
         "evidence) | - | PASS | - / none |" in sec and
         re.search(r"\| `capture.session` \| .* \| - \| GAP \| - / \d+ × "
                   r"\{ setopt \} udp_socket → rustnet_t "
                   r"\(dns-resolver-\*\); \d+ known-harmless \|", sec),
         "dns: the default path's rows with their records (the 1.7.0 "
         "fallback's denials named)", sec)
    t.ok("| (c) external resolver in another network namespace, "
         "`rustnet_direct_dns` on | `capture.direct_dns` | hosts: files "
         "dns; nameserver 198.19.53.2; rustnet_direct_dns on | - | PASS |"
         in sec and "| (c) | `egress.direct.rdns` |" in sec and
         "External resolver's query log: **not in the archive**" in sec,
         "dns: the external resolver's rows, configuration from their "
         "evidence; the missing query log named", sec)

    def stub(rows):
        r = json.loads(json.dumps(find(rows, "egress.direct.rdns",
                                       "enforcing")))
        r["id"] = "capture.stub_dns"
        r["evidence"] = [{"cmd": "sh egress-dns.sh stub", "rc": 0,
                          "output": "hosts: files dns\nnameserver "
                          "127.0.0.53\nrustnet_direct_dns --> off\n"},
                         {"cmd": "cat dnsmasq.log", "rc": 0,
                          "output": "dnsmasq[9]: query[PTR] "
                          "10.1.18.198.in-addr.arpa from 198.19.53.1\n"}]
        r["avcs"] = ["AVC denied {name_connect} class=tcp_socket "
                     "stype=rustnet_t ttype=dns_port_t permissive=0 pid=1 "
                     "comm=rnx-ptr"]
        rows.append(r)
        d = find(rows, "egress.direct.rdns", "enforcing")
        d["evidence"].append(r["evidence"][1])
    res = case17(tmp, "dns-stub", stub)
    _, _, _, text = report(res, "--allow-dirty")
    sec = "\n".join(section(text, DNS))
    t.ok("`rustnet_direct_dns` on and off | `capture.stub_dns` | hosts: "
         "files dns; nameserver 127.0.0.53; rustnet_direct_dns off | - | "
         "PASS | - / 1 × { name_connect } tcp_socket → dns_port_t (rnx-ptr) "
         "|" in sec and "**no row**" not in sec and
         "External resolver's query log: `dnsmasq[9]: query[PTR] "
         "10.1.18.198.in-addr.arpa from 198.19.53.1`." in sec,
         "dns: a stub row is found by its configuration, whatever its "
         "name; a query log in the evidence is shown", sec)


FALLBACK = ("      1 15:04:21 [WARN] rustnet_host::linux::ebpf::loader: eBPF: "
            "all kernel backends failed; fentry/fexit: load fentry BPF "
            "object: Operation not permitted (os error 1); kprobe: load "
            "kprobe BPF object: Operation not permitted (os error 1); using "
            "procfs\n")
WARN_GREP = ("grep -E '^[0-9:]+ \\[(WARN|ERROR)\\]' '/tmp/x/logs/rustnet.log' "
             "| sort | uniq -c")
TMUX = ("runuser -u alice -- tmux new-session -d -s capture -x 200 -y 50 "
        "\"cd /tmp/x && rustnet -i rnx0 -l debug\"")


def ev(cmd, output=""):
    return {"cmd": cmd, "rc": 0, "output": output}


def at_row(t, text, sid, want, desc):
    """The attribution table's line of row sid is want."""
    got = row(text, AT, "`%s`" % sid)
    return t.ok(got == want, desc, got)


def attribution(t, tmp):
    """Issue 15 item 2: per rustnet session row, rustnet_use_ebpf next to
    the method rustnet reported; the fallback log line shows procfs, a row
    without evidence is "not shown", a contradiction is loud."""
    def fn(rows):
        c = find(rows, "capture.session", "enforcing")
        c["evidence"] = [ev("getsebool rustnet_use_ebpf",
                            "rustnet_use_ebpf --> off\n"), ev(TMUX),
                         ev(WARN_GREP, FALLBACK)]
        d = find(rows, "capture.direct_dns", "enforcing")
        # on for the session, restored after it: the session's state is on
        d["evidence"] = [ev("setsebool rustnet_use_ebpf on && getsebool "
                            "rustnet_use_ebpf", "rustnet_use_ebpf --> on\n"),
                         ev(TMUX), ev(WARN_GREP, FALLBACK),
                         ev("setsebool rustnet_use_ebpf off && getsebool "
                            "rustnet_use_ebpf", "rustnet_use_ebpf --> off\n")]
        s = json.loads(json.dumps(c))
        s["id"] = "export.json"
        s["evidence"] = [ev(TMUX), ev("ls -lZ /tmp/rnx/export.json",
                                      "-rw-r--r--. alice export.json\n")]
        s["notes"] = ("session json: rustnet pid 13232 runs in "
                      "unconfined_u:unconfined_r:rustnet_t:s0-s0:c0.c1023")
        rows.append(s)
        u = json.loads(json.dumps(s))
        u["id"] = "egress.stub.rdns"
        u["evidence"] = [ev(TMUX), ev(WARN_GREP, FALLBACK)]
        rows.append(u)
        h = find(rows, "headless.sudo", "enforcing")
        h["verdict"] = "FAIL"
        h["reason"] = ("rustnet exited 0; terminal record: process_detection"
                       ".method is \"eBPF fentry/fexit + procfs\", expected "
                       "\"procfs\"")
        h["notes"] = "\n".join(ln for ln in h["notes"].splitlines()
                               if not ln.startswith("terminal record:"))
    res = case17(tmp, "attr", fn)
    rc, err, out, text = report(res, "--allow-dirty")
    if not t.ok(rc == 0 and text, "attribution: report written", err):
        return
    sec = section(text, AT)
    t.ok(sec and "What SELinux cannot do: its `bpf` and `perf_event` "
         "classes do not tell program types, attach points or targets "
         "apart" in "\n".join(sec) and "policy/README.md" in "\n".join(sec),
         "attribution: the section is there, with what SELinux cannot do "
         "and where the policy says so", "\n".join(sec))
    at_row(t, text, "capture.session",
           "| `capture.session` | GAP | procfs (L) | off (g) | fell back to "
           "procfs as the boolean documents |",
           "attribution: the debug log's fallback line with the boolean off "
           "is procfs, as the boolean documents")
    at_row(t, text, "export.json",
           "| `export.json` | GAP | - | not recorded | not shown in the "
           "evidence |",
           "attribution: a session row whose evidence names no method (nor "
           "the boolean) is not shown, never guessed")
    t.ok(row(text, AT, "`capture.direct_dns`") ==
         "| `capture.direct_dns` | PASS | procfs (L) | on (g) | **MISMATCH: "
         "procfs with the boolean on** |" and
         "**2 row(s) where rustnet's method and the boolean disagree: "
         "`capture.direct_dns`, `headless.sudo`.**" in sec,
         "attribution: procfs with the boolean on for the session (restored "
         "off after it) is a loud mismatch",
         row(text, AT, "`capture.direct_dns`"))
    t.ok(row(text, AT, "`headless.json_file`") ==
         "| `headless.json_file` | PASS | procfs (J) | off (g) | fell back "
         "to procfs as the boolean documents |" and
         any(ln.startswith("Permissive pass (SELinux denies nothing there")
             and "eBPF in use: `headless.json_file`" in ln for ln in sec),
         "attribution: the headless terminal record's method; the "
         "permissive pass's eBPF is not held against the boolean",
         "\n".join(sec))
    at_row(t, text, "headless.sudo",
           "| `headless.sudo` | **FAIL** | eBPF fentry/fexit + procfs (J) | "
           "off (g) | **MISMATCH: eBPF in use with the boolean off** |",
           "attribution: the runner's FAIL naming the method rustnet's JSON "
           "held is read; eBPF with the boolean off is a loud mismatch")
    at_row(t, text, "egress.stub.rdns",
           "| `egress.stub.rdns` | GAP | procfs (L) | not recorded | procfs; "
           "the boolean's state is not recorded for this row |",
           "attribution: procfs in a row that records no boolean says so, "
           "not 'fell back as documented'")
    t.ok("Process attribution: 3 row(s) fell back to procfs with "
         "`rustnet_use_ebpf` off, 0 used eBPF with it on, 2 contradict it "
         "(**see REPORT.md**), 1 with the boolean not recorded, 1 not shown "
         "in the evidence." in text,
         "attribution: the pull-request summary counts the outcomes and "
         "points at a contradiction",
         [ln for ln in text.splitlines() if "Process attribution:" in ln])
    t.ok(row(text, AT, "`egress.direct.rdns`") is None,
         "attribution: a row that ran no rustnet session is not listed")

    # the pieces on their own
    said = R.attribution_said({"files": {}}, {"id": "x", "mode": "enforcing",
                                              "evidence": [ev("grep", (
        "15:13:36 [DEBUG] (7) rustnet_host::linux::enhanced: Enhanced "
        "lookup: eBPF miss, falling back to procfs\n"))]})
    t.ok(said == [], "attribution: one lookup falling back to procfs is "
         "not rustnet's method", said)
    pane = ("\x1b[38;5;13m│\x1b[39m Detection: \x1b[38;5;10meBPF fentry + "
            "procfs\x1b[39m     \n")
    said = R.attribution_said(
        {"files": {"guest/panes/x-enforcing.ansi": pane.encode()}},
        {"id": "x", "mode": "enforcing", "evidence": [ev(WARN_GREP,
                                                         FALLBACK)]})
    v = R.attribution_verdict("enforcing", "off", said)
    t.ok(said == [("L", "procfs"), ("T", "eBPF fentry + procfs")] and
         v == "fell back to procfs as the boolean documents; **rustnet's "
         "sources disagree**",
         "attribution: the TUI pane's Detection: read through its colours; "
         "sources that disagree are said to", (said, v))
    t.ok(R.attribution_verdict("enforcing", "off", [("T", "eBPF")]) ==
         "**MISMATCH: eBPF in use with the boolean off**" and
         R.attribution_verdict("enforcing", "on", [("L", "eBPF")]) ==
         "eBPF in use (boolean on)" and
         R.attribution_verdict("enforcing", None, [("T", "procfs")]) ==
         "procfs; the boolean's state is not recorded for this row" and
         R.attribution_verdict("enforcing", "off", []) ==
         "not shown in the evidence",
         "attribution: eBPF with the boolean off is a mismatch; an "
         "unrecorded boolean is said, not assumed")
    entries = [{"src": "stderr", "pattern": "libbpf: x", "unless":
                ["RN_DIAG_EBPF_ON"], "needs": []},
               {"src": "debug log", "pattern": "Sandbox *", "unless": [],
                "needs": []},
               {"src": "debug log", "pattern": "eBPF: all kernel backends "
                "failed; fentry/fexit: *; kprobe: *; using procfs",
                "unless": ["RN_DIAG_EBPF_ON"], "needs": []}]
    r = {"id": "x", "mode": "enforcing", "evidence": [], "notes":
         "diagnostics allow-list: 2 line(s) of rustnet's debug log /x.log "
         "covered (entries 0x6)"}
    b = R.attribution_bool(r, entries)
    said = R.attribution_said({"files": {}}, r, entries)
    t.ok(b == ("off", "a") and said == [("L", "procfs")],
         "attribution: the runner's allow-list match of the fallback line "
         "gives both the boolean (off) and the method (procfs)", (b, said))
    r["evidence"] = [ev("getsebool rustnet_use_ebpf",
                        "rustnet_use_ebpf --> on\n"), ev(TMUX)]
    b = R.attribution_bool(r, entries)
    t.ok(b[0] == "conflict",
         "attribution: getsebool and the runner's reading that disagree "
         "are a conflict, not one of them", b)


def attribution_real(t, tmp):
    """The attribution section on real rows of session 14's run
    (fixtures/rows-attribution.json), with the runner's allow-list of this
    tree archived beside them."""
    with open(ROWS_ATTR, encoding="utf-8") as f:
        extra = json.load(f)["rows"]
    res = case17(tmp, "attr-real", lambda rows: rows.extend(extra))
    files = R.collect(res)
    entries = R.parse_diag_list(read(os.path.join(TOP, "e2e", "runner",
                                                  "core_diag.c")))
    files[R.DIAG_LIST] = json.dumps({"source": "test",
                                     "entries": entries}).encode()
    text = R.render(files, "report/" + ARC, "0" * 64)[0]
    at_row(t, text, "ebpf",
           "| `ebpf` | GAP | eBPF fentry/fexit + procfs (L) | on (g) | eBPF "
           "in use (boolean on) |",
           "attribution (real rows): the eBPF row's debug log names its "
           "method, the boolean is the one set before the session; a "
           "lookup's fallback to procfs is not the method")
    at_row(t, text, "logs.cwd",
           "| `logs.cwd` | GAP | procfs (L) | off (a) | fell back to procfs "
           "as the boolean documents |",
           "attribution (real rows): the fallback WARN line is procfs; the "
           "boolean is the runner's reading through the allow-list")
    at_row(t, text, "capture.session",
           "| `capture.session` | GAP | procfs (L) | off (a) | fell back to "
           "procfs as the boolean documents |",
           "attribution (real rows): a row with no evidence left but the "
           "runner's allow-list match of the fallback line")
    perm = [ln for ln in section(text, AT) if ln.startswith(
        "Permissive pass")]
    t.ok(len(perm) == 1 and "eBPF in use: `headless.json_file`, "
         "`attribution.other_users`" in perm[0],
         "attribution (real rows): the permissive pane's Detection: eBPF",
         perm)


def limits_grouped(t, tmp):
    """Rows with the same verdict and reason share one Limits line; a
    number they do not share is N, never one row's count."""
    t.ok(R.same_numbers(["exit 0, 3 records", "exit 0, 5 records"]) ==
         "exit 0, N records" and R.same_numbers(["a 1"]) == "a 1",
         "limits: numbers the rows share are kept, others are N")

    def twice(rows):
        r = json.loads(json.dumps(find(rows, "capture.session",
                                       "enforcing")))
        r["mode"] = "permissive"
        r["reason"] = r["reason"].replace("6 known-denied", "3 known-denied")
        rows.append(r)
    res = case17(tmp, "limits", twice)
    _, _, _, text = report(res, "--allow-dirty")
    lim = "\n".join(section(text, "Limits: what this run does not prove"))
    t.ok("- `capture.session` (enforcing, permissive) are known gaps: N "
         "known-denied record(s) (udp_socket" in lim and
         "- `headless.sudo` (enforcing) is a known gap: as documented" in lim,
         "limits: one line for rows with the same reason", lim)


def harmless_match(t):
    lst = [{"perms": "bpf perfmon", "tclass": "capability2",
            "ttype": "rustnet_t"},
           {"perms": "search", "tclass": "dir", "ttype": "init_t"}]
    rec = ("AVC denied {%s} class=%s stype=%s ttype=%s permissive=0 pid=1 "
           "comm=rustnet")
    for perms, tclass, stype, ttype, want in (
            ("bpf", "capability2", "rustnet_t", "rustnet_t", 0),
            ("bpf perfmon", "capability2", "rustnet_t", "rustnet_t", 0),
            ("bpf sys_admin", "capability2", "rustnet_t", "rustnet_t", None),
            ("search", "dir", "rustnet_t", "init_t", 1),
            ("search", "dir", "unconfined_t", "init_t", None),
            ("search", "file", "rustnet_t", "init_t", None)):
        got = R.harmless_index(lst, rec % (perms, tclass, stype, ttype))
        t.ok(got == want, "known-harmless match: { %s } %s %s → %s is %s" % (
            perms, tclass, stype, ttype, "entry %d" % want
            if want is not None else "not covered"), "got %s" % got)


def main():
    t = Tap()
    if not os.access(PYTHON, os.X_OK):
        t.bail("%s not found (the scripts' interpreter)" % PYTHON)
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        os.environ.pop(k, None)
    before = repo_report_state()
    with Scratch() as tmp:
        schema_fixtures(t)
        precedence(t)
        good_run(t, tmp)
        dedup(t, tmp)
        verdicts(t, tmp)
        refusals(t, tmp)
        blank_pane(t, tmp)
        real_run(t, tmp)
        fedora_policy(t, tmp)
        harmless_match(t)
        limits_grouped(t, tmp)
        headless_rows(t, tmp)
        headless_asserted(t, tmp)
        diag_list(t, tmp)
        budget_helpers(t)
        dns_paths(t, tmp)
        attribution(t, tmp)
        attribution_real(t, tmp)
        repo, trees = scratch_repo(t, tmp)
        if repo:
            tree_checks(t, tmp, repo, trees)
            verify_checks(t, tmp, repo, trees)
            diag_list_archived(t, tmp, repo, trees)
    t.ok(repo_report_state() == before,
         "the repository's REPORT.md and report/ are untouched")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
