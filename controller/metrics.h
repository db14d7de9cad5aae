/* metrics.h - the metrics registry, its Prometheus text exposition, and the liveness/readiness verdicts. */
#ifndef LAT_METRICS_H
#define LAT_METRICS_H

#include <stdint.h>

#include "common/buf.h"
#include "common/diag.h"

/*
 * One registry per process, written by the loop (cycle begin/end), by the
 * AWS clients of every worker thread (lat_metrics_aws_request) and read by
 * the HTTP thread; every function takes the registry's mutex, so a scrape
 * never sees half a cycle. The registry reads no clock: times are passed in
 * (milliseconds since the epoch), which is what lets the health verdicts be
 * tested with a table of times.
 */
struct lat_metrics;

/* Cycle outcomes, the label values of latticedns_cycles_total. */
enum lat_metrics_outcome {
	LAT_OUTCOME_CONVERGED,   /* nothing to change */
	LAT_OUTCOME_CHANGED,     /* changes applied, nothing left undone */
	LAT_OUTCOME_PARTIAL,     /* finished, something left undone (exit 3) */
	LAT_OUTCOME_FAILED,      /* fatal: a zone unreadable, the state database failing */
	LAT_OUTCOME_N
};

/* States of a service (latticedns_services) or a resource configuration
 * (latticedns_resource_configurations): the label values of both. */
enum lat_metrics_svc { LAT_SVC_ACTIVE, LAT_SVC_HELD, LAT_SVC_SKIPPED, LAT_SVC_BLOCKED, LAT_SVC_CONFLICT,
	LAT_SVC_N };

/* One zone as the latest cycle saw it. Strings borrowed for the call. */
struct lat_metrics_zone {
	const char *id;
	long records_owned;
	long tags;             /* tags the zone held when read */
	long tag_limit;
	long safety_held;      /* changes a safety threshold held back */
};

/* What one cycle reports when it ends; borrowed for the call. */
struct lat_metrics_cycle {
	enum lat_metrics_outcome outcome;
	int64_t end_ms;
	int zones_read;                  /* every configured zone was read */
	long accounts_listed, accounts_failed;   /* (account, region) listings */
	long services[LAT_SVC_N];        /* Lattice services */
	long rescfgs[LAT_SVC_N];         /* resource configurations */
	const struct lat_metrics_zone *zones;   /* NULL when the cycle failed before reading them */
	size_t nzones;
	const char *error;               /* why the cycle failed or is not ready; NULL: none */
};

LAT_WUR int lat_metrics_new(const char *version, int64_t now_ms, struct lat_metrics **out,
    struct lat_diag *d);
void lat_metrics_free(struct lat_metrics *m);

/*
 * The loop's timing, for liveness: the loop is alive while a cycle started
 * within 2 * interval_ms + cycle_timeout_ms. Called at start and on reload.
 */
void lat_metrics_configure(struct lat_metrics *m, int64_t interval_ms, int64_t cycle_timeout_ms);

void lat_metrics_cycle_begin(struct lat_metrics *m, int64_t now_ms);
void lat_metrics_cycle_end(struct lat_metrics *m, const struct lat_metrics_cycle *c);

/* n record changes Route 53 accepted in zone; action "create", "update" or "delete". */
void lat_metrics_changes_applied(struct lat_metrics *m, const char *zone, const char *action, long n);

/*
 * One HTTP attempt of an AWS call: code is "OK" for a 2xx answer, else AWS's
 * error code or the transport's failure ("Timeout", "ConnectionError");
 * retried says another attempt follows. Thread-safe; a NULL m does nothing.
 */
void lat_metrics_aws_request(void *m, const char *service, const char *operation, const char *code,
    int retried);

/* The text exposition format 0.0.4 of every metric into b (check b's status once). */
void lat_metrics_format(struct lat_metrics *m, struct lat_buf *b);

/* 1 when the loop is alive at now_ms; else 0 with the reason in why. */
int lat_metrics_live(struct lat_metrics *m, int64_t now_ms, struct lat_buf *why);
/* 1 when the latest finished cycle read every zone and AWS answered; else 0 with the reason in why. */
int lat_metrics_ready(struct lat_metrics *m, struct lat_buf *why);

#endif
