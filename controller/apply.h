/* apply.h - the cycle's apply stage: one zone's part of the plan written to Route 53, journaled as it goes. */
#ifndef LAT_APPLY_H
#define LAT_APPLY_H

#include <signal.h>
#include <stdint.h>

#include "common/diag.h"
#include "controller/model.h"
#include "controller/provider.h"
#include "controller/reconcile.h"

struct lat_clock;
struct lat_metrics;
struct lat_state;

/*
 * A zone's changes go in the order that leaves no record
 * owned by nothing, whatever fails or is killed on the way:
 *   a. ownership tags added (a service whose tag cannot be written gets no
 *      records: blocked);
 *   b. the ledger prewritten (rows it lacks or holds differently);
 *   c. the record batches (batch.c) sent back to back, each journaled
 *      PENDING as Route 53 accepts it, its deletes leaving the ledger in the
 *      same transaction; PriorRequestNotComplete waits and sends again;
 *      InvalidChangeBatch is halved until the bad change is alone; then one
 *      GetChange wait on the last batch stands for all of them (Route 53
 *      processes a zone's changes in order): INSYNC or UNCONFIRMED;
 *   d. (state mode, a zone read whole) ledger rows whose record is gone are
 *      dropped;
 *   e. a moved service's tag rewritten, then tags removed, only after their
 *      records went through.
 * It decides nothing about the DNS (the plan did); it writes it, and
 * counts what happened into res. The zone's view is the cycle's business
 * (zoneread.c), after this returns.
 *
 * Everything borrowed; nothing here outlives a call.
 */
struct lat_apply {
	struct lat_dns *dns;
	struct lat_state *st;
	const struct lat_clock *clock;        /* NULL: lat_clock_system() */
	volatile sig_atomic_t *cancel;        /* may be NULL */
	struct lat_metrics *metrics;          /* told of accepted changes; may be NULL */
	int64_t run_id;                       /* the journal's run; also the batches' Comment */
	int force;                            /* apply a zone past its safety threshold */
	const struct lat_owned_list *owned;   /* the ledger as the cycle read it, ordered by lat_apply_ledger_sort */
	struct lat_reconcile_result *res;     /* added to: write_calls, failed_changes, blocked, unconfirmed,
	                                       * applied_*, safety_held */
};

/*
 * The ledger in the order lat_apply_zone looks rows up in (zone, name,
 * type), so a converged cycle rewrites no row it already holds.
 */
void lat_apply_ledger_sort(struct lat_owned_list *owned);

/*
 * Applies pz (a safety-blocked zone without force: logged, counted as
 * held, nothing written). whole: the zone's records as read whole this
 * cycle, before the apply, in state mode only: the evidence the ledger
 * prune needs; NULL: no prune. A change Route 53 refuses is counted and
 * logged, not returned. Returns 0, or a fatal error (the state database
 * failing, out of memory, canceled) with d set.
 */
LAT_WUR int lat_apply_zone(const struct lat_apply *a, const struct lat_plan_zone *pz,
    const struct lat_rrset_list *whole, struct lat_diag *d);

#endif
