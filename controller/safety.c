/* safety.c - the delete threshold: a zone whose plan removes too much of what latticedns owns waits for --force. */
#include <string.h>

#include "common/buf.h"
#include "controller/rrindex.h"
#include "controller/safety.h"

/*
 * The delete threshold: deleting or overwriting more than max_delete_percent
 * of the records this controller owns in a zone looks like a listing gone
 * wrong, not like intent; it waits for --force.
 */
int
lat_safety_check(struct lat_diff *zd)
{
	long owned = 0, risky = 0;
	struct lat_buf why = { 0 };

	for (size_t i = 0; i < zd->nown; i++)
		for (size_t t = 0; t < LAT_DIFF_NTYPES; t++)
			owned += lat_rrindex_find(zd->live, zd->own[i].name, lat_diff_types[t]) != NULL;
	for (size_t i = 0; i < zd->pz->nchanges; i++) {
		const struct lat_plan_change *c = &zd->pz->changes[i];

		if (c->owns != NULL)
			continue;       /* a registry record: the records it owns are counted */
		if (c->kind == LAT_CHANGE_DELETE)
			risky++;
		else if (c->kind == LAT_CHANGE_UPDATE)
			for (size_t k = lat_diff_owned_lower(zd, c->rrset.name);
			    k < zd->nown && strcmp(zd->own[k].name, c->rrset.name) == 0; k++)
				risky++;
	}
	zd->pz->owned = owned;
	if (zd->in->force || owned < zd->in->min_records_for_threshold ||
	    risky * 100 <= (long)zd->in->max_delete_percent * owned)
		return 0;
	/* min_records_for_threshold 0 holds a zone that owns nothing yet too (a style change's deletes). */
	if (owned > 0)
		lat_buf_addf(&why, "the plan deletes or overwrites %ld of the %ld records latticedns owns in zone %s "
		    "(%ld%%, ", risky, owned, zd->z->id, risky * 100 / owned);
	else
		lat_buf_addf(&why, "the plan deletes or overwrites %ld records in zone %s, where latticedns owns "
		    "none yet (", risky, zd->z->id);
	lat_buf_addf(&why, "more than max_delete_percent %d%%); nothing in this zone is applied; check the failed "
	    "accounts and services, then run again with --force if this is intended", zd->in->max_delete_percent);
	zd->pz->safety_blocked = 1;
	zd->pz->safety_reason = lat_buf_take(&why);
	lat_buf_cleanup(&why);
	zd->plan->safety_blocked = 1;
	return zd->pz->safety_reason ? 0 : LAT_ENOMEM;
}
