/* report.h - what a cycle tells the operator: a log line per accepted change, the metrics at its end. */
#ifndef LAT_REPORT_H
#define LAT_REPORT_H

#include <stddef.h>
#include <stdint.h>

#include "common/buf.h"
#include "controller/model.h"
#include "controller/provider.h"
#include "controller/reconcile.h"

struct lat_metrics;

/* "create", "update", "delete": the words of the log, the metrics and the audit trail. */
const char *lat_report_action(enum lat_change_kind k);

/*
 * The account a change acts for: the plan's, or for a delete found through a
 * zone tag (which names only the service) the account field of its ARN.
 * May append to b, which the caller cleans up; NULL when neither says.
 */
const char *lat_report_account(const struct lat_plan_change *ch, struct lat_buf *b);

/*
 * A batch Route 53 accepted: one info line per change (zone, action, name,
 * type, target, service ARN, account, change id), the applied counters in
 * applied[kind] and the metrics (m may be NULL). idx: the batch's changes in pz.
 */
void lat_report_accepted(struct lat_metrics *m, const struct lat_plan_zone *pz, const size_t *idx, size_t n,
    const char *change_id, long applied[3]);

/* A finished cycle as the metrics registry wants it. Everything borrowed. */
struct lat_report_cycle {
	int rc;                                  /* lat_reconcile_run's return */
	const char *error;                       /* its message when rc != 0 */
	const struct lat_reconcile_result *res;
	const struct lat_plan *plan;
	const struct lat_inv_result *inv;
	const struct lat_core_zone *zones;       /* the zones as read; NULL when not read */
	size_t nzones;
	int tag_limit;
	int dry_run, force;
	int64_t end_ms;
};

/* Tells m how the cycle ended; a canceled one says nothing (the process is stopping). */
void lat_report_cycle(struct lat_metrics *m, const struct lat_report_cycle *in);

#endif
