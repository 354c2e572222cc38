#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""rnx-to-rn.py - the one-prefix rename of issue 16, as a tool: e2e/'s C
identifiers rnx_* and RNX_* become rn_* and RN_*, like common/ and vm/.

    make -C e2e all && python3 common/tools/rnx-to-rn.py .

Run it from the top of a checkout whose e2e/ is built (nm lists the
symbols), on a tree where every branch that edits e2e/ is merged: the
rename touches ~115 files, so it belongs on its own commit, made after the
merges (branches made before it conflict on every renamed line).

What it renames: every rnx_ symbol the e2e objects define (functions,
globals, statics), every struct/enum/union tag and typedef, every RNX_
name that C code (not a string, not a comment) spells, in e2e/'s .c/.h
files, outside string and character literals and #include lines
(comments are renamed too); the -Wl,--wrap lists of e2e/'s makefiles;
the generated helper table's macro in helpers.mk and
runner/tests/helper_table.sh; and the C names scripts/report.py parses
core_diag.c by (rnx_diag_list, rnx_diag_ok, RNX_DIAG_*).  What stays:
strings (SELinux types and modules such as rnx_canary_t, rnx_canary,
rnx_unlabelednet; environment variables RNX_*; program names rnx-*),
file names (rnx_scenario.h, rnx_audit.h, rnx_helper.h and the helper
sources) and docs (they name functions: update them by hand).
vm/tests' own test helper rn_sh() becomes rn_test_sh() first (the
runner's rnx_sh() takes its name).  It stops, changing nothing in e2e/,
when a new name would meet an rn_/RN_ name that already exists.
"""
import glob
import os
import re
import subprocess
import sys

# names that look like identifiers but name files or policy objects
KEEP = {'rnx_canary_t', 'rnx_canary_exec_t', 'rnx_canary_file_t',
        'rnx_unlabelednet', 'rnx_audit', 'rnx_helper', 'rnx_helpers'}
# also a policy module's name: renamed in code, left alone in comments
POLICY_WORDS = {'rnx_canary'}
TOKEN = re.compile(r'(?<![A-Za-z0-9_])((?:__wrap_|__real_)?)((?:rnx|RNX)_\w+)')
NOT_CODE = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
                      r'|^[ \t]*#[ \t]*include[^\n]*|//[^\n]*|/\*.*?\*/',
                      re.S | re.M)


def renamed(name):
    return ('rn_' if name.startswith('rnx_') else 'RN_') + name[4:]


def parts(s):
    """(kind, text) pieces of C source: 'code', 'comment' or 'literal'
    (strings, characters, #include lines)."""
    out, i = [], 0
    for m in NOT_CODE.finditer(s):
        out.append(('code', s[i:m.start()]))
        t = m.group(0)
        out.append(('comment' if t.startswith('/') else 'literal', t))
        i = m.end()
    out.append(('code', s[i:]))
    return out


def read(p):
    with open(p, encoding='utf-8', errors='surrogateescape') as f:
        return f.read()


def write(p, s):
    with open(p, 'w', encoding='utf-8', errors='surrogateescape') as f:
        f.write(s)


def main():
    tree = sys.argv[1] if len(sys.argv) > 1 else '.'
    e2e = os.path.join(tree, 'e2e')
    objs = [f for d in ('runner', 'lib', 'helpers-obj', 'tools')
            for f in glob.glob(os.path.join(e2e, 'build', d, '*.o'))]
    if not objs:
        sys.exit('rnx-to-rn: no e2e objects: run make -C e2e all first')
    nm = subprocess.run(['nm'] + objs, capture_output=True, text=True,
                        check=True).stdout
    syms = {f[2] for f in (l.split() for l in nm.splitlines())
            if len(f) == 3 and f[1] in 'TtDdBbRr' and f[2].startswith('rnx_')}
    srcs = [p for p in glob.glob(os.path.join(e2e, '**', '*.[ch]'),
                                 recursive=True) if '/build/' not in p]
    text = {p: read(p) for p in srcs}
    code = '\n'.join(t for s in text.values() for k, t in parts(s)
                     if k == 'code')
    low = syms | set(re.findall(r'\b(?:struct|enum|union)\s+(rnx_\w+)', code))
    low |= set(re.findall(r'typedef\b[^;]*?\(\s*\*\s*(rnx_\w+)\s*\)', code))
    low |= set(re.findall(r'typedef\b[^;{]*\b(rnx_\w+)\s*;', code))
    up = set(re.findall(r'(?<![A-Za-z0-9_])(RNX_[A-Z0-9_]+)\b', code))
    names = (low | up) - KEEP

    for p in glob.glob(os.path.join(tree, 'vm', 'tests', '*.[ch]')):
        s = read(p)
        r = re.sub(r'\brn_sh\b', 'rn_test_sh', s)
        if r != s:
            write(p, r)
    existing = set()
    for p in glob.glob(os.path.join(tree, '**', '*.[ch]'), recursive=True):
        if '/build/' not in p:
            existing |= set(re.findall(r'\b(rn_\w+|RN_[A-Z0-9_]+)\b', read(p)))
    clash = sorted(n for n in names if renamed(n) in existing)
    if clash:
        sys.exit('rnx-to-rn: would meet existing names: ' + ' '.join(clash))

    def sub(kind, s):
        def one(m):
            pre, name = m.group(1), m.group(2)
            if (name not in names or
                    (kind == 'comment' and name in POLICY_WORDS) or
                    re.match(r'\.(h|c|pp|te|cil)\b', s[m.end():m.end() + 4])):
                return m.group(0)
            return pre + renamed(name)
        return TOKEN.sub(one, s)

    changed = 0
    for p, s in text.items():
        r = ''.join(t if k == 'literal' else sub(k, t) for k, t in parts(s))
        if r != s:
            write(p, r)
            changed += 1
    # makefiles' --wrap lists; the helper table's generator and its test
    others = glob.glob(os.path.join(e2e, '*.mk')) + [
        os.path.join(e2e, 'Makefile'),
        os.path.join(e2e, 'runner', 'tests', 'helper_table.sh')]
    word = re.compile(r'(?<![A-Za-z0-9_])((?:rnx|RNX)_[A-Za-z0-9]+'
                      r'(?:_[A-Za-z0-9]+)*)(?!\.(?:h|c)\b)')
    for p in others:
        s = read(p)
        r = word.sub(lambda m: renamed(m.group(1))
                     if m.group(1) in names or
                     m.group(1) in ('RNX_AS', 'RNX_HELPER_LIST')
                     else m.group(1), s)
        if r != s:
            write(p, r)
            changed += 1
    # report.py reads core_diag.c by these C names; its strings also name
    # policy modules, so nothing else is renamed there
    for p in (os.path.join(tree, 'scripts', 'report.py'),
              os.path.join(tree, 'scripts', 'tests', 'test_report.py')):
        s = read(p)
        r = s
        for a, b in (('rnx_diag_list', 'rn_diag_list'),
                     ('rnx_diag_ok', 'rn_diag_ok'),
                     ('RNX_DIAG_', 'RN_DIAG_'),
                     ('rnx_overall()', 'rn_overall()')):
            r = r.replace(a, b)
        if r != s:
            write(p, r)
            changed += 1
    print('rnx-to-rn: %d names, %d files changed' % (len(names), changed))


if __name__ == '__main__':
    main()
