/* client.h - one signed AWS API call: endpoint, credentials, rate limit, signing, retries, errors. */
#ifndef LAT_CLIENT_H
#define LAT_CLIENT_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "common/diag.h"
#include "common/clock.h"
#include "providers/aws/http.h"

struct lat_creds_provider;
struct lat_ratelimit;       /* providers/aws/ratelimit.h */
struct lat_retry_budget;    /* providers/aws/retry.h */
struct lat_sigkeys;         /* providers/aws/sigkeys.h */

enum lat_aws_protocol {
	LAT_PROTO_QUERY,      /* STS: form body, XML answers */
	LAT_PROTO_REST_XML,   /* Route 53 */
	LAT_PROTO_REST_JSON,  /* VPC Lattice */
	LAT_PROTO_JSON,       /* Resource Groups Tagging API (JSON 1.1, X-Amz-Target) */
};


/*
 * Told of each HTTP attempt, for the metrics: code is "OK" for a 2xx answer,
 * AWS's error code, "HTTP<status>" when the answer had none, or the
 * transport's failure ("Timeout", "ConnectionError"); retried says another
 * attempt follows. Called from worker threads: fn must be thread-safe.
 */
struct lat_aws_observer {
	void (*fn)(void *arg, const char *service, const char *operation, const char *code, int retried);
	void *arg;
};

/*
 * Everything a client needs, borrowed: the caller keeps these alive longer
 * than the client. One client per (service, region, account); it is used by
 * one thread at a time (its transport is not shared across threads), but
 * the rate limiter and retry budget may be shared and are thread-safe.
 */
struct lat_aws_client_opts {
	const char *service;              /* signing name: "sts", "route53", "vpc-lattice", "tagging" */
	enum lat_aws_protocol protocol;
	const char *region;               /* signing region (Route 53: us-east-1, or cn-northwest-1 in aws-cn) */
	const char *endpoint;             /* base URL without trailing slash: "https://route53.amazonaws.com" */
	const char *account;              /* account id the calls act in, for messages and rate limits; may be NULL */
	struct lat_creds_provider *creds;
	struct lat_transport *transport;
	struct lat_ratelimit *limiter;    /* may be NULL */
	struct lat_retry_budget *budget;  /* may be NULL: no budget */
	const struct lat_clock *clock;    /* NULL: lat_clock_system() */
	int max_attempts;                 /* 0: 3 */
	volatile sig_atomic_t *cancel;    /* may be NULL */
	const struct lat_aws_observer *observer;   /* may be NULL */
	struct lat_sigkeys *keys;         /* signing keys shared by every client; NULL: derived per request */
};

struct lat_aws_client;

LAT_WUR int lat_aws_client_new(const struct lat_aws_client_opts *opts, struct lat_aws_client **out,
    struct lat_diag *d);
void lat_aws_client_free(struct lat_aws_client *c);

/* One API call. Everything borrowed. */
struct lat_aws_request {
	const char *operation;     /* botocore operation name, "ChangeResourceRecordSets" */
	const char *method;
	const char *path;          /* percent-encoded path, "/2013-04-01/hostedzone/Z1/rrset" */
	const char *query;         /* percent-encoded query without '?', or NULL */
	const char *content_type;  /* or NULL */
	const char *target;        /* X-Amz-Target, or NULL */
	const void *body;
	size_t body_len;
};

/*
 * Signs and sends the request, retrying like the AWS SDKs' standard mode.
 * Returns 0 with a 2xx response in *resp. Otherwise *resp is cleaned up and:
 * LAT_EAWS with d->aws filled (operation, endpoint, account, status, code,
 * message, request id, attempts) and a message like
 *   route53 ChangeResourceRecordSets (account 999999999999): Throttling: Rate exceeded (request id ..., 3 attempts)
 * or LAT_ETRANSPORT / LAT_ECREDS / LAT_ECANCELED with a message naming the
 * operation and the account.
 */
LAT_WUR int lat_aws_call(struct lat_aws_client *c, const struct lat_aws_request *req,
    struct lat_http_response *resp, struct lat_diag *d);

/* Counters of calls made by this client, by operation, for run records: see lat_aws_client_stats(). */
struct lat_aws_stat {
	const char *operation;   /* borrowed from the requests (string literals) */
	long calls;              /* HTTP requests sent, retries included */
	long errors;
};
/* Calls fn for each operation counter. */
void lat_aws_client_stats(const struct lat_aws_client *c,
    void (*fn)(void *arg, const char *service, const char *operation, long calls, long errors), void *arg);

/* The account this client acts in (opts.account), or NULL. */
const char *lat_aws_client_account(const struct lat_aws_client *c);

/* Percent-encodes s per RFC 3986 unreserved (A-Z a-z 0-9 - _ . ~) into b; with keep_slash, "/" is kept. An append like lat_buf_add: check the buffer once at the end. */
int lat_aws_uri_encode(struct lat_buf *b, const char *s, int keep_slash);

#endif
