#!/usr/bin/env python3
"""Portability check of the rustnet module across Debian and Fedora.

Every macro the module calls (interfaces, templates, support macros) and
every type, attribute and role it names in gen_require must either exist
in all three policies recorded in tests/portability.tsv (Debian 12
refpolicy, Debian 13 refpolicy, Fedora's targeted policy) or be guarded:

  - a macro missing on one side only inside ifdef(`GUARD', ...) where GUARD
    exists on no side that lacks the macro (usually GUARD is the macro
    itself), or inside ifdef(`distro_redhat') / ifdef(`distro_debian')
    when it exists on that distribution;
  - a type, attribute or role missing on one side only inside
    optional_policy (the linker then drops the block there).

Every ifdef guard must name a macro recorded in the table and defined
on at least one side (a misspelt guard silently drops its block).
A macro or symbol the table does not list is a failure: record it
(--generate prints the rows from the sources).

With --deb12/--deb13/--fedora SOURCE options the table itself is checked
against those sources: HEADERS is a devel include directory
(/usr/share/selinux/devel/include), SYMBOLS a binary policy (read with
setools) or a directory of CIL modules. A side without a source is
reported as SKIP.

Usage:
  check-portability.py [--deb12-headers D] [--deb12-symbols P] ...
                       TABLE FILE.te [FILE.if]
  check-portability.py --generate [sources] TABLE FILE.te [FILE.if]
Exit: 0 all passed (SKIPs allowed), 1 a check failed, 2 usage, 3 a source
could not be read.
"""

import argparse
import bz2
import glob
import os
import re
import sys

SIDES = ("debian12", "debian13", "fedora41")
DISTRO_GUARDS = {
    "distro_debian": {"debian12", "debian13"},
    "distro_redhat": {"fedora41"},
}
# m4 builtins and refpolicy keywords that are not macros of the headers.
BUILTINS = {"ifdef", "ifndef", "define", "dnl", "include"}
REQUIRE_KINDS = {"type": "type", "attribute": "attribute",
                 "role": "role", "attribute_role": "attribute_role"}

tap_n = 0
failed = 0


def tap(ok, text, diag=None):
    global tap_n, failed
    tap_n += 1
    print(("ok" if ok else "not ok") + " %d - %s" % (tap_n, text))
    if not ok:
        failed += 1
        for line in (diag or "").splitlines():
            print("#   " + line)


def tap_skip(text, reason):
    global tap_n
    tap_n += 1
    print("ok %d - %s # SKIP %s" % (tap_n, text, reason))


def strip_comments(text):
    """Blank out # comments, keeping line numbers and columns."""
    return re.sub(r"#[^\n]*", lambda m: " " * len(m.group(0)), text)


class Use:
    def __init__(self, kind, name, path, line, frames):
        self.kind = kind
        self.name = name
        self.where = "%s:%d" % (os.path.basename(path), line)
        # frames: list of (opener, guard, arg_index) from outside in
        self.frames = frames


def scan(path):
    """Return (uses, local_macros, local_symbols, guards) of one file."""
    with open(path, encoding="utf-8") as f:
        text = strip_comments(f.read())
    uses = []
    guards = []
    local_macros = set(re.findall(
        r"^(?:interface|template)\(`(\w+)'", text, re.M))
    local_symbols = set()
    stack = []  # entries: [opener, guard, quote_depth_at_open, arg_index]
    qdepth = 0
    line = 1
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            continue
        if c == "`":
            qdepth += 1
            i += 1
            continue
        if c == "'":
            qdepth = max(0, qdepth - 1)
            i += 1
            continue
        if c == "(":
            stack.append([None, None, qdepth, 0])
            i += 1
            continue
        if c == ")":
            if stack:
                stack.pop()
            i += 1
            continue
        if c == "," and stack and stack[-1][2] == qdepth:
            stack[-1][3] += 1
            i += 1
            continue
        m = re.compile(r"[A-Za-z_]\w*").match(text, i)
        if not m:
            i += 1
            continue
        word = m.group(0)
        j = m.end()
        frames = [(s[0], s[1], s[3]) for s in stack]
        if j < n and text[j] == "(":
            guard = None
            if word in ("ifdef", "ifndef"):
                g = re.compile(r"\(`(\w+)'").match(text, j)
                guard = g.group(1) if g else None
                if guard:
                    guards.append(Use("guard", guard, path, line, frames))
            elif word == "gen_require":
                close = find_close(text, j)
                for kind, names in re.findall(
                        r"\b(type|attribute_role|attribute|role)\s+([^;]+);",
                        text[j:close]):
                    for name in re.split(r"[\s,]+", names.strip()):
                        if name:
                            uses.append(Use(REQUIRE_KINDS[kind], name,
                                            path, line, frames))
            if word not in BUILTINS and word not in (
                    "interface", "template"):
                uses.append(Use("macro", word, path, line, frames))
            stack.append([word, guard, qdepth, 0])
            line += text.count("\n", i, j + 1)
            i = j + 1
            if word == "gen_require":
                # skip the block: its names were collected above
                close = find_close(text, j)
                line += text.count("\n", i, close)
                i = close
            continue
        # Permission-set macros take no arguments: rw_file_perms.
        if word.endswith("_perms"):
            uses.append(Use("macro", word, path, line, frames))
        # Declarations of the module itself (outside gen_require).
        if word in ("type", "attribute", "attribute_role", "role"):
            d = re.compile(r"\s+(\w+)\s*;").match(text, j)
            if d and not any(s[0] == "gen_require" for s in stack):
                local_symbols.add(d.group(1))
        i = j
    return uses, local_macros, local_symbols, guards


def find_close(text, open_idx):
    """Index of the parenthesis closing the one at open_idx."""
    depth = 0
    for k in range(open_idx, len(text)):
        if text[k] == "(":
            depth += 1
        elif text[k] == ")":
            depth -= 1
            if depth == 0:
                return k
    return len(text)


def read_table(path):
    table = {}
    with open(path, encoding="utf-8") as f:
        for no, raw in enumerate(f, 1):
            raw = raw.rstrip("\n")
            if not raw or raw.startswith("#"):
                continue
            cols = raw.split("\t")
            if len(cols) != 2 + len(SIDES):
                raise ValueError("%s:%d: want %d tab-separated columns"
                                 % (path, no, 2 + len(SIDES)))
            kind, name = cols[0], cols[1]
            table[(kind, name)] = dict(zip(SIDES, cols[2:]))
    return table


def present(cell):
    return cell != "-"


def sides_with(table, kind, name):
    row = table.get((kind, name))
    if row is None:
        return None
    return {s for s in SIDES if present(row[s])}


def guard_sides(table, frame):
    """Sides on which the positive branch of an ifdef frame is taken."""
    opener, guard, arg = frame
    if opener != "ifdef" or guard is None or arg != 1:
        return None
    if guard in DISTRO_GUARDS:
        return DISTRO_GUARDS[guard]
    return sides_with(table, "macro", guard)


def check_uses(table, uses, guards, local_macros, local_symbols):
    unknown, unguarded, bad_guards = [], [], []
    everywhere = set(SIDES)
    for use in uses:
        if use.kind == "macro" and use.name in local_macros:
            continue
        if use.kind != "macro" and use.name in local_symbols:
            continue
        have = sides_with(table, use.kind, use.name)
        if have is None:
            unknown.append("%s: %s %s is not in the table"
                           % (use.where, use.kind, use.name))
            continue
        if have == everywhere:
            continue
        # The sides on which this use is compiled (ifdef) or linked.
        reach = set(SIDES)
        optional = False
        for frame in use.frames:
            g = guard_sides(table, frame)
            if g is not None:
                reach &= g
            if frame[0] == "optional_policy":
                optional = True
        missing = reach - have
        if use.kind == "macro":
            ok = not missing
        else:
            ok = not missing or optional
        if not ok:
            unguarded.append("%s: %s %s is missing on %s and not guarded"
                             % (use.where, use.kind, use.name,
                                ", ".join(sorted(missing))))
    for g in guards:
        if g.name in DISTRO_GUARDS:
            continue
        have = sides_with(table, "macro", g.name)
        if not have:
            bad_guards.append("%s: ifdef guard %s names no macro defined on"
                              " any side of the table" % (g.where, g.name))
    tap(not unknown, "every macro and required symbol is in the table",
        "\n".join(unknown))
    tap(not unguarded, "what is missing on one side is guarded",
        "\n".join(unguarded))
    tap(not bad_guards, "every ifdef guard names a macro that exists",
        "\n".join(bad_guards))


# ---- sources -------------------------------------------------------------

DEF_RE = re.compile(r"(?:interface|template|define)\(`(\w+)'")


def header_macros(include_dir):
    """Map macro name -> 'relative/path:line' of its first definition."""
    found = {}
    files = sorted(glob.glob(os.path.join(include_dir, "**", "*.if"),
                             recursive=True))
    files += sorted(glob.glob(os.path.join(include_dir, "support", "*.spt")))
    if not files:
        raise OSError("no *.if under %s" % include_dir)
    for path in files:
        rel = os.path.relpath(path, include_dir)
        with open(path, encoding="utf-8", errors="replace") as f:
            for line, text in enumerate(f, 1):
                if text[0] not in "itd":
                    continue
                m = DEF_RE.match(text)
                if m:
                    found.setdefault(m.group(1), "%s:%d" % (rel, line))
    return found


def cil_texts(source):
    """CIL text of every module: SOURCE holds *.cil files, or is the
    modules directory of a semanage store (priority 100, the
    distribution's own modules; bzip2-compressed cil files; disabled
    modules left out)."""
    files = sorted(glob.glob(os.path.join(source, "*.cil")))
    if files:
        for path in files:
            with open(path, encoding="utf-8", errors="replace") as f:
                yield f.read()
        return
    disabled = set(os.listdir(os.path.join(source, "disabled"))
                   if os.path.isdir(os.path.join(source, "disabled"))
                   else ())
    files = sorted(glob.glob(os.path.join(source, "100", "*", "cil")))
    if not files:
        raise OSError("no *.cil and no 100/*/cil in %s" % source)
    for path in files:
        if os.path.basename(os.path.dirname(path)) in disabled:
            continue
        with open(path, "rb") as f:
            data = f.read()
        if data[:3] == b"BZh":
            data = bz2.decompress(data)
        yield data.decode("utf-8", errors="replace")


def policy_symbols(source):
    """Map kind -> set of names from a binary policy or a CIL directory."""
    syms = {"type": set(), "attribute": set(), "role": set(),
            "attribute_role": set()}
    if os.path.isdir(source):
        pat = re.compile(r"^\((type|typeattribute|role|roleattribute)"
                         r" (\w+)\)", re.M)
        kinds = {"type": "type", "typeattribute": "attribute",
                 "role": "role", "roleattribute": "attribute_role"}
        for text in cil_texts(source):
            for k, name in pat.findall(text):
                syms[kinds[k]].add(name)
        return syms
    import setools  # only needed for binary policies
    pol = setools.SELinuxPolicy(source)
    for t in pol.types():
        syms["type"].add(str(t))
    for a in pol.typeattributes():
        syms["attribute"].add(str(a))
    for r in pol.roles():
        syms["role"].add(str(r))
    return syms


def load_sources(args):
    macros, symbols = {}, {}
    for side in SIDES:
        h = getattr(args, side + "_headers")
        s = getattr(args, side + "_symbols")
        if h:
            macros[side] = header_macros(h)
        if s:
            symbols[side] = policy_symbols(s)
    return macros, symbols


def cell_for(side, kind, name, macros, symbols):
    if kind == "macro":
        return macros[side].get(name, "-")
    if kind == "attribute_role":
        # Binary policies keep no role attributes; a role of that name
        # is what the module requires.
        have = symbols[side]["attribute_role"] | symbols[side]["role"]
        return "y" if name in have else "-"
    return "y" if name in symbols[side][kind] else "-"


def verify_table(table, macros, symbols):
    for side in SIDES:
        for kind, src in (("macro", macros), ("symbol", symbols)):
            text = "table column %s matches the %s source" % (side, kind)
            if side not in src:
                tap_skip(text, "no %s source given for %s" % (kind, side))
                continue
            diffs = []
            for (k, name), row in sorted(table.items()):
                if (k == "macro") != (kind == "macro"):
                    continue
                want = cell_for(side, k, name, macros, symbols)
                have = row[side]
                if present(want) != present(have):
                    diffs.append("%s %s: table %s, source %s"
                                 % (k, name, have, want))
                elif k == "macro" and want.split(":")[0] != have.split(":")[0]:
                    diffs.append("%s %s: table %s, source %s"
                                 % (k, name, have, want))
            tap(not diffs, text, "\n".join(diffs))


def generate(uses, guards, local_macros, local_symbols, macros, symbols):
    rows = {}
    for u in uses + guards:
        kind = "macro" if u.kind == "guard" else u.kind
        if kind == "macro" and u.name in local_macros:
            continue
        if kind != "macro" and u.name in local_symbols:
            continue
        cells = []
        for side in SIDES:
            src = macros if kind == "macro" else symbols
            cells.append(cell_for(side, kind, u.name, macros, symbols)
                         if side in src else "?")
        rows[(kind, u.name)] = cells
    print("# kind\tname\t" + "\t".join(SIDES))
    for (kind, name), cells in sorted(rows.items()):
        print("\t".join([kind, name] + cells))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    for side in SIDES:
        ap.add_argument("--%s-headers" % side, metavar="DIR")
        ap.add_argument("--%s-symbols" % side, metavar="POLICY_OR_CIL_DIR")
    ap.add_argument("--generate", action="store_true")
    ap.add_argument("table")
    ap.add_argument("files", nargs="+")
    try:
        args = ap.parse_args()
    except SystemExit as e:
        return 2 if e.code else 0
    uses, guards, local_macros, local_symbols = [], [], set(), set()
    for path in args.files:
        try:
            u, lm, ls, g = scan(path)
        except OSError as e:
            print("check-portability: %s" % e, file=sys.stderr)
            return 2
        uses += u
        guards += g
        local_macros |= lm
        local_symbols |= ls
    try:
        macros, symbols = load_sources(args)
    except (OSError, ImportError, RuntimeError) as e:
        print("check-portability: cannot read a source: %s" % e,
              file=sys.stderr)
        return 3
    if args.generate:
        generate(uses, guards, local_macros, local_symbols, macros, symbols)
        return 0
    try:
        table = read_table(args.table)
    except (OSError, ValueError) as e:
        print("check-portability: %s" % e, file=sys.stderr)
        return 2
    print("1..%d" % (3 + 2 * len(SIDES)))
    check_uses(table, uses, guards, local_macros, local_symbols)
    verify_table(table, macros, symbols)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
