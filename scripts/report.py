#!/usr/bin/python3
"""Write REPORT.md from a run's results (never by hand).

usage: report.py --results out/<profile> --out REPORT.md [--profile P]
                 [--allow-dirty]

Reads out/<profile>/guest/results.json (docs/results-schema.md), the run's
times.txt and console log, renders the tmux panes to report/*.png, and
refuses to write when policy/ has uncommitted changes or the run used a
policy tree other than the committed one.
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VERDICTS = ("PASS", "FAIL", "ERROR", "SKIP", "GAP")
# The one precedence rule for the overall verdict (the runner's
# rnx_overall() uses the same): the first of these present wins, so SKIP
# only when nothing else ran; no rows at all is ERROR.  GAP is a known gap
# that behaved as documented: its own outcome, never PASS.
PRECEDENCE = ("FAIL", "ERROR", "GAP", "PASS", "SKIP")


class ReportError(Exception):
    pass


def git(*args):
    return subprocess.run(("git",) + args, cwd=TOP, capture_output=True,
                          text=True, check=False)


def policy_state(bundle_tree):
    dirty = git("status", "--porcelain", "--", "policy").stdout.strip()
    head_tree = git("rev-parse", "HEAD:policy").stdout.strip()
    commit = git("rev-parse", "HEAD").stdout.strip()
    return dirty, head_tree, commit


def fence(text, lang=""):
    text = (text or "").rstrip("\n")
    n = 3
    while "`" * n in text:
        n += 1
    return "%s%s\n%s\n%s" % ("`" * n, lang, text, "`" * n)


def clip(text, limit=6000):
    text = text or ""
    if len(text) <= limit:
        return text
    half = limit // 2
    return "%s\n... [%d bytes elided] ...\n%s" % (
        text[:half], len(text) - limit, text[-half:])


def md_cell(s):
    return str(s if s is not None else "").replace("|", "\\|").replace(
        "\n", " ")


def fmt_expect(e):
    if not e or not e.get("perm"):
        return ""
    p = e.get("permissive")
    return "{ %s } %s → %s permissive=%s" % (
        e.get("perm", "?"), e.get("tclass", "?"), e.get("ttype", "?"),
        "any" if p in (None, -1) else p)


def errname(n, expected=False):
    import errno as E
    if n is None:
        return "none defined" if expected else ""
    if n == 0:
        return "0 (success)"
    return "%d (%s)" % (n, E.errorcode.get(n, "?"))


def render_panes(guest, profile, outdir, base):
    """Render every pane capture to PNG; returns {stem: relative png}."""
    panes = os.path.join(guest, "panes")
    made = {}
    if not os.path.isdir(panes):
        return made
    # render into a staging directory first: a refused report must not
    # leave new screenshots beside an old report
    stage = tempfile.mkdtemp(prefix="rnx-report-")
    try:
        for name in sorted(os.listdir(panes)):
            if not name.endswith(".ansi"):
                continue
            # a capture of a session that was already gone is empty:
            # nothing to show, and no reason to refuse the report
            if not (read(os.path.join(panes, name)) or "").strip():
                continue
            stem = name[:-5]
            png = "%s-%s.png" % (profile, stem)
            r = subprocess.run(
                [sys.executable,
                 os.path.join(TOP, "scripts", "ansi2png.py"),
                 os.path.join(panes, name), os.path.join(stage, png),
                 "--title",
                 "rustnet TUI in the %s guest: %s" % (profile, stem)],
                capture_output=True, text=True, check=False)
            if r.returncode != 0:
                raise ReportError("rendering %s failed: %s" %
                                  (name, r.stderr))
            made[stem] = png
        if made:
            os.makedirs(outdir, exist_ok=True)
        for stem, png in made.items():
            shutil.move(os.path.join(stage, png), os.path.join(outdir, png))
            made[stem] = os.path.relpath(os.path.join(outdir, png), base)
    except OSError as e:
        raise ReportError("writing screenshots to %s: %s" % (outdir, e))
    finally:
        shutil.rmtree(stage, ignore_errors=True)
    return made


def rpm_scenario(guest):
    """The RPM install/upgrade/flip/erase scenario (scripts/guest-main.sh
    runs rpm/tests/guest-rpm-scenario.sh before the runner) as a result."""
    tap = read(os.path.join(guest, "rpm", "tap.txt"))
    rc_line = read(os.path.join(guest, "rpm", "rc"))
    s = {"id": "rpm.install_upgrade_erase", "mode": "n/a", "kind": "META",
         "section": "rpm packaging (rustnet-selinux)",
         "claim": "Installing the rustnet-selinux RPM loads the module at "
                  "priority 200 with rustnet_t permissive and labels "
                  "/usr/bin/rustnet and /var/log/rustnet; an upgrade keeps "
                  "that; the enforcing flip removes the permissive marker; "
                  "erase leaves no module, no permissive_rustnet_t, restored "
                  "labels and a store that rebuilds."}
    if tap is None and rc_line is None:
        s.update(verdict="SKIP", reason="the rpm scenario did not run "
                 "(--no-rpm, or the guest run ended before it)")
        return [s]
    # rpm/tap.txt without rpm/rc: the scenario started and never finished
    rc, secs = ((rc_line or "").split() + ["", ""])[:2]
    tap = tap or ""
    oks = [ln for ln in tap.splitlines() if ln.startswith("ok ")]
    bad = [ln for ln in tap.splitlines() if ln.startswith("not ok ")]
    if rc == "0" and oks and not bad:
        v, why = "PASS", "%d checks passed" % len(oks)
    elif rc == "1" or bad:
        v, why = "FAIL", "; ".join(bad) or "exit 1"
    else:
        v, why = "ERROR", "%s: %s" % (
            "exit %s" % rc if rc else "it did not finish (no rpm/rc)",
            "; ".join(ln for ln in tap.splitlines() if "Bail out" in ln))
    s.update(verdict=v, reason=why, duration_s=secs,
             evidence=[{"cmd": "sh /opt/rnx/rpm-tests/guest-rpm-scenario.sh "
                        "-o /var/lib/rnx/out/rpm /opt/rnx/rpms",
                        "rc": rc, "output": tap}])
    return [s]


FAULT_CASES = (
    ("control", "fault.control",
     "The same enforcing capture session with no fault PASSes in this boot, "
     "so the ERRORs of the fault cases come from the faults."),
    ("auditd-stop", "fault.auditd_stop",
     "auditd killed (SIGTERM) while a capture session's audit window is "
     "open makes that scenario ERROR, never PASS."),
    ("backlog-flood", "fault.backlog_flood",
     "The kernel's audit backlog flooded (limit 4, no wait, an audit rule "
     "on getppid and rnx-audit-flood for 5 s) while a capture window is "
     "open makes that scenario ERROR, never PASS."),
)


def fault_selftest(guest):
    """The audit fault self-test (e2e/faults/fault-selftest.sh, run by
    scripts/guest-main.sh after the runner) as one row per case."""
    base = os.path.join(guest, "faults")
    tap = read(os.path.join(base, "tap.txt"))
    rc_line = read(os.path.join(base, "rc"))
    rows = []
    for case, sid, claim in FAULT_CASES:
        s = {"id": sid, "mode": "enforcing", "kind": "META",
             "section": "audit pipeline fault self-test", "claim": claim,
             "no_window": True}
        line = None
        for ln in (tap or "").splitlines():
            if re.match(r"(not )?ok \d+ - %s: " % re.escape(case), ln):
                line = ln
        # tap.txt without rc: it started and never finished; rc without
        # tap.txt: it stopped before its first case
        if tap is None and rc_line is None:
            s.update(verdict="SKIP", reason="the fault self-test did not "
                     "run (--no-faults, --only, or the guest run ended "
                     "before it)")
        elif line is None:
            s.update(verdict="ERROR", reason="no result for this case in "
                     "faults/tap.txt (self-test exit %s)" %
                     (((rc_line or "").split() or
                       ["unknown: no faults/rc, it did not finish"])[0]))
        elif line.startswith("ok "):
            s.update(verdict="PASS", reason=line.split(" -> ", 1)[-1])
        else:
            m = re.search(r"# (FAIL|ERROR): (.*)$", line)
            s.update(verdict=m.group(1) if m else "ERROR",
                     reason=m.group(2) if m else line)
        cdir = os.path.join(base, case)
        rcf = (read(os.path.join(cdir, "rc")) or "").split()
        if len(rcf) == 2:
            s["duration_s"] = rcf[1]
        inj = read(os.path.join(cdir, "inject.log"))
        inner = read(os.path.join(cdir, "tap.txt"))
        if inj is not None:
            s["evidence"] = [
                {"cmd": "the inner run and its fault, as logged "
                        "(faults/%s/inject.log)" % case,
                 "rc": rcf[0] if rcf else "?", "output": inj},
                {"cmd": "the inner run's TAP (faults/%s/tap.txt)" % case,
                 "rc": rcf[0] if rcf else "?", "output": inner or ""}]
        rows.append(s)
    return rows


def read(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def overall(scen):
    vs = [s.get("verdict") for s in scen]
    for v in PRECEDENCE:
        if v in vs:
            return v
    return "ERROR"


def counts(scen):
    vs = [s.get("verdict") for s in scen]
    return ", ".join("%s %d" % (v, vs.count(v)) for v in PRECEDENCE)


def write(args):
    res_dir = args.results
    guest = os.path.join(res_dir, "guest")
    rj = os.path.join(guest, "results.json")
    try:
        with open(rj, encoding="utf-8") as f:
            R = json.load(f)
    except (OSError, ValueError) as e:
        raise ReportError("cannot read %s: %s" % (rj, e))
    if not isinstance(R, dict):
        raise ReportError("%s: not an object" % rj)
    run = R.get("run", {})
    if not isinstance(run, dict):
        raise ReportError("%s: run is not an object" % rj)
    scen = R.get("scenarios", [])
    if not isinstance(scen, list):
        raise ReportError("%s: scenarios is not a list" % rj)
    for s in scen:
        if not isinstance(s, dict):
            raise ReportError("%s: scenario %r is not an object" % (rj, s))
        if s.get("verdict") not in VERDICTS:
            raise ReportError("%s: scenario %s has verdict %r" %
                              (rj, s.get("id"), s.get("verdict")))

    scen = scen + rpm_scenario(guest) + fault_selftest(guest)

    # the tree the guest really got, as the runner recorded it
    bundle_tree = (run.get("policy_tree") or "").strip()
    if not bundle_tree:
        raise ReportError("results.json names no policy tree; the run "
                          "cannot be tied to a committed policy/")
    dirty, head_tree, commit = policy_state(bundle_tree)
    if dirty and not args.allow_dirty:
        raise ReportError("policy/ has uncommitted changes; commit them and "
                          "rerun before writing a report:\n" + dirty)
    if bundle_tree and bundle_tree != head_tree and not args.allow_dirty:
        raise ReportError("the run used policy tree %s but HEAD:policy is %s;"
                          " rerun make e2e" % (bundle_tree, head_tree))
    profile = args.profile or run.get("profile") or os.path.basename(
        res_dir.rstrip("/"))
    # screenshots go beside the report they belong to, never over another's
    outdir = os.path.dirname(os.path.abspath(args.out))
    pngs = render_panes(guest, profile, os.path.join(outdir, "report"),
                        outdir)

    L = []
    w = L.append
    verdict = overall(scen)
    w("# rustnet SELinux policy: evidence report")
    w("")
    w("Written by `scripts/report.py` from the results of `make e2e "
      "VM=%s` (never edited by hand). Overall verdict: **%s** "
      "(%s; precedence FAIL > ERROR > GAP > PASS > SKIP; GAP: a known gap "
      "that behaved exactly as documented)." %
      (profile, verdict, counts(scen)))
    w("")
    w("| | |")
    w("| --- | --- |")
    w("| generated | %s |" % datetime.datetime.now(
        datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC"))
    w("| run | %s → %s |" % (md_cell(run.get("start")),
                            md_cell(run.get("end"))))
    w("| commit the run was built from | `%s` |" % md_cell(
        (run.get("commit") or "unknown").strip()))
    w("| commit when this report was written | `%s` |" % commit)
    w("| guest command | `%s` |" % md_cell(run.get("argv")))
    w("| policy tree (`git rev-parse HEAD:policy`) | `%s` |" % head_tree)
    w("| policy tree used by the run | `%s` |" % (bundle_tree or "unknown"))
    w("| rustnet | %s |" % md_cell(run.get("rustnet_version")))
    w("| guest profile | %s |" % profile)
    w("| guest distro | %s |" % md_cell(run.get("distro")))
    w("| guest kernel | %s |" % md_cell(run.get("kernel")))
    w("| host | %s |" % md_cell("%s %s (%s)" % (
        platform.system(), platform.release(), platform.machine())))
    w("| capture duration per session | %s s |" % md_cell(
        run.get("duration")))
    w("")

    w("## Summary")
    w("")
    w("| scenario | mode | kind | verdict | duration | reason |")
    w("| --- | --- | --- | --- | --- | --- |")
    for s in scen:
        w("| %s | %s%s | %s | **%s** | %s s | %s |" % (
            md_cell(s.get("id")), md_cell(s.get("mode")),
            ", dontaudit off" if s.get("dontaudit_off") else "",
            md_cell(s.get("kind")), s.get("verdict"),
            md_cell(s.get("duration_s")), md_cell(s.get("reason"))))
    w("")

    shipped_domain(w, R, scen)
    known_harmless(w, R, scen)

    attacks = [s for s in scen if s.get("kind") == "ATTACK"]
    if attacks:
        w("## Attack matrix")
        w("")
        w("| vector | mode | expected AVC | observed AVC | errno "
          "(expected / observed) | verdict |")
        w("| --- | --- | --- | --- | --- | --- |")
        for s in attacks:
            avcs = s.get("matched_avcs") or s.get("avcs") or []
            w("| %s | %s | %s | %s | %s / %s | **%s** |" % (
                md_cell(s.get("id")), md_cell(s.get("mode")),
                md_cell(fmt_expect(s.get("expect"))),
                md_cell("<br>".join(avcs[:2]) if avcs else "none"),
                md_cell(errname(s.get("expect_errno"), expected=True)),
                md_cell(errname(s.get("observed_errno"))),
                s.get("verdict")))
        w("")

    w("## Audit pipeline liveness")
    w("")
    w(fence(json.dumps(R.get("audit", {}), indent=2, sort_keys=True),
            "json"))
    w("")

    w("## Environment")
    w("")
    for key, title in (("sestatus", "sestatus"),
                       ("semodule", "semodule -l | grep rustnet"),
                       ("packages", "package versions"),
                       ("policy_build", "policy build "
                        "(make -f /usr/share/selinux/devel/Makefile)")):
        if run.get(key):
            w("### %s" % title)
            w("")
            w(fence(clip(run.get(key))))
            w("")

    if pngs:
        w("## Screenshots")
        w("")
        for stem, rel in pngs.items():
            w("### %s" % stem)
            w("")
            w("![%s](%s)" % (stem, rel))
            w("")

    w("## Scenarios in detail")
    sections = []
    for s in scen:
        if s.get("section") not in sections:
            sections.append(s.get("section"))
    for sec in sections:
        w("")
        w("### %s" % (sec or "other"))
        for s in [x for x in scen if x.get("section") == sec]:
            w("")
            w("#### %s (%s): %s" % (s.get("id"), s.get("mode"),
                                    s.get("verdict")))
            w("")
            if s.get("claim"):
                w("Claim: %s" % s.get("claim"))
                w("")
            if s.get("reason"):
                w("Verdict reason: %s" % s.get("reason"))
                w("")
            for ev in s.get("evidence", []):
                w(fence(clip("# %s\n%s\n[exit %s]" % (
                    ev.get("cmd"), ev.get("output") or "",
                    ev.get("rc")), 4000), "console"))
                w("")
            avcs = s.get("avcs") or []
            if s.get("no_window"):
                pass
            elif avcs:
                w("SELinux records in the window (normalised):")
                w("")
                w(fence("\n".join(avcs)))
                w("")
            else:
                w("SELinux records in the window: none (audit pipeline "
                  "proven live in this run, see liveness above).")
                w("")
            if s.get("ausearch"):
                w("`ausearch -i` for the window:")
                w("")
                w(fence(clip(s.get("ausearch"), 4000)))
                w("")
            if s.get("notes"):
                w(fence(s.get("notes")))
                w("")

    w("")
    w("## Limits: what this run does not prove")
    w("")
    for line in limits(profile, scen):
        w("- " + line)
    w("")
    times = read(os.path.join(res_dir, "times.txt"))
    if times:
        w("## Where the time went (host side)")
        w("")
        w(fence(times))
        w("")
    return "\n".join(L) + "\n", verdict


def shipped_domain(w, R, scen):
    """The module set of the allowed windows and the proof that the test
    modules widen nothing the allowed scenarios judge."""
    rows = [s for s in scen if s.get("id", "").startswith(
        ("pass.shipped_domain", "setup.shipped_reference"))]
    mods = (R.get("audit") or {}).get("allowed_modules")
    if not rows and not mods:
        return
    w("## Allowed windows: the shipped domain")
    w("")
    w("Modules loaded while the allowed-path scenarios ran (`semodule "
      "-lfull`, rustnet and test-only `rnx_*` modules). The test-only "
      "modules must add no rule whose source is `rustnet_t`: "
      "`sesearch -A -T --allowxperm -s rustnet_t` on the loaded policy is "
      "compared with the same query on a policy built from a copy of the "
      "store without them; any difference is ERROR.")
    w("")
    w(fence(mods or "(not recorded)"))
    w("")
    w("| check | mode | verdict | reason |")
    w("| --- | --- | --- | --- |")
    for s in rows:
        w("| %s | %s | **%s** | %s |" % (
            md_cell(s.get("id")), md_cell(s.get("mode")), s.get("verdict"),
            md_cell(s.get("reason"))))
    w("")


def known_harmless(w, R, scen):
    """The reviewed list the dontaudit-off allowed windows are judged by."""
    lst = R.get("known_harmless")
    noda = [s for s in scen if s.get("dontaudit_off") and
            s.get("kind") == "ALLOWED"]
    if not lst and not noda:
        return
    w("## Allowed paths judged with dontaudit off")
    w("")
    w("These allowed-path windows ran under `semodule -DB`; any `rustnet_t` "
      "record not on the reviewed known-harmless list below fails them "
      "(policy/README.md, \"Known-harmless dontaudit rules\").")
    w("")
    w("| scenario | mode | verdict | rustnet_t records |")
    w("| --- | --- | --- | --- |")
    for s in noda:
        recs = [a for a in (s.get("avcs") or []) if "stype=rustnet_t " in a]
        w("| %s | %s | **%s** | %s |" % (
            md_cell(s.get("id")), md_cell(s.get("mode")), s.get("verdict"),
            md_cell("<br>".join(recs) if recs else "none")))
    w("")
    w("Known-harmless list:")
    w("")
    w("| denial | rustnet behaviour | why denying it is harmless | "
      "hidden by |")
    w("| --- | --- | --- | --- |")
    for h in lst or []:
        w("| { %s } %s → %s | %s | %s | `%s` |" % (
            md_cell(h.get("perms")), md_cell(h.get("tclass")),
            md_cell(h.get("ttype")), md_cell(h.get("behaviour")),
            md_cell(h.get("harmless")), md_cell(h.get("rule"))))
    w("")


def limits(profile, scen):
    out = []
    if profile != "fedora42":
        out.append("The `fedora42` profile was **not booted here**: no Fedora "
                   "image can be downloaded on this machine. Its domain XML "
                   "and cloud-init seed are unit-tested only; the policy was "
                   "compiled against Fedora's policy headers "
                   "(policy/README.md names the version) but never loaded "
                   "on Fedora.")
    out.append("Guests run under QEMU TCG (no KVM here); timings are not "
               "representative of real hardware.")
    out.append("UDP destination ports are invisible to SELinux socket "
               "permissions. Without the opt-in SECMARK guard table, a "
               "`rustnet_t` allowed direct DNS (boolean `rustnet_direct_dns`)"
               " can send UDP to any port; the guard is global while loaded "
               "and fails open when its table is flushed.")
    out.append("Frames injected through the AF_PACKET capture socket bypass "
               "netfilter and every socket check: SELinux cannot stop frame "
               "injection by a compromised rustnet.")
    out.append("Guarantees that depend on booleans hold for their default "
               "values only; each boolean's scenario shows what it adds.")
    out.append("The audit fault self-test injects two faults (auditd "
               "killed, kernel backlog flooded); other ways to lose records "
               "(auditd's disk-full actions, a dispatcher plugin queue) are "
               "not exercised.")
    # every row of the report: the runner's, the rpm and the fault rows
    skipped = [s for s in scen if s.get("verdict") in ("SKIP", "ERROR")]
    for s in skipped:
        out.append("`%s` (%s) was %s: %s" % (
            s.get("id"), s.get("mode"), s.get("verdict"),
            s.get("reason") or "no reason given"))
    for g in [s for s in scen if s.get("kind") == "GAP"]:
        out.append("Named gap `%s` (%s): %s" % (g.get("id"), g.get("mode"),
                                                g.get("reason")))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--profile")
    ap.add_argument("--allow-dirty", action="store_true",
                    help="for tests only: skip the policy tree checks")
    a = ap.parse_args()
    try:
        text, verdict = write(a)
    except ReportError as e:
        print("report: ERROR: %s" % e, file=sys.stderr)
        return 3
    tmp = a.out + ".tmp"
    try:
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, a.out)
    except OSError as e:
        print("report: ERROR: cannot write %s: %s" % (a.out, e),
              file=sys.stderr)
        return 3
    print("report: wrote %s (%s)" % (a.out, verdict), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
