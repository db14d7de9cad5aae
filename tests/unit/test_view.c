/* test_view.c - the zone views in the state database: saved whole, read back field by field, updated by name, dropped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "state/store.h"

struct db {
	char dir[64];
	char path[128];
	struct lat_state *st;
};

static void
db_open(struct db *x)
{
	struct lat_diag d = { 0 };

	snprintf(x->dir, sizeof(x->dir), "/tmp/lat-view-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->path, sizeof(x->path), "%s/state.db", x->dir);
	assert_int_equal(lat_state_open(x->path, &x->st, &d), 0);
}

static void
db_close(struct db *x)
{
	char p[160];

	lat_state_close(x->st);
	for (int i = 0; i < 3; i++) {
		snprintf(p, sizeof(p), "%s%s", x->path, i == 0 ? "" : i == 1 ? "-wal" : "-shm");
		unlink(p);
	}
	rmdir(x->dir);
}

static void
add_alias(struct lat_rrset_list *l, const char *name, const char *type, const char *target)
{
	struct lat_rrset r = { .ttl = -1 };

	r.name = strdup(name);
	r.type = strdup(type);
	r.alias_zone_id = strdup("Z03867022NOYBCTG0GJR1");
	r.alias_dns_name = strdup(target);
	assert_int_equal(lat_rrset_list_push(l, &r), 0);
}

static void
add_values(struct lat_rrset_list *l, const char *name, const char *type, const char *sid, long ttl,
    const char *v1, const char *v2)
{
	struct lat_rrset r = { .ttl = ttl };

	r.name = strdup(name);
	r.type = strdup(type);
	r.set_identifier = sid ? strdup(sid) : NULL;
	assert_int_equal(lat_rrset_add_value(&r, v1), 0);
	if (v2 != NULL)
		assert_int_equal(lat_rrset_add_value(&r, v2), 0);
	assert_int_equal(lat_rrset_list_push(l, &r), 0);
}

static const struct lat_rrset *
find(const struct lat_rrset_list *l, const char *name, const char *type, const char *sid)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0 && strcmp(l->v[i].type, type) == 0 &&
		    ((sid == NULL && l->v[i].set_identifier == NULL) ||
		    (sid != NULL && l->v[i].set_identifier != NULL && strcmp(sid, l->v[i].set_identifier) == 0)))
			return &l->v[i];
	return NULL;
}

static void
sample(struct lat_zone_view *v)
{
	memset(v, 0, sizeof(*v));
	v->read_ms = 1700000000000;
	v->has_tags = 1;
	add_values(&v->records, "corp.internal.", "SOA", NULL, 900, "ns-1.example. admin. 1 7200 900 1209600 86400", NULL);
	add_alias(&v->records, "api.corp.internal.", "A", "svc-1.7d67968.vpc-lattice-svcs.eu-west-1.on.aws.");
	add_alias(&v->records, "api.corp.internal.", "AAAA", "svc-1.7d67968.vpc-lattice-svcs.eu-west-1.on.aws.");
	/* Values that would break a naive join: a backslash escape, a raw newline, two values. */
	add_values(&v->records, "txt.corp.internal.", "TXT", NULL, 60, "\"a\\\\b \\052\"", "\"line\nbreak\"");
	add_values(&v->records, "w.corp.internal.", "A", "blue", 30, "10.0.0.1", NULL);
	add_values(&v->records, "w.corp.internal.", "A", "green", 30, "10.0.0.2", NULL);
	v->rrset_count = (long)v->records.n;
	assert_int_equal(lat_tags_set(&v->tags, "arn:aws:vpc-lattice:eu-west-1:111122223333:service/svc-1",
	    "api.corp.internal"), 0);
}

static void
test_saved_view_reads_back_field_by_field(void **state)
{
	struct db x;
	struct lat_zone_view v, got;
	struct lat_diag d = { 0 };
	int found = -1;

	(void)state;
	db_open(&x);
	assert_int_equal(lat_state_view_load(x.st, "Z1", &got, &found, &d), 0);
	assert_int_equal(found, 0);
	sample(&v);
	assert_int_equal(lat_state_view_save(x.st, "Z1", &v, &d), 0);
	assert_int_equal(lat_state_view_load(x.st, "Z1", &got, &found, &d), 0);
	assert_int_equal(found, 1);
	assert_int_equal(got.rrset_count, 6);
	assert_int_equal(got.read_ms, 1700000000000);
	assert_int_equal(got.cycles, 0);
	assert_null(got.stale);
	assert_int_equal(got.records.n, 6);
	const struct lat_rrset *a = find(&got.records, "api.corp.internal.", "AAAA", NULL);
	assert_non_null(a);
	assert_string_equal(a->alias_dns_name, "svc-1.7d67968.vpc-lattice-svcs.eu-west-1.on.aws.");
	assert_string_equal(a->alias_zone_id, "Z03867022NOYBCTG0GJR1");
	assert_int_equal(a->ttl, -1);
	assert_int_equal(a->nvalues, 0);
	const struct lat_rrset *t = find(&got.records, "txt.corp.internal.", "TXT", NULL);
	assert_non_null(t);
	assert_int_equal(t->nvalues, 2);
	assert_string_equal(t->values[0], "\"a\\\\b \\052\"");
	assert_string_equal(t->values[1], "\"line\nbreak\"");
	assert_int_equal(t->ttl, 60);
	assert_non_null(find(&got.records, "w.corp.internal.", "A", "blue"));
	assert_string_equal(find(&got.records, "w.corp.internal.", "A", "green")->values[0], "10.0.0.2");
	assert_int_equal(got.tags.n, 1);
	assert_string_equal(lat_tags_get(&got.tags, "arn:aws:vpc-lattice:eu-west-1:111122223333:service/svc-1"),
	    "api.corp.internal");
	/* Another zone's view is another row. */
	lat_state_view_cleanup(&got);
	assert_int_equal(lat_state_view_load(x.st, "Z2", &got, &found, &d), 0);
	assert_int_equal(found, 0);
	lat_state_view_cleanup(&got);
	lat_state_view_cleanup(&v);
	db_close(&x);
}

static void
test_update_replaces_only_the_names_given(void **state)
{
	struct db x;
	struct lat_zone_view v, got;
	struct lat_rrset_list now = { 0 };
	struct lat_tags tags = { 0 };
	struct lat_diag d = { 0 };
	const char *names[] = { "api.corp.internal.", "new.corp.internal." };
	int found;

	(void)state;
	db_open(&x);
	sample(&v);
	assert_int_equal(lat_state_view_save(x.st, "Z1", &v, &d), 0);
	/* api lost its AAAA and points elsewhere; new appeared; w (not named) is not touched. */
	add_alias(&now, "api.corp.internal.", "A", "svc-2.7d67968.vpc-lattice-svcs.eu-west-1.on.aws.");
	add_alias(&now, "new.corp.internal.", "A", "svc-3.7d67968.vpc-lattice-svcs.eu-west-1.on.aws.");
	add_values(&now, "w.corp.internal.", "A", "blue", 30, "10.9.9.9", NULL);
	assert_int_equal(lat_tags_set(&tags, "k", "v"), 0);
	struct lat_view_update u = { .names = names, .nnames = 2, .recs = &now, .rrset_count = 6, .cycles = 3,
		.tags = &tags };
	assert_int_equal(lat_state_view_update(x.st, "Z1", &u, &d), 0);
	assert_int_equal(lat_state_view_load(x.st, "Z1", &got, &found, &d), 0);
	assert_int_equal(got.records.n, 6);
	assert_int_equal(got.rrset_count, 6);
	assert_int_equal(got.cycles, 3);
	assert_null(find(&got.records, "api.corp.internal.", "AAAA", NULL));
	assert_string_equal(find(&got.records, "api.corp.internal.", "A", NULL)->alias_dns_name,
	    "svc-2.7d67968.vpc-lattice-svcs.eu-west-1.on.aws.");
	assert_non_null(find(&got.records, "new.corp.internal.", "A", NULL));
	assert_string_equal(find(&got.records, "w.corp.internal.", "A", "blue")->values[0], "10.0.0.1");
	assert_int_equal(got.tags.n, 1);
	assert_string_equal(lat_tags_get(&got.tags, "k"), "v");
	lat_state_view_cleanup(&got);
	lat_rrset_list_cleanup(&now);
	lat_tags_cleanup(&tags);
	lat_state_view_cleanup(&v);
	db_close(&x);
}

static void
test_invalidated_view_keeps_only_why(void **state)
{
	struct db x;
	struct lat_zone_view v, got;
	struct lat_diag d = { 0 };
	struct lat_state *ro = NULL;
	int found;

	(void)state;
	db_open(&x);
	sample(&v);
	assert_int_equal(lat_state_view_save(x.st, "Z1", &v, &d), 0);
	assert_int_equal(lat_state_view_invalidate(x.st, "Z1", "a write failed in run 7", &d), 0);
	assert_int_equal(lat_state_view_load(x.st, "Z1", &got, &found, &d), 0);
	assert_int_equal(found, 1);
	assert_string_equal(got.stale, "a write failed in run 7");
	assert_int_equal(got.records.n, 0);
	lat_state_view_cleanup(&got);
	/* A zone with no view stays without one. */
	assert_int_equal(lat_state_view_invalidate(x.st, "Z9", "why", &d), 0);
	assert_int_equal(lat_state_view_load(x.st, "Z9", &got, &found, &d), 0);
	assert_int_equal(found, 0);
	/* The next full read's save makes it usable again; a dry run reads it from a read-only open. */
	assert_int_equal(lat_state_view_save(x.st, "Z1", &v, &d), 0);
	assert_int_equal(lat_state_open_readonly(x.path, &ro, &d), 0);
	assert_int_equal(lat_state_view_load(ro, "Z1", &got, &found, &d), 0);
	assert_null(got.stale);
	assert_int_equal(got.records.n, 6);
	lat_state_close(ro);
	lat_state_view_cleanup(&got);
	lat_state_view_cleanup(&v);
	db_close(&x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_saved_view_reads_back_field_by_field),
		cmocka_unit_test(test_update_replaces_only_the_names_given),
		cmocka_unit_test(test_invalidated_view_keeps_only_why),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
