/* test_client.c - retries, backoff, the retry budget, rate limits and error answers, on a scripted transport and a fake clock. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/diag.h"
#include "providers/aws/awserr.h"
#include "providers/aws/client.h"
#include "providers/aws/creds.h"
#include "providers/aws/creds_impl.h"
#include "providers/aws/ratelimit.h"
#include "providers/aws/retry.h"
#include "providers/aws/sigkeys.h"
#include "tests/unit/helper_fake.h"

#define AKID   "AKIDEXAMPLE"
#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
#define TOKEN  "FQoGZXIvYXdzEXAMPLESESSIONTOKEN"

#define THROTTLE_XML \
	"<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">" \
	"<Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>" \
	"<RequestId>req-throttle</RequestId></ErrorResponse>"
#define ICB_XML \
	"<?xml version=\"1.0\"?>\n<InvalidChangeBatch xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">" \
	"<Messages><Message>Tried to create resource record set [name='a.corp.internal.', type='A'] " \
	"but it already exists</Message><Message>second</Message></Messages><RequestId>req-icb</RequestId>" \
	"</InvalidChangeBatch>"
/* The same refusal in Route 53's current form (since 2024): one bracketed, comma-joined message. */
#define ICB_STD_XML \
	"<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">" \
	"<Error><Type>Sender</Type><Code>InvalidChangeBatch</Code><Message>[Tried to create resource record set " \
	"[name='a.corp.internal.', type='A'] but it already exists, second]</Message></Error>" \
	"<RequestId>req-icb</RequestId></ErrorResponse>"
#define OK_XML "<ChangeResourceRecordSetsResponse/>"

/* A credential provider that counts its fetches, so a refresh is visible. */
static int fetches;

static int
counting_fetch(void *impl, int64_t now, struct lat_transport *via, struct lat_creds *out, struct lat_diag *d)
{
	(void)impl;
	(void)via;
	(void)d;
	fetches++;
	memset(out, 0, sizeof(*out));
	out->access_key_id = strdup(AKID);
	out->secret_access_key = strdup(SECRET);
	out->session_token = strdup(TOKEN);
	out->expiration = now + 3600;
	out->source = strdup("test");
	return 0;
}

static void
counting_free(void *impl)
{
	(void)impl;
}

static const struct lat_creds_ops counting_ops = { counting_fetch, counting_free };

struct fixture {
	struct fake_http http;
	struct fake_clock clock;
	struct lat_creds_provider *creds;
	struct lat_retry_budget *budget;
	struct lat_aws_client *client;
	struct lat_diag d;
	struct lat_http_response resp;
	volatile sig_atomic_t cancel;
};

/* The signing-key cache the next fixture's client uses (NULL: none). */
static struct lat_sigkeys *fixture_keys;

static struct fixture *
fixture_new(const char *service, enum lat_aws_protocol proto, int budget, int max_attempts)
{
	struct fixture *f = calloc(1, sizeof(*f));
	struct lat_aws_client_opts o = { 0 };

	assert_non_null(f);
	fake_http_init(&f->http);
	fake_clock_init(&f->clock, 1700000000000LL, 0.5);
	fetches = 0;
	assert_int_equal(lat_creds_provider_new("counting", &counting_ops, NULL, &f->creds, NULL), 0);
	if (budget > 0)
		assert_int_equal(lat_retry_budget_new(budget, &f->budget, NULL), 0);
	o.service = service;
	o.protocol = proto;
	o.region = "us-east-1";
	o.endpoint = "https://route53.amazonaws.com";
	o.account = "999999999999";
	o.creds = f->creds;
	o.transport = &f->http.transport;
	o.budget = f->budget;
	o.clock = &f->clock.clock;
	o.max_attempts = max_attempts;
	o.cancel = &f->cancel;
	o.keys = fixture_keys;
	assert_int_equal(lat_aws_client_new(&o, &f->client, NULL), 0);
	return f;
}

static void
fixture_free(struct fixture *f)
{
	lat_http_response_cleanup(&f->resp);
	lat_diag_cleanup(&f->d);
	lat_aws_client_free(f->client);
	lat_retry_budget_free(f->budget);
	lat_creds_provider_free(f->creds);
	fake_http_cleanup(&f->http);
	free(f);
}

static const struct lat_aws_request change_req = {
	.operation = "ChangeResourceRecordSets", .method = "POST",
	.path = "/2013-04-01/hostedzone/Z0123456789ABCDEFGHIJ/rrset", .query = NULL,
	.content_type = "text/xml", .body = "<x/>", .body_len = 4,
};

static int
call(struct fixture *f)
{
	lat_http_response_cleanup(&f->resp);
	lat_diag_cleanup(&f->d);
	return lat_aws_call(f->client, &change_req, &f->resp, &f->d);
}

/* The secret and the token never show in what a user can see. */
static void
assert_no_secret(const char *s)
{
	assert_null(strstr(s, SECRET));
	assert_null(strstr(s, TOKEN));
	assert_null(strstr(s, "Signature="));
}

/* --- classification and backoff --------------------------------------------- */

static void
test_every_throttle_code_is_retried(void **state)
{
	static const char *const throttles[] = {
		"Throttling", "ThrottlingException", "ThrottledException", "RequestLimitExceeded",
		"TooManyRequestsException", "PriorRequestNotComplete", "RequestThrottledException",
		"SlowDown", "ProvisionedThroughputExceededException", "BandwidthLimitExceeded",
	};
	static const char *const never[] = {
		"InvalidChangeBatch", "AccessDenied", "AccessDeniedException", "ValidationException",
		"ValidationError", "NoSuchHostedZone", "InvalidInput", "ResourceNotFoundException",
		"SignatureDoesNotMatch", "InvalidClientTokenId",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(throttles) / sizeof(throttles[0]); i++)
		assert_true(lat_retry_is_throttle(throttles[i], 400));
	assert_true(lat_retry_is_throttle(NULL, 429));
	for (size_t i = 0; i < sizeof(never) / sizeof(never[0]); i++) {
		assert_false(lat_retry_is_throttle(never[i], 400));
		assert_false(lat_retry_is_transient(never[i], 400));
		assert_false(lat_retry_is_transient(never[i], 403));
	}
	assert_true(lat_retry_is_transient(NULL, 500));
	assert_true(lat_retry_is_transient(NULL, 502));
	assert_true(lat_retry_is_transient(NULL, 503));
	assert_true(lat_retry_is_transient(NULL, 504));
	assert_true(lat_retry_is_transient(NULL, 0));       /* no answer: reset or timeout */
	assert_false(lat_retry_is_transient(NULL, 501));
	assert_false(lat_retry_is_transient(NULL, 400));
	assert_false(lat_retry_is_transient(NULL, 404));
}

static void
test_backoff_is_full_jitter_capped_at_20s(void **state)
{
	int64_t seen_max[12] = { 0 };

	(void)state;
	/* Exact points: rand * min(20 s, 100 ms * 2^(attempt-1)). */
	assert_int_equal(lat_retry_backoff_ms(1, 0.0), 0);
	assert_int_equal(lat_retry_backoff_ms(1, 0.5), 50);
	assert_int_equal(lat_retry_backoff_ms(2, 0.5), 100);
	assert_int_equal(lat_retry_backoff_ms(4, 0.5), 400);
	assert_int_equal(lat_retry_backoff_ms(9, 0.5), 10000);   /* 25.6 s capped at 20 s */
	assert_int_equal(lat_retry_backoff_ms(60, 0.5), 10000);  /* no overflow at high attempts */
	assert_true(lat_retry_backoff_ms(60, 1.0) < 20000);
	/* A seeded random source: every draw within bounds, and the bounds are reached. */
	srand48(42);
	for (int n = 0; n < 20000; n++) {
		int a = 1 + n % 12;
		int64_t ms = lat_retry_backoff_ms(a, drand48());
		int64_t cap = 100LL << (a - 1);

		if (cap > 20000)
			cap = 20000;
		assert_true(ms >= 0 && ms < cap);
		if (ms > seen_max[a - 1])
			seen_max[a - 1] = ms;
	}
	assert_true(seen_max[0] >= 95);
	assert_true(seen_max[11] >= 19000);
}

static void
test_retry_budget_costs_and_refunds(void **state)
{
	struct lat_retry_budget *b;

	(void)state;
	assert_int_equal(lat_retry_budget_new(LAT_RETRY_BUDGET_CAPACITY, &b, NULL), 0);
	assert_int_equal(lat_retry_budget_level(b), 500);
	assert_true(lat_retry_budget_take(b, LAT_RETRY_COST));
	assert_int_equal(lat_retry_budget_level(b), 495);
	assert_true(lat_retry_budget_take(b, LAT_RETRY_TIMEOUT_COST));
	assert_int_equal(lat_retry_budget_level(b), 485);
	lat_retry_budget_success(b, LAT_RETRY_TIMEOUT_COST);       /* a retried call succeeded */
	assert_int_equal(lat_retry_budget_level(b), 495);
	lat_retry_budget_success(b, 0);                             /* a first-try success */
	assert_int_equal(lat_retry_budget_level(b), 496);
	for (int i = 0; i < 10; i++)
		lat_retry_budget_success(b, 0);
	assert_int_equal(lat_retry_budget_level(b), 500);          /* never above capacity */
	for (int i = 0; i < 100; i++)
		assert_true(lat_retry_budget_take(b, LAT_RETRY_COST));
	assert_false(lat_retry_budget_take(b, LAT_RETRY_COST));    /* empty: no more retries */
	assert_int_equal(lat_retry_budget_level(b), 0);
	lat_retry_budget_free(b);
}

static void
test_retry_after_headers(void **state)
{
	struct lat_http_response r = { 0 };
	struct lat_http_header h[1];

	(void)state;
	r.headers = h;
	r.nheaders = 0;
	assert_int_equal(lat_retry_after_ms(&r), -1);
	r.nheaders = 1;
	h[0] = (struct lat_http_header){ "Retry-After", "2" };
	assert_int_equal(lat_retry_after_ms(&r), 2000);
	h[0] = (struct lat_http_header){ "x-amz-retry-after", "750" };
	assert_int_equal(lat_retry_after_ms(&r), 750);
	h[0] = (struct lat_http_header){ "retry-after", "86400" };
	assert_int_equal(lat_retry_after_ms(&r), 20000);
	h[0] = (struct lat_http_header){ "Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT" };
	assert_int_equal(lat_retry_after_ms(&r), -1);
	h[0] = (struct lat_http_header){ "Retry-After", "-3" };
	assert_int_equal(lat_retry_after_ms(&r), -1);
}

/* --- the rate limiter ---------------------------------------------------------- */

static void
test_rate_limit_n_calls_at_5_per_s(void **state)
{
	struct fake_clock c;
	struct lat_ratelimit *rl;

	(void)state;
	for (int n = 5; n <= 45; n += 20) {
		fake_clock_init(&c, 1000, 0.5);
		assert_int_equal(lat_ratelimit_new(5, 5, &rl, NULL), 0);
		for (int i = 0; i < n; i++)
			assert_int_equal(lat_ratelimit_acquire(rl, &c.clock, NULL), 0);
		/* The burst of 5 is free; each further call waits 200 ms. */
		assert_true(c.slept_ms >= (int64_t)(n - 5) * 1000 / 5);
		assert_true(c.slept_ms <= (int64_t)(n - 5) * 1000 / 5 + (n - 5) * 2);
		lat_ratelimit_free(rl);
	}
}

static void
test_rate_limit_refills_and_stops_on_cancel(void **state)
{
	struct fake_clock c;
	struct lat_ratelimit *rl;
	volatile sig_atomic_t cancel = 0;

	(void)state;
	fake_clock_init(&c, 1000, 0.5);
	assert_int_equal(lat_ratelimit_new(5, 5, &rl, NULL), 0);
	for (int i = 0; i < 5; i++)
		assert_int_equal(lat_ratelimit_acquire(rl, &c.clock, NULL), 0);
	c.now_ms += 10000;               /* idle: the bucket refills, but only to its burst */
	for (int i = 0; i < 5; i++)
		assert_int_equal(lat_ratelimit_acquire(rl, &c.clock, NULL), 0);
	assert_int_equal(c.slept_ms, 0);
	cancel = 1;
	assert_int_equal(lat_ratelimit_acquire(rl, &c.clock, &cancel), LAT_ECANCELED);
	lat_ratelimit_free(rl);
}

/* --- the client ----------------------------------------------------------------- */

static void
test_throttling_retries_then_fails_with_one_message(void **state)
{
	struct fixture *f = fixture_new("route53", LAT_PROTO_REST_XML, 500, 3);

	(void)state;
	fake_http_push(&f->http, 400, "Content-Type: text/xml\n", THROTTLE_XML);
	assert_int_equal(call(f), LAT_EAWS);
	assert_int_equal(f->http.nseen, 3);
	assert_int_equal(f->clock.nsleeps, 2);
	assert_int_equal(f->clock.sleeps[0], 50);     /* 0.5 * 100 ms */
	assert_int_equal(f->clock.sleeps[1], 100);    /* 0.5 * 200 ms */
	assert_non_null(f->d.aws);
	assert_string_equal(f->d.aws->code, "Throttling");
	assert_string_equal(f->d.aws->operation, "route53 ChangeResourceRecordSets");
	assert_string_equal(f->d.aws->account, "999999999999");
	assert_string_equal(f->d.aws->endpoint, "route53.amazonaws.com");
	assert_string_equal(f->d.aws->request_id, "req-throttle");
	assert_int_equal(f->d.aws->status, 400);
	assert_int_equal(f->d.aws->attempts, 3);
	assert_string_equal(lat_diag_msg(&f->d),
	    "route53 ChangeResourceRecordSets (account 999999999999): Throttling: Rate exceeded "
	    "(HTTP 400, request id req-throttle, 3 attempts); lower aws.route53_rps or raise the interval");
	assert_int_equal(lat_retry_budget_level(f->budget), 490);
	assert_no_secret(lat_diag_msg(&f->d));
	fixture_free(f);
}

static void
test_invalid_change_batch_is_not_retried(void **state)
{
	struct fixture *f = fixture_new("route53", LAT_PROTO_REST_XML, 500, 3);

	(void)state;
	fake_http_push(&f->http, 400, "Content-Type: text/xml\n", ICB_XML);
	assert_int_equal(call(f), LAT_EAWS);
	assert_int_equal(f->http.nseen, 1);
	assert_int_equal(f->clock.nsleeps, 0);
	assert_string_equal(f->d.aws->code, "InvalidChangeBatch");
	assert_string_equal(f->d.aws->message, "[Tried to create resource record set "
	    "[name='a.corp.internal.', type='A'] but it already exists, second]");
	assert_int_equal(lat_retry_budget_level(f->budget), 500);
	fixture_free(f);
}

static void
test_access_denied_fails_at_once_with_a_fix(void **state)
{
	struct fixture *f = fixture_new("vpc-lattice", LAT_PROTO_REST_JSON, 500, 3);

	(void)state;
	fake_http_push(&f->http, 403, "x-amzn-ErrorType: AccessDeniedException\nx-amzn-RequestId: r-1\n",
	    "{\"message\":\"User: arn:aws:sts::999999999999:assumed-role/x/y is not authorized\"}");
	assert_int_equal(call(f), LAT_EAWS);
	assert_int_equal(f->http.nseen, 1);
	assert_string_equal(f->d.aws->code, "AccessDeniedException");
	assert_string_equal(f->d.aws->request_id, "r-1");
	assert_non_null(strstr(lat_diag_msg(&f->d), "vpc-lattice ChangeResourceRecordSets (account 999999999999)"));
	assert_non_null(strstr(lat_diag_msg(&f->d), "check the role's permissions (examples/iam/)"));
	fixture_free(f);
}

static void
test_transient_then_success(void **state)
{
	struct fixture *f = fixture_new("route53", LAT_PROTO_REST_XML, 500, 3);

	(void)state;
	fake_http_push(&f->http, 503, NULL, "Service Unavailable");
	fake_http_push(&f->http, 200, "Content-Type: text/xml\n", OK_XML);
	assert_int_equal(call(f), 0);
	assert_int_equal(f->resp.status, 200);
	assert_string_equal(lat_buf_str(&f->resp.body), OK_XML);
	assert_int_equal(f->http.nseen, 2);
	assert_int_equal(lat_retry_budget_level(f->budget), 500);   /* the retry's cost came back */
	fixture_free(f);
}

static void
test_timeout_costs_ten_and_gives_up_with_transport_error(void **state)
{
	struct fixture *f = fixture_new("route53", LAT_PROTO_REST_XML, 500, 2);

	(void)state;
	fake_http_push(&f->http, 0, NULL, NULL);
	f->http.answers[0].timed_out = 1;
	assert_int_equal(call(f), LAT_ETRANSPORT);
	assert_int_equal(f->http.nseen, 2);
	assert_int_equal(lat_retry_budget_level(f->budget), 490);
	assert_string_equal(lat_diag_msg(&f->d), "route53 ChangeResourceRecordSets (2 attempts): fake: timed out");
	fixture_free(f);
}

static void
test_retry_after_is_honoured(void **state)
{
	struct fixture *f = fixture_new("vpc-lattice", LAT_PROTO_REST_JSON, 500, 3);

	(void)state;
	fake_http_push(&f->http, 429, "x-amzn-ErrorType: ThrottlingException\nRetry-After: 3\n",
	    "{\"message\":\"Rate exceeded\"}");
	fake_http_push(&f->http, 200, NULL, "{}");
	assert_int_equal(call(f), 0);
	assert_int_equal(f->clock.nsleeps, 1);
	assert_int_equal(f->clock.sleeps[0], 3000);
	fixture_free(f);
	/* The same delay given only in the body's retryAfterSeconds (the header wins when both are there). */
	f = fixture_new("vpc-lattice", LAT_PROTO_REST_JSON, 500, 3);
	fake_http_push(&f->http, 429, "x-amzn-ErrorType: ThrottlingException\n",
	    "{\"message\":\"Rate exceeded\",\"retryAfterSeconds\":4}");
	fake_http_push(&f->http, 429, "x-amzn-ErrorType: ThrottlingException\nRetry-After: 1\n",
	    "{\"message\":\"Rate exceeded\",\"retryAfterSeconds\":9}");
	fake_http_push(&f->http, 200, NULL, "{}");
	assert_int_equal(call(f), 0);
	assert_int_equal(f->clock.nsleeps, 2);
	assert_int_equal(f->clock.sleeps[0], 4000);
	assert_int_equal(f->clock.sleeps[1], 1000);
	fixture_free(f);
}

static void
test_empty_budget_stops_retries(void **state)
{
	struct fixture *f = fixture_new("route53", LAT_PROTO_REST_XML, 7, 5);

	(void)state;
	fake_http_push(&f->http, 400, NULL, THROTTLE_XML);
	assert_int_equal(call(f), LAT_EAWS);
	/* 7 tokens pay for one retry (5), not a second. */
	assert_int_equal(f->http.nseen, 2);
	assert_int_equal(f->d.aws->attempts, 2);
	fixture_free(f);
}

static void
test_expired_token_refreshes_once(void **state)
{
	struct fixture *f = fixture_new("vpc-lattice", LAT_PROTO_REST_JSON, 500, 3);

	(void)state;
	fake_http_push(&f->http, 403, "x-amzn-ErrorType: ExpiredTokenException\n",
	    "{\"message\":\"The security token included in the request is expired\"}");
	fake_http_push(&f->http, 200, NULL, "{}");
	assert_int_equal(call(f), 0);
	assert_int_equal(f->http.nseen, 2);
	assert_int_equal(fetches, 2);                  /* fetched, then forced to refresh */
	assert_int_equal(f->clock.nsleeps, 0);
	assert_int_equal(lat_retry_budget_level(f->budget), 500);
	fixture_free(f);

	/* Expired again after the refresh: the error reaches the caller. */
	f = fixture_new("vpc-lattice", LAT_PROTO_REST_JSON, 500, 3);
	fake_http_push(&f->http, 403, "x-amzn-ErrorType: ExpiredTokenException\n",
	    "{\"message\":\"The security token included in the request is expired\"}");
	assert_int_equal(call(f), LAT_EAWS);
	assert_int_equal(f->http.nseen, 2);
	assert_string_equal(f->d.aws->code, "ExpiredTokenException");
	fixture_free(f);
}

static void
test_request_is_signed_with_the_session_token(void **state)
{
	struct fixture *f = fixture_new("route53", LAT_PROTO_REST_XML, 500, 3);
	char v[512];

	(void)state;
	fake_http_push(&f->http, 200, NULL, OK_XML);
	assert_int_equal(call(f), 0);
	assert_string_equal(f->http.seen[0].method, "POST");
	assert_string_equal(f->http.seen[0].url,
	    "https://route53.amazonaws.com/2013-04-01/hostedzone/Z0123456789ABCDEFGHIJ/rrset");
	assert_string_equal(f->http.seen[0].body, "<x/>");
	assert_non_null(fake_http_header(&f->http, 0, "X-Amz-Security-Token", v, sizeof(v)));
	assert_string_equal(v, TOKEN);
	assert_non_null(fake_http_header(&f->http, 0, "X-Amz-Date", v, sizeof(v)));
	assert_string_equal(v, "20231114T221320Z");                /* the fake clock's time */
	assert_non_null(fake_http_header(&f->http, 0, "Authorization", v, sizeof(v)));
	assert_non_null(strstr(v, "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20231114/us-east-1/route53/aws4_request, "));
	assert_non_null(strstr(v, "SignedHeaders="));
	assert_non_null(strstr(v, "x-amz-security-token"));
	assert_null(strstr(f->http.seen[0].headers, SECRET));
	fixture_free(f);
}

/* Clients sharing a key cache derive the key once and sign exactly as a client without one. */
static void
test_clients_share_one_signing_key(void **state)
{
	struct fixture *plain, *a, *b;
	struct lat_sigkeys *keys = NULL;
	char want[512], got[512];

	(void)state;
	assert_int_equal(lat_sigkeys_new(&keys, NULL), 0);
	plain = fixture_new("route53", LAT_PROTO_REST_XML, 500, 3);
	fixture_keys = keys;
	a = fixture_new("route53", LAT_PROTO_REST_XML, 500, 3);
	b = fixture_new("route53", LAT_PROTO_REST_XML, 500, 3);
	fixture_keys = NULL;
	fake_http_push(&plain->http, 200, NULL, OK_XML);
	assert_int_equal(call(plain), 0);
	assert_non_null(fake_http_header(&plain->http, 0, "Authorization", want, sizeof(want)));
	for (int i = 0; i < 2; i++) {
		struct fixture *f = i ? b : a;

		lat_http_response_cleanup(&f->resp);
		fake_http_push(&f->http, 200, NULL, OK_XML);
		assert_int_equal(call(f), 0);
		assert_non_null(fake_http_header(&f->http, 0, "Authorization", got, sizeof(got)));
		assert_string_equal(got, want);
	}
	assert_int_equal(lat_sigkeys_derived(keys), 1);
	fixture_free(plain);
	fixture_free(a);
	fixture_free(b);
	lat_sigkeys_free(keys);
}

static void
test_cancel_stops_before_sending(void **state)
{
	struct fixture *f = fixture_new("route53", LAT_PROTO_REST_XML, 500, 3);

	(void)state;
	fake_http_push(&f->http, 200, NULL, OK_XML);
	f->cancel = 1;
	assert_int_equal(call(f), LAT_ECANCELED);
	assert_int_equal(f->http.nseen, 0);
	assert_string_equal(lat_diag_msg(&f->d), "route53 ChangeResourceRecordSets: stopped");
	fixture_free(f);
}

/* --- error bodies ----------------------------------------------------------------- */

/* What the client reads from an error answer; free with lat_aws_error_free(). */
static struct lat_aws_error *
parse(enum lat_aws_protocol proto, long status, const char *hname, const char *hvalue, const char *body)
{
	struct lat_http_response r = { 0 };
	struct lat_http_header h = { (char *)hname, (char *)hvalue };
	struct lat_aws_error *e = lat_aws_error_new();

	r.status = status;
	r.headers = hname ? &h : NULL;
	r.nheaders = hname ? 1 : 0;
	lat_buf_init(&r.body, 0);
	lat_buf_adds(&r.body, body);
	assert_non_null(e);
	lat_awserr_parse(proto, &r, e);
	lat_buf_cleanup(&r.body);
	return e;
}

static void
test_error_bodies_of_each_protocol(void **state)
{
	struct lat_aws_error *e;

	(void)state;
	e = parse(LAT_PROTO_QUERY, 403, NULL, NULL,
	    "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
	    "<Code>AccessDenied</Code><Message>User: x is not authorized</Message></Error>"
	    "<RequestId>sts-1</RequestId></ErrorResponse>");
	assert_int_equal(e->status, 403);
	assert_string_equal(e->code, "AccessDenied");
	assert_string_equal(e->message, "User: x is not authorized");
	assert_string_equal(e->request_id, "sts-1");
	lat_aws_error_free(e);

	/* Both InvalidChangeBatch forms read as the same error, message whole, byte for byte. */
	static const char *const icb[] = { ICB_XML, ICB_STD_XML };
	for (size_t i = 0; i < 2; i++) {
		e = parse(LAT_PROTO_REST_XML, 400, "x-amzn-RequestId", "hdr-id", icb[i]);
		assert_string_equal(e->code, "InvalidChangeBatch");
		assert_string_equal(e->message, "[Tried to create resource record set [name='a.corp.internal.', "
		    "type='A'] but it already exists, second]");
		assert_string_equal(e->request_id, "req-icb");
		lat_aws_error_free(e);
	}
	/* Messages with brackets and commas of their own, and a legacy body with a single message. */
	e = parse(LAT_PROTO_REST_XML, 400, NULL, NULL,
	    "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
	    "<Error><Type>Sender</Type><Code>InvalidChangeBatch</Code><Message>[RRSet with DNS name x., type A, "
	    "[a], b is not permitted in zone y., Tried to delete resource record set [name='x.', type='CNAME'] "
	    "but it was not found]</Message></Error><RequestId>r2</RequestId></ErrorResponse>");
	assert_string_equal(e->message, "[RRSet with DNS name x., type A, [a], b is not permitted in zone y., "
	    "Tried to delete resource record set [name='x.', type='CNAME'] but it was not found]");
	lat_aws_error_free(e);
	e = parse(LAT_PROTO_REST_XML, 400, NULL, NULL,
	    "<InvalidChangeBatch xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\"><Messages><Message>"
	    "Number of records limit of 1000 exceeded.</Message></Messages><RequestId>r3</RequestId>"
	    "</InvalidChangeBatch>");
	assert_string_equal(e->code, "InvalidChangeBatch");
	assert_string_equal(e->message, "[Number of records limit of 1000 exceeded.]");
	assert_string_equal(e->request_id, "r3");
	lat_aws_error_free(e);

	e = parse(LAT_PROTO_REST_XML, 404, NULL, NULL,
	    "<?xml version=\"1.0\"?>\n<ErrorResponse xmlns=\"https://route53.amazonaws.com/doc/2013-04-01/\">"
	    "<Error><Type>Sender</Type><Code>NoSuchHostedZone</Code><Message>No hosted zone found with ID: Z1"
	    "</Message></Error><RequestId>r53</RequestId></ErrorResponse>");
	assert_string_equal(e->code, "NoSuchHostedZone");
	assert_string_equal(e->message, "No hosted zone found with ID: Z1");
	lat_aws_error_free(e);

	/* REST-JSON: the header wins and loses its ":suffix". */
	e = parse(LAT_PROTO_REST_JSON, 400, "X-Amzn-ErrorType", "ValidationException:http://internal.amazon.com/",
	    "{\"message\":\"bad maxResults\",\"reason\":\"fieldValidationFailed\"}");
	assert_string_equal(e->code, "ValidationException");
	assert_string_equal(e->message, "bad maxResults");
	lat_aws_error_free(e);

	/* JSON 1.1: "__type" loses its "namespace#". */
	e = parse(LAT_PROTO_JSON, 400, NULL, NULL,
	    "{\"__type\":\"com.amazon.coral.availability#ThrottlingException\",\"Message\":\"Rate exceeded\"}");
	assert_string_equal(e->code, "ThrottlingException");
	assert_string_equal(e->message, "Rate exceeded");
	lat_aws_error_free(e);

	e = parse(LAT_PROTO_REST_JSON, 404, NULL, NULL, "{\"code\":\"ResourceNotFoundException\",\"message\":\"gone\"}");
	assert_string_equal(e->code, "ResourceNotFoundException");
	lat_aws_error_free(e);

	/* A body that is not what the protocol says: no code, the status stays. */
	e = parse(LAT_PROTO_REST_XML, 502, NULL, NULL, "<html>Bad Gateway</html>");
	assert_null(e->code);
	assert_int_equal(e->status, 502);
	lat_aws_error_free(e);
	e = parse(LAT_PROTO_JSON, 500, NULL, NULL, "not json");
	assert_null(e->code);
	lat_aws_error_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_throttle_code_is_retried),
		cmocka_unit_test(test_backoff_is_full_jitter_capped_at_20s),
		cmocka_unit_test(test_retry_budget_costs_and_refunds),
		cmocka_unit_test(test_retry_after_headers),
		cmocka_unit_test(test_rate_limit_n_calls_at_5_per_s),
		cmocka_unit_test(test_rate_limit_refills_and_stops_on_cancel),
		cmocka_unit_test(test_throttling_retries_then_fails_with_one_message),
		cmocka_unit_test(test_invalid_change_batch_is_not_retried),
		cmocka_unit_test(test_access_denied_fails_at_once_with_a_fix),
		cmocka_unit_test(test_transient_then_success),
		cmocka_unit_test(test_timeout_costs_ten_and_gives_up_with_transport_error),
		cmocka_unit_test(test_retry_after_is_honoured),
		cmocka_unit_test(test_empty_budget_stops_retries),
		cmocka_unit_test(test_expired_token_refreshes_once),
		cmocka_unit_test(test_request_is_signed_with_the_session_token),
		cmocka_unit_test(test_clients_share_one_signing_key),
		cmocka_unit_test(test_cancel_stops_before_sending),
		cmocka_unit_test(test_error_bodies_of_each_protocol),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
