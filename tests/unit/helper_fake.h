/* helper_fake.h - a scripted HTTP transport and a fake clock for the transport's unit tests. */
#ifndef LAT_HELPER_FAKE_H
#define LAT_HELPER_FAKE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "providers/aws/client.h"
#include "providers/aws/http.h"

#define FAKE_MAX 32

/* One scripted answer: an HTTP response, or (status 0) a transport failure. */
struct fake_answer {
	long status;              /* 0: no answer, LAT_ETRANSPORT */
	int timed_out;            /* with status 0 */
	const char *headers;      /* "Name: value\n" lines, or NULL */
	const char *body;         /* or NULL */
};

/* One request as the transport saw it; owned copies. */
struct fake_seen {
	char *method;
	char *url;
	char *headers;            /* "name: value\n" lines as sent */
	char *body;
};

/*
 * Answers are handed out in order; past the end the last one repeats. Every
 * request is recorded. The transport table does not own the fake.
 */
struct fake_http {
	struct fake_answer answers[FAKE_MAX];
	size_t nanswers;
	size_t next;
	struct fake_seen seen[FAKE_MAX];
	size_t nseen;
	struct lat_transport transport;
};

void fake_http_init(struct fake_http *f);
void fake_http_cleanup(struct fake_http *f);
void fake_http_push(struct fake_http *f, long status, const char *headers, const char *body);
/* The value of header name in request i, or NULL. Case-insensitive name. */
const char *fake_http_header(const struct fake_http *f, size_t i, const char *name, char *out, size_t outsz);

/* A clock that only moves when slept on, with a fixed random draw. */
struct fake_clock {
	int64_t now_ms;
	double rand01;
	int64_t sleeps[64];
	size_t nsleeps;
	int64_t slept_ms;
	struct lat_clock clock;
};

void fake_clock_init(struct fake_clock *c, int64_t start_ms, double rand01);

#endif
