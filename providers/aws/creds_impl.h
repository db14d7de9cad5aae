/* creds_impl.h - what a credential provider is made of; for the provider modules, not their users. */
#ifndef LAT_CREDS_IMPL_H
#define LAT_CREDS_IMPL_H

#include <pthread.h>

#include "providers/aws/creds.h"

struct lat_creds_ops {
	/*
	 * Fetches fresh credentials. Called without the provider's mutex, by one
	 * thread at a time per provider (single-flight). via: the caller's
	 * transport, free for this fetch's calls (the worker's own connection),
	 * or NULL: the source makes its own.
	 */
	int (*fetch)(void *impl, int64_t now, struct lat_transport *via, struct lat_creds *out,
	    struct lat_diag *d);
	void (*free)(void *impl);
};

struct lat_creds_provider {
	char *name;
	const struct lat_creds_ops *ops;
	void *impl;
	pthread_mutex_t mu;
	pthread_cond_t done;    /* broadcast when a fetch or an identity check ends */
	struct lat_creds cached;
	int have;
	int fetching;           /* a thread is fetching: the others wait for its answer */
	int identifying;        /* a thread is asking who the cached credentials belong to */
	unsigned long generation;   /* credentials installed so far: a wait can tell a new set */
	char *identity;     /* the account the cached credentials belong to (GetCallerIdentity);
			       NULL until checked, cleared whenever they are refreshed */
};

/* Takes ownership of impl (freed with ops->free, also on failure). */
LAT_WUR int lat_creds_provider_new(const char *name, const struct lat_creds_ops *ops, void *impl,
    struct lat_creds_provider **out, struct lat_diag *d);
/* A static provider whose source names where the keys came from ("profile prod"). */
LAT_WUR int lat_creds_static_source_new(const char *akid, const char *secret, const char *token,
    const char *source, struct lat_creds_provider **out, struct lat_diag *d);

#endif
