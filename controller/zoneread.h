/* zoneread.h - the cycle's read stage: each zone read whole or from its stored view, beside the listing. */
#ifndef LAT_ZONEREAD_H
#define LAT_ZONEREAD_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "common/diag.h"
#include "common/types.h"
#include "controller/model.h"
#include "controller/provider.h"
#include "controller/zoneview.h"
#include "state/store.h"

struct lat_config;

/*
 * Issue 11. Per configured zone, GetHostedZone, then (tags mode) the zone
 * tags, then either every page of its records (a full read) or its view
 * from the state database, checked against the record count and the tags
 * (lat_zoneview_decide says which). This runs on a thread of its own while
 * the inventory lists (the Route 53 budget is not the listing's); the plan
 * is made once both are done. Before writing, each name a view-planned
 * zone changes is read again on its own (lat_zoneread_refine): what holds
 * it now decides, and it is the positive evidence a deletion needs.
 *
 * The live arrays (live, tags, names, errors: n each) belong to the cycle;
 * this fills them. The views are loaded before the thread starts and
 * written after the apply, from the cycle's thread: the database is never
 * used from two threads.
 */
struct lat_zoneread_zone {
	struct lat_zone_view view;       /* as loaded: records moved into live when the view is used */
	int have_view;
	long count;                      /* GetHostedZone's ResourceRecordSetCount */
	int private_zone;                /* GetHostedZone's PrivateZone (issue 12: public zones refuse Lattice names) */
	struct lat_zone_read read;
	struct lat_zoneview_names targeted;
};

struct lat_zoneread {
	const struct lat_config *cfg;
	struct lat_dns *dns;
	struct lat_state *st;
	int64_t now_ms;
	int full_scan;                   /* --full-scan */
	int startup;                     /* the long-running controller's first cycle */
	long failed_zones;               /* zones not read (held) */
	struct lat_rrset_list *live;     /* borrowed arrays of n */
	struct lat_tags *tags;
	char **names;
	char **errors;
	struct lat_zoneread_zone *z;
	size_t n;
	/* the thread */
	pthread_t thread;
	int started;
	int rc;
	struct lat_diag d;
};

/* Loads the views (n zones of cfg) and starts reading on a thread. On failure nothing runs. */
LAT_WUR int lat_zoneread_start(struct lat_zoneread *r, struct lat_diag *d);
/* Waits for the reads; their fatal error (GetHostedZone failed, out of memory, canceled), if any. */
LAT_WUR int lat_zoneread_join(struct lat_zoneread *r, struct lat_diag *d);
/*
 * After a plan: reads each name zone i's plan changes that was not read
 * yet (a view zone only), or the whole zone when that is cheaper. *again
 * is set when the zone's live records changed, so the plan must be made
 * again. A failed read holds the zone (errors[i]).
 */
LAT_WUR int lat_zoneread_refine(struct lat_zoneread *r, size_t i, const struct lat_plan_zone *pz, int *again,
    struct lat_diag *d);
/*
 * After zone i's apply: the view becomes what Route 53 now holds (what was
 * read, with the plan applied), or is dropped when anything about the zone
 * is unsure (a failed read or write: wrote_ok 0). applied 0: nothing was
 * written (a safety hold). A dry run calls nothing here.
 */
LAT_WUR int lat_zoneread_record(struct lat_zoneread *r, size_t i, const struct lat_plan_zone *pz, int applied,
    int wrote_ok, int64_t run_id, struct lat_diag *d);
/* Whether zone i was read whole this cycle (and not held). */
int lat_zoneread_whole(const struct lat_zoneread *r, size_t i);
/* One log line per zone read (event "read"): whole, or the view with its age and the names re-read. */
void lat_zoneread_log(const struct lat_zoneread *r);
void lat_zoneread_cleanup(struct lat_zoneread *r);

#endif
