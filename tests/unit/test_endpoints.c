/* test_endpoints.c - each service's endpoint and signing region per partition, and the SDKs' overrides. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/env.h"
#include "providers/aws/endpoints.h"

static const char *const *current;

static const char *
table_get(void *ctx, const char *name)
{
	(void)ctx;
	for (size_t i = 0; current != NULL && current[i] != NULL; i += 2)
		if (strcmp(current[i], name) == 0)
			return current[i + 1];
	return NULL;
}

static void
expect(const char *const *env, const char *service, const char *region, const char *url, const char *signing)
{
	struct lat_env e = { table_get, NULL };
	struct lat_endpoint ep = { 0 };

	current = env;
	assert_int_equal(lat_endpoint_resolve(&e, service, region, &ep, NULL), 0);
	if (strcmp(ep.url, url) != 0 || strcmp(ep.signing_region, signing) != 0)
		fail_msg("%s in %s: got %s signed in %s, want %s signed in %s", service, region, ep.url,
		    ep.signing_region, url, signing);
	lat_endpoint_cleanup(&ep);
}

static void
test_partitions(void **state)
{
	(void)state;
	expect(NULL, "route53", "eu-west-1", "https://route53.amazonaws.com", "us-east-1");
	expect(NULL, "route53", "cn-north-1", "https://route53.amazonaws.com.cn", "cn-northwest-1");
	expect(NULL, "route53", "us-gov-west-1", "https://route53.us-gov.amazonaws.com", "us-gov-west-1");
	expect(NULL, "sts", "eu-west-1", "https://sts.eu-west-1.amazonaws.com", "eu-west-1");
	expect(NULL, "sts", "cn-northwest-1", "https://sts.cn-northwest-1.amazonaws.com.cn", "cn-northwest-1");
	expect(NULL, "vpc-lattice", "ap-southeast-2", "https://vpc-lattice.ap-southeast-2.amazonaws.com",
	    "ap-southeast-2");
	expect(NULL, "vpc-lattice", "us-gov-east-1", "https://vpc-lattice.us-gov-east-1.amazonaws.com",
	    "us-gov-east-1");
	expect(NULL, "tagging", "eu-central-1", "https://tagging.eu-central-1.amazonaws.com", "eu-central-1");
}

static void
test_overrides(void **state)
{
	static const char *const all[] = { "AWS_ENDPOINT_URL", "http://127.0.0.1:4566/", NULL };
	static const char *const one[] = { "AWS_ENDPOINT_URL", "http://127.0.0.1:4566",
		"AWS_ENDPOINT_URL_ROUTE_53", "https://r53.internal:8443", NULL };
	static const char *const each[] = { "AWS_ENDPOINT_URL_STS", "http://sts.local",
		"AWS_ENDPOINT_URL_VPC_LATTICE", "http://lattice.local",
		"AWS_ENDPOINT_URL_RESOURCE_GROUPS_TAGGING_API", "http://tagging.local", NULL };

	(void)state;
	/* The trailing slash goes; the signing region stays the service's. */
	expect(all, "vpc-lattice", "eu-west-1", "http://127.0.0.1:4566", "eu-west-1");
	expect(all, "route53", "eu-west-1", "http://127.0.0.1:4566", "us-east-1");
	/* The service's own variable wins over the general one. */
	expect(one, "route53", "eu-west-1", "https://r53.internal:8443", "us-east-1");
	expect(one, "sts", "eu-west-1", "http://127.0.0.1:4566", "eu-west-1");
	expect(each, "sts", "us-east-1", "http://sts.local", "us-east-1");
	expect(each, "vpc-lattice", "us-east-1", "http://lattice.local", "us-east-1");
	expect(each, "tagging", "us-east-1", "http://tagging.local", "us-east-1");
	expect(each, "route53", "us-east-1", "https://route53.amazonaws.com", "us-east-1");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partitions),
		cmocka_unit_test(test_overrides),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
