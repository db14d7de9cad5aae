/* suite.c - runs AWS's SigV4 test suite (aws-c-auth's v4 vectors) against lat_sigv4_sign, byte for byte. */
#define _GNU_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "common/buf.h"
#include "providers/aws/sigv4.h"

static char *
slurp(const char *dir, const char *name, size_t *len)
{
	struct lat_buf path = { 0 }, b = { 0 };
	char chunk[4096];
	size_t n;
	FILE *f;

	lat_buf_addf(&path, "%s/%s", dir, name);
	f = fopen(lat_buf_str(&path), "rb");
	lat_buf_cleanup(&path);
	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		lat_buf_add(&b, chunk, n);
	fclose(f);
	if (len)
		*len = b.len;
	return lat_buf_take(&b);
}

/* The parsed request.txt: request line, headers (continuation lines folded in), body. */
struct req {
	char *line;
	char *method;
	char *path;
	char *query;
	struct lat_sigv4_header h[32];
	char *raw_headers;   /* the header lines as written, for the signed request */
	size_t nh;
	const char *body;
	size_t body_len;
	char *text;
};

static void
req_free(struct req *r)
{
	free(r->line);
	free(r->method);
	free(r->path);
	free(r->query);
	free(r->raw_headers);
	for (size_t i = 0; i < r->nh; i++) {
		free((char *)r->h[i].name);
		free((char *)r->h[i].value);
	}
	free(r->text);
}

static int
req_parse(char *text, struct req *r)
{
	char *p = text, *eol = strchr(p, '\n'), *sp1, *sp2, *q;
	struct lat_buf raw = { 0 };

	memset(r, 0, sizeof(*r));
	r->text = text;
	if (eol == NULL)
		return -1;
	r->line = strndup(p, (size_t)(eol - p));
	sp1 = strchr(r->line, ' ');
	sp2 = strrchr(r->line, ' ');
	if (sp1 == NULL || sp2 == sp1)
		return -1;
	r->method = strndup(r->line, (size_t)(sp1 - r->line));
	r->path = strndup(sp1 + 1, (size_t)(sp2 - sp1 - 1));
	if ((q = strchr(r->path, '?')) != NULL) {
		r->query = strdup(q + 1);
		*q = '\0';
	}
	p = eol + 1;
	while (*p != '\0' && *p != '\n') {
		char *end = strchr(p, '\n'), *colon;
		size_t l = end ? (size_t)(end - p) : strlen(p);

		lat_buf_add(&raw, p, l);
		lat_buf_addc(&raw, '\n');
		if ((*p == ' ' || *p == '\t') && r->nh > 0) {
			/* A folded line continues the previous header's value. */
			struct lat_buf v = { 0 };

			lat_buf_addf(&v, "%s\n", r->h[r->nh - 1].value);
			lat_buf_add(&v, p, l);
			free((char *)r->h[r->nh - 1].value);
			r->h[r->nh - 1].value = lat_buf_take(&v);
		} else if ((colon = memchr(p, ':', l)) != NULL && r->nh < 32) {
			r->h[r->nh].name = strndup(p, (size_t)(colon - p));
			r->h[r->nh].value = strndup(colon + 1, l - (size_t)(colon - p) - 1);
			r->nh++;
		}
		p = end ? end + 1 : p + l;
	}
	r->raw_headers = lat_buf_take(&raw);
	if (*p == '\n')
		p++;
	r->body = p;
	r->body_len = strlen(p);
	return 0;
}

static int64_t
parse_time(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof(tm));
	if (strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return -1;
	return (int64_t)timegm(&tm);
}

static int
compare(const char *name, const char *what, const char *got, const char *want)
{
	if (want == NULL) {
		printf("FAIL %s: expected file for %s missing\n", name, what);
		return 1;
	}
	if (got != NULL && strcmp(got, want) == 0)
		return 0;
	printf("FAIL %s: %s differs\n--- expected\n%s\n--- got\n%s\n", name, what, want,
	    got ? got : "(null)");
	return 1;
}

static const char *
jstr(const cJSON *o, const char *k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int
jbool(const cJSON *o, const char *k)
{
	return cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* The signed request as the suite writes it: the request, the added headers, a blank line, the body. */
static char *
signed_request(const struct req *r, const struct lat_sigv4_result *res)
{
	struct lat_buf b = { 0 };

	lat_buf_addf(&b, "%s\n%s", r->line, r->raw_headers);
	for (size_t i = 0; i < res->nheaders; i++)
		lat_buf_addf(&b, "%s:%s\n", res->headers[i].name, res->headers[i].value);
	lat_buf_addc(&b, '\n');
	lat_buf_add(&b, r->body, r->body_len);
	return lat_buf_take(&b);
}

static int
run_case(const char *dir, const char *name)
{
	char *ctx_text = slurp(dir, "context.json", NULL), *req_text = slurp(dir, "request.txt", NULL);
	char *creq = slurp(dir, "header-canonical-request.txt", NULL);
	char *sts = slurp(dir, "header-string-to-sign.txt", NULL);
	char *sig = slurp(dir, "header-signature.txt", NULL);
	char *sreq = slurp(dir, "header-signed-request.txt", NULL), *got_sreq = NULL;
	cJSON *ctx = ctx_text ? cJSON_Parse(ctx_text) : NULL;
	struct lat_sigv4_result res = { 0 };
	struct lat_diag d = { 0 };
	struct req r;
	int fails = 0;

	memset(&r, 0, sizeof(r));
	if (ctx == NULL || req_text == NULL || req_parse(req_text, &r) != 0) {
		printf("FAIL %s: cannot read context.json or request.txt\n", name);
		fails = 1;
		if (r.text == NULL)
			free(req_text);
		goto out;
	}
	const cJSON *cr = cJSON_GetObjectItemCaseSensitive(ctx, "credentials");
	struct lat_sigv4_request sreq_in = {
		.method = r.method, .path = r.path, .query = r.query, .headers = r.h, .nheaders = r.nh,
		.body = r.body, .body_len = r.body_len,
	};
	struct lat_sigv4_params p = {
		.access_key_id = jstr(cr, "access_key_id"),
		.secret_access_key = jstr(cr, "secret_access_key"),
		.session_token = jstr(cr, "token"),
		.region = jstr(ctx, "region"),
		.service = jstr(ctx, "service"),
		.time = parse_time(jstr(ctx, "timestamp") ? jstr(ctx, "timestamp") : ""),
		.normalize_path = jbool(ctx, "normalize"),
		.sign_body = jbool(ctx, "sign_body"),
		.omit_session_token = jbool(ctx, "omit_session_token"),
	};
	if (lat_sigv4_sign(&sreq_in, &p, &res, &d) != 0) {
		printf("FAIL %s: %s\n", name, lat_diag_msg(&d));
		fails = 1;
		goto out;
	}
	fails += compare(name, "canonical request", res.canonical_request, creq);
	fails += compare(name, "string to sign", res.string_to_sign, sts);
	fails += compare(name, "signature", res.signature, sig);
	got_sreq = signed_request(&r, &res);
	fails += compare(name, "signed request", got_sreq, sreq);
out:
	req_free(&r);
	lat_sigv4_result_cleanup(&res);
	lat_diag_cleanup(&d);
	cJSON_Delete(ctx);
	free(ctx_text);
	free(creq);
	free(sts);
	free(sig);
	free(sreq);
	free(got_sreq);
	return fails != 0;
}

static int
namecmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
main(int argc, char **argv)
{
	const char *root = argc > 1 ? argv[1] : "../shared/reference/sigv4-testsuite/v4";
	DIR *dir = opendir(root);
	struct dirent *e;
	char *names[256];
	size_t n = 0;
	int passed = 0, failed = 0;

	if (dir == NULL) {
		printf("sigv4 suite: cannot open %s: the AWS SigV4 test suite of aws-c-auth; see tests/REFERENCE.md, "
		    "or set LATTICEDNS_REFERENCE=DIR\n", root);
		printf("sigv4 suite: 0 passed, 1 failed\n");
		return 1;
	}
	while ((e = readdir(dir)) != NULL && n < 256)
		if (e->d_name[0] != '.')
			names[n++] = strdup(e->d_name);
	closedir(dir);
	qsort(names, n, sizeof(*names), namecmp);
	for (size_t i = 0; i < n; i++) {
		struct lat_buf path = { 0 };

		lat_buf_addf(&path, "%s/%s", root, names[i]);
		if (run_case(lat_buf_str(&path), names[i]) == 0)
			passed++;
		else
			failed++;
		lat_buf_cleanup(&path);
		free(names[i]);
	}
	printf("sigv4 suite: %d passed, %d failed\n", passed, failed);
	return failed != 0 || passed == 0;
}
