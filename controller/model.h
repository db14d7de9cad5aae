/* model.h - the pure core's inputs and outputs: what the cycle knows, and the plan it makes. */
#ifndef LAT_MODEL_H
#define LAT_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "common/diag.h"
#include "common/types.h"
#include "controller/recstyle.h"

/*
 * The core (desired.c, plan.c and its diff, batch.c, planfmt.c) reads only what is
 * here: no clock, no environment, no I/O. The reconcile shell fills a
 * struct lat_core_input from the config, the inventory, the live zone and
 * the ledger (all borrowed), and gets back a struct lat_plan it owns.
 */

/* Where ownership lives: zone tags (the pipeline's), the SQLite ledger, or TXT records in the zone (registry.h). */
enum lat_ownership { LAT_OWN_TAGS, LAT_OWN_STATE, LAT_OWN_TXT };
/* adopt: none, or alias-match (an unowned alias to exactly the service's dnsEntry is that service's). */
enum lat_adopt { LAT_ADOPT_NONE, LAT_ADOPT_ALIAS_MATCH };
/* overwrite: any (the pipeline's UPSERT) or owned-only (a record latticedns does not own is a conflict, left). */
enum lat_overwrite { LAT_OVERWRITE_ANY, LAT_OVERWRITE_OWNED_ONLY };
/* conflicts: newest (createdAt, the pipeline's) or first-owner (the service holding the name keeps it). */
enum lat_conflicts { LAT_CONFLICTS_NEWEST, LAT_CONFLICTS_FIRST_OWNER };

struct lat_core_region {
	const char *name;
	int listed_ok;                 /* this cycle listed every page of it */
	const char *error;             /* when !listed_ok */
};

struct lat_core_account {
	const char *id;
	const char *const *allowed_domains;   /* NULL: any name */
	size_t nallowed;
	const struct lat_core_region *regions;
	size_t nregions;
	const char *service_network;          /* resource configurations: the association to publish; NULL: none */
};

/*
 * How the cycle read a zone (issue 11): whole (every page of its records),
 * or from the view stored at the last full read, checked against Route 53's
 * record count (and the zone tags) and re-read at each name it changes.
 * Plain data: the shell decides, the plan only shows it.
 */
enum lat_read_why {
	LAT_READ_VIEW_OK,          /* view: the count (and tags) matched the stored view */
	LAT_READ_NO_VIEW,          /* full: none stored (a first run, a new zone, a new database) */
	LAT_READ_STALE,            /* full: the view was dropped after a failed write or read */
	LAT_READ_STARTUP,          /* full: the long-running controller's first cycle */
	LAT_READ_FLAG,             /* full: --full-scan */
	LAT_READ_EVERY,            /* full: full_scan_every cycles since the last full read */
	LAT_READ_COUNT,            /* full: ResourceRecordSetCount differs from the view's */
	LAT_READ_TAGS,             /* full: the zone tags differ from the view's */
	LAT_READ_NO_COUNT,         /* full: GetHostedZone gave no ResourceRecordSetCount */
	LAT_READ_MANY,             /* full: the plan changes more names than a full read has pages */
};

struct lat_zone_read {
	int full;                  /* 1: every record read this cycle */
	enum lat_read_why why;
	long age_cycles;           /* view: this cycle is the Nth since the full read */
	int64_t age_s;             /* view: seconds since the full read */
	long view_count;           /* the count the view expects (when one is stored), or -1 */
	long zone_count;           /* GetHostedZone's ResourceRecordSetCount, or -1 */
	long every;                /* full_scan_every */
	long targeted;             /* names read one by one before planning their changes */
};

struct lat_core_zone {
	const char *id;
	const char *name;                     /* as Route 53 returns it: "corp.internal." */
	const struct lat_rrset_list *live;
	const struct lat_tags *tags;
	int tag_limit;                        /* tags a zone may hold (50 by default) */
	const char *unread;                   /* why it could not be read this cycle (held); NULL: read */
	struct lat_zone_read read;            /* how it was read (shown in the plan) */
	enum lat_adopt adopt;                 /* zero: none */
	const struct lat_zone_style *style;   /* issue 12: record style, view, selector; NULL: alias, default view */
	int public_zone;                      /* GetHostedZone said PrivateZone false */
};

struct lat_core_input {
	const char *selector_key;             /* "NewService" */
	const char *selector_value;           /* "true" */
	enum lat_ownership ownership;
	const struct lat_core_zone *zones;
	size_t nzones;
	const struct lat_core_account *accounts;
	size_t naccounts;
	const struct lat_service_list *services;  /* merged by ARN, with tags */
	const struct lat_owned_list *owned;       /* LAT_OWN_STATE: the ledger; else ignored */
	int max_delete_percent;
	int min_records_for_threshold;
	int force;
	enum lat_overwrite overwrite;         /* zero: any */
	enum lat_conflicts conflicts;         /* zero: newest */
	const char *owner_id;                 /* LAT_OWN_TXT: this controller's owner in the registry */
	const char *txt_prefix;               /* LAT_OWN_TXT: the registry name's prefix ("_latticedns.") */
	/* Issue 12: resource configurations (kind LAT_RES_RESCFG in services) opt in by their own selector. */
	const char *rescfg_selector_key;      /* NULL: selector_key */
	const char *rescfg_selector_value;    /* NULL: selector_value */
	int publish_managed;                  /* publish names Lattice already manages (verified, private DNS) */
};

enum lat_change_kind { LAT_CHANGE_CREATE, LAT_CHANGE_UPDATE, LAT_CHANGE_DELETE };

/* One record change; everything owned. action is implied by kind: DELETE for delete, else UPSERT. */
struct lat_plan_change {
	enum lat_change_kind kind;
	struct lat_rrset rrset;               /* what to send (DELETE: the exact live record) */
	struct lat_rrset before;              /* update/delete: the live record; zeroed for create */
	char *service_arn;
	char *account;
	char *reason;
	char *owns;                           /* a registry TXT (ownership: txt): the name whose records it owns;
					         it goes in the same change batch as them. NULL otherwise */
};

struct lat_plan_tag {
	char *key;                            /* the service ARN */
	char *value;                          /* the custom domain; NULL for a removal */
	int after_records;                    /* a move (the tag names another name): rewritten only once
					         the new records are written and the old ones deleted */
};

struct lat_plan_zone {
	char *id;
	char *name;
	struct lat_plan_change *changes;
	size_t nchanges;
	struct lat_plan_tag *tag_adds;
	size_t ntag_adds;
	struct lat_plan_tag *tag_removes;
	size_t ntag_removes;
	struct lat_owned_list owned_after;    /* the ledger rows this zone has once the plan is applied:
					         every desired record of an active service (since_ms 0) */
	long owned;                           /* records owned before this plan */
	struct lat_zone_read read;            /* how the zone was read: copied from the input */
	int safety_blocked;
	char *safety_reason;
};

/* A service or name the plan leaves alone, and why. */
struct lat_plan_note {
	char *service_arn;
	char *name;
	char *reason;
};

struct lat_plan_conflict {
	char *name;
	char *winner_arn;                     /* NULL: a record latticedns does not own (overwrite: owned-only) */
	char *loser_arn;
	char *reason;                         /* why the winner won; NULL: the newest createdAt */
};

struct lat_plan_account {
	char *id;
	char *region;
	int ok;
	char *error;
};

struct lat_plan_summary {
	long create, update, del, tags_add, tags_remove;
	long adopt;                           /* names adopted (adopt: alias-match) */
};

struct lat_plan {
	struct lat_plan_zone *zones;
	size_t nzones;
	struct lat_plan_note *skipped;
	size_t nskipped;
	struct lat_plan_note *held;
	size_t nheld;
	struct lat_plan_note *blocked;        /* should have DNS but cannot: the zone's tag registry is full */
	size_t nblocked;
	struct lat_plan_conflict *conflicts;
	size_t nconflicts;
	struct lat_plan_note *adopted;        /* adopt: alias-match: names whose live alias was taken over */
	size_t nadopted;
	struct lat_plan_account *accounts;
	size_t naccounts;
	struct lat_plan_summary summary;
	int safety_blocked;                   /* some zone passed a threshold (and force was off) */
};

void lat_plan_cleanup(struct lat_plan *p);

/* Builds the whole plan (desired, three-way diff, safety). out is zeroed first. */
LAT_WUR int lat_plan_build(const struct lat_core_input *in, struct lat_plan *out, struct lat_diag *d);

#endif
