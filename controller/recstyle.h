/* recstyle.h - per-zone record styles (alias, cname, target) and views, for split horizon (pure). */
#ifndef LAT_RECSTYLE_H
#define LAT_RECSTYLE_H

#include <stddef.h>

#include "common/types.h"

/*
 * How a zone publishes a name (issue 12). alias: A + AAAA alias to the
 * Lattice name (the pipeline's records, the default); cname: a CNAME to the
 * Lattice name; target: the same fixed target for every name of the zone, a
 * CNAME (target_cname) or an A + AAAA alias (target_alias_*), such as the
 * external-connectivity proxy's Network Load Balancer.
 */
enum lat_style_kind { LAT_STYLE_ALIAS = 0, LAT_STYLE_CNAME, LAT_STYLE_TARGET };

/* A zone's style and scope as configured; every string owned (lat_zone_style_cleanup frees). */
struct lat_zone_style {
	enum lat_style_kind kind;
	char *view;                  /* zones of one view share the longest-suffix rule; NULL: "default" */
	long ttl;                    /* CNAME records (cname, target with target_cname) */
	char *target_cname;          /* target: the CNAME's value */
	char *target_alias_dns;      /* target: the alias's DNSName ... */
	char *target_alias_zone;     /* ... and HostedZoneId */
	char *selector_key;          /* only resources with this tag = selector_value; NULL: every active one */
	char *selector_value;
	char *service_network;       /* resource configurations: the association to publish (id, ARN or name) */
	int allow_link_local;        /* a public zone may publish Lattice names (link-local, VPC-only) */
};

#define LAT_STYLE_DEFAULT_TTL 300

void lat_zone_style_cleanup(struct lat_zone_style *st);
/* "alias", "cname" or "target". */
const char *lat_style_name(enum lat_style_kind k);
/* Whether names of this zone are CNAMEs (else A + AAAA aliases). */
int lat_style_is_cname(const struct lat_zone_style *st);

/*
 * The record sets a zone of this style wants at name for a resource whose
 * Lattice name is (dns_name, dns_zone_id) (ignored by target). Everything is
 * borrowed from the arguments and from *w itself: do not copy a lat_want,
 * copy its rrsets (lat_rrset_copy).
 */
struct lat_want {
	struct lat_rrset rr[2];
	size_t n;
	char *value[1];              /* the CNAME's one value (rr[0].values points here) */
};

void lat_style_want(const struct lat_zone_style *st, const char *name, const char *dns_name,
    const char *dns_zone_id, struct lat_want *w);

/* Whether live is exactly want (an alias by target, a CNAME by value and TTL). */
int lat_style_matches(const struct lat_rrset *live, const struct lat_rrset *want);

/*
 * Positive evidence that live is a record latticedns writes in a zone of
 * this style (or of the style it had before): an alias or CNAME to a Lattice
 * generated name, or exactly the zone's configured target. A removal or a
 * style change deletes nothing else.
 */
int lat_style_ours(const struct lat_zone_style *st, const struct lat_rrset *live);

/* The target the zone's records point at for a resource's Lattice name (target: the fixed one). */
const char *lat_style_target_name(const struct lat_zone_style *st, const char *dns_name);

/* Two styles' views are the same view. */
int lat_style_same_view(const struct lat_zone_style *a, const struct lat_zone_style *b);

#endif
