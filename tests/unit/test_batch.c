/* test_batch.c - Route 53's change-batch limits as a table: elements (aliases included), characters, splits. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/batch.h"

/*
 * One run of identical units: `units` services, each with `per` changes at one
 * name. A change is an alias (values == 0) or a plain record set of `values`
 * values of `vlen` characters each.
 */
struct run {
	size_t units;
	size_t per;
	enum lat_change_kind kind;
	size_t values;
	size_t vlen;
};

struct changes {
	struct lat_plan_change *v;
	size_t n;
};

static void
changes_add_run(struct changes *c, const struct run *r, size_t *unit_no)
{
	char name[64], arn[64], *val = malloc(r->vlen + 1);
	static const char *const types[] = { "A", "AAAA", "TXT" };

	assert_non_null(val);
	memset(val, 'v', r->vlen);
	val[r->vlen] = '\0';
	c->v = realloc(c->v, (c->n + r->units * r->per) * sizeof(*c->v));
	assert_non_null(c->v);
	for (size_t u = 0; u < r->units; u++, (*unit_no)++) {
		snprintf(name, sizeof(name), "s%06zu.corp.internal.", *unit_no);
		snprintf(arn, sizeof(arn), "arn:aws:vpc-lattice:eu-west-1:111122223333:service/svc-%zu", *unit_no);
		for (size_t k = 0; k < r->per; k++) {
			struct lat_plan_change *ch = &c->v[c->n++];

			memset(ch, 0, sizeof(*ch));
			ch->kind = r->kind;
			ch->rrset.name = strdup(name);
			ch->rrset.type = strdup(types[k % 3]);
			ch->rrset.ttl = r->values ? 300 : -1;
			if (r->values == 0)
				ch->rrset.alias_dns_name = strdup("svc-1.7d67968.vpc-lattice-svcs.eu-west-1.on.aws.");
			for (size_t i = 0; i < r->values; i++)
				assert_int_equal(lat_rrset_add_value(&ch->rrset, val), 0);
			ch->service_arn = strdup(arn);
		}
	}
	free(val);
}

static void
changes_cleanup(struct changes *c)
{
	for (size_t i = 0; i < c->n; i++) {
		lat_rrset_cleanup(&c->v[i].rrset);
		free(c->v[i].service_arn);
	}
	free(c->v);
}

#define MAXRUNS 3
#define MAXB 12

/*
 * Each row: the changes, then the number of changes in each batch. Costs are
 * AWS-FACTS.md's: an alias is one element, a ResourceRecord one, UPSERT (create
 * and update) twice, DELETE once; 1,000 elements and 32,000 Value characters a
 * request.
 */
static const struct {
	const char *what;
	struct run runs[MAXRUNS];
	size_t sizes[MAXB];
} table[] = {
	{ "one service's A+AAAA alias UPSERT costs 4", { { 1, 2, LAT_CHANGE_CREATE, 0, 0 } }, { 2 } },
	{ "250 services' alias UPSERTs are exactly 1,000 elements", { { 250, 2, LAT_CHANGE_CREATE, 0, 0 } }, { 500 } },
	{ "the 251st service goes to a second batch", { { 251, 2, LAT_CHANGE_CREATE, 0, 0 } }, { 500, 2 } },
	{ "1,000 new services: 4 batches", { { 1000, 2, LAT_CHANGE_CREATE, 0, 0 } }, { 500, 500, 500, 500 } },
	{ "updates are UPSERTs too", { { 300, 2, LAT_CHANGE_UPDATE, 0, 0 } }, { 500, 100 } },
	{ "alias DELETE counts once: 500 services a batch", { { 500, 2, LAT_CHANGE_DELETE, 0, 0 } }, { 1000 } },
	{ "501 alias DELETE pairs", { { 501, 2, LAT_CHANGE_DELETE, 0, 0 } }, { 1000, 2 } },
	{ "a mix: 200 UPSERT pairs (800) + 100 DELETE pairs (200) = 1,000",
	  { { 200, 2, LAT_CHANGE_CREATE, 0, 0 }, { 100, 2, LAT_CHANGE_DELETE, 0, 0 } }, { 600 } },
	{ "a mix one element over", { { 200, 2, LAT_CHANGE_CREATE, 0, 0 }, { 100, 2, LAT_CHANGE_DELETE, 0, 0 },
	  { 1, 1, LAT_CHANGE_DELETE, 0, 0 } }, { 600, 1 } },
	{ "plain records: 3 values UPSERT cost 6", { { 166, 1, LAT_CHANGE_CREATE, 3, 10 } }, { 166 } },
	{ "plain records: the 167th set is over 1,000", { { 167, 1, LAT_CHANGE_CREATE, 3, 10 } }, { 166, 1 } },
	{ "plain DELETE: 1,000 single-value sets", { { 1000, 1, LAT_CHANGE_DELETE, 1, 10 } }, { 1000 } },
	{ "32,000 characters: 80 UPSERTs of 200", { { 100, 1, LAT_CHANGE_UPDATE, 1, 200 } }, { 80, 20 } },
	{ "32,000 characters: 160 DELETEs of 200", { { 161, 1, LAT_CHANGE_DELETE, 1, 200 } }, { 160, 1 } },
};

static void
batch_table(void **state)
{
	(void)state;
	for (size_t t = 0; t < sizeof(table) / sizeof(table[0]); t++) {
		struct changes c = { 0 };
		struct lat_batches bs = { 0 };
		struct lat_diag d = { 0 };
		size_t unit_no = 0, want = 0;

		for (size_t r = 0; r < MAXRUNS && table[t].runs[r].units; r++)
			changes_add_run(&c, &table[t].runs[r], &unit_no);
		assert_int_equal(lat_batch_build(c.v, c.n, &bs, &d), 0);
		while (want < MAXB && table[t].sizes[want])
			want++;
		if (bs.n != want)
			fail_msg("%s: %zu batches, want %zu", table[t].what, bs.n, want);
		for (size_t b = 0; b < bs.n; b++)
			if (bs.v[b].n != table[t].sizes[b])
				fail_msg("%s: batch %zu holds %zu changes, want %zu", table[t].what, b, bs.v[b].n,
				    table[t].sizes[b]);
		lat_batches_cleanup(&bs);
		changes_cleanup(&c);
	}
}

/* A and AAAA of one service are never cut apart, by the batcher or by a split. */
static void
pairs_stay_together(void **state)
{
	struct run r = { 251, 2, LAT_CHANGE_CREATE, 0, 0 };
	struct changes c = { 0 };
	struct lat_batches bs = { 0 };
	struct lat_batch lo, hi;
	struct lat_diag d = { 0 };
	size_t unit_no = 0;

	(void)state;
	changes_add_run(&c, &r, &unit_no);
	assert_int_equal(lat_batch_build(c.v, c.n, &bs, &d), 0);
	for (size_t b = 0; b < bs.n; b++)
		for (size_t i = 0; i < bs.v[b].n; i += 2)
			assert_string_equal(c.v[bs.v[b].idx[i]].rrset.name, c.v[bs.v[b].idx[i + 1]].rrset.name);
	assert_int_equal(lat_batch_split(c.v, &bs.v[0], &lo, &hi, &d), 0);
	assert_int_equal(lo.n, 250);
	assert_int_equal(hi.n, 250);
	lat_batch_cleanup(&lo);
	lat_batch_cleanup(&hi);
	/* The last batch is one service: it cannot be split. */
	assert_int_equal(lat_batch_split(c.v, &bs.v[1], &lo, &hi, &d), LAT_EINVAL);
	lat_diag_cleanup(&d);
	lat_batches_cleanup(&bs);
	changes_cleanup(&c);
}

/* A record set over a whole request on its own is refused with its name, not sent. */
static void
oversized_alone(void **state)
{
	struct run r = { 1, 1, LAT_CHANGE_CREATE, 1, 16001 };
	struct changes c = { 0 };
	struct lat_batches bs = { 0 };
	struct lat_diag d = { 0 };
	size_t unit_no = 0;

	(void)state;
	changes_add_run(&c, &r, &unit_no);
	assert_int_equal(lat_batch_build(c.v, c.n, &bs, &d), LAT_ELIMIT);
	assert_string_equal(lat_diag_msg(&d), "record set s000000.corp.internal. A alone is larger than one Route 53 "
	    "change batch");
	lat_diag_cleanup(&d);
	changes_cleanup(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(batch_table),
		cmocka_unit_test(pairs_stay_together),
		cmocka_unit_test(oversized_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
