/* clock.h - the process's clock, sleep and randomness, passed in so nothing reads them behind a test's back. */
#ifndef LAT_CLOCK_H
#define LAT_CLOCK_H

#include <signal.h>
#include <stdint.h>

/*
 * The process's clock, sleep and randomness, passed in so retries and rate
 * limits are tested on a fake clock. now_ms: wall clock in ms. sleep_ms must
 * return early (nonzero) when *cancel becomes set.
 */
struct lat_clock {
	int64_t (*now_ms)(void *ctx);
	int (*sleep_ms)(void *ctx, int64_t ms, volatile sig_atomic_t *cancel);
	double (*rand01)(void *ctx);     /* uniform in [0, 1) */
	void *ctx;
};
/* The real clock (CLOCK_REALTIME, nanosleep in slices, a seeded PRNG). */
const struct lat_clock *lat_clock_system(void);

#endif
