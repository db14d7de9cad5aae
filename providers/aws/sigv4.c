/* sigv4.c - AWS Signature Version 4: canonical request, string to sign, signature (after aws-c-auth's signer). */
#include "providers/aws/sigv4.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "common/buf.h"
#include "common/types.h"

/* Requests we sign are small; the cap only stops a runaway canonicalisation. */
#define SIGV4_MAX ((size_t)8 * 1024 * 1024)

static const char hexdigits[] = "0123456789abcdef";

static void
hex(const unsigned char *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hexdigits[p[i] >> 4];
		out[2 * i + 1] = hexdigits[p[i] & 15];
	}
	out[2 * n] = '\0';
}

void
lat_sigv4_sha256_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;

	if (EVP_Digest(data ? data : "", len, md, &mdlen, EVP_sha256(), NULL) != 1 || mdlen != 32)
		memset(md, 0, sizeof(md));
	hex(md, 32, out);
}

static int
hmac(const void *key, size_t keylen, const char *msg, size_t msglen, unsigned char out[32])
{
	unsigned int len = 0;

	if (HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)msg, msglen, out, &len) == NULL ||
	    len != 32)
		return LAT_EINVAL;
	return 0;
}

static int
unreserved(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

/* RFC 3986 encoding as SigV4 wants it: upper-case hex, '/' kept only in paths. */
static void
encode(struct lat_buf *b, const char *p, size_t n, int keep_slash)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)p[i];

		if (unreserved(c) || (keep_slash && c == '/'))
			lat_buf_addc(b, (char)c);
		else
			lat_buf_addf(b, "%%%02X", c);
	}
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* Decodes %XX escapes of a query component (a malformed escape stays literal). */
static void
decode(struct lat_buf *b, const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int hi, lo;

		if (p[i] == '%' && i + 2 < n && (hi = hexval((unsigned char)p[i + 1])) >= 0 &&
		    (lo = hexval((unsigned char)p[i + 2])) >= 0) {
			lat_buf_addc(b, (char)(hi * 16 + lo));
			i += 2;
		} else {
			lat_buf_addc(b, p[i]);
		}
	}
}

/* Removes empty, "." and ".." segments; keeps a trailing slash (RFC 3986 5.2.4, as the SDKs do). */
static int
normalize_path(const char *path, struct lat_buf *out)
{
	size_t n = strlen(path), nseg = 0;
	const char **seg = calloc(n / 2 + 2, sizeof(*seg));
	size_t *len = calloc(n / 2 + 2, sizeof(*len));
	const char *p = path;

	if (seg == NULL || len == NULL) {
		free(seg);
		free(len);
		return LAT_ENOMEM;
	}
	while (*p != '\0') {
		const char *s;
		size_t l;

		while (*p == '/')
			p++;
		s = p;
		while (*p != '\0' && *p != '/')
			p++;
		l = (size_t)(p - s);
		if (l == 0 || (l == 1 && s[0] == '.'))
			continue;
		if (l == 2 && s[0] == '.' && s[1] == '.') {
			if (nseg > 0)
				nseg--;
			continue;
		}
		seg[nseg] = s;
		len[nseg++] = l;
	}
	for (size_t i = 0; i < nseg; i++) {
		lat_buf_addc(out, '/');
		lat_buf_add(out, seg[i], len[i]);
	}
	if (nseg == 0 || (n > 0 && path[n - 1] == '/'))
		lat_buf_addc(out, '/');
	free(seg);
	free(len);
	return lat_buf_status(out);
}

struct qparam {
	char *key;
	char *value;
};

static int
qcmp(const void *a, const void *b)
{
	const struct qparam *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c != 0 ? c : strcmp(x->value, y->value);
}

/* One "k=v" of the query, decoded then encoded strictly, so either spelling signs the same. */
static int
qparam_make(const char *p, size_t n, struct qparam *out)
{
	const char *eq = memchr(p, '=', n);
	size_t klen = eq ? (size_t)(eq - p) : n;
	struct lat_buf raw = { 0 }, k = { 0 }, v = { 0 };

	decode(&raw, p, klen);
	encode(&k, lat_buf_str(&raw), raw.len, 0);
	lat_buf_reset(&raw);
	if (eq != NULL)
		decode(&raw, eq + 1, n - klen - 1);
	encode(&v, lat_buf_str(&raw), raw.len, 0);
	lat_buf_cleanup(&raw);
	out->key = lat_buf_take(&k);
	out->value = lat_buf_take(&v);
	lat_buf_cleanup(&k);
	lat_buf_cleanup(&v);
	return out->key && out->value ? 0 : LAT_ENOMEM;
}

static int
canonical_query(const char *q, struct lat_buf *out)
{
	struct qparam *v = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;

	while (q != NULL && *q != '\0' && rc == 0) {
		const char *amp = strchr(q, '&');
		size_t l = amp ? (size_t)(amp - q) : strlen(q);

		if (l > 0) {
			if (n == cap) {
				struct qparam *nv = realloc(v, (cap = cap ? cap * 2 : 8) * sizeof(*v));

				if (nv == NULL) {
					rc = LAT_ENOMEM;
					break;
				}
				v = nv;
			}
			memset(&v[n], 0, sizeof(v[n]));
			rc = qparam_make(q, l, &v[n++]);
		}
		q = amp ? amp + 1 : q + l;
	}
	if (rc == 0)
		lat_sort(v, n, sizeof(*v), qcmp);
	for (size_t i = 0; i < n; i++) {
		if (rc == 0)
			lat_buf_addf(out, "%s%s=%s", i ? "&" : "", v[i].key, v[i].value);
		free(v[i].key);
		free(v[i].value);
	}
	free(v);
	return rc ? rc : lat_buf_status(out);
}

struct cheader {
	char *name;    /* lower case */
	char *value;   /* trimmed, inner whitespace runs collapsed */
	size_t order;  /* position given, so duplicates keep their order */
};

static int
hcmp(const void *a, const void *b)
{
	const struct cheader *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c != 0 ? c : (x->order > y->order) - (x->order < y->order);
}

static int
cheader_make(const char *name, const char *value, size_t order, struct cheader *out)
{
	struct lat_buf n = { 0 }, v = { 0 };
	int space = 0;

	for (const char *p = name; *p; p++)
		lat_buf_addc(&n, (char)tolower((unsigned char)*p));
	while (*value != '\0' && isspace((unsigned char)*value))
		value++;
	for (const char *p = value; *p; p++) {
		if (isspace((unsigned char)*p)) {
			space = 1;
			continue;
		}
		if (space && v.len > 0)
			lat_buf_addc(&v, ' ');
		space = 0;
		lat_buf_addc(&v, *p);
	}
	out->name = lat_buf_take(&n);
	out->value = lat_buf_take(&v);
	out->order = order;
	lat_buf_cleanup(&n);
	lat_buf_cleanup(&v);
	return out->name && out->value ? 0 : LAT_ENOMEM;
}

/* The headers to sign: the request's, plus those signing adds; sorted, duplicates joined by ','. */
static int
canonical_headers(const struct lat_sigv4_request *req, const struct lat_sigv4_header *extra,
    size_t nextra, struct lat_buf *chead, struct lat_buf *signed_names)
{
	size_t n = req->nheaders + nextra;
	struct cheader *h = calloc(n ? n : 1, sizeof(*h));
	int rc = h ? 0 : LAT_ENOMEM;

	for (size_t i = 0; rc == 0 && i < n; i++) {
		const struct lat_sigv4_header *src = i < req->nheaders ? &req->headers[i] :
		    &extra[i - req->nheaders];

		rc = cheader_make(src->name, src->value ? src->value : "", i, &h[i]);
	}
	if (rc == 0)
		lat_sort(h, n, sizeof(*h), hcmp);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int same = i > 0 && strcmp(h[i].name, h[i - 1].name) == 0;

		if (same) {
			lat_buf_addf(chead, ",%s", h[i].value);
			continue;
		}
		if (i > 0)
			lat_buf_addc(chead, '\n');
		lat_buf_addf(chead, "%s:%s", h[i].name, h[i].value);
		lat_buf_addf(signed_names, "%s%s", signed_names->len ? ";" : "", h[i].name);
	}
	if (rc == 0 && n > 0)
		lat_buf_addc(chead, '\n');
	for (size_t i = 0; h != NULL && i < n; i++) {
		free(h[i].name);
		free(h[i].value);
	}
	free(h);
	if (rc == 0)
		rc = lat_buf_status(chead) ? lat_buf_status(chead) : lat_buf_status(signed_names);
	return rc;
}

static int
has_host(const struct lat_sigv4_request *req)
{
	for (size_t i = 0; i < req->nheaders; i++)
		if (strcasecmp(req->headers[i].name, "host") == 0)
			return 1;
	return 0;
}

static int
check_input(const struct lat_sigv4_request *req, const struct lat_sigv4_params *p, struct lat_diag *d)
{
	if (req->method == NULL || req->path == NULL || req->path[0] != '/')
		return lat_diag_set(d, LAT_EINVAL, "sigv4: a method and a path starting with '/' are required");
	if (!has_host(req))
		return lat_diag_set(d, LAT_EINVAL, "sigv4: the request has no Host header");
	if (p->access_key_id == NULL || p->secret_access_key == NULL || p->access_key_id[0] == '\0' ||
	    p->secret_access_key[0] == '\0')
		return lat_diag_set(d, LAT_EINVAL, "sigv4: credentials are incomplete (access key id or secret missing)");
	if (p->region == NULL || p->service == NULL || p->region[0] == '\0' || p->service[0] == '\0')
		return lat_diag_set(d, LAT_EINVAL, "sigv4: region and service are required");
	if (req->body == NULL && req->body_len > 0)
		return lat_diag_set(d, LAT_EINVAL, "sigv4: body length without a body");
	return 0;
}

static int
signing_key(const char *secret, const char *date, const char *region, const char *service,
    unsigned char key[32])
{
	struct lat_buf k = { 0 };
	int rc;

	lat_buf_addf(&k, "AWS4%s", secret);
	if ((rc = lat_buf_status(&k)) == 0)
		rc = hmac(k.p, k.len, date, strlen(date), key);
	if (rc == 0)
		rc = hmac(key, 32, region, strlen(region), key);
	if (rc == 0)
		rc = hmac(key, 32, service, strlen(service), key);
	if (rc == 0)
		rc = hmac(key, 32, "aws4_request", 12, key);
	/* The derived secret is wiped with the buffer holding it. */
	if (k.p != NULL)
		OPENSSL_cleanse(k.p, k.len);
	lat_buf_cleanup(&k);
	return rc;
}

/* The credential scope's date, YYYYMMDD in UTC. */
static int
scope_date(int64_t when, char date[9])
{
	time_t t = (time_t)when;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL || strftime(date, 9, "%Y%m%d", &tm) != 8)
		return LAT_EINVAL;
	return 0;
}

int
lat_sigv4_derive_key(const char *secret, int64_t when, const char *region, const char *service,
    unsigned char key[32])
{
	char date[9];
	int rc;

	if (secret == NULL || region == NULL || service == NULL)
		return LAT_EINVAL;
	if ((rc = scope_date(when, date)) != 0)
		return rc;
	return signing_key(secret, date, region, service, key);
}

static int
set_header(struct lat_sigv4_result *r, const char *name, const char *value)
{
	size_t i = r->nheaders;

	r->headers[i].name = strdup(name);
	r->headers[i].value = strdup(value);
	r->nheaders++;
	return r->headers[i].name && r->headers[i].value ? 0 : LAT_ENOMEM;
}

/* The canonical request: method, URI, query, headers, signed header names, payload hash. */
static int
build_creq(const struct lat_sigv4_request *req, const struct lat_sigv4_params *p,
    const char *amz_date, const char *payload, struct lat_buf *creq, struct lat_buf *names)
{
	struct lat_sigv4_header extra[3];
	struct lat_buf path = { 0 }, heads = { 0 };
	size_t nextra = 0;
	int rc = 0;

	extra[nextra++] = (struct lat_sigv4_header){ "X-Amz-Date", amz_date };
	if (p->session_token != NULL && !p->omit_session_token)
		extra[nextra++] = (struct lat_sigv4_header){ "X-Amz-Security-Token", p->session_token };
	if (p->sign_body)
		extra[nextra++] = (struct lat_sigv4_header){ "x-amz-content-sha256", payload };
	lat_buf_addf(creq, "%s\n", req->method);
	if (p->normalize_path)
		rc = normalize_path(req->path, &path);
	else
		lat_buf_adds(&path, req->path);
	encode(creq, lat_buf_str(&path), path.len, 1);
	lat_buf_addc(creq, '\n');
	if (rc == 0)
		rc = canonical_query(req->query, creq);
	lat_buf_addc(creq, '\n');
	if (rc == 0)
		rc = canonical_headers(req, extra, nextra, &heads, names);
	lat_buf_addf(creq, "%s\n%s\n%s", lat_buf_str(&heads), lat_buf_str(names), payload);
	lat_buf_cleanup(&path);
	lat_buf_cleanup(&heads);
	return rc ? rc : lat_buf_status(creq);
}

int
lat_sigv4_sign(const struct lat_sigv4_request *req, const struct lat_sigv4_params *p,
    struct lat_sigv4_result *out, struct lat_diag *d)
{
	struct lat_buf creq = { 0 }, names = { 0 }, sts = { 0 }, auth = { 0 };
	char amz_date[17], date[9], payload[65], creq_hash[65], sig[65];
	unsigned char key[32], mac[32];
	struct tm tm;
	time_t t = (time_t)p->time;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = check_input(req, p, d)) != 0)
		return rc;
	if (gmtime_r(&t, &tm) == NULL || strftime(amz_date, sizeof(amz_date), "%Y%m%dT%H%M%SZ", &tm) != 16)
		return lat_diag_set(d, LAT_EINVAL, "sigv4: time %lld cannot be formatted", (long long)p->time);
	memcpy(date, amz_date, 8);
	date[8] = '\0';
	if (req->payload_hash != NULL)
		snprintf(payload, sizeof(payload), "%s", req->payload_hash);
	else
		lat_sigv4_sha256_hex(req->body, req->body_len, payload);
	lat_buf_init(&creq, SIGV4_MAX);
	rc = build_creq(req, p, amz_date, payload, &creq, &names);
	if (rc == 0) {
		lat_sigv4_sha256_hex(creq.p, creq.len, creq_hash);
		lat_buf_addf(&sts, "AWS4-HMAC-SHA256\n%s\n%s/%s/%s/aws4_request\n%s", amz_date, date,
		    p->region, p->service, creq_hash);
		rc = lat_buf_status(&sts);
	}
	if (rc == 0 && p->signing_key != NULL)
		memcpy(key, p->signing_key, sizeof(key));
	else if (rc == 0)
		rc = signing_key(p->secret_access_key, date, p->region, p->service, key);
	if (rc == 0)
		rc = hmac(key, 32, sts.p, sts.len, mac);
	OPENSSL_cleanse(key, sizeof(key));
	if (rc == 0) {
		hex(mac, 32, sig);
		lat_buf_addf(&auth, "AWS4-HMAC-SHA256 Credential=%s/%s/%s/%s/aws4_request, "
		    "SignedHeaders=%s, Signature=%s", p->access_key_id, date, p->region, p->service,
		    lat_buf_str(&names), sig);
		rc = lat_buf_status(&auth);
	}
	if (rc == 0) {
		out->canonical_request = lat_buf_take(&creq);
		out->string_to_sign = lat_buf_take(&sts);
		out->signature = strdup(sig);
		out->amz_date = strdup(amz_date);
		out->authorization = lat_buf_take(&auth);
		/* The order AWS's suite shows them in: token, date, content hash, authorization. */
		if (p->session_token != NULL)
			rc = set_header(out, "X-Amz-Security-Token", p->session_token);
		if (rc == 0)
			rc = set_header(out, "X-Amz-Date", amz_date);
		if (rc == 0 && p->sign_body)
			rc = set_header(out, "x-amz-content-sha256", payload);
		if (rc == 0)
			rc = set_header(out, "Authorization", out->authorization ? out->authorization : "");
		if (rc == 0 && (!out->canonical_request || !out->string_to_sign || !out->signature ||
		    !out->amz_date || !out->authorization))
			rc = LAT_ENOMEM;
	}
	lat_buf_cleanup(&creq);
	lat_buf_cleanup(&names);
	lat_buf_cleanup(&sts);
	lat_buf_cleanup(&auth);
	if (rc != 0) {
		lat_sigv4_result_cleanup(out);
		return lat_diag_set(d, rc, "sigv4: signing %s %s failed (%s)", req->method, req->path,
		    lat_err_name(rc));
	}
	return 0;
}

void
lat_sigv4_result_cleanup(struct lat_sigv4_result *r)
{
	if (r == NULL)
		return;
	free(r->canonical_request);
	free(r->string_to_sign);
	free(r->signature);
	free(r->amz_date);
	free(r->authorization);
	for (size_t i = 0; i < r->nheaders; i++) {
		free(r->headers[i].name);
		if (r->headers[i].value != NULL)
			OPENSSL_cleanse(r->headers[i].value, strlen(r->headers[i].value));
		free(r->headers[i].value);
	}
	memset(r, 0, sizeof(*r));
}
