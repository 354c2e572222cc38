// SPDX-License-Identifier: MIT
/* The guest's serial console log. */
#include "console.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"

int rn_console_tail(const char *path, unsigned int n, FILE *f)
{
	size_t len, i, start = 0;
	unsigned int lines = 0;
	char *data;

	if (rn_read_file(path, &data, &len) < 0) {
		fprintf(f, "rnlab: (no console log at %s)\n", path);
		return -1;
	}
	/* Skip a trailing newline, then find the n-th newline from the end. */
	i = len;
	if (i && data[i - 1] == '\n')
		i--;
	while (i > 0) {
		if (data[i - 1] == '\n' && ++lines == n) {
			start = i;
			break;
		}
		i--;
	}
	fprintf(f, "rnlab: ---- last %u lines of the console (%s) ----\n", n,
		path);
	for (i = start; i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f))
			fputc(c, f);
	}
	if (len && data[len - 1] != '\n')
		fputc('\n', f);
	fprintf(f, "rnlab: ---- end of console ----\n");
	free(data);
	return 0;
}

bool rn_console_silent(const char *path)
{
	struct stat st;

	return stat(path, &st) < 0 || st.st_size == 0;
}

bool rn_console_panic_line(const char *path, char *line, size_t n)
{
	char *data;
	const char *p;
	size_t len, i;

	rn_read_file(path, &data, NULL);
	p = data ? strstr(data, "Kernel panic") : NULL;
	if (p && line && n) {
		len = strcspn(p, "\r\n");
		if (len >= n)
			len = n - 1;
		for (i = 0; i < len; i++)
			line[i] = (unsigned char)p[i] < 0x20 ? ' ' : p[i];
		line[len] = '\0';
	}
	free(data);
	return p != NULL;
}

bool rn_console_panicked(const char *path)
{
	return rn_console_panic_line(path, NULL, 0);
}
