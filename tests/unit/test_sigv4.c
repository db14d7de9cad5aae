/* test_sigv4.c - the signing key: derived as AWS documents it, cached per (key, date, region, service), never stale. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "providers/aws/sigkeys.h"
#include "providers/aws/sigv4.h"

#define T0 1440938160LL                /* 2015-08-30T12:36:00Z, the AWS suite's time */
#define SECRET "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"

static void
hexkey(const unsigned char k[32], char out[65])
{
	for (size_t i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", k[i]);
}

/* AWS's own example ("Create a signing key": 20150830, us-east-1, iam). */
static void
test_derived_key_is_awss_example(void **state)
{
	unsigned char k[32];
	char hex[65];

	(void)state;
	assert_int_equal(lat_sigv4_derive_key(SECRET, T0, "us-east-1", "iam", k), 0);
	hexkey(k, hex);
	assert_string_equal(hex, "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
}

static char *
sign(const unsigned char *key, int64_t when, const char *region, const char *service)
{
	struct lat_sigv4_header h[] = { { "Host", "example.amazonaws.com" } };
	struct lat_sigv4_request req = { .method = "GET", .path = "/", .query = "Param1=value1", .headers = h,
		.nheaders = 1 };
	struct lat_sigv4_params p = { .access_key_id = "AKIDEXAMPLE", .secret_access_key = SECRET,
		.region = region, .service = service, .time = when, .normalize_path = 1, .signing_key = key };
	struct lat_sigv4_result r = { 0 };
	struct lat_diag d = { 0 };
	char *sig;

	assert_int_equal(lat_sigv4_sign(&req, &p, &r, &d), 0);
	sig = strdup(r.signature);
	lat_sigv4_result_cleanup(&r);
	return sig;
}

/* A request signed with a given key is the request signed by deriving it: byte for byte. */
static void
test_a_given_key_signs_as_a_derived_one(void **state)
{
	unsigned char k[32];
	char *a, *b;

	(void)state;
	assert_int_equal(lat_sigv4_derive_key(SECRET, T0, "us-east-1", "service", k), 0);
	a = sign(NULL, T0, "us-east-1", "service");
	b = sign(k, T0, "us-east-1", "service");
	assert_string_equal(a, b);
	free(a);
	free(b);
}

struct input {
	const char *akid, *secret;
	int64_t time;
	const char *region, *service;
	int rederives;     /* 1: the cache must derive anew for this input */
};

/* Each of the four inputs changed alone derives a new key, equal to a fresh derivation; the same
   inputs again (later the same day) come from the cache. */
static void
test_cache_rederives_when_any_input_changes(void **state)
{
	static const struct input seq[] = {
		{ "AKID1", "secret-1", T0, "us-east-1", "sts", 1 },
		{ "AKID1", "secret-1", T0 + 3600, "us-east-1", "sts", 0 },         /* same day */
		{ "AKID1", "secret-1", T0 + 86400, "us-east-1", "sts", 1 },        /* date */
		{ "AKID1", "secret-1", T0 + 86400, "eu-west-1", "sts", 1 },        /* region */
		{ "AKID1", "secret-1", T0 + 86400, "eu-west-1", "vpc-lattice", 1 },/* service */
		{ "AKID2", "secret-1", T0 + 86400, "eu-west-1", "vpc-lattice", 1 },/* key id */
		{ "AKID2", "secret-2", T0 + 86400, "eu-west-1", "vpc-lattice", 1 },/* secret, same key id */
		{ "AKID2", "secret-2", T0 + 86401, "eu-west-1", "vpc-lattice", 0 },
		{ "AKID1", "secret-1", T0 + 86400, "us-east-1", "sts", 0 },        /* still cached */
	};
	struct lat_sigkeys *k = NULL;
	struct lat_diag d = { 0 };
	unsigned long before;

	(void)state;
	assert_int_equal(lat_sigkeys_new(&k, &d), 0);
	for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++) {
		const struct input *in = &seq[i];
		struct lat_sigkeys_scope s = { in->akid, in->secret, in->time, in->region, in->service };
		unsigned char got[32], fresh[32];

		before = lat_sigkeys_derived(k);
		assert_int_equal(lat_sigkeys_get(k, &s, got), 0);
		assert_int_equal(lat_sigv4_derive_key(in->secret, in->time, in->region, in->service, fresh), 0);
		assert_memory_equal(got, fresh, 32);
		if (lat_sigkeys_derived(k) - before != (unsigned long)in->rederives)
			fail_msg("input %zu: derived %lu keys, expected %d", i, lat_sigkeys_derived(k) - before,
			    in->rederives);
	}
	lat_sigkeys_free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_derived_key_is_awss_example),
		cmocka_unit_test(test_a_given_key_signs_as_a_derived_one),
		cmocka_unit_test(test_cache_rederives_when_any_input_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
