/* test_styles.c - issue 12 in the pure core: resource configurations, record styles, views, batches. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "controller/batch.h"
#include "controller/model.h"
#include "controller/planfmt.h"
#include "controller/recstyle.h"
#include "controller/resource.h"

#define Z1 "Z0123456789ABCDEFGHIJ"
#define Z2 "Z0PUBLIC0000000000001"
#define LZ "Z03867022NOYBCTG0GJR1"
#define A1 "111122223333"
#define SVC_DNS "api-1.7d67968.vpc-lattice-svcs.us-east-1.on.aws"

/* Two zones of one name; the second's style and view are set per test. */
struct world {
	struct lat_service_list svcs;
	struct lat_rrset_list live[2];
	struct lat_tags tags[2];
	struct lat_owned_list owned;
	struct lat_core_region region;
	struct lat_core_account acct;
	struct lat_zone_style style[2];
	struct lat_core_zone zones[2];
	struct lat_core_input in;
	struct lat_plan plan;
};

static void
world_init(struct world *w, size_t nzones)
{
	memset(w, 0, sizeof(*w));
	w->region = (struct lat_core_region){ "us-east-1", 1, NULL };
	w->acct = (struct lat_core_account){ .id = A1, .regions = &w->region, .nregions = 1 };
	for (size_t i = 0; i < 2; i++) {
		w->style[i].ttl = 60;
		w->zones[i] = (struct lat_core_zone){ .id = i ? Z2 : Z1, .name = "corp.internal.", .live = &w->live[i],
			.tags = &w->tags[i], .tag_limit = 50, .style = &w->style[i] };
	}
	w->in = (struct lat_core_input){
		.selector_key = "NewService", .selector_value = "true", .ownership = LAT_OWN_TAGS,
		.zones = w->zones, .nzones = nzones, .accounts = &w->acct, .naccounts = 1, .services = &w->svcs,
		.owned = &w->owned, .max_delete_percent = 100, .min_records_for_threshold = 10,
	};
}

static void
world_cleanup(struct world *w)
{
	lat_service_list_cleanup(&w->svcs);
	for (size_t i = 0; i < 2; i++) {
		lat_rrset_list_cleanup(&w->live[i]);
		lat_tags_cleanup(&w->tags[i]);
	}
	lat_owned_list_cleanup(&w->owned);
	lat_plan_cleanup(&w->plan);
}

static struct lat_service *
add(struct world *w, int kind, const char *id, const char *domain)
{
	struct lat_service s = { .kind = kind };
	char arn[128];

	snprintf(arn, sizeof(arn), "arn:aws:vpc-lattice:us-east-1:" A1 ":%s/%s",
	    kind == LAT_RES_RESCFG ? "resourceconfiguration" : "service", id);
	s.arn = strdup(arn);
	s.id = strdup(id);
	s.name = strdup(id);
	s.custom_domain = strdup(domain);
	s.account = strdup(A1);
	s.region = strdup("us-east-1");
	if (kind == LAT_RES_SERVICE) {
		s.dns_name = strdup(SVC_DNS);
		s.dns_zone_id = strdup(LZ);
	}
	assert_int_equal(lat_tags_set(&s.tags, "NewService", "true"), 0);
	assert_int_equal(lat_service_list_push(&w->svcs, &s), 0);
	return &w->svcs.v[w->svcs.n - 1];
}

static void
assoc(struct lat_service *r, const char *sn, int private_dns)
{
	char dns[160];
	struct lat_rescfg_assoc a = { 0 };

	snprintf(dns, sizeof(dns), "snra-%s.%s.abc1234.vpc-lattice-rsc.us-east-1.on.aws", sn, r->id);
	a.sn_name = strdup(sn);
	a.sn_id = strdup(sn[0] == 's' ? sn : "sn-0000000000000000x");
	a.dns_name = strdup(dns);
	a.dns_zone_id = strdup(LZ);
	a.private_dns = private_dns;
	assert_int_equal(lat_service_add_assoc(r, &a), 0);
}

static void
live_alias(struct world *w, size_t z, const char *name, const char *type, const char *target)
{
	struct lat_rrset r = { .name = strdup(name), .type = strdup(type), .ttl = -1,
		.alias_zone_id = strdup(LZ), .alias_dns_name = strdup(target) };

	assert_int_equal(lat_rrset_list_push(&w->live[z], &r), 0);
}

/* The pipeline's pair at name: A and AAAA aliases to the service's Lattice name. */
static void
live_aliases(struct world *w, size_t z, const char *name)
{
	live_alias(w, z, name, "A", SVC_DNS);
	live_alias(w, z, name, "AAAA", SVC_DNS);
}

static void
plan(struct world *w)
{
	struct lat_diag d = { 0 };

	lat_plan_cleanup(&w->plan);
	assert_int_equal(lat_plan_build(&w->in, &w->plan, &d), 0);
	lat_diag_cleanup(&d);
}

static const char *
skip_of(const struct world *w, size_t i)
{
	return i < w->plan.nskipped ? w->plan.skipped[i].reason : "(none)";
}

/* Which association a resource configuration's record points at, or why it has none. */
static void
rescfg_targets(void **state)
{
	struct world w;
	struct lat_service *r;

	(void)state;
	world_init(&w, 1);
	r = add(&w, LAT_RES_RESCFG, "rcfg-00000000000000001", "db.corp.internal");
	plan(&w);
	assert_string_equal(skip_of(&w, 0), "the resource configuration is associated with no service network");
	assoc(r, "corp", 0);
	plan(&w);
	assert_int_equal(w.plan.nskipped, 0);
	assert_int_equal(w.plan.zones[0].nchanges, 2);
	assert_string_equal(w.plan.zones[0].changes[0].rrset.alias_dns_name,
	    "snra-corp.rcfg-00000000000000001.abc1234.vpc-lattice-rsc.us-east-1.on.aws");
	assoc(r, "edge", 0);
	plan(&w);
	assert_non_null(strstr(skip_of(&w, 0), "ambiguous: the resource configuration is associated with 2 service "
	    "networks and none is configured"));
	/* The account's service network settles it; the zone's wins over the account's. */
	w.acct.service_network = "edge";
	plan(&w);
	assert_int_equal(w.plan.nskipped, 0);
	assert_non_null(strstr(w.plan.zones[0].changes[0].rrset.alias_dns_name, "snra-edge."));
	w.style[0].service_network = "corp";
	plan(&w);
	assert_non_null(strstr(w.plan.zones[0].changes[0].rrset.alias_dns_name, "snra-corp."));
	w.style[0].service_network = "other";
	plan(&w);
	assert_string_equal(skip_of(&w, 0), "the resource configuration is not associated with service network other");
	world_cleanup(&w);
}

static void
rescfg_managed_by_lattice(void **state)
{
	struct world w;
	struct lat_service *r;

	(void)state;
	world_init(&w, 1);
	r = add(&w, LAT_RES_RESCFG, "rcfg-00000000000000001", "db.corp.internal");
	assoc(r, "corp", 1);
	r->verification = strdup("VERIFIED");
	plan(&w);
	assert_non_null(strstr(skip_of(&w, 0), "managed by Lattice"));
	w.in.publish_managed = 1;
	plan(&w);
	assert_int_equal(w.plan.nskipped, 0);
	w.in.publish_managed = 0;
	free(r->verification);
	r->verification = strdup("PENDING");
	plan(&w);
	assert_int_equal(w.plan.nskipped, 0);
	/* A name of its owner's choosing (the name tag) is not the verified domain Lattice serves. */
	free(r->verification);
	r->verification = strdup("VERIFIED");
	r->name_from_tag = 1;
	plan(&w);
	assert_int_equal(w.plan.nskipped, 0);
	world_cleanup(&w);
}

/* A service and a resource configuration claiming one name: the newest wins, the other is a conflict. */
static void
service_and_rescfg_conflict(void **state)
{
	struct world w;
	struct lat_service *s, *r;
	char *text = NULL;
	struct lat_buf t = { 0 };

	(void)state;
	world_init(&w, 1);
	s = add(&w, LAT_RES_SERVICE, "svc-00000000000000001", "db.corp.internal");
	s->created_ms = 1000;
	r = add(&w, LAT_RES_RESCFG, "rcfg-00000000000000001", "db.corp.internal");
	r = &w.svcs.v[1];
	r->created_ms = 2000;
	assoc(r, "corp", 0);
	plan(&w);
	assert_int_equal(w.plan.nconflicts, 1);
	assert_non_null(strstr(w.plan.conflicts[0].winner_arn, ":resourceconfiguration/"));
	assert_non_null(strstr(w.plan.conflicts[0].loser_arn, ":service/"));
	assert_int_equal(lat_planfmt_text(&w.plan, &t), 0);
	text = lat_buf_take(&t);
	assert_non_null(strstr(text, "      resource configuration arn:aws:vpc-lattice:us-east-1:" A1
	    ":resourceconfiguration/rcfg-00000000000000001: resource configuration rcfg-00000000000000001 is tagged "
	    "NewService=true\n"));
	free(text);
	lat_buf_cleanup(&t);
	world_cleanup(&w);
}

/*
 * The trap of an earlier attempt: alias → cname after the records exist. The
 * A and AAAA go and the CNAME comes in one batch, deletes first (Route 53
 * applies a batch in order and refuses a CNAME beside other records), and
 * the batch cannot be split apart.
 */
static void
style_change_is_one_unit(void **state)
{
	struct world w;
	struct lat_batches b = { 0 };
	struct lat_batch lo, hi;
	struct lat_diag d = { 0 };
	const struct lat_plan_zone *z;

	(void)state;
	world_init(&w, 1);
	add(&w, LAT_RES_SERVICE, "svc-00000000000000001", "api.corp.internal");
	add(&w, LAT_RES_SERVICE, "svc-00000000000000002", "web.corp.internal");
	assert_int_equal(lat_tags_set(&w.tags[0], w.svcs.v[0].arn, "api.corp.internal"), 0);
	live_aliases(&w, 0, "api.corp.internal.");
	w.style[0].kind = LAT_STYLE_CNAME;
	plan(&w);
	z = &w.plan.zones[0];
	assert_int_equal(z->nchanges, 4);
	assert_int_equal(z->changes[0].kind, LAT_CHANGE_DELETE);
	assert_string_equal(z->changes[0].rrset.type, "A");
	assert_int_equal(z->changes[1].kind, LAT_CHANGE_DELETE);
	assert_string_equal(z->changes[1].rrset.type, "AAAA");
	assert_int_equal(z->changes[2].kind, LAT_CHANGE_CREATE);
	assert_string_equal(z->changes[2].rrset.type, "CNAME");
	assert_int_equal(z->changes[2].rrset.ttl, 60);
	assert_string_equal(z->changes[2].rrset.values[0], SVC_DNS);
	assert_string_equal(z->changes[3].rrset.name, "web.corp.internal.");
	assert_int_equal(lat_batch_build(z->changes, z->nchanges, &b, &d), 0);
	assert_int_equal(b.n, 1);
	/* Split for a refused change: the three changes of api stay together. */
	assert_int_equal(lat_batch_split(z->changes, &b.v[0], &lo, &hi, &d), 0);
	assert_int_equal(lo.n, 3);
	assert_int_equal(hi.n, 1);
	lat_batch_cleanup(&lo);
	lat_batch_cleanup(&hi);
	lat_batches_cleanup(&b);
	/* And back: the CNAME goes first, then the aliases. */
	lat_rrset_list_cleanup(&w.live[0]);
	{
		struct lat_rrset c = { .name = strdup("api.corp.internal."), .type = strdup("CNAME"), .ttl = 60 };

		assert_int_equal(lat_rrset_add_value(&c, SVC_DNS), 0);
		assert_int_equal(lat_rrset_list_push(&w.live[0], &c), 0);
	}
	w.style[0].kind = LAT_STYLE_ALIAS;
	plan(&w);
	z = &w.plan.zones[0];
	assert_int_equal(z->changes[0].kind, LAT_CHANGE_DELETE);
	assert_string_equal(z->changes[0].rrset.type, "CNAME");
	assert_int_equal(z->changes[1].kind, LAT_CHANGE_CREATE);
	assert_string_equal(z->changes[1].rrset.type, "A");
	lat_diag_cleanup(&d);
	world_cleanup(&w);
}

/*
 * min_records_for_threshold: 0 holds every zone to the threshold, also one
 * where latticedns owns nothing yet: a style change that replaces our
 * untagged aliases deletes 2 records of the 0 owned. That is over any
 * percentage: the zone waits for --force, with a message (it divided by 0).
 */
static void
safety_with_nothing_owned(void **state)
{
	struct world w;
	const struct lat_plan_zone *z;

	(void)state;
	world_init(&w, 1);
	w.in.min_records_for_threshold = 0;
	w.in.max_delete_percent = 30;
	add(&w, LAT_RES_SERVICE, "svc-00000000000000001", "api.corp.internal");
	live_aliases(&w, 0, "api.corp.internal.");
	w.style[0].kind = LAT_STYLE_CNAME;
	plan(&w);
	z = &w.plan.zones[0];
	assert_int_equal(z->nchanges, 3);
	assert_int_equal(z->owned, 0);
	assert_int_equal(z->safety_blocked, 1);
	assert_int_equal(w.plan.safety_blocked, 1);
	assert_string_equal(z->safety_reason, "the plan deletes or overwrites 2 records in zone " Z1 ", where "
	    "latticedns owns none yet (more than max_delete_percent 30%); nothing in this zone is applied; check the "
	    "failed accounts and services, then run again with --force if this is intended");
	w.in.force = 1;
	plan(&w);
	assert_int_equal(w.plan.zones[0].safety_blocked, 0);
	world_cleanup(&w);
}

/* Two zones of one name: one view publishes once (the first), two views publish in each. */
static void
views_and_public_zones(void **state)
{
	struct world w;

	(void)state;
	world_init(&w, 2);
	add(&w, LAT_RES_SERVICE, "svc-00000000000000001", "api.corp.internal");
	plan(&w);
	assert_int_equal(w.plan.zones[0].nchanges, 2);
	assert_int_equal(w.plan.zones[1].nchanges, 0);
	w.style[1].view = "public";
	w.zones[1].public_zone = 1;
	w.style[1].kind = LAT_STYLE_CNAME;
	plan(&w);
	assert_int_equal(w.plan.zones[1].nchanges, 0);
	assert_non_null(strstr(skip_of(&w, 0), "is public and " SVC_DNS " is a VPC Lattice name"));
	assert_int_equal(w.plan.nskipped, 1);
	w.style[1].allow_link_local = 1;
	plan(&w);
	assert_int_equal(w.plan.zones[1].nchanges, 1);
	w.style[1].allow_link_local = 0;
	w.style[1].kind = LAT_STYLE_TARGET;
	w.style[1].target_cname = "proxy.elb.us-east-1.amazonaws.com";
	w.style[1].selector_key = "External";
	w.style[1].selector_value = "true";
	plan(&w);
	assert_int_equal(w.plan.zones[1].nchanges, 0);      /* not selected: no note either */
	assert_int_equal(w.plan.nskipped, 0);
	assert_int_equal(lat_tags_set(&w.svcs.v[0].tags, "External", "true"), 0);
	plan(&w);
	assert_int_equal(w.plan.zones[0].nchanges, 2);
	assert_int_equal(w.plan.zones[1].nchanges, 1);
	assert_string_equal(w.plan.zones[1].changes[0].rrset.values[0], "proxy.elb.us-east-1.amazonaws.com");
	assert_int_equal(w.plan.zones[1].ntag_adds, 1);
	world_cleanup(&w);
}

/* A resource skipped for one reason in several views is reported once. */
static void
one_note_per_reason(void **state)
{
	struct world w;
	struct lat_service *r;

	(void)state;
	world_init(&w, 2);
	w.style[1].view = "ingress";
	r = add(&w, LAT_RES_RESCFG, "rcfg-00000000000000001", "db.corp.internal");
	assoc(r, "corp", 0);
	assoc(r, "edge", 0);
	plan(&w);
	assert_int_equal(w.plan.nskipped, 1);
	assert_non_null(strstr(skip_of(&w, 0), "ambiguous"));
	/* One view's service_network settles it there; the other view still reports it. */
	w.style[1].service_network = "edge";
	plan(&w);
	assert_int_equal(w.plan.nskipped, 1);
	assert_int_equal(w.plan.zones[0].nchanges, 0);
	assert_int_equal(w.plan.zones[1].nchanges, 2);
	world_cleanup(&w);
}

static void
ours_table(void **state)
{
	struct lat_zone_style target = { .kind = LAT_STYLE_TARGET, .target_cname = "nlb.example.com" };
	struct lat_zone_style nlb = { .kind = LAT_STYLE_TARGET, .target_alias_dns = "nlb.example.com",
		.target_alias_zone = "Z26RNL4JYFTOTI" };
	char *v1[] = { (char *)SVC_DNS }, *v2[] = { (char *)"nlb.example.com." }, *v3[] = { (char *)"10.0.0.1" };
	struct lat_rrset cname_lattice = { .name = "a.", .type = "CNAME", .ttl = 60, .values = v1, .nvalues = 1 };
	struct lat_rrset cname_nlb = { .name = "a.", .type = "CNAME", .ttl = 60, .values = v2, .nvalues = 1 };
	struct lat_rrset plain = { .name = "a.", .type = "A", .ttl = 60, .values = v3, .nvalues = 1 };
	struct lat_rrset alias_nlb = { .name = "a.", .type = "A", .ttl = -1, .alias_dns_name = "NLB.example.com.",
		.alias_zone_id = "Z26RNL4JYFTOTI" };
	struct lat_rrset txt = { .name = "a.", .type = "TXT", .ttl = 60, .values = v1, .nvalues = 1 };

	(void)state;
	assert_true(lat_style_ours(NULL, &cname_lattice));
	assert_false(lat_style_ours(NULL, &cname_nlb));
	assert_true(lat_style_ours(&target, &cname_nlb));
	assert_false(lat_style_ours(&target, &alias_nlb));
	assert_true(lat_style_ours(&nlb, &alias_nlb));
	assert_false(lat_style_ours(&nlb, &plain));
	assert_false(lat_style_ours(&target, &txt));
	assert_int_equal(lat_resource_kind_of_arn("arn:aws:vpc-lattice:us-east-1:" A1 ":service/svc-1"), LAT_RES_SERVICE);
	assert_int_equal(lat_resource_kind_of_arn("arn:aws:vpc-lattice:us-east-1:" A1
	    ":resourceconfiguration/rcfg-1"), LAT_RES_RESCFG);
	assert_int_equal(lat_resource_kind_of_arn("arn:aws:vpc-lattice:us-east-1:" A1 ":servicenetwork/sn-1"), -1);
	assert_int_equal(lat_resource_kind_of_arn("Owner"), -1);
}

/*
 * A more specific zone added beside a converged one (dev.corp.internal beside corp.internal):
 * the service's name now belongs to the new zone. Its records and tag go from the old zone
 * (shadowed there, and nothing else would ever remove them) while the new zone gets them.
 */
static void
a_name_moving_to_a_more_specific_zone_leaves_the_old_one(void **state)
{
	static const char *const mode_names[] = { "tags", "state", "txt" };
	const enum lat_ownership modes[] = { LAT_OWN_TAGS, LAT_OWN_STATE, LAT_OWN_TXT };

	(void)state;
	for (size_t m = 0; m < 3; m++) {
		struct world w;
		struct lat_service *s;
		size_t del = 0, create = 0;

		world_init(&w, 2);
		w.in.ownership = modes[m];
		w.in.owner_id = "net-prod";
		w.in.txt_prefix = "_latticedns.";
		w.zones[1].name = "dev.corp.internal.";
		s = add(&w, LAT_RES_SERVICE, "svc-1", "api.dev.corp.internal");
		live_aliases(&w, 0, "api.dev.corp.internal.");
		if (modes[m] == LAT_OWN_TAGS) {
			assert_int_equal(lat_tags_set(&w.tags[0], s->arn, "api.dev.corp.internal"), 0);
		} else if (modes[m] == LAT_OWN_STATE) {
			for (int t = 0; t < 2; t++) {
				struct lat_owned o = { .zone_id = strdup(Z1), .name = strdup("api.dev.corp.internal."),
					.type = strdup(t ? "AAAA" : "A"), .alias_zone_id = strdup(LZ),
					.alias_dns_name = strdup(SVC_DNS), .service_arn = strdup(s->arn),
					.account = strdup(A1) };

				assert_int_equal(lat_owned_list_push(&w.owned, &o), 0);
			}
		} else {
			struct lat_rrset r = { .name = strdup("_latticedns.api.dev.corp.internal."), .type = strdup("TXT"),
				.ttl = 300 };
			char v[256];

			snprintf(v, sizeof(v), "\"heritage=latticedns,owner=net-prod,arn=%s\"", s->arn);
			assert_int_equal(lat_rrset_add_value(&r, v), 0);
			assert_int_equal(lat_rrset_list_push(&w.live[0], &r), 0);
		}
		plan(&w);
		assert_int_equal(w.plan.nzones, 2);
		for (size_t i = 0; i < w.plan.zones[0].nchanges; i++) {
			const struct lat_plan_change *c = &w.plan.zones[0].changes[i];

			if (c->kind != LAT_CHANGE_DELETE)
				fail_msg("%s: zone corp.internal.: %s %s is not a DELETE", mode_names[m], c->rrset.name,
				    c->rrset.type);
			del++;
		}
		for (size_t i = 0; i < w.plan.zones[1].nchanges; i++)
			create += w.plan.zones[1].changes[i].kind == LAT_CHANGE_CREATE;
		/* A and AAAA (and the registry TXT in txt mode) leave the old zone and come to the new one. */
		if (del != (modes[m] == LAT_OWN_TXT ? 3u : 2u) || create != del)
			fail_msg("%s: %zu deleted from the old zone, %zu created in the new one", mode_names[m], del, create);
		if (modes[m] == LAT_OWN_TAGS) {
			assert_int_equal(w.plan.zones[0].ntag_removes, 1);
			assert_int_equal(w.plan.zones[1].ntag_adds, 1);
		}
		assert_int_equal(w.plan.nheld, 0);
		world_cleanup(&w);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_name_moving_to_a_more_specific_zone_leaves_the_old_one),
		cmocka_unit_test(rescfg_targets),
		cmocka_unit_test(rescfg_managed_by_lattice),
		cmocka_unit_test(service_and_rescfg_conflict),
		cmocka_unit_test(style_change_is_one_unit),
		cmocka_unit_test(safety_with_nothing_owned),
		cmocka_unit_test(views_and_public_zones),
		cmocka_unit_test(one_note_per_reason),
		cmocka_unit_test(ours_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
