#!/usr/bin/python3
"""TAP tests for scripts/matrix.py: two hand-made results.json (one per
rustnet version) give a version x scenario table with the differing rows
marked and the rustnet_t records only one version caused; a missing run is
an ERROR column and exit 3; bad arguments exit 2.  drift.sh's refusals.

usage: test_matrix.py   (prints TAP; exit 0 when every check passed)
"""
import json
import os
import sys

from taplib import PYTHON, TOP, Scratch, Tap, read, run, write

MATRIX = os.path.join(TOP, "scripts", "matrix.py")


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
