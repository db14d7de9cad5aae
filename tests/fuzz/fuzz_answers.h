/* fuzz_answers.h - a transport that answers every request with the fuzzer's bytes, for the AWS harnesses. */
#ifndef LAT_FUZZ_ANSWERS_H
#define LAT_FUZZ_ANSWERS_H

#include <stddef.h>
#include <stdint.h>

#include "providers/aws/client.h"
#include "providers/aws/http.h"

/*
 * The first `pages` requests get status and body (a paged listing sees the
 * same page again, so a continuation token loops until pages runs out);
 * later ones fail as a transport error.
 */
struct fuzz_answers {
	long status;
	const char *error_type;    /* an x-amzn-ErrorType header, or NULL */
	const uint8_t *body;
	size_t len;
	int pages;
	int calls;
	struct lat_transport t;
};

void fuzz_answers_init(struct fuzz_answers *f, long status, const uint8_t *body, size_t len);
/* A clock that never waits: retries and rate limits cost nothing. */
const struct lat_clock *fuzz_clock(void);

#endif
