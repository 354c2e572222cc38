"""scripts/drift-windows.py keeps only audit lines inside allowed windows."""
import json
import os
import subprocess
import sys
import tempfile

from taplib import PYTHON, TOP, Tap

TOOL = os.path.join(TOP, "scripts", "drift-windows.py")
# 2026-11-30T15:40:19Z = 1796053219
ROWS = {"scenarios": [
    {"id": "capture.session", "kind": "ALLOWED",
     "start": "2026-11-30T15:40:19Z", "end": "2026-11-30T15:41:31Z"},
    {"id": "attack.exec_bin", "kind": "ATTACK",
     "start": "2026-11-30T15:42:00Z", "end": "2026-11-30T15:42:10Z"},
    {"id": "egress.default.rdns", "kind": "ALLOWED",
     "start": "2026-11-30T15:42:11Z", "end": "2026-11-30T15:42:20Z"},
    {"id": "headless.sudo", "kind": "GAP",
     "start": "2026-11-30T15:42:30Z", "end": "2026-11-30T15:42:40Z"},
    {"id": "broken", "kind": "ALLOWED", "start": None, "end": "x"},
]}


def line(sec, comm):
    return ('type=AVC msg=audit(%d.132:112): avc:  denied  { read } for '
            'pid=1 comm="%s" scontext=u:r:rustnet_t:s0 tcontext=u:r:x_t:s0 '
            'tclass=file permissive=1\n' % (sec, comm))


def run(args, stdin):
    p = subprocess.run([PYTHON, TOOL] + args, input=stdin,
                       capture_output=True, text=True)
    return p.returncode, p.stdout, p.stderr


def main():
    t = Tap()
    with tempfile.TemporaryDirectory() as d:
        res = os.path.join(d, "results.json")
        with open(res, "w") as f:
            json.dump(ROWS, f)
        start = 1796053219
        lines = (line(start - 1, "runcon") + line(start, "first") +
                 line(start + 72, "last") + line(start + 73, "after") +
                 line(start + 110, "attackhelper") +
                 line(start + 115, "egresshelper") +
                 line(start + 135, "gaprow") + "garbage\n")
        rc, out, err = run([res], lines)
        t.ok(rc == 0, "exit 0 with windows", err)
        kept = [l.split('comm="')[1].split('"')[0] for l in out.splitlines()]
        t.ok(kept == ["first", "last", "gaprow"],
             "only rustnet's own windows (ALLOWED and GAP, not attack or "
             "egress helpers), both ends inclusive", kept)
        t.ok("kept 3 of 8" in err, "says how many it kept", err)
        empty = os.path.join(d, "empty.json")
        with open(empty, "w") as f:
            json.dump({"scenarios": [ROWS["scenarios"][1]]}, f)
        rc, out, err = run([empty], lines)
        t.ok(rc == 3 and out == "", "no allowed window: exit 3, nothing kept",
             (rc, err))
        rc, _, err = run([os.path.join(d, "missing.json")], lines)
        t.ok(rc == 3 and "missing.json" in err, "unreadable results: exit 3",
             (rc, err))
        rc, _, _ = run([], lines)
        t.ok(rc == 2, "no argument: usage, exit 2", rc)
    return t.done()


if __name__ == "__main__":
    sys.exit(main())
