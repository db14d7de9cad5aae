/* sigkeys.c - a direct-mapped, mutex-guarded cache of SigV4 signing keys (no secret kept). */
#include "providers/aws/sigkeys.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "common/buf.h"
#include "common/types.h"
#include "providers/aws/sigv4.h"

/* Enough for a few thousand accounts x regions x services at ~150 bytes each. */
#define NSLOTS 8192

struct slot {
	char *scope;                     /* "AKID\nREGION\nSERVICE\nDATE", NULL when empty */
	unsigned char secret_sha256[32];
	unsigned char key[32];
};

struct lat_sigkeys {
	pthread_mutex_t mu;
	struct slot slots[NSLOTS];
	unsigned long derived;
};

int
lat_sigkeys_new(struct lat_sigkeys **out, struct lat_diag *d)
{
	struct lat_sigkeys *k = calloc(1, sizeof(*k));

	*out = NULL;
	if (k == NULL || pthread_mutex_init(&k->mu, NULL) != 0) {
		free(k);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	*out = k;
	return 0;
}

void
lat_sigkeys_free(struct lat_sigkeys *k)
{
	if (k == NULL)
		return;
	for (size_t i = 0; i < NSLOTS; i++)
		free(k->slots[i].scope);
	pthread_mutex_destroy(&k->mu);
	OPENSSL_cleanse(k, sizeof(*k));
	free(k);
}

/* FNV-1a over the scope without its date, so a new day's key replaces the old one's slot. */
static size_t
slot_of(const char *scope, size_t len_without_date)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t i = 0; i < len_without_date; i++) {
		h ^= (unsigned char)scope[i];
		h *= 1099511628211ULL;
	}
	return (size_t)(h % NSLOTS);
}

int
lat_sigkeys_get(struct lat_sigkeys *k, const struct lat_sigkeys_scope *s, unsigned char key[32])
{
	struct lat_buf scope = { 0 };
	unsigned char sha[32];
	unsigned int n = 0;
	char date[9];
	time_t t = (time_t)s->time;
	struct tm tm;
	size_t prefix, i;
	int rc;

	if (s->secret_access_key == NULL || s->region == NULL || s->service == NULL ||
	    gmtime_r(&t, &tm) == NULL || strftime(date, sizeof(date), "%Y%m%d", &tm) != 8)
		return LAT_EINVAL;
	if (EVP_Digest(s->secret_access_key, strlen(s->secret_access_key), sha, &n, EVP_sha256(), NULL) != 1 ||
	    n != 32)
		return LAT_EINVAL;
	lat_buf_addf(&scope, "%s\n%s\n%s\n", s->access_key_id ? s->access_key_id : "", s->region, s->service);
	prefix = scope.len;
	lat_buf_adds(&scope, date);
	if ((rc = lat_buf_status(&scope)) != 0)
		return rc;
	i = slot_of(scope.p, prefix);
	pthread_mutex_lock(&k->mu);
	if (k->slots[i].scope != NULL && strcmp(k->slots[i].scope, scope.p) == 0 &&
	    CRYPTO_memcmp(k->slots[i].secret_sha256, sha, 32) == 0) {
		memcpy(key, k->slots[i].key, 32);
		pthread_mutex_unlock(&k->mu);
		lat_buf_cleanup(&scope);
		return 0;
	}
	pthread_mutex_unlock(&k->mu);
	/* Derived outside the lock: two threads missing at once both derive the same key. */
	if ((rc = lat_sigv4_derive_key(s->secret_access_key, s->time, s->region, s->service, key)) != 0) {
		lat_buf_cleanup(&scope);
		return rc;
	}
	pthread_mutex_lock(&k->mu);
	free(k->slots[i].scope);
	k->slots[i].scope = lat_buf_take(&scope);
	memcpy(k->slots[i].secret_sha256, sha, 32);
	memcpy(k->slots[i].key, key, 32);
	k->derived++;
	pthread_mutex_unlock(&k->mu);
	lat_buf_cleanup(&scope);
	return 0;
}

unsigned long
lat_sigkeys_derived(struct lat_sigkeys *k)
{
	unsigned long n;

	pthread_mutex_lock(&k->mu);
	n = k->derived;
	pthread_mutex_unlock(&k->mu);
	return n;
}
