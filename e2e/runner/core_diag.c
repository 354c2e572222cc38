// SPDX-License-Identifier: MIT
/*
 * core_diag.c - the reviewed allow-list of error and warning lines an
 * allowed rustnet session may leave on its stderr or in its debug log,
 * and the matcher that judges every such line.
 *
 * stderr: rustnet's TUI draws on the terminal and writes nothing to stderr
 * in a clean session (every permissive-pass session of the committed runs
 * left it empty), so every non-blank line there is a diagnostic and must
 * be on the list.  Debug log (-l debug, ./logs/rustnet_*.log, simplelog's
 * "HH:MM:SS [LEVEL] (thread) target: message"): the WARN and ERROR lines
 * are judged, the other levels and continuation lines are not
 * diagnostics.  A diagnostic on neither list FAILs the row, named.
 *
 * Each entry names what rustnet does and why the line costs the user
 * nothing; entries that only hold with the eBPF boolean off, or only when
 * the row already is GAP for rustnet's own quit deadline
 * (core_shutdown.c), say so in their conditions.  Keep the list short: a
 * new entry needs a review (the same words are in e2e/README.md,
 * "Diagnostics allow-list").
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <selinux/selinux.h>

#include "core.h"

#define EBPF_OFF_WHY "With rustnet_use_ebpf off the module refuses bpf() and perf events (capability2 bpf perfmon, dontaudited: known-harmless list); rustnet falls back to procfs attribution, which is what the boolean documents."

/* EACCES from bpf() with the boolean off: only SELinux's bpf class check
 * (selinux_bpf(), "{ prog_load } bpf") answers EACCES before a program is
 * verified, and a trivial probe program does not fail verification; so
 * -EACCES and -EPERM both say "refused by the policy", the first by the
 * class check, the second by the capability check. */
#define EBPF_OFF_WHY_LSM "With rustnet_use_ebpf off the module refuses the bpf class (self:bpf prog_load, dontaudited: known-harmless list) as well as capability2 bpf; rustnet falls back to procfs attribution, which is what the boolean documents."

const struct rn_diag_ok rn_diag_list[] = {
	{
		.src = RN_DIAG_STDERR,
		.pattern = "libbpf: Failed to bump RLIMIT_MEMLOCK (err = -EPERM), you might need to do it explicitly!",
		.unless = RN_DIAG_EBPF_ON,
		.behaviour = "rustnet's eBPF loader starts whatever the boolean; libbpf's memcg probe is refused, so it tries to raise RLIMIT_MEMLOCK (CAP_SYS_RESOURCE: not in the file capabilities; under sudo refused by the module) and says so.",
		.harmless = EBPF_OFF_WHY,
	},
	{
		.src = RN_DIAG_STDERR,
		.pattern = "libbpf: Error in bpf_object__probe_loading(): -EPERM. *",
		.unless = RN_DIAG_EBPF_ON,
		.behaviour = "libbpf loads a trivial probe program before the skeleton; bpf(BPF_PROG_LOAD) is refused.",
		.harmless = EBPF_OFF_WHY,
	},
	{
		.src = RN_DIAG_STDERR,
		.pattern = "libbpf: failed to load BPF skeleton '*': -EPERM",
		.unless = RN_DIAG_EBPF_ON,
		.behaviour = "rustnet tries its fentry/fexit skeleton, then the kprobe one; both loads are refused.",
		.harmless = EBPF_OFF_WHY,
	},
	{
		.src = RN_DIAG_STDERR,
		.pattern = "Error: runtime shutdown failed: * worker(s) timed out, 0 worker(s) panicked, 0 output operation(s) failed",
		.since = 10700, .needs = RN_DIAG_QUIT_GAP,
		.behaviour = "rustnet 1.7.0 joins its workers at quit with a deadline and exits 1 when one (a reverse-DNS thread inside getnameinfo) is still running.",
		.harmless = "rustnet's own shutdown policy, no denial involved; the row is already GAP for it (core_shutdown.c), never PASS; a panicked worker or a failed output is not covered.",
	},
	{
		.src = RN_DIAG_STDERR,
		.pattern = "Error: runtime shutdown failed: * worker(s) timed out and 0 worker(s) panicked",
		.since = 10700, .needs = RN_DIAG_QUIT_GAP,
		.behaviour = "The same quit deadline in rustnet 1.7.0's headless mode (its own wording; the terminal record says stopping/runtime_failed).",
		.harmless = "As the TUI line: the row is already GAP for it (rnx_hl_timed_out()), never PASS; a panicked worker is not covered.",
	},
	{
		.src = RN_DIAG_LOG,
		.pattern = "*workers did not stop before the shutdown deadline",
		.since = 10700, .needs = RN_DIAG_QUIT_GAP,
		.behaviour = "The log line of the same quit deadline (rustnet 1.7.0).",
		.harmless = "As the stderr line: the row is already GAP for it.",
	},
	{
		.src = RN_DIAG_LOG,
		.pattern = "Sandbox partially enforced: no-new-privs set; *Landlock filesystem restrictions applied*",
		.reject = "fail",
		.behaviour = "rustnet's sandbox asks Landlock for network and scope rules the guest kernel lacks (Linux 6.1 on Debian 12: Landlock ABI below 4); it sets no-new-privs, drops its capabilities, applies the filesystem rules and calls the result partial.",
		.harmless = "Every step the kernel supports is in force, and SELinux has no part in Landlock; a step that failed says \"failed\" in the same line, and such a line is not covered.",
	},
	{
		.src = RN_DIAG_LOG,
		.pattern = "eBPF: all kernel backends failed; fentry/fexit: *; kprobe: *; using procfs",
		.unless = RN_DIAG_EBPF_ON,
		.behaviour = "The log line of the refused eBPF load (both backends).",
		.harmless = EBPF_OFF_WHY,
	},
	{
		.src = RN_DIAG_LOG,
		.pattern = "Packet channel closed",
		.before = 10700,
		.behaviour = "rustnet 1.6.x's capture thread logs this WARN when its send to the UI fails, which is at quit: the UI has dropped the receiving end (seen at quit in every 1.6.0 logs.cwd session of the matrix run, evidence/matrix-make-5a8e64c).",
		.harmless = "No denial involved; a channel closed mid-session would stop the capture, and the row's alive check (new connections to the session's last minute) FAILs that on its own. Not covered for 1.7.0, which no longer logs it.",
	},
	{
		.src = RN_DIAG_STDERR,
		.pattern = "libbpf: Error in bpf_object__probe_loading(): -EACCES. *",
		.unless = RN_DIAG_EBPF_ON,
		.behaviour = "The same probe load on a kernel that asks SELinux first (6.5 and later: security_bpf() runs before the CAP_BPF check); the module's bpf class refusal answers EACCES instead of the capability's EPERM (seen on debian13-fedora-policy, kernel 6.12).",
		.harmless = EBPF_OFF_WHY_LSM,
	},
	{
		.src = RN_DIAG_STDERR,
		.pattern = "libbpf: failed to load BPF skeleton '*': -EACCES",
		.unless = RN_DIAG_EBPF_ON,
		.behaviour = "Both skeleton loads refused by the bpf class check (kernel 6.5 and later), as the probe line above.",
		.harmless = EBPF_OFF_WHY_LSM,
	},
	{
		.src = RN_DIAG_STDERR,
		.pattern = "rustnet: cannot read /home/*/.config/rustnet/config.toml: Permission denied (os error 13)",
		.needs = RN_DIAG_HOME_CLOSED,
		.unless = RN_DIAG_DAC_ON | RN_DIAG_OTHERS_ON,
		.behaviour = "Under sudo rustnet, as root, reads the invoking user's config.toml; in a home closed to others (0700) root needs CAP_DAC_READ_SEARCH or CAP_DAC_OVERRIDE to reach it, which the module withholds with rustnet_read_other_users and rustnet_sudo_override_dac off (attribution.other_users_off on debian13-fedora-policy-4a6e720: /home/alice drwx------; the file is rustnet_config_home_t as on Debian 12).",
		.harmless = "The known-harmless dac_override/dac_read_search entry: the config is skipped with this warning and the defaults apply. Not covered as the user, in a home open to others, or with either boolean on: there the warning has another cause (an SELinux refusal of the file leaves an audited record besides).",
	},
	{ .pattern = NULL },
};

/* The message of a simplelog line at WARN or ERROR, or NULL when @line
 * is not one (another level, a continuation line). */
static const char *log_message(const char *line)
{
	const char *p = line, *lvl;

	while (*p && (isdigit((unsigned char)*p) || *p == ':'))
		p++;
	if (p == line || strncmp(p, " [", 2))
		return NULL;
	lvl = p + 2;
	if (!strncmp(lvl, "WARN] ", 6))
		p = lvl + 6;
	else if (!strncmp(lvl, "ERROR] ", 7))
		p = lvl + 7;
	else
		return NULL;
	/* the thread id, when the level carries one */
	if (*p == '(') {
		const char *q = p + 1;

		while (isdigit((unsigned char)*q))
			q++;
		if (q > p + 1 && !strncmp(q, ") ", 2))
			p = q + 2;
	}
	/* the target ("rustnet_sandbox::linux: "): no space before ": " */
	lvl = strstr(p, ": ");
	if (lvl && (size_t)(lvl - p) + 1 == strcspn(p, " "))
		p = lvl + 2;
	return p;
}

static int covered(const struct rn_diag_ok *d, const char *msg,
		   enum rn_diag_src src, unsigned int version,
		   unsigned int cond)
{
	if (d->src != src || (d->since && version < d->since) ||
	    (d->before && (!version || version >= d->before)) ||
	    (cond & d->needs) != d->needs || (cond & d->unless))
		return 0;
	if (fnmatch(d->pattern, msg, 0))
		return 0;
	return !d->reject || !strcasestr(msg, d->reject);
}

int rn_diag_line(const char *line, enum rn_diag_src src,
		  unsigned int version, unsigned int cond)
{
	char buf[1024];
	const char *msg;
	size_t n;
	int i;

	if (!line)
		return RN_DIAG_NONE;
	n = strcspn(line, "\r\n");
	if (n >= sizeof(buf))
		n = sizeof(buf) - 1;
	memcpy(buf, line, n);
	buf[n] = '\0';
	if (src == RN_DIAG_LOG) {
		msg = log_message(buf);
		if (!msg)
			return RN_DIAG_NONE;
	} else {
		msg = buf + strspn(buf, " \t");
		if (!*msg)
			return RN_DIAG_NONE;
	}
	for (i = 0; rn_diag_list[i].pattern; i++)
		if (covered(&rn_diag_list[i], msg, src, version, cond))
			return i;
	return RN_DIAG_UNLISTED;
}

void rn_diag_feed(struct rn_diag_tally *t, const char *line,
		   enum rn_diag_src src, unsigned int version,
		   unsigned int cond)
{
	int i = rn_diag_line(line, src, version, cond);

	if (i == RN_DIAG_NONE)
		return;
	if (i >= 0) {
		t->listed++;
		t->seen |= 1u << i;
		return;
	}
	if (!t->unlisted++)
		snprintf(t->first, sizeof(t->first), "%.*s",
			 (int)strcspn(line, "\r\n"), line);
}

void rn_diag_text(struct rn_diag_tally *t, const char *text,
		   enum rn_diag_src src, unsigned int version,
		   unsigned int cond)
{
	const char *p = text;

	while (p && *p) {
		rn_diag_feed(t, p, src, version, cond);
		p = strchr(p, '\n');
		if (p)
			p++;
	}
}

int rn_diag_file(struct rn_diag_tally *t, const char *path,
		  enum rn_diag_src src, unsigned int version,
		  unsigned int cond, char *theme, size_t tlen)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	int ret = 0;

	if (!f)
		return -errno;
	while (getline(&line, &cap, f) >= 0) {
		if (t)
			rn_diag_feed(t, line, src, version, cond);
		if (theme && !theme[0])
			rn_config_theme(line, theme, tlen);
	}
	if (ferror(f))
		ret = -EIO;
	free(line);
	fclose(f);
	return ret;
}

unsigned int rn_diag_cond(int quit_gap)
{
	unsigned int cond = quit_gap ? RN_DIAG_QUIT_GAP : 0;

	/* the loaded policy's state, not what the scenario meant to set */
	if (security_get_boolean_active("rustnet_use_ebpf") == 1)
		cond |= RN_DIAG_EBPF_ON;
	if (security_get_boolean_active("rustnet_sudo_override_dac") == 1)
		cond |= RN_DIAG_DAC_ON;
	if (security_get_boolean_active("rustnet_read_other_users") == 1)
		cond |= RN_DIAG_OTHERS_ON;
	return cond;
}

int rn_diag_fail(struct rn_result *r, const struct rn_diag_tally *t,
		  const char *what)
{
	if (t->listed)
		rn_note(r, "diagnostics allow-list: %zu line(s) of %s covered (entries 0x%x)",
			 t->listed, what, t->seen);
	if (!t->unlisted)
		return 0;
	rn_set(r, RN_FAIL,
		"%s has %zu error/warning line(s) on no diagnostics allow-list entry, first: \"%s\"",
		what, t->unlisted, t->first);
	return -1;
}
