#!/usr/bin/python3
"""TAP tests for scripts/matrix.py: two hand-made results.json (one per
rustnet version) give a version x scenario table with the differing rows
marked and the rustnet_t records only one version caused; a missing run is
an ERROR column and exit 3; bad arguments exit 2.  The nightly collector:
profile x version cells from a directory of artifacts, missing cells shown,
differences by version and by profile; the job matrix (--plan); the
structure of .github/workflows/nightly.yml (PyYAML).  drift.sh's refusals.

usage: test_matrix.py   (prints TAP; exit 0 when every check passed)
"""
import itertools
import json
import os
import re
import sys

from taplib import PYTHON, TOP, Scratch, Tap, read, run, write

MATRIX = os.path.join(TOP, "scripts", "matrix.py")
WORKFLOW = os.path.join(TOP, ".github", "workflows", "nightly.yml")


def row(sid, mode, verdict, avcs=()):
    return {"id": sid, "mode": mode, "verdict": verdict, "avcs": list(avcs)}


OLD = {"schema": 1, "run": {"rustnet_version": "rustnet 1.6.0"},
       "scenarios": [row("help", "enforcing", "PASS"),
                     row("capture.session", "enforcing", "PASS")]}
NEW = {"schema": 1, "run": {"rustnet_version": "rustnet 1.7.0"},
       "scenarios": [
           row("help", "enforcing", "PASS"),
           row("capture.session", "enforcing", "FAIL", [
               "AVC denied {setopt write} class=udp_socket "
               "stype=rustnet_t ttype=rustnet_t permissive=0 "
               "comm=dns-resolver-0",
               "AVC denied {read} class=file stype=unconfined_t "
               "ttype=shadow_t permissive=0 comm=cat"]),
           row("headless.json_file", "enforcing", "PASS")]}
# fedora42 with 1.6.0: one verdict differs from debian12 only by profile
# (ebpf), one by profile and version (capture.session), one record of its own
FED = {"schema": 1, "run": {"rustnet_version": "rustnet 1.6.0"},
       "scenarios": [
           row("help", "enforcing", "PASS"),
           row("capture.session", "enforcing", "GAP", [
               "AVC denied {read} class=file stype=rustnet_t "
               "ttype=var_log_t permissive=0 comm=rustnet"])]}
OLD["scenarios"].append(row("ebpf", "enforcing", "PASS"))
NEW["scenarios"].append(row("ebpf", "enforcing", "PASS"))
FED["scenarios"].append(row("ebpf", "enforcing", "SKIP"))


def make_cells(top, name, cells):
    """Artifact directories as download-artifact leaves them:
    {(profile, version): (results doc or None, e2e exit or None)}; a cell
    absent from cells has no directory at all.  name(p, v) gives the
    directory name (the workflow's artifact name)."""
    for (p, v), (doc, rc) in cells.items():
        d = os.path.join(top, name(p, v))
        os.makedirs(d, exist_ok=True)
        if rc is not None:
            write(os.path.join(d, "cell.txt"), "profile=%s\nversion=%s\n"
                  "e2e_exit=%s\n" % (p, v, rc))
        if doc is not None:
            write(os.path.join(d, "results.json"), json.dumps(doc))


def collect(top, profiles, versions, out):
    return run([PYTHON, MATRIX, "--out", out, "--command", "nightly",
                "--cells", top, "--profiles", profiles,
                "--versions", versions])


def check_cells(t, tmp, old, new):
    """The nightly collector on a directory of cell artifacts."""
    top = os.path.join(tmp, "cells")
    out = os.path.join(tmp, "NIGHTLY.md")
    make_cells(top, lambda p, v: "cell-%s-%s" % (p, v), {
        ("debian12", "1.6.0"): (OLD, 0),
        ("debian12", "1.7.0"): (NEW, 1),
        ("fedora42", "1.6.0"): (FED, 0),
        ("fedora42", "1.7.0"): (None, 3)})
    rc, _, err = collect(top, "debian12 fedora42 debian13-fedora-policy",
                         "1.6.0 1.7.0", out)
    text = read(out) if os.path.isfile(out) else ""
    t.ok(rc == 3 and text, "cells: table written, exit 3 with cells missing",
         "exit %d: %s" % (rc, err))
    t.ok("| scenario | pass | debian12 1.6.0 | debian12 1.7.0 | fedora42 "
         "1.6.0 | fedora42 1.7.0 | debian13-fedora-policy 1.6.0 | "
         "debian13-fedora-policy 1.7.0 |" in text,
         "cells: one column per profile and version, in list order", text)
    t.ok("| debian12 | 1.7.0 | FAIL | rustnet 1.7.0 |" in text and
         "| fedora42 | 1.6.0 | GAP | rustnet 1.6.0 |" in text,
         "cells: one summary row per profile and version", text)
    t.ok("| fedora42 | 1.7.0 | ERROR | - | no results.json (e2e exit 3) |"
         in text, "cells: a cell that uploaded no results.json is an "
         "ERROR row with its e2e exit", text)
    t.ok(all("| debian13-fedora-policy | %s | ERROR | - | no artifact" % v
             in text for v in ("1.6.0", "1.7.0")),
         "cells: a cell without an artifact is an ERROR row, not dropped",
         text)
    t.ok("| help | enforcing | PASS | PASS | PASS | missing | missing | "
         "missing |" in text,
         "cells: missing cells are 'missing' columns and do not make a "
         "row differ", text)
    t.ok("| capture.session **differs by version, profile** | enforcing | "
         "PASS | FAIL | GAP | missing |" in text,
         "cells: a row differing between versions and between profiles",
         text)
    t.ok("| headless.json_file **differs by version** | enforcing | - | "
         "PASS | - | missing |" in text,
         "cells: a row differing only between versions", text)
    t.ok("| ebpf **differs by profile** | enforcing | PASS | PASS | SKIP | "
         "missing |" in text, "cells: a row differing only between profiles",
         text)
    t.ok("- debian12, only 1.7.0: `udp_socket setopt` on `rustnet_t` "
         "(capture.session)" in text,
         "cells: records of one version only, per profile", text)
    t.ok("- 1.6.0, only fedora42: `file read` on `var_log_t` "
         "(capture.session)" in text and
         "- 1.6.0, only debian12:" not in text,
         "cells: records of one profile only, per version", text)
    t.ok("(not compared, fewer than two versions with results: fedora42, "
         "debian13-fedora-policy)" in text and
         "(not compared, fewer than two profiles with results: 1.7.0)"
         in text, "cells: groups that cannot be compared are named", text)

    rc, _, err = run([PYTHON, MATRIX, "--out", out, "--command", "c",
                      "debian12/1.6.0=" + old, "fedora42/1.6.0=" + new])
    text = read(out) if os.path.isfile(out) else ""
    t.ok(rc == 3 and "| fedora42 | 1.6.0 | ERROR | - | results.json is of "
         "rustnet 1.7.0, not 1.6.0 |" in text,
         "PROFILE/VERSION runs: results of another version (stale) are "
         "an ERROR", "exit %d: %s\n%s" % (rc, err, text))
    for args, what in ((["debian12/1.6.0=" + old, "1.7.0=" + new],
                        "labels mixed"),
                       (["debian12/1.6.0=" + old, "debian12/1.6.0=" + new],
                        "a cell twice"),
                       (["Deb 12/1.6.0=" + old], "a bad profile name")):
        rc, _, err = run([PYTHON, MATRIX, "--out", out, "--command", "c"]
                         + args)
        t.ok(rc == 2, "runs: %s: exit 2" % what, "exit %d: %s" % (rc, err))
    rc, _, err = collect(top, "", "1.6.0", out)
    t.ok(rc == 2, "cells: an empty profile list (plan failed): exit 2",
         "exit %d: %s" % (rc, err))


def plan(profiles, versions):
    """(exit, {key: value}) of matrix.py --plan."""
    rc, out, err = run([PYTHON, MATRIX, "--plan", "--profiles", profiles,
                        "--versions", versions])
    kv = dict(line.partition("=")[::2] for line in out.splitlines())
    return rc, kv, err


def check_plan(t):
    rc, kv, err = plan("debian12 fedora42", "1.6.0 1.7.0")
    try:
        m = json.loads(kv.get("matrix", ""))
    except ValueError:
        m = None
    t.ok(rc == 0 and m == {"profile": ["debian12", "fedora42"],
                           "version": ["1.6.0", "1.7.0"]} and
         kv.get("profiles") == "debian12 fedora42" and
         kv.get("versions") == "1.6.0 1.7.0",
         "--plan: the job matrix and the lists for $GITHUB_OUTPUT",
         "exit %d: %s %s" % (rc, kv, err))
    for profiles, versions, what in (
            ("debian12", "1.7;rm", "a version that is not N.N.N"),
            ("../x", "1.7.0", "a profile that is not a name"),
            ("debian12 debian12", "1.7.0", "a profile twice"),
            ("debian12", "", "no versions")):
        rc, _, err = plan(profiles, versions)
        t.ok(rc == 2, "--plan refuses %s, exit 2" % what,
             "exit %d: %s" % (rc, err))


def steps_using(job, action):
    return [s for s in job.get("steps", [])
            if str(s.get("uses", "")).startswith(action)]


def check_workflow(t, tmp):
    """nightly.yml: the matrix, fail-fast, unique artifact names the
    collector finds, the collect job's needs and if."""
    try:
        import yaml
    except ImportError:
        t.ok(False, "nightly.yml: PyYAML (python3-yaml, "
             "scripts/install-deps.sh) is needed to check the workflow")
        return
    with open(WORKFLOW, encoding="utf-8") as f:
        wf = yaml.safe_load(f)
    on = wf.get("on", wf.get(True)) or {}  # YAML 1.1 reads `on` as true
    jobs = wf.get("jobs") or {}
    plan_job, cell, coll = (jobs.get(k) or {} for k in
                            ("plan", "cell", "collect"))
    inputs = (on.get("workflow_dispatch") or {}).get("inputs") or {}
    env = wf.get("env") or {}
    defaults = {}
    for key, inp in (("VERSIONS", "versions"), ("PROFILES", "profiles"),
                     ("DURATION", "duration")):
        m = re.fullmatch(r"\$\{\{ inputs\.%s \|\| '([^']*)' \}\}" % inp,
                         str(env.get(key, "")))
        defaults[key] = m.group(1) if m else None
        t.ok(m and (inputs.get(inp) or {}).get("default") == m.group(1),
             "nightly.yml: a scheduled run's %s default is the dispatch "
             "input's" % inp, "env %r, input %r" % (env.get(key),
                                                   inputs.get(inp)))
    t.ok("schedule" in on, "nightly.yml: still scheduled", on)
    prof, vers = defaults["PROFILES"] or "", defaults["VERSIONS"] or ""
    t.ok(vers.split() == ["1.6.0", "1.7.0"] and
         {"debian12", "fedora42"} <= set(prof.split()),
         "nightly.yml: default matrix is 1.6.0 1.7.0 x at least debian12 "
         "and fedora42", "%r x %r" % (vers, prof))
    for p in prof.split():
        rc, _, err = run(["sh", os.path.join(TOP, "scripts", "e2e.sh"),
                          "--profile", p, "--check-only"])
        t.ok("unknown profile" not in err,
             "nightly.yml: default profile %s is one e2e.sh knows" % p, err)
    runs = " ".join(str(s.get("run", "")) for s in plan_job.get("steps", []))
    t.ok("scripts/matrix.py --plan" in runs and
         set((plan_job.get("outputs") or {})) >= {"matrix", "profiles",
                                                  "versions"},
         "nightly.yml: the plan job runs matrix.py --plan and exports its "
         "matrix and lists", plan_job)

    strat = cell.get("strategy") or {}
    t.ok(strat.get("fail-fast") is False,
         "nightly.yml: cell matrix has fail-fast: false", strat)
    t.ok(strat.get("matrix") == "${{ fromJSON(needs.plan.outputs.matrix) }}"
         and "plan" in (cell.get("needs") or []),
         "nightly.yml: cell matrix is the plan job's", strat)
    cenv = cell.get("env") or {}
    e2e = " ".join(str(s.get("run", "")) for s in cell.get("steps", [])
                   if "make e2e" in str(s.get("run", "")))
    t.ok(cenv.get("VM") == "${{ matrix.profile }}" and
         cenv.get("RUSTNET_VERSION") == "${{ matrix.version }}" and
         e2e.count("make e2e") == 1 and
         'RUSTNET_VERSION="$RUSTNET_VERSION"' in e2e and
         'VM="$VM"' in e2e,
         "nightly.yml: each cell runs one make e2e with its profile and "
         "RUSTNET_VERSION", "%r\n%s" % (cenv, e2e))
    ups = steps_using(cell, "actions/upload-artifact")
    name = ((ups[0].get("with") or {}).get("name", "") if len(ups) == 1
            else "")
    t.ok(len(ups) == 1 and ups[0].get("if") == "always()" and
         (ups[0].get("with") or {}).get("path") == "cell/",
         "nightly.yml: each cell uploads cell/ even when its run failed",
         ups)
    _, kv, _ = plan(prof, vers)
    try:
        m = json.loads(kv.get("matrix", ""))
        pairs = list(itertools.product(m["profile"], m["version"]))
    except (ValueError, KeyError):
        pairs = []

    def artifact(p, v):
        return name.replace("${{ matrix.profile }}", p).replace(
            "${{ matrix.version }}", v)
    names = [artifact(p, v) for p, v in pairs]
    t.ok(pairs and "${{" not in "".join(names) and
         len(set(names)) == len(names),
         "nightly.yml: artifact names are unique per cell", names)

    dls = steps_using(coll, "actions/download-artifact")
    dl = (dls[0].get("with") or {}) if dls else {}
    t.ok(set(coll.get("needs") or []) >= {"plan", "cell"} and
         coll.get("if") == "always()",
         "nightly.yml: collect needs the cells and runs always()", coll)
    crun = " ".join(str(s.get("run", "")) for s in coll.get("steps", []))
    t.ok(dl.get("pattern") == "cell-*" and
         all(n.startswith("cell-") for n in names) and
         "scripts/matrix.py" in crun and
         "--cells %s" % dl.get("path") in crun and
         "$GITHUB_STEP_SUMMARY" in crun and
         len(steps_using(coll, "actions/upload-artifact")) == 1,
         "nightly.yml: collect downloads every cell-* artifact, runs the "
         "collector on them, uploads the table and writes the summary",
         coll)
    # the artifact names as the collector looks them up: one cell lost
    top = os.path.join(tmp, "wf-cells")
    out = os.path.join(tmp, "WF.md")
    make_cells(top, artifact, {c: (OLD if c[1] == "1.6.0" else NEW, 0)
                               for c in pairs[1:]})
    rc, _, err = collect(top, prof, vers, out)
    text = read(out) if os.path.isfile(out) else ""
    lost = pairs[0] if pairs else ("?", "?")
    t.ok(rc == 3 and "| %s | %s | ERROR | - | no artifact" % lost in text and
         text.count("| ERROR |") == 1,
         "nightly.yml: the collector finds every cell by the workflow's "
         "artifact name and shows the lost one", "exit %d: %s\n%s" %
         (rc, err, text))


def main():
    t = Tap()
    with Scratch() as tmp:
        old = os.path.join(tmp, "old.json")
        new = os.path.join(tmp, "new.json")
        out = os.path.join(tmp, "MATRIX.md")
        write(old, json.dumps(OLD))
        write(new, json.dumps(NEW))
        rc, _, err = run([PYTHON, MATRIX, "--out", out, "--command",
                          "make matrix", "1.6.0=" + old, "1.7.0=" + new])
        t.ok(rc == 0 and os.path.isfile(out), "two runs: table written, exit 0",
             "exit %d: %s" % (rc, err))
        text = read(out) if os.path.isfile(out) else ""
        t.ok("Produced by `make matrix`." in text,
             "the table names the command that produced it", text)
        t.ok("| help | enforcing | PASS | PASS |" in text,
             "a scenario both versions pass is one unmarked row", text)
        t.ok("| capture.session **differs** | enforcing | PASS | FAIL |"
             in text, "a scenario whose verdict changed is marked", text)
        t.ok("| headless.json_file **differs** | enforcing | - | PASS |"
             in text, "a scenario only one version ran shows '-'", text)
        t.ok("| 1.7.0 | FAIL | rustnet 1.7.0 |" in text,
             "overall verdict per version uses FAIL > ERROR > GAP > PASS",
             text)
        t.ok("- only 1.7.0: `udp_socket setopt` on `rustnet_t` "
             "(capture.session)" in text and
             "- only 1.7.0: `udp_socket write`" in text,
             "rustnet_t records of one version only are listed per "
             "permission", text)
        t.ok("shadow_t" not in text,
             "records of other subjects are not listed", text)

        rc, _, err = run([PYTHON, MATRIX, "--out", out, "--command", "c",
                          "1.6.0=" + old, "1.7.0=" + os.path.join(tmp, "no")])
        text = read(out) if os.path.isfile(out) else ""
        t.ok(rc == 3 and "| 1.7.0 | ERROR | - | no results.json |" in text,
             "a version without results: ERROR row, exit 3",
             "exit %d: %s\n%s" % (rc, err, text))
        rc, _, err = run([PYTHON, MATRIX, "--out", out, "--command", "c",
                          "1.6.0"])
        t.ok(rc == 2, "an argument without VERSION=PATH: exit 2",
             "exit %d: %s" % (rc, err))
        rc, _, err = run(["sh", os.path.join(TOP, "scripts", "matrix.sh"),
                          "--versions", "1.7.0;rm"])
        t.ok(rc == 2 and "not a version" in err,
             "matrix.sh refuses a version that is not N.N.N, exit 2",
             "exit %d: %s" % (rc, err))
        rc, _, err = run(["sh", os.path.join(TOP, "scripts", "matrix.sh"),
                          "--bogus"])
        t.ok(rc == 2, "matrix.sh refuses an unknown option, exit 2",
             "exit %d: %s" % (rc, err))
        check_cells(t, tmp, old, new)
        check_plan(t)
        check_workflow(t, tmp)
        drift = os.path.join(TOP, "scripts", "drift.sh")
        for args, what in ((["--version", "1.7;x"], "not a version"),
                           ([], "give --version"),
                           (["--bogus"], "unknown option")):
            rc, _, err = run(["sh", drift] + args)
            t.ok(rc == 2 and what in err,
                 "drift.sh %s: exit 2 (%s)" % (" ".join(args) or "(none)",
                                               what),
                 "exit %d: %s" % (rc, err))
        rc, _, err = run(["sh", drift, "--from-log",
                          os.path.join(tmp, "missing.log")])
        t.ok(rc == 3 and "no audit log" in err,
             "drift.sh without the audit log: exit 3",
             "exit %d: %s" % (rc, err))
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
