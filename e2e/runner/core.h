/* SPDX-License-Identifier: MIT */
/*
 * core.h - internals of the in-guest runner core (not part of the scenario
 * contract in rnx_scenario.h).
 */
#ifndef RN_CORE_H
#define RN_CORE_H

#include <stdio.h>

/* exit codes (docs/design.md): RN_EXIT_*, shared with rnlab */
#include "exit.h"
#include "rnx_scenario.h"

#define RN_OUTPUT_MAX	(64 * 1024)

const char *rn_verdict_name(enum rn_verdict v);
const char *rn_mode_name(enum rn_mode m);
const char *rn_kind_name(enum rn_kind k);

/* main.c: development option --reuse-setup */
extern int rn_opt_reuse_setup;
/* main.c: the passes this run makes (1u << enum rn_mode), from --mode */
extern unsigned int rn_opt_modes;

/* core_run.c */
void rn_result_init(struct rn_result *r);
void rn_result_free(struct rn_result *r);
/* Signals: common/sig.h (rn_sig_install, rn_sig_pending); rn_sh() kills
 * its child when a termination signal is pending and returns -EINTR
 * (-ETIMEDOUT only when its own timeout fired). A child that could not
 * set up its stdio or session exits RN_PROC_EXIT_DUP2/_SETUP (proc.h). */
/* rn_sh() without recording evidence (core bookkeeping). */
int rn_sh_quiet(unsigned int timeout_s, char **out, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* core_verdict.c: decide the verdict of ALLOWED/ATTACK scenarios from the
 * records in r->avcs (ALLOWED with @dontaudit_off: records on the
 * known-harmless list do not fail it); a GAP whose scenario verdict is
 * PASS becomes RN_KNOWN_GAP; META keeps the scenario's verdict.  A
 * verdict the scenario already set to FAIL/ERROR/SKIP is kept, and an
 * ATTACK's RN_KNOWN_GAP (the scenario found the attack open for a
 * documented cause outside the policy).  ATTACK: a record must carry
 * exactly the expected permission set. */
void rn_decide(const struct rn_scenario *sc, enum rn_mode mode,
		int dontaudit_off, struct rn_result *r);
/* The audit pipeline cannot vouch for the window (@what: the window did not
 * close, or the kernel lost records): a verdict that rests on what the log
 * does not hold (PASS, a GAP, an attack's missing denial) becomes ERROR
 * with @what as the reason; one resting on a record it holds (an allowed
 * row's FAIL), an ERROR or a SKIP stands, with @what noted. */
void rn_unproven(enum rn_kind kind, struct rn_result *r, const char *what);
/* The kind @r is judged as: @sc's, or RN_ATTACK for a GAP row the
 * scenario turned into an attack on this guest (r->gap_as_attack). */
enum rn_kind rn_judged_kind(const struct rn_scenario *sc,
			    const struct rn_result *r);
/* Set equality / inclusion of space-separated permission lists. */
int rn_perms_equal(const char *a, const char *b);
int rn_perms_subset(const char *a, const char *b);
/* 1 when record @a meets @e (rn_avc_count_match) and its permission set
 * is exactly e->perm (a space-separated set). */
int rn_expect_exact(const struct rn_avc *a, const struct rn_expect *e);
/* Verdict counts are indexed by enum rn_verdict. */
#define RN_NVERDICTS (RN_KNOWN_GAP + 1)
/* The overall verdict: the first verdict present in the order FAIL, ERROR,
 * GAP, PASS, SKIP (so SKIP only when nothing else ran).  0, or -1 when
 * there are no verdicts at all. */
int rn_overall(const size_t n[RN_NVERDICTS], enum rn_verdict *v);
/* Exit status of the overall verdict (GAP and PASS: 0; none: ERROR). */
int rn_exit_status(const size_t n[RN_NVERDICTS]);

/* core_harmless.c: the reviewed list of rustnet_t denials that dontaudit
 * rules of the module hide and that are harmless (policy/README.md,
 * "Known-harmless dontaudit rules").  Judged only with dontaudit off. */
struct rn_harmless {
	const char *perms;	/* the record's permissions must be a subset */
	const char *tclass;
	const char *ttype;
	const char *behaviour;	/* what rustnet does */
	const char *harmless;	/* why denying it is harmless */
	const char *rule;	/* the dontaudit rule that hides it */
};
extern const struct rn_harmless rn_harmless_list[];
/* Index in rn_harmless_list of the entry covering @a (subject rustnet_t,
 * a denial), or -1. */
int rn_harmless_find(const struct rn_avc *a);

/*
 * Workers rustnet reported as timed out at quit in @text (its stderr),
 * when that is the only failure it reported ("runtime shutdown failed:
 * N worker(s) timed out, 0 ... panicked, 0 output operation(s) failed",
 * or the headless wording); 0 otherwise (core_shutdown.c).
 */
int rn_shutdown_timeouts(const char *text);

/* core_flavour.c: facts about the guest that change an attack's first
 * denial, and the per-row alternatives tagged with them. */
#define RN_FACT_FEDORA			(1u << 0)	/* Fedora's targeted policy */
#define RN_FACT_BPF_CLASS_FIRST	(1u << 1)	/* kernel >= 6.5 */
struct rn_alt {
	unsigned int facts;	/* RNX_FACT_* bits that must all hold (not 0) */
	unsigned int modes;	/* bit 1 << RNX_MODE_*: the passes it is for */
	/* the first record there; perm NULL: that pass cannot see the
	 * denial at all (a base dontaudit the permissive pass keeps) */
	const char *perm, *tclass, *ttype;
	int err;		/* errno in enforcing mode */
	const char *why;	/* the rule or kernel order that makes it so */
};
/* The facts from a "config_home_t is a valid type" answer and a kernel
 * release string (uname -r). */
unsigned int rn_facts_parse(int fedora_type, const char *release);
/* The running system's facts (libselinux, uname) into *facts: 0, or a
 * negative errno (*facts 0) when the loaded policy cannot be asked or the
 * kernel release cannot be read: never a guess of "refpolicy". */
int rn_facts(unsigned int *facts);
/* "Fedora policy, kernel >= 6.5" etc. */
const char *rn_facts_name(unsigned int facts);
/* The first alternative of @alts (ended by facts 0; NULL: none) whose
 * facts all hold and whose modes hold @mode, or NULL: the row's own
 * expectation applies. */
const struct rn_alt *rn_alt_pick(const struct rn_alt *alts,
				   unsigned int facts, enum rn_mode mode);
/* The alternatives of rustnet_t's udp_socket write (attack and egress
 * rows) and of the attack rows (sc_attack.c) whose first check differs. */
extern const struct rn_alt rn_alt_udp_write[], rn_alt_exec_sh[],
	rn_alt_exec_bin[], rn_alt_ssh[], rn_alt_module[], rn_alt_bpf[],
	rn_alt_pty_sudo[], rn_alt_pty_other[];

/* core_diag.c: the reviewed allow-list of error/warning lines an allowed
 * session may leave on rustnet's stderr (every non-blank line is judged)
 * or in its debug log (WARN and ERROR lines are judged). */
enum rn_diag_src { RN_DIAG_STDERR, RN_DIAG_LOG };
/* what the session is, for entries that hold only in some sessions */
#define RN_DIAG_EBPF_ON	(1u << 0)	/* rustnet_use_ebpf on */
#define RN_DIAG_QUIT_GAP	(1u << 1)	/* r->gap: rustnet's quit deadline */
#define RN_DIAG_DAC_ON		(1u << 2)	/* rustnet_sudo_override_dac on */
#define RN_DIAG_OTHERS_ON	(1u << 3)	/* rustnet_read_other_users on */
/* rustnet ran as root (sudo) and the user's home is not searchable by
 * others (0700: Debian 13's and Fedora's useradd; Debian 12's is 0755) */
#define RN_DIAG_HOME_CLOSED	(1u << 4)
struct rn_diag_ok {
	enum rn_diag_src src;
	const char *pattern;	/* fnmatch(3) on the message (log: the text
				 * after "HH:MM:SS [LEVEL] (tid) target: ") */
	const char *reject;	/* a message holding this (any case) is not
				 * covered, or NULL */
	unsigned int since;	/* first rustnet version, 0: every one */
	unsigned int before;	/* first version it no longer holds for,
				 * 0: none */
	unsigned int needs;	/* RNX_DIAG_* bits the session must have */
	unsigned int unless;	/* RNX_DIAG_* bits that void the entry */
	const char *behaviour;	/* what rustnet does */
	const char *harmless;	/* why it costs the user nothing */
};
extern const struct rn_diag_ok rn_diag_list[];
#define RN_DIAG_NONE		(-1)	/* not a diagnostic line */
#define RN_DIAG_UNLISTED	(-2)	/* a diagnostic on no entry */
/* Index of the entry covering @line, RN_DIAG_NONE or RN_DIAG_UNLISTED.
 * @version as rn_ctx.rustnet_version, @cond RNX_DIAG_* bits. */
int rn_diag_line(const char *line, enum rn_diag_src src,
		  unsigned int version, unsigned int cond);
struct rn_diag_tally {
	size_t listed, unlisted;
	unsigned int seen;	/* bit i: entry i covered a line */
	char first[512];	/* the first unlisted line */
};
/* Judge one line / every line of @text into @t (zeroed by the caller). */
void rn_diag_feed(struct rn_diag_tally *t, const char *line,
		   enum rn_diag_src src, unsigned int version,
		   unsigned int cond);
void rn_diag_text(struct rn_diag_tally *t, const char *text,
		   enum rn_diag_src src, unsigned int version,
		   unsigned int cond);
/* Judge every line of file @path into @t (when not NULL); with @theme,
 * also copy the preset of the first "Using <Preset> color theme" line
 * (rn_config_theme()) there.  0, or a negative errno. */
int rn_diag_file(struct rn_diag_tally *t, const char *path,
		  enum rn_diag_src src, unsigned int version,
		  unsigned int cond, char *theme, size_t tlen);

/* RNX_DIAG_* bits of a session now: RN_DIAG_EBPF_ON, _DAC_ON and
 * _OTHERS_ON from the loaded policy's rustnet_use_ebpf,
 * rustnet_sudo_override_dac and rustnet_read_other_users,
 * RN_DIAG_QUIT_GAP when @quit_gap (r->gap).  RN_DIAG_HOME_CLOSED is the
 * session's to add. */
unsigned int rn_diag_cond(int quit_gap);
/* Note the covered lines of @t; with unlisted ones set r FAIL naming the
 * first ("@what has N error/warning line(s) on no diagnostics allow-list
 * entry, first: ...") and return -1; else 0. */
int rn_diag_fail(struct rn_result *r, const struct rn_diag_tally *t,
		  const char *what);

/* core_rnlog.c: the newest @dir/logs/rustnet_*.log last written at or
 * after @t0 (the -l log of the session started then) into @path; 0, or a
 * negative errno (-ENOENT: none). */
int rn_log_find(const char *dir, time_t t0, char *path, size_t len);

/* core_config.c: the user's config.toml (setup) and the proof that
 * rustnet applied it (capture.session). */
extern const char rn_config_toml[];
#define RN_CONFIG_PRESET	"TokyoNight"	/* rustnet's name of it */
#define RN_CONFIG_BORDER	13	/* lightmagenta, palette index */
#define RN_CONFIG_MIN_CELLS	20	/* rule cells the pane must show */
#define RN_FG_DEFAULT		(-1)
#define RN_FG_RGB(r, g, b)	(0x1000000 | ((int)(r) << 16) | \
				 ((int)(g) << 8) | (int)(b))
/* 1 and the preset's name in @name when @line is rustnet's "Using <Preset>
 * color theme" log line; else 0. */
int rn_config_theme(const char *line, char *name, size_t len);
/* Box-drawing cells (U+2500..U+257F) of a `tmux capture-pane -e` text
 * drawn with foreground @colour (0..255 palette, RN_FG_RGB, or
 * RN_FG_DEFAULT). */
size_t rn_pane_rule_cells(const char *ansi, int colour);
/* 0 when @theme (from the log; NULL or "" when none) is the configured
 * preset and the pane has enough rule cells in the override's colour;
 * else -1 and the reason (naming config.toml) in @why. */
int rn_config_judge(const char *theme, size_t rule_cells, char *why,
		     size_t len);

/* core_alive.c: the capture is alive to the end, from the --json-log. */
#define RN_ALIVE_MINUTES 64
struct rn_alive {
	time_t t0;			/* session start */
	unsigned int secs;		/* session length */
	size_t events;			/* new_connection events */
	time_t last;			/* the latest one's timestamp */
	unsigned int per_min[RN_ALIVE_MINUTES];
};
void rn_alive_init(struct rn_alive *a, time_t t0, unsigned int secs);
/* One line of the JSON log. */
void rn_alive_feed(struct rn_alive *a, const char *line);
/* 0 when a new connection was logged in the last minute of the session
 * (the last third of one shorter than 3 min); else -1 and the reason
 * ("capture not alive ...") in @why. */
int rn_alive_judge(const struct rn_alive *a, char *why, size_t len);
/* "30 29 30 30 28": new connections per minute of the session. */
void rn_alive_minutes(const struct rn_alive *a, char *buf, size_t len);
/* RFC 3339 time (chrono's to_rfc3339) to the epoch; -1 when malformed. */
time_t rn_rfc3339(const char *s);
/* The pane's "Packets Processed: N" counter (overview, rustnet 1.6.0 and
 * 1.7.0) in the plain-text snapshots @snaps, one every RN_SNAPSHOT_S s
 * (sc_allowed.c's session()): 0 when the last value is above the one from
 * the last minute's start (the last third of a session shorter than 3
 * min); else -1 and the reason ("capture not alive ...") in @why.  The
 * values seen (the last RN_ALIVE_SNAPSHOTS) go to @seen. */
#define RN_SNAPSHOT_S		10
#define RN_ALIVE_SNAPSHOTS	128
int rn_alive_packets(const char *snaps, unsigned int secs, char *seen,
		      size_t seenlen, char *why, size_t len);

/* core_denied.c: the reviewed list of rustnet_t denials that stay denied
 * AND audited by design (no dontaudit: it would hide a taken-over rustnet
 * doing the same), seen when a given rustnet does a documented thing the
 * module refuses.  A scenario opts in per entry (rn_result.known_denied);
 * its records then make the row GAP (policy/README.md, "Known denials"). */
struct rn_denied {
	const char *perms;	/* the record's permissions must be a subset */
	const char *tclass;
	const char *ttype;
	const char *comm_prefix;	/* the thread that does it */
	unsigned int since;	/* first rustnet version, as rustnet_version */
	const char *behaviour;	/* what rustnet does */
	const char *cost;	/* what the user loses */
	const char *why;	/* why the module denies it anyway */
};
#define RN_DENIED_DNS_FALLBACK	(1u << 0)
extern const struct rn_denied rn_denied_list[];
/* Index in rn_denied_list of the entry covering @a among the entries in
 * @mask, or -1. */
int rn_denied_find(const struct rn_avc *a, unsigned int mask);
/* "rustnet 1.7.0" -> 10700; 0 when @text names no version. */
unsigned int rn_rustnet_version_parse(const char *text);

/* core_tap.c */
int rn_tap_format(char *buf, size_t len, unsigned int n, const char *mode,
		   const char *id, enum rn_verdict v, const char *reason);

/* core_json.c: a minimal streaming JSON writer with correct escaping. */
#define RN_JSON_DEPTH 16
struct rn_json {
	FILE *f;
	int depth;
	int count[RN_JSON_DEPTH];	/* members written at each level */
	int err;
};
void rn_json_init(struct rn_json *w, FILE *f);
void rn_json_escape(FILE *f, const char *s, size_t len);
void rn_json_obj_begin(struct rn_json *w, const char *key);
void rn_json_obj_end(struct rn_json *w);
void rn_json_arr_begin(struct rn_json *w, const char *key);
void rn_json_arr_end(struct rn_json *w);
void rn_json_str(struct rn_json *w, const char *key, const char *val);
void rn_json_int(struct rn_json *w, const char *key, long long val);
void rn_json_bool(struct rn_json *w, const char *key, int val);
/* Returns 0, or -EIO when a write failed or nesting was unbalanced. */
int rn_json_finish(struct rn_json *w);

/* core_audit.c: the audit window around one scenario. */
struct rn_window {
	struct rn_audit_status before, after;
	time_t start, end;
};
int rn_window_open(struct rn_window *w, char *why, size_t whylen);
/* Write an audit user message naming @tag (auditctl -m) and wait up to
 * 10 s for auditd to write it to the log after the last window's start:
 * everything audited before the call is then in the log.  0, or a
 * negative errno (-ETIMEDOUT: not written) with a reason in @why. */
int rn_audit_mark(const char *tag, char *why, size_t whylen);
/* Closes the window, waits for auditd to write a marker (<= 10 s), extracts
 * the records of the window into r->avcs and the ausearch excerpt into
 * *ausearch.  Returns 0, or a negative errno with a reason in @why. */
int rn_window_close(struct rn_window *w, const char *tag,
		     struct rn_result *r, char **ausearch, char *why,
		     size_t whylen);

/* core_winstate.c: <out>/window, "open|closed MODE/ID UNIXTIME\n",
 * replaced atomically (fault-selftest.sh waits for it).  0 or a negative
 * errno. */
#define RN_WINSTATE_FILE "window"
int rn_winstate_format(char *buf, size_t len, int open, const char *mode,
			const char *id, time_t t);
int rn_winstate_write(const char *outdir, int open, const char *mode,
		       const char *id);
/* Remove it (a run starts with no window); absent is fine. */
int rn_winstate_clear(const char *outdir);

/* core_mode.c */
int rn_mode_permissive_state(int *permissive, char *why, size_t whylen);
int rn_mode_enter(enum rn_mode mode, struct rn_result *r);
int rn_mode_check(enum rn_mode mode, char *why, size_t whylen);
int rn_dontaudit_set(int off, struct rn_result *r);
/* --reuse-setup only: 1 when the loaded policy is one semodule -DB loaded
 * in this boot (its hash listed; @r, when not NULL, gets the evidence):
 * dontaudit is then off and inherited (left off at the end); else 0. */
int rn_dontaudit_found_off(struct rn_result *r, char *info, size_t infolen);
/* 1 when this run leaves dontaudit disabled at its end: inherited, or
 * --keep-dontaudit-off. */
int rn_dontaudit_left_off(void);
extern int rn_dontaudit_inherited;
/* main.c: --keep-dontaudit-off, for a caller that restores it itself */
extern int rn_opt_keep_dontaudit_off;
void rn_cleanup_register(const char *bundle);
void rn_cleanup_run(void);
extern int rn_dontaudit_is_off;

/* core_canary.c */
int rn_canary_prepare(struct rn_result *r);
int rn_canary(const struct rn_ctx *ctx, struct rn_result *r);
/* 1 when every canary record is in r->avcs; the reason in @why. */
int rn_canary_verify(struct rn_result *r, char *why, size_t whylen);

/* core_shipped.c: the allowed windows judge the shipped domain.  The
 * first check of a run builds the reference (the rustnet_t rules of a
 * policy built from a copy of the store without the test modules); each
 * check compares the loaded policy's rustnet_t rules with it (ERROR on a
 * difference or without a reference) and stores the module list
 * (semodule -lfull, rustnet and rnx_ lines) in *modules when that is still
 * NULL.  Sets r's verdict and returns 0. */
int rn_shipped_check(const char *bundle, const char *outdir,
		      const char *tag, struct rn_result *r, char **modules);

/* core_polhash.c: the loaded policy's identity (SHA-256 of the policy
 * the kernel enforces) and lists of policies already proven to have a
 * property, one "HEX INFO" line each: a window whose loaded policy has a
 * listed hash needs no new query (the same bytes, the same rules). */
#define RN_SHA256_HEX		64
#define RN_LOADED_POLICY	"/sys/fs/selinux/policy"
/* The digest at the start of sha256sum's output: 0, or -EINVAL. */
int rn_sha256_parse(const char *out, char hex[RN_SHA256_HEX + 1]);
/* sha256sum of the loaded policy, recorded in r's evidence: 0 or a
 * negative errno. */
int rn_polhash_loaded(struct rn_result *r, char hex[RN_SHA256_HEX + 1]);
/* 1 when @hex is listed in @path (its INFO copied to @info), 0 when not
 * or the list does not exist, a negative errno when it cannot be read. */
int rn_hashlist_find(const char *path, const char *hex, char *info,
		      size_t infolen);
/* Append "HEX INFO": 0 or a negative errno. */
int rn_hashlist_add(const char *path, const char *hex, const char *info);
/* The current UTC time as 2026-01-31T12:00:00Z ("?" if unknown). */
void rn_utc_stamp(char *buf, size_t len);

/* core_meta.c: run metadata for results.json. */
struct rn_meta {
	time_t start, end;
	char *hostname, *kernel, *distro, *sestatus, *modules, *modules_full;
	char *packages, *rustnet_version, *policy_build;
	char *policy_tree, *commit;	/* from the bundle, when present */
	char *argv;
	/* the guest profile rnlab booted (RNX_PROFILE, vm/lib/profile.c's
	 * name); NULL when the run was not told one */
	char *profile;
	unsigned int duration;
	/* capture.session's length in the permissive pass */
	unsigned int permissive_duration;
};
void rn_meta_collect(struct rn_meta *m, const char *bundle);
/* The profile name in @env (RNX_PROFILE's value, may be NULL): 0 when it
 * is one (1..64 of [A-Za-z0-9._-]), -ENOENT when unset or empty, -EINVAL
 * when it is something else. */
int rn_profile_check(const char *env);
/* Late fields (module list, policy build output) after setup ran. */
void rn_meta_collect_late(struct rn_meta *m);
void rn_meta_free(struct rn_meta *m);
/* The setup scenario stores the policy build output here. */
extern char *rn_policy_build_output;

/* core_results.c */
struct rn_record {
	const struct rn_scenario *sc;
	enum rn_mode mode;
	int dontaudit_off;	/* the window ran under semodule -DB */
	struct rn_result r;
	char *ausearch;
};
struct rn_audit_summary {
	struct rn_audit_status before, after;
	int have_before, have_after;
	int canary[2];		/* per mode: 1 found, 0 not, -1 not run */
	int dontaudit_pass;	/* a pass ran with semodule -DB */
	char *allowed_modules;	/* module list of the allowed windows */
};
/* core_verdict.c: run-wide accounting.  Every rustnet_t record of @all
 * must be in the window of one of @recs that expected it (ALLOWED and GAP
 * windows judge theirs, pass.canary provokes its own, an ATTACK window
 * expects exactly its expectation and, in the permissive pass, the later
 * denials of the process that caused it).  Calls @report (may be NULL) for each
 * other record with the id of the window it fell in, or "outside every
 * scenario window"; returns their number. */
size_t rn_unaccounted(const struct rn_avc_list *all,
		       const struct rn_record *recs, size_t n,
		       void (*report)(const struct rn_avc *a, const char *why,
				      void *arg),
		       void *arg);

int rn_results_write(const char *path, const struct rn_meta *m,
		      const struct rn_record *recs, size_t n,
		      const struct rn_audit_summary *a);

/* core_pcap.c: offline capture validation with libpcap. */
struct rn_flow {
	int proto;		/* IPPROTO_TCP / IPPROTO_UDP */
	unsigned int addr;	/* IPv4, host byte order */
	unsigned short port;
	unsigned long hits;	/* filled by the check */
};
struct rn_pcap_stats {
	int linktype;
	unsigned long packets;
	unsigned long ipv4;
	unsigned long undecoded;
};
int rn_flow_parse(const char *spec, int proto, struct rn_flow *f);
int rn_pcap_check(const char *path, struct rn_flow *flows, size_t nflows,
		   struct rn_pcap_stats *st, char *why, size_t whylen);
/* Decode one frame; returns 1 and fills the tuple for IPv4 TCP/UDP, 0 for
 * other packets, -1 when the frame is truncated. */
struct rn_tuple {
	int proto;
	unsigned int saddr, daddr;
	unsigned short sport, dport;
};
int rn_pcap_decode(int linktype, const unsigned char *p, size_t caplen,
		    struct rn_tuple *t);

#endif /* RN_CORE_H */
