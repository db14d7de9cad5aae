/* region.h - the home region as the AWS SDKs choose it, and where the choice came from. */
#ifndef LAT_REGION_H
#define LAT_REGION_H

#include "common/diag.h"
#include "common/env.h"

/* Owned; lat_region_cleanup frees. */
struct lat_region {
	char *name;      /* "eu-west-1" */
	char *source;    /* what the start log line names: "AWS_REGION", "profile dev in /root/.aws/config" */
};

void lat_region_cleanup(struct lat_region *r);

/*
 * The first that is set: configured (aws.region; NULL when the config has
 * none), AWS_REGION, AWS_DEFAULT_REGION, the `region` of the profile
 * (AWS_PROFILE, else "default") in the shared config file (AWS_CONFIG_FILE,
 * else ~/.aws/config), else us-east-1. A value that is not a region name is
 * an error naming where it was found; a missing config file is not.
 */
LAT_WUR int lat_region_resolve(const char *configured, const struct lat_env *env, struct lat_region *out,
    struct lat_diag *d);

/* "eu-west-1", "us-gov-west-1": the config schema's pattern for a region. */
int lat_region_valid(const char *s);

#endif
