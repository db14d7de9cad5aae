/* batch.c - the fewest Route 53 change batches within its limits, pairs kept together. */
#include "controller/batch.h"

#include <stdlib.h>
#include <string.h>

void
lat_batch_cleanup(struct lat_batch *b)
{
	if (b != NULL) {
		free(b->idx);
		b->idx = NULL;
		b->n = 0;
	}
}

void
lat_batches_cleanup(struct lat_batches *b)
{
	for (size_t i = 0; b != NULL && i < b->n; i++)
		lat_batch_cleanup(&b->v[i]);
	if (b != NULL) {
		free(b->v);
		b->v = NULL;
		b->n = 0;
	}
}

struct cost {
	long elements, chars;
};

/*
 * What one change costs against Route 53's limits (AWS-FACTS.md, "Quotas >
 * Maximums on API requests"): each ResourceRecord element counts one, an
 * alias record counts one though it has none, and an UPSERT counts twice;
 * only Value elements count characters (an alias target is not a Value).
 */
int
lat_batch_is_create(const struct lat_plan_change *c)
{
	return c->kind == LAT_CHANGE_CREATE && c->owns != NULL;
}

static struct cost
change_cost(const struct lat_plan_change *c)
{
	struct cost k = { 0, 0 };
	long mult = c->kind == LAT_CHANGE_DELETE || lat_batch_is_create(c) ? 1 : 2;

	k.elements = c->rrset.alias_dns_name != NULL ? 1 : (long)c->rrset.nvalues;
	for (size_t i = 0; i < c->rrset.nvalues; i++)
		k.chars += (long)strlen(c->rrset.values[i]);
	k.elements *= mult;
	k.chars *= mult;
	return k;
}

/*
 * A unit is one service's changes at one name, with the registry TXT that
 * owns them (ownership: txt): never split, so the registry and the records
 * it owns change in one atomic batch.
 */
static int
same_unit(const struct lat_plan_change *a, const struct lat_plan_change *b)
{
	return a->service_arn != NULL && b->service_arn != NULL && strcmp(a->service_arn, b->service_arn) == 0 &&
	    strcmp(a->owns ? a->owns : a->rrset.name, b->owns ? b->owns : b->rrset.name) == 0;
}

/* Length of the unit (a service's records at one name) starting at position i of idx. */
static size_t
unit_len(const struct lat_plan_change *ch, const size_t *idx, size_t n, size_t i)
{
	size_t j = i + 1;

	while (j < n && same_unit(&ch[idx[i]], &ch[idx[j]]))
		j++;
	return j - i;
}

static int
fits(struct cost have, struct cost add)
{
	return have.elements + add.elements <= LAT_BATCH_MAX_ELEMENTS && have.chars + add.chars <= LAT_BATCH_MAX_CHARS;
}

static int
batch_push(struct lat_batches *out, const size_t *idx, size_t n)
{
	struct lat_batch *v = realloc(out->v, (out->n + 1) * sizeof(*v));

	if (v == NULL)
		return LAT_ENOMEM;
	out->v = v;
	v[out->n].idx = malloc(n * sizeof(size_t));
	if (v[out->n].idx == NULL)
		return LAT_ENOMEM;
	memcpy(v[out->n].idx, idx, n * sizeof(size_t));
	v[out->n++].n = n;
	return 0;
}

int
lat_batch_build(const struct lat_plan_change *changes, size_t n, struct lat_batches *out, struct lat_diag *d)
{
	size_t *all = malloc((n ? n : 1) * sizeof(*all)), start = 0;
	struct cost have = { 0, 0 };
	int rc = all ? 0 : LAT_ENOMEM;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < n && all; i++)
		all[i] = i;
	for (size_t i = 0; i < n && rc == 0;) {
		size_t u = unit_len(changes, all, n, i);
		struct cost add = { 0, 0 };

		for (size_t k = i; k < i + u; k++) {
			struct cost c = change_cost(&changes[k]);

			add.elements += c.elements;
			add.chars += c.chars;
		}
		if (!fits((struct cost){ 0, 0 }, add)) {
			rc = LAT_ELIMIT;
			lat_diag_set(d, rc, "record set %s %s alone is larger than one Route 53 change batch",
			    changes[i].rrset.name, changes[i].rrset.type);
			break;
		}
		if (!fits(have, add)) {
			rc = batch_push(out, all + start, i - start);
			start = i;
			have = (struct cost){ 0, 0 };
		}
		have.elements += add.elements;
		have.chars += add.chars;
		i += u;
	}
	if (rc == 0 && n > start)
		rc = batch_push(out, all + start, n - start);
	free(all);
	if (rc != 0) {
		lat_batches_cleanup(out);
		if (rc == LAT_ENOMEM)
			lat_diag_set(d, rc, "out of memory cutting change batches");
	}
	return rc;
}

int
lat_batch_split(const struct lat_plan_change *changes, const struct lat_batch *b, struct lat_batch *lo,
    struct lat_batch *hi, struct lat_diag *d)
{
	size_t units = 0, cut = 0, seen = 0;

	memset(lo, 0, sizeof(*lo));
	memset(hi, 0, sizeof(*hi));
	for (size_t i = 0; i < b->n; i += unit_len(changes, b->idx, b->n, i))
		units++;
	if (units < 2)
		return lat_diag_set(d, LAT_EINVAL, "a batch of one service's records cannot be split");
	for (size_t i = 0; i < b->n; i += unit_len(changes, b->idx, b->n, i))
		if (++seen == units / 2 + 1 && cut == 0)
			cut = i;
	lo->idx = malloc(cut * sizeof(size_t));
	hi->idx = malloc((b->n - cut) * sizeof(size_t));
	if (lo->idx == NULL || hi->idx == NULL) {
		lat_batch_cleanup(lo);
		lat_batch_cleanup(hi);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	memcpy(lo->idx, b->idx, cut * sizeof(size_t));
	memcpy(hi->idx, b->idx + cut, (b->n - cut) * sizeof(size_t));
	lo->n = cut;
	hi->n = b->n - cut;
	return 0;
}
