#!/usr/bin/env python3
"""Keep the audit lines that fall inside an allowed scenario's window.

usage: drift-windows.py RESULTS_JSON < AVC_LINES > KEPT

The drift report (scripts/drift.sh) proposes rules from rustnet_t records.
The whole audit log also holds the suite's own work in rustnet_t (setup
checks, canaries, attack and egress helpers); only the windows of the rows
where rustnet itself runs its job are wanted: results.json "scenarios" of
kind ALLOWED or GAP whose id is not a setup, pass, run, attack or egress
row (their "start" and "end", UTC, whole seconds).  A line is kept when
its msg=audit(SECONDS.MS:SERIAL) time lies in one of those windows, both
ends inclusive at whole-second resolution.  Prints "kept N of M" on
stderr.  Exit: 0, 2 usage, 3 unreadable results or no allowed window.
"""
import calendar
import json
import re
import sys
import time

# rows whose rustnet_t processes are the suite's helpers, not rustnet
SUITE = ("setup", "pass", "run", "attack", "egress")
STAMP = re.compile(r"msg=audit\((\d+)\.\d+:\d+\)")


def windows(path):
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    out = []
    for row in doc.get("scenarios") or []:
        if row.get("kind") not in ("ALLOWED", "GAP"):
            continue
        if str(row.get("id", "")).split(".")[0] in SUITE:
            continue
        try:
            s = calendar.timegm(time.strptime(row["start"], "%Y-%m-%dT%H:%M:%SZ"))
            e = calendar.timegm(time.strptime(row["end"], "%Y-%m-%dT%H:%M:%SZ"))
        except (KeyError, TypeError, ValueError):
            continue
        out.append((s, e))
    return out


def inside(line, wins):
    m = STAMP.search(line)
    if not m:
        return False
    t = int(m.group(1))
    return any(s <= t <= e for s, e in wins)


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    try:
        wins = windows(argv[1])
    except (OSError, ValueError) as err:
        sys.stderr.write("drift-windows: %s: %s\n" % (argv[1], err))
        return 3
    if not wins:
        sys.stderr.write("drift-windows: %s has no allowed window\n" % argv[1])
        return 3
    total = kept = 0
    for line in sys.stdin:
        total += 1
        if inside(line, wins):
            kept += 1
            sys.stdout.write(line)
    sys.stderr.write("kept %d of %d\n" % (kept, total))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
