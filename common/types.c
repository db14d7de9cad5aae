/* types.c - constructors, copies and cleanups of the shared plain data. */
#include "common/types.h"

#include <stdlib.h>
#include <string.h>

char *
lat_strdup0(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Grows a vector of elements of size sz to hold one more. */
static int
vgrow(void **v, size_t *cap, size_t n, size_t sz)
{
	size_t ncap;
	void *nv;

	if (n < *cap)
		return 0;
	ncap = *cap ? *cap * 2 : 8;
	if (ncap > SIZE_MAX / sz)
		return LAT_ENOMEM;
	nv = realloc(*v, ncap * sz);
	if (!nv)
		return LAT_ENOMEM;
	*v = nv;
	*cap = ncap;
	return 0;
}

/* Copies src into *dst; NULL stays NULL. Returns 0 or LAT_ENOMEM. */
static int
dup_into(char **dst, const char *src)
{
	*dst = NULL;
	if (!src)
		return 0;
	*dst = strdup(src);
	return *dst ? 0 : LAT_ENOMEM;
}

void
lat_tags_cleanup(struct lat_tags *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].key);
		free(t->v[i].value);
	}
	free(t->v);
	memset(t, 0, sizeof(*t));
}

int
lat_tags_set(struct lat_tags *t, const char *key, const char *value)
{
	char *k, *v;

	if (!(v = strdup(value ? value : "")))
		return LAT_ENOMEM;
	for (size_t i = 0; i < t->n; i++) {
		if (strcmp(t->v[i].key, key) == 0) {
			free(t->v[i].value);
			t->v[i].value = v;
			return 0;
		}
	}
	if (!(k = strdup(key)) || vgrow((void **)&t->v, &t->cap, t->n, sizeof(*t->v))) {
		free(k);
		free(v);
		return LAT_ENOMEM;
	}
	t->v[t->n].key = k;
	t->v[t->n].value = v;
	t->n++;
	return 0;
}

const char *
lat_tags_get(const struct lat_tags *t, const char *key)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].key, key) == 0)
			return t->v[i].value;
	return NULL;
}

int
lat_tags_copy(struct lat_tags *dst, const struct lat_tags *src)
{
	memset(dst, 0, sizeof(*dst));
	for (size_t i = 0; i < src->n; i++) {
		if (lat_tags_set(dst, src->v[i].key, src->v[i].value)) {
			lat_tags_cleanup(dst);
			return LAT_ENOMEM;
		}
	}
	return 0;
}

void
lat_rrset_cleanup(struct lat_rrset *r)
{
	free(r->name);
	free(r->type);
	free(r->set_identifier);
	for (size_t i = 0; i < r->nvalues; i++)
		free(r->values[i]);
	free(r->values);
	free(r->alias_zone_id);
	free(r->alias_dns_name);
	memset(r, 0, sizeof(*r));
	r->ttl = -1;
}

int
lat_rrset_add_value(struct lat_rrset *r, const char *value)
{
	char **nv;
	char *v = strdup(value);

	if (!v)
		return LAT_ENOMEM;
	nv = realloc(r->values, (r->nvalues + 1) * sizeof(*nv));
	if (!nv) {
		free(v);
		return LAT_ENOMEM;
	}
	r->values = nv;
	r->values[r->nvalues++] = v;
	return 0;
}

int
lat_rrset_copy(struct lat_rrset *dst, const struct lat_rrset *src)
{
	int rc = 0;

	memset(dst, 0, sizeof(*dst));
	dst->ttl = src->ttl;
	dst->alias_eval_health = src->alias_eval_health;
	rc |= dup_into(&dst->name, src->name);
	rc |= dup_into(&dst->type, src->type);
	rc |= dup_into(&dst->set_identifier, src->set_identifier);
	rc |= dup_into(&dst->alias_zone_id, src->alias_zone_id);
	rc |= dup_into(&dst->alias_dns_name, src->alias_dns_name);
	for (size_t i = 0; !rc && i < src->nvalues; i++)
		rc = lat_rrset_add_value(dst, src->values[i]);
	if (rc) {
		lat_rrset_cleanup(dst);
		return LAT_ENOMEM;
	}
	return 0;
}

void
lat_rrset_list_cleanup(struct lat_rrset_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		lat_rrset_cleanup(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int
lat_rrset_list_push(struct lat_rrset_list *l, struct lat_rrset *r)
{
	if (vgrow((void **)&l->v, &l->cap, l->n, sizeof(*l->v)))
		return LAT_ENOMEM;
	l->v[l->n++] = *r;
	memset(r, 0, sizeof(*r));
	r->ttl = -1;
	return 0;
}

void
lat_service_cleanup(struct lat_service *s)
{
	free(s->arn);
	free(s->id);
	free(s->name);
	free(s->status);
	free(s->custom_domain);
	free(s->dns_name);
	free(s->dns_zone_id);
	free(s->created_at);
	free(s->account);
	free(s->region);
	lat_tags_cleanup(&s->tags);
	free(s->verification);
	for (size_t i = 0; i < s->nassocs; i++)
		lat_rescfg_assoc_cleanup(&s->assocs[i]);
	free(s->assocs);
	memset(s, 0, sizeof(*s));
}

void
lat_rescfg_assoc_cleanup(struct lat_rescfg_assoc *a)
{
	free(a->id);
	free(a->sn_id);
	free(a->sn_arn);
	free(a->sn_name);
	free(a->dns_name);
	free(a->dns_zone_id);
	memset(a, 0, sizeof(*a));
}

int
lat_service_add_assoc(struct lat_service *s, struct lat_rescfg_assoc *a)
{
	struct lat_rescfg_assoc *v = realloc(s->assocs, (s->nassocs + 1) * sizeof(*v));

	if (v == NULL)
		return LAT_ENOMEM;
	s->assocs = v;
	v[s->nassocs++] = *a;
	memset(a, 0, sizeof(*a));
	return 0;
}

static int
assoc_copy(struct lat_rescfg_assoc *dst, const struct lat_rescfg_assoc *src)
{
	int rc = 0;

	memset(dst, 0, sizeof(*dst));
	dst->private_dns = src->private_dns;
	rc |= dup_into(&dst->id, src->id);
	rc |= dup_into(&dst->sn_id, src->sn_id);
	rc |= dup_into(&dst->sn_arn, src->sn_arn);
	rc |= dup_into(&dst->sn_name, src->sn_name);
	rc |= dup_into(&dst->dns_name, src->dns_name);
	rc |= dup_into(&dst->dns_zone_id, src->dns_zone_id);
	return rc;
}

int
lat_service_copy(struct lat_service *dst, const struct lat_service *src)
{
	int rc = 0;

	memset(dst, 0, sizeof(*dst));
	dst->created_ms = src->created_ms;
	rc |= dup_into(&dst->arn, src->arn);
	rc |= dup_into(&dst->id, src->id);
	rc |= dup_into(&dst->name, src->name);
	rc |= dup_into(&dst->status, src->status);
	rc |= dup_into(&dst->custom_domain, src->custom_domain);
	rc |= dup_into(&dst->dns_name, src->dns_name);
	rc |= dup_into(&dst->dns_zone_id, src->dns_zone_id);
	rc |= dup_into(&dst->created_at, src->created_at);
	rc |= dup_into(&dst->account, src->account);
	rc |= dup_into(&dst->region, src->region);
	dst->kind = src->kind;
	dst->name_from_tag = src->name_from_tag;
	rc |= dup_into(&dst->verification, src->verification);
	if (!rc && src->nassocs > 0 && (dst->assocs = calloc(src->nassocs, sizeof(*dst->assocs))) == NULL)
		rc = LAT_ENOMEM;
	for (size_t i = 0; !rc && i < src->nassocs; i++) {
		dst->nassocs = i + 1;
		rc = assoc_copy(&dst->assocs[i], &src->assocs[i]);
	}
	if (!rc)
		rc = lat_tags_copy(&dst->tags, &src->tags);
	if (rc) {
		lat_service_cleanup(dst);
		return LAT_ENOMEM;
	}
	return 0;
}

void
lat_service_list_cleanup(struct lat_service_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		lat_service_cleanup(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int
lat_service_list_push(struct lat_service_list *l, struct lat_service *s)
{
	if (vgrow((void **)&l->v, &l->cap, l->n, sizeof(*l->v)))
		return LAT_ENOMEM;
	l->v[l->n++] = *s;
	memset(s, 0, sizeof(*s));
	return 0;
}

void
lat_owned_cleanup(struct lat_owned *o)
{
	free(o->zone_id);
	free(o->name);
	free(o->type);
	free(o->alias_zone_id);
	free(o->alias_dns_name);
	free(o->service_arn);
	free(o->account);
	memset(o, 0, sizeof(*o));
}

int
lat_owned_copy(struct lat_owned *dst, const struct lat_owned *src)
{
	int rc = 0;

	memset(dst, 0, sizeof(*dst));
	dst->since_ms = src->since_ms;
	rc |= dup_into(&dst->zone_id, src->zone_id);
	rc |= dup_into(&dst->name, src->name);
	rc |= dup_into(&dst->type, src->type);
	rc |= dup_into(&dst->alias_zone_id, src->alias_zone_id);
	rc |= dup_into(&dst->alias_dns_name, src->alias_dns_name);
	rc |= dup_into(&dst->service_arn, src->service_arn);
	rc |= dup_into(&dst->account, src->account);
	if (rc) {
		lat_owned_cleanup(dst);
		return LAT_ENOMEM;
	}
	return 0;
}

void
lat_owned_list_cleanup(struct lat_owned_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		lat_owned_cleanup(&l->v[i]);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

int
lat_owned_list_push(struct lat_owned_list *l, struct lat_owned *o)
{
	if (vgrow((void **)&l->v, &l->cap, l->n, sizeof(*l->v)))
		return LAT_ENOMEM;
	l->v[l->n++] = *o;
	memset(o, 0, sizeof(*o));
	return 0;
}

int
lat_service_listed_by_owner(const struct lat_service *s)
{
	const char *p = s->arn;
	size_t alen;

	if (s->account == NULL || p == NULL)
		return 0;
	/* arn:PARTITION:vpc-lattice:REGION:ACCOUNT:service/ID (or resourceconfiguration/ID): the account follows the fourth colon. */
	for (int colons = 0; *p != '\0' && colons < 4; p++)
		colons += *p == ':';
	alen = strlen(s->account);
	return strncmp(p, s->account, alen) == 0 && p[alen] == ':';
}

void
lat_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

void *
lat_find(const void *key, const void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
	return n > 0 ? bsearch(key, base, n, size, cmp) : NULL;
}
