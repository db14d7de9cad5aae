/* plan.c - lat_plan_build: the plan of every zone from the core's input, and the plan value's builders. */
#include <stdlib.h>
#include <string.h>

#include "controller/desired.h"
#include "controller/diff.h"
#include "controller/model.h"
#include "controller/plan.h"
#include "controller/registry.h"
#include "controller/rrindex.h"

static void
tags_free(struct lat_plan_tag *v, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		free(v[j].key);
		free(v[j].value);
	}
	free(v);
}

static void
rrset_cleanup_all(struct lat_plan_change *c)
{
	lat_rrset_cleanup(&c->rrset);
	lat_rrset_cleanup(&c->before);
	free(c->service_arn);
	free(c->account);
	free(c->reason);
	free(c->owns);
}

void
lat_plan_cleanup(struct lat_plan *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nzones; i++) {
		struct lat_plan_zone *z = &p->zones[i];

		free(z->id);
		free(z->name);
		for (size_t j = 0; j < z->nchanges; j++)
			rrset_cleanup_all(&z->changes[j]);
		free(z->changes);
		tags_free(z->tag_adds, z->ntag_adds);
		tags_free(z->tag_removes, z->ntag_removes);
		lat_owned_list_cleanup(&z->owned_after);
		free(z->safety_reason);
	}
	free(p->zones);
	struct { struct lat_plan_note *v; size_t n; } notes[] = {
		{ p->skipped, p->nskipped }, { p->held, p->nheld }, { p->blocked, p->nblocked },
		{ p->adopted, p->nadopted },
	};
	for (size_t k = 0; k < 4; k++) {
		for (size_t i = 0; i < notes[k].n; i++) {
			free(notes[k].v[i].service_arn);
			free(notes[k].v[i].name);
			free(notes[k].v[i].reason);
		}
		free(notes[k].v);
	}
	for (size_t i = 0; i < p->nconflicts; i++) {
		free(p->conflicts[i].name);
		free(p->conflicts[i].winner_arn);
		free(p->conflicts[i].loser_arn);
		free(p->conflicts[i].reason);
	}
	free(p->conflicts);
	for (size_t i = 0; i < p->naccounts; i++) {
		free(p->accounts[i].id);
		free(p->accounts[i].region);
		free(p->accounts[i].error);
	}
	free(p->accounts);
	memset(p, 0, sizeof(*p));
}

int
lat_plan_change_add(struct lat_plan_zone *pz, enum lat_change_kind kind, const struct lat_rrset *send,
    const struct lat_rrset *before, const char *arn, const char *account, const char *reason)
{
	struct lat_plan_change *v = realloc(pz->changes, (pz->nchanges + 1) * sizeof(*v));
	struct lat_plan_change *c;

	if (v == NULL)
		return LAT_ENOMEM;
	pz->changes = v;
	c = &v[pz->nchanges];
	memset(c, 0, sizeof(*c));
	c->kind = kind;
	if (lat_rrset_copy(&c->rrset, send) != 0 || (before && lat_rrset_copy(&c->before, before) != 0)) {
		rrset_cleanup_all(c);
		return LAT_ENOMEM;
	}
	c->service_arn = lat_strdup0(arn);
	c->account = lat_strdup0(account);
	c->reason = lat_strdup0(reason);
	pz->nchanges++;
	return 0;
}

int
lat_plan_tag_add(struct lat_plan_tag **v, size_t *n, const char *key, const char *value)
{
	struct lat_plan_tag *nv = realloc(*v, (*n + 1) * sizeof(*nv));

	if (nv == NULL)
		return LAT_ENOMEM;
	*v = nv;
	nv[*n].key = lat_strdup0(key);
	nv[*n].value = lat_strdup0(value);
	nv[*n].after_records = 0;
	(*n)++;
	return 0;
}

static int
copy_accounts(const struct lat_core_input *in, struct lat_plan *p)
{
	size_t n = 0, k = 0;

	for (size_t i = 0; i < in->naccounts; i++)
		n += in->accounts[i].nregions;
	if ((p->accounts = calloc(n ? n : 1, sizeof(*p->accounts))) == NULL)
		return LAT_ENOMEM;
	for (size_t i = 0; i < in->naccounts; i++)
		for (size_t j = 0; j < in->accounts[i].nregions; j++, k++) {
			const struct lat_core_region *r = &in->accounts[i].regions[j];

			p->accounts[k].id = strdup(in->accounts[i].id);
			p->accounts[k].region = strdup(r->name);
			p->accounts[k].ok = r->listed_ok;
			p->accounts[k].error = lat_strdup0(r->error);
			p->naccounts = k + 1;
			if (!p->accounts[k].id || !p->accounts[k].region)
				return LAT_ENOMEM;
		}
	return 0;
}

static void
summarize(struct lat_plan *p)
{
	for (size_t i = 0; i < p->nzones; i++) {
		const struct lat_plan_zone *z = &p->zones[i];

		for (size_t j = 0; j < z->nchanges; j++) {
			if (z->changes[j].kind == LAT_CHANGE_CREATE)
				p->summary.create++;
			else if (z->changes[j].kind == LAT_CHANGE_UPDATE)
				p->summary.update++;
			else
				p->summary.del++;
		}
		p->summary.tags_add += (long)z->ntag_adds;
		p->summary.tags_remove += (long)z->ntag_removes;
	}
	p->summary.adopt = (long)p->nadopted;
}

int
lat_plan_build(const struct lat_core_input *in, struct lat_plan *out, struct lat_diag *d)
{
	struct lat_desired_set des = { 0 };
	int rc;

	struct lat_rrindex *live;
	struct lat_diff_index lk = { 0 };
	struct lat_owned_list reg = { 0 };
	struct lat_core_input txtin;

	memset(out, 0, sizeof(*out));
	/*
	 * ownership: txt: the zone's own registry records are what is owned;
	 * from here on the core reads them as it reads the ledger in state mode.
	 */
	if (in->ownership == LAT_OWN_TXT) {
		txtin = *in;
		if (txtin.txt_prefix == NULL)
			txtin.txt_prefix = LAT_REGISTRY_DEFAULT_PREFIX;
		if (txtin.owner_id == NULL)
			return lat_diag_set(d, LAT_EINVAL, "ownership: txt needs owner_id");
		for (size_t i = 0; i < in->nzones; i++)
			if (lat_registry_collect(&in->zones[i], txtin.owner_id, txtin.txt_prefix, &reg, out) != 0) {
				lat_owned_list_cleanup(&reg);
				lat_plan_cleanup(out);
				return lat_diag_set(d, LAT_ENOMEM, "out of memory reading the TXT registry");
			}
		txtin.owned = &reg;
		in = &txtin;
	}
	if ((live = calloc(in->nzones ? in->nzones : 1, sizeof(*live))) == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory building the plan");
	for (size_t i = 0; i < in->nzones; i++)
		if (lat_rrindex_build(in->zones[i].live, &live[i]) != 0) {
			for (size_t k = 0; k < i; k++)
				lat_rrindex_cleanup(&live[k]);
			free(live);
			return lat_diag_set(d, LAT_ENOMEM, "out of memory building the plan");
		}
	rc = lat_desired_build(in, live, &des, out, d);
	if (rc == 0) {
		out->zones = calloc(in->nzones ? in->nzones : 1, sizeof(*out->zones));
		rc = out->zones ? copy_accounts(in, out) : LAT_ENOMEM;
		if (rc == 0)
			rc = lat_diff_index_build(in, &des, &lk);
	}
	for (size_t i = 0; i < in->nzones && rc == 0; i++) {
		struct lat_diff zd = { .in = in, .z = &in->zones[i], .zi = i, .des = &des, .plan = out,
			.pz = &out->zones[i], .live = &live[i], .lk = &lk };

		out->nzones = i + 1;
		rc = lat_diff_zone(&zd);
	}
	lat_diff_index_cleanup(&lk);
	lat_owned_list_cleanup(&reg);
	lat_desired_cleanup(&des);
	for (size_t i = 0; i < in->nzones; i++)
		lat_rrindex_cleanup(&live[i]);
	free(live);
	if (rc != 0) {
		/* lat_desired_build has written its own message; the first message wins. */
		lat_plan_cleanup(out);
		return lat_diag_set(d, rc, "out of memory building the plan");
	}
	summarize(out);
	return 0;
}
