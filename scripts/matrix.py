#!/usr/bin/env python3
"""Matrix table: one column per run (a rustnet version, or a guest profile
and a version), one row per scenario and pass, from each run's
results.json, plus the rustnet_t records that appear in one run and not in
the others it is compared with.

usage:
  matrix.py --out FILE --command CMD VERSION=RESULTS_JSON...
      one profile (scripts/matrix.sh): version x scenario
  matrix.py --out FILE --command CMD PROFILE/VERSION=RESULTS_JSON...
  matrix.py --out FILE --command CMD --cells DIR --profiles "P..."
            --versions "V..."
      profile x version x scenario; --cells reads the nightly workflow's
      downloaded artifacts, DIR/cell-PROFILE-VERSION/{results.json,cell.txt}
  matrix.py --plan --profiles "P..." --versions "V..."
      the nightly workflow's job matrix: matrix=, profiles=, versions=
      lines for $GITHUB_OUTPUT

An empty RESULTS_JSON, a missing file or a missing artifact is an ERROR
row and column ("missing"), never left out.
Exit: 0 table written and every run had results, 2 usage, 3 a run without
readable results (the table is still written) or the table not written.
"""
import argparse
import json
import os
import re
import sys

ORDER = ["FAIL", "ERROR", "GAP", "PASS", "SKIP"]
# a record as normalised by the runner (rnx_avc_format):
# AVC denied {read} class=file stype=rustnet_t ttype=shadow_t permissive=0 ...
AVC_KEY = re.compile(r"\{([^}]*)\} class=(\S+) stype=(\S+) ttype=(\S+)")
VERSION = re.compile(r"[0-9]+\.[0-9]+\.[0-9]+")
# a profile name becomes part of an artifact name and a path
PROFILE = re.compile(r"[a-z0-9][a-z0-9-]*")
MISSING = "missing"


class Run:
    """One cell: its labels, its results (None when missing) and why."""

    def __init__(self, profile, version, doc, why=""):
        self.profile = profile
        self.version = version
        self.doc = doc
        self.why = why
        self.cells = cells(doc) if doc else {}

    @property
    def label(self):
        if self.profile is None:
            return self.version
        return f"{self.profile} {self.version}"


def load(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if not isinstance(doc, dict) or not isinstance(doc.get("scenarios"),
                                                   list):
        raise ValueError(f"{path}: no scenarios list")
    return doc


def cells(doc):
    """{(id, mode): verdict} of one run."""
    out = {}
    for row in doc["scenarios"]:
        if isinstance(row, dict) and "id" in row:
            out[(row["id"], row.get("mode") or "n/a")] = row.get("verdict",
                                                                  "?")
    return out


def records(doc):
    """{(perms, ttype, tclass): set of scenario ids} of rustnet_t records."""
    out = {}
    for row in doc["scenarios"]:
        for avc in (row.get("avcs") or []) if isinstance(row, dict) else []:
            m = AVC_KEY.search(avc) if isinstance(avc, str) else None
            if not m or m.group(3) != "rustnet_t":
                continue
            for perm in m.group(1).split():
                key = (perm, m.group(4), m.group(2))
                out.setdefault(key, set()).add(row.get("id", "?"))
    return out


def overall(verdicts):
    for v in ORDER:
        if v in verdicts:
            return v
    return "ERROR"


def reported(doc):
    ver = (doc.get("run") or {}).get("rustnet_version")
    return ver if isinstance(ver, str) and ver.strip() else None


def open_run(profile, version, path, exit_code=None):
    """A Run from one results.json; a missing or unreadable file, or
    results of another rustnet version (a stale file), make it missing."""
    if not path:
        return Run(profile, version, None, "no results.json")
    if not os.path.isfile(path):
        why = "no results.json"
        if exit_code is not None:
            why += f" (e2e exit {exit_code})"
        return Run(profile, version, None, why)
    try:
        doc = load(path)
    except (OSError, ValueError) as e:
        print(f"matrix: {profile or ''} {version}: {e}", file=sys.stderr)
        return Run(profile, version, None, "unreadable results.json")
    rep = reported(doc)
    if (rep and VERSION.fullmatch(version) and
            not re.search(r"(?<![0-9.])" + re.escape(version) +
                          r"(?![0-9.])", rep)):
        return Run(profile, version, None,
                   f"results.json is of {rep}, not {version}")
    return Run(profile, version, doc)


def cell_name(profile, version):
    """The artifact (and directory) name of one nightly cell."""
    return f"cell-{profile}-{version}"


def read_cell_info(path):
    """key=value lines of a cell's cell.txt ({} when absent)."""
    info = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                key, sep, val = line.strip().partition("=")
                if sep:
                    info[key] = val
    except OSError:
        pass
    return info


def split_list(text, pattern, what):
    items = text.split()
    if not items:
        raise ValueError(f"no {what}s")
    for item in items:
        if not pattern.fullmatch(item):
            raise ValueError(f"'{item}' is not a {what}")
    if len(set(items)) != len(items):
        raise ValueError(f"a {what} is listed twice in '{text}'")
    return items


def runs_from_dir(top, profiles, versions):
    runs = []
    for p in profiles:
        for v in versions:
            d = os.path.join(top, cell_name(p, v))
            if not os.path.isdir(d):
                runs.append(Run(p, v, None, "no artifact (the cell's job "
                                "uploaded nothing)"))
                continue
            info = read_cell_info(os.path.join(d, "cell.txt"))
            runs.append(open_run(p, v, os.path.join(d, "results.json"),
                                 info.get("e2e_exit") or "unknown"))
    return runs


def runs_from_specs(specs):
    runs = []
    for spec in specs:
        label, sep, path = spec.partition("=")
        profile, slash, ver = label.rpartition("/")
        if not sep or not ver or (slash and not PROFILE.fullmatch(profile)):
            raise ValueError("want [PROFILE/]VERSION=RESULTS_JSON, got "
                             f"{spec!r}")
        runs.append(open_run(profile if slash else None, ver, path))
    if len({r.profile is None for r in runs}) > 1:
        raise ValueError("label every run PROFILE/VERSION or none")
    if len({(r.profile, r.version) for r in runs}) != len(runs):
        raise ValueError("a run is listed twice")
    return runs


def differs(runs, key):
    """Which dimensions a row's verdicts differ along (missing runs are
    left out): 'version' within one profile, 'profile' within one
    version."""
    found = []
    for dim, group in (("version", lambda r: r.profile),
                       ("profile", lambda r: r.version)):
        seen = {}
        for r in runs:
            if r.doc is not None:
                seen.setdefault(group(r), set()).add(r.cells.get(key, "-"))
        if any(len(s) > 1 for s in seen.values()):
            found.append(dim)
    return found


def record_lines(members, prefix):
    """'- PREFIXonly M: ...' for the records one member has and the
    others lack; members: [(label, records)]."""
    lines = []
    for label, recs in members:
        others = set()
        for o, orecs in members:
            if o != label:
                others |= set(orecs)
        for perm, ttype, tclass in sorted(set(recs) - others):
            ids = ", ".join(sorted(recs[(perm, ttype, tclass)]))
            lines.append(f"- {prefix}only {label}: `{tclass} {perm}` on "
                         f"`{ttype}` ({ids})")
    return lines


def record_section(runs, title, group, member):
    """The records that differ between the members of each group."""
    lines = ["", f"## rustnet_t records that differ between {title}", ""]
    groups = {}
    for r in runs:
        groups.setdefault(group(r), [])
        if r.doc is not None:
            groups[group(r)].append((member(r), records(r.doc)))
    short = []
    for g, members in groups.items():
        if len(members) > 1:
            lines += record_lines(members, f"{g}, " if g else "")
        else:
            short.append(g)
    if len(lines) == 3:
        lines.append("none" if len(short) < len(groups) else
                     f"(needs two {title} with results)")
    if short and len(short) < len(groups):
        lines.append(f"(not compared, fewer than two {title} with "
                     f"results: {', '.join(short)})")
    return lines


def render(runs, command):
    multi = runs[0].profile is not None
    title = ("rustnet matrix: profile x version" if multi else
             "rustnet version matrix")
    lines = [f"# {title}", "", f"Produced by `{command}`.", ""]
    lines += (["| profile | version | overall | rustnet reported | runner |",
               "| --- | --- | --- | --- | --- |"] if multi else
              ["| version | overall | rustnet reported | runner |",
               "| --- | --- | --- | --- |"])
    for r in runs:
        lead = f"| {r.profile} | {r.version} |" if multi else f"| {r.version} |"
        if r.doc is None:
            lines.append(f"{lead} ERROR | - | {r.why} |")
            continue
        run = r.doc.get("run") or {}
        lines.append(f"{lead} {overall(set(r.cells.values()))} | "
                     f"{reported(r.doc) or '?'} | {run.get('start', '?')} |")
    keys = []
    for r in runs:
        for k in r.cells:
            if k not in keys:
                keys.append(k)
    lines += ["", "| scenario | pass | " + " | ".join(r.label for r in runs)
              + " |", "| --- | --- |" + " --- |" * len(runs)]
    for sid, mode in keys:
        row = [r.cells.get((sid, mode), "-") if r.doc is not None
               else MISSING for r in runs]
        dims = differs(runs, (sid, mode))
        if not dims:
            mark = ""
        elif multi:
            mark = " **differs by " + ", ".join(dims) + "**"
        else:
            mark = " **differs**"
        lines.append(f"| {sid}{mark} | {mode} | " + " | ".join(row) + " |")
    lines += record_section(runs, "versions", lambda r: r.profile,
                            lambda r: r.version)
    if multi:
        lines += record_section(runs, "profiles", lambda r: r.version,
                                lambda r: r.profile)
    return lines


def plan(profiles, versions):
    """The workflow's job matrix and the lists the collector expects."""
    return [f"matrix={json.dumps({'profile': profiles, 'version': versions})}",
            f"profiles={' '.join(profiles)}",
            f"versions={' '.join(versions)}"]


def main():
    ap = argparse.ArgumentParser(
        usage="%(prog)s --out FILE --command CMD "
        "([PROFILE/]VERSION=RESULTS_JSON... | --cells DIR --profiles P "
        "--versions V) | --plan --profiles P --versions V")
    ap.add_argument("--out")
    ap.add_argument("--command")
    ap.add_argument("--cells", metavar="DIR")
    ap.add_argument("--profiles")
    ap.add_argument("--versions")
    ap.add_argument("--plan", action="store_true")
    ap.add_argument("runs", nargs="*", metavar="[PROFILE/]VERSION=JSON")
    a = ap.parse_args()

    lists = a.plan or a.cells is not None
    if lists != (a.profiles is not None and a.versions is not None):
        ap.error("--profiles and --versions go with --plan or --cells")
    if a.plan and (a.cells is not None or a.runs or a.out):
        ap.error("--plan takes only --profiles and --versions")
    if not a.plan and (a.out is None or a.command is None):
        ap.error("--out and --command are required")
    if a.cells is not None and a.runs:
        ap.error("give runs or --cells, not both")
    if not a.plan and a.cells is None and not a.runs:
        ap.error("no runs")
    try:
        if lists:
            profiles = split_list(a.profiles, PROFILE, "profile")
            versions = split_list(a.versions, VERSION, "version")
        if a.plan:
            print("\n".join(plan(profiles, versions)))
            return 0
        if a.cells is not None:
            runs = runs_from_dir(a.cells, profiles, versions)
        else:
            runs = runs_from_specs(a.runs)
    except ValueError as e:
        print(f"matrix: {e}", file=sys.stderr)
        return 2

    lines = render(runs, a.command)
    try:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    except OSError as e:
        print(f"matrix: {e}", file=sys.stderr)
        return 3
    print("\n".join(lines))
    return 0 if all(r.doc is not None for r in runs) else 3


if __name__ == "__main__":
    sys.exit(main())
