/* creds.h - AWS credentials, their providers, and the SDKs' default chain. */
#ifndef LAT_CREDS_H
#define LAT_CREDS_H

#include <stdint.h>

#include "common/diag.h"

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
void lat_creds_provider_free(struct lat_creds_provider *p);
const char *lat_creds_provider_name(const struct lat_creds_provider *p);

#endif
