/* retry.h - the AWS SDKs' "standard" retry mode: what is retryable, backoff, and the retry budget. */
#ifndef LAT_RETRY_H
#define LAT_RETRY_H

#include <stdint.h>

#include "common/diag.h"

/*
 * The budget is a token bucket shared by the clients of one process (as the
 * SDKs share one per client): a retry costs 5 tokens (10 after a timeout), a
 * success returns 1. When it is empty, failures are not retried, so a
 * struggling service is not hit harder. Thread-safe.
 */
struct lat_retry_budget;

#define LAT_RETRY_BUDGET_CAPACITY 500
#define LAT_RETRY_COST 5
#define LAT_RETRY_TIMEOUT_COST 10
#define LAT_RETRY_MAX_BACKOFF_MS 20000

struct lat_http_response;

LAT_WUR int lat_retry_budget_new(int capacity, struct lat_retry_budget **out, struct lat_diag *d);
void lat_retry_budget_free(struct lat_retry_budget *b);
/* Takes cost tokens; returns 1 when taken, 0 when the budget cannot pay. */
int lat_retry_budget_take(struct lat_retry_budget *b, int cost);
/* A successful call: returns the retry's cost (after a retry) or 1 token, up to the capacity. */
void lat_retry_budget_success(struct lat_retry_budget *b, int retried_cost);
int lat_retry_budget_level(struct lat_retry_budget *b);

/* AWS error codes the SDKs treat as throttling (retried with backoff). */
int lat_retry_is_throttle(const char *code, long status);
/* Transient: 500, 502, 503, 504, or a connection failure / timeout (status 0). */
int lat_retry_is_transient(const char *code, long status);
/* Full jitter: rand01 * min(20 s, 100 ms * 2^(attempt-1)); attempt counts from 1. */
int64_t lat_retry_backoff_ms(int attempt, double rand01);
/*
 * The delay a server asked for: x-amz-retry-after in milliseconds, or
 * Retry-After in seconds (AWS does not send the HTTP-date form). -1 when
 * neither is present and readable. Capped at LAT_RETRY_MAX_BACKOFF_MS so a
 * wrong header cannot park a cycle. The client uses it instead of the
 * jittered backoff when present.
 */
int64_t lat_retry_after_ms(const struct lat_http_response *resp);

#endif
