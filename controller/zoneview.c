/* zoneview.c - the read decision and the zone view's bookkeeping (pure): full read or view, overlays. */
#include "controller/zoneview.h"

#include <stdlib.h>
#include <string.h>

void
lat_zoneview_decide(const struct lat_read_facts *f, struct lat_zone_read *out)
{
	memset(out, 0, sizeof(*out));
	out->full = 1;
	out->every = f->every;
	out->zone_count = f->zone_count;
	out->view_count = f->have_view ? f->view_count : -1;
	/* The first reason that applies is the one shown; every one of them means a full read. */
	if (f->full_scan)
		out->why = LAT_READ_FLAG;
	else if (f->startup)
		out->why = LAT_READ_STARTUP;
	else if (!f->have_view)
		out->why = LAT_READ_NO_VIEW;
	else if (f->stale)
		out->why = LAT_READ_STALE;
	else if (f->every <= 1 || f->view_cycles + 1 >= f->every)
		out->why = LAT_READ_EVERY;
	else if (f->zone_count < 0)
		out->why = LAT_READ_NO_COUNT;
	else if (f->zone_count != f->view_count)
		out->why = LAT_READ_COUNT;
	else if (f->check_tags && !lat_zoneview_tags_equal(f->view_tags, f->zone_tags))
		out->why = LAT_READ_TAGS;
	else {
		out->full = 0;
		out->why = LAT_READ_VIEW_OK;
		out->age_cycles = f->view_cycles + 1;
		out->age_s = f->view_age_s > 0 ? f->view_age_s : 0;
	}
}

int
lat_zoneview_tags_equal(const struct lat_tags *a, const struct lat_tags *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	if (a->n != b->n)
		return 0;
	/* 50 tags at most: a lookup each is cheap. Keys are unique within a set. */
	for (size_t i = 0; i < a->n; i++) {
		const char *v = lat_tags_get(b, a->v[i].key);

		if (v == NULL || strcmp(v, a->v[i].value ? a->v[i].value : "") != 0)
			return 0;
	}
	return 1;
}

int
lat_zoneview_overlay(struct lat_rrset_list *live, const char *name, struct lat_rrset_list *fresh)
{
	size_t k = 0;

	for (size_t i = 0; i < live->n; i++) {
		if (strcmp(live->v[i].name, name) == 0)
			lat_rrset_cleanup(&live->v[i]);
		else
			live->v[k++] = live->v[i];
	}
	live->n = k;
	for (size_t i = 0; i < fresh->n; i++)
		if (lat_rrset_list_push(live, &fresh->v[i]) != 0)
			return LAT_ENOMEM;
	lat_rrset_list_cleanup(fresh);
	return 0;
}

static const char *
sid(const struct lat_rrset *r)
{
	return r->set_identifier ? r->set_identifier : "";
}

static int
cmp_key(const struct lat_rrset *x, const struct lat_rrset *y)
{
	int c = strcmp(x->name, y->name);

	if (c == 0)
		c = strcmp(x->type, y->type);
	return c != 0 ? c : strcmp(sid(x), sid(y));
}

static int
cmp_ptr(const void *a, const void *b)
{
	return cmp_key(*(const struct lat_rrset *const *)a, *(const struct lat_rrset *const *)b);
}

static void
apply_tags(struct lat_tags *tags, const struct lat_plan_zone *pz, int *rc)
{
	for (size_t i = 0; *rc == 0 && i < pz->ntag_adds; i++)
		*rc = lat_tags_set(tags, pz->tag_adds[i].key, pz->tag_adds[i].value);
	for (size_t i = 0; i < pz->ntag_removes; i++) {
		size_t k = 0;

		for (size_t j = 0; j < tags->n; j++) {
			if (strcmp(tags->v[j].key, pz->tag_removes[i].key) == 0) {
				free(tags->v[j].key);
				free(tags->v[j].value);
			} else {
				tags->v[k++] = tags->v[j];
			}
		}
		tags->n = k;
	}
}

/*
 * A zone holds tens of thousands of record sets and a first apply changes
 * thousands: each change finds its record set in a sorted index, not by a
 * scan. A plan changes each (name, type) once, so the creates (no record
 * set there) are appended after every lookup, and removed record sets are
 * marked and compacted at the end.
 */
int
lat_zoneview_apply(struct lat_rrset_list *live, struct lat_tags *tags, const struct lat_plan_zone *pz)
{
	size_t n = live->n;
	struct lat_rrset **ix = malloc((n ? n : 1) * sizeof(*ix));
	unsigned char *gone = calloc(n ? n : 1, 1);
	struct lat_rrset_list add = { 0 };
	int rc = 0;

	if (ix == NULL || gone == NULL) {
		free(ix);
		free(gone);
		return LAT_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		ix[i] = &live->v[i];
	lat_sort(ix, n, sizeof(*ix), cmp_ptr);
	for (size_t i = 0; rc == 0 && i < pz->nchanges; i++) {
		const struct lat_plan_change *ch = &pz->changes[i];
		const struct lat_rrset *key = &ch->rrset;
		struct lat_rrset **hit = lat_find(&key, ix, n, sizeof(*ix), cmp_ptr);
		size_t at = hit != NULL ? (size_t)(*hit - live->v) : 0;
		struct lat_rrset copy = { 0 };

		if (ch->kind == LAT_CHANGE_DELETE) {
			if (hit != NULL)
				gone[at] = 1;
			continue;
		}
		if ((rc = lat_rrset_copy(&copy, &ch->rrset)) != 0)
			break;
		if (hit != NULL && !gone[at]) {
			lat_rrset_cleanup(*hit);
			**hit = copy;
		} else if ((rc = lat_rrset_list_push(&add, &copy)) != 0) {
			lat_rrset_cleanup(&copy);
		}
	}
	free(ix);
	if (rc == 0) {
		size_t k = 0;

		for (size_t i = 0; i < n; i++) {
			if (gone[i])
				lat_rrset_cleanup(&live->v[i]);
			else
				live->v[k++] = live->v[i];
		}
		live->n = k;
	}
	free(gone);
	for (size_t i = 0; rc == 0 && i < add.n; i++)
		rc = lat_rrset_list_push(live, &add.v[i]);
	lat_rrset_list_cleanup(&add);
	if (rc == 0 && tags != NULL)
		apply_tags(tags, pz, &rc);
	return rc == 0 ? 0 : LAT_ENOMEM;
}

void
lat_zoneview_names_cleanup(struct lat_zoneview_names *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int
lat_zoneview_names_has(const struct lat_zoneview_names *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i], name) == 0)
			return 1;
	return 0;
}

int
lat_zoneview_names_add(struct lat_zoneview_names *l, const struct lat_plan_zone *pz, size_t max, size_t *added)
{
	*added = 0;
	for (size_t i = 0; i < pz->nchanges; i++) {
		const char *name = pz->changes[i].rrset.name;

		/* A service's A and AAAA come together: the name just added is the likeliest repeat. */
		if ((l->n > 0 && strcmp(l->v[l->n - 1], name) == 0) || lat_zoneview_names_has(l, name))
			continue;
		if (l->n >= max)
			return LAT_ELIMIT;
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 16;
			char **v = realloc(l->v, cap * sizeof(*v));

			if (v == NULL)
				return LAT_ENOMEM;
			l->v = v;
			l->cap = cap;
		}
		if ((l->v[l->n] = strdup(name)) == NULL)
			return LAT_ENOMEM;
		l->n++;
		(*added)++;
	}
	return 0;
}
