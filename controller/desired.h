/* desired.h - which services get DNS, under which name, in which zone (pure). */
#ifndef LAT_DESIRED_H
#define LAT_DESIRED_H

#include <stddef.h>

#include "common/diag.h"
#include "controller/model.h"
#include "controller/rrindex.h"

/* One active service that wins its name. */
struct lat_desired {
	const struct lat_service *svc;   /* borrowed from the input */
	size_t zone;                     /* index into in->zones */
	char *name;                      /* normalised, as Route 53 stores it */
	const char *dns;                 /* the Lattice name the zone's style points at (borrowed from svc);
					    NULL for a target-style zone */
	const char *dns_zone;
	int holds;                       /* conflicts: first-owner: how firmly it owns the name now (0..2) */
};

struct lat_desired_set {
	struct lat_desired *v;
	size_t n;
	struct lat_desired *losers;      /* active services a newer claimant of their name beat; each
					    keeps its zone tag, as the pipeline's create event wrote it */
	size_t nlosers;
};

void lat_desired_cleanup(struct lat_desired_set *s);

/* PARITY.md's opt-in: the selector tag (its kind's) with exactly the selector value, and a custom domain. */
int lat_desired_active(const struct lat_core_input *in, const struct lat_service *s);

/* Whether zone z's own selector (zones[].selector) takes s; 1 when the zone has none. */
int lat_desired_zone_selects(const struct lat_core_zone *z, const struct lat_service *s);

/*
 * The active services that get records, sorted by (zone, name): in each
 * view (zones[].view) the zone with the longest name holding the custom
 * domain, so a name may be published once per view. Those that
 * cannot are appended to plan->skipped (outside every zone, the zone's apex,
 * outside the account's allowed domains, a CNAME at the name) or
 * plan->conflicts (a newer service claims the name; the loser also goes to
 * out->losers, in the same order). live[i] indexes in->zones[i]'s records.
 */
LAT_WUR int lat_desired_build(const struct lat_core_input *in, const struct lat_rrindex *live,
    struct lat_desired_set *out, struct lat_plan *plan, struct lat_diag *d);

/* Appends a note (copies the strings). */
LAT_WUR int lat_plan_note_add(struct lat_plan_note **v, size_t *n, const char *arn, const char *name,
    const char *reason);

#endif
