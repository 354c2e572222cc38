// SPDX-License-Identifier: MIT
/*
 * rnx-avc - print the SELinux records of an audit log in normalised form
 * and optionally assert on them.
 *
 * Exit: 0 ok / assertion holds, 1 assertion fails, 2 usage,
 *       3 malformed input or I/O error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rnx_audit.h"

#define EXIT_ASSERT 1
#define EXIT_USAGE 2
#define EXIT_INPUT 3

struct opts {
	time_t since, until;
	int lenient;
	const char *subject;
	int have_expect;
	struct rn_expect expect;
	char expect_buf[256];
	const char *file;	/* NULL: the system's logs (--logs) */
	int logs;
};

static void usage(FILE *f)
{
	fprintf(f,
		"usage: rnx-avc [--since EPOCH] [--until EPOCH] [--lenient]\n"
		"               [--subject TYPE] [--expect PERM,CLASS,TTYPE,PERMISSIVE[,STYPE]]\n"
		"               FILE|-|--logs\n"
		"Print AVC/USER_AVC/SELINUX_ERR records of FILE (- = stdin, --logs = the\n"
		"system's audit logs as auparse finds them), one per line.\n"
		"--subject TYPE  assert no record has source type TYPE\n"
		"--expect ...    assert at least one denial matches; empty field = any,\n"
		"                PERMISSIVE is 0, 1 or empty\n"
		"exit: 0 ok, 1 assertion failed, 2 usage, 3 malformed input or I/O error\n");
}

static int parse_epoch(const char *s, time_t *out)
{
	char *end;
	long long v;

	if (!*s || *s == '-' || *s == '+')
		return -EINVAL;
	errno = 0;
	v = strtoll(s, &end, 10);
	if (errno || *end)
		return -EINVAL;
	*out = (time_t)v;
	return 0;
}

/* "perm,class,ttype,permissive[,stype]" into o->expect. */
static int parse_expect(struct opts *o, const char *arg)
{
	char *f[5] = { NULL };
	char *p;
	size_t n = 0;

	if (strlen(arg) >= sizeof(o->expect_buf))
		return -EINVAL;
	strcpy(o->expect_buf, arg);
	p = o->expect_buf;
	for (;;) {
		if (n == 5)
			return -EINVAL;
		f[n++] = p;
		p = strchr(p, ',');
		if (!p)
			break;
		*p++ = '\0';
	}
	if (n < 4)
		return -EINVAL;
	memset(&o->expect, 0, sizeof(o->expect));
	o->expect.perm = f[0];
	o->expect.tclass = f[1];
	o->expect.ttype = f[2];
	if (!f[3][0])
		o->expect.permissive = -1;
	else if (!strcmp(f[3], "0") || !strcmp(f[3], "1"))
		o->expect.permissive = f[3][0] - '0';
	else
		return -EINVAL;
	o->expect.stype = n == 5 ? f[4] : NULL;
	o->expect.pid = -1;
	o->expect.comm = NULL;
	o->have_expect = 1;
	return 0;
}

static int parse_args(int argc, char **argv, struct opts *o)
{
	static const struct option lopts[] = {
		{ "since", required_argument, NULL, 's' },
		{ "until", required_argument, NULL, 'u' },
		{ "lenient", no_argument, NULL, 'l' },
		{ "subject", required_argument, NULL, 'S' },
		{ "expect", required_argument, NULL, 'e' },
		{ "logs", no_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "", lopts, NULL)) != -1) {
		switch (c) {
		case 's':
		case 'u':
			if (parse_epoch(optarg, c == 's' ? &o->since :
							   &o->until) < 0) {
				fprintf(stderr, "rnx-avc: bad epoch '%s'\n",
					optarg);
				return -EINVAL;
			}
			break;
		case 'l':
			o->lenient = 1;
			break;
		case 'L':
			o->logs = 1;
			break;
		case 'S':
			if (!*optarg) {
				fprintf(stderr, "rnx-avc: empty --subject\n");
				return -EINVAL;
			}
			o->subject = optarg;
			break;
		case 'e':
			if (parse_expect(o, optarg) < 0) {
				fprintf(stderr, "rnx-avc: bad --expect '%s'\n",
					optarg);
				return -EINVAL;
			}
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			return -EINVAL;
		}
	}
	if (optind != argc - !o->logs) {
		fprintf(stderr, "rnx-avc: need exactly one FILE, - or --logs\n");
		return -EINVAL;
	}
	if (o->until && o->until < o->since) {
		fprintf(stderr, "rnx-avc: --until is before --since\n");
		return -EINVAL;
	}
	o->file = o->logs ? NULL : argv[optind];
	return 0;
}

/* What the walk keeps: the output lines (spooled, printed only when the
 * whole log passed) and the assertion counts. */
struct walk {
	const struct opts *o;
	FILE *spool;
	size_t n, subject, matched;
};

static int on_record(void *ctx, const struct rn_avc *a)
{
	struct rn_avc_list one = { .v = (struct rn_avc *)a, .n = 1, .cap = 1 };
	struct walk *w = ctx;
	char line[2048];

	if (rn_avc_format(a, line, sizeof(line)) < 0) {
		fprintf(stderr, "rnx-avc: record %zu does not format\n", w->n);
		return -ENOSPC;
	}
	w->n++;
	if (fprintf(w->spool, "audit(%lld.%03u:%llu) %s\n", (long long)a->sec,
		    a->msec, (unsigned long long)a->serial, line) < 0)
		return -EIO;
	if (w->o->subject)
		w->subject += rn_avc_count_subject(&one, w->o->subject);
	if (w->o->have_expect)
		w->matched += rn_avc_count_match(&one, &w->o->expect);
	return 0;
}

/* Copy the spooled lines to stdout. */
static int print_spool(FILE *spool)
{
	char buf[65536];
	size_t n;

	if (fflush(spool) != 0 || fseek(spool, 0, SEEK_SET) != 0)
		return -EIO;
	while ((n = fread(buf, 1, sizeof(buf), spool)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			return -EIO;
	return ferror(spool) ? -EIO : 0;
}

static int check_assertions(const struct opts *o, const struct walk *w)
{
	int ok = 1;

	if (o->subject) {
		printf("subject %s: %zu record(s), expected 0: %s\n",
		       o->subject, w->subject, w->subject ? "FAIL" : "ok");
		ok &= w->subject == 0;
	}
	if (o->have_expect) {
		printf("expect %s,%s,%s,%d,%s: %zu match(es), expected >= 1: %s\n",
		       o->expect.perm, o->expect.tclass, o->expect.ttype,
		       o->expect.permissive,
		       o->expect.stype ? o->expect.stype : "", w->matched,
		       w->matched ? "ok" : "FAIL");
		ok &= w->matched > 0;
	}
	return ok ? 0 : EXIT_ASSERT;
}

int main(int argc, char **argv)
{
	struct opts o = { 0 };
	struct walk w = { .o = &o };
	const char *name, *path;
	size_t bad = 0;
	int rc, ret = EXIT_INPUT;

	if (parse_args(argc, argv, &o) < 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	name = o.file ? o.file : "system logs";
	path = o.file && !strcmp(o.file, "-") ? "/dev/stdin" : o.file;
	/* records wait in an unlinked file, not in memory, until the whole
	 * log has passed */
	w.spool = tmpfile();
	if (!w.spool) {
		fprintf(stderr, "rnx-avc: temporary file: %s\n",
			strerror(errno));
		goto cleanup;
	}
	rc = rn_avc_extract_each(path, o.since, o.until, o.lenient,
				  on_record, &w, &bad);
	if (rc == -EINVAL) {
		fprintf(stderr,
			"rnx-avc: %s: malformed audit input (--lenient skips it)\n",
			name);
		goto cleanup;
	}
	if (rc < 0) {
		fprintf(stderr, "rnx-avc: %s: %s\n", name, strerror(-rc));
		goto cleanup;
	}
	if (bad)
		fprintf(stderr, "rnx-avc: %s: skipped %zu malformed line(s)/record(s)\n",
			name, bad);
	if (print_spool(w.spool) < 0) {
		fprintf(stderr, "rnx-avc: temporary file: read error\n");
		goto cleanup;
	}
	ret = check_assertions(&o, &w);
	if (fflush(stdout) != 0) {
		fprintf(stderr, "rnx-avc: writing stdout: %s\n",
			strerror(errno));
		ret = EXIT_INPUT;
	}
cleanup:
	if (w.spool)
		fclose(w.spool);
	return ret;
}
