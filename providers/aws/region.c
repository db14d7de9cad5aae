/* region.c - the home region: config, AWS_REGION, AWS_DEFAULT_REGION, the profile's region, us-east-1. */
#include "providers/aws/region.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "common/buf.h"

void
lat_region_cleanup(struct lat_region *r)
{
	free(r->name);
	free(r->source);
	memset(r, 0, sizeof(*r));
}

/* The config schema's pattern for a region (schemas/config.schema.json, $defs.region), so the
 * config file, the environment and the profile are held to one rule. */
int
lat_region_valid(const char *s)
{
	regex_t re;
	int ok;

	if (regcomp(&re, "^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]+$", REG_EXTENDED | REG_NOSUB) != 0)
		return 0;
	ok = regexec(&re, s, 0, NULL, 0) == 0;
	regfree(&re);
	return ok;
}

/* The profile section being looked for, and what it held. */
struct want {
	const char *profile;
	char *region;
};

/* In the config file a profile is "[profile NAME]", except the default, which may be "[default]". */
static int
section_is(const char *section, const char *profile)
{
	if (strcmp(profile, "default") == 0 && strcmp(section, "default") == 0)
		return 1;
	return strncmp(section, "profile ", 8) == 0 && strcmp(section + 8, profile) == 0;
}

static int
on_ini(void *user, const char *section, const char *name, const char *value)
{
	struct want *w = user;

	if (section_is(section, w->profile) && strcmp(name, "region") == 0 && w->region == NULL)
		w->region = strdup(value);
	return 1;
}

static int
set(struct lat_region *out, const char *name, const char *source, struct lat_diag *d)
{
	out->name = strdup(name);
	out->source = strdup(source);
	if (out->name == NULL || out->source == NULL) {
		lat_region_cleanup(out);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	return 0;
}

/* The profile's region; *found stays 0 when the file or the key is absent. */
static int
from_profile(const struct lat_env *env, struct lat_region *out, int *found, struct lat_diag *d)
{
	const char *conf = lat_env_get(env, "AWS_CONFIG_FILE");
	const char *home = lat_env_get(env, "HOME");
	const char *prof = lat_env_get(env, "AWS_PROFILE");
	struct want w = { .profile = prof ? prof : "default" };
	struct lat_buf path = { 0 }, src = { 0 };
	int rc = 0, r;

	*found = 0;
	if (conf == NULL && home == NULL)
		return 0;
	lat_buf_init(&path, 4096);
	lat_buf_init(&src, 4096);
	lat_buf_addf(&path, "%s%s", conf ? conf : home, conf ? "" : "/.aws/config");
	r = lat_buf_status(&path) == 0 ? ini_parse(lat_buf_str(&path), on_ini, &w) : -2;
	if (r > 0)
		rc = lat_diag_set(d, LAT_EPARSE, "%s:%d: not an AWS config file line", lat_buf_str(&path), r);
	else if (r == -2)
		rc = lat_diag_set(d, LAT_ENOMEM, "out of memory");
	else if (w.region != NULL && !lat_region_valid(w.region))
		rc = lat_diag_set(d, LAT_EINVAL, "%s: profile %s: region \"%s\" is not a region name like "
		    "eu-west-1; correct it or set AWS_REGION", lat_buf_str(&path), w.profile, w.region);
	else if (w.region != NULL) {
		lat_buf_addf(&src, "profile %s in %s", w.profile, lat_buf_str(&path));
		rc = lat_buf_status(&src) == 0 ? set(out, w.region, lat_buf_str(&src), d) :
		    lat_diag_set(d, LAT_ENOMEM, "out of memory");
		*found = rc == 0;
	}
	free(w.region);
	lat_buf_cleanup(&path);
	lat_buf_cleanup(&src);
	return rc;
}

int
lat_region_resolve(const char *configured, const struct lat_env *env, struct lat_region *out,
    struct lat_diag *d)
{
	static const char *const vars[] = { "AWS_REGION", "AWS_DEFAULT_REGION" };
	int found = 0, rc;

	memset(out, 0, sizeof(*out));
	if (configured != NULL)
		return set(out, configured, "aws.region in the configuration", d);
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++) {
		const char *v = lat_env_get(env, vars[i]);

		if (v == NULL)
			continue;
		if (!lat_region_valid(v))
			return lat_diag_set(d, LAT_EINVAL, "%s \"%s\" is not a region name like eu-west-1; correct it, "
			    "unset it, or set aws.region in the configuration", vars[i], v);
		return set(out, v, vars[i], d);
	}
	if ((rc = from_profile(env, out, &found, d)) != 0 || found)
		return rc;
	return set(out, "us-east-1", "the default: no aws.region, AWS_REGION, AWS_DEFAULT_REGION or profile region", d);
}
