#!/usr/bin/python3
"""Check that a REPORT.md is what its results archive says, for this tree.

usage: verify-report.py [--report REPORT.md] [--repo DIR]

1. the archive the report links exists and its SHA-256 is the one the
   report states;
2. scripts/report.py renders the report again from the archive alone and
   the result equals the report byte for byte (a changed byte of either
   fails here);
3. every results file in the archive matches docs/results.schema.json;
4. the trees the guest received (guest/provenance.json in the archive) were
   clean, and policy/ and e2e/ at HEAD of --repo (default: this checkout)
   are those trees, or differ from them only in files no verdict depends
   on (host-side tests the guest never runs: policy/tests/,
   e2e/runner/tests/, common/tests/; e2e/bench/, run only by `make
   bench`; and README.md files); the runner's
   policy tree is HEAD:policy too;
5. the screenshots the report shows exist beside it.
Prints one line per check; exit 0 when all pass, 1 when one fails, 3 when
the report or the archive cannot be read.
"""
import argparse
import difflib
import json
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402

LINK = re.compile(r"^\| raw results \| \[`[^`]+`\]\(([^)]+)\), "
                  r"sha256 `([0-9a-f]{64})` \|$", re.M)
IMAGE = re.compile(r"^!\[[^\]]*\]\(([^)]+)\)$", re.M)


def head_tree(repo, d):
    r = subprocess.run(["git", "-C", repo, "rev-parse", "HEAD:" + d],
                       capture_output=True, text=True, check=False)
    return r.stdout.strip() if r.returncode == 0 else None


# Paths inside the trees the guest receives that `make e2e` never builds
# or runs: host-side tests (make-bundle.sh builds `make -C e2e all`, no
# test) and the benchmark scripts, so a change there leaves what the run
# exercised unchanged.
HOST_ONLY = {
    "policy": ("tests/",),
    # bench/: the scripts `make bench` runs in its own boot; `make e2e`
    # ships them in the bundle and never runs them
    "e2e": ("runner/tests/", "bench/"),
    "common": ("tests/",),
}


def no_verdict_depends(d, path):
    """A path of tree @d whose content no verdict of a run depends on: a
    host-side test (HOST_ONLY) or a README.md (prose; policy/README.md goes
    into the RPM as %doc, and no step reads it)."""
    return path.startswith(HOST_ONLY.get(d, ())) or \
        os.path.basename(path) == "README.md"


def tree_matches(repo, d, old, now):
    """(ok, how): HEAD's tree of d is old, or differs from it only in
    paths no_verdict_depends() (old must be in the repository: a clone
    with history)."""
    if not old or not now:
        return False, "report names %s, HEAD has %s" % (old, now)
    if old == now:
        return True, ""
    r = subprocess.run(["git", "-C", repo, "diff-tree", "-r", "--name-only",
                        old, now], capture_output=True, text=True,
                       check=False)
    if r.returncode != 0:
        return False, "report names %s, HEAD has %s (%s)" % (
            old, now, r.stderr.strip() or "tree not in this repository")
    paths = [x for x in r.stdout.splitlines() if x]
    other = [x for x in paths if not no_verdict_depends(d, x)]
    if other:
        return False, "report names %s, HEAD has %s: %d path(s) differ, " \
            "first %s/%s" % (old, now, len(other), d, other[0])
    return True, "differs only where no verdict depends: %s" % ", ".join(
        "%s/%s" % (d, x) for x in paths[:4]) + (
        " (+%d)" % (len(paths) - 4) if len(paths) > 4 else "")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--report", default=os.path.join(report.TOP,
                                                     "REPORT.md"))
    ap.add_argument("--repo", default=report.TOP)
    a = ap.parse_args()
    bad = []

    def check(ok, what, why=""):
        print("%s %s%s" % ("ok  " if ok else "FAIL", what,
                           "" if ok or not why else ": " + why))
        if not ok:
            bad.append(what)

    try:
        with open(a.report, "rb") as f:
            text = f.read()
    except OSError as e:
        print("verify-report: cannot read %s: %s" % (a.report, e),
              file=sys.stderr)
        return 3
    m = LINK.search(text.decode("utf-8", "replace"))
    if not m:
        print("verify-report: %s links no results archive" % a.report,
              file=sys.stderr)
        return 3
    rel, stated = m.group(1), m.group(2)
    base = os.path.dirname(os.path.abspath(a.report))
    arc = os.path.join(base, rel)
    try:
        with open(arc, "rb") as f:
            actual = report.sha256(f.read())
    except OSError as e:
        print("verify-report: cannot read %s: %s" % (arc, e),
              file=sys.stderr)
        return 3
    check(actual == stated, "archive %s has the stated sha256" % rel,
          "stated %s, file has %s" % (stated, actual))

    try:
        files = report.read_archive(arc)
        again, _ = report.render(files, rel, actual)
    except report.ReportError as e:
        check(False, "report renders again from the archive", str(e))
        again = None
    if again is not None:
        same = again.encode("utf-8") == text
        diff = "" if same else "\n".join(list(difflib.unified_diff(
            again.splitlines(), text.decode("utf-8", "replace").splitlines(),
            "rendered from the archive", a.report, lineterm="", n=0))[:12])
        check(same, "%s equals its rendering from the archive" % a.report,
              "\n" + diff)

        prov = None
        if "guest/provenance.json" in files:
            prov = json.loads(files["guest/provenance.json"].decode())
        check(prov is not None, "the archive names the trees the guest "
              "received (guest/provenance.json)")
        trees = (prov or {}).get("trees") or {}
        # common/ (the C library built into the runner) is named by the
        # archives made since it exists; an older archive predates it
        for d in ("policy", "e2e", "common", "scripts", "rpm"):
            if d == "common" and d not in trees:
                continue
            t = trees.get(d) or {}
            if d in ("policy", "e2e", "common"):
                ok, how = tree_matches(a.repo, d, t.get("tree"),
                                       head_tree(a.repo, d))
                check(ok, "HEAD:%s is the tree the guest received%s" % (
                    d, " (%s)" % how if ok and how else ""), how)
            check(t.get("tree") and not t.get("dirty"),
                  "%s/ went into the guest clean" % d,
                  "dirty (%s changed file(s))" % t.get("changed_files")
                  if t.get("dirty") else "not recorded")
        run = json.loads(files["guest/results.json"].decode()).get("run", {})
        ok, how = tree_matches(a.repo, "policy", run.get("policy_tree"),
                               head_tree(a.repo, "policy"))
        check(ok, "the runner's policy tree is HEAD:policy%s" % (
            " (%s)" % how if ok and how else ""), how)

    for img in IMAGE.findall(text.decode("utf-8", "replace")):
        check(os.path.isfile(os.path.join(base, img)),
              "screenshot %s exists" % img)
    if bad:
        print("verify-report: %d check(s) failed" % len(bad),
              file=sys.stderr)
        return 1
    print("verify-report: %s verified" % a.report, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
