/* txtown.c - ownership: txt in the diff: whether a name's registry TXT lets us write, and the TXT changes. */
#include <string.h>

#include "common/buf.h"
#include "controller/plan.h"
#include "controller/registry.h"
#include "controller/rrindex.h"
#include "controller/txtown.h"

/*
 * ownership: txt: what holds the registry name of a wanted name. Free or
 * ours: *reg is the live TXT (NULL: none) and why stays empty. Another
 * owner's, another tool's, a broken one, a user's TXT or a CNAME there:
 * why says so, and nothing at the name is written.
 */
int
lat_txtown_gate(struct lat_diff *zd, const struct lat_desired *ds, const struct lat_rrset **reg, struct lat_reg_entry *e,
    struct lat_buf *why)
{
	struct lat_buf rn = { 0 };
	int rc;

	if ((rc = lat_registry_name(&rn, zd->in->txt_prefix, ds->name)) != 0)
		return rc;
	*reg = lat_rrindex_find(zd->live, lat_buf_str(&rn), "TXT");
	if (lat_rrindex_find(zd->live, lat_buf_str(&rn), "CNAME") != NULL) {
		lat_buf_addf(why, "a CNAME record holds the registry name %s", lat_buf_str(&rn));
	} else if ((rc = lat_registry_classify(*reg, zd->in->owner_id, e)) == 0 && e->kind != LAT_REG_NONE &&
	    e->kind != LAT_REG_OURS) {
		lat_registry_describe(why, e);
		lat_buf_addf(why, " (TXT %s); nothing at the name is written", lat_buf_str(&rn));
	}
	lat_buf_cleanup(&rn);
	return rc != 0 ? rc : lat_buf_status(why);
}

/* ownership: txt: the registry record of a wanted name, unless it already names this service. */
int
lat_txtown_want(struct lat_diff *zd, const struct lat_desired *ds, const struct lat_rrset *reg, const struct lat_reg_entry *e)
{
	const struct lat_service *s = ds->svc;
	struct lat_buf rn = { 0 }, val = { 0 }, why = { 0 };
	char *values[1];
	struct lat_rrset want = { .type = "TXT", .ttl = LAT_REGISTRY_TTL, .values = values, .nvalues = 1 };
	int rc;

	if (e->kind == LAT_REG_OURS && strcmp(e->arn, s->arn) == 0)
		return 0;
	lat_registry_name(&rn, zd->in->txt_prefix, ds->name);
	rc = lat_registry_format(&val, zd->in->owner_id, s->arn);
	if (e->kind == LAT_REG_OURS)
		lat_buf_addf(&why, "the registry named service %s; %s wins the name", e->arn, s->arn);
	else
		lat_buf_addf(&why, "ownership: txt: the registry record of %s, in the batch of its records", ds->name);
	if (rc == 0 && (rc = lat_buf_status(&rn)) == 0 && (rc = lat_buf_status(&why)) == 0) {
		want.name = (char *)lat_buf_str(&rn);
		values[0] = (char *)lat_buf_str(&val);
		rc = lat_plan_change_add(zd->pz, reg ? LAT_CHANGE_UPDATE : LAT_CHANGE_CREATE, &want, reg, s->arn, s->account,
		    lat_buf_str(&why));
		if (rc == 0 && (zd->pz->changes[zd->pz->nchanges - 1].owns = strdup(ds->name)) == NULL)
			rc = LAT_ENOMEM;
	}
	lat_buf_cleanup(&rn);
	lat_buf_cleanup(&val);
	lat_buf_cleanup(&why);
	return rc;
}

/* ownership: txt: the registry record of a released name goes in the batch that deletes its records. */
int
lat_txtown_release(struct lat_diff *zd, const struct lat_diff_owned *o, const char *account, const char *why)
{
	struct lat_buf rn = { 0 };
	const struct lat_rrset *live;
	int rc;

	if ((rc = lat_registry_name(&rn, zd->in->txt_prefix, o->name)) != 0)
		return rc;
	live = lat_rrindex_find(zd->live, lat_buf_str(&rn), "TXT");
	lat_buf_cleanup(&rn);
	if (live == NULL)
		return 0;
	if ((rc = lat_plan_change_add(zd->pz, LAT_CHANGE_DELETE, live, live, o->arn, account, why)) == 0 &&
	    (zd->pz->changes[zd->pz->nchanges - 1].owns = strdup(o->name)) == NULL)
		rc = LAT_ENOMEM;
	return rc;
}
