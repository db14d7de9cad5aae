/* migrate.c - moving ownership between the tag, TXT and ledger registries: the plan (pure) and its text. */
#include "controller/migrate.h"

#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "controller/desired.h"
#include "controller/dnsname.h"
#include "controller/planfmt.h"
#include "controller/registry.h"
#include "controller/resource.h"
#include "controller/rrindex.h"

int
lat_migrate_mode_parse(const char *s)
{
	if (s == NULL)
		return -1;
	if (strcmp(s, "tags") == 0)
		return LAT_OWN_TAGS;
	if (strcmp(s, "txt") == 0)
		return LAT_OWN_TXT;
	if (strcmp(s, "state") == 0)
		return LAT_OWN_STATE;
	return -1;
}

const char *
lat_migrate_mode_name(enum lat_ownership m)
{
	return m == LAT_OWN_TAGS ? "tags" : m == LAT_OWN_TXT ? "txt" : "state";
}

static void
changes_free(struct lat_plan_change *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		lat_rrset_cleanup(&v[i].rrset);
		lat_rrset_cleanup(&v[i].before);
		free(v[i].service_arn);
		free(v[i].account);
		free(v[i].reason);
		free(v[i].owns);
	}
	free(v);
}

void
lat_migrate_plan_cleanup(struct lat_migrate_plan *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->nzones; i++) {
		struct lat_migrate_zone *z = &p->zones[i];

		free(z->id);
		free(z->name);
		changes_free(z->txt_writes, z->ntxt_writes);
		changes_free(z->txt_removes, z->ntxt_removes);
		lat_tags_cleanup(&(struct lat_tags){ z->tag_adds, z->ntag_adds, z->ntag_adds });
		for (size_t k = 0; k < z->ntag_removes; k++)
			free(z->tag_removes[k]);
		free(z->tag_removes);
		lat_owned_list_cleanup(&z->ledger_rows);
	}
	free(p->zones);
	for (size_t i = 0; i < p->nkept; i++) {
		free(p->kept[i].service_arn);
		free(p->kept[i].name);
		free(p->kept[i].reason);
	}
	free(p->kept);
	free(p->refused);
	memset(p, 0, sizeof(*p));
}

/* One name the current registry owns, with the service that owns it. */
struct ent {
	const char *arn;
	char *name;              /* normalised */
	const char *value;       /* tags: the tag's value; else NULL */
	int drop;                /* not carried over (kept in the old registry) */
};

struct zmig {
	const struct lat_core_input *in;
	const struct lat_core_zone *z;
	struct lat_migrate_plan *p;
	struct lat_migrate_zone *mz;
	struct lat_rrindex ix;
	struct ent *e;
	size_t ne;
};

/* A tag of the pipeline's registry: its key is the ARN of a service or (issue 12) a resource configuration. */
static int
is_owner_key(const char *k)
{
	return lat_resource_kind_of_arn(k) >= 0;
}

static int
ent_push(struct zmig *zm, const char *arn, const char *raw_name, const char *value)
{
	struct lat_buf n = { 0 };
	struct ent *v;

	if (lat_dnsname_normalize(raw_name, &n) != 0 || (v = realloc(zm->e, (zm->ne + 1) * sizeof(*v))) == NULL) {
		lat_buf_cleanup(&n);
		return LAT_ENOMEM;
	}
	zm->e = v;
	v[zm->ne] = (struct ent){ .arn = arn, .name = lat_buf_take(&n), .value = value };
	lat_buf_cleanup(&n);
	return v[zm->ne++].name != NULL ? 0 : LAT_ENOMEM;
}

static int
cmp_ent(const void *a, const void *b)
{
	const struct ent *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->arn, y->arn);
}

static int
has_records(const struct zmig *zm, const char *name)
{
	return lat_rrindex_find(&zm->ix, name, "A") != NULL || lat_rrindex_find(&zm->ix, name, "AAAA") != NULL;
}

static int
keep(struct zmig *zm, struct ent *e, const char *why)
{
	e->drop = 1;
	return lat_plan_note_add(&zm->p->kept, &zm->p->nkept, e->arn, e->name, why);
}

/*
 * What the current registry owns in this zone: tags whose key is a service
 * ARN, the ledger's rows, or our registry TXT records. Only names holding an
 * A or AAAA are carried over: an entry that owns no record protects nothing.
 */
static int
collect(struct zmig *zm, struct lat_owned_list *scratch)
{
	const struct lat_core_input *in = zm->in;
	int rc = 0;

	if (in->ownership == LAT_OWN_TAGS) {
		for (size_t i = 0; i < zm->z->tags->n && rc == 0; i++)
			if (is_owner_key(zm->z->tags->v[i].key))
				rc = ent_push(zm, zm->z->tags->v[i].key, zm->z->tags->v[i].value, zm->z->tags->v[i].value);
	} else {
		const struct lat_owned_list *rows = in->owned;

		if (in->ownership == LAT_OWN_TXT) {
			struct lat_plan ignore = { 0 };

			rc = lat_registry_collect(zm->z, in->owner_id, in->txt_prefix, scratch, &ignore);
			lat_plan_cleanup(&ignore);
			rows = scratch;
		}
		for (size_t i = 0; rows != NULL && i < rows->n && rc == 0; i++)
			if (strcmp(rows->v[i].zone_id, zm->z->id) == 0 && rows->v[i].service_arn != NULL)
				rc = ent_push(zm, rows->v[i].service_arn, rows->v[i].name, NULL);
	}
	if (rc != 0)
		return rc;
	lat_sort(zm->e, zm->ne, sizeof(*zm->e), cmp_ent);
	/* One entry per (name, service): the ledger has a row per type. */
	size_t w = 0;

	for (size_t i = 0; i < zm->ne; i++) {
		if (w > 0 && cmp_ent(&zm->e[w - 1], &zm->e[i]) == 0) {
			free(zm->e[i].name);
			continue;
		}
		zm->e[w++] = zm->e[i];
	}
	zm->ne = w;
	for (size_t i = 0; i < zm->ne && rc == 0; i++)
		if (!has_records(zm, zm->e[i].name))
			rc = keep(zm, &zm->e[i], "it owns no A or AAAA record in the zone: nothing to carry over (the "
			    "old entry stays; remove it by hand if the name is gone for good)");
	return rc;
}

static const struct lat_service *
listed(const struct lat_core_input *in, const char *arn)
{
	for (size_t i = 0; in->services != NULL && i < in->services->n; i++)
		if (in->services->v[i].arn != NULL && strcmp(in->services->v[i].arn, arn) == 0)
			return &in->services->v[i];
	return NULL;
}

static int
change_push(struct lat_plan_change **v, size_t *n, const struct lat_rrset *r, const char *arn, const char *owns)
{
	struct lat_plan_change *nv = realloc(*v, (*n + 1) * sizeof(*nv)), *c;

	if (nv == NULL)
		return LAT_ENOMEM;
	*v = nv;
	c = &nv[*n];
	memset(c, 0, sizeof(*c));
	c->kind = LAT_CHANGE_CREATE;
	if (lat_rrset_copy(&c->rrset, r) != 0 || (c->service_arn = strdup(arn)) == NULL ||
	    (c->owns = strdup(owns)) == NULL) {
		lat_rrset_cleanup(&c->rrset);
		free(c->service_arn);
		return LAT_ENOMEM;
	}
	(*n)++;
	return 0;
}

/* The service whose records sit at the name, among the entries of one name (tags: a conflict's loser has a tag too). */
static const struct ent *
owner_of_records(const struct zmig *zm, const struct ent *first, size_t n)
{
	const struct lat_rrset *a = lat_rrindex_find(&zm->ix, first->name, "A");

	if (a == NULL)
		a = lat_rrindex_find(&zm->ix, first->name, "AAAA");
	for (size_t i = 0; a != NULL && a->alias_dns_name != NULL && i < n; i++) {
		const struct lat_service *s = listed(zm->in, first[i].arn);

		if (s != NULL && s->dns_name != NULL && lat_dnsname_equal_loose(s->dns_name, a->alias_dns_name))
			return &first[i];
	}
	return first;
}

static int
to_txt(struct zmig *zm)
{
	int rc = 0;

	for (size_t i = 0; i < zm->ne && rc == 0;) {
		size_t n = 1;

		while (i + n < zm->ne && strcmp(zm->e[i + n].name, zm->e[i].name) == 0)
			n++;
		if (!zm->e[i].drop) {
			const struct ent *o = owner_of_records(zm, &zm->e[i], n);
			struct lat_buf rn = { 0 }, val = { 0 };
			struct lat_reg_entry re = { 0 };
			const struct lat_rrset *cur;

			rc = lat_registry_name(&rn, zm->in->txt_prefix, o->name);
			if (rc == 0)
				rc = lat_registry_format(&val, zm->in->owner_id, o->arn);
			cur = rc == 0 ? lat_rrindex_find(&zm->ix, lat_buf_str(&rn), "TXT") : NULL;
			if (rc == 0 && lat_rrindex_find(&zm->ix, lat_buf_str(&rn), "CNAME") != NULL) {
				for (size_t k = 0; k < n && rc == 0; k++)
					rc = keep(zm, &zm->e[i + k], "a CNAME holds the registry name");
			} else if (rc == 0 && (rc = lat_registry_classify(cur, zm->in->owner_id, &re)) == 0 &&
			    re.kind != LAT_REG_NONE && re.kind != LAT_REG_OURS) {
				struct lat_buf why = { 0 };

				lat_registry_describe(&why, &re);
				for (size_t k = 0; k < n && rc == 0; k++)
					rc = lat_buf_status(&why) ? LAT_ENOMEM : keep(zm, &zm->e[i + k], lat_buf_str(&why));
				lat_buf_cleanup(&why);
			} else if (rc == 0 && !(re.kind == LAT_REG_OURS && strcmp(re.arn, o->arn) == 0)) {
				char *values[1] = { (char *)lat_buf_str(&val) };
				struct lat_rrset want = { .name = (char *)lat_buf_str(&rn), .type = "TXT",
					.ttl = LAT_REGISTRY_TTL, .values = values, .nvalues = 1 };

				rc = change_push(&zm->mz->txt_writes, &zm->mz->ntxt_writes, &want, o->arn, o->name);
				/* Ours, naming another service: rewritten (UPSERT); none: created. */
				if (rc == 0 && cur != NULL)
					zm->mz->txt_writes[zm->mz->ntxt_writes - 1].kind = LAT_CHANGE_UPDATE;
			}
			lat_reg_entry_cleanup(&re);
			lat_buf_cleanup(&rn);
			lat_buf_cleanup(&val);
		}
		i += n;
	}
	return rc;
}

/* The tag value a service gets: its custom domain as Lattice returns it, as the pipeline writes it. */
static const char *
tag_value(const struct zmig *zm, const struct ent *e, struct lat_buf *tmp)
{
	const struct lat_service *s = listed(zm->in, e->arn);
	struct lat_buf n = { 0 };
	int same = 0;

	if (s != NULL && s->custom_domain != NULL && lat_dnsname_normalize(s->custom_domain, &n) == 0)
		same = strcmp(lat_buf_str(&n), e->name) == 0;
	lat_buf_cleanup(&n);
	if (same)
		return s->custom_domain;
	if (e->value != NULL)
		return e->value;
	lat_buf_add(tmp, e->name, strlen(e->name) - 1);
	return lat_buf_str(tmp);
}

static int
tag_push(struct lat_migrate_zone *mz, const char *key, const char *value)
{
	struct lat_tag *v = realloc(mz->tag_adds, (mz->ntag_adds + 1) * sizeof(*v));

	if (v == NULL)
		return LAT_ENOMEM;
	mz->tag_adds = v;
	v[mz->ntag_adds].key = strdup(key);
	v[mz->ntag_adds].value = strdup(value);
	mz->ntag_adds++;
	return v[mz->ntag_adds - 1].key && v[mz->ntag_adds - 1].value ? 0 : LAT_ENOMEM;
}

static int
to_tags(struct zmig *zm)
{
	int rc = 0;

	for (size_t i = 0; i < zm->ne && rc == 0; i++) {
		struct ent *e = &zm->e[i];
		struct lat_buf tmp = { 0 };
		const char *v, *cur;

		if (e->drop)
			continue;
		v = tag_value(zm, e, &tmp);
		cur = lat_tags_get(zm->z->tags, e->arn);
		if (cur == NULL)
			rc = tag_push(zm->mz, e->arn, v);
		else if (strcmp(cur, v) != 0)
			rc = keep(zm, e, "the service's zone tag names another name");
		lat_buf_cleanup(&tmp);
	}
	return rc;
}

static int
to_state(struct zmig *zm)
{
	static const char *const types[] = { "A", "AAAA" };
	int rc = 0;

	for (size_t i = 0; i < zm->ne && rc == 0; i++) {
		const struct ent *e = &zm->e[i];
		const struct lat_service *s = listed(zm->in, e->arn);

		for (size_t t = 0; t < 2 && rc == 0 && !e->drop; t++) {
			const struct lat_rrset *r = lat_rrindex_find(&zm->ix, e->name, types[t]);
			struct lat_owned o = { .zone_id = (char *)zm->z->id, .name = e->name, .type = (char *)types[t],
				.service_arn = (char *)e->arn, .account = s ? s->account : NULL };
			struct lat_owned copy;

			if (r == NULL || r->alias_dns_name == NULL)
				continue;
			o.alias_zone_id = r->alias_zone_id;
			o.alias_dns_name = r->alias_dns_name;
			if ((rc = lat_owned_copy(&copy, &o)) == 0 && (rc = lat_owned_list_push(&zm->mz->ledger_rows, &copy)) != 0)
				lat_owned_cleanup(&copy);
		}
	}
	return rc;
}

/* Step 2: the old registry's entries of every name carried over. */
static int
removals(struct zmig *zm)
{
	int rc = 0;

	for (size_t i = 0; i < zm->ne && rc == 0; i++) {
		const struct ent *e = &zm->e[i];

		if (e->drop)
			continue;
		if (zm->in->ownership == LAT_OWN_TAGS) {
			char **v = realloc(zm->mz->tag_removes, (zm->mz->ntag_removes + 1) * sizeof(*v));

			if (v == NULL)
				return LAT_ENOMEM;
			zm->mz->tag_removes = v;
			if ((v[zm->mz->ntag_removes++] = strdup(e->arn)) == NULL)
				rc = LAT_ENOMEM;
		} else if (zm->in->ownership == LAT_OWN_TXT) {
			struct lat_buf rn = { 0 };
			const struct lat_rrset *cur;

			if ((rc = lat_registry_name(&rn, zm->in->txt_prefix, e->name)) == 0 &&
			    (cur = lat_rrindex_find(&zm->ix, lat_buf_str(&rn), "TXT")) != NULL) {
				rc = change_push(&zm->mz->txt_removes, &zm->mz->ntxt_removes, cur, e->arn, e->name);
				if (rc == 0)
					zm->mz->txt_removes[zm->mz->ntxt_removes - 1].kind = LAT_CHANGE_DELETE;
			}
			lat_buf_cleanup(&rn);
		}
	}
	return rc;
}

static int
refuse(struct lat_migrate_plan *p, struct lat_buf *why)
{
	if (p->refused != NULL) {
		lat_buf_cleanup(why);
		return 0;
	}
	p->refused = lat_buf_take(why);
	lat_buf_cleanup(why);
	return p->refused != NULL ? 0 : LAT_ENOMEM;
}

/* Route 53's 50 tags per zone (other tags included): the new registry must fit whole, or nothing is done. */
static int
tag_room(struct zmig *zm)
{
	long have = (long)zm->z->tags->n, ours = 0;
	struct lat_buf why = { 0 };

	for (size_t i = 0; i < zm->z->tags->n; i++)
		ours += is_owner_key(zm->z->tags->v[i].key);
	if (have + (long)zm->mz->ntag_adds <= zm->z->tag_limit)
		return 0;
	lat_buf_addf(&why, "zone %s would need %ld tags: it holds %ld (%ld of them not latticedns's) and the "
	    "migration adds %zu; Route 53 allows %d per zone (zone_tag_limit), other tags included; stay on "
	    "ownership: txt (no cap) or state", zm->z->id, have + (long)zm->mz->ntag_adds, have, have - ours,
	    zm->mz->ntag_adds, zm->z->tag_limit);
	return refuse(zm->p, &why);
}

static int
plan_zone(const struct lat_core_input *in, const struct lat_core_zone *z, enum lat_ownership to,
    struct lat_migrate_plan *p, struct lat_migrate_zone *mz)
{
	struct zmig zm = { .in = in, .z = z, .p = p, .mz = mz };
	struct lat_owned_list scratch = { 0 };
	struct lat_buf why = { 0 };
	int rc;

	if ((mz->id = strdup(z->id)) == NULL || (mz->name = strdup(z->name ? z->name : "")) == NULL)
		return LAT_ENOMEM;
	if (z->unread != NULL) {
		lat_buf_addf(&why, "%s", z->unread);
		return refuse(p, &why);
	}
	if ((rc = lat_rrindex_build(z->live, &zm.ix)) != 0)
		return rc;
	rc = collect(&zm, &scratch);
	if (rc == 0)
		rc = to == LAT_OWN_TXT ? to_txt(&zm) : to == LAT_OWN_TAGS ? to_tags(&zm) : to_state(&zm);
	if (rc == 0)
		rc = removals(&zm);
	if (rc == 0 && to == LAT_OWN_TAGS)
		rc = tag_room(&zm);
	for (size_t i = 0; i < zm.ne; i++)
		free(zm.e[i].name);
	free(zm.e);
	lat_owned_list_cleanup(&scratch);
	lat_rrindex_cleanup(&zm.ix);
	return rc;
}

/* The zone as the migration leaves it, for planning the first cycle in the new mode. */
struct sim {
	struct lat_core_zone *zones;
	struct lat_rrset_list *live;
	struct lat_tags *tags;
	struct lat_owned_list owned;
};

static void
sim_cleanup(struct sim *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (s->live != NULL)
			lat_rrset_list_cleanup(&s->live[i]);
		if (s->tags != NULL)
			lat_tags_cleanup(&s->tags[i]);
	}
	free(s->live);
	free(s->tags);
	free(s->zones);
	lat_owned_list_cleanup(&s->owned);
}

static int
removed_txt(const struct lat_migrate_zone *mz, const struct lat_rrset *r)
{
	for (size_t i = 0; i < mz->ntxt_removes; i++)
		if (strcmp(mz->txt_removes[i].rrset.name, r->name) == 0 && strcmp(r->type, "TXT") == 0)
			return 1;
	for (size_t i = 0; i < mz->ntxt_writes; i++)
		if (strcmp(mz->txt_writes[i].rrset.name, r->name) == 0 && strcmp(r->type, "TXT") == 0)
			return 1;
	return 0;
}

static int
sim_zone(const struct lat_core_zone *z, const struct lat_migrate_zone *mz, struct lat_rrset_list *live,
    struct lat_tags *tags)
{
	int rc = 0;

	for (size_t i = 0; z->live != NULL && i < z->live->n && rc == 0; i++) {
		struct lat_rrset r = { 0 };

		if (removed_txt(mz, &z->live->v[i]))
			continue;
		if ((rc = lat_rrset_copy(&r, &z->live->v[i])) == 0 && (rc = lat_rrset_list_push(live, &r)) != 0)
			lat_rrset_cleanup(&r);
	}
	for (size_t i = 0; i < mz->ntxt_writes && rc == 0; i++) {
		struct lat_rrset r = { 0 };

		if ((rc = lat_rrset_copy(&r, &mz->txt_writes[i].rrset)) == 0 && (rc = lat_rrset_list_push(live, &r)) != 0)
			lat_rrset_cleanup(&r);
	}
	for (size_t i = 0; z->tags != NULL && i < z->tags->n && rc == 0; i++) {
		int gone = 0;

		for (size_t k = 0; k < mz->ntag_removes; k++)
			gone |= strcmp(mz->tag_removes[k], z->tags->v[i].key) == 0;
		if (!gone)
			rc = lat_tags_set(tags, z->tags->v[i].key, z->tags->v[i].value);
	}
	for (size_t i = 0; i < mz->ntag_adds && rc == 0; i++)
		rc = lat_tags_set(tags, mz->tag_adds[i].key, mz->tag_adds[i].value);
	return rc;
}

/* Plans the first cycle in mode to on the zones as the migration leaves them; after is filled. */
static int
simulate(const struct lat_core_input *in, enum lat_ownership to, struct lat_migrate_plan *p, struct lat_plan *after,
    struct lat_diag *d)
{
	struct sim s = { 0 };
	struct lat_core_input sin = *in;
	int rc = 0;

	s.zones = calloc(in->nzones ? in->nzones : 1, sizeof(*s.zones));
	s.live = calloc(in->nzones ? in->nzones : 1, sizeof(*s.live));
	s.tags = calloc(in->nzones ? in->nzones : 1, sizeof(*s.tags));
	if (s.zones == NULL || s.live == NULL || s.tags == NULL)
		rc = LAT_ENOMEM;
	for (size_t i = 0; in->owned != NULL && i < in->owned->n && rc == 0; i++) {
		struct lat_owned o;

		if ((rc = lat_owned_copy(&o, &in->owned->v[i])) == 0 && (rc = lat_owned_list_push(&s.owned, &o)) != 0)
			lat_owned_cleanup(&o);
	}
	for (size_t i = 0; i < in->nzones && rc == 0; i++) {
		s.zones[i] = in->zones[i];
		s.zones[i].live = &s.live[i];
		s.zones[i].tags = &s.tags[i];
		rc = sim_zone(&in->zones[i], &p->zones[i], &s.live[i], &s.tags[i]);
		for (size_t k = 0; k < p->zones[i].ledger_rows.n && rc == 0; k++) {
			struct lat_owned o;

			if ((rc = lat_owned_copy(&o, &p->zones[i].ledger_rows.v[k])) == 0 &&
			    (rc = lat_owned_list_push(&s.owned, &o)) != 0)
				lat_owned_cleanup(&o);
		}
	}
	if (rc != 0) {
		sim_cleanup(&s, in->nzones);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory planning the migration");
	}
	sin.ownership = to;
	sin.zones = s.zones;
	sin.owned = &s.owned;
	rc = lat_plan_build(&sin, after, d);
	sim_cleanup(&s, in->nzones);
	return rc;
}

int
lat_migrate_plan(const struct lat_core_input *in, enum lat_ownership to, struct lat_migrate_plan *out,
    struct lat_diag *d)
{
	struct lat_plan after = { 0 };
	int rc = 0;

	memset(out, 0, sizeof(*out));
	out->from = in->ownership;
	out->to = to;
	if ((out->zones = calloc(in->nzones ? in->nzones : 1, sizeof(*out->zones))) == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory planning the migration");
	if ((in->ownership == LAT_OWN_TXT || to == LAT_OWN_TXT) && in->owner_id == NULL) {
		struct lat_buf why = { 0 };

		lat_buf_adds(&why, "ownership: txt names its owner: add owner_id (like owner_id: net-prod) to the "
		    "configuration first, keeping the current ownership");
		rc = refuse(out, &why);
	}
	for (size_t i = 0; i < in->naccounts && rc == 0; i++)
		for (size_t j = 0; j < in->accounts[i].nregions && rc == 0; j++)
			if (!in->accounts[i].regions[j].listed_ok) {
				struct lat_buf why = { 0 };

				lat_buf_addf(&why, "account %s region %s was not listed (%s); a migration needs every "
				    "service's custom domain: run it again", in->accounts[i].id,
				    in->accounts[i].regions[j].name, in->accounts[i].regions[j].error ?
				    in->accounts[i].regions[j].error : "unknown error");
				rc = refuse(out, &why);
			}
	for (size_t i = 0; i < in->nzones && rc == 0 && out->refused == NULL; i++) {
		out->nzones = i + 1;
		rc = plan_zone(in, &in->zones[i], to, out, &out->zones[i]);
	}
	out->nzones = in->nzones;
	if (rc == 0 && out->refused == NULL && in->ownership != to)
		rc = simulate(in, to, out, &after, d);
	/*
	 * Tags mode gives a conflict's loser its own tag (the pipeline's rule):
	 * the first cycle would add them, so the migration writes them too.
	 */
	if (rc == 0 && out->refused == NULL && to == LAT_OWN_TAGS && after.summary.tags_add > 0) {
		for (size_t i = 0; i < after.nzones && rc == 0; i++) {
			for (size_t k = 0; k < after.zones[i].ntag_adds && rc == 0; k++)
				if (!after.zones[i].tag_adds[k].after_records)
					rc = tag_push(&out->zones[i], after.zones[i].tag_adds[k].key,
					    after.zones[i].tag_adds[k].value);
		}
		for (size_t i = 0; i < in->nzones && rc == 0; i++) {
			struct zmig zm = { .in = in, .z = &in->zones[i], .p = out, .mz = &out->zones[i] };

			rc = tag_room(&zm);
		}
		lat_plan_cleanup(&after);
		if (rc == 0 && out->refused == NULL)
			rc = simulate(in, to, out, &after, d);
	}
	if (rc == 0) {
		out->after = after.summary;
		out->after_conflicts = (long)after.nconflicts;
		out->after_held = (long)after.nheld;
	}
	lat_plan_cleanup(&after);
	if (rc != 0) {
		lat_migrate_plan_cleanup(out);
		if (d->err == 0)
			lat_diag_set(d, rc, "out of memory planning the migration");
		return rc;
	}
	return 0;
}

long
lat_migrate_steps(const struct lat_migrate_plan *p)
{
	long n = 0;

	for (size_t i = 0; i < p->nzones; i++)
		n += (long)(p->zones[i].ntxt_writes + p->zones[i].ntag_adds + p->zones[i].ledger_rows.n +
		    p->zones[i].ntxt_removes + p->zones[i].ntag_removes);
	return n;
}

int
lat_migrate_format(const struct lat_migrate_plan *p, const char *config_path, const char *owner_id,
    struct lat_buf *b)
{
	const char *to = lat_migrate_mode_name(p->to), *from = lat_migrate_mode_name(p->from);

	lat_buf_addf(b, "migrate: ownership %s -> %s\n", from, to);
	if (p->refused != NULL) {
		lat_buf_adds(b, "refused: ");
		lat_buf_add_text_escaped(b, p->refused);
		lat_buf_adds(b, "\nnothing was changed.\n");
		return lat_buf_status(b);
	}
	if (p->from == p->to) {
		lat_buf_addf(b, "the configuration already says ownership: %s; nothing to migrate.\n", to);
		return lat_buf_status(b);
	}
	for (size_t i = 0; i < p->nzones; i++) {
		const struct lat_migrate_zone *z = &p->zones[i];

		lat_buf_addf(b, "zone %s (%s)\n  1. write the new registry (%s):\n", z->id, z->name, to);
		for (size_t k = 0; k < z->ntxt_writes; k++) {
			lat_buf_addf(b, "     + %s TXT ", z->txt_writes[k].rrset.name);
			lat_buf_add_text_escaped(b, z->txt_writes[k].rrset.values[0]);
			lat_buf_addc(b, '\n');
		}
		for (size_t k = 0; k < z->ntag_adds; k++) {
			lat_buf_addf(b, "     + tag %s = ", z->tag_adds[k].key);
			lat_buf_add_text_escaped(b, z->tag_adds[k].value);
			lat_buf_addc(b, '\n');
		}
		for (size_t k = 0; k < z->ledger_rows.n; k++)
			lat_buf_addf(b, "     + ledger %s %s %s\n", z->ledger_rows.v[k].name, z->ledger_rows.v[k].type,
			    z->ledger_rows.v[k].service_arn);
		if (z->ntxt_writes + z->ntag_adds + z->ledger_rows.n == 0)
			lat_buf_adds(b, "     nothing: every name already has its entry\n");
		lat_buf_addf(b, "  2. then remove the old registry (%s):\n", from);
		for (size_t k = 0; k < z->ntxt_removes; k++)
			lat_buf_addf(b, "     - %s TXT\n", z->txt_removes[k].rrset.name);
		for (size_t k = 0; k < z->ntag_removes; k++)
			lat_buf_addf(b, "     - tag %s\n", z->tag_removes[k]);
		if (p->from == LAT_OWN_STATE)
			lat_buf_adds(b, "     nothing: the ledger stays; outside state mode it decides nothing\n");
		else if (z->ntxt_removes + z->ntag_removes == 0)
			lat_buf_adds(b, "     nothing\n");
	}
	if (p->nkept > 0) {
		lat_buf_adds(b, "Not carried over (the old registry keeps them):\n");
		for (size_t i = 0; i < p->nkept; i++) {
			lat_buf_addf(b, "  %s %s: ", p->kept[i].name, p->kept[i].service_arn);
			lat_buf_add_text_escaped(b, p->kept[i].reason);
			lat_buf_addc(b, '\n');
		}
	}
	lat_buf_addf(b, "Migration: %ld step%s. After it, the first cycle with ownership: %s plans %ld to create, "
	    "%ld to update, %ld to delete; tags: +%ld -%ld (%ld conflicts).\n", lat_migrate_steps(p), lat_migrate_steps(p) == 1 ? "" : "s",
	    to, p->after.create, p->after.update, p->after.del, p->after.tags_add, p->after.tags_remove,
	    p->after_conflicts);
	lat_buf_addf(b, "Next: set ownership: %s in %s", to, config_path);
	if (p->to == LAT_OWN_TXT)
		lat_buf_addf(b, " (with owner_id: %s)", owner_id ? owner_id : "?");
	lat_buf_addf(b, " before the controller runs again: a cycle still in ownership: %s would take the zone "
	    "back.\n", from);
	return lat_buf_status(b);
}
