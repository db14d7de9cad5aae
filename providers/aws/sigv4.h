/* sigv4.h - AWS Signature Version 4: a pure function from a request and a time to its signature. */
#ifndef LAT_SIGV4_H
#define LAT_SIGV4_H

#include <stddef.h>
#include <stdint.h>

#include "common/diag.h"

/* A header as given by the caller (borrowed). Duplicated names are allowed. */
struct lat_sigv4_header {
	const char *name;
	const char *value;
};

/* The request to sign. Everything is borrowed. */
struct lat_sigv4_request {
	const char *method;        /* "GET", "POST", ... */
	const char *path;          /* the path as sent on the wire (already percent-encoded), "/" at least */
	const char *query;         /* the query string as sent, without '?'; NULL or "" when none */
	const struct lat_sigv4_header *headers; /* must include Host */
	size_t nheaders;
	const void *body;          /* may be NULL when body_len == 0 */
	size_t body_len;
	const char *payload_hash;  /* hex SHA-256 of the body; NULL to compute it from body */
};

/* How to sign. Everything is borrowed; no secret is copied into the result. */
struct lat_sigv4_params {
	const char *access_key_id;
	const char *secret_access_key;
	const char *session_token;  /* NULL when none */
	const char *region;         /* "us-east-1" */
	const char *service;        /* signing name: "route53", "sts", "vpc-lattice", "tagging" */
	int64_t time;               /* seconds since the epoch, given by the caller (never read from the clock here) */
	int normalize_path;         /* 1 for every service but S3: remove ".", ".." and empty segments */
	int sign_body;              /* 1: add and sign X-Amz-Content-Sha256 */
	int omit_session_token;     /* 1: the token is added after signing and not signed */
	/* kSigning already derived for exactly this secret, the date of time, region and service
	   (lat_sigv4_derive_key, or a cache of them: sigkeys.h); NULL: derived here */
	const unsigned char *signing_key;
};

/*
 * What signing produced; every string is owned and freed by
 * lat_sigv4_result_cleanup(). headers[] are the headers to add to the request,
 * in the order AWS's own test suite shows them: X-Amz-Security-Token when
 * there is a token (signed or not), X-Amz-Date, x-amz-content-sha256 when
 * sign_body, then Authorization. The intermediate texts are kept for tests
 * and for debugging signature mismatches (they hold no secret).
 */
struct lat_sigv4_result {
	char *canonical_request;
	char *string_to_sign;
	char *signature;           /* 64 lowercase hex */
	char *amz_date;            /* 20150830T123600Z */
	char *authorization;       /* the full Authorization header value */
	struct {
		char *name;
		char *value;
	} headers[4];
	size_t nheaders;
};

LAT_WUR int lat_sigv4_sign(const struct lat_sigv4_request *req, const struct lat_sigv4_params *params,
    struct lat_sigv4_result *out, struct lat_diag *d);
void lat_sigv4_result_cleanup(struct lat_sigv4_result *r);

/*
 * kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"),
 * date as YYYYMMDD (UTC) of time: 4 of a request's 5 HMACs, the same for every request
 * of one day, region, service and secret.
 */
LAT_WUR int lat_sigv4_derive_key(const char *secret, int64_t when, const char *region, const char *service,
    unsigned char key[32]);

/* Hex SHA-256 of data into out (65 bytes with the NUL). */
void lat_sigv4_sha256_hex(const void *data, size_t len, char out[65]);

#endif
