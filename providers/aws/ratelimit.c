/* ratelimit.c - token bucket on an injected clock. */
#include "providers/aws/ratelimit.h"

#include <pthread.h>
#include <stdlib.h>

#include "common/clock.h"

struct lat_ratelimit {
	pthread_mutex_t mu;
	double rate;       /* tokens per ms */
	double burst;
	double tokens;
	int64_t last_ms;   /* -1 until first use */
};

int
lat_ratelimit_new(double rate_per_s, double burst, struct lat_ratelimit **out, struct lat_diag *d)
{
	struct lat_ratelimit *rl;

	*out = NULL;
	if (!(rate_per_s > 0))
		return lat_diag_set(d, LAT_EINVAL, "rate limit %.3f/s: must be more than 0", rate_per_s);
	rl = calloc(1, sizeof(*rl));
	if (rl == NULL || pthread_mutex_init(&rl->mu, NULL) != 0) {
		free(rl);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	rl->rate = rate_per_s / 1000.0;
	rl->burst = burst >= 1 ? burst : 1;
	rl->tokens = rl->burst;
	rl->last_ms = -1;
	*out = rl;
	return 0;
}

void
lat_ratelimit_free(struct lat_ratelimit *rl)
{
	if (rl == NULL)
		return;
	pthread_mutex_destroy(&rl->mu);
	free(rl);
}

int
lat_ratelimit_acquire(struct lat_ratelimit *rl, const struct lat_clock *clock,
    volatile sig_atomic_t *cancel)
{
	if (rl == NULL)
		return 0;
	if (clock == NULL)
		clock = lat_clock_system();
	for (;;) {
		int64_t now = clock->now_ms(clock->ctx), wait;

		pthread_mutex_lock(&rl->mu);
		if (rl->last_ms >= 0 && now > rl->last_ms)
			rl->tokens += (double)(now - rl->last_ms) * rl->rate;
		if (rl->tokens > rl->burst)
			rl->tokens = rl->burst;
		if (rl->last_ms < 0 || now > rl->last_ms)
			rl->last_ms = now;
		if (rl->tokens >= 1) {
			rl->tokens -= 1;
			pthread_mutex_unlock(&rl->mu);
			return 0;
		}
		wait = (int64_t)((1 - rl->tokens) / rl->rate) + 1;
		pthread_mutex_unlock(&rl->mu);
		if (clock->sleep_ms(clock->ctx, wait, cancel) != 0 || (cancel != NULL && *cancel))
			return LAT_ECANCELED;
	}
}
