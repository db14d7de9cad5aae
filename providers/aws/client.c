/* client.c - one signed AWS call: credentials, rate limit, SigV4, transport, standard retries, errors. */
#include "providers/aws/client.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/crypto.h>

#include "common/buf.h"
#include "common/types.h"
#include "providers/aws/awserr.h"
#include "providers/aws/creds.h"
#include "providers/aws/ratelimit.h"
#include "providers/aws/retry.h"
#include "providers/aws/sigkeys.h"
#include "providers/aws/sigv4.h"

#define MAX_STATS 16

struct lat_aws_client {
	struct lat_aws_client_opts o;
	char *service;
	char *region;
	char *endpoint;
	char *account;
	char *host;                    /* the Host header: the endpoint's authority */
	struct lat_aws_stat stats[MAX_STATS];
	size_t nstats;
};

/* ---- helpers ---- */

int
lat_aws_uri_encode(struct lat_buf *b, const char *s, int keep_slash)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~' || (keep_slash && *p == '/'))
			lat_buf_addc(b, (char)*p);
		else
			lat_buf_addf(b, "%%%02X", *p);
	}
	return lat_buf_status(b);
}

static char *
authority(const char *url)
{
	const char *p = strstr(url, "://");

	p = p ? p + 3 : url;
	return strndup(p, strcspn(p, "/?#"));
}

void
lat_aws_client_free(struct lat_aws_client *c)
{
	if (c == NULL)
		return;
	free(c->service);
	free(c->region);
	free(c->endpoint);
	free(c->account);
	free(c->host);
	free(c);
}

int
lat_aws_client_new(const struct lat_aws_client_opts *o, struct lat_aws_client **out, struct lat_diag *d)
{
	struct lat_aws_client *c;

	*out = NULL;
	if (o->service == NULL || o->region == NULL || o->endpoint == NULL || o->creds == NULL ||
	    o->transport == NULL)
		return lat_diag_set(d, LAT_EINVAL, "aws client: service, region, endpoint, credentials and transport are required");
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	c->o = *o;
	c->service = strdup(o->service);
	c->region = strdup(o->region);
	c->endpoint = strdup(o->endpoint);
	c->account = lat_strdup0(o->account);
	c->host = authority(o->endpoint);
	if (!c->service || !c->region || !c->endpoint || !c->host || (o->account && !c->account)) {
		lat_aws_client_free(c);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	if (c->o.clock == NULL)
		c->o.clock = lat_clock_system();
	if (c->o.max_attempts <= 0)
		c->o.max_attempts = 3;
	*out = c;
	return 0;
}

const char *
lat_aws_client_account(const struct lat_aws_client *c)
{
	return c ? c->account : NULL;
}

void
lat_aws_client_stats(const struct lat_aws_client *c,
    void (*fn)(void *arg, const char *service, const char *operation, long calls, long errors), void *arg)
{
	for (size_t i = 0; c != NULL && i < c->nstats; i++)
		fn(arg, c->service, c->stats[i].operation, c->stats[i].calls, c->stats[i].errors);
}

static void
count(struct lat_aws_client *c, const char *op, int error)
{
	size_t i;

	for (i = 0; i < c->nstats && strcmp(c->stats[i].operation, op) != 0; i++)
		;
	if (i == c->nstats) {
		if (c->nstats == MAX_STATS)
			return;
		c->stats[c->nstats++] = (struct lat_aws_stat){ .operation = op };
	}
	c->stats[i].calls++;
	c->stats[i].errors += error;
}

/* ---- one attempt ---- */

static int
sign_and_send(struct lat_aws_client *c, const struct lat_aws_request *req, const struct lat_creds *cr,
    struct lat_http_response *resp, struct lat_diag *d)
{
	struct lat_sigv4_header sh[3];
	struct lat_http_header hh[10];
	struct lat_sigv4_result sig = { 0 };
	struct lat_buf url = { 0 };
	unsigned char key[32];
	size_t nsh = 0, nhh = 0;
	int rc;

	sh[nsh++] = (struct lat_sigv4_header){ "Host", c->host };
	if (req->content_type != NULL)
		sh[nsh++] = (struct lat_sigv4_header){ "Content-Type", req->content_type };
	if (req->target != NULL)
		sh[nsh++] = (struct lat_sigv4_header){ "X-Amz-Target", req->target };
	struct lat_sigv4_request sreq = {
		.method = req->method, .path = req->path, .query = req->query, .headers = sh,
		.nheaders = nsh, .body = req->body, .body_len = req->body_len,
	};
	struct lat_sigv4_params p = {
		.access_key_id = cr->access_key_id, .secret_access_key = cr->secret_access_key,
		.session_token = cr->session_token, .region = c->region, .service = c->service,
		.time = c->o.clock->now_ms(c->o.clock->ctx) / 1000, .normalize_path = 1,
	};
	struct lat_sigkeys_scope scope = {
		.access_key_id = cr->access_key_id, .secret_access_key = cr->secret_access_key,
		.time = p.time, .region = c->region, .service = c->service,
	};
	/* A key the cache cannot give is derived by the signer itself. */
	if (c->o.keys != NULL && lat_sigkeys_get(c->o.keys, &scope, key) == 0)
		p.signing_key = key;
	rc = lat_sigv4_sign(&sreq, &p, &sig, d);
	OPENSSL_cleanse(key, sizeof(key));
	if (rc != 0)
		return rc;
	for (size_t i = 1; i < nsh; i++)
		hh[nhh++] = (struct lat_http_header){ (char *)sh[i].name, (char *)sh[i].value };
	hh[nhh++] = (struct lat_http_header){ "User-Agent", "latticedns/" LAT_VERSION };
	for (size_t i = 0; i < sig.nheaders; i++)
		hh[nhh++] = (struct lat_http_header){ sig.headers[i].name, sig.headers[i].value };
	lat_buf_addf(&url, "%s%s%s%s", c->endpoint, req->path, req->query && *req->query ? "?" : "",
	    req->query ? req->query : "");
	if ((rc = lat_buf_status(&url)) != 0) {
		lat_sigv4_result_cleanup(&sig);
		return lat_diag_set(d, rc, "out of memory");
	}
	struct lat_http_request hr = {
		.method = req->method, .url = lat_buf_str(&url), .headers = hh, .nheaders = nhh,
		.body = req->body, .body_len = req->body_len,
	};
	rc = c->o.transport->perform(c->o.transport->ctx, &hr, resp, d);
	lat_sigv4_result_cleanup(&sig);
	lat_buf_cleanup(&url);
	return rc;
}

static int
expired_token(const char *code)
{
	return code != NULL && (strcmp(code, "ExpiredToken") == 0 ||
	    strcmp(code, "ExpiredTokenException") == 0 || strcmp(code, "RequestExpired") == 0);
}

/* The one message of a failed call, with what to do about the common ones. */
static int
fail_aws(struct lat_aws_client *c, const struct lat_aws_request *req, struct lat_aws_error *e,
    int attempts, struct lat_diag *d)
{
	const char *hint = "";
	struct lat_buf op = { 0 };

	if (e->code != NULL && (strcmp(e->code, "AccessDenied") == 0 ||
	    strcmp(e->code, "AccessDeniedException") == 0))
		hint = "; check the role's permissions (examples/iam/) and its trust policy";
	else if (lat_retry_is_throttle(e->code, e->status))
		hint = strcmp(c->service, "route53") == 0 ?
		    "; lower aws.route53_rps or raise the interval" : "; the next cycle retries";
	lat_buf_addf(&op, "%s %s", c->service, req->operation);
	e->operation = lat_buf_take(&op);
	lat_buf_cleanup(&op);
	e->endpoint = strdup(c->host);
	e->account = lat_strdup0(c->account);
	e->attempts = attempts;
	lat_diag_set(d, LAT_EAWS, "%s %s%s%s%s: %s: %s (HTTP %ld, request id %s, %d attempt%s)%s",
	    c->service, req->operation, c->account ? " (account " : "", c->account ? c->account : "",
	    c->account ? ")" : "", e->code ? e->code : "error", e->message ? e->message : "no message",
	    e->status, e->request_id ? e->request_id : "none", attempts, attempts == 1 ? "" : "s", hint);
	if (d != NULL && d->err == LAT_EAWS && d->aws == NULL)
		d->aws = e;
	else
		lat_aws_error_free(e);
	return LAT_EAWS;
}

static void
observe(const struct lat_aws_client *c, const struct lat_aws_request *req, const char *code, long status,
    int retried)
{
	char http[32];

	if (c->o.observer == NULL || c->o.observer->fn == NULL)
		return;
	if (code == NULL) {
		snprintf(http, sizeof(http), "HTTP%ld", status);
		code = http;
	}
	c->o.observer->fn(c->o.observer->arg, c->service, req->operation, code, retried);
}

/* after_ms >= 0: the server's own delay replaces the jittered backoff. */
static int
retry_wait(struct lat_aws_client *c, int attempt, int cost, int64_t after_ms)
{
	int64_t ms;

	if (attempt >= c->o.max_attempts || !lat_retry_budget_take(c->o.budget, cost))
		return 0;
	ms = after_ms >= 0 ? after_ms : lat_retry_backoff_ms(attempt, c->o.clock->rand01(c->o.clock->ctx));
	if (c->o.clock->sleep_ms(c->o.clock->ctx, ms, c->o.cancel) != 0)
		return 0;
	return 1;
}

int
lat_aws_call(struct lat_aws_client *c, const struct lat_aws_request *req,
    struct lat_http_response *resp, struct lat_diag *d)
{
	int refreshed = 0, force = 0, retried_cost = 0;

	memset(resp, 0, sizeof(*resp));
	for (int attempt = 1;; attempt++) {
		struct lat_creds cr = { 0 };
		struct lat_diag e = { 0 };
		struct lat_aws_error *ae;
		int64_t after_ms;
		int rc;

		if ((c->o.cancel != NULL && *c->o.cancel) ||
		    lat_ratelimit_acquire(c->o.limiter, c->o.clock, c->o.cancel) != 0)
			return lat_diag_set(d, LAT_ECANCELED, "%s %s: stopped", c->service, req->operation);
		/* A fetch the credentials need (AssumeRole) goes on this client's idle transport. */
		rc = lat_creds_provider_get_via(c->o.creds, c->o.clock->now_ms(c->o.clock->ctx) / 1000, force,
		    c->o.transport, &cr, &e);
		if (rc != 0) {
			lat_diag_prefix(&e, "%s %s%s%s", c->service, req->operation,
			    c->account ? " in account " : "", c->account ? c->account : "");
			lat_diag_move(d, &e);
			return rc == LAT_ECANCELED ? rc : LAT_ECREDS;
		}
		force = 0;
		rc = sign_and_send(c, req, &cr, resp, &e);
		lat_creds_cleanup(&cr);
		count(c, req->operation, rc != 0 || resp->status < 200 || resp->status > 299);
		if (rc == LAT_ETRANSPORT) {
			int cost = resp->timed_out ? LAT_RETRY_TIMEOUT_COST : LAT_RETRY_COST;
			int again = retry_wait(c, attempt, cost, -1);

			observe(c, req, resp->timed_out ? "Timeout" : "ConnectionError", 0, again);
			if (again) {
				retried_cost = cost;
				lat_diag_cleanup(&e);
				continue;
			}
			lat_diag_prefix(&e, "%s %s (%d attempt%s)", c->service, req->operation, attempt,
			    attempt == 1 ? "" : "s");
			lat_diag_move(d, &e);
			return LAT_ETRANSPORT;
		}
		if (rc != 0) {
			lat_diag_move(d, &e);
			return rc;
		}
		if (resp->status >= 200 && resp->status <= 299) {
			observe(c, req, "OK", resp->status, 0);
			lat_retry_budget_success(c->o.budget, retried_cost);
			return 0;
		}
		if ((ae = lat_aws_error_new()) == NULL) {
			lat_http_response_cleanup(resp);
			return lat_diag_set(d, LAT_ENOMEM, "out of memory");
		}
		lat_awserr_parse(c->o.protocol, resp, ae);
		after_ms = lat_retry_after_ms(resp);
		if (after_ms < 0 && ae->retry_after_s > 0)
			after_ms = ae->retry_after_s * 1000 < LAT_RETRY_MAX_BACKOFF_MS ? ae->retry_after_s * 1000 :
			    LAT_RETRY_MAX_BACKOFF_MS;
		lat_http_response_cleanup(resp);
		if (expired_token(ae->code) && !refreshed) {
			/* Credentials expired early: fetch new ones once, then retry at no budget cost. */
			observe(c, req, ae->code, ae->status, 1);
			refreshed = force = 1;
			lat_aws_error_free(ae);
			attempt--;
			continue;
		}
		if ((lat_retry_is_throttle(ae->code, ae->status) || lat_retry_is_transient(ae->code, ae->status)) &&
		    retry_wait(c, attempt, LAT_RETRY_COST, after_ms)) {
			observe(c, req, ae->code, ae->status, 1);
			retried_cost = LAT_RETRY_COST;
			lat_aws_error_free(ae);
			continue;
		}
		observe(c, req, ae->code, ae->status, 0);
		return fail_aws(c, req, ae, attempt, d);
	}
}
