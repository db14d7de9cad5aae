/* types.h - plain data shared by the providers and the core: tags, record sets, services. */
#ifndef LAT_TYPES_H
#define LAT_TYPES_H

#include <stddef.h>
#include <stdint.h>

#include "common/diag.h"

/*
 * Every struct here owns all of its strings (malloc'd). The *_cleanup
 * functions free them and leave a zeroed, reusable struct; they are safe on a
 * zeroed or half-built struct. Lists grow with *_push, which moves the
 * element in (the source is zeroed on success, untouched on failure).
 */

struct lat_tag {
	char *key;
	char *value;
};

struct lat_tags {
	struct lat_tag *v;
	size_t n, cap;
};

void lat_tags_cleanup(struct lat_tags *t);
/* Adds or replaces key (copies both strings). */
LAT_WUR int lat_tags_set(struct lat_tags *t, const char *key, const char *value);
/* The value of key, or NULL when absent. */
const char *lat_tags_get(const struct lat_tags *t, const char *key);
LAT_WUR int lat_tags_copy(struct lat_tags *dst, const struct lat_tags *src);

/*
 * A Route 53 resource record set. name is as Route 53 returns it: lower
 * case, trailing dot, \ooo escapes. An alias record has alias_dns_name set
 * and ttl == -1 and no values. Routing policies other than simple are
 * recorded only through set_identifier (the controller never touches those).
 */
struct lat_rrset {
	char *name;
	char *type;             /* "A", "AAAA", "CNAME", "TXT", ... */
	char *set_identifier;   /* NULL for simple routing */
	long ttl;               /* -1 when absent */
	char **values;          /* ResourceRecords/Value, nvalues of them */
	size_t nvalues;
	char *alias_zone_id;    /* AliasTarget/HostedZoneId */
	char *alias_dns_name;   /* AliasTarget/DNSName, as given (Route 53 returns it with a trailing dot) */
	int alias_eval_health;  /* AliasTarget/EvaluateTargetHealth */
};

struct lat_rrset_list {
	struct lat_rrset *v;
	size_t n, cap;
};

void lat_rrset_cleanup(struct lat_rrset *r);
LAT_WUR int lat_rrset_copy(struct lat_rrset *dst, const struct lat_rrset *src);
LAT_WUR int lat_rrset_add_value(struct lat_rrset *r, const char *value);
void lat_rrset_list_cleanup(struct lat_rrset_list *l);
LAT_WUR int lat_rrset_list_push(struct lat_rrset_list *l, struct lat_rrset *r);

/* What a lat_service stands for: a Lattice service, or a resource configuration (issue 12). */
enum lat_resource_kind { LAT_RES_SERVICE = 0, LAT_RES_RESCFG = 1 };

/*
 * One association of a resource configuration with a service network
 * (ServiceNetworkResourceAssociationSummary): the generated name consumers
 * reach it by, and whether Lattice manages private DNS through it.
 */
struct lat_rescfg_assoc {
	char *id;                /* snra-... */
	char *sn_id;             /* serviceNetworkId */
	char *sn_arn;            /* serviceNetworkArn */
	char *sn_name;           /* serviceNetworkName */
	char *dns_name;          /* dnsEntry.domainName */
	char *dns_zone_id;       /* dnsEntry.hostedZoneId */
	int private_dns;         /* privateDnsEnabled */
};

/*
 * A VPC Lattice service as its own account's Lattice API reports it
 * (ServiceSummary), plus where it was listed and the tags we learned. A
 * resource configuration (kind LAT_RES_RESCFG) uses the same struct: its
 * custom_domain is customDomainName (or the configured name tag's value),
 * dns_name/dns_zone_id stay NULL and its targets are its associations.
 */
struct lat_service {
	enum lat_resource_kind kind;
	char *arn;
	char *id;
	char *name;
	char *status;            /* ACTIVE, CREATE_IN_PROGRESS, CREATE_FAILED, ... (never decides) */
	char *custom_domain;     /* customDomainName, NULL when none */
	char *dns_name;          /* dnsEntry.domainName */
	char *dns_zone_id;       /* dnsEntry.hostedZoneId */
	char *created_at;        /* createdAt as returned (ISO 8601) */
	int64_t created_ms;      /* createdAt in ms since the epoch, for ordering */
	char *account;           /* the account whose listing returned it */
	char *region;
	struct lat_tags tags;    /* the tags fetched for it (at least the selector key, when present) */
	/* resource configurations only */
	char *verification;      /* domainVerificationStatus (VERIFIED, PENDING, ...); NULL: not read */
	int name_from_tag;       /* custom_domain came from the configured name tag */
	struct lat_rescfg_assoc *assocs;
	size_t nassocs;
};

struct lat_service_list {
	struct lat_service *v;
	size_t n, cap;
};

void lat_service_cleanup(struct lat_service *s);
void lat_rescfg_assoc_cleanup(struct lat_rescfg_assoc *a);
/* Appends a (moved in: *a is zeroed on success, untouched on failure). */
LAT_WUR int lat_service_add_assoc(struct lat_service *s, struct lat_rescfg_assoc *a);
/*
 * Whether the account whose listing returned s (s->account) owns it, per the
 * account field of its ARN. A service shared through AWS RAM is also listed
 * by the accounts it is shared with, which cannot read its tags.
 */
int lat_service_listed_by_owner(const struct lat_service *s);
LAT_WUR int lat_service_copy(struct lat_service *dst, const struct lat_service *src);
void lat_service_list_cleanup(struct lat_service_list *l);
LAT_WUR int lat_service_list_push(struct lat_service_list *l, struct lat_service *s);

/*
 * One record set this controller owns (the ledger's row): which service's
 * DNS it is, in which zone, and what it pointed at when written.
 */
struct lat_owned {
	char *zone_id;
	char *name;              /* normalised like Route 53 stores it */
	char *type;              /* "A", "AAAA" or (issue 12) "CNAME", whose value is in alias_dns_name */
	char *alias_zone_id;
	char *alias_dns_name;
	char *service_arn;
	char *account;
	int64_t since_ms;        /* when it was first written */
};

struct lat_owned_list {
	struct lat_owned *v;
	size_t n, cap;
};

void lat_owned_cleanup(struct lat_owned *o);
LAT_WUR int lat_owned_copy(struct lat_owned *dst, const struct lat_owned *src);
void lat_owned_list_cleanup(struct lat_owned_list *l);
LAT_WUR int lat_owned_list_push(struct lat_owned_list *l, struct lat_owned *o);

/* strdup that accepts NULL (returns NULL) - the result must be checked only when s != NULL. */
char *lat_strdup0(const char *s);

/*
 * qsort and bsearch for arrays that may be empty and then NULL: the C library
 * declares both pointers non-null even for zero elements (UBSan reports it),
 * so the empty case is decided here once rather than at every call.
 */
void lat_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
void *lat_find(const void *key, const void *base, size_t n, size_t size,
    int (*cmp)(const void *, const void *));

#endif
