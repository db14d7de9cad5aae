/* fuzz_answers.c - the fuzzers' transport and clock. */
#include "tests/fuzz/fuzz_answers.h"

#include <stdlib.h>
#include <string.h>

#include "common/diag.h"

static int
perform(void *ctx, const struct lat_http_request *req, struct lat_http_response *resp, struct lat_diag *d)
{
	struct fuzz_answers *f = ctx;

	(void)req;
	memset(resp, 0, sizeof(*resp));
	if (f->calls++ >= f->pages)
		return lat_diag_set(d, LAT_ETRANSPORT, "fuzz: no more answers");
	resp->status = f->status;
	if (f->error_type != NULL) {
		resp->headers = calloc(1, sizeof(*resp->headers));
		if (resp->headers != NULL) {
			resp->headers[0].name = strdup("x-amzn-ErrorType");
			resp->headers[0].value = strdup(f->error_type);
			resp->nheaders = 1;
		}
	}
	lat_buf_add(&resp->body, f->body, f->len);
	return 0;
}

static void
nofree(void *ctx)
{
	(void)ctx;
}

void
fuzz_answers_init(struct fuzz_answers *f, long status, const uint8_t *body, size_t len)
{
	memset(f, 0, sizeof(*f));
	f->status = status;
	f->body = body;
	f->len = len;
	f->pages = 3;
	f->t = (struct lat_transport){ perform, nofree, f };
}

static int64_t
now_ms(void *ctx)
{
	(void)ctx;
	return 1700000000000LL;
}

static int
sleep_ms(void *ctx, int64_t ms, volatile sig_atomic_t *cancel)
{
	(void)ctx;
	(void)ms;
	(void)cancel;
	return 0;
}

static double
rand01(void *ctx)
{
	(void)ctx;
	return 0.5;
}

const struct lat_clock *
fuzz_clock(void)
{
	static const struct lat_clock c = { now_ms, sleep_ms, rand01, NULL };

	return &c;
}
