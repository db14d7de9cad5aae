/* test_plan.c - the pure core as tables: PARITY.md's cases and the rules around them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "controller/dnsname.h"
#include "controller/model.h"
#include "controller/planfmt.h"

#include "tests/unit/helper_world.h"

/* 1. NewService=true and a domain in the zone: A + AAAA alias and the ARN tag, exactly as the pipeline. */
static void
parity_01_new_service(void **state)
{
	struct world w;
	static const char *const want[] = { "create pay.corp.internal. A", "create pay.corp.internal. AAAA", NULL };

	(void)state;
	world_init(&w);
	add_service(&w, "svc-00000000000000001", "pay.corp.internal", "true", 1);
	build(&w);
	assert_changes(&w, want);
	for (size_t i = 0; i < 2; i++) {
		const struct lat_rrset *r = &w.plan.zones[0].changes[i].rrset;

		assert_string_equal(r->alias_zone_id, LZ);
		assert_string_equal(r->alias_dns_name, alias_of("svc-00000000000000001"));
		assert_int_equal(r->alias_eval_health, 0);
		assert_int_equal(r->ttl, -1);
		assert_null(r->set_identifier);
	}
	assert_int_equal(w.plan.zones[0].ntag_adds, 1);
	assert_string_equal(w.plan.zones[0].tag_adds[0].key, arn_of("svc-00000000000000001"));
	assert_string_equal(w.plan.zones[0].tag_adds[0].value, "pay.corp.internal");
	assert_int_equal(w.plan.summary.create, 2);
	world_cleanup(&w);
}

/* 2 and 3: no custom domain, or NewService=false from the start: nothing at all. */
static void
parity_02_03_nothing(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	add_service(&w, "svc-00000000000000002", NULL, "true", 1);
	add_service(&w, "svc-00000000000000003", "off.corp.internal", "false", 1);
	add_service(&w, "svc-00000000000000004", "case.corp.internal", "True", 1);   /* case-sensitive */
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.zones[0].ntag_adds, 0);
	world_cleanup(&w);
}

/* 4. true then false: records and tag stay, reported as held. */
static void
parity_04_hold(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	add_service(&w, "svc-00000000000000004", "hold.corp.internal", "false", 1);
	populated(&w, "svc-00000000000000004", "hold.corp.internal");
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.zones[0].ntag_removes, 0);
	assert_int_equal(w.plan.nheld, 1);
	assert_non_null(strstr(w.plan.held[0].reason, "the pipeline's hold"));
	world_cleanup(&w);
}

/* A tag value of AWS's longest (256 characters) is quoted whole in the hold's reason, never cut. */
static void
hold_reason_with_the_longest_tag_value(void **state)
{
	struct world w;
	char value[257], want[400];

	(void)state;
	memset(value, 'x', 256);
	value[256] = '\0';
	world_init(&w);
	add_service(&w, "svc-00000000000000004", "hold.corp.internal", value, 1);
	populated(&w, "svc-00000000000000004", "hold.corp.internal");
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.nheld, 1);
	snprintf(want, sizeof(want), "NewService is \"%s\", not \"true\": kept as they are (the pipeline's hold)", value);
	assert_string_equal(w.plan.held[0].reason, want);
	world_cleanup(&w);
}

/* 5 and 6: the key removed, or the service deleted: records deleted (exact live), tag removed. */
static void
parity_05_06_removal(void **state)
{
	struct world w;
	static const char *const want[] = { "delete a.corp.internal. A", "delete a.corp.internal. AAAA",
		"delete b.corp.internal. A", "delete b.corp.internal. AAAA", NULL };

	(void)state;
	world_init(&w);
	add_service(&w, "svc-00000000000000005", "a.corp.internal", NULL, 1);     /* key removed */
	populated(&w, "svc-00000000000000005", "a.corp.internal");
	populated(&w, "svc-00000000000000006", "b.corp.internal");              /* service gone */
	build(&w);
	assert_changes(&w, want);
	assert_string_equal(w.plan.zones[0].changes[0].rrset.alias_dns_name, "svc-00000000000000005.7d67968.vpc-lattice-svcs.eu-west-1.on.aws.");
	assert_int_equal(w.plan.zones[0].ntag_removes, 2);
	assert_int_equal(w.plan.summary.del, 4);
	world_cleanup(&w);
}

/* 7. An A record at the name pointing elsewhere is overwritten (UPSERT, counted as an update). */
static void
parity_07_overwrite(void **state)
{
	struct world w;
	static const char *const want[] = { "update over.corp.internal. A", "create over.corp.internal. AAAA", NULL };

	(void)state;
	world_init(&w);
	add_service(&w, "svc-00000000000000007", "over.corp.internal", "true", 1);
	add_live_plain(&w, "over.corp.internal.", "A", "10.1.2.3");
	build(&w);
	assert_changes(&w, want);
	assert_string_equal(w.plan.zones[0].changes[0].before.values[0], "10.1.2.3");
	world_cleanup(&w);
}

/* 10. A zone already populated by the pipeline: an empty plan. Also with case and trailing-dot noise. */
static void
parity_10_populated_is_empty(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	add_service(&w, "svc-00000000000000010", "Pre.Corp.Internal", "true", 1);
	populated(&w, "svc-00000000000000010", "Pre.Corp.Internal");
	/* Route 53 returns the name lower-cased; the tag keeps the spelling Lattice gave. */
	free(w.live.v[0].name);
	free(w.live.v[1].name);
	w.live.v[0].name = strdup("pre.corp.internal.");
	w.live.v[1].name = strdup("pre.corp.internal.");
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.zones[0].ntag_adds + w.plan.zones[0].ntag_removes, 0);
	world_cleanup(&w);
}

/* An owner whose (account, region) did not list is held: a listing failure never deletes. */
static void
failed_account_holds(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	w.regions[0].listed_ok = 0;
	w.regions[0].error = "AccessDenied";
	populated(&w, "svc-00000000000000011", "held.corp.internal");
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.zones[0].ntag_removes, 0);
	assert_int_equal(w.plan.nheld, 1);
	assert_non_null(strstr(w.plan.held[0].reason, "was not listed"));
	world_cleanup(&w);
}

/* Two services, one name: the newest wins; the loser keeps its tag and is a conflict; nothing is deleted. */
static void
conflict_newest_wins(void **state)
{
	struct world w;
	static const char *const want[] = { "update same.corp.internal. A", "update same.corp.internal. AAAA", NULL };

	(void)state;
	world_init(&w);
	add_service(&w, "svc-00000000000000012", "same.corp.internal", "true", 100);
	add_service(&w, "svc-00000000000000013", "same.corp.internal", "true", 200);
	populated(&w, "svc-00000000000000012", "same.corp.internal");
	build(&w);
	assert_changes(&w, want);
	assert_string_equal(w.plan.zones[0].changes[0].rrset.alias_dns_name, alias_of("svc-00000000000000013"));
	assert_int_equal(w.plan.nconflicts, 1);
	assert_string_equal(w.plan.conflicts[0].winner_arn, arn_of("svc-00000000000000013"));
	assert_int_equal(w.plan.zones[0].ntag_removes, 0);
	world_cleanup(&w);
}

/* PARITY.md's conflict row: each claimant's create event wrote its own tag, so a loser without one gets it. */
static void
conflict_loser_gets_its_tag(void **state)
{
	struct world w;
	static const char *const want[] = { "create same.corp.internal. A", "create same.corp.internal. AAAA", NULL };

	(void)state;
	world_init(&w);
	add_service(&w, "svc-00000000000000012", "same.corp.internal", "true", 100);
	add_service(&w, "svc-00000000000000013", "Same.corp.internal", "true", 200);
	build(&w);
	assert_changes(&w, want);
	assert_string_equal(w.plan.zones[0].changes[0].rrset.alias_dns_name, alias_of("svc-00000000000000013"));
	assert_int_equal(w.plan.zones[0].ntag_adds, 2);
	/* Sorted by key: ...12 (the loser) then ...13 (the winner), each with its own spelling. */
	assert_string_equal(w.plan.zones[0].tag_adds[0].key, arn_of("svc-00000000000000012"));
	assert_string_equal(w.plan.zones[0].tag_adds[0].value, "same.corp.internal");
	assert_string_equal(w.plan.zones[0].tag_adds[1].key, arn_of("svc-00000000000000013"));
	assert_string_equal(w.plan.zones[0].tag_adds[1].value, "Same.corp.internal");
	assert_int_equal(w.plan.nconflicts, 1);
	assert_int_equal(w.plan.summary.tags_add, 2);
	lat_plan_cleanup(&w.plan);
	/* The same zone once applied, whichever service wrote first: the plan is empty (tags do not depend on history). */
	populated(&w, "svc-00000000000000013", "same.corp.internal");
	assert_int_equal(lat_tags_set(&w.tags, arn_of("svc-00000000000000013"), "Same.corp.internal"), 0);
	assert_int_equal(lat_tags_set(&w.tags, arn_of("svc-00000000000000012"), "same.corp.internal"), 0);
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.zones[0].ntag_adds + w.plan.zones[0].ntag_removes, 0);
	world_cleanup(&w);
}

/* When the tag room is short, the winner's tag comes first and the loser waits; state mode writes no tags. */
static void
conflict_loser_tag_room(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	w.zone.tag_limit = 1;
	add_service(&w, "svc-00000000000000012", "same.corp.internal", "true", 100);
	add_service(&w, "svc-00000000000000013", "same.corp.internal", "true", 200);
	build(&w);
	assert_int_equal(w.plan.zones[0].ntag_adds, 1);
	assert_string_equal(w.plan.zones[0].tag_adds[0].key, arn_of("svc-00000000000000013"));
	assert_int_equal(w.plan.zones[0].nchanges, 2);
	assert_int_equal(w.plan.nblocked, 0);
	lat_plan_cleanup(&w.plan);
	w.zone.tag_limit = 50;
	w.in.ownership = LAT_OWN_STATE;
	build(&w);
	assert_int_equal(w.plan.zones[0].ntag_adds, 0);
	world_cleanup(&w);
}

/* Two owned entries naming one record set: each DELETE is planned once, both tags are removed. */
static void
delete_planned_once(void **state)
{
	struct world w;
	static const char *const want[] = { "delete twice.corp.internal. A", "delete twice.corp.internal. AAAA", NULL };

	(void)state;
	world_init(&w);
	populated(&w, "svc-00000000000000020", "twice.corp.internal");
	assert_int_equal(lat_tags_set(&w.tags, arn_of("svc-00000000000000021"), "Twice.corp.internal"), 0);
	add_service(&w, "svc-00000000000000021", "twice.corp.internal", NULL, 1);     /* untagged */
	build(&w);
	assert_changes(&w, want);
	assert_int_equal(w.plan.summary.del, 2);
	assert_int_equal(w.plan.zones[0].ntag_removes, 2);
	world_cleanup(&w);
}

/* The zone's apex is never written (skipped, no tag) nor deleted (an owned apex loses only its tag). */
static void
apex_never_touched(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	add_service(&w, "svc-00000000000000030", "Corp.Internal", "true", 1);
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.zones[0].ntag_adds, 0);
	assert_int_equal(w.plan.nskipped, 1);
	assert_string_equal(w.plan.skipped[0].name, "corp.internal.");
	assert_string_equal(w.plan.skipped[0].reason,
	    "the custom domain is the zone's apex; latticedns never writes a zone's apex records");
	lat_plan_cleanup(&w.plan);
	lat_service_list_cleanup(&w.svcs);
	/* A tag the pipeline left for an apex service that is gone now. */
	populated(&w, "svc-00000000000000031", "corp.internal");
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.zones[0].ntag_removes, 1);
	assert_int_equal(w.plan.nskipped, 1);
	assert_non_null(strstr(w.plan.skipped[0].reason, "never deletes a zone's apex records"));
	world_cleanup(&w);
}

/* conflicts: first-owner: the service that holds the name keeps it; the newcomer is the conflict's loser. */
static void
conflict_first_owner_keeps_the_name(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	w.in.conflicts = LAT_CONFLICTS_FIRST_OWNER;
	add_service(&w, "svc-00000000000000012", "same.corp.internal", "true", 100);
	add_service(&w, "svc-00000000000000013", "same.corp.internal", "true", 200);
	populated(&w, "svc-00000000000000012", "same.corp.internal");
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.nconflicts, 1);
	assert_string_equal(w.plan.conflicts[0].winner_arn, arn_of("svc-00000000000000012"));
	assert_string_equal(w.plan.conflicts[0].loser_arn, arn_of("svc-00000000000000013"));
	assert_string_equal(w.plan.conflicts[0].reason, "it holds the name (conflicts: first-owner)");
	/* The loser gets its tag, as every conflict loser does; the holder keeps the name next cycle too. */
	assert_int_equal(w.plan.zones[0].ntag_adds, 1);
	assert_string_equal(w.plan.zones[0].tag_adds[0].key, arn_of("svc-00000000000000013"));
	assert_int_equal(w.plan.zones[0].ntag_removes, 0);
	assert_int_equal(lat_tags_set(&w.tags, arn_of("svc-00000000000000013"), "same.corp.internal"), 0);
	lat_plan_cleanup(&w.plan);
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.nconflicts, 1);
	assert_string_equal(w.plan.conflicts[0].winner_arn, arn_of("svc-00000000000000012"));
	assert_int_equal(w.plan.zones[0].ntag_adds + w.plan.zones[0].ntag_removes, 0);
	world_cleanup(&w);

	/* Nobody holds it yet: the newest wins, as by default. */
	world_init(&w);
	w.in.conflicts = LAT_CONFLICTS_FIRST_OWNER;
	add_service(&w, "svc-00000000000000012", "same.corp.internal", "true", 100);
	add_service(&w, "svc-00000000000000013", "same.corp.internal", "true", 200);
	build(&w);
	assert_int_equal(w.plan.nconflicts, 1);
	assert_string_equal(w.plan.conflicts[0].winner_arn, arn_of("svc-00000000000000013"));
	assert_null(w.plan.conflicts[0].reason);
	world_cleanup(&w);
}

/* overwrite: owned-only: a record latticedns does not own is left, reported as a conflict; an owned one is replaced. */
static void
overwrite_owned_only(void **state)
{
	struct world w;
	char target[160];
	static const char *const want[] = { "update mine.corp.internal. A", "update mine.corp.internal. AAAA", NULL };

	(void)state;
	world_init(&w);
	w.in.overwrite = LAT_OVERWRITE_OWNED_ONLY;
	add_service(&w, "svc-00000000000000007", "over.corp.internal", "true", 1);
	add_live_plain(&w, "over.corp.internal.", "A", "10.1.2.3");
	/* mine: owned (by the tag of another, deleted service whose name it takes over). */
	add_service(&w, "svc-00000000000000008", "mine.corp.internal", "true", 1);
	snprintf(target, sizeof(target), "%s.", alias_of("svc-00000000000000009"));
	add_live_alias(&w, "mine.corp.internal.", "A", target);
	add_live_alias(&w, "mine.corp.internal.", "AAAA", target);
	assert_int_equal(lat_tags_set(&w.tags, arn_of("svc-00000000000000009"), "mine.corp.internal"), 0);
	build(&w);
	assert_changes(&w, want);
	assert_int_equal(w.plan.nconflicts, 1);
	assert_null(w.plan.conflicts[0].winner_arn);
	assert_string_equal(w.plan.conflicts[0].name, "over.corp.internal.");
	assert_string_equal(w.plan.conflicts[0].reason,
	    "a A record latticedns does not own holds the name (overwrite: owned-only)");
	/* No tag for the service that got nothing; the new owner's tag for mine. */
	assert_int_equal(w.plan.zones[0].ntag_adds, 1);
	assert_string_equal(w.plan.zones[0].tag_adds[0].key, arn_of("svc-00000000000000008"));
	world_cleanup(&w);
}

/* Outside every zone, outside allowed_domains, a CNAME at the name: skipped, no tag without records. */
static void
skips(void **state)
{
	struct world w;
	const char *allowed[] = { "team.corp.internal" };

	(void)state;
	world_init(&w);
	w.acct.allowed_domains = allowed;
	w.acct.nallowed = 1;
	add_service(&w, "svc-00000000000000014", "x.example.com", "true", 1);
	add_service(&w, "svc-00000000000000015", "other.corp.internal", "true", 1);
	add_service(&w, "svc-00000000000000016", "c.team.corp.internal", "true", 1);
	add_live_plain(&w, "c.team.corp.internal.", "CNAME", "elsewhere.example.com");
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.zones[0].ntag_adds, 0);
	assert_int_equal(w.plan.nskipped, 3);
	world_cleanup(&w);
}

/* Each service is held to its own account's allowed_domains, whatever order the accounts come in. */
static void
allowed_domains_per_account(void **state)
{
	static const char *ids[] = { "555555555555", "111111111111", "444444444444", "222222222222", "333333333333" };
	static const char *dom[][1] = { { "e.corp.internal" }, { "a.corp.internal" }, { "d.corp.internal" },
		{ "b.corp.internal" }, { "c.corp.internal" } };
	struct lat_core_account accts[5];
	struct world w;
	char id[32], name[64];

	(void)state;
	world_init(&w);
	for (size_t i = 0; i < 5; i++)
		accts[i] = (struct lat_core_account){ .id = ids[i], .regions = w.regions, .nregions = 2,
			.allowed_domains = dom[i], .nallowed = 1 };
	w.in.accounts = accts;
	w.in.naccounts = 5;
	/* Account i's service in its own domain (kept), then in the next account's (skipped). */
	for (size_t i = 0; i < 5; i++) {
		for (size_t k = 0; k < 2; k++) {
			struct lat_service *s;

			snprintf(id, sizeof(id), "svc-%017zu", 40 + 2 * i + k);
			snprintf(name, sizeof(name), "x%zu.%s", k, dom[(i + k) % 5][0]);
			add_service(&w, id, name, "true", 1);
			s = &w.svcs.v[w.svcs.n - 1];
			free(s->account);
			s->account = strdup(ids[i]);
		}
	}
	build(&w);
	assert_int_equal(w.plan.nskipped, 5);
	for (size_t i = 0; i < w.plan.nskipped; i++) {
		assert_string_equal(w.plan.skipped[i].reason, "the custom domain is outside the account's allowed_domains");
		assert_non_null(strstr(w.plan.skipped[i].name, "x1."));
	}
	assert_int_equal(w.plan.zones[0].ntag_adds, 5);
	world_cleanup(&w);
}

/* The tag registry: a service that cannot get its tag gets no records (blocked). */
static void
tag_capacity_blocks(void **state)
{
	struct world w;
	static const char *const want[] = { "create a.corp.internal. A", "create a.corp.internal. AAAA", NULL };

	(void)state;
	world_init(&w);
	w.zone.tag_limit = 2;
	assert_int_equal(lat_tags_set(&w.tags, "Owner", "network"), 0);
	add_service(&w, "svc-00000000000000017", "a.corp.internal", "true", 1);
	add_service(&w, "svc-00000000000000018", "b.corp.internal", "true", 1);
	build(&w);
	assert_changes(&w, want);
	assert_int_equal(w.plan.nblocked, 1);
	assert_string_equal(w.plan.blocked[0].service_arn, arn_of("svc-00000000000000018"));
	world_cleanup(&w);
}

/* The delete threshold: 6 of 12 owned records is 50% > 30%: blocked unless forced. */
static void
safety_threshold(void **state)
{
	struct world w;
	char id[32], dom[64];

	(void)state;
	for (int force = 0; force < 2; force++) {
		world_init(&w);
		w.in.force = force;
		for (int i = 0; i < 6; i++) {
			snprintf(id, sizeof(id), "svc-%017d", i);
			snprintf(dom, sizeof(dom), "n%d.corp.internal", i);
			if (i >= 3)
				add_service(&w, id, dom, "true", 1);
			populated(&w, id, dom);
		}
		build(&w);
		assert_int_equal(w.plan.summary.del, 6);
		assert_int_equal(w.plan.safety_blocked, !force);
		if (!force)
			assert_non_null(strstr(w.plan.zones[0].safety_reason, "--force"));
		world_cleanup(&w);
	}
}

/* State mode: the ledger owns, no tags are written. */
static void
state_mode(void **state)
{
	struct world w;
	struct lat_owned o = { 0 };
	static const char *const want[] = { "create new.corp.internal. A", "create new.corp.internal. AAAA",
		"delete old.corp.internal. A", NULL };

	(void)state;
	world_init(&w);
	w.in.ownership = LAT_OWN_STATE;
	add_service(&w, "svc-00000000000000020", "new.corp.internal", "true", 1);
	/* The ledger's row is exactly the live alias (not a Lattice name): state mode deletes it. */
	add_live_alias(&w, "old.corp.internal.", "A", "gone.example.");
	o.zone_id = strdup(ZONE);
	o.name = strdup("old.corp.internal.");
	o.type = strdup("A");
	o.alias_zone_id = strdup(LZ);
	o.alias_dns_name = strdup("gone.example.");
	o.service_arn = strdup(arn_of("svc-00000000000000021"));
	assert_int_equal(lat_owned_list_push(&w.owned, &o), 0);
	build(&w);
	assert_changes(&w, want);
	assert_int_equal(w.plan.zones[0].ntag_adds + w.plan.zones[0].ntag_removes, 0);
	assert_int_equal(w.plan.zones[0].owned_after.n, 2);
	world_cleanup(&w);
}

/* Issue 9: a removal deletes only an alias to a Lattice name, or (state mode) exactly the ledger's alias. */
static void
removal_deletes_only_what_we_wrote(void **state)
{
	struct world w;
	struct lat_owned o = { 0 };
	static const char *const want[] = { "delete ours.corp.internal. A", NULL };
	char target[160];

	(void)state;
	world_init(&w);
	add_live_plain(&w, "host01.corp.internal.", "A", "10.9.0.2");
	assert_int_equal(lat_tags_set(&w.tags, arn_of("svc-000000000000000d1"), "host01.corp.internal"), 0);
	add_live_alias(&w, "elb.corp.internal.", "AAAA", "dualstack.x.elb.amazonaws.com.");
	assert_int_equal(lat_tags_set(&w.tags, arn_of("svc-000000000000000d2"), "elb.corp.internal"), 0);
	snprintf(target, sizeof(target), "%s.", alias_of("svc-000000000000000d3"));
	add_live_alias(&w, "ours.corp.internal.", "A", target);
	assert_int_equal(lat_tags_set(&w.tags, arn_of("svc-000000000000000d3"), "ours.corp.internal"), 0);
	build(&w);
	assert_changes(&w, want);
	assert_int_equal(w.plan.nheld, 2);
	assert_string_equal(w.plan.held[0].name, "elb.corp.internal.");
	assert_string_equal(w.plan.held[0].reason, "the AAAA record at the name is an alias to "
	    "dualstack.x.elb.amazonaws.com., not one latticedns wrote; left as it is");
	assert_string_equal(w.plan.held[1].reason, "the A record at the name (TTL 300, 10.9.0.2) is not an alias "
	    "latticedns wrote; left as it is");
	world_cleanup(&w);

	/* State mode: a ledger row that differs from the live alias does not make it ours. */
	world_init(&w);
	w.in.ownership = LAT_OWN_STATE;
	add_live_alias(&w, "old.corp.internal.", "A", "other.example.");
	o.zone_id = strdup(ZONE);
	o.name = strdup("old.corp.internal.");
	o.type = strdup("A");
	o.alias_zone_id = strdup(LZ);
	o.alias_dns_name = strdup("gone.example.");
	o.service_arn = strdup(arn_of("svc-00000000000000021"));
	assert_int_equal(lat_owned_list_push(&w.owned, &o), 0);
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.nheld, 1);
	world_cleanup(&w);
}

/* Issue 9 (moves): the old name's records are deleted and the new ones created; the tag's rewrite comes last. */
static void
move_rewrites_the_tag_after_the_records(void **state)
{
	struct world w;
	char target[160];
	static const char *const all[] = { "create fresh.corp.internal. A", "create fresh.corp.internal. AAAA",
		"create new.corp.internal. A", "create new.corp.internal. AAAA", "delete old.corp.internal. A",
		"delete old.corp.internal. AAAA", NULL };

	(void)state;
	world_init(&w);
	add_service(&w, "svc-00000000000000030", "new.corp.internal", "true", 1);
	add_service(&w, "svc-00000000000000031", "fresh.corp.internal", "true", 1);
	snprintf(target, sizeof(target), "%s.", alias_of("svc-00000000000000030"));
	add_live_alias(&w, "old.corp.internal.", "A", target);
	add_live_alias(&w, "old.corp.internal.", "AAAA", target);
	assert_int_equal(lat_tags_set(&w.tags, arn_of("svc-00000000000000030"), "old.corp.internal"), 0);
	build(&w);
	assert_changes(&w, all);
	assert_int_equal(w.plan.zones[0].ntag_adds, 2);
	assert_string_equal(w.plan.zones[0].tag_adds[0].key, arn_of("svc-00000000000000030"));
	assert_string_equal(w.plan.zones[0].tag_adds[0].value, "new.corp.internal");
	assert_int_equal(w.plan.zones[0].tag_adds[0].after_records, 1);    /* the move: last */
	assert_int_equal(w.plan.zones[0].tag_adds[1].after_records, 0);    /* a new tag: first */
	assert_int_equal(w.plan.zones[0].ntag_removes, 0);
	world_cleanup(&w);
}

static void
lattice_names(void **state)
{
	static const struct { const char *name; int is; } t[] = {
		{ "svc-0123.7d67968.vpc-lattice-svcs.us-east-1.on.aws", 1 },
		{ "SVC-0123.7D67968.VPC-LATTICE-SVCS.EU-WEST-1.ON.AWS.", 1 },
		{ "x.vpc-lattice-svcs.us-east-1.on.aws.", 1 },
		{ "vpc-lattice-svcs.us-east-1.on.aws", 0 },
		{ ".vpc-lattice-svcs.us-east-1.on.aws", 0 },
		{ "x.vpc-lattice-svcs..on.aws", 0 },
		{ "x.vpc-lattice-svcs.us-east-1.on.aws.evil.com", 0 },
		{ "x.vpc-lattice-svcs.a.b.on.aws", 0 },
		{ "dualstack.x.elb.amazonaws.com.", 0 },
		{ "", 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (lat_dnsname_is_lattice(t[i].name) != t[i].is)
			fail_msg("%s: expected %d", t[i].name, t[i].is);
	assert_int_equal(lat_dnsname_is_lattice(NULL), 0);
}

static void
dnsname_table(void **state)
{
	static const struct { const char *in, *out; } t[] = {
		{ "Pay.Corp.Internal", "pay.corp.internal." },
		{ "pay.corp.internal.", "pay.corp.internal." },
		{ "*.corp.internal", "\\052.corp.internal." },
		{ "a b.corp", "a\\040b.corp." },
		{ "under_score-ok.x", "under_score-ok.x." },
		{ "\\052.already", "\\052.already." },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct lat_buf b = { 0 };

		assert_int_equal(lat_dnsname_normalize(t[i].in, &b), 0);
		assert_string_equal(lat_buf_str(&b), t[i].out);
		lat_buf_cleanup(&b);
	}
	assert_true(lat_dnsname_under("a.corp.internal.", "corp.internal."));
	assert_true(lat_dnsname_under("corp.internal.", "corp.internal."));
	assert_false(lat_dnsname_under("xcorp.internal.", "corp.internal."));
	assert_true(lat_dnsname_equal_loose("A.b.", "a.B"));
	assert_false(lat_dnsname_equal_loose("a.b", "a.c"));
}

static void
plan_text_and_json(void **state)
{
	struct world w;
	struct lat_buf t = { 0 }, j = { 0 };
	struct lat_api_counts calls = { 0 };

	(void)state;
	world_init(&w);
	add_service(&w, "svc-00000000000000001", "pay.corp.internal", "true", 1);
	populated(&w, "svc-00000000000000009", "gone.corp.internal");
	build(&w);
	assert_int_equal(lat_planfmt_text(&w.plan, &t), 0);
	assert_non_null(strstr(lat_buf_str(&t), "  + pay.corp.internal. A -> alias "));
	assert_non_null(strstr(lat_buf_str(&t), "  - gone.corp.internal. AAAA -> alias "));
	assert_non_null(strstr(lat_buf_str(&t), "\nPlan: 2 to create, 0 to update, 2 to delete; tags: +1 -1.\n"));
	lat_api_counts_add(&calls, "route53", "ListResourceRecordSets", 3, 0);
	assert_int_equal(lat_planfmt_json(&w.plan, &calls, &j), 0);
	assert_non_null(strstr(lat_buf_str(&j), "\"format_version\":\t1"));
	assert_non_null(strstr(lat_buf_str(&j), "\"route53:ListResourceRecordSets\":\t3"));
	assert_non_null(strstr(lat_buf_str(&j), "\"checksum\":\t\"sha256:"));
	lat_buf_cleanup(&t);
	lat_buf_cleanup(&j);
	lat_api_counts_cleanup(&calls);
	world_cleanup(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(removal_deletes_only_what_we_wrote),
		cmocka_unit_test(lattice_names),
		cmocka_unit_test(move_rewrites_the_tag_after_the_records),
		cmocka_unit_test(parity_01_new_service),
		cmocka_unit_test(parity_02_03_nothing),
		cmocka_unit_test(parity_04_hold),
		cmocka_unit_test(hold_reason_with_the_longest_tag_value),
		cmocka_unit_test(parity_05_06_removal),
		cmocka_unit_test(parity_07_overwrite),
		cmocka_unit_test(parity_10_populated_is_empty),
		cmocka_unit_test(failed_account_holds),
		cmocka_unit_test(conflict_newest_wins),
		cmocka_unit_test(conflict_loser_gets_its_tag),
		cmocka_unit_test(conflict_loser_tag_room),
		cmocka_unit_test(delete_planned_once),
		cmocka_unit_test(apex_never_touched),
		cmocka_unit_test(conflict_first_owner_keeps_the_name),
		cmocka_unit_test(overwrite_owned_only),
		cmocka_unit_test(skips),
		cmocka_unit_test(allowed_domains_per_account),
		cmocka_unit_test(tag_capacity_blocks),
		cmocka_unit_test(safety_threshold),
		cmocka_unit_test(state_mode),
		cmocka_unit_test(dnsname_table),
		cmocka_unit_test(plan_text_and_json),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
