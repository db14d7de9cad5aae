/* clock.c - the system clock (clock.h). */
#include "common/clock.h"

#include <errno.h>
#include <stdint.h>
#include <time.h>

static int64_t
sys_now_ms(void *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Sleeps in slices of at most 100 ms so a stop signal is seen quickly. */
static int
sys_sleep_ms(void *ctx, int64_t ms, volatile sig_atomic_t *cancel)
{
	(void)ctx;
	while (ms > 0) {
		int64_t slice = ms > 100 ? 100 : ms;
		struct timespec ts = { .tv_sec = slice / 1000, .tv_nsec = (slice % 1000) * 1000000 };

		if (cancel != NULL && *cancel)
			return 1;
		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			if (cancel != NULL && *cancel)
				return 1;
		ms -= slice;
	}
	return cancel != NULL && *cancel;
}

/*
 * xorshift64*, one state per thread, seeded from the clock and the state's
 * own (per-thread) address: jitter, not cryptography. Per thread so no lock
 * or atomic retry loop is needed.
 */
static double
sys_rand01(void *ctx)
{
	static _Thread_local unsigned long long state;
	unsigned long long x = state;

	(void)ctx;
	if (x == 0)
		x = (unsigned long long)sys_now_ms(NULL) ^ (unsigned long long)(uintptr_t)&state ^
		    0x9E3779B97F4A7C15ULL;
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	state = x;
	return (double)((x * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

static const struct lat_clock system_clock = { sys_now_ms, sys_sleep_ms, sys_rand01, NULL };

const struct lat_clock *
lat_clock_system(void)
{
	return &system_clock;
}
