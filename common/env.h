/* env.h - the process environment as a parameter, so code that reads it is tested with a table. */
#ifndef LAT_ENV_H
#define LAT_ENV_H

/* get() returns the value of name, or NULL when unset. The strings are borrowed. */
struct lat_env {
	const char *(*get)(void *ctx, const char *name);
	void *ctx;
};

/* The real environment (getenv). */
const struct lat_env *lat_env_system(void);
/* name's value in env, or NULL; also NULL for an empty value (the SDKs treat "" as unset). */
const char *lat_env_get(const struct lat_env *env, const char *name);

#endif
