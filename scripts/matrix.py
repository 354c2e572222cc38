#!/usr/bin/env python3
"""Version matrix table: one column per rustnet version, one row per
scenario and pass, from the results.json of each version's short e2e run
(written by scripts/matrix.sh), plus the rustnet_t records that appear in
one version's run and not in the other's.

usage: matrix.py --out FILE --command CMD VERSION=RESULTS_JSON...
Exit: 0 table written, 2 usage, 3 unreadable results.
"""
import argparse
import json
import re
import sys

ORDER = ["FAIL", "ERROR", "GAP", "PASS", "SKIP"]
# a record as normalised by the runner (rnx_avc_format):
# AVC denied {read} class=file stype=rustnet_t ttype=shadow_t permissive=0 ...
AVC_KEY = re.compile(r"\{([^}]*)\} class=(\S+) stype=(\S+) ttype=(\S+)")


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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--command", required=True)
    ap.add_argument("runs", nargs="+", metavar="VERSION=RESULTS_JSON")
    a = ap.parse_args()
    runs = []
    for spec in a.runs:
        ver, sep, path = spec.partition("=")
        if not sep or not ver:
            print(f"matrix: want VERSION=RESULTS_JSON, got {spec!r}",
                  file=sys.stderr)
            return 2
        try:
            doc = load(path) if path else None
        except (OSError, ValueError) as e:
            print(f"matrix: {ver}: {e}", file=sys.stderr)
            doc = None
        runs.append((ver, doc))

    table = {ver: (cells(doc) if doc else {}) for ver, doc in runs}
    keys = []
    for ver, _ in runs:
        for k in table[ver]:
            if k not in keys:
                keys.append(k)
    lines = ["# rustnet version matrix", "",
             f"Produced by `{a.command}`.", "",
             "| version | overall | rustnet reported | runner |",
             "| --- | --- | --- | --- |"]
    for ver, doc in runs:
        if doc is None:
            lines.append(f"| {ver} | ERROR | - | no results.json |")
            continue
        run = doc.get("run") or {}
        lines.append(f"| {ver} | {overall(set(table[ver].values()))} | "
                     f"{run.get('rustnet_version', '?')} | "
                     f"{run.get('start', '?')} |")
    lines += ["", "| scenario | pass | " + " | ".join(v for v, _ in runs)
              + " |", "| --- | --- |" + " --- |" * len(runs)]
    for sid, mode in keys:
        row = [table[v].get((sid, mode), "-") for v, _ in runs]
        mark = " **differs**" if len(set(row)) > 1 else ""
        lines.append(f"| {sid}{mark} | {mode} | " + " | ".join(row) + " |")

    recs = {ver: records(doc) for ver, doc in runs if doc}
    lines += ["", "## rustnet_t records that differ between versions", ""]
    found = False
    for ver in recs:
        others = set()
        for o in recs:
            if o != ver:
                others |= set(recs[o])
        only = sorted(set(recs[ver]) - others)
        for perm, ttype, tclass in only:
            found = True
            ids = ", ".join(sorted(recs[ver][(perm, ttype, tclass)]))
            lines.append(f"- only {ver}: `{tclass} {perm}` on `{ttype}` "
                         f"({ids})")
    if not found:
        lines.append("none" if len(recs) > 1 else
                     "(needs two versions with results)")
    try:
        with open(a.out, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
    except OSError as e:
        print(f"matrix: {e}", file=sys.stderr)
        return 3
    print("\n".join(lines))
    return 0 if all(doc for _, doc in runs) else 3


if __name__ == "__main__":
    sys.exit(main())
