/* release.c - an owned name no active service wants: its records and registry entry go, or it is held. */
#include <string.h>

#include "common/buf.h"
#include "controller/desired.h"
#include "controller/dnsname.h"
#include "controller/plan.h"
#include "controller/recstyle.h"
#include "controller/release.h"
#include "controller/resource.h"
#include "controller/txtown.h"

/* 1: listed OK this cycle; 0: failed; -1: not configured at all. */
static int
listed(const struct lat_core_input *in, const char *account, const char *region)
{
	for (size_t i = 0; i < in->naccounts; i++) {
		if (strcmp(in->accounts[i].id, account) != 0)
			continue;
		for (size_t j = 0; j < in->accounts[i].nregions; j++)
			if (strcmp(in->accounts[i].regions[j].name, region) == 0)
				return in->accounts[i].regions[j].listed_ok;
		return -1;
	}
	return -1;
}

static int
cmp_desired_key(const void *a, const void *b)
{
	const struct lat_desired *x = a, *y = b;

	if (x->zone != y->zone)
		return x->zone < y->zone ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Whether an active service of this zone wants name: des is sorted by (zone, name), one per name. */
static int
claimed(const struct lat_diff *zd, const char *name)
{
	struct lat_desired key = { .zone = zd->zi, .name = (char *)name };

	return lat_find(&key, zd->des->v, zd->des->n, sizeof(*zd->des->v), cmp_desired_key) != NULL;
}

enum hold { HOLD_NONE, HOLD_NOTED, HOLD_SILENT };

/*
 * Whether an owned name that is no longer desired must stay: HOLD_NOTED with
 * the reason in why, HOLD_SILENT for a service still active (a conflict's
 * loser, a skipped one: reported as such), HOLD_NONE when it can go.
 */
static enum hold
hold_reason(const struct lat_diff *zd, const struct lat_diff_owned *o, struct lat_buf *why)
{
	char region[64], account[64];
	const struct lat_service *s;
	const char *v;
	int st;

	if (!lat_resource_parse_arn(o->arn, region, sizeof(region), account, sizeof(account))) {
		lat_buf_adds(why, "the owner is not a VPC Lattice service or resource configuration ARN");
		return HOLD_NOTED;
	}
	if ((st = listed(zd->in, account, region)) != 1) {
		lat_buf_addf(why, st == 0 ? "account %s region %s was not listed this cycle" :
		    "account %s region %s is not in the configuration", account, region);
		return HOLD_NOTED;
	}
	s = lat_diff_service(zd->lk, o->arn);
	if (s != NULL) {
		const char *key, *want;

		lat_resource_selector(zd->in, s, &key, &want);
		if ((v = lat_tags_get(&s->tags, key)) == NULL)
			return HOLD_NONE;
		if (strcmp(v, want) != 0) {
			lat_buf_addf(why, "%s is \"%s\", not \"%s\": kept as they are (the pipeline's hold)", key, v, want);
			return HOLD_NOTED;
		}
		/* Issue 12: the zone's own selector no longer takes it: only this zone's records go. */
		if (!lat_desired_zone_selects(zd->z, s))
			return HOLD_NONE;
		return HOLD_SILENT;
	}
	return HOLD_NONE;
}

/*
 * Whether this exact record set already has a DELETE in the zone's plan. Two
 * owned entries can name one record set (two tags of since-untagged services
 * with one value); Route 53 refuses a second DELETE of it in a batch, and in
 * a later batch it is "not found". The owned entries are released in name
 * order after every wanted change, so a DELETE of this name, if any, is
 * among the last changes added.
 */
static int
delete_planned(const struct lat_plan_zone *pz, const struct lat_rrset *r)
{
	for (size_t i = pz->nchanges; i-- > 0;) {
		const struct lat_plan_change *c = &pz->changes[i];

		if (strcmp(c->rrset.name, r->name) != 0)
			return 0;
		if (c->kind == LAT_CHANGE_DELETE && strcmp(c->rrset.type, r->type) == 0 &&
		    (c->rrset.set_identifier == NULL) == (r->set_identifier == NULL) &&
		    (r->set_identifier == NULL || strcmp(c->rrset.set_identifier, r->set_identifier) == 0))
			return 1;
	}
	return 0;
}

/*
 * Issue 9 (delete only what we wrote): a tag or ledger row says latticedns
 * owns a name, but what sits there may not be what it wrote (a tag edited
 * by hand, a record replaced since). A removal deletes a live record only
 * when it is an alias to a VPC Lattice name, or, in state mode, exactly the
 * alias the ledger recorded; anything else is left and reported.
 */
static int
we_wrote(const struct lat_diff *zd, const struct lat_rrset *live)
{
	const char *to = live->alias_dns_name;

	/* An alias or CNAME to a Lattice name, or exactly the zone's configured target (issue 12). */
	if (lat_style_ours(zd->z->style, live))
		return 1;
	if (to == NULL && strcmp(live->type, "CNAME") == 0 && live->nvalues == 1)
		to = live->values[0];
	if (zd->in->ownership != LAT_OWN_STATE || to == NULL || zd->in->owned == NULL)
		return 0;
	for (size_t i = 0; i < zd->in->owned->n; i++) {
		const struct lat_owned *r = &zd->in->owned->v[i];

		if (strcmp(r->zone_id, zd->z->id) == 0 && strcmp(r->name, live->name) == 0 &&
		    strcmp(r->type, live->type) == 0 && live->set_identifier == NULL &&
		    lat_dnsname_equal_loose(r->alias_dns_name, to) &&
		    (r->alias_zone_id == NULL) == (live->alias_zone_id == NULL) &&
		    (r->alias_zone_id == NULL || lat_dnsname_equal_loose(r->alias_zone_id, live->alias_zone_id)))
			return 1;
	}
	return 0;
}

static int
leave_foreign(struct lat_diff *zd, const struct lat_diff_owned *o, const struct lat_rrset *live)
{
	struct lat_buf why = { 0 };
	int rc;

	if (live->alias_dns_name != NULL)
		lat_buf_addf(&why, "the %s record at the name is an alias to %s, not one latticedns wrote; "
		    "left as it is", live->type, live->alias_dns_name);
	else
		lat_buf_addf(&why, "the %s record at the name (TTL %ld%s%s) is not an alias latticedns wrote; "
		    "left as it is", live->type, live->ttl, live->nvalues ? ", " : "",
		    live->nvalues ? live->values[0] : "");
	rc = lat_buf_status(&why);
	if (rc == 0)
		rc = lat_plan_note_add(&zd->plan->held, &zd->plan->nheld, o->arn, o->name, lat_buf_str(&why));
	lat_buf_cleanup(&why);
	return rc;
}

/*
 * The zone of this one's view where arn now wins a name, or NULL: a more
 * specific zone was added (dev.corp.internal beside corp.internal), so the
 * service's name belongs there now. The records left here are shadowed by
 * that zone and nothing else would ever remove them.
 */
static const struct lat_core_zone *
won_elsewhere(const struct lat_diff *zd, const char *arn)
{
	for (size_t j = 0; j < zd->in->nzones; j++)
		if (j != zd->zi && lat_style_same_view(zd->in->zones[j].style, zd->z->style) &&
		    lat_diff_wins(zd->lk, j, arn))
			return &zd->in->zones[j];
	return NULL;
}

/* An owned name no active service wants: delete its records and its tag, unless it must be held. */
int
lat_release_plan(struct lat_diff *zd, const struct lat_diff_owned *o)
{
	const struct lat_service *s;
	const char *why;
	int rc = 0, moved = lat_diff_wins(zd->lk, zd->zi, o->arn);
	const struct lat_core_zone *to = moved ? NULL : won_elsewhere(zd, o->arn);
	struct lat_buf to_why = { 0 };

	if (!moved && to == NULL) {
		struct lat_buf held = { 0 };
		enum hold h = hold_reason(zd, o, &held);

		/* A conflict's loser keeps its tag silently; it is reported as a conflict. */
		if (h == HOLD_NOTED && (rc = lat_buf_status(&held)) == 0)
			rc = lat_plan_note_add(&zd->plan->held, &zd->plan->nheld, o->arn, o->name, lat_buf_str(&held));
		lat_buf_cleanup(&held);
		if (h != HOLD_NONE || rc != 0)
			return rc;
	}
	s = lat_diff_service(zd->lk, o->arn);
	why = moved ? "the service's custom domain changed" :
	    s != NULL && lat_desired_active(zd->in, s) ? "the zone's selector no longer selects it" :
	    s != NULL ? "the service no longer carries the opt-in tag" : "the service was deleted";
	if (lat_resource_kind_of_arn(o->arn) == LAT_RES_RESCFG)
		why = moved ? "the resource configuration's name changed" :
		    s != NULL && lat_desired_active(zd->in, s) ? "the zone's selector no longer selects it" :
		    s != NULL ? "the resource configuration no longer carries the opt-in tag" :
		    "the resource configuration was deleted";
	if (to != NULL) {
		lat_buf_addf(&to_why, "its name now belongs to zone %s %s (the longest suffix)", to->id,
		    to->name ? to->name : "");
		if ((rc = lat_buf_status(&to_why)) != 0) {
			lat_buf_cleanup(&to_why);
			return rc;
		}
		why = lat_buf_str(&to_why);
	}
	if (strcmp(o->name, zd->z->name) == 0) {
		/* An owned apex (a tag the pipeline wrote): its records are the zone's, never deleted. */
		rc = lat_plan_note_add(&zd->plan->skipped, &zd->plan->nskipped, o->arn, o->name,
		    "the zone's apex: latticedns never deletes a zone's apex records; only the tag is removed");
	} else if (!claimed(zd, o->name)) {
		for (size_t t = 0; t < LAT_DIFF_NTYPES && rc == 0; t++) {
			const struct lat_rrset *live = lat_rrindex_find(zd->live, o->name, lat_diff_types[t]);

			if (live == NULL || delete_planned(zd->pz, live))
				continue;
			if (!we_wrote(zd, live))
				rc = leave_foreign(zd, o, live);
			else
				rc = lat_plan_change_add(zd->pz, LAT_CHANGE_DELETE, live, live, o->arn,
				    s ? s->account : NULL, why);
		}
	}
	if (rc == 0 && !moved && zd->in->ownership == LAT_OWN_TAGS)
		rc = lat_plan_tag_add(&zd->pz->tag_removes, &zd->pz->ntag_removes, o->arn, NULL);
	/* A name another of our services now wins keeps its registry record: that winner rewrites it. */
	if (rc == 0 && zd->in->ownership == LAT_OWN_TXT && !claimed(zd, o->name))
		rc = lat_txtown_release(zd, o, s ? s->account : NULL, why);
	lat_buf_cleanup(&to_why);
	return rc;
}
