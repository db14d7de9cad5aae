/* sigkeys.h - the SigV4 signing keys of recent requests, shared by every client and thread. */
#ifndef LAT_SIGKEYS_H
#define LAT_SIGKEYS_H

#include <stdint.h>

#include "common/diag.h"

/*
 * A signing key depends only on (secret, date, region, service), so a
 * request of a known scope needs one HMAC instead of five. The cache is
 * keyed by (access key id, secret, date, region, service); it never holds a
 * secret, only a SHA-256 of it to tell a new secret under the same key id.
 * Fixed size (a new key takes the slot of its key id, region and service:
 * the next day's key replaces the day before's). Thread-safe.
 */
struct lat_sigkeys;

LAT_WUR int lat_sigkeys_new(struct lat_sigkeys **out, struct lat_diag *d);
void lat_sigkeys_free(struct lat_sigkeys *k);      /* wipes the keys; NULL is fine */

/* The key for these inputs into key, from the cache or derived (and cached). 0 or LAT_EINVAL/ENOMEM. */
struct lat_sigkeys_scope {
	const char *access_key_id;
	const char *secret_access_key;
	int64_t time;              /* seconds since the epoch: its UTC date is the scope's */
	const char *region;
	const char *service;
};
LAT_WUR int lat_sigkeys_get(struct lat_sigkeys *k, const struct lat_sigkeys_scope *s, unsigned char key[32]);

/* Keys derived so far (the misses), for tests and the benchmark. */
unsigned long lat_sigkeys_derived(struct lat_sigkeys *k);

#endif
