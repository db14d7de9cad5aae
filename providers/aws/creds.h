/* creds.h - AWS credentials, their providers, and the SDKs' default chain. */
#ifndef LAT_CREDS_H
#define LAT_CREDS_H

#include <signal.h>
#include <stdint.h>

#include "common/diag.h"
#include "common/env.h"

struct lat_transport;
struct lat_clock;
struct lat_ratelimit;
struct lat_sigkeys;

/* Owned strings; never logged, never put in a diag, a plan or the database. */
struct lat_creds {
	char *access_key_id;
	char *secret_access_key;
	char *session_token;     /* NULL when none */
	int64_t expiration;      /* seconds since the epoch; 0 when they do not expire */
	char *source;            /* where they came from: "environment", "profile default", "web identity", "assume-role arn:...", ... (not secret) */
};

void lat_creds_cleanup(struct lat_creds *c);
LAT_WUR int lat_creds_copy(struct lat_creds *dst, const struct lat_creds *src);

/*
 * A provider hands out credentials and caches them: lat_creds_provider_get()
 * returns a copy of the cached ones, fetching anew when there are none, when
 * they expire within 5 minutes of now, or when force_refresh is set (after
 * an ExpiredToken answer). Thread-safe: the cache is behind a mutex.
 * Providers are opaque; each constructor documents what it borrows.
 */
struct lat_creds_provider;

LAT_WUR int lat_creds_provider_get(struct lat_creds_provider *p, int64_t now, int force_refresh,
    struct lat_creds *out, struct lat_diag *d);
/*
 * The same, and a fetch this call makes may send on via (the caller's own
 * transport, idle while it waits: an AssumeRole reuses the worker's
 * connection to STS instead of opening one). Single-flight per provider:
 * concurrent callers wait for one fetch; callers of other providers are not
 * blocked; a caller whose cached credentials are still valid for a minute
 * does not wait for an early refresh. via may be NULL.
 */
LAT_WUR int lat_creds_provider_get_via(struct lat_creds_provider *p, int64_t now, int force_refresh,
    struct lat_transport *via, struct lat_creds *out, struct lat_diag *d);
void lat_creds_provider_free(struct lat_creds_provider *p);

/*
 * Who the provider's current credentials belong to, asked once per
 * credential lifetime: fn (e.g. sts:GetCallerIdentity signed with c) runs
 * only when the cached credentials have no account recorded yet, by one
 * caller (the others wait for its answer, not for the mutex), on a copy of
 * the credentials. The answer is cached with the credentials and forgotten
 * when they are refreshed. *account is owned. via as for get_via.
 */
typedef int (*lat_creds_identity_fn)(void *arg, const struct lat_creds *c, char **account, struct lat_diag *d);
LAT_WUR int lat_creds_provider_identity(struct lat_creds_provider *p, int64_t now, lat_creds_identity_fn fn,
    void *arg, struct lat_transport *via, char **account, struct lat_diag *d);
const char *lat_creds_provider_name(const struct lat_creds_provider *p);

/* Fixed keys (copied). */
LAT_WUR int lat_creds_static_new(const char *akid, const char *secret, const char *token,
    struct lat_creds_provider **out, struct lat_diag *d);
/* AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN; LAT_ENOTFOUND when unset. */
LAT_WUR int lat_creds_env_new(const struct lat_env *env, struct lat_creds_provider **out,
    struct lat_diag *d);

/* Makes an HTTP transport for a provider that must call out (STS, IMDS, the container endpoint). */
typedef int (*lat_transport_factory)(void *arg, struct lat_transport **out, struct lat_diag *d);

/*
 * sts:AssumeRole with base's credentials; refreshed 5 minutes before they
 * expire. Strings are copied; base, the factory's arg, clock and cancel are
 * borrowed. Thread-safe (one fetch at a time, on the caller's transport when
 * it lends one, else on one made by the factory for that fetch).
 */
struct lat_assume_role_opts {
	const char *role_arn;
	const char *external_id;          /* or NULL */
	const char *session_name;         /* "latticedns" when NULL */
	int duration_s;                   /* 0: 3600 */
	const char *region;               /* STS signing region */
	const char *sts_endpoint;         /* "https://sts.us-east-1.amazonaws.com" */
	struct lat_creds_provider *base;
	lat_transport_factory new_transport;
	void *transport_arg;
	const struct lat_clock *clock;    /* NULL: system */
	int max_attempts;
	volatile sig_atomic_t *cancel;
	const struct lat_aws_observer *observer;   /* may be NULL */
	struct lat_sigkeys *keys;         /* signing keys of the STS calls; may be NULL */
};
LAT_WUR int lat_creds_assume_role_new(const struct lat_assume_role_opts *o,
    struct lat_creds_provider **out, struct lat_diag *d);

/*
 * The SDKs' default chain, first that applies wins: environment keys; web
 * identity (AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN); the shared
 * config/credentials files' profile (AWS_PROFILE, keys or role_arn +
 * source_profile); the container endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI
 * or _RELATIVE_URI); EC2 instance metadata (IMDSv2) unless
 * AWS_EC2_METADATA_DISABLED=true. When none applies: LAT_ECREDS naming
 * what was tried. env and the factory's arg are borrowed.
 */
struct lat_creds_chain_opts {
	const struct lat_env *env;
	const char *region;               /* for STS */
	lat_transport_factory new_transport;
	void *transport_arg;
	const struct lat_clock *clock;
	volatile sig_atomic_t *cancel;
};
LAT_WUR int lat_creds_chain_new(const struct lat_creds_chain_opts *o, struct lat_creds_provider **out,
    struct lat_diag *d);

#endif
