/* http.c - the libcurl transport: one easy handle per transport, reused, verification always on. */
#include "providers/aws/http.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

struct curl_transport {
	CURL *h;
	struct lat_http_opts opts;
	char *ca_bundle;
	char err[CURL_ERROR_SIZE];
};

/* Where a response is collected while curl reads it. */
struct sink {
	struct lat_http_response *resp;
	size_t max;
	int over;
};

void
lat_http_response_cleanup(struct lat_http_response *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	free(r->headers);
	lat_buf_cleanup(&r->body);
	memset(r, 0, sizeof(*r));
}

const char *
lat_http_response_header(const struct lat_http_response *r, const char *name)
{
	for (size_t i = 0; r != NULL && i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

static size_t
on_body(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;

	if (s->resp->body.len + len > s->max) {
		s->over = 1;
		return 0;   /* makes curl stop with CURLE_WRITE_ERROR */
	}
	if (lat_buf_add(&s->resp->body, p, len) != 0)
		return 0;
	return len;
}

static size_t
on_header(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	struct lat_http_response *r = s->resp;
	size_t len = size * n, nl, vl;
	char *colon = memchr(p, ':', len), *v;
	struct lat_http_header *nh;

	/* A status line starts a new header block (after a 100-continue, for one). */
	if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		for (size_t i = 0; i < r->nheaders; i++) {
			free(r->headers[i].name);
			free(r->headers[i].value);
		}
		r->nheaders = 0;
		return len;
	}
	if (colon == NULL)
		return len;
	nl = (size_t)(colon - p);
	v = colon + 1;
	vl = len - nl - 1;
	while (vl > 0 && (*v == ' ' || *v == '\t'))
		v++, vl--;
	while (vl > 0 && isspace((unsigned char)v[vl - 1]))
		vl--;
	nh = realloc(r->headers, (r->nheaders + 1) * sizeof(*nh));
	if (nh == NULL)
		return 0;
	r->headers = nh;
	nh[r->nheaders].name = strndup(p, nl);
	nh[r->nheaders].value = strndup(v, vl);
	if (nh[r->nheaders].name == NULL || nh[r->nheaders].value == NULL) {
		free(nh[r->nheaders].name);
		free(nh[r->nheaders].value);
		return 0;
	}
	r->nheaders++;
	return len;
}

/* The host of a URL, for messages (never the path or query). */
static void
url_host(const char *url, char *out, size_t n)
{
	const char *p = strstr(url, "://");
	size_t l;

	p = p ? p + 3 : url;
	l = strcspn(p, "/?#");
	snprintf(out, n, "%.*s", (int)(l < n ? l : n - 1), p);
}

static int
curl_setup(struct curl_transport *t, const struct lat_http_request *req, struct sink *s,
    struct curl_slist *hl)
{
	CURL *h = t->h;
	long timeout = req->timeout_ms > 0 ? req->timeout_ms : t->opts.timeout_ms;
	int bad = 0;

	curl_easy_reset(h);
	bad |= curl_easy_setopt(h, CURLOPT_URL, req->url) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t->err) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, t->opts.connect_timeout_ms) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, timeout) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L) != CURLE_OK;
	if (t->ca_bundle != NULL)
		bad |= curl_easy_setopt(h, CURLOPT_CAINFO, t->ca_bundle) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req->method) != CURLE_OK;
	if (strcmp(req->method, "GET") == 0) {
		bad |= curl_easy_setopt(h, CURLOPT_HTTPGET, 1L) != CURLE_OK;
	} else {
		bad |= curl_easy_setopt(h, CURLOPT_POSTFIELDS, req->body ? req->body : "") != CURLE_OK;
		bad |= curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len) != CURLE_OK;
	}
	bad |= curl_easy_setopt(h, CURLOPT_HTTPHEADER, hl) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_WRITEDATA, s) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header) != CURLE_OK;
	bad |= curl_easy_setopt(h, CURLOPT_HEADERDATA, s) != CURLE_OK;
	return bad ? LAT_EINVAL : 0;
}

static int
curl_perform(void *ctx, const struct lat_http_request *req, struct lat_http_response *resp,
    struct lat_diag *d)
{
	struct curl_transport *t = ctx;
	struct curl_slist *hl = NULL, *tmp;
	struct sink s = { .resp = resp, .max = t->opts.max_response };
	char host[256];
	CURLcode cc;
	int rc = 0;

	memset(resp, 0, sizeof(*resp));
	lat_buf_init(&resp->body, t->opts.max_response + 1);
	url_host(req->url, host, sizeof(host));
	/* curl adds "Expect: 100-continue" and a default Accept; neither is wanted on signed calls. */
	for (size_t i = 0; i <= req->nheaders && rc == 0; i++) {
		struct lat_buf line = { 0 };

		if (i == req->nheaders)
			lat_buf_adds(&line, "Expect:");
		else
			lat_buf_addf(&line, "%s: %s", req->headers[i].name, req->headers[i].value);
		tmp = lat_buf_status(&line) ? NULL : curl_slist_append(hl, lat_buf_str(&line));
		lat_buf_cleanup(&line);
		if (tmp == NULL)
			rc = lat_diag_set(d, LAT_ENOMEM, "out of memory building a request to %s", host);
		else
			hl = tmp;
	}
	t->err[0] = '\0';
	if (rc == 0 && curl_setup(t, req, &s, hl) != 0)
		rc = lat_diag_set(d, LAT_EINVAL, "curl refused the options for %s", host);
	if (rc == 0 && (cc = curl_easy_perform(t->h)) != CURLE_OK) {
		if (s.over) {
			rc = lat_diag_set(d, LAT_ELIMIT, "%s: response larger than %zu bytes", host,
			    t->opts.max_response);
		} else {
			resp->timed_out = cc == CURLE_OPERATION_TIMEDOUT;
			rc = lat_diag_set(d, LAT_ETRANSPORT, "%s: %s", host,
			    t->err[0] ? t->err : curl_easy_strerror(cc));
		}
	}
	if (rc == 0)
		curl_easy_getinfo(t->h, CURLINFO_RESPONSE_CODE, &resp->status);
	curl_slist_free_all(hl);
	if (rc != 0) {
		int timed_out = resp->timed_out;

		lat_http_response_cleanup(resp);
		resp->timed_out = timed_out;
	}
	return rc;
}

static void
curl_free_ctx(void *ctx)
{
	struct curl_transport *t = ctx;

	if (t == NULL)
		return;
	if (t->h != NULL)
		curl_easy_cleanup(t->h);
	free(t->ca_bundle);
	free(t);
}

void
lat_url_parts_cleanup(struct lat_url_parts *p)
{
	free(p->scheme);
	free(p->host);
	memset(p, 0, sizeof(*p));
}

/* A part of the URL as a malloc'd string, or NULL when absent. */
static char *
url_part(CURLU *h, CURLUPart what)
{
	char *v = NULL, *copy;

	if (curl_url_get(h, what, &v, 0) != CURLUE_OK || v == NULL)
		return NULL;
	copy = strdup(v);
	curl_free(v);
	return copy;
}

int
lat_http_url_parse(const char *url, struct lat_url_parts *out, struct lat_diag *d)
{
	CURLU *h = curl_url();
	char *user = NULL, *pass = NULL, *opts = NULL;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (h == NULL)
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	if (curl_url_set(h, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    (out->scheme = url_part(h, CURLUPART_SCHEME)) == NULL || (out->host = url_part(h, CURLUPART_HOST)) == NULL) {
		rc = lat_diag_set(d, LAT_EINVAL, "%s is not a URL libcurl can fetch (scheme://host/path)", url);
		goto out;
	}
	for (char *c = out->scheme; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	if (out->host[0] == '[') {
		size_t n = strlen(out->host);

		memmove(out->host, out->host + 1, n);
		if (n >= 2 && out->host[n - 2] == ']')
			out->host[n - 2] = '\0';
	}
	user = url_part(h, CURLUPART_USER);
	pass = url_part(h, CURLUPART_PASSWORD);
	opts = url_part(h, CURLUPART_OPTIONS);
	out->has_userinfo = user != NULL || pass != NULL || opts != NULL;
out:
	if (rc != 0)
		lat_url_parts_cleanup(out);
	free(user);
	free(pass);
	free(opts);
	curl_url_cleanup(h);
	return rc;
}

int
lat_http_global_init(struct lat_diag *d)
{
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return lat_diag_set(d, LAT_EIO, "libcurl failed to initialise");
	return 0;
}

void
lat_http_global_cleanup(void)
{
	curl_global_cleanup();
}

int
lat_http_curl_new(const struct lat_http_opts *opts, struct lat_transport **out, struct lat_diag *d)
{
	struct curl_transport *t = calloc(1, sizeof(*t));
	struct lat_transport *tr = calloc(1, sizeof(*tr));

	*out = NULL;
	if (t == NULL || tr == NULL || (t->h = curl_easy_init()) == NULL) {
		free(tr);
		curl_free_ctx(t);
		return lat_diag_set(d, LAT_ENOMEM, "cannot create an HTTP handle");
	}
	if (opts != NULL)
		t->opts = *opts;
	if (t->opts.connect_timeout_ms <= 0)
		t->opts.connect_timeout_ms = 3000;
	if (t->opts.timeout_ms <= 0)
		t->opts.timeout_ms = 30000;
	if (t->opts.max_response == 0)
		t->opts.max_response = (size_t)32 * 1024 * 1024;
	if (opts != NULL && opts->ca_bundle != NULL && (t->ca_bundle = strdup(opts->ca_bundle)) == NULL) {
		free(tr);
		curl_free_ctx(t);
		return lat_diag_set(d, LAT_ENOMEM, "out of memory");
	}
	t->opts.ca_bundle = NULL;
	*tr = (struct lat_transport){ .perform = curl_perform, .free = curl_free_ctx, .ctx = t };
	*out = tr;
	return 0;
}

void
lat_transport_free(struct lat_transport *t)
{
	if (t == NULL)
		return;
	if (t->free != NULL)
		t->free(t->ctx);
	free(t);
}
