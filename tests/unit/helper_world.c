/* helper_world.c - the core's shared test world (helper_world.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/unit/helper_world.h"

void
world_init(struct world *w)
{
	memset(w, 0, sizeof(*w));
	w->regions[0] = (struct lat_core_region){ "eu-west-1", 1, NULL };
	w->regions[1] = (struct lat_core_region){ "us-east-1", 1, NULL };
	w->acct = (struct lat_core_account){ .id = A1, .regions = w->regions, .nregions = 2 };
	w->zone = (struct lat_core_zone){ ZONE, "corp.internal.", &w->live, &w->tags, 50 };
	w->in = (struct lat_core_input){
		.selector_key = "NewService", .selector_value = "true", .ownership = LAT_OWN_TAGS,
		.zones = &w->zone, .nzones = 1, .accounts = &w->acct, .naccounts = 1, .services = &w->svcs,
		.owned = &w->owned, .max_delete_percent = 30, .min_records_for_threshold = 10,
	};
}

void
world_cleanup(struct world *w)
{
	lat_service_list_cleanup(&w->svcs);
	lat_rrset_list_cleanup(&w->live);
	lat_tags_cleanup(&w->tags);
	lat_owned_list_cleanup(&w->owned);
	lat_plan_cleanup(&w->plan);
}

char *
arn_of(const char *id)
{
	static char buf[8][128];
	static int k;

	k = (k + 1) % 8;
	snprintf(buf[k], sizeof(buf[k]), "arn:aws:vpc-lattice:eu-west-1:" A1 ":service/%s", id);
	return buf[k];
}

char *
alias_of(const char *id)
{
	static char buf[8][128];
	static int k;

	k = (k + 1) % 8;
	snprintf(buf[k], sizeof(buf[k]), "%s.7d67968.vpc-lattice-svcs.eu-west-1.on.aws", id);
	return buf[k];
}

void
add_service(struct world *w, const char *id, const char *domain, const char *tag, int64_t created)
{
	struct lat_service s = { 0 };

	s.arn = strdup(arn_of(id));
	s.id = strdup(id);
	s.name = strdup(id);
	s.status = strdup("ACTIVE");
	s.custom_domain = domain ? strdup(domain) : NULL;
	s.dns_name = strdup(alias_of(id));
	s.dns_zone_id = strdup(LZ);
	s.created_ms = created;
	s.account = strdup(A1);
	s.region = strdup("eu-west-1");
	if (tag != NULL)
		assert_int_equal(lat_tags_set(&s.tags, "NewService", tag), 0);
	assert_int_equal(lat_service_list_push(&w->svcs, &s), 0);
}

void
add_live_alias(struct world *w, const char *name, const char *type, const char *target)
{
	struct lat_rrset r = { .name = strdup(name), .type = strdup(type), .ttl = -1,
		.alias_zone_id = strdup(LZ), .alias_dns_name = strdup(target) };

	assert_int_equal(lat_rrset_list_push(&w->live, &r), 0);
}

void
add_live_plain(struct world *w, const char *name, const char *type, const char *value)
{
	struct lat_rrset r = { .name = strdup(name), .type = strdup(type), .ttl = 300 };

	assert_int_equal(lat_rrset_add_value(&r, value), 0);
	assert_int_equal(lat_rrset_list_push(&w->live, &r), 0);
}

void
populated(struct world *w, const char *id, const char *domain)
{
	char name[128], target[160];

	snprintf(name, sizeof(name), "%s.", domain);
	snprintf(target, sizeof(target), "%s.", alias_of(id));
	add_live_alias(w, name, "A", target);
	add_live_alias(w, name, "AAAA", target);
	assert_int_equal(lat_tags_set(&w->tags, arn_of(id), domain), 0);
}

void
build(struct world *w)
{
	struct lat_diag d = { 0 };

	assert_int_equal(lat_plan_build(&w->in, &w->plan, &d), 0);
	lat_diag_cleanup(&d);
}

void
assert_changes(const struct world *w, const char *const *want)
{
	const struct lat_plan_zone *z = &w->plan.zones[0];
	size_t n = 0;

	while (want[n] != NULL)
		n++;
	for (size_t i = 0; i < z->nchanges && i < n; i++) {
		char got[256];
		const char *k = z->changes[i].kind == LAT_CHANGE_CREATE ? "create" :
		    z->changes[i].kind == LAT_CHANGE_UPDATE ? "update" : "delete";

		snprintf(got, sizeof(got), "%s %s %s", k, z->changes[i].rrset.name, z->changes[i].rrset.type);
		assert_string_equal(got, want[i]);
	}
	assert_int_equal(z->nchanges, n);
}

const char *const none[] = { NULL };
