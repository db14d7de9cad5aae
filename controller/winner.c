/* winner.c - one name a service or resource configuration wins: the gates, then its registry entry and records. */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "controller/adopt.h"
#include "controller/diff.h"
#include "controller/plan.h"
#include "controller/recstyle.h"
#include "controller/registry.h"
#include "controller/resource.h"
#include "controller/tagown.h"
#include "controller/txtown.h"
#include "controller/winner.h"

/* A ledger row: an alias's target, or (issue 12) a CNAME's value in alias_dns_name, alias_zone_id NULL. */
static int
owned_after_add(struct lat_diff *zd, const struct lat_rrset *r, const struct lat_service *s)
{
	struct lat_owned o = {
		.zone_id = (char *)zd->z->id, .name = r->name, .type = r->type,
		.alias_zone_id = r->alias_zone_id,
		.alias_dns_name = r->alias_dns_name ? r->alias_dns_name : r->nvalues == 1 ? r->values[0] : NULL,
		.service_arn = s->arn, .account = s->account,
	};
	struct lat_owned copy;

	if (lat_owned_copy(&copy, &o) != 0)
		return LAT_ENOMEM;
	if (lat_owned_list_push(&zd->pz->owned_after, &copy) != 0) {
		lat_owned_cleanup(&copy);
		return LAT_ENOMEM;
	}
	return 0;
}

/*
 * overwrite: owned-only (issue 9): a live A/AAAA at a wanted name that is
 * not already this service's alias and that latticedns does not own (no tag
 * or ledger row names it) is left; the service gets nothing and the name is
 * reported as a conflict. The default (any) overwrites, as the pipeline's UPSERT.
 */
static const struct lat_rrset *
foreign_at(const struct lat_diff *zd, const struct lat_desired *ds, const struct lat_want *w)
{
	size_t k = lat_diff_owned_lower(zd, ds->name);

	if (zd->in->overwrite != LAT_OVERWRITE_OWNED_ONLY || (k < zd->nown && strcmp(zd->own[k].name, ds->name) == 0))
		return NULL;
	for (size_t t = 0; t < LAT_DIFF_NTYPES; t++) {
		const struct lat_rrset *live = lat_rrindex_find(zd->live, ds->name, lat_diff_types[t]);

		if (live == NULL)
			continue;
		for (size_t i = 0; i < w->n && live != NULL; i++)
			if (strcmp(live->type, w->rr[i].type) == 0 && lat_style_matches(live, &w->rr[i]))
				live = NULL;
		if (live != NULL)
			return live;
	}
	return NULL;
}

/* A wanted name the service cannot have: something not ours holds it (no winner among our services). */
static int
conflict_add(struct lat_diff *zd, const struct lat_desired *ds, const char *reason)
{
	struct lat_plan_conflict *nc = realloc(zd->plan->conflicts, (zd->plan->nconflicts + 1) * sizeof(*nc));

	if (nc == NULL)
		return LAT_ENOMEM;
	zd->plan->conflicts = nc;
	nc[zd->plan->nconflicts] = (struct lat_plan_conflict){
		.name = lat_strdup0(ds->name), .loser_arn = lat_strdup0(ds->svc->arn), .reason = lat_strdup0(reason),
	};
	zd->plan->nconflicts++;
	nc = &nc[zd->plan->nconflicts - 1];
	return nc->name && nc->loser_arn && nc->reason ? 0 : LAT_ENOMEM;
}

/*
 * Why a winning service must leave its name alone, in why (empty: it may
 * write it): the registry name is not free (txt), a record we do not own
 * holds it (overwrite: owned-only), or it is not an alias adopt can take.
 */
static int
gate_service(struct lat_diff *zd, const struct lat_desired *ds, const struct lat_want *w, const struct lat_rrset **reg,
    struct lat_reg_entry *e, int *adopt, struct lat_buf *why)
{
	const struct lat_rrset *foreign;
	int rc = 0;

	if (zd->in->ownership == LAT_OWN_TXT && (rc = lat_txtown_gate(zd, ds, reg, e, why)) != 0)
		return rc;
	if (why->len == 0 && (foreign = foreign_at(zd, ds, w)) != NULL)
		lat_buf_addf(why, "a %s record latticedns does not own holds the name (overwrite: owned-only)",
		    foreign->type);
	if (why->len == 0 && (rc = lat_adopt_check(zd, ds, adopt, why)) != 0)
		return rc;
	return lat_buf_status(why);
}

/*
 * A zone whose style changed (alias → cname, or back) holds our records of
 * the other shape at the name: a CNAME shares its name with nothing, so
 * they are deleted in the same batch as the new record is written (one
 * unit: same resource, same name; deletes sort first within a name).
 * desired.c already skipped the name if anything there was not ours.
 */
static int
replace_other_shape(struct lat_diff *zd, const struct lat_desired *ds, const struct lat_want *w)
{
	const struct lat_service *s = ds->svc;
	int cname = strcmp(w->rr[0].type, "CNAME") == 0, rc = 0;

	for (size_t t = 0; t < LAT_DIFF_NTYPES && rc == 0; t++) {
		const struct lat_rrset *live;
		struct lat_buf why = { 0 };

		if ((strcmp(lat_diff_types[t], "CNAME") == 0) == cname)
			continue;
		if ((live = lat_rrindex_find(zd->live, ds->name, lat_diff_types[t])) == NULL)
			continue;
		lat_buf_addf(&why, "the zone's style is %s now: the %s record gives way to %s", lat_style_name(
		    zd->z->style ? zd->z->style->kind : LAT_STYLE_ALIAS), live->type, cname ? "a CNAME" : "A + AAAA aliases");
		rc = lat_buf_status(&why);
		if (rc == 0)
			rc = lat_plan_change_add(zd->pz, LAT_CHANGE_DELETE, live, live, s->arn, s->account, lat_buf_str(&why));
		lat_buf_cleanup(&why);
	}
	return rc;
}

/* The records the zone's style wants at the name (w): created, or updated when the live one differs. */
static int
want_records(struct lat_diff *zd, const struct lat_desired *ds, const struct lat_want *w)
{
	const struct lat_service *s = ds->svc;
	int rc = replace_other_shape(zd, ds, w);

	for (size_t t = 0; t < w->n && rc == 0; t++) {
		const struct lat_rrset *want = &w->rr[t];
		const struct lat_rrset *live = lat_rrindex_find(zd->live, ds->name, want->type);
		struct lat_buf why = { 0 };

		if (live == NULL) {
			const char *key, *value;

			lat_resource_selector(zd->in, s, &key, &value);
			lat_buf_addf(&why, "%s %s is tagged %s=%s", lat_resource_label(s->kind), s->name ? s->name : s->id,
			    key, value);
			rc = lat_plan_change_add(zd->pz, LAT_CHANGE_CREATE, want, NULL, s->arn, s->account, lat_buf_str(&why));
		} else if (!lat_style_matches(live, want)) {
			if (live->alias_dns_name != NULL)
				lat_buf_addf(&why, "alias points to %s", live->alias_dns_name);
			else if (strcmp(live->type, "CNAME") == 0 && live->nvalues == 1)
				lat_buf_addf(&why, "CNAME points to %s (TTL %ld)", live->values[0], live->ttl);
			else
				lat_buf_addf(&why, "a non-alias %s record (TTL %ld) holds the name", live->type, live->ttl);
			rc = lat_plan_change_add(zd->pz, LAT_CHANGE_UPDATE, want, live, s->arn, s->account, lat_buf_str(&why));
		}
		if (rc == 0)
			rc = owned_after_add(zd, want, s);
		lat_buf_cleanup(&why);
	}
	return rc;
}

/*
 * One winning service or resource configuration: its registry entry (a tag
 * first, within the zone's tag room; or its TXT), then the records the
 * zone's style wants at its name.
 */
int
lat_winner_plan(struct lat_diff *zd, const struct lat_desired *ds)
{
	const struct lat_service *s = ds->svc;
	const struct lat_rrset *reg = NULL;
	struct lat_reg_entry e = { 0 };
	struct lat_buf gate = { 0 };
	struct lat_want w;
	int rc, adopt = 0, blocked = 0;

	lat_style_want(zd->z->style, ds->name, ds->dns, ds->dns_zone, &w);
	rc = gate_service(zd, ds, &w, &reg, &e, &adopt, &gate);
	if (rc == 0 && gate.len > 0) {
		/* Whatever it owns elsewhere stays as it is: a move must not delete what it cannot replace. */
		for (size_t i = 0; i < zd->nown; i++)
			if (strcmp(zd->own[i].arn, s->arn) == 0)
				zd->own[i].matched = 1;
		rc = conflict_add(zd, ds, lat_buf_str(&gate));
		goto out;
	}
	if (rc == 0 && zd->in->ownership == LAT_OWN_TAGS)
		rc = lat_tagown_want(zd, ds, &blocked);
	if (rc != 0 || blocked)
		goto out;
	if (adopt && (rc = lat_adopt_note(zd, ds)) != 0)
		goto out;
	if ((rc = want_records(zd, ds, &w)) == 0 && zd->in->ownership == LAT_OWN_TXT)
		rc = lat_txtown_want(zd, ds, reg, &e);
	for (size_t i = lat_diff_owned_lower(zd, ds->name); i < zd->nown && strcmp(zd->own[i].name, ds->name) == 0; i++)
		if (strcmp(zd->own[i].arn, s->arn) == 0)
			zd->own[i].matched = 1;
out:
	lat_buf_cleanup(&gate);
	lat_reg_entry_cleanup(&e);
	return rc;
}
