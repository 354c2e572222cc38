// SPDX-License-Identifier: MIT
/*
 * The profile table as host scripts read it (rn_profile_print(): rnlab
 * profiles, make -C vm profiles) and the per-profile facts they act on.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "profile.h"

/* rn_profile_print() into a string the caller frees. */
static char *print_table(void)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(rn_profile_print(f), 0);
	assert_int_equal(fclose(f), 0);
	assert_non_null(text);
	return text;
}

/* Every row, in table order, as NAME<TAB>IMAGE<TAB>SUMMARY; nothing else. */
static void test_print_lists_the_table(void **state)
{
	const struct rn_profile *p;
	char *text = print_table();
	char *line, *next, *name, *image, *summary;
	unsigned int i = 0;

	(void)state;
	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		assert_non_null(next);
		*next++ = '\0';
		p = rn_profile_at(i++);
		assert_non_null(p);
		name = line;
		image = strchr(name, '\t');
		assert_non_null(image);
		*image++ = '\0';
		summary = strchr(image, '\t');
		assert_non_null(summary);
		*summary++ = '\0';
		assert_null(strchr(summary, '\t'));
		assert_string_equal(name, p->name);
		assert_string_equal(image, rn_profile_image_key(p));
		assert_string_equal(summary, p->summary);
	}
	assert_true(i > 0);
	assert_null(rn_profile_at(i));
	free(text);
}

/*
 * The IMAGE words scripts/e2e.sh and build-image.sh switch on, and the
 * facts behind them: a Fedora Cloud image is exactly a firmware boot
 * (rnlab takes --image for those), every other profile has a recipe.
 */
static void test_image_kinds(void **state)
{
	const struct rn_profile *p;
	char buf[256];
	unsigned int i;

	(void)state;
	for (i = 0; (p = rn_profile_at(i)); i++) {
		const char *k = rn_profile_image_key(p);

		assert_true(!strcmp(k, "build-image") ||
			    !strcmp(k, "fedora-policy-image") ||
			    !strcmp(k, "fedora-image"));
		assert_int_equal(p->image == RN_IMAGE_FEDORA,
				 p->boot == RN_BOOT_FIRMWARE);
		assert_int_equal(rn_profile_recipe(p, buf, sizeof(buf)),
				 p->image == RN_IMAGE_FEDORA ? -1 : 0);
	}
	assert_string_equal(rn_profile_image_key(rn_profile_find("debian12")),
			    "build-image");
	assert_string_equal(rn_profile_image_key(rn_profile_find("fedora42")),
			    "fedora-image");
	assert_string_equal(
		rn_profile_image_key(rn_profile_find("debian13-fedora-policy")),
		"fedora-policy-image");
}

/* The command rnlab names when --image-dir is missing. */
static void test_recipe(void **state)
{
	char buf[64];

	(void)state;
	assert_int_equal(rn_profile_recipe(rn_profile_find("debian13"), buf,
					   sizeof(buf)), 0);
	assert_string_equal(buf, "vm/images/build-image.sh debian13");
	assert_int_equal(rn_profile_recipe(rn_profile_find("fedora42"), buf,
					   sizeof(buf)), -1);
	/* a buffer too small is an error, never a cut command */
	assert_int_equal(rn_profile_recipe(rn_profile_find("debian13"), buf,
					   10), -1);
}

/* A stream that cannot be written is reported, not ignored. */
static void test_print_error(void **state)
{
	FILE *f = fopen("/dev/full", "w");

	(void)state;
	if (!f)
		skip();
	assert_int_equal(rn_profile_print(f), -1);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_print_lists_the_table),
		cmocka_unit_test(test_image_kinds),
		cmocka_unit_test(test_recipe),
		cmocka_unit_test(test_print_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
