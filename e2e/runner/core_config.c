// SPDX-License-Identifier: MIT
/*
 * core_config.c - the user's config.toml the setup writes, and the proof
 * from rustnet's own output that it was applied.
 *
 * rustnet 1.6.0 and 1.7.0 read the same two settings from
 * ~/.config/rustnet/config.toml: [theme] name and [theme.overrides] (1.7.0
 * adds [ui] and [view], which 1.6.0 ignores).  A config that is not read
 * (a denial, even a silent dontaudit) leaves rustnet on its defaults with
 * no AVC, so the capture session checks both effects:
 *   - the debug log's "Using <Preset> color theme" names the configured
 *     preset (TokyoNight), not the default Muted;
 *   - the pane draws its rules (box-drawing "─" of the tab strip and the
 *     section separators, in the theme's border colour) in the override's
 *     ANSI colour, light magenta (palette index 13), where every preset's
 *     border is dark grey (8).  An ANSI-name override is emitted as the
 *     palette colour on any terminal, truecolor or not.
 */
#include <stdio.h>
#include <string.h>

#include "core.h"

/* No single quote: sc_setup.c passes it to the shell in single quotes. */
const char rn_config_toml[] =
	"[theme]\n"
	"name = \"tokyo-night\"\n"
	"\n"
	"[theme.overrides]\n"
	"border = \"lightmagenta\"\n";

#define THEME_PRE	"Using "
#define THEME_POST	" color theme"

int rn_config_theme(const char *line, char *name, size_t len)
{
	const char *p = line ? strstr(line, THEME_PRE) : NULL;
	const char *e;

	for (; p; p = strstr(p + 1, THEME_PRE)) {
		e = strstr(p, THEME_POST);
		if (!e)
			return 0;
		p += strlen(THEME_PRE);
		if (e > p && (size_t)(e - p) == strcspn(p, " \r\n")) {
			snprintf(name, len, "%.*s", (int)(e - p), p);
			return 1;
		}
	}
	return 0;
}

/* Apply one SGR parameter list (between "ESC[" and "m") to *fg. */
static void sgr(const char *p, const char *end, int *fg)
{
	long v[32];
	int n = 0, i;

	while (p <= end && n < (int)(sizeof(v) / sizeof(v[0]))) {
		v[n] = 0;
		while (p < end && *p >= '0' && *p <= '9')
			v[n] = v[n] * 10 + (*p++ - '0');
		n++;
		if (p >= end)
			break;
		p++;	/* ';' or ':' */
	}
	for (i = 0; i < n; i++) {
		if (v[i] == 0 || v[i] == 39)
			*fg = RN_FG_DEFAULT;
		else if (v[i] >= 30 && v[i] <= 37)
			*fg = (int)v[i] - 30;
		else if (v[i] >= 90 && v[i] <= 97)
			*fg = (int)v[i] - 90 + 8;
		else if ((v[i] == 38 || v[i] == 48) && i + 2 < n &&
			 v[i + 1] == 5) {
			if (v[i] == 38)
				*fg = (int)(v[i + 2] & 0xff);
			i += 2;
		} else if ((v[i] == 38 || v[i] == 48) && i + 4 < n &&
			   v[i + 1] == 2) {
			if (v[i] == 38)
				*fg = RN_FG_RGB((v[i + 2] & 0xff),
						 (v[i + 3] & 0xff),
						 (v[i + 4] & 0xff));
			i += 4;
		}
	}
}

size_t rn_pane_rule_cells(const char *ansi, int colour)
{
	const unsigned char *p = (const unsigned char *)ansi;
	const unsigned char *q;
	unsigned int cp;
	int fg = RN_FG_DEFAULT;
	size_t n = 0;

	if (!p)
		return 0;
	while (*p) {
		if (p[0] == 0x1b && p[1] == '[') {
			/* CSI: parameters, then a final byte 0x40..0x7e */
			q = p + 2;
			while (*q && (*q < 0x40 || *q > 0x7e))
				q++;
			if (!*q)
				break;
			if (*q == 'm')
				sgr((const char *)p + 2, (const char *)q, &fg);
			p = q + 1;
			continue;
		}
		if (p[0] == 0x1b && p[1] == ']') {
			/* OSC (hyperlinks): up to BEL or ESC \ */
			q = p + 2;
			while (*q && *q != 0x07 && !(q[0] == 0x1b && q[1] == '\\'))
				q++;
			p = !*q ? q : q + (*q == 0x07 ? 1 : 2);
			continue;
		}
		/* box drawing U+2500..U+257F: E2 94 80 .. E2 95 BF */
		if (p[0] == 0xe2 && (p[1] == 0x94 || p[1] == 0x95) &&
		    (p[2] & 0xc0) == 0x80) {
			cp = ((p[0] & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) |
			     (p[2] & 0x3fu);
			if (cp >= 0x2500 && cp <= 0x257f && fg == colour)
				n++;
			p += 3;
			continue;
		}
		p++;
	}
	return n;
}

int rn_config_judge(const char *theme, size_t rule_cells, char *why,
		     size_t len)
{
	if (!theme || !theme[0]) {
		snprintf(why, len,
			 "config.toml not shown to be applied: the debug log has no \"Using <theme> color theme\" line");
		return -1;
	}
	if (strcmp(theme, RN_CONFIG_PRESET)) {
		snprintf(why, len,
			 "config.toml not applied: the debug log says \"Using %s color theme\", the config names tokyo-night (%s)",
			 theme, RN_CONFIG_PRESET);
		return -1;
	}
	if (rule_cells < RN_CONFIG_MIN_CELLS) {
		snprintf(why, len,
			 "config.toml not applied: the pane draws %zu rule cells in the config's border colour (lightmagenta, palette 13), at least %d expected",
			 rule_cells, RN_CONFIG_MIN_CELLS);
		return -1;
	}
	return 0;
}
