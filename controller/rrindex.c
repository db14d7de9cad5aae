/* rrindex.c - see rrindex.h. */
#include "controller/rrindex.h"

#include <stdlib.h>
#include <string.h>

static int
cmp_rr(const void *a, const void *b)
{
	const struct lat_rrset *x = *(const struct lat_rrset *const *)a, *y = *(const struct lat_rrset *const *)b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : strcmp(x->type, y->type);
}

int
lat_rrindex_build(const struct lat_rrset_list *l, struct lat_rrindex *out)
{
	size_t n = l != NULL ? l->n : 0;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return 0;
	if ((out->v = malloc(n * sizeof(*out->v))) == NULL)
		return LAT_ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (l->v[i].set_identifier == NULL && l->v[i].name != NULL && l->v[i].type != NULL)
			out->v[out->n++] = &l->v[i];
	lat_sort(out->v, out->n, sizeof(*out->v), cmp_rr);
	return 0;
}

void
lat_rrindex_cleanup(struct lat_rrindex *ix)
{
	if (ix == NULL)
		return;
	free(ix->v);
	memset(ix, 0, sizeof(*ix));
}

const struct lat_rrset *
lat_rrindex_find(const struct lat_rrindex *ix, const char *name, const char *type)
{
	struct lat_rrset key = { .name = (char *)name, .type = (char *)type };
	const struct lat_rrset *kp = &key, *const *hit;

	hit = lat_find(&kp, ix->v, ix->n, sizeof(*ix->v), cmp_rr);
	return hit != NULL ? *hit : NULL;
}

const struct lat_rrset *const *
lat_rrindex_at(const struct lat_rrindex *ix, const char *name, size_t *n)
{
	size_t lo = 0, hi = ix->n, end;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (strcmp(ix->v[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < ix->n && strcmp(ix->v[end]->name, name) == 0; end++)
		;
	*n = end - lo;
	return *n > 0 ? &ix->v[lo] : NULL;
}
