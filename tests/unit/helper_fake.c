/* helper_fake.c - see helper_fake.h. */
#include "tests/unit/helper_fake.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "common/buf.h"

static char *
dup_or_empty(const char *s, size_t n)
{
	char *p = malloc(n + 1);

	if (p == NULL)
		abort();
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

static int
add_header(struct lat_http_response *resp, const char *name, size_t nlen, const char *value, size_t vlen)
{
	struct lat_http_header *h = realloc(resp->headers, (resp->nheaders + 1) * sizeof(*h));

	if (h == NULL)
		abort();
	resp->headers = h;
	h[resp->nheaders].name = dup_or_empty(name, nlen);
	h[resp->nheaders].value = dup_or_empty(value, vlen);
	resp->nheaders++;
	return 0;
}

static int
fake_perform(void *ctx, const struct lat_http_request *req, struct lat_http_response *resp,
    struct lat_diag *d)
{
	struct fake_http *f = ctx;
	const struct fake_answer *a;
	struct lat_buf hb;

	if (f->nseen < FAKE_MAX) {
		struct fake_seen *s = &f->seen[f->nseen++];

		lat_buf_init(&hb, 0);
		for (size_t i = 0; i < req->nheaders; i++)
			lat_buf_addf(&hb, "%s: %s\n", req->headers[i].name, req->headers[i].value);
		s->method = dup_or_empty(req->method, strlen(req->method));
		s->url = dup_or_empty(req->url, strlen(req->url));
		s->headers = lat_buf_take(&hb);
		lat_buf_cleanup(&hb);
		s->body = dup_or_empty(req->body ? req->body : "", req->body ? req->body_len : 0);
	}
	if (f->nanswers == 0)
		abort();
	a = &f->answers[f->next < f->nanswers ? f->next : f->nanswers - 1];
	f->next++;
	memset(resp, 0, sizeof(*resp));
	lat_buf_init(&resp->body, 0);
	if (a->status == 0) {
		resp->timed_out = a->timed_out;
		return lat_diag_set(d, LAT_ETRANSPORT, "fake: %s", a->timed_out ? "timed out" : "connection reset");
	}
	resp->status = a->status;
	for (const char *p = a->headers; p != NULL && *p != '\0';) {
		const char *nl = strchr(p, '\n'), *colon = strchr(p, ':');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		const char *v;

		if (colon == NULL || colon > p + len)
			abort();
		v = colon + 1;
		while (*v == ' ')
			v++;
		add_header(resp, p, (size_t)(colon - p), v, (size_t)(p + len - v));
		p += len + (nl ? 1 : 0);
	}
	if (a->body != NULL)
		lat_buf_adds(&resp->body, a->body);
	return 0;
}

static void
fake_free(void *ctx)
{
	(void)ctx;
}

void
fake_http_init(struct fake_http *f)
{
	memset(f, 0, sizeof(*f));
	f->transport.perform = fake_perform;
	f->transport.free = fake_free;
	f->transport.ctx = f;
}

void
fake_http_cleanup(struct fake_http *f)
{
	for (size_t i = 0; i < f->nseen; i++) {
		free(f->seen[i].method);
		free(f->seen[i].url);
		free(f->seen[i].headers);
		free(f->seen[i].body);
	}
	f->nseen = 0;
}

void
fake_http_push(struct fake_http *f, long status, const char *headers, const char *body)
{
	if (f->nanswers >= FAKE_MAX)
		abort();
	f->answers[f->nanswers].status = status;
	f->answers[f->nanswers].timed_out = 0;
	f->answers[f->nanswers].headers = headers;
	f->answers[f->nanswers].body = body;
	f->nanswers++;
}

const char *
fake_http_header(const struct fake_http *f, size_t i, const char *name, char *out, size_t outsz)
{
	size_t n = strlen(name);

	if (i >= f->nseen)
		return NULL;
	for (const char *p = f->seen[i].headers; *p != '\0';) {
		const char *nl = strchr(p, '\n');

		if (strncasecmp(p, name, n) == 0 && p[n] == ':') {
			const char *v = p + n + 2;
			size_t len = (size_t)(nl - v);

			snprintf(out, outsz, "%.*s", (int)len, v);
			return out;
		}
		p = nl + 1;
	}
	return NULL;
}

static int64_t
fake_now(void *ctx)
{
	return ((struct fake_clock *)ctx)->now_ms;
}

static int
fake_sleep(void *ctx, int64_t ms, volatile sig_atomic_t *cancel)
{
	struct fake_clock *c = ctx;

	if (cancel != NULL && *cancel)
		return 1;
	if (c->nsleeps < sizeof(c->sleeps) / sizeof(c->sleeps[0]))
		c->sleeps[c->nsleeps] = ms;
	c->nsleeps++;
	c->now_ms += ms;
	c->slept_ms += ms;
	return 0;
}

static double
fake_rand(void *ctx)
{
	return ((struct fake_clock *)ctx)->rand01;
}

void
fake_clock_init(struct fake_clock *c, int64_t start_ms, double rand01)
{
	memset(c, 0, sizeof(*c));
	c->now_ms = start_ms;
	c->rand01 = rand01;
	c->clock.now_ms = fake_now;
	c->clock.sleep_ms = fake_sleep;
	c->clock.rand01 = fake_rand;
	c->clock.ctx = c;
}
