#!/usr/bin/python3
"""Write result rows into a results.json of the runner's schema.

The guest's shell parts (scripts/guest-main.sh, the RPM scenario, the audit
fault self-test) record their results with this instead of TAP + rc files,
so scripts/report.py reads one model (docs/results-schema.md).  Installed
in the bundle as /opt/rnx/bin/rnx-result.

usage:
  rnx-result FILE init SOURCE [KEY=VALUE ...]
      start FILE (or keep its rows) with "source": SOURCE and the given
      run fields (VALUE of a key ending in _file: that file's text)
  rnx-result FILE run KEY=VALUE ...
      set run fields
  rnx-result FILE row --id ID --verdict V --reason TEXT [--mode M]
                      [--kind K] [--section S] [--claim TEXT]
                      [--start ISO] [--end ISO] [--duration SECS]
                      [--evidence CMD RC OUTPUT_FILE]... [--notes TEXT]
      add a row, replacing a row with the same id and mode
Every write goes through FILE.tmp and rename: an interrupted part leaves
the rows written so far.  Exit 0, 2 on bad usage, 3 when FILE cannot be
read or written.
"""
import argparse
import datetime
import json
import os
import sys

SCHEMA = 1
VERDICTS = ("PASS", "FAIL", "ERROR", "SKIP", "GAP")
KINDS = ("ALLOWED", "ATTACK", "GAP", "META")
MODES = ("permissive", "enforcing", "n/a")
OUTPUT_MAX = 64 * 1024


def now():
    return datetime.datetime.now(datetime.timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%SZ")


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except FileNotFoundError:
        return None
    if not isinstance(doc, dict) or not isinstance(doc.get("scenarios"),
                                                   list):
        raise ValueError("%s is not a results file" % path)
    return doc


def save(path, doc):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")
    os.replace(tmp, path)


def read_text(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        text = f.read()
    if len(text) > OUTPUT_MAX:
        text = text[:OUTPUT_MAX] + "\n[truncated at 64 KiB]\n"
    return text


def fields(pairs):
    out = {}
    for p in pairs:
        key, sep, val = p.partition("=")
        if not sep or not key:
            raise SystemExit("rnx-result: '%s' is not KEY=VALUE" % p)
        if key.endswith("_file"):
            key, val = key[:-5], read_text(val)
        elif val.isdigit():
            val = int(val)
        out[key] = val
    return out


def cmd_init(path, argv):
    if not argv:
        raise SystemExit("rnx-result: init needs SOURCE")
    doc = load(path) or {"schema": SCHEMA, "run": {}, "scenarios": []}
    doc["source"] = argv[0]
    doc["run"].setdefault("start", now())
    doc["run"].update(fields(argv[1:]))
    save(path, doc)


def cmd_run(path, argv):
    doc = load(path)
    if doc is None:
        raise ValueError("%s: init it first" % path)
    doc["run"].update(fields(argv))
    save(path, doc)


def cmd_row(path, argv):
    ap = argparse.ArgumentParser(prog="rnx-result FILE row")
    ap.add_argument("--id", required=True)
    ap.add_argument("--verdict", required=True, choices=VERDICTS)
    ap.add_argument("--reason", required=True)
    ap.add_argument("--mode", default="n/a", choices=MODES)
    ap.add_argument("--kind", default="META", choices=KINDS)
    ap.add_argument("--section", default="")
    ap.add_argument("--claim", default="")
    ap.add_argument("--start")
    ap.add_argument("--end")
    ap.add_argument("--duration", type=int)
    ap.add_argument("--evidence", nargs=3, action="append", default=[],
                    metavar=("CMD", "RC", "OUTPUT_FILE"))
    ap.add_argument("--notes", default="")
    a = ap.parse_args(argv)
    doc = load(path)
    if doc is None:
        raise ValueError("%s: init it first" % path)
    ev = []
    for cmd, rc, out in a.evidence:
        try:
            text = read_text(out)
        except OSError as e:
            text = "(no output file: %s)" % e.strerror
        ev.append({"cmd": cmd, "rc": int(rc) if rc.lstrip("-").isdigit()
                   else -1, "output": text})
    row = {"id": a.id, "claim": a.claim, "section": a.section,
           "kind": a.kind, "mode": a.mode, "verdict": a.verdict,
           "reason": a.reason, "duration_s": a.duration,
           "start": a.start, "end": a.end, "evidence": ev,
           "notes": a.notes}
    doc["scenarios"] = [s for s in doc["scenarios"]
                        if (s.get("id"), s.get("mode")) != (a.id, a.mode)]
    doc["scenarios"].append(row)
    doc["run"]["end"] = now()
    save(path, doc)


def main(argv):
    if len(argv) < 2 or argv[1] not in ("init", "run", "row"):
        print(__doc__, file=sys.stderr)
        return 2
    path, cmd = argv[0], argv[1]
    try:
        {"init": cmd_init, "run": cmd_run, "row": cmd_row}[cmd](
            path, argv[2:])
    except (OSError, ValueError) as e:
        print("rnx-result: %s" % e, file=sys.stderr)
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
