/* diff.c - one zone's three-way diff: desired x owned x live, the owned set and the order of the passes. */
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "controller/diff.h"
#include "controller/dnsname.h"
#include "controller/release.h"
#include "controller/resource.h"
#include "controller/safety.h"
#include "controller/tagown.h"
#include "controller/winner.h"

const char *const lat_diff_types[LAT_DIFF_NTYPES] = { "A", "AAAA", "CNAME" };

static int
cmp_win(const void *a, const void *b)
{
	const struct lat_diff_win *x = a, *y = b;

	if (x->zone != y->zone)
		return x->zone < y->zone ? -1 : 1;
	return strcmp(x->arn, y->arn);
}

static int
cmp_svc_arn(const void *a, const void *b)
{
	return strcmp((*(const struct lat_service *const *)a)->arn, (*(const struct lat_service *const *)b)->arn);
}

const struct lat_service *
lat_diff_service(const struct lat_diff_index *lk, const char *arn)
{
	struct lat_service key = { .arn = (char *)arn };
	const struct lat_service *kp = &key, *const *hit;

	hit = lat_find(&kp, lk->svcs, lk->nsvcs, sizeof(*lk->svcs), cmp_svc_arn);
	return hit != NULL ? *hit : NULL;
}

/* Whether arn wins a name in zone zi (a move within the zone; another view's zone does not count). */
int
lat_diff_wins(const struct lat_diff_index *lk, size_t zi, const char *arn)
{
	struct lat_diff_win key = { zi, arn };

	return lat_find(&key, lk->wins, lk->nwin, sizeof(*lk->wins), cmp_win) != NULL;
}

void
lat_diff_index_cleanup(struct lat_diff_index *lk)
{
	free(lk->wins);
	free(lk->svcs);
	memset(lk, 0, sizeof(*lk));
}

int
lat_diff_index_build(const struct lat_core_input *in, const struct lat_desired_set *des, struct lat_diff_index *lk)
{
	size_t ns = in->services ? in->services->n : 0;

	memset(lk, 0, sizeof(*lk));
	if ((lk->wins = malloc((des->n ? des->n : 1) * sizeof(*lk->wins))) == NULL ||
	    (lk->svcs = malloc((ns ? ns : 1) * sizeof(*lk->svcs))) == NULL) {
		lat_diff_index_cleanup(lk);
		return LAT_ENOMEM;
	}
	for (size_t i = 0; i < des->n; i++)
		lk->wins[lk->nwin++] = (struct lat_diff_win){ des->v[i].zone, des->v[i].svc->arn };
	for (size_t i = 0; i < ns; i++)
		if (in->services->v[i].arn != NULL)
			lk->svcs[lk->nsvcs++] = &in->services->v[i];
	lat_sort(lk->wins, lk->nwin, sizeof(*lk->wins), cmp_win);
	lat_sort(lk->svcs, lk->nsvcs, sizeof(*lk->svcs), cmp_svc_arn);
	return 0;
}

static int
owned_push(struct lat_diff *zd, const char *arn, const char *raw_name, const char *value)
{
	struct lat_buf n = { 0 };
	struct lat_diff_owned *v;

	if (lat_dnsname_normalize(raw_name, &n) != 0)
		return LAT_ENOMEM;
	if ((v = realloc(zd->own, (zd->nown + 1) * sizeof(*v))) == NULL) {
		lat_buf_cleanup(&n);
		return LAT_ENOMEM;
	}
	zd->own = v;
	v[zd->nown++] = (struct lat_diff_owned){ .arn = arn, .name = lat_buf_take(&n), .value = value };
	lat_buf_cleanup(&n);
	return v[zd->nown - 1].name ? 0 : LAT_ENOMEM;
}

static int
cmp_owned(const void *a, const void *b)
{
	const struct lat_diff_owned *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->arn, y->arn);
}

/* Sorts by (name, arn) and drops repeats (the ledger holds one row per type of a name). */
static void
owned_sort_unique(struct lat_diff *zd)
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
size_t
lat_diff_owned_lower(const struct lat_diff *zd, const char *name)
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
owned_collect(struct lat_diff *zd)
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

int
lat_diff_owned_at(const struct lat_diff *zd, const char *name)
{
	size_t k = lat_diff_owned_lower(zd, name);

	return k < zd->nown && strcmp(zd->own[k].name, name) == 0;
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

/* The zone's header in the plan, then (when it was read) the owned set and the passes in order. */
static int
run_passes(struct lat_diff *zd)
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
			rc = lat_winner_plan(zd, &zd->des->v[i]);
	for (size_t i = 0; i < zd->des->nlosers && rc == 0; i++)
		if (zd->des->losers[i].zone == zd->zi)
			rc = lat_tagown_loser(zd, &zd->des->losers[i]);
	for (size_t i = 0; i < zd->nown && rc == 0; i++)
		if (!zd->own[i].matched)
			rc = lat_release_plan(zd, &zd->own[i]);
	if (rc != 0)
		return rc;
	lat_sort(zd->pz->changes, zd->pz->nchanges, sizeof(*zd->pz->changes), cmp_change);
	lat_sort(zd->pz->tag_adds, zd->pz->ntag_adds, sizeof(*zd->pz->tag_adds), cmp_tag);
	lat_sort(zd->pz->tag_removes, zd->pz->ntag_removes, sizeof(*zd->pz->tag_removes), cmp_tag);
	return lat_safety_check(zd);
}

int
lat_diff_zone(struct lat_diff *zd)
{
	int rc = run_passes(zd);

	/* The owned set is this zone's alone: freed here, on success and failure alike. */
	for (size_t k = 0; k < zd->nown; k++)
		free(zd->own[k].name);
	free(zd->own);
	zd->own = NULL;
	zd->nown = 0;
	return rc;
}
