#!/usr/bin/python3
"""TAP tests for scripts/report.py on hand-made result trees.

fixtures/good/ is a minimal run in the real schema (docs/results-schema.md)
in which everything passed; each case copies it into a scratch directory,
changes one thing and checks the verdicts, rows and refusals of the report.
Reports and screenshots are written only under the scratch directory; the
repository's REPORT.md and report/ are checked to stay untouched.

usage: test_report.py   (prints TAP; exit 0 when every check passed)
"""
import json
import os
import shutil
import sys

from taplib import FIXTURES, PYTHON, TOP, Scratch, Tap, read, run, write

REPORT = os.path.join(TOP, "scripts", "report.py")
GOOD = os.path.join(FIXTURES, "good")
FAKE_TREE = "1111111111111111111111111111111111111111"
PNG = "debian12-capture.session-enforcing.png"

ROW_SETUP = ("| setup.install | permissive | META | **PASS** | 0 s | "
             "/usr/bin/rustnet installed |")
ROW_CAPTURE = ("| capture.session | enforcing, dontaudit off | ALLOWED | "
               "**PASS** | 71 s | ran 60 s in rustnet_t; 1 known-harmless "
               "record(s) with dontaudit off |")
ROW_GAP = ("| attribution.other_users_off | permissive | GAP | **GAP** | "
           "25 s | as documented: with rustnet_read_other_users off bob's "
           "connection is attributed in the permissive pass |")
ROW_SHIPPED = ("| pass.shipped_domain | enforcing | **PASS** | sesearch -A -T "
               "--allowxperm -s rustnet_t on the loaded policy equals the "
               "policy with only the shipped module |")
ROW_NODA = ("| capture.session | enforcing | **PASS** | AVC denied "
            "{sys_ptrace} class=capability stype=rustnet_t ttype=rustnet_t "
            "permissive=0 pid=7001 comm=rustnet |")
ROW_HARMLESS = ("| { sys_ptrace } capability → rustnet_t | Under sudo, procfs "
                "attribution reads /proc/PID/fd of other users. | Other "
                "users' connections stay unattributed. | `dontaudit "
                "rustnet_t self:capability sys_ptrace;` |")
AVC = ("AVC denied {read} class=file stype=rustnet_t ttype=shadow_t "
       "permissive=0 pid=7897 comm=rnx-open-read name=shadow")
ROW_ATTACK = ("| attack.read_shadow | enforcing | { read } file → shadow_t "
              "permissive=0 | %s | 13 (EACCES) / 13 (EACCES) | **PASS** |"
              % AVC)
ROW_RPM = ("| rpm.install_upgrade_erase | n/a | META | **PASS** | 95 s | "
           "3 checks passed |")
FAULT_ROWS = (
    "| fault.control | enforcing | META | **PASS** | 95 s | "
    "PASS as expected (exit 0) |",
    "| fault.auditd_stop | enforcing | META | **PASS** | 101 s | "
    "ERROR as expected (exit 3): audit pipeline not live: auditd pid changed |",
    "| fault.backlog_flood | enforcing | META | **PASS** | 105 s | "
    "ERROR as expected (exit 3): audit pipeline not live: kernel lost audit records |",
)


# --- building cases ------------------------------------------------------

def new_case(tmp, name):
    """A fresh copy of the good run as <tmp>/<name>/debian12 (the results
    directory's name is the profile)."""
    res = os.path.join(tmp, name, "debian12")
    shutil.copytree(GOOD, res)
    return res


def results_path(res):
    return os.path.join(res, "guest", "results.json")


def edit_results(res, fn):
    with open(results_path(res), encoding="utf-8") as f:
        r = json.load(f)
    fn(r)
    write(results_path(res), json.dumps(r, indent=2))


def set_verdict(res, sid, verdict, **more):
    def fn(r):
        hit = [s for s in r["scenarios"] if s["id"] == sid]
        assert hit, sid
        for s in hit:
            s["verdict"] = verdict
            s.update(more)
    edit_results(res, fn)


def set_tree(res, tree):
    def fn(r):
        r["run"]["policy_tree"] = tree
    edit_results(res, fn)


def guest(res, *parts):
    return os.path.join(res, "guest", *parts)


def report(res, *extra, out=None, script=REPORT):
    """Run report.py; returns (rc, stderr, out path, report text or None)."""
    out = out or os.path.join(os.path.dirname(res), "REPORT.md")
    rc, _, err = run([PYTHON, script, "--results", res, "--out", out] +
                     list(extra))
    text = read(out) if os.path.isfile(out) else None
    return rc, err, out, text


def verdict_line(v):
    return "Overall verdict: **%s** (" % v


def section(text, title):
    """The lines of a `## title` section."""
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


def rows(text, prefix):
    return [ln for ln in (text or "").splitlines() if ln.startswith(prefix)]


def written(t, desc, rc, err, text, want):
    """A report was written with overall verdict `want`."""
    return t.ok(rc == 0 and text is not None and verdict_line(want) in text,
                "%s: report written, overall %s" % (desc, want),
                "exit %d, report %s, stderr: %s" % (
                    rc, "written" if text else "missing", err))


def has_row(t, text, row, desc):
    t.ok(row in (text or "").splitlines(), desc,
         "want the row:\n%s\nrows seen:\n%s" % (
             row, "\n".join(rows(text, row.split(" | ")[0] + " | "))))


# --- the snapshot of the repository's own report -------------------------

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


# --- the cases -------------------------------------------------------------

def good_run(t, tmp):
    res = new_case(tmp, "good")
    rc, err, out, text = report(res, "--allow-dirty")
    # the fixture holds one known gap: the overall verdict says so
    written(t, "good run", rc, err, text, "GAP")
    t.ok("report: wrote %s (GAP)" % out in err,
         "good run: stderr names the report and its verdict", err)
    for row, what in ((ROW_SETUP, "META"), (ROW_CAPTURE, "ALLOWED"),
                      (ROW_GAP, "GAP")):
        has_row(t, text, row, "good run: summary row of the %s scenario" %
                what)
    has_row(t, text, ROW_ATTACK, "good run: attack matrix row with "
            "expected/observed AVC and errno")
    matrix = [ln for ln in section(text, "Attack matrix")
              if ln.startswith("| attack.")]
    t.ok(matrix == [ROW_ATTACK], "good run: the attack matrix lists the "
         "ATTACK scenario only", "\n".join(matrix))
    has_row(t, text, ROW_RPM, "good run: rpm scenario row PASS")
    t.ok("Overall verdict: **GAP** (FAIL 0, ERROR 0, GAP 1, PASS 8, SKIP 0;"
         in (text or ""), "good run: overall line counts every outcome, "
         "GAP apart from PASS")
    shipped = section(text, "Allowed windows: the shipped domain")
    t.ok(ROW_SHIPPED in shipped and "200 rnx_canary pp" in "\n".join(
        shipped), "good run: module set of the allowed windows and the "
         "shipped-domain check", "\n".join(shipped))
    noda = section(text, "Allowed paths judged with dontaudit off")
    t.ok(ROW_NODA in noda and ROW_HARMLESS in noda,
         "good run: dontaudit-off verdicts and the known-harmless list",
         "\n".join(noda))
    for row in FAULT_ROWS:
        has_row(t, text, row, "good run: fault self-test row %s PASS" %
                row.split(" | ")[0][2:])
    t.ok("| policy tree used by the run | `%s` |" % FAKE_TREE in text,
         "good run: names the policy tree the run used")
    t.ok("guest-run 1200s rc=0" in "\n".join(
        section(text, "Where the time went (host side)")),
         "good run: times.txt is in the report")
    png = os.path.join(os.path.dirname(out), "report", PNG)
    t.ok("![capture.session-enforcing](report/%s)" % PNG in text and
         os.path.isfile(png) and os.path.getsize(png) > 1000,
         "good run: pane rendered to report/ beside --out and linked",
         "png %s exists: %s" % (png, os.path.isfile(png)))


def out_in_subdir(t, tmp):
    res = new_case(tmp, "subdir")
    out = os.path.join(tmp, "subdir", "ci", "REPORT-ci.md")
    os.makedirs(os.path.dirname(out))
    rc, err, out, text = report(res, "--allow-dirty", out=out)
    png = os.path.join(tmp, "subdir", "ci", "report", PNG)
    t.ok(rc == 0 and os.path.isfile(png) and
         "](report/%s)" % PNG in (text or ""),
         "--out in another directory: PNGs go to <dir of --out>/report/",
         "exit %d: %s" % (rc, err))


def verdicts(t, tmp):
    res = new_case(tmp, "attack-fail")
    set_verdict(res, "attack.read_shadow", "FAIL", observed_errno=0,
                reason="0 matching record(s)")
    rc, err, _, text = report(res, "--allow-dirty")
    written(t, "attack FAIL", rc, err, text, "FAIL")
    has_row(t, text, ROW_ATTACK.replace(
        "13 (EACCES) / 13 (EACCES) | **PASS**",
        "13 (EACCES) / 0 (success) | **FAIL**"),
        "attack FAIL: matrix row shows the errno and FAIL")

    res = new_case(tmp, "error")
    set_verdict(res, "capture.session", "ERROR",
                reason="audit pipeline not live")
    rc, err, _, text = report(res, "--allow-dirty")
    written(t, "an ERROR scenario", rc, err, text, "ERROR")

    res = new_case(tmp, "error-and-fail")
    set_verdict(res, "capture.session", "ERROR")
    set_verdict(res, "attack.read_shadow", "FAIL")
    rc, err, _, text = report(res, "--allow-dirty")
    written(t, "ERROR and FAIL together", rc, err, text, "FAIL")

    res = new_case(tmp, "gap-and-pass")
    set_verdict(res, "attribution.other_users_off", "PASS")
    rc, err, _, text = report(res, "--allow-dirty")
    written(t, "no GAP row: everything PASS", rc, err, text, "PASS")

    res = new_case(tmp, "gap-fail")
    set_verdict(res, "attribution.other_users_off", "FAIL",
                reason="bob's connection attributed in the enforcing pass")
    rc, err, _, text = report(res, "--allow-dirty")
    written(t, "a GAP row whose assertion failed", rc, err, text, "FAIL")

    res = new_case(tmp, "all-skip")

    def all_skip(r):
        for s in r["scenarios"]:
            s["verdict"] = "SKIP"
            s["reason"] = "not in --only"
    edit_results(res, all_skip)
    shutil.rmtree(guest(res, "rpm"))
    shutil.rmtree(guest(res, "faults"))
    rc, err, _, text = report(res, "--allow-dirty")
    written(t, "all SKIP", rc, err, text, "SKIP")
    t.ok("- `setup.install` (permissive) was SKIP: not in --only" in
         (text or ""), "all SKIP: the limits name the skipped scenarios")
    t.ok("- `rpm.install_upgrade_erase` (n/a) was SKIP" in (text or "") and
         "- `fault.backlog_flood` (enforcing) was SKIP" in (text or ""),
         "all SKIP: the limits name the skipped rpm and fault rows too")


def variant(t, tmp, name, desc, want, edits):
    """The good run with `edits` ({path under guest/: new text, or None to
    delete that file or directory}); checks the report is written with
    overall verdict `want` and returns its text."""
    res = new_case(tmp, name)
    for rel, text in edits.items():
        path = guest(res, *rel.split("/"))
        if text is not None:
            write(path, text)
        elif os.path.isdir(path):
            shutil.rmtree(path)
        else:
            os.remove(path)
    rc, err, _, text = report(res, "--allow-dirty")
    written(t, desc, rc, err, text, want)
    return text


def faults(t, tmp):
    tap = read(os.path.join(GOOD, "guest", "faults", "tap.txt")).splitlines()
    why = ("want exit 3 and /# ERROR: .*(audit pipeline not live|auditd)/, "
           "got exit 0 and 'ok 1 - enforcing/capture.session'")
    bad = ("not ok 2 - auditd-stop: enforcing/capture.session # FAIL: " +
           why)
    text = variant(t, tmp, "fault-fail", "fault case FAIL", "FAIL", {
        "faults/tap.txt": "\n".join([tap[0], bad] + tap[2:]) + "\n",
        "faults/rc": "1 301\n"})
    has_row(t, text, "| fault.auditd_stop | enforcing | META | **FAIL** | "
            "101 s | %s |" % why.replace("|", "\\|"),
            "fault case FAIL: its row is FAIL with the reason")
    has_row(t, text, FAULT_ROWS[0], "fault case FAIL: the other rows "
            "keep their PASS")

    bad = ("not ok 3 - backlog-flood: enforcing/capture.session # ERROR: "
           "fault not injected or not restored (see "
           "backlog-flood/inject.log)")
    text = variant(t, tmp, "fault-error", "fault not injected", "ERROR", {
        "faults/tap.txt": "\n".join(tap[:2] + [bad, tap[3]]) + "\n",
        "faults/rc": "3 301\n"})
    has_row(t, text, "| fault.backlog_flood | enforcing | META | "
            "**ERROR** | 105 s | fault not injected or not restored (see "
            "backlog-flood/inject.log) |",
            "fault not injected: its row is ERROR")

    text = variant(t, tmp, "fault-missing-case", "fault case without a "
                   "TAP line", "ERROR", {
                       "faults/tap.txt": tap[0] + "\n1..1\n",
                       "faults/rc": "3 120\n"})
    t.ok(len(rows(text, "| fault.auditd_stop | enforcing | META | "
                  "**ERROR** | 101 s | no result for this case in "
                  "faults/tap.txt (self-test exit 3)")) == 1,
         "fault case without a TAP line: its row is ERROR")

    text = variant(t, tmp, "fault-interrupted", "fault self-test that "
                   "never finished (tap.txt, no rc)", "ERROR", {
                       "faults/tap.txt": tap[0] + "\n", "faults/rc": None})
    has_row(t, text, FAULT_ROWS[0], "fault self-test that never finished: "
            "the case it completed keeps its PASS")

    variant(t, tmp, "fault-no-tap", "fault self-test that exited 3 before "
            "any TAP", "ERROR", {"faults/tap.txt": None,
                                 "faults/rc": "3 0\n"})

    text = variant(t, tmp, "no-faults", "no faults/ directory", "GAP",
                   {"faults": None})
    skips = [r for r in rows(text, "| fault.") if "| **SKIP** |" in r]
    t.ok(len(skips) == 3, "no faults/ directory: the three fault rows SKIP",
         "\n".join(rows(text, "| fault.")))


def rpm(t, tmp):
    skip_row = "| rpm.install_upgrade_erase | n/a | META | **SKIP** |"
    text = variant(t, tmp, "no-rpm", "no rpm/ directory", "GAP",
                   {"rpm": None})
    t.ok(len(rows(text, skip_row)) == 1, "no rpm/ directory: rpm row SKIP")

    # guest-main.sh --no-rpm leaves an empty rpm/
    text = variant(t, tmp, "rpm-empty", "empty rpm/ directory (--no-rpm)",
                   "GAP", {"rpm/tap.txt": None, "rpm/rc": None})
    t.ok(len(rows(text, skip_row)) == 1,
         "empty rpm/ directory (--no-rpm): rpm row SKIP")

    bad = "not ok 2 - upgrade keeps the module"
    tap = "ok 1 - install release 1\n%s\n1..2\n" % bad
    text = variant(t, tmp, "rpm-fail", "rpm tap with a not ok", "FAIL",
                   {"rpm/tap.txt": tap, "rpm/rc": "1 80\n"})
    has_row(t, text, "| rpm.install_upgrade_erase | n/a | META | **FAIL** "
            "| 80 s | %s |" % bad, "rpm tap with a not ok: rpm row FAIL")
    variant(t, tmp, "rpm-notok-rc0", "rpm tap with a not ok but exit 0",
            "FAIL", {"rpm/tap.txt": tap})

    text = variant(t, tmp, "rpm-bail", "rpm scenario bailed out", "ERROR", {
        "rpm/tap.txt": "Bail out! no rpms in /opt/rnx/rpms\n",
        "rpm/rc": "3 1\n"})
    has_row(t, text, "| rpm.install_upgrade_erase | n/a | META | **ERROR** "
            "| 1 s | exit 3: Bail out! no rpms in /opt/rnx/rpms |",
            "rpm scenario bailed out: rpm row ERROR with the bail-out line")

    variant(t, tmp, "rpm-interrupted", "rpm scenario that never finished "
            "(tap.txt, no rc)", "ERROR",
            {"rpm/tap.txt": "ok 1 - install release 1\n", "rpm/rc": None})


def refused(t, desc, res, want, *extra, out=None):
    rc, err, out, text = report(res, *extra, out=out)
    outdir = os.path.dirname(out)
    t.ok(rc == 3 and err.startswith("report: ERROR:") and want in err and
         text is None and not os.path.exists(out + ".tmp") and
         not os.path.exists(os.path.join(outdir, "report")),
         "%s: exit 3, 'report: ERROR: ...%s...', no report" % (desc, want),
         "exit %d, report %s, stderr: %s" % (
             rc, "written" if text is not None else "absent", err))


def refusals(t, tmp):
    res = new_case(tmp, "no-results")
    os.remove(results_path(res))
    refused(t, "results.json missing", res, "cannot read", "--allow-dirty")

    res = new_case(tmp, "not-json")
    write(results_path(res), '{"schema": 1, "run": {')
    refused(t, "results.json not JSON", res, "cannot read", "--allow-dirty")

    res = new_case(tmp, "json-array")
    write(results_path(res), "[]\n")
    refused(t, "results.json not an object", res, "not an object",
            "--allow-dirty")

    res = new_case(tmp, "run-null")
    edit_results(res, lambda r: r.update(run=None))
    refused(t, "run is null", res, "not an object", "--allow-dirty")

    res = new_case(tmp, "scenarios-object")
    edit_results(res, lambda r: r.update(scenarios={}))
    refused(t, "scenarios not a list", res, "scenarios is not a list",
            "--allow-dirty")

    res = new_case(tmp, "scenario-string")
    edit_results(res, lambda r: r["scenarios"].append("capture.session"))
    refused(t, "a scenario that is not an object", res, "not an object",
            "--allow-dirty")

    res = new_case(tmp, "bogus-verdict")
    set_verdict(res, "capture.session", "MAYBE")
    refused(t, "bogus verdict", res,
            "scenario capture.session has verdict 'MAYBE'", "--allow-dirty")

    res = new_case(tmp, "no-tree")
    set_tree(res, None)
    refused(t, "no policy_tree (even with --allow-dirty)", res,
            "names no policy tree", "--allow-dirty")

    res = new_case(tmp, "out-dir-missing")
    shutil.rmtree(guest(res, "panes"))
    refused(t, "--out in a directory that does not exist", res,
            "cannot write", "--allow-dirty",
            out=os.path.join(tmp, "out-dir-missing", "nodir", "R.md"))

    res = new_case(tmp, "bad-pane")
    write(guest(res, "panes", "broken-enforcing.ansi"), "x\x1b[38;5m\n")
    refused(t, "a pane ansi2png cannot render", res,
            "rendering broken-enforcing.ansi failed", "--allow-dirty")

    rc, _, err = run([PYTHON, REPORT])
    t.ok(rc == 2 and "usage" in err, "no arguments: usage, exit 2",
         "exit %d: %s" % (rc, err))


def blank_pane(t, tmp):
    res = new_case(tmp, "blank-pane")
    # what a capture of a tmux session that is already gone leaves
    write(guest(res, "panes", "export.json-enforcing.ansi"), "")
    rc, err, out, text = report(res, "--allow-dirty")
    rdir = os.path.join(os.path.dirname(out), "report")
    t.ok(rc == 0 and text is not None and
         os.path.isfile(os.path.join(rdir, PNG)) and
         not os.path.exists(os.path.join(
             rdir, "debian12-export.json-enforcing.png")),
         "an empty pane capture gets no screenshot and does not stop the "
         "report", "exit %d: %s" % (rc, err))


def git(cwd, *args):
    return run(["git", "-c", "user.name=rnx-test",
                "-c", "user.email=rnx-test@invalid", "-C", cwd] +
               list(args))


def tree_in_repo(t, tmp):
    """Against this repository: the tree check as the lead runs it."""
    rc, head, err = git(TOP, "rev-parse", "HEAD:policy")
    head = head.strip()
    rc2, dirty, err2 = git(TOP, "status", "--porcelain", "--", "policy")
    if not t.ok(rc == 0 and rc2 == 0 and head,
                "git rev-parse HEAD:policy works in this repository",
                err + err2):
        return
    res = new_case(tmp, "tree-match")
    set_tree(res, head)
    if dirty.strip():
        t.skip("run with the committed policy tree is accepted without "
               "--allow-dirty", "policy/ has uncommitted changes in this "
               "work tree, so report.py refuses by design")
    else:
        rc, err, _, text = report(res)
        t.ok(rc == 0 and text is not None and
             "| policy tree used by the run | `%s` |" % head in text,
             "run with the committed policy tree (HEAD:policy %s) is "
             "accepted without --allow-dirty" % head[:12],
             "exit %d: %s" % (rc, err))

    res = new_case(tmp, "tree-mismatch")
    if dirty.strip():
        refused(t, "policy/ dirty in this work tree", res,
                "policy/ has uncommitted changes")
    else:
        refused(t, "run with another policy tree", res,
                "the run used policy tree %s but HEAD:policy is %s" % (
                    FAKE_TREE, head))
    rc, err, _, text = report(res, "--allow-dirty")
    t.ok(rc == 0 and text is not None,
         "run with another policy tree is accepted with --allow-dirty",
         "exit %d: %s" % (rc, err))


def tree_in_scratch_repo(t, tmp):
    """In a throwaway git repository holding a copy of the scripts, so the
    clean and the dirty policy/ cases both run, whatever state this work
    tree is in."""
    repo = os.path.join(tmp, "repo")
    os.makedirs(os.path.join(repo, "scripts"))
    os.makedirs(os.path.join(repo, "policy"))
    for s in ("report.py", "ansi2png.py"):
        shutil.copy2(os.path.join(TOP, "scripts", s),
                     os.path.join(repo, "scripts", s))
    te = os.path.join(repo, "policy", "rustnet.te")
    write(te, "policy_module(rustnet, 1.0)\n")
    steps = (git(repo, "init", "-q"), git(repo, "add", "."),
             git(repo, "commit", "-q", "-m", "fixture"),
             git(repo, "rev-parse", "HEAD:policy"))
    bad = [s for s in steps if s[0] != 0]
    if not t.ok(not bad, "scratch git repository with a committed policy/",
                "\n".join(s[2] for s in bad)):
        return
    head = steps[-1][1].strip()
    script = os.path.join(repo, "scripts", "report.py")
    res = new_case(tmp, "scratch")
    set_tree(res, head)

    rc, err, _, text = report(res, script=script)
    t.ok(rc == 0 and text is not None and
         "| policy tree (`git rev-parse HEAD:policy`) | `%s` |" % head in text,
         "scratch repo, clean policy/, matching tree: accepted",
         "exit %d: %s" % (rc, err))
    os.remove(os.path.join(os.path.dirname(res), "REPORT.md"))
    shutil.rmtree(os.path.join(os.path.dirname(res), "report"))

    write(te, "policy_module(rustnet, 1.1)\n")
    rc, err, out, text = report(res, script=script)
    t.ok(rc == 3 and "report: ERROR: policy/ has uncommitted changes" in err
         and text is None,
         "scratch repo, modified policy file: refused, exit 3",
         "exit %d: %s" % (rc, err))
    rc, err, out, text = report(res, "--allow-dirty", script=script)
    t.ok(rc == 0 and text is not None,
         "scratch repo, modified policy file, --allow-dirty: accepted",
         "exit %d: %s" % (rc, err))
    os.remove(out)
    git(repo, "checkout", "-q", "--", "policy")

    write(os.path.join(repo, "policy", "new.if"), "")
    rc, err, _, text = report(res, script=script)
    t.ok(rc == 3 and "uncommitted changes" in err and text is None,
         "scratch repo, untracked file in policy/: refused, exit 3",
         "exit %d: %s" % (rc, err))
    os.remove(os.path.join(repo, "policy", "new.if"))

    set_tree(res, FAKE_TREE)
    rc, err, _, text = report(res, script=script)
    t.ok(rc == 3 and "the run used policy tree %s but HEAD:policy is %s" % (
        FAKE_TREE, head) in err and text is None,
         "scratch repo, clean policy/, other tree: refused, exit 3",
         "exit %d: %s" % (rc, err))


def main():
    t = Tap()
    if not os.access(PYTHON, os.X_OK):
        t.bail("%s not found (the scripts' interpreter)" % PYTHON)
    for k in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
        os.environ.pop(k, None)
    before = repo_report_state()
    with Scratch() as tmp:
        good_run(t, tmp)
        out_in_subdir(t, tmp)
        verdicts(t, tmp)
        faults(t, tmp)
        rpm(t, tmp)
        refusals(t, tmp)
        blank_pane(t, tmp)
        tree_in_repo(t, tmp)
        tree_in_scratch_repo(t, tmp)
    t.ok(repo_report_state() == before,
         "the repository's REPORT.md and report/ are untouched")
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
