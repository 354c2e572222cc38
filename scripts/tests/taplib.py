"""Minimal TAP output and helpers shared by the scripts/ test drivers.

Each driver prints `ok N - ...` / `not ok N - ...` lines and the plan at
the end; scripts/run-checks.sh counts them.  A failed check prints what
was expected and what was seen as `# ` diagnostics.
"""
import os
import shutil
import subprocess
import sys
import tempfile

TESTS = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(TESTS))
FIXTURES = os.path.join(TESTS, "fixtures")
# the scripts' own interpreter: it has PIL (a pyenv python3 may not)
PYTHON = "/usr/bin/python3"


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = 0

    def ok(self, cond, desc, diag=None):
        self.n += 1
        if cond:
            print("ok %d - %s" % (self.n, desc))
        else:
            self.failed += 1
            print("not ok %d - %s" % (self.n, desc))
            for line in str(diag or "").splitlines():
                print("#   %s" % line)
        sys.stdout.flush()
        return bool(cond)

    def skip(self, desc, why):
        self.n += 1
        print("ok %d - %s # SKIP %s" % (self.n, desc, why))
        sys.stdout.flush()

    def bail(self, why):
        print("Bail out! %s" % why)
        sys.exit(3)

    def done(self):
        print("1..%d" % self.n)
        return 1 if self.failed else 0


class Scratch:
    """A temporary directory removed on exit, whatever happens."""

    def __enter__(self):
        self.path = tempfile.mkdtemp(prefix="rnx-scripts-test.")
        return self.path

    def __exit__(self, *exc):
        shutil.rmtree(self.path, ignore_errors=True)
        return False


def run(argv, cwd=None, env=None):
    """Run argv; returns (rc, stdout, stderr)."""
    e = dict(os.environ)
    e["PYTHONDONTWRITEBYTECODE"] = "1"
    if env:
        e.update(env)
    r = subprocess.run(argv, cwd=cwd, env=e, capture_output=True,
                       text=True, check=False)
    return r.returncode, r.stdout, r.stderr


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
