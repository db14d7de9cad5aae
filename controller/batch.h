/* batch.h - cutting a zone's record changes into Route 53 change batches, and splitting a refused one. */
#ifndef LAT_BATCH_H
#define LAT_BATCH_H

#include <stddef.h>

#include "common/diag.h"
#include "controller/model.h"

/*
 * Route 53's limits on one ChangeResourceRecordSets request: 1,000
 * ResourceRecord elements, alias records included (one each), and 32,000
 * characters in Value elements, an UPSERT counting twice; there is no cap on
 * the number of changes. One service's A+AAAA alias UPSERT costs 4, so an
 * all-alias UPSERT batch holds 250 services. Should Route 53 still refuse a
 * batch, InvalidChangeBatch splits it (reconcile.c). A service's A and AAAA
 * are never split.
 */
#define LAT_BATCH_MAX_ELEMENTS 1000
#define LAT_BATCH_MAX_CHARS 32000
#define LAT_TAG_BATCH_MAX 10

/* Indexes into the changes array the batches were built from. */
struct lat_batch {
	size_t *idx;
	size_t n;
};

struct lat_batches {
	struct lat_batch *v;
	size_t n;
};

void lat_batches_cleanup(struct lat_batches *b);

/*
 * 1 when a change is sent as CREATE rather than UPSERT: a new ownership: txt
 * registry record (provider.h says why). It counts once against the limits.
 */
int lat_batch_is_create(const struct lat_plan_change *c);
void lat_batch_cleanup(struct lat_batch *b);

/* The fewest batches, in the changes' order (first fit keeps the plan's order visible). */
LAT_WUR int lat_batch_build(const struct lat_plan_change *changes, size_t n, struct lat_batches *out,
    struct lat_diag *d);

/*
 * Halves a batch Route 53 refused, keeping a service's pair together, so
 * the caller can find the bad change in log2(n) calls and apply the rest.
 * Returns LAT_EINVAL when b cannot be split (a single change or pair).
 */
LAT_WUR int lat_batch_split(const struct lat_plan_change *changes, const struct lat_batch *b,
    struct lat_batch *lo, struct lat_batch *hi, struct lat_diag *d);

#endif
