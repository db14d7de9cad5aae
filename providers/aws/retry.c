/* retry.c - standard-mode retry decisions, exponential backoff with full jitter, the retry budget. */
#include "providers/aws/retry.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "providers/aws/http.h"

struct lat_retry_budget {
	pthread_mutex_t mu;
	int capacity;
	int level;
};

int
lat_retry_budget_new(int capacity, struct lat_retry_budget **out, struct lat_diag *d)
{
	struct lat_retry_budget *b = calloc(1, sizeof(*b));

	*out = NULL;
	if (b == NULL || pthread_mutex_init(&b->mu, NULL) != 0) {
		free(b);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	b->capacity = b->level = capacity > 0 ? capacity : LAT_RETRY_BUDGET_CAPACITY;
	*out = b;
	return 0;
}

void
lat_retry_budget_free(struct lat_retry_budget *b)
{
	if (b == NULL)
		return;
	pthread_mutex_destroy(&b->mu);
	free(b);
}

int
lat_retry_budget_take(struct lat_retry_budget *b, int cost)
{
	int ok;

	if (b == NULL)
		return 1;
	pthread_mutex_lock(&b->mu);
	ok = b->level >= cost;
	if (ok)
		b->level -= cost;
	pthread_mutex_unlock(&b->mu);
	return ok;
}

void
lat_retry_budget_success(struct lat_retry_budget *b, int retried_cost)
{
	if (b == NULL)
		return;
	pthread_mutex_lock(&b->mu);
	b->level += retried_cost > 0 ? retried_cost : 1;
	if (b->level > b->capacity)
		b->level = b->capacity;
	pthread_mutex_unlock(&b->mu);
}

int
lat_retry_budget_level(struct lat_retry_budget *b)
{
	int l;

	if (b == NULL)
		return 0;
	pthread_mutex_lock(&b->mu);
	l = b->level;
	pthread_mutex_unlock(&b->mu);
	return l;
}

/* botocore's standard-mode list, plus Route 53's PriorRequestNotComplete. */
static const char *const throttle_codes[] = {
	"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
	"TooManyRequestsException", "ProvisionedThroughputExceededException",
	"TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
	"LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
	"EC2ThrottledException", NULL,
};

int
lat_retry_is_throttle(const char *code, long status)
{
	if (status == 429)
		return 1;
	for (size_t i = 0; code != NULL && throttle_codes[i] != NULL; i++)
		if (strcmp(code, throttle_codes[i]) == 0)
			return 1;
	return 0;
}

int
lat_retry_is_transient(const char *code, long status)
{
	if (code != NULL && (strcmp(code, "RequestTimeout") == 0 ||
	    strcmp(code, "RequestTimeoutException") == 0 || strcmp(code, "IDPCommunicationError") == 0 ||
	    strcmp(code, "InternalError") == 0 || strcmp(code, "ServiceUnavailable") == 0))
		return 1;
	return status == 0 || status == 500 || status == 502 || status == 503 || status == 504;
}

int64_t
lat_retry_backoff_ms(int attempt, double rand01)
{
	int64_t cap = LAT_RETRY_MAX_BACKOFF_MS, base = 100;

	for (int i = 1; i < attempt && base < cap; i++)
		base *= 2;
	if (base > cap)
		base = cap;
	if (rand01 < 0)
		rand01 = 0;
	if (rand01 >= 1)
		rand01 = 0.999999;
	return (int64_t)(rand01 * (double)base);
}

int64_t
lat_retry_after_ms(const struct lat_http_response *resp)
{
	const char *v;
	char *end;
	long long n;
	int64_t ms;

	if ((v = lat_http_response_header(resp, "x-amz-retry-after")) != NULL)
		ms = 1;
	else if ((v = lat_http_response_header(resp, "Retry-After")) != NULL)
		ms = 1000;
	else
		return -1;
	errno = 0;
	n = strtoll(v, &end, 10);
	if (errno != 0 || end == v || *end != '\0' || n < 0)
		return -1;
	if (n > LAT_RETRY_MAX_BACKOFF_MS / ms)
		return LAT_RETRY_MAX_BACKOFF_MS;
	return (int64_t)n * ms;
}

