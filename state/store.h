/* store.h - the SQLite state: the ledger of owned records, inventory, runs, the change journal, the run lock. */
#ifndef LAT_STORE_H
#define LAT_STORE_H

#include <stdint.h>

#include "common/buf.h"
#include "common/diag.h"
#include "common/types.h"

/*
 * One open database (WAL, busy timeout 5 s, foreign keys, file mode 0600).
 * Used by one thread (the cycle's). No column holds a secret.
 */
struct lat_state;

/* Opens or creates path and brings its schema to this version; a newer schema is refused. */
LAT_WUR int lat_state_open(const char *path, struct lat_state **out, struct lat_diag *d);
/* Opens an existing database for reading only (a dry run's): no create, no migration, no lock. */
LAT_WUR int lat_state_open_readonly(const char *path, struct lat_state **out, struct lat_diag *d);
/* 1 when opened by lat_state_open_readonly. */
int lat_state_readonly(const struct lat_state *st);
void lat_state_close(struct lat_state *st);
/* The schema version the file has (the number of migrations applied). */
int lat_state_version(struct lat_state *st);

/*
 * The run lock: two controllers on one database never interleave. The
 * holder is named by owner, host, pid and a per-open nonce (containers are
 * all pid 1); its row also records the host, the boot id, the pid namespace
 * and the holder's own interval. Calling it again refreshes it (a heartbeat:
 * the daemon does so every cycle). Another holder's lock is taken over when
 * it is stale: at once when that holder ran on this host, boot and pid
 * namespace and its pid is gone; otherwise when it was not refreshed for
 * max(LAT_STATE_LOCK_MIN_STALE_MS, 3 x the holder's interval). A take-over
 * appends "HOLDER: why" to taken (may be NULL) for the caller to log; a live
 * holder gives LAT_EBUSY naming it.
 */
#define LAT_STATE_LOCK_MIN_STALE_MS ((int64_t)15 * 60 * 1000)

struct lat_lock_req {
	const char *owner;       /* "latticedns" */
	int64_t now_ms;          /* wall clock: the heartbeat others read */
	int64_t interval_ms;     /* this controller's interval, recorded: others judge its silence by it */
};

LAT_WUR int lat_state_lock(struct lat_state *st, const struct lat_lock_req *req, struct lat_buf *taken,
    struct lat_diag *d);
/*
 * `latticedns unlock`: removes whoever's lock after confirming it is stale
 * (by the rule above), or at once with force. what gets "HOLDER (why)".
 * LAT_ENOTFOUND: no lock; LAT_EBUSY: the holder is live and force is 0.
 */
LAT_WUR int lat_state_lock_break(struct lat_state *st, int64_t now_ms, int force, struct lat_buf *what,
    struct lat_diag *d);
void lat_state_unlock(struct lat_state *st);

LAT_WUR int lat_state_begin(struct lat_state *st, struct lat_diag *d);
LAT_WUR int lat_state_commit(struct lat_state *st, struct lat_diag *d);
void lat_state_rollback(struct lat_state *st);

/* Appends the zone's rows to out. */
LAT_WUR int lat_state_owned_load(struct lat_state *st, const char *zone_id, struct lat_owned_list *out,
    struct lat_diag *d);
/* Inserts or updates on (zone, name, type); since_ms is kept from the first write. */
LAT_WUR int lat_state_owned_put(struct lat_state *st, const struct lat_owned *o, struct lat_diag *d);
LAT_WUR int lat_state_owned_delete(struct lat_state *st, const char *zone_id, const char *name,
    const char *type, struct lat_diag *d);

LAT_WUR int lat_state_inventory_put(struct lat_state *st, const char *account, const char *region, int ok,
    const char *error, long nservices, int64_t now_ms, struct lat_diag *d);

/* The last recorded listing of (account, region): *ok 1 or 0, and its service count; *ok -1 when never listed. */
LAT_WUR int lat_state_inventory_get(struct lat_state *st, const char *account, const char *region, int *ok,
    long *nservices, struct lat_diag *d);

LAT_WUR int lat_state_run_begin(struct lat_state *st, int64_t now_ms, const char *mode, int64_t *run_id,
    struct lat_diag *d);

/* A dry run's counts are those of its plan; an applying run's, what Route 53 accepted. */
struct lat_run_summary {
	const char *outcome;       /* ok, undone, failed, canceled */
	int exit_code;
	long create, update, del, tags_add, tags_remove;
	long skipped, conflicts, held, failed_accounts;
	const char *error;
	long safety_held;          /* record changes a safety threshold held back */
};

LAT_WUR int lat_state_run_end(struct lat_state *st, int64_t run_id, int64_t now_ms,
    const struct lat_run_summary *s, struct lat_diag *d);
/*
 * A controller on a 60-second interval records half a million runs a year:
 * runs older than the latest keep are deleted, with their API call counts,
 * except those that changed DNS (they have journal rows: the audit trail).
 */
#define LAT_STATE_KEEP_RUNS 10000
LAT_WUR int lat_state_prune_runs(struct lat_state *st, long keep, struct lat_diag *d);
LAT_WUR int lat_state_run_api_calls(struct lat_state *st, int64_t run_id, const char *service,
    const char *operation, long calls, long errors, struct lat_diag *d);
LAT_WUR int lat_state_journal_add(struct lat_state *st, int64_t run_id, const char *zone_id, int batch,
    const char *change_id, const char *status, const char *summary, int64_t now_ms, struct lat_diag *d);
LAT_WUR int lat_state_journal_set_status(struct lat_state *st, const char *change_id, const char *status,
    int64_t now_ms, struct lat_diag *d);

/*
 * The audit trail: one row per change of a batch, written in the transaction
 * of the batch's journal row (lat_state_journal_add) and deleted with it.
 * before/after describe the record replaced and the record written (NULL
 * for a create's before and a delete's after). Strings borrowed.
 */
struct lat_journal_change {
	const char *change_id;
	int seq;                    /* position in the batch */
	const char *zone_id, *name, *type;
	const char *action;         /* create, update, delete */
	const char *before, *after;
	const char *service_arn, *account;
};
LAT_WUR int lat_state_journal_change(struct lat_state *st, const struct lat_journal_change *c, struct lat_diag *d);

/* Which changes `latticedns history` shows; NULL/0: any. */
struct lat_history_query {
	const char *zone_id;
	const char *name;           /* normalised like Route 53 stores it */
	int64_t since_ms;
};
/* One change with its batch's status and times; strings valid only during the callback. */
struct lat_history_row {
	int64_t submitted_ms, updated_ms, run_id;
	const char *status, *zone_id, *name, *type, *action, *before, *after, *service_arn, *account, *change_id;
};
/* Returns 0 to go on, or an error (enum lat_err) to stop with it. */
typedef int (*lat_history_fn)(void *arg, const struct lat_history_row *r);
/* Calls fn for each matching change, oldest first. */
LAT_WUR int lat_state_history(struct lat_state *st, const struct lat_history_query *q, lat_history_fn fn,
    void *arg, struct lat_diag *d);

/*
 * The zone view (issue 11): the last full read of a zone, kept between full
 * reads with every change latticedns applied since, so a converged cycle
 * checks the zone (GetHostedZone's record count, the zone tags) instead of
 * listing it. Everything owned; lat_state_view_cleanup frees.
 */
struct lat_zone_view {
	long rrset_count;          /* the ResourceRecordSetCount Route 53 should report while the view holds */
	int64_t read_ms;           /* when the zone was last read whole */
	long cycles;               /* cycles since that read (0: the full read's own) */
	char *stale;               /* why the next cycle must read the zone whole; NULL: the view is usable */
	int has_tags;              /* the zone tags were read with it */
	struct lat_rrset_list records;
	struct lat_tags tags;
};

void lat_state_view_cleanup(struct lat_zone_view *v);
/* The zone's view into out (zeroed first); *found 0 when there is none. */
LAT_WUR int lat_state_view_load(struct lat_state *st, const char *zone_id, struct lat_zone_view *out,
    int *found, struct lat_diag *d);
/* Replaces the zone's whole view (after a full read), in one transaction of its own. */
LAT_WUR int lat_state_view_save(struct lat_state *st, const char *zone_id, const struct lat_zone_view *v,
    struct lat_diag *d);
/*
 * A cycle that used the view: the record sets at each of names are replaced
 * by those of recs at that name (recs may hold others: ignored); the count,
 * the cycle counter and (when tags != NULL) the tags are set; stale is
 * cleared. One transaction of its own. The zone must have a view.
 */
struct lat_view_update {
	const char *const *names;
	size_t nnames;
	const struct lat_rrset_list *recs;
	long rrset_count;
	long cycles;
	const struct lat_tags *tags;
};
LAT_WUR int lat_state_view_update(struct lat_state *st, const char *zone_id, const struct lat_view_update *u,
    struct lat_diag *d);
/* The next cycle reads the zone whole (a failed write, a failed read): why is kept for its plan. */
LAT_WUR int lat_state_view_invalidate(struct lat_state *st, const char *zone_id, const char *why,
    struct lat_diag *d);

/* The embedded migration i (0-based), or NULL past the last: for the test that compares it to schemas/. */
const char *lat_state_migration(int i);

#endif
