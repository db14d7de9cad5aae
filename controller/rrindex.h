/* rrindex.h - a sorted view of a zone's record sets, for (name, type) lookups in O(log n) (pure). */
#ifndef LAT_RRINDEX_H
#define LAT_RRINDEX_H

#include <stddef.h>

#include "common/diag.h"
#include "common/types.h"

/*
 * The diff asks "what is at (name, type)?" once per desired and owned
 * record; a zone holds tens of thousands of records, so a linear scan per
 * question made a converged cycle quadratic. Only simple-routing record sets
 * (no SetIdentifier) are indexed: latticedns writes nothing else, and a name
 * with weighted or latency records is not one it may claim.
 *
 * The index borrows the list's record sets: keep the list alive and
 * unchanged while the index is used.
 */
struct lat_rrindex {
	const struct lat_rrset **v;
	size_t n;
};

LAT_WUR int lat_rrindex_build(const struct lat_rrset_list *l, struct lat_rrindex *out);
void lat_rrindex_cleanup(struct lat_rrindex *ix);
/* The simple-routing record set at exactly (name, type), or NULL. */
const struct lat_rrset *lat_rrindex_find(const struct lat_rrindex *ix, const char *name, const char *type);
/* Every simple-routing record set at name, sorted by type (*n of them; NULL when none). */
const struct lat_rrset *const *lat_rrindex_at(const struct lat_rrindex *ix, const char *name, size_t *n);

#endif
