/* tagown.c - ownership: tags in the diff: the zone tags of winners and conflict losers, within the tag room. */
#include <string.h>

#include "controller/desired.h"
#include "controller/plan.h"
#include "controller/tagown.h"

/* A winner's registry entry in tags mode; 1 in *blocked when the zone has no tag room left. */
int
lat_tagown_want(struct lat_diff *zd, const struct lat_desired *ds, int *blocked)
{
	const struct lat_service *s = ds->svc;
	const char *cur = lat_tags_get(zd->z->tags, s->arn);
	int rc;

	*blocked = 0;
	if (cur == NULL && zd->tag_room <= 0) {
		*blocked = 1;
		return lat_plan_note_add(&zd->plan->blocked, &zd->plan->nblocked, s->arn, ds->name,
		    "the zone's tag registry is full (zone_tag_limit; Route 53 allows at most 50 tags per zone, other "
		    "tags included); use ownership: txt (no cap, nothing kept in a database)");
	}
	if (cur == NULL)
		zd->tag_room--;
	if ((cur == NULL || strcmp(cur, s->custom_domain) != 0) &&
	    (rc = lat_plan_tag_add(&zd->pz->tag_adds, &zd->pz->ntag_adds, s->arn, s->custom_domain)) != 0)
		return rc;
	/*
	 * Issue 9 (moves): the tag still owns the old name's records; rewriting
	 * it first would strand them if the next step failed. It is rewritten
	 * last, once the new records exist and the old ones are gone.
	 */
	if (cur != NULL && strcmp(cur, s->custom_domain) != 0)
		zd->pz->tag_adds[zd->pz->ntag_adds - 1].after_records = 1;
	return 0;
}

/*
 * A conflict's loser (tags mode): the pipeline's create event of every
 * claimant wrote that claimant's own tag, so the converged zone carries one
 * tag per active claimant whatever the order of events. Winners were given
 * the tag room first; a loser gets its tag only while room is left.
 */
int
lat_tagown_loser(struct lat_diff *zd, const struct lat_desired *ds)
{
	const struct lat_service *s = ds->svc;
	const char *cur;

	if (zd->in->ownership != LAT_OWN_TAGS)
		return 0;
	/* A tag the loser already has is left as it is: rewriting one that names another name would
	 * leave that name's records owned by nothing. */
	cur = lat_tags_get(zd->z->tags, s->arn);
	if (cur != NULL || zd->tag_room <= 0)
		return 0;
	zd->tag_room--;
	return lat_plan_tag_add(&zd->pz->tag_adds, &zd->pz->ntag_adds, s->arn, s->custom_domain);
}
