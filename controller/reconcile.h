/* reconcile.h - one cycle: inventory, live zone, plan, apply, record. */
#ifndef LAT_RECONCILE_H
#define LAT_RECONCILE_H

#include <signal.h>
#include <stdint.h>
#include <stdio.h>

#include "common/diag.h"
#include "controller/cli.h"
#include "controller/provider.h"

struct lat_config;
struct lat_state;
struct lat_clock;
struct lat_metrics;

/* Everything borrowed. */
struct lat_reconcile_opts {
	const struct lat_config *cfg;
	struct lat_inventory *inv;
	struct lat_dns *dns;
	struct lat_state *st;
	int dry_run;                  /* plan only: no Route 53 write, only a run record */
	int force;                    /* apply past a safety threshold */
	int full_scan;                /* read every zone whole (--full-scan, or the daemon's first cycle) */
	int startup;                  /* the long-running controller's first cycle: a full read, said so */
	enum lat_output output;       /* how the plan is printed */
	FILE *plan_out;               /* where the plan is printed; NULL: not printed */
	const struct lat_clock *clock;
	volatile sig_atomic_t *cancel;
	struct lat_metrics *metrics;  /* told of applied changes and of the cycle's end; may be NULL */
	int migrate;                  /* `latticedns migrate`: instead of plan and apply, migrate ownership to migrate_to */
	int migrate_to;               /* enum lat_ownership */
};

/* What a cycle did; the counts are those of the plan, the failures those of the apply. */
struct lat_reconcile_result {
	int exit_code;                /* enum lat_exit */
	long create, update, del, tags_add, tags_remove;
	long skipped, conflicts, held, failed_accounts;
	long failed_changes;          /* record or tag changes Route 53 refused or that could not be sent */
	long blocked;                 /* services left without DNS because their ownership tag could not be written */
	int safety_blocked;           /* the plan passed a safety threshold and was not applied */
	long failed_zones;            /* zones not read this cycle, so held whole */
	long unconfirmed;             /* batches Route 53 accepted whose INSYNC was not seen (GetChange failed) */
	long write_calls;             /* Route 53 write calls made (ChangeResourceRecordSets + ChangeTagsForResource) */
	long applied_create, applied_update, applied_del;   /* record changes Route 53 accepted */
	long safety_held;             /* record changes a safety threshold held back */
	int zones_read;               /* every configured zone was read */
};

/*
 * Runs one cycle. Returns 0 when the cycle ran to its end (whatever it found:
 * res->exit_code says 0, 2 or 3), or an error for a fatal condition (the
 * config's zone unreadable, the state database failing, canceled), with d
 * set; res->exit_code is then LAT_EXIT_FATAL.
 */
LAT_WUR int lat_reconcile_run(const struct lat_reconcile_opts *o, struct lat_reconcile_result *res,
    struct lat_diag *d);

#endif
