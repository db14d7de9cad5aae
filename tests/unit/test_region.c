/* test_region.c - the home region: config, AWS_REGION, AWS_DEFAULT_REGION, the profile, us-east-1, in that order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/env.h"
#include "providers/aws/region.h"

static const char *const *current;

static const char *
table_get(void *ctx, const char *name)
{
	(void)ctx;
	for (size_t i = 0; current != NULL && current[i] != NULL; i += 2)
		if (strcmp(current[i], name) == 0)
			return current[i + 1];
	return NULL;
}

static const char profiles[] =
    "[default]\n"
    "region = ap-northeast-1\n"
    "[profile dev]\n"
    "region = eu-central-1\n"
    "[profile keys-only]\n"
    "output = json\n"
    "[dev]\n"
    "region = sa-east-1\n";   /* not "profile dev": the config file ignores it */

/* A config file in a temp dir; the tests' env tables name it as @CONF@. */
static char conf_path[128];
static char home_dir[64];

static int
setup(void **state)
{
	FILE *f;

	(void)state;
	snprintf(home_dir, sizeof(home_dir), "/tmp/lat-region-XXXXXX");
	if (mkdtemp(home_dir) == NULL)
		return -1;
	snprintf(conf_path, sizeof(conf_path), "%s/config", home_dir);
	if ((f = fopen(conf_path, "w")) == NULL)
		return -1;
	fputs(profiles, f);
	return fclose(f);
}

static int
teardown(void **state)
{
	(void)state;
	unlink(conf_path);
	return rmdir(home_dir);
}

struct rcase {
	const char *configured;
	const char *env[10];      /* name, value, ...; "@CONF@" stands for the temp config file */
	const char *region;
	const char *source;       /* a substring of the source the start line names */
};

static void
test_order(void **state)
{
	static const struct rcase cases[] = {
		{ "eu-north-1", { "AWS_REGION", "eu-west-1", "AWS_CONFIG_FILE", "@CONF@" }, "eu-north-1",
		  "aws.region in the configuration" },
		{ NULL, { "AWS_REGION", "eu-west-1", "AWS_DEFAULT_REGION", "eu-west-2", "AWS_CONFIG_FILE", "@CONF@" },
		  "eu-west-1", "AWS_REGION" },
		{ NULL, { "AWS_DEFAULT_REGION", "eu-west-2", "AWS_CONFIG_FILE", "@CONF@" }, "eu-west-2",
		  "AWS_DEFAULT_REGION" },
		{ NULL, { "AWS_REGION", "", "AWS_DEFAULT_REGION", "eu-west-2" }, "eu-west-2",
		  "AWS_DEFAULT_REGION" },     /* empty is unset, as in the SDKs */
		{ NULL, { "AWS_CONFIG_FILE", "@CONF@" }, "ap-northeast-1", "profile default in /tmp/lat-region-" },
		{ NULL, { "AWS_CONFIG_FILE", "@CONF@", "AWS_PROFILE", "dev" }, "eu-central-1", "profile dev in " },
		{ NULL, { "AWS_CONFIG_FILE", "@CONF@", "AWS_PROFILE", "keys-only" }, "us-east-1", "the default" },
		{ NULL, { "AWS_CONFIG_FILE", "/nonexistent/aws-config" }, "us-east-1", "the default" },
		{ NULL, { "HOME", "@HOME@" }, "us-east-1", "the default" },   /* no ~/.aws/config there */
		{ NULL, { NULL }, "us-east-1", "the default" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *env[10] = { 0 };
		struct lat_env e = { table_get, NULL };
		struct lat_region r;
		struct lat_diag d = { 0 };

		for (size_t j = 0; j < 10 && cases[i].env[j] != NULL; j++)
			env[j] = strcmp(cases[i].env[j], "@CONF@") == 0 ? conf_path :
			    strcmp(cases[i].env[j], "@HOME@") == 0 ? home_dir : cases[i].env[j];
		current = env;
		if (lat_region_resolve(cases[i].configured, &e, &r, &d) != 0)
			fail_msg("case %zu: %s", i, lat_diag_msg(&d));
		if (strcmp(r.name, cases[i].region) != 0 || strstr(r.source, cases[i].source) == NULL)
			fail_msg("case %zu: got %s from \"%s\", want %s from \"%s\"", i, r.name, r.source,
			    cases[i].region, cases[i].source);
		lat_region_cleanup(&r);
		lat_diag_cleanup(&d);
	}
}

/* A bad value is an error that names where it was found, never a silent fall-through. */
static void
test_bad_values_are_named(void **state)
{
	static const char *const bad_env[] = { "AWS_REGION", "EU West 1", NULL };
	static const char *const bad_default[] = { "AWS_DEFAULT_REGION", "eu_west_1", NULL };
	const char *bad_profile[] = { "AWS_CONFIG_FILE", NULL, NULL };
	struct lat_env e = { table_get, NULL };
	struct lat_region r;
	struct lat_diag d = { 0 };
	char path[128];
	FILE *f;

	(void)state;
	current = bad_env;
	assert_int_equal(lat_region_resolve(NULL, &e, &r, &d), LAT_EINVAL);
	assert_string_equal(lat_diag_msg(&d), "AWS_REGION \"EU West 1\" is not a region name like eu-west-1; "
	    "correct it, unset it, or set aws.region in the configuration");
	assert_null(r.name);
	lat_diag_cleanup(&d);

	current = bad_default;
	assert_int_equal(lat_region_resolve(NULL, &e, &r, &d), LAT_EINVAL);
	assert_non_null(strstr(lat_diag_msg(&d), "AWS_DEFAULT_REGION \"eu_west_1\""));
	lat_diag_cleanup(&d);

	snprintf(path, sizeof(path), "%s/bad", home_dir);
	assert_non_null(f = fopen(path, "w"));
	fputs("[default]\nregion = Frankfurt\n", f);
	assert_int_equal(fclose(f), 0);
	bad_profile[1] = path;
	current = bad_profile;
	assert_int_equal(lat_region_resolve(NULL, &e, &r, &d), LAT_EINVAL);
	assert_non_null(strstr(lat_diag_msg(&d), "/bad: profile default: region \"Frankfurt\" is not a region name"));
	lat_diag_cleanup(&d);
	unlink(path);
}

static void
test_valid_names(void **state)
{
	static const char *const ok[] = { "us-east-1", "eu-west-1", "ap-southeast-2", "us-gov-west-1",
		"cn-northwest-1", "il-central-1", "us-isob-east-1", NULL };
	static const char *const no[] = { "", "us-east", "US-EAST-1", "us_east_1", "useast1", "us-east-1 ",
		"-us-east-1", "abc-west-1", "eu-west-1a", NULL };

	(void)state;
	for (size_t i = 0; ok[i] != NULL; i++)
		if (!lat_region_valid(ok[i]))
			fail_msg("%s should be a region name", ok[i]);
	for (size_t i = 0; no[i] != NULL; i++)
		if (lat_region_valid(no[i]))
			fail_msg("\"%s\" should not be a region name", no[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_bad_values_are_named),
		cmocka_unit_test(test_valid_names),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
