/* recstyle.c - the record sets each zone style writes, and which live records are its own. */
#include "controller/recstyle.h"

#include <stdlib.h>
#include <string.h>

#include "controller/dnsname.h"

void
lat_zone_style_cleanup(struct lat_zone_style *st)
{
	if (st == NULL)
		return;
	free(st->view);
	free(st->target_cname);
	free(st->target_alias_dns);
	free(st->target_alias_zone);
	free(st->selector_key);
	free(st->selector_value);
	free(st->service_network);
	memset(st, 0, sizeof(*st));
}

const char *
lat_style_name(enum lat_style_kind k)
{
	return k == LAT_STYLE_CNAME ? "cname" : k == LAT_STYLE_TARGET ? "target" : "alias";
}

int
lat_style_is_cname(const struct lat_zone_style *st)
{
	return st != NULL && (st->kind == LAT_STYLE_CNAME || (st->kind == LAT_STYLE_TARGET && st->target_cname != NULL));
}

const char *
lat_style_target_name(const struct lat_zone_style *st, const char *dns_name)
{
	if (st != NULL && st->kind == LAT_STYLE_TARGET)
		return st->target_cname != NULL ? st->target_cname : st->target_alias_dns;
	return dns_name;
}

void
lat_style_want(const struct lat_zone_style *st, const char *name, const char *dns_name, const char *dns_zone_id,
    struct lat_want *w)
{
	static const char *const types[] = { "A", "AAAA" };

	memset(w, 0, sizeof(*w));
	if (lat_style_is_cname(st)) {
		w->value[0] = (char *)lat_style_target_name(st, dns_name);
		w->rr[0] = (struct lat_rrset){ .name = (char *)name, .type = "CNAME",
			.ttl = st->ttl >= 0 ? st->ttl : LAT_STYLE_DEFAULT_TTL, .values = w->value, .nvalues = 1 };
		w->n = 1;
		return;
	}
	if (st != NULL && st->kind == LAT_STYLE_TARGET) {
		dns_name = st->target_alias_dns;
		dns_zone_id = st->target_alias_zone;
	}
	for (size_t t = 0; t < 2; t++)
		w->rr[t] = (struct lat_rrset){ .name = (char *)name, .type = (char *)types[t], .ttl = -1,
			.alias_zone_id = (char *)dns_zone_id, .alias_dns_name = (char *)dns_name };
	w->n = 2;
}

int
lat_style_matches(const struct lat_rrset *live, const struct lat_rrset *want)
{
	if (strcmp(live->type, want->type) != 0)
		return 0;
	if (want->alias_dns_name != NULL)
		return live->alias_dns_name != NULL && live->alias_zone_id != NULL &&
		    lat_dnsname_equal_loose(live->alias_zone_id, want->alias_zone_id) &&
		    lat_dnsname_equal_loose(live->alias_dns_name, want->alias_dns_name) && !live->alias_eval_health;
	return live->alias_dns_name == NULL && live->nvalues == 1 && want->nvalues == 1 && live->ttl == want->ttl &&
	    lat_dnsname_equal_loose(live->values[0], want->values[0]);
}

int
lat_style_ours(const struct lat_zone_style *st, const struct lat_rrset *live)
{
	const char *to = live->alias_dns_name;

	if (strcmp(live->type, "CNAME") == 0)
		to = live->nvalues == 1 ? live->values[0] : NULL;
	else if (strcmp(live->type, "A") != 0 && strcmp(live->type, "AAAA") != 0)
		return 0;
	if (to == NULL)
		return 0;
	if (lat_dnsname_is_lattice(to))
		return 1;
	if (st == NULL || st->kind != LAT_STYLE_TARGET)
		return 0;
	if (strcmp(live->type, "CNAME") == 0)
		return st->target_cname != NULL && lat_dnsname_equal_loose(to, st->target_cname);
	return st->target_alias_dns != NULL && lat_dnsname_equal_loose(to, st->target_alias_dns) &&
	    live->alias_zone_id != NULL && lat_dnsname_equal_loose(live->alias_zone_id, st->target_alias_zone);
}

int
lat_style_same_view(const struct lat_zone_style *a, const struct lat_zone_style *b)
{
	/* A zone without a view is in the view called "default". */
	const char *x = a != NULL && a->view != NULL ? a->view : "default";
	const char *y = b != NULL && b->view != NULL ? b->view : "default";

	return strcmp(x, y) == 0;
}
