/* diff.c - the three-way diff: desired x owned x live -> record changes, tag changes, holds, safety. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "controller/desired.h"
#include "controller/dnsname.h"
#include "controller/model.h"
#include "controller/registry.h"
#include "controller/resource.h"
#include "controller/rrindex.h"

/* A record set this controller owns: from a zone tag (tags mode) or a ledger row (state mode). */
struct owned {
	const char *arn;
	char *name;            /* normalised */
	const char *value;     /* the tag's value (tags mode), for messages */
	int matched;           /* an active service still wants exactly this name */
};

/*
 * Plan-wide sorted indexes, built once: the diff asks "is this ARN a winner?"
 * and "which service has this ARN?" for every owned record, and a linear scan
 * per question made large zones quadratic.
 */
struct win {
	size_t zone;
	const char *arn;
};

struct lookup {
	struct win *wins;                       /* (zone, ARN) of the desired (winning) services, sorted */
	size_t nwin;
	const struct lat_service **svcs;        /* the listed services by ARN */
	size_t nsvcs;
};

/* Everything one zone's diff works on. */
struct zdiff {
	const struct lat_core_input *in;
	const struct lat_core_zone *z;
	size_t zi;
	const struct lat_desired_set *des;
	struct lat_plan *plan;
	struct lat_plan_zone *pz;
	const struct lat_rrindex *live;     /* this zone's records by (name, type) */
	const struct lookup *lk;            /* the plan-wide indexes */
	struct owned *own;                  /* sorted by (name, arn), no duplicates */
	size_t nown;
	long live_tags;        /* tags the zone holds now */
	long tag_room;         /* tags it can still take */
};

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
		for (size_t j = 0; j < z->ntag_adds; j++) {
			free(z->tag_adds[j].key);
			free(z->tag_adds[j].value);
		}
		free(z->tag_adds);
		for (size_t j = 0; j < z->ntag_removes; j++) {
			free(z->tag_removes[j].key);
			free(z->tag_removes[j].value);
		}
		free(z->tag_removes);
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

static int
cmp_win(const void *a, const void *b)
{
	const struct win *x = a, *y = b;

	if (x->zone != y->zone)
		return x->zone < y->zone ? -1 : 1;
	return strcmp(x->arn, y->arn);
}

static int
cmp_svc_arn(const void *a, const void *b)
{
	return strcmp((*(const struct lat_service *const *)a)->arn, (*(const struct lat_service *const *)b)->arn);
}

static const struct lat_service *
service_by_arn(const struct lookup *lk, const char *arn)
{
	struct lat_service key = { .arn = (char *)arn };
	const struct lat_service *kp = &key, *const *hit;

	hit = lat_find(&kp, lk->svcs, lk->nsvcs, sizeof(*lk->svcs), cmp_svc_arn);
	return hit != NULL ? *hit : NULL;
}

/* Whether arn wins a name in zone zi (a move within the zone; another view's zone does not count). */
static int
is_winner(const struct lookup *lk, size_t zi, const char *arn)
{
	struct win key = { zi, arn };

	return lat_find(&key, lk->wins, lk->nwin, sizeof(*lk->wins), cmp_win) != NULL;
}

static void
lookup_cleanup(struct lookup *lk)
{
	free(lk->wins);
	free(lk->svcs);
	memset(lk, 0, sizeof(*lk));
}

static int
lookup_build(const struct lat_core_input *in, const struct lat_desired_set *des, struct lookup *lk)
{
	size_t ns = in->services ? in->services->n : 0;

	memset(lk, 0, sizeof(*lk));
	if ((lk->wins = malloc((des->n ? des->n : 1) * sizeof(*lk->wins))) == NULL ||
	    (lk->svcs = malloc((ns ? ns : 1) * sizeof(*lk->svcs))) == NULL) {
		lookup_cleanup(lk);
		return LAT_ENOMEM;
	}
	for (size_t i = 0; i < des->n; i++)
		lk->wins[lk->nwin++] = (struct win){ des->v[i].zone, des->v[i].svc->arn };
	for (size_t i = 0; i < ns; i++)
		if (in->services->v[i].arn != NULL)
			lk->svcs[lk->nsvcs++] = &in->services->v[i];
	lat_sort(lk->wins, lk->nwin, sizeof(*lk->wins), cmp_win);
	lat_sort(lk->svcs, lk->nsvcs, sizeof(*lk->svcs), cmp_svc_arn);
	return 0;
}

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
change_add(struct lat_plan_zone *pz, enum lat_change_kind kind, const struct lat_rrset *send,
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

static int
tag_add(struct lat_plan_tag **v, size_t *n, const char *key, const char *value)
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
owned_push(struct zdiff *zd, const char *arn, const char *raw_name, const char *value)
{
	struct lat_buf n = { 0 };
	struct owned *v;

	if (lat_dnsname_normalize(raw_name, &n) != 0)
		return LAT_ENOMEM;
	if ((v = realloc(zd->own, (zd->nown + 1) * sizeof(*v))) == NULL) {
		lat_buf_cleanup(&n);
		return LAT_ENOMEM;
	}
	zd->own = v;
	v[zd->nown++] = (struct owned){ .arn = arn, .name = lat_buf_take(&n), .value = value };
	lat_buf_cleanup(&n);
	return v[zd->nown - 1].name ? 0 : LAT_ENOMEM;
}

static int
cmp_owned(const void *a, const void *b)
{
	const struct owned *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->arn, y->arn);
}

/* Sorts by (name, arn) and drops repeats (the ledger holds one row per type of a name). */
static void
owned_sort_unique(struct zdiff *zd)
{
	size_t w = 0;

	lat_sort(zd->own, zd->nown, sizeof(*zd->own), cmp_owned);
	for (size_t i = 0; i < zd->nown; i++) {
		if (w > 0 && cmp_owned(&zd->own[w - 1], &zd->own[i]) == 0) {
			free(zd->own[i].name);
			continue;
		}
		zd->own[w++] = zd->own[i];
	}
	zd->nown = w;
}

/* The first owned entry whose name is not less than name. */
static size_t
owned_lower(const struct zdiff *zd, const char *name)
{
	size_t lo = 0, hi = zd->nown;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(zd->own[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Tags mode: zone tags whose key is a Lattice service or resource configuration ARN; state mode: the ledger's rows of this zone. */
static int
owned_collect(struct zdiff *zd)
{
	char region[64], account[64];
	int rc = 0;

	if (zd->in->ownership == LAT_OWN_TAGS) {
		for (size_t i = 0; i < zd->z->tags->n && rc == 0; i++) {
			const struct lat_tag *t = &zd->z->tags->v[i];

			if (lat_resource_parse_arn(t->key, region, sizeof(region), account, sizeof(account)))
				rc = owned_push(zd, t->key, t->value, t->value);
		}
	} else {
		for (size_t i = 0; zd->in->owned && i < zd->in->owned->n && rc == 0; i++) {
			const struct lat_owned *o = &zd->in->owned->v[i];

			if (strcmp(o->zone_id, zd->z->id) == 0 && o->service_arn != NULL)
				rc = owned_push(zd, o->service_arn, o->name, NULL);
		}
	}
	if (rc == 0)
		owned_sort_unique(zd);
	return rc;
}

/* A ledger row: an alias's target, or (issue 12) a CNAME's value in alias_dns_name, alias_zone_id NULL. */
static int
owned_after_add(struct zdiff *zd, const struct lat_rrset *r, const struct lat_service *s)
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

/* The types latticedns writes: A + AAAA aliases, or (cname and target styles) a CNAME. */
static const char *const types[] = { "A", "AAAA", "CNAME" };
#define NTYPES 3

/*
 * overwrite: owned-only (issue 9): a live A/AAAA at a wanted name that is
 * not already this service's alias and that latticedns does not own (no tag
 * or ledger row names it) is left; the service gets nothing and the name is
 * reported as a conflict. The default (any) overwrites, as the pipeline's UPSERT.
 */
static const struct lat_rrset *
foreign_at(const struct zdiff *zd, const struct lat_desired *ds, const struct lat_want *w)
{
	size_t k = owned_lower(zd, ds->name);

	if (zd->in->overwrite != LAT_OVERWRITE_OWNED_ONLY || (k < zd->nown && strcmp(zd->own[k].name, ds->name) == 0))
		return NULL;
	for (size_t t = 0; t < NTYPES; t++) {
		const struct lat_rrset *live = lat_rrindex_find(zd->live, ds->name, types[t]);

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
conflict_add(struct zdiff *zd, const struct lat_desired *ds, const char *reason)
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

static int
owned_at(const struct zdiff *zd, const char *name)
{
	size_t k = owned_lower(zd, name);

	return k < zd->nown && strcmp(zd->own[k].name, name) == 0;
}

/*
 * ownership: txt: what holds the registry name of a wanted name. Free or
 * ours: *reg is the live TXT (NULL: none) and why stays empty. Another
 * owner's, another tool's, a broken one, a user's TXT or a CNAME there:
 * why says so, and nothing at the name is written.
 */
static int
txt_gate(struct zdiff *zd, const struct lat_desired *ds, const struct lat_rrset **reg, struct lat_reg_entry *e,
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
static int
txt_want(struct zdiff *zd, const struct lat_desired *ds, const struct lat_rrset *reg, const struct lat_reg_entry *e)
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
		rc = change_add(zd->pz, reg ? LAT_CHANGE_UPDATE : LAT_CHANGE_CREATE, &want, reg, s->arn, s->account,
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
static int
txt_release(struct zdiff *zd, const struct owned *o, const char *account, const char *why)
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
	if ((rc = change_add(zd->pz, LAT_CHANGE_DELETE, live, live, o->arn, account, why)) == 0 &&
	    (zd->pz->changes[zd->pz->nchanges - 1].owns = strdup(o->name)) == NULL)
		rc = LAT_ENOMEM;
	return rc;
}

/*
 * adopt: alias-match (issue 10): a name nothing of ours owns, whose live A
 * and/or AAAA are aliases to exactly the service's dnsEntry (zone id and
 * name, compared as Route 53 normalises them), was written by the pipeline's
 * tag-less variants: it is this service's, adopted (registry entry written,
 * a missing AAAA created), never recreated. Anything else at the name is a
 * conflict, left as it is. *adopt says whether it applies.
 */
static int
adopt_check(struct zdiff *zd, const struct lat_desired *ds, int *adopt, struct lat_buf *why)
{
	const struct lat_service *s = ds->svc;
	int seen = 0;

	*adopt = 0;
	/* Issue 12: only an alias zone's records are the pipeline's; the target is the one the zone points at. */
	if (zd->z->adopt != LAT_ADOPT_ALIAS_MATCH || owned_at(zd, ds->name) || ds->dns == NULL ||
	    (zd->z->style != NULL && zd->z->style->kind != LAT_STYLE_ALIAS))
		return 0;
	for (size_t t = 0; t < 2; t++) {
		const struct lat_rrset *live = lat_rrindex_find(zd->live, ds->name, types[t]);

		if (live == NULL)
			continue;
		seen++;
		if (live->alias_dns_name == NULL || live->alias_zone_id == NULL || live->set_identifier != NULL ||
		    !lat_dnsname_equal_loose(live->alias_zone_id, ds->dns_zone) ||
		    !lat_dnsname_equal_loose(live->alias_dns_name, ds->dns)) {
			lat_buf_addf(why, "the %s record at the name is not an alias to the %s's dnsEntry %s "
			    "(zone %s); adopt: alias-match leaves it as it is", live->type, lat_resource_label(s->kind),
			    ds->dns, ds->dns_zone);
			return lat_buf_status(why);
		}
	}
	*adopt = seen > 0;
	return 0;
}

static int
adopted_note(struct zdiff *zd, const struct lat_desired *ds)
{
	struct lat_buf why = { 0 };
	int rc, a = lat_rrindex_find(zd->live, ds->name, "A") != NULL,
	    aaaa = lat_rrindex_find(zd->live, ds->name, "AAAA") != NULL;

	lat_buf_addf(&why, "its %s alias%s already point%s to the %s's dnsEntry %s: adopted, not recreated%s",
	    a && aaaa ? "A and AAAA" : a ? "A" : "AAAA", a && aaaa ? "es" : "", a && aaaa ? "" : "s",
	    lat_resource_label(ds->svc->kind),
	    ds->dns, a && aaaa ? "" : a ? "; the missing AAAA is created" : "; the missing A is created");
	rc = lat_buf_status(&why);
	if (rc == 0)
		rc = lat_plan_note_add(&zd->plan->adopted, &zd->plan->nadopted, ds->svc->arn, ds->name,
		    lat_buf_str(&why));
	lat_buf_cleanup(&why);
	return rc;
}

/*
 * Why a winning service must leave its name alone, in why (empty: it may
 * write it): the registry name is not free (txt), a record we do not own
 * holds it (overwrite: owned-only), or it is not an alias adopt can take.
 */
static int
gate_service(struct zdiff *zd, const struct lat_desired *ds, const struct lat_want *w, const struct lat_rrset **reg,
    struct lat_reg_entry *e, int *adopt, struct lat_buf *why)
{
	const struct lat_rrset *foreign;
	int rc = 0;

	if (zd->in->ownership == LAT_OWN_TXT && (rc = txt_gate(zd, ds, reg, e, why)) != 0)
		return rc;
	if (why->len == 0 && (foreign = foreign_at(zd, ds, w)) != NULL)
		lat_buf_addf(why, "a %s record latticedns does not own holds the name (overwrite: owned-only)",
		    foreign->type);
	if (why->len == 0 && (rc = adopt_check(zd, ds, adopt, why)) != 0)
		return rc;
	return lat_buf_status(why);
}

/* A winner's registry entry in tags mode; 1 in *blocked when the zone has no tag room left. */
static int
want_tag(struct zdiff *zd, const struct lat_desired *ds, int *blocked)
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
	    (rc = tag_add(&zd->pz->tag_adds, &zd->pz->ntag_adds, s->arn, s->custom_domain)) != 0)
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
 * A zone whose style changed (alias → cname, or back) holds our records of
 * the other shape at the name: a CNAME shares its name with nothing, so
 * they are deleted in the same batch as the new record is written (one
 * unit: same resource, same name; deletes sort first within a name).
 * desired.c already skipped the name if anything there was not ours.
 */
static int
replace_other_shape(struct zdiff *zd, const struct lat_desired *ds, const struct lat_want *w)
{
	const struct lat_service *s = ds->svc;
	int cname = strcmp(w->rr[0].type, "CNAME") == 0, rc = 0;

	for (size_t t = 0; t < NTYPES && rc == 0; t++) {
		const struct lat_rrset *live;
		struct lat_buf why = { 0 };

		if ((strcmp(types[t], "CNAME") == 0) == cname)
			continue;
		if ((live = lat_rrindex_find(zd->live, ds->name, types[t])) == NULL)
			continue;
		lat_buf_addf(&why, "the zone's style is %s now: the %s record gives way to %s", lat_style_name(
		    zd->z->style ? zd->z->style->kind : LAT_STYLE_ALIAS), live->type, cname ? "a CNAME" : "A + AAAA aliases");
		rc = lat_buf_status(&why);
		if (rc == 0)
			rc = change_add(zd->pz, LAT_CHANGE_DELETE, live, live, s->arn, s->account, lat_buf_str(&why));
		lat_buf_cleanup(&why);
	}
	return rc;
}

/* The records the zone's style wants at the name (w): created, or updated when the live one differs. */
static int
want_records(struct zdiff *zd, const struct lat_desired *ds, const struct lat_want *w)
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
			rc = change_add(zd->pz, LAT_CHANGE_CREATE, want, NULL, s->arn, s->account, lat_buf_str(&why));
		} else if (!lat_style_matches(live, want)) {
			if (live->alias_dns_name != NULL)
				lat_buf_addf(&why, "alias points to %s", live->alias_dns_name);
			else if (strcmp(live->type, "CNAME") == 0 && live->nvalues == 1)
				lat_buf_addf(&why, "CNAME points to %s (TTL %ld)", live->values[0], live->ttl);
			else
				lat_buf_addf(&why, "a non-alias %s record (TTL %ld) holds the name", live->type, live->ttl);
			rc = change_add(zd->pz, LAT_CHANGE_UPDATE, want, live, s->arn, s->account, lat_buf_str(&why));
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
static int
want_service(struct zdiff *zd, const struct lat_desired *ds)
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
		rc = want_tag(zd, ds, &blocked);
	if (rc != 0 || blocked)
		goto out;
	if (adopt && (rc = adopted_note(zd, ds)) != 0)
		goto out;
	if ((rc = want_records(zd, ds, &w)) == 0 && zd->in->ownership == LAT_OWN_TXT)
		rc = txt_want(zd, ds, reg, &e);
	for (size_t i = owned_lower(zd, ds->name); i < zd->nown && strcmp(zd->own[i].name, ds->name) == 0; i++)
		if (strcmp(zd->own[i].arn, s->arn) == 0)
			zd->own[i].matched = 1;
out:
	lat_buf_cleanup(&gate);
	lat_reg_entry_cleanup(&e);
	return rc;
}

/*
 * A conflict's loser (tags mode): the pipeline's create event of every
 * claimant wrote that claimant's own tag, so the converged zone carries one
 * tag per active claimant whatever the order of events. Winners were given
 * the tag room first; a loser gets its tag only while room is left.
 */
static int
loser_tag(struct zdiff *zd, const struct lat_desired *ds)
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
	return tag_add(&zd->pz->tag_adds, &zd->pz->ntag_adds, s->arn, s->custom_domain);
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
claimed(const struct zdiff *zd, const char *name)
{
	struct lat_desired key = { .zone = zd->zi, .name = (char *)name };

	return lat_find(&key, zd->des->v, zd->des->n, sizeof(*zd->des->v), cmp_desired_key) != NULL;
}

/* Why an owned name that is no longer desired must stay, or NULL when it can go. */
static const char *
hold_reason(const struct zdiff *zd, const struct owned *o, char *buf, size_t n)
{
	char region[64], account[64];
	const struct lat_service *s;
	const char *v;
	int st;

	if (!lat_resource_parse_arn(o->arn, region, sizeof(region), account, sizeof(account)))
		return "the owner is not a VPC Lattice service or resource configuration ARN";
	if ((st = listed(zd->in, account, region)) != 1) {
		snprintf(buf, n, st == 0 ? "account %s region %s was not listed this cycle" :
		    "account %s region %s is not in the configuration", account, region);
		return buf;
	}
	s = service_by_arn(zd->lk, o->arn);
	if (s != NULL) {
		const char *key, *want;

		lat_resource_selector(zd->in, s, &key, &want);
		if ((v = lat_tags_get(&s->tags, key)) == NULL)
			return NULL;
		if (strcmp(v, want) != 0) {
			snprintf(buf, n, "%s is \"%s\", not \"%s\": kept as they are (the pipeline's hold)", key, v, want);
			return buf;
		}
		/* Issue 12: the zone's own selector no longer takes it: only this zone's records go. */
		if (!lat_desired_zone_selects(zd->z, s))
			return NULL;
		return "the service is still active (see skipped and conflicts)";
	}
	return NULL;
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
we_wrote(const struct zdiff *zd, const struct lat_rrset *live)
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
leave_foreign(struct zdiff *zd, const struct owned *o, const struct lat_rrset *live)
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

/* An owned name no active service wants: delete its records and its tag, unless it must be held. */
static int
release_owned(struct zdiff *zd, const struct owned *o)
{
	const struct lat_service *s;
	const char *why;
	char buf[256];
	int rc = 0, moved = is_winner(zd->lk, zd->zi, o->arn);

	if (!moved && (why = hold_reason(zd, o, buf, sizeof(buf))) != NULL) {
		/* A conflict's loser keeps its tag silently; it is reported as a conflict. */
		if (strcmp(why, "the service is still active (see skipped and conflicts)") == 0)
			return 0;
		return lat_plan_note_add(&zd->plan->held, &zd->plan->nheld, o->arn, o->name, why);
	}
	s = service_by_arn(zd->lk, o->arn);
	why = moved ? "the service's custom domain changed" :
	    s != NULL && lat_desired_active(zd->in, s) ? "the zone's selector no longer selects it" :
	    s != NULL ? "the service no longer carries the opt-in tag" : "the service was deleted";
	if (lat_resource_kind_of_arn(o->arn) == LAT_RES_RESCFG)
		why = moved ? "the resource configuration's name changed" :
		    s != NULL && lat_desired_active(zd->in, s) ? "the zone's selector no longer selects it" :
		    s != NULL ? "the resource configuration no longer carries the opt-in tag" :
		    "the resource configuration was deleted";
	if (strcmp(o->name, zd->z->name) == 0) {
		/* An owned apex (a tag the pipeline wrote): its records are the zone's, never deleted. */
		rc = lat_plan_note_add(&zd->plan->skipped, &zd->plan->nskipped, o->arn, o->name,
		    "the zone's apex: latticedns never deletes a zone's apex records; only the tag is removed");
	} else if (!claimed(zd, o->name)) {
		for (size_t t = 0; t < NTYPES && rc == 0; t++) {
			const struct lat_rrset *live = lat_rrindex_find(zd->live, o->name, types[t]);

			if (live == NULL || delete_planned(zd->pz, live))
				continue;
			if (!we_wrote(zd, live))
				rc = leave_foreign(zd, o, live);
			else
				rc = change_add(zd->pz, LAT_CHANGE_DELETE, live, live, o->arn,
				    s ? s->account : NULL, why);
		}
	}
	if (rc == 0 && !moved && zd->in->ownership == LAT_OWN_TAGS)
		rc = tag_add(&zd->pz->tag_removes, &zd->pz->ntag_removes, o->arn, NULL);
	/* A name another of our services now wins keeps its registry record: that winner rewrites it. */
	if (rc == 0 && zd->in->ownership == LAT_OWN_TXT && !claimed(zd, o->name))
		rc = txt_release(zd, o, s ? s->account : NULL, why);
	return rc;
}

/*
 * By the name a change belongs with (a registry TXT sorts after the A and
 * AAAA it owns); within a name's records deletes first (a CNAME replacing
 * aliases, or back: Route 53 applies a batch in order); then type.
 */
static int
cmp_change(const void *a, const void *b)
{
	const struct lat_plan_change *x = a, *y = b;
	int c = strcmp(x->owns ? x->owns : x->rrset.name, y->owns ? y->owns : y->rrset.name);

	if (c == 0 && (x->owns == NULL) != (y->owns == NULL))
		return x->owns == NULL ? -1 : 1;
	if (c == 0 && (x->kind == LAT_CHANGE_DELETE) != (y->kind == LAT_CHANGE_DELETE))
		return x->kind == LAT_CHANGE_DELETE ? -1 : 1;
	return c != 0 ? c : strcmp(x->rrset.type, y->rrset.type);
}

static int
cmp_tag(const void *a, const void *b)
{
	return strcmp(((const struct lat_plan_tag *)a)->key, ((const struct lat_plan_tag *)b)->key);
}

/*
 * The delete threshold: deleting or overwriting more than max_delete_percent
 * of the records this controller owns in a zone looks like a listing gone
 * wrong, not like intent; it waits for --force.
 */
static int
safety(struct zdiff *zd)
{
	long owned = 0, risky = 0;
	struct lat_buf why = { 0 };

	for (size_t i = 0; i < zd->nown; i++)
		for (size_t t = 0; t < NTYPES; t++)
			owned += lat_rrindex_find(zd->live, zd->own[i].name, types[t]) != NULL;
	for (size_t i = 0; i < zd->pz->nchanges; i++) {
		const struct lat_plan_change *c = &zd->pz->changes[i];

		if (c->owns != NULL)
			continue;       /* a registry record: the records it owns are counted */
		if (c->kind == LAT_CHANGE_DELETE)
			risky++;
		else if (c->kind == LAT_CHANGE_UPDATE)
			for (size_t k = owned_lower(zd, c->rrset.name);
			    k < zd->nown && strcmp(zd->own[k].name, c->rrset.name) == 0; k++)
				risky++;
	}
	zd->pz->owned = owned;
	if (zd->in->force || owned < zd->in->min_records_for_threshold ||
	    risky * 100 <= (long)zd->in->max_delete_percent * owned)
		return 0;
	lat_buf_addf(&why, "the plan deletes or overwrites %ld of the %ld records latticedns owns in zone %s "
	    "(%ld%%, more than max_delete_percent %d%%); nothing in this zone is applied; check the failed "
	    "accounts and services, then run again with --force if this is intended", risky, owned,
	    zd->z->id, risky * 100 / owned, zd->in->max_delete_percent);
	zd->pz->safety_blocked = 1;
	zd->pz->safety_reason = lat_buf_take(&why);
	lat_buf_cleanup(&why);
	zd->plan->safety_blocked = 1;
	return zd->pz->safety_reason ? 0 : LAT_ENOMEM;
}

static int
diff_zone(struct zdiff *zd)
{
	int rc;

	zd->live_tags = (long)zd->z->tags->n;
	zd->tag_room = zd->z->tag_limit - zd->live_tags;
	if ((zd->pz->id = strdup(zd->z->id)) == NULL || (zd->pz->name = strdup(zd->z->name)) == NULL)
		return LAT_ENOMEM;
	zd->pz->read = zd->z->read;
	/*
	 * A zone that could not be read (an error, or an answer without its
	 * list) is held whole: an empty listing would read as "every owned
	 * record gone" and plan the removal of every ownership tag.
	 */
	if (zd->z->unread != NULL)
		return lat_plan_note_add(&zd->plan->held, &zd->plan->nheld, NULL, zd->z->name, zd->z->unread);
	if ((rc = owned_collect(zd)) != 0)
		return rc;
	for (size_t i = 0; i < zd->des->n && rc == 0; i++)
		if (zd->des->v[i].zone == zd->zi)
			rc = want_service(zd, &zd->des->v[i]);
	for (size_t i = 0; i < zd->des->nlosers && rc == 0; i++)
		if (zd->des->losers[i].zone == zd->zi)
			rc = loser_tag(zd, &zd->des->losers[i]);
	for (size_t i = 0; i < zd->nown && rc == 0; i++)
		if (!zd->own[i].matched)
			rc = release_owned(zd, &zd->own[i]);
	if (rc != 0)
		return rc;
	lat_sort(zd->pz->changes, zd->pz->nchanges, sizeof(*zd->pz->changes), cmp_change);
	lat_sort(zd->pz->tag_adds, zd->pz->ntag_adds, sizeof(*zd->pz->tag_adds), cmp_tag);
	lat_sort(zd->pz->tag_removes, zd->pz->ntag_removes, sizeof(*zd->pz->tag_removes), cmp_tag);
	return safety(zd);
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
	struct lookup lk = { 0 };
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
			rc = lookup_build(in, &des, &lk);
	}
	for (size_t i = 0; i < in->nzones && rc == 0; i++) {
		struct zdiff zd = { .in = in, .z = &in->zones[i], .zi = i, .des = &des, .plan = out,
			.pz = &out->zones[i], .live = &live[i], .lk = &lk };

		out->nzones = i + 1;
		rc = diff_zone(&zd);
		for (size_t k = 0; k < zd.nown; k++)
			free(zd.own[k].name);
		free(zd.own);
	}
	lookup_cleanup(&lk);
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
