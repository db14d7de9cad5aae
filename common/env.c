/* env.c - the real environment behind struct lat_env. */
#include "common/env.h"

#include <stdlib.h>

static const char *
sys_get(void *ctx, const char *name)
{
	(void)ctx;
	return getenv(name);
}

static const struct lat_env sys_env = { sys_get, NULL };

const struct lat_env *
lat_env_system(void)
{
	return &sys_env;
}

const char *
lat_env_get(const struct lat_env *env, const char *name)
{
	const char *v = env ? env->get(env->ctx, name) : NULL;

	return v && *v ? v : NULL;
}
