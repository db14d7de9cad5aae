/* ratelimit.h - a token bucket that keeps calls under a service's request rate. */
#ifndef LAT_RATELIMIT_H
#define LAT_RATELIMIT_H

#include <signal.h>

#include "common/diag.h"

struct lat_clock;

/*
 * Route 53 allows 5 requests per second per account and answers Throttling
 * beyond; pacing ourselves is cheaper than retrying. Thread-safe: the
 * threads of one account share one bucket.
 */
struct lat_ratelimit;

LAT_WUR int lat_ratelimit_new(double rate_per_s, double burst, struct lat_ratelimit **out,
    struct lat_diag *d);
void lat_ratelimit_free(struct lat_ratelimit *rl);
/* Waits for a token on clock; returns LAT_ECANCELED when *cancel was set meanwhile. */
LAT_WUR int lat_ratelimit_acquire(struct lat_ratelimit *rl, const struct lat_clock *clock,
    volatile sig_atomic_t *cancel);

#endif
