/* http.h - the HTTP transport: a table of functions, with libcurl behind the real one. */
#ifndef LAT_HTTP_H
#define LAT_HTTP_H

#include <stddef.h>

#include "common/buf.h"
#include "common/diag.h"

struct lat_http_header {
	char *name;
	char *value;
};

/* A request; everything borrowed. */
struct lat_http_request {
	const char *method;
	const char *url;                    /* full URL, query included */
	const struct lat_http_header *headers;
	size_t nheaders;
	const void *body;
	size_t body_len;
	long timeout_ms;                    /* 0: the transport's default */
};

/* A response; owned, freed by lat_http_response_cleanup(). */
struct lat_http_response {
	long status;
	struct lat_http_header *headers;    /* names as received */
	size_t nheaders;
	struct lat_buf body;
	int timed_out;                      /* set with LAT_ETRANSPORT when the failure was a timeout */
};

void lat_http_response_cleanup(struct lat_http_response *r);
/* Case-insensitive lookup; NULL when absent. */
const char *lat_http_response_header(const struct lat_http_response *r, const char *name);

/*
 * The I/O boundary: production uses lat_http_curl_new(); tests put a fake
 * table here. perform() returns 0 when an HTTP answer arrived (whatever its
 * status), LAT_ETRANSPORT (with a message naming the URL's host and the
 * cause, and resp->timed_out) when none did, LAT_ELIMIT when the body passed
 * the size cap. It must be safe to call from one thread at a time per table;
 * the controller gives each worker thread its own transport.
 */
struct lat_transport {
	int (*perform)(void *ctx, const struct lat_http_request *req,
	    struct lat_http_response *resp, struct lat_diag *d);
	void (*free)(void *ctx);
	void *ctx;
};

struct lat_http_opts {
	long connect_timeout_ms;   /* default 3000 */
	long timeout_ms;           /* default 30000 */
	size_t max_response;       /* default 32 MiB */
	const char *ca_bundle;     /* PEM file of extra trusted CAs; NULL: system store. Verification is never off. */
};

/*
 * A URL as libcurl will fetch it (curl_url): so a check of where a secret
 * goes reads the host curl connects to, not a prefix of the text
 * ("http://127.0.0.1:80@evil:8080/" is user-info, then the host evil).
 * Owned strings; lat_url_parts_cleanup frees.
 */
struct lat_url_parts {
	char *scheme;        /* lower case */
	char *host;          /* IPv6 without its brackets */
	int has_userinfo;    /* user, password or login options present */
};

/* LAT_EINVAL, with d naming the URL, when curl cannot parse it or does not fetch its scheme. */
LAT_WUR int lat_http_url_parse(const char *url, struct lat_url_parts *out, struct lat_diag *d);
void lat_url_parts_cleanup(struct lat_url_parts *p);

/* Once per process, before any thread starts (curl_global_init). */
LAT_WUR int lat_http_global_init(struct lat_diag *d);
void lat_http_global_cleanup(void);

/* A libcurl-backed transport that reuses connections per endpoint. Caller frees with lat_transport_free(). */
LAT_WUR int lat_http_curl_new(const struct lat_http_opts *opts, struct lat_transport **out, struct lat_diag *d);
void lat_transport_free(struct lat_transport *t);

#endif
