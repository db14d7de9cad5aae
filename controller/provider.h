/* provider.h - the two I/O boundaries of a cycle: where services come from, where DNS goes. */
#ifndef LAT_PROVIDER_H
#define LAT_PROVIDER_H

#include <stddef.h>

#include "common/diag.h"
#include "common/types.h"

/*
 * The reconcile loop sees the outside world only through these two tables
 * (as curl's protocol handlers): production fills them with the AWS
 * implementations in providers/aws/ (awsinv.c, awsdns.c), tests with fakes
 * that script answers and record calls. Nothing behind a table decides what
 * the DNS should be; the tables only list and apply.
 */

/* Called once per (service, operation) counter, for run records and plans. */
typedef void (*lat_stat_fn)(void *arg, const char *service, const char *operation, long calls,
    long errors);

/* One (account, region) to list; borrowed from the config. */
struct lat_inv_target {
	const char *account;
	const char *role_arn;      /* the reader role to assume; NULL: the controller's own credentials */
	const char *external_id;   /* or NULL */
	const char *region;
	/* Issue 12: also list resource configurations (their tags, associations, verification). */
	int resource_configurations;
	const char *rescfg_selector_key;   /* read associations only of those carrying it; NULL: of all */
	const char *rescfg_name_tag;       /* the tag naming one without a customDomainName; NULL: none */
};

/* What listing one target produced; owned by the result. */
struct lat_inv_listing {
	char *account;
	char *region;
	int ok;                            /* 1: every page of services and tags was read */
	char *error;                       /* when !ok: why, one line, no secret */
	struct lat_service_list services;  /* with their tags (at least the selector key when set); resource
					      configurations follow the services (kind LAT_RES_RESCFG) */
};

struct lat_inv_result {
	struct lat_inv_listing *v;         /* one per target, in the targets' order */
	size_t n;
};

void lat_inv_result_cleanup(struct lat_inv_result *r);

struct lat_inventory {
	/*
	 * Lists every target (in parallel when the implementation can). A
	 * target that fails is reported in its listing (ok = 0) and never
	 * fails the call; the return is an error only when nothing can be
	 * trusted (out of memory, canceled). out is filled with n listings.
	 */
	int (*list)(void *ctx, const struct lat_inv_target *targets, size_t n,
	    const char *selector_key, struct lat_inv_result *out, struct lat_diag *d);
	void (*stats)(void *ctx, lat_stat_fn fn, void *arg);
	void (*free)(void *ctx);
	void *ctx;
};

/*
 * Record writes are UPSERT, as the pipeline's: a record that appeared since
 * the listing is overwritten, not refused. The one CREATE is a new
 * ownership: txt registry record: if another controller wrote one at that
 * name since the listing, Route 53 refuses the batch, so the name's records
 * are not written either.
 */
enum lat_dns_action { LAT_DNS_UPSERT, LAT_DNS_DELETE, LAT_DNS_CREATE };

/* One record change; the rrset is borrowed. */
struct lat_dns_change {
	enum lat_dns_action action;
	const struct lat_rrset *rrset;
};

struct lat_dns {
	/*
	 * The zone's name as Route 53 returns it ("corp.internal."); *name is
	 * malloc'd. *count is its ResourceRecordSetCount, or -1 when the answer
	 * had none (which forces a full read). *private_zone: its PrivateZone
	 * (issue 12: a public zone refuses Lattice names).
	 */
	int (*get_zone)(void *ctx, const char *zone_id, char **name, long *count, int *private_zone,
	    struct lat_diag *d);
	/* Every record set of the zone, all pages, in Route 53's order. */
	int (*list_records)(void *ctx, const char *zone_id, struct lat_rrset_list *out, struct lat_diag *d);
	/*
	 * The record sets at exactly name (every type), appended to out: a
	 * targeted read (ListResourceRecordSets started at name, a small page,
	 * followed while the page still holds name).
	 */
	int (*list_records_at)(void *ctx, const char *zone_id, const char *name, struct lat_rrset_list *out,
	    struct lat_diag *d);
	int (*list_tags)(void *ctx, const char *zone_id, struct lat_tags *out, struct lat_diag *d);
	/*
	 * One atomic change batch. On success *change_id is malloc'd. On
	 * failure d->aws carries AWS's code (InvalidChangeBatch splits the
	 * batch; throttling was already retried below).
	 */
	int (*change_records)(void *ctx, const char *zone_id, const struct lat_dns_change *v, size_t n,
	    const char *comment, char **change_id, struct lat_diag *d);
	/* Waits (bounded, with backoff) until the change is INSYNC; LAT_ELIMIT when it never got there. */
	int (*wait_change)(void *ctx, const char *change_id, struct lat_diag *d);
	/* At most 10 adds and 10 removals per call. */
	int (*change_tags)(void *ctx, const char *zone_id, const struct lat_tag *add, size_t nadd,
	    const char *const *remove, size_t nremove, struct lat_diag *d);
	void (*stats)(void *ctx, lat_stat_fn fn, void *arg);
	void (*free)(void *ctx);
	void *ctx;
};

void lat_inventory_free(struct lat_inventory *inv);
void lat_dns_free(struct lat_dns *dns);

#endif
