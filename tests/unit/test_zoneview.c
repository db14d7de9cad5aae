/* test_zoneview.c - the read decision (full read or view) as a table, and the view's bookkeeping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "controller/zoneview.h"

/* One row: the facts that differ from a converged zone's, and the decision. */
struct decide_case {
	const char *what;
	int have_view, stale, full_scan, startup, check_tags, tags_differ;   /* tags_differ 2: the view has none */
	long view_cycles, every, zone_count;
	int full;
	enum lat_read_why why;
	long age_cycles;
};

static void
test_read_decision_table(void **state)
{
	static struct lat_tag tv[] = { { "arn:1", "a.corp.internal" } }, to[] = { { "arn:1", "b.corp.internal" } };
	struct lat_tags same = { tv, 1, 1 }, other = { to, 1, 1 };
	/* The view holds 42 records, is 180 s old; tags mode unless said. */
	const struct decide_case cases[] = {
		{ "converged: the view holds", 1, 0, 0, 0, 1, 0, 3, 10, 42, 0, LAT_READ_VIEW_OK, 4 },
		{ "no view stored", 0, 0, 0, 0, 1, 0, 3, 10, 42, 1, LAT_READ_NO_VIEW, 0 },
		{ "view dropped after a failed write", 1, 1, 0, 0, 1, 0, 3, 10, 42, 1, LAT_READ_STALE, 0 },
		{ "--full-scan", 1, 0, 1, 0, 1, 0, 3, 10, 42, 1, LAT_READ_FLAG, 0 },
		{ "the daemon's first cycle", 1, 0, 0, 1, 1, 0, 3, 10, 42, 1, LAT_READ_STARTUP, 0 },
		{ "9th cycle after the full read: still the view", 1, 0, 0, 0, 1, 0, 8, 10, 42, 0, LAT_READ_VIEW_OK, 9 },
		{ "10th cycle: full_scan_every 10", 1, 0, 0, 0, 1, 0, 9, 10, 42, 1, LAT_READ_EVERY, 0 },
		{ "full_scan_every 1: every cycle, as before", 1, 0, 0, 0, 1, 0, 0, 1, 42, 1, LAT_READ_EVERY, 0 },
		{ "full_scan_every 2: the cycle after a full read uses the view", 1, 0, 0, 0, 1, 0, 0, 2, 42, 0,
		  LAT_READ_VIEW_OK, 1 },
		{ "full_scan_every 2: and the next reads whole", 1, 0, 0, 0, 1, 0, 1, 2, 42, 1, LAT_READ_EVERY, 0 },
		{ "a record added by hand", 1, 0, 0, 0, 1, 0, 3, 10, 43, 1, LAT_READ_COUNT, 0 },
		{ "a record deleted by hand", 1, 0, 0, 0, 1, 0, 3, 10, 41, 1, LAT_READ_COUNT, 0 },
		{ "no count in GetHostedZone", 1, 0, 0, 0, 1, 0, 3, 10, -1, 1, LAT_READ_NO_COUNT, 0 },
		{ "tags differ", 1, 0, 0, 0, 1, 1, 3, 10, 42, 1, LAT_READ_TAGS, 0 },
		{ "state mode: tags not compared", 1, 0, 0, 0, 0, 1, 3, 10, 42, 0, LAT_READ_VIEW_OK, 4 },
		{ "the flag is named first among reasons", 0, 0, 1, 0, 1, 1, 3, 10, 1, 1, LAT_READ_FLAG, 0 },
		{ "tags mode, the view stored no tags (it was saved in state mode)", 1, 0, 0, 0, 1, 2, 3, 10, 42, 1,
		  LAT_READ_TAGS, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct decide_case *c = &cases[i];
		struct lat_read_facts f = {
			.have_view = c->have_view, .stale = c->stale, .view_cycles = c->view_cycles, .view_age_s = 180,
			.view_count = 42, .zone_count = c->zone_count, .every = c->every, .full_scan = c->full_scan,
			.startup = c->startup, .check_tags = c->check_tags, .view_tags = c->tags_differ == 2 ? NULL : &same,
			.zone_tags = c->tags_differ == 1 ? &other : &same,
		};
		struct lat_zone_read r;

		lat_zoneview_decide(&f, &r);
		if (r.full != c->full || r.why != c->why || r.age_cycles != c->age_cycles)
			fail_msg("%s: got full=%d why=%d age=%ld, want full=%d why=%d age=%ld", c->what, r.full,
			    (int)r.why, r.age_cycles, c->full, (int)c->why, c->age_cycles);
		assert_int_equal(r.zone_count, c->zone_count);
		assert_int_equal(r.view_count, c->have_view ? 42 : -1);
		assert_int_equal(r.every, c->every);
		assert_int_equal(r.targeted, 0);
		assert_int_equal(r.age_s, r.full ? 0 : 180);
	}
}

static void
push(struct lat_rrset_list *l, const char *name, const char *type, const char *target)
{
	struct lat_rrset r = { .ttl = -1 };

	r.name = strdup(name);
	r.type = strdup(type);
	r.alias_zone_id = strdup("Z03867022NOYBCTG0GJR1");
	r.alias_dns_name = strdup(target);
	assert_int_equal(lat_rrset_list_push(l, &r), 0);
}

static const struct lat_rrset *
at(const struct lat_rrset_list *l, const char *name, const char *type)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->v[i].name, name) == 0 && strcmp(l->v[i].type, type) == 0)
			return &l->v[i];
	return NULL;
}

static void
test_apply_makes_the_zone_the_plan_leaves(void **state)
{
	struct lat_rrset_list live = { 0 };
	struct lat_tags tags = { 0 };
	struct lat_plan_change ch[3];
	struct lat_plan_tag add = { .key = "arn:new", .value = "new.corp.internal" }, rm = { .key = "arn:gone" };
	struct lat_plan_zone pz = { .changes = ch, .nchanges = 3, .tag_adds = &add, .ntag_adds = 1,
		.tag_removes = &rm, .ntag_removes = 1 };

	(void)state;
	memset(ch, 0, sizeof(ch));
	push(&live, "gone.corp.internal.", "A", "old.on.aws.");
	push(&live, "keep.corp.internal.", "A", "keep.on.aws.");
	push(&live, "moved.corp.internal.", "A", "before.on.aws.");
	assert_int_equal(lat_tags_set(&tags, "arn:gone", "gone.corp.internal"), 0);
	ch[0] = (struct lat_plan_change){ .kind = LAT_CHANGE_DELETE,
		.rrset = { .name = "gone.corp.internal.", .type = "A", .ttl = -1, .alias_dns_name = "old.on.aws." } };
	ch[1] = (struct lat_plan_change){ .kind = LAT_CHANGE_UPDATE,
		.rrset = { .name = "moved.corp.internal.", .type = "A", .ttl = -1, .alias_dns_name = "after.on.aws." } };
	ch[2] = (struct lat_plan_change){ .kind = LAT_CHANGE_CREATE,
		.rrset = { .name = "new.corp.internal.", .type = "AAAA", .ttl = -1, .alias_dns_name = "new.on.aws." } };
	assert_int_equal(lat_zoneview_apply(&live, &tags, &pz), 0);
	assert_int_equal(live.n, 3);
	assert_null(at(&live, "gone.corp.internal.", "A"));
	assert_string_equal(at(&live, "moved.corp.internal.", "A")->alias_dns_name, "after.on.aws.");
	assert_string_equal(at(&live, "new.corp.internal.", "AAAA")->alias_dns_name, "new.on.aws.");
	assert_string_equal(at(&live, "keep.corp.internal.", "A")->alias_dns_name, "keep.on.aws.");
	assert_int_equal(tags.n, 1);
	assert_string_equal(lat_tags_get(&tags, "arn:new"), "new.corp.internal");
	lat_rrset_list_cleanup(&live);
	lat_tags_cleanup(&tags);
}

static void
test_overlay_replaces_every_type_at_the_name(void **state)
{
	struct lat_rrset_list live = { 0 }, fresh = { 0 };

	(void)state;
	push(&live, "a.corp.internal.", "A", "x.on.aws.");
	push(&live, "a.corp.internal.", "AAAA", "x.on.aws.");
	push(&live, "b.corp.internal.", "A", "y.on.aws.");
	/* Someone replaced a's aliases by a CNAME: the targeted read says so. */
	push(&fresh, "a.corp.internal.", "CNAME", "elsewhere.example.");
	assert_int_equal(lat_zoneview_overlay(&live, "a.corp.internal.", &fresh), 0);
	assert_int_equal(fresh.n, 0);
	assert_int_equal(live.n, 2);
	assert_non_null(at(&live, "a.corp.internal.", "CNAME"));
	assert_null(at(&live, "a.corp.internal.", "A"));
	assert_non_null(at(&live, "b.corp.internal.", "A"));
	/* Nothing there now: the name is empty. */
	assert_int_equal(lat_zoneview_overlay(&live, "b.corp.internal.", &fresh), 0);
	assert_int_equal(live.n, 1);
	lat_rrset_list_cleanup(&live);
}

static void
test_names_are_distinct_and_capped(void **state)
{
	struct lat_plan_change ch[4];
	struct lat_plan_zone pz = { .changes = ch, .nchanges = 4 };
	struct lat_zoneview_names l = { 0 };
	size_t added = 0;

	(void)state;
	memset(ch, 0, sizeof(ch));
	ch[0].rrset.name = "a.";
	ch[1].rrset.name = "a.";
	ch[2].rrset.name = "b.";
	ch[3].rrset.name = "c.";
	assert_int_equal(lat_zoneview_names_add(&l, &pz, 2, &added), LAT_ELIMIT);
	lat_zoneview_names_cleanup(&l);
	assert_int_equal(lat_zoneview_names_add(&l, &pz, 10, &added), 0);
	assert_int_equal(added, 3);
	assert_int_equal(l.n, 3);
	/* A second round adds only what is new. */
	assert_int_equal(lat_zoneview_names_add(&l, &pz, 10, &added), 0);
	assert_int_equal(added, 0);
	assert_true(lat_zoneview_names_has(&l, "c."));
	lat_zoneview_names_cleanup(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_read_decision_table),
		cmocka_unit_test(test_apply_makes_the_zone_the_plan_leaves),
		cmocka_unit_test(test_overlay_replaces_every_type_at_the_name),
		cmocka_unit_test(test_names_are_distinct_and_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
