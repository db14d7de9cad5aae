/* test_registry.c - ownership: txt (the registry record, the plans it makes), adopt: alias-match, migrate plans. */
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
#include "controller/batch.h"
#include "controller/migrate.h"
#include "controller/registry.h"

#include "tests/unit/helper_world.h"

static void
txt_mode(struct world *w)
{
	w->in.ownership = LAT_OWN_TXT;
	w->in.owner_id = "net-prod";
	w->in.txt_prefix = "_latticedns.";
}

static void
add_registry(struct world *w, const char *name, const char *owner, const char *id)
{
	char rn[160], val[256];

	snprintf(rn, sizeof(rn), "_latticedns.%s", name);
	snprintf(val, sizeof(val), "\"heritage=latticedns,owner=%s,arn=%s\"", owner, arn_of(id));
	add_live_plain(w, rn, "TXT", val);
}

static void
assert_kind(const char *value, enum lat_reg_kind want, const char *owner, const char *arn)
{
	struct lat_rrset r = { .name = "_latticedns.x.corp.internal.", .type = "TXT", .ttl = 300 };
	char *values[1] = { (char *)value };
	struct lat_reg_entry e;

	r.values = values;
	r.nvalues = 1;
	assert_int_equal(lat_registry_classify(&r, "net-prod", &e), 0);
	assert_int_equal(e.kind, want);
	if (owner != NULL) {
		assert_string_equal(e.owner, owner);
		assert_string_equal(e.arn, arn);
	}
	lat_reg_entry_cleanup(&e);
}

/* The value: exactly our format is ours; anything else is not, and never taken for it. */
static void
registry_classify_table(void **state)
{
	struct lat_buf b = { 0 };
	const char *arn = "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0a1b2c3d4e5f60718";

	(void)state;
	assert_int_equal(lat_registry_format(&b, "net-prod", arn), 0);
	assert_string_equal(lat_buf_str(&b), "\"heritage=latticedns,owner=net-prod,arn=arn:aws:vpc-lattice:us-east-1:"
	    "111122223333:service/svc-0a1b2c3d4e5f60718\"");
	assert_kind(lat_buf_str(&b), LAT_REG_OURS, "net-prod", arn);
	assert_kind("\"heritage=latticedns,owner=net-dev,arn=arn:x\"", LAT_REG_OTHER_OWNER, "net-dev", "arn:x");
	assert_kind("\"heritage=external-dns,external-dns/owner=default\"", LAT_REG_FOREIGN_HERITAGE, NULL, NULL);
	assert_kind("\"heritage=latticedns,owner=net-prod\"", LAT_REG_UNPARSABLE, NULL, NULL);
	assert_kind("heritage=latticedns,owner=net-prod,arn=arn:x", LAT_REG_UNPARSABLE, NULL, NULL);   /* unquoted */
	assert_kind("\"heritage=latticedns,owner=net-prod,arn=arn:x,extra=1\"", LAT_REG_UNPARSABLE, NULL, NULL);
	assert_kind("\"heritage=latticedns,owner=net-prod,arn=\"", LAT_REG_UNPARSABLE, NULL, NULL);
	assert_kind("\"heritage=latticedns,owner=a b,arn=arn:x\"", LAT_REG_UNPARSABLE, NULL, NULL);
	assert_kind("\"heritage=latticedns\" \"owner=net-prod,arn=arn:x\"", LAT_REG_UNPARSABLE, NULL, NULL);
	assert_kind("\"heritage=latticedns-fork,owner=net-prod,arn=arn:x\"", LAT_REG_UNPARSABLE, NULL, NULL);
	assert_kind("\"v=spf1 -all\"", LAT_REG_USER, NULL, NULL);
	assert_kind("\"\"", LAT_REG_USER, NULL, NULL);
	lat_buf_cleanup(&b);
	/* An owner of 64 characters and an ARN that makes the string pass 255 are refused. */
	{
		char big[300];

		memset(big, 'a', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		assert_int_equal(lat_registry_format(&b, "net-prod", big), LAT_ELIMIT);
		lat_buf_cleanup(&b);
	}
}

static void
registry_names_and_checks(void **state)
{
	struct lat_buf b = { 0 }, why = { 0 };

	(void)state;
	assert_int_equal(lat_registry_name(&b, "_latticedns.", "pay.corp.internal."), 0);
	assert_string_equal(lat_buf_str(&b), "_latticedns.pay.corp.internal.");
	lat_buf_reset(&b);
	assert_int_equal(lat_registry_name(&b, "reg-", "\\052.corp.internal."), 0);
	assert_string_equal(lat_buf_str(&b), "reg-\\052.corp.internal.");
	lat_buf_reset(&b);
	assert_int_equal(lat_registry_owned_name("_latticedns.", "_latticedns.pay.corp.internal.", &b), 0);
	assert_string_equal(lat_buf_str(&b), "pay.corp.internal.");
	lat_buf_reset(&b);
	assert_int_equal(lat_registry_owned_name("_latticedns.", "pay.corp.internal.", &b), -1);
	assert_int_equal(lat_registry_owned_name("_latticedns.", "_latticedns.", &b), -1);
	assert_int_equal(lat_registry_check_prefix("_latticedns.", &why), 0);
	assert_int_equal(lat_registry_check_prefix("reg-", &why), 0);
	assert_int_equal(lat_registry_check_prefix("a..b.", &why), -1);
	assert_int_equal(lat_registry_check_prefix(".x", &why), -1);
	assert_int_equal(lat_registry_check_prefix("X.", &why), -1);
	assert_int_equal(lat_registry_check_prefix("", &why), -1);
	assert_int_equal(lat_registry_check_owner("net-prod.eu_1", &why), 0);
	assert_int_equal(lat_registry_check_owner("net,prod", &why), -1);
	assert_int_equal(lat_registry_check_owner("", &why), -1);
	lat_buf_cleanup(&b);
	lat_buf_cleanup(&why);
}

/* A new service: A, AAAA and its registry TXT, the TXT last, one unit for the batcher; no tag. */
static void
txt_new_service(void **state)
{
	struct world w;
	static const char *const want[] = { "create pay.corp.internal. A", "create pay.corp.internal. AAAA",
		"create _latticedns.pay.corp.internal. TXT", NULL };
	struct lat_batches bs = { 0 };
	struct lat_diag d = { 0 };

	(void)state;
	world_init(&w);
	txt_mode(&w);
	add_service(&w, "svc-00000000000000001", "pay.corp.internal", "true", 1);
	build(&w);
	assert_changes(&w, want);
	assert_int_equal(w.plan.zones[0].ntag_adds, 0);
	assert_string_equal(w.plan.zones[0].changes[2].rrset.values[0],
	    "\"heritage=latticedns,owner=net-prod,arn=arn:aws:vpc-lattice:eu-west-1:111122223333:service/"
	    "svc-00000000000000001\"");
	assert_int_equal(w.plan.zones[0].changes[2].rrset.ttl, LAT_REGISTRY_TTL);
	assert_string_equal(w.plan.zones[0].changes[2].owns, "pay.corp.internal.");
	assert_int_equal(lat_batch_build(w.plan.zones[0].changes, 3, &bs, &d), 0);
	assert_int_equal(bs.n, 1);
	{
		struct lat_batch lo, hi;

		/* One unit: a refused batch of it cannot be split between the records and their registry. */
		assert_int_equal(lat_batch_split(w.plan.zones[0].changes, &bs.v[0], &lo, &hi, &d), LAT_EINVAL);
	}
	lat_batches_cleanup(&bs);
	lat_diag_cleanup(&d);
	world_cleanup(&w);
}

/*
 * The new registry record is sent as CREATE (another controller's record written since the
 * listing makes Route 53 refuse the batch) and counts once: a service costs 5 elements
 * (two alias UPSERTs, 2 each, and the TXT), so 200 fit 1,000 and the 201st opens a batch.
 */
static void
txt_batches_count_the_registry(void **state)
{
	struct world w;
	struct lat_batches bs = { 0 };
	struct lat_diag d = { 0 };
	char id[32], dom[64];

	(void)state;
	world_init(&w);
	txt_mode(&w);
	for (int i = 0; i < 201; i++) {
		snprintf(id, sizeof(id), "svc-%017d", i);
		snprintf(dom, sizeof(dom), "s%03d.corp.internal", i);
		add_service(&w, id, dom, "true", 1);
	}
	build(&w);
	assert_int_equal(w.plan.zones[0].nchanges, 603);
	assert_true(lat_batch_is_create(&w.plan.zones[0].changes[2]));
	assert_false(lat_batch_is_create(&w.plan.zones[0].changes[0]));
	assert_int_equal(lat_batch_build(w.plan.zones[0].changes, 603, &bs, &d), 0);
	assert_int_equal(bs.n, 2);
	assert_int_equal(bs.v[0].n, 600);
	lat_batches_cleanup(&bs);
	lat_diag_cleanup(&d);
	world_cleanup(&w);
}

/* Converged and nothing in the ledger (the database lost): the registry alone says it is ours. */
static void
txt_converged_without_ledger(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	txt_mode(&w);
	add_service(&w, "svc-00000000000000001", "pay.corp.internal", "true", 1);
	populated(&w, "svc-00000000000000001", "pay.corp.internal");
	lat_tags_cleanup(&w.tags);
	add_registry(&w, "pay.corp.internal.", "net-prod", "svc-00000000000000001");
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.nconflicts + w.plan.nheld, 0);
	world_cleanup(&w);
}

/* An owned name whose service is gone: A, AAAA and the registry TXT deleted together. */
static void
txt_release_deletes_the_registry_with_the_records(void **state)
{
	struct world w;
	static const char *const want[] = { "delete old.corp.internal. A", "delete old.corp.internal. AAAA",
		"delete _latticedns.old.corp.internal. TXT", NULL };
	struct lat_batches bs = { 0 };
	struct lat_diag d = { 0 };

	(void)state;
	world_init(&w);
	txt_mode(&w);
	populated(&w, "svc-00000000000000009", "old.corp.internal");
	lat_tags_cleanup(&w.tags);
	add_registry(&w, "old.corp.internal.", "net-prod", "svc-00000000000000009");
	build(&w);
	assert_changes(&w, want);
	assert_int_equal(w.plan.zones[0].ntag_removes, 0);
	assert_int_equal(lat_batch_build(w.plan.zones[0].changes, 3, &bs, &d), 0);
	assert_int_equal(bs.n, 1);
	lat_batches_cleanup(&bs);
	world_cleanup(&w);
}

/* Another owner's name: a conflict, never touched; its gone service's records are not ours to delete. */
static void
txt_other_owner_is_never_touched(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	txt_mode(&w);
	add_service(&w, "svc-00000000000000001", "pay.corp.internal", "true", 1);
	populated(&w, "svc-00000000000000002", "pay.corp.internal");
	populated(&w, "svc-00000000000000003", "gone.corp.internal");
	lat_tags_cleanup(&w.tags);
	add_registry(&w, "pay.corp.internal.", "net-dev", "svc-00000000000000002");
	add_registry(&w, "gone.corp.internal.", "net-dev", "svc-00000000000000003");
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.nconflicts, 1);
	assert_null(w.plan.conflicts[0].winner_arn);
	assert_non_null(strstr(w.plan.conflicts[0].reason, "owned by another latticedns (owner net-dev"));
	world_cleanup(&w);
}

/* A user's TXT or a CNAME at the registry name: a conflict; our records are not written either. */
static void
txt_users_record_at_the_registry_name(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	txt_mode(&w);
	add_service(&w, "svc-00000000000000001", "pay.corp.internal", "true", 1);
	add_service(&w, "svc-00000000000000002", "web.corp.internal", "true", 1);
	add_live_plain(&w, "_latticedns.pay.corp.internal.", "TXT", "\"hello\"");
	add_live_plain(&w, "_latticedns.web.corp.internal.", "CNAME", "elsewhere.example.");
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.nconflicts, 2);
	world_cleanup(&w);
}

/* A name ours under another of our services (the old one deleted): the registry is rewritten, records kept. */
static void
txt_registry_moves_to_the_new_winner(void **state)
{
	struct world w;
	static const char *const want[] = { "update pay.corp.internal. A", "update pay.corp.internal. AAAA",
		"update _latticedns.pay.corp.internal. TXT", NULL };

	(void)state;
	world_init(&w);
	txt_mode(&w);
	add_service(&w, "svc-00000000000000001", "pay.corp.internal", "true", 1);
	populated(&w, "svc-00000000000000002", "pay.corp.internal");
	lat_tags_cleanup(&w.tags);
	add_registry(&w, "pay.corp.internal.", "net-prod", "svc-00000000000000002");
	build(&w);
	assert_changes(&w, want);
	world_cleanup(&w);
}

/* adopt: alias-match in tags mode: the DynamoDB variant's zone (records, no tags): adopt, tag, no record change. */
static void
adopt_dynamodb_zone(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	w.zone.adopt = LAT_ADOPT_ALIAS_MATCH;
	w.in.overwrite = LAT_OVERWRITE_OWNED_ONLY;    /* adoption is not a conflict even when overwriting is off */
	add_service(&w, "svc-00000000000000001", "pay.corp.internal", "true", 1);
	populated(&w, "svc-00000000000000001", "pay.corp.internal");
	lat_tags_cleanup(&w.tags);
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.nadopted, 1);
	assert_int_equal(w.plan.summary.adopt, 1);
	assert_string_equal(w.plan.adopted[0].name, "pay.corp.internal.");
	assert_int_equal(w.plan.zones[0].ntag_adds, 1);
	assert_int_equal(w.plan.nconflicts, 0);
	world_cleanup(&w);
}

/* The Lambda version's zone (A only) in txt mode: adopt, create the AAAA and the registry, in one unit. */
static void
adopt_lambda_zone_txt(void **state)
{
	struct world w;
	char target[160];
	static const char *const want[] = { "create pay.corp.internal. AAAA",
		"create _latticedns.pay.corp.internal. TXT", NULL };
	struct lat_buf text = { 0 };

	(void)state;
	world_init(&w);
	txt_mode(&w);
	w.zone.adopt = LAT_ADOPT_ALIAS_MATCH;
	add_service(&w, "svc-00000000000000001", "pay.corp.internal", "true", 1);
	snprintf(target, sizeof(target), "%s.", alias_of("svc-00000000000000001"));
	/* Route 53 returns the target lower case with a trailing dot: equal as it normalises them. */
	for (char *p = target; *p; p++)
		if (*p >= 'a' && *p <= 'z' && p == target)
			*p = (char)(*p - 'a' + 'A');
	add_live_alias(&w, "pay.corp.internal.", "A", target);
	build(&w);
	assert_changes(&w, want);
	assert_int_equal(w.plan.nadopted, 1);
	assert_non_null(strstr(w.plan.adopted[0].reason, "the missing AAAA is created"));
	assert_int_equal(lat_planfmt_text(&w.plan, &text), 0);
	assert_non_null(strstr(lat_buf_str(&text), "Adopt (records already there"));
	assert_non_null(strstr(lat_buf_str(&text), "Adopt 1."));
	lat_buf_cleanup(&text);
	world_cleanup(&w);
}

/* Anything else at the name: a conflict, left as it is, even in overwrite: any. */
static void
adopt_mismatch_is_a_conflict(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	w.zone.adopt = LAT_ADOPT_ALIAS_MATCH;
	add_service(&w, "svc-00000000000000001", "pay.corp.internal", "true", 1);
	add_service(&w, "svc-00000000000000002", "web.corp.internal", "true", 1);
	add_live_alias(&w, "pay.corp.internal.", "A", "svc-00000000000000001.7d67968.vpc-lattice-svcs.eu-west-1.on.aws.");
	add_live_plain(&w, "pay.corp.internal.", "AAAA", "fd00::1");
	add_live_alias(&w, "web.corp.internal.", "A", "other.7d67968.vpc-lattice-svcs.eu-west-1.on.aws.");
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.nconflicts, 2);
	assert_int_equal(w.plan.nadopted, 0);
	assert_int_equal(w.plan.zones[0].ntag_adds, 0);
	world_cleanup(&w);
}

/* State mode: adopting writes the ledger rows (owned_after), nothing in Route 53. */
static void
adopt_state_mode(void **state)
{
	struct world w;

	(void)state;
	world_init(&w);
	w.in.ownership = LAT_OWN_STATE;
	w.zone.adopt = LAT_ADOPT_ALIAS_MATCH;
	add_service(&w, "svc-00000000000000001", "pay.corp.internal", "true", 1);
	populated(&w, "svc-00000000000000001", "pay.corp.internal");
	lat_tags_cleanup(&w.tags);
	build(&w);
	assert_changes(&w, none);
	assert_int_equal(w.plan.nadopted, 1);
	assert_int_equal(w.plan.zones[0].owned_after.n, 2);
	world_cleanup(&w);
}

/* A pipeline zone to txt: one TXT per name (the records' service for a contested one), tags removed after. */
static void
migrate_tags_to_txt(void **state)
{
	struct world w;
	struct lat_migrate_plan mp;
	struct lat_diag d = { 0 };

	(void)state;
	world_init(&w);
	w.in.owner_id = "net-prod";
	w.in.txt_prefix = "_latticedns.";
	add_service(&w, "svc-00000000000000001", "pay.corp.internal", "true", 1);
	add_service(&w, "svc-00000000000000002", "web.corp.internal", "true", 1);
	add_service(&w, "svc-00000000000000003", "web.corp.internal", "true", 2);
	populated(&w, "svc-00000000000000001", "pay.corp.internal");
	populated(&w, "svc-00000000000000003", "web.corp.internal");
	assert_int_equal(lat_tags_set(&w.tags, arn_of("svc-00000000000000002"), "web.corp.internal"), 0);
	assert_int_equal(lat_tags_set(&w.tags, "team", "network"), 0);
	assert_int_equal(lat_migrate_plan(&w.in, LAT_OWN_TXT, &mp, &d), 0);
	assert_null(mp.refused);
	assert_int_equal(mp.nzones, 1);
	assert_int_equal(mp.zones[0].ntxt_writes, 2);
	assert_string_equal(mp.zones[0].txt_writes[1].rrset.name, "_latticedns.web.corp.internal.");
	assert_non_null(strstr(mp.zones[0].txt_writes[1].rrset.values[0], "svc-00000000000000003\""));
	assert_int_equal(mp.zones[0].ntag_removes, 3);         /* the loser's tag too; "team" stays */
	assert_int_equal(mp.after.create + mp.after.update + mp.after.del + mp.after.tags_add, 0);
	assert_int_equal(lat_migrate_steps(&mp), 5);
	lat_migrate_plan_cleanup(&mp);
	lat_diag_cleanup(&d);
	world_cleanup(&w);
}

/*
 * A resource configuration's tag is an entry of the pipeline registry like a service's
 * (issue 12): tags to txt carries it over (a TXT naming its ARN) and removes its tag.
 */
static void
migrate_tags_to_txt_carries_resource_configurations(void **state)
{
	static const char rcfg[] = "arn:aws:vpc-lattice:eu-west-1:" A1 ":resourceconfiguration/rcfg-00000000000000001";
	struct world w;
	struct lat_migrate_plan mp;
	struct lat_diag d = { 0 };
	struct lat_service *s;

	(void)state;
	world_init(&w);
	w.in.owner_id = "net-prod";
	w.in.txt_prefix = "_latticedns.";
	add_service(&w, "rcfg-00000000000000001", "db.corp.internal", "true", 1);
	s = &w.svcs.v[w.svcs.n - 1];
	s->kind = LAT_RES_RESCFG;
	free(s->arn);
	s->arn = strdup(rcfg);
	add_live_alias(&w, "db.corp.internal.", "A", "snra-1.rcfg-00000000000000001.6c90609.vpc-lattice-rsc.eu-west-1.on.aws.");
	assert_int_equal(lat_tags_set(&w.tags, rcfg, "db.corp.internal"), 0);
	assert_int_equal(lat_migrate_plan(&w.in, LAT_OWN_TXT, &mp, &d), 0);
	assert_null(mp.refused);
	assert_int_equal(mp.nkept, 0);
	assert_int_equal(mp.zones[0].ntxt_writes, 1);
	assert_string_equal(mp.zones[0].txt_writes[0].rrset.name, "_latticedns.db.corp.internal.");
	assert_string_equal(mp.zones[0].txt_writes[0].rrset.values[0],
	    "\"heritage=latticedns,owner=net-prod,arn=" "arn:aws:vpc-lattice:eu-west-1:" A1
	    ":resourceconfiguration/rcfg-00000000000000001\"");
	assert_int_equal(mp.zones[0].ntag_removes, 1);
	assert_string_equal(mp.zones[0].tag_removes[0], rcfg);
	lat_migrate_plan_cleanup(&mp);
	lat_diag_cleanup(&d);
	world_cleanup(&w);
}

/* A pipeline tag whose name holds no record (a leftover of a deleted service) is not carried over, and says so. */
static void
migrate_reports_an_entry_without_records(void **state)
{
	struct world w;
	struct lat_migrate_plan mp;
	struct lat_diag d = { 0 };

	(void)state;
	world_init(&w);
	w.in.owner_id = "net-prod";
	w.in.txt_prefix = "_latticedns.";
	assert_int_equal(lat_tags_set(&w.tags, arn_of("svc-00000000000000009"), "gone.corp.internal"), 0);
	assert_int_equal(lat_migrate_plan(&w.in, LAT_OWN_TXT, &mp, &d), 0);
	assert_int_equal(mp.zones[0].ntxt_writes + mp.zones[0].ntag_removes, 0);
	assert_int_equal(mp.nkept, 1);
	assert_string_equal(mp.kept[0].name, "gone.corp.internal.");
	assert_non_null(strstr(mp.kept[0].reason, "owns no A or AAAA record"));
	lat_migrate_plan_cleanup(&mp);
	lat_diag_cleanup(&d);
	world_cleanup(&w);
}

/* txt to tags past the zone's tag room: refused whole, nothing planned. */
static void
migrate_to_tags_refused_without_room(void **state)
{
	struct world w;
	struct lat_migrate_plan mp;
	struct lat_diag d = { 0 };

	(void)state;
	world_init(&w);
	txt_mode(&w);
	w.zone.tag_limit = 2;
	assert_int_equal(lat_tags_set(&w.tags, "team", "network"), 0);
	add_service(&w, "svc-00000000000000001", "pay.corp.internal", "true", 1);
	add_service(&w, "svc-00000000000000002", "web.corp.internal", "true", 1);
	populated(&w, "svc-00000000000000001", "pay.corp.internal");
	populated(&w, "svc-00000000000000002", "web.corp.internal");
	lat_tags_cleanup(&w.tags);
	assert_int_equal(lat_tags_set(&w.tags, "team", "network"), 0);
	add_registry(&w, "pay.corp.internal.", "net-prod", "svc-00000000000000001");
	add_registry(&w, "web.corp.internal.", "net-prod", "svc-00000000000000002");
	assert_int_equal(lat_migrate_plan(&w.in, LAT_OWN_TAGS, &mp, &d), 0);
	assert_non_null(mp.refused);
	assert_non_null(strstr(mp.refused, "would need 3 tags: it holds 1 (1 of them not latticedns's)"));
	lat_migrate_plan_cleanup(&mp);
	lat_diag_cleanup(&d);
	world_cleanup(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(registry_classify_table),
		cmocka_unit_test(registry_names_and_checks),
		cmocka_unit_test(txt_new_service),
		cmocka_unit_test(txt_batches_count_the_registry),
		cmocka_unit_test(txt_converged_without_ledger),
		cmocka_unit_test(txt_release_deletes_the_registry_with_the_records),
		cmocka_unit_test(txt_other_owner_is_never_touched),
		cmocka_unit_test(txt_users_record_at_the_registry_name),
		cmocka_unit_test(txt_registry_moves_to_the_new_winner),
		cmocka_unit_test(adopt_dynamodb_zone),
		cmocka_unit_test(adopt_lambda_zone_txt),
		cmocka_unit_test(adopt_mismatch_is_a_conflict),
		cmocka_unit_test(adopt_state_mode),
		cmocka_unit_test(migrate_tags_to_txt),
		cmocka_unit_test(migrate_tags_to_txt_carries_resource_configurations),
		cmocka_unit_test(migrate_reports_an_entry_without_records),
		cmocka_unit_test(migrate_to_tags_refused_without_room),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
