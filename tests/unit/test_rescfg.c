/* test_rescfg.c - the resource configuration answers: a page without its list is a failed listing. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "providers/aws/rescfg.h"

#define LIST(items, more) "{\"items\": [" items "]" more "}"

static void
list_pages(void **state)
{
	struct lat_service_list out = { 0 };
	struct lat_diag d = { 0 };
	char *next = NULL;
	const char *body = LIST("{\"arn\": \"arn:aws:vpc-lattice:us-east-1:111122223333:resourceconfiguration/"
	    "rcfg-00000000000000001\", \"id\": \"rcfg-00000000000000001\", \"name\": \"db\", \"status\": \"ACTIVE\", "
	    "\"customDomainName\": \"db.corp.internal\", \"createdAt\": \"2024-06-01T08:00:00.123Z\", "
	    "\"amazonManaged\": false}", ", \"nextToken\": \"t2\"");

	(void)state;
	assert_int_equal(lat_rescfg_parse_list(body, strlen(body), "111122223333", "us-east-1", &out, &next, &d), 0);
	assert_int_equal(out.n, 1);
	assert_int_equal(out.v[0].kind, LAT_RES_RESCFG);
	assert_string_equal(out.v[0].custom_domain, "db.corp.internal");
	assert_string_equal(out.v[0].account, "111122223333");
	assert_true(out.v[0].created_ms > 0);
	assert_string_equal(next, "t2");
	free(next);
	/* A 200 without items, or without an arn, fails the listing: never "nothing there". */
	assert_int_equal(lat_rescfg_parse_list("{}", 2, "111122223333", "us-east-1", &out, &next, &d), LAT_EPARSE);
	assert_non_null(strstr(lat_diag_msg(&d), "the answer is not a JSON object with an items list"));
	lat_diag_cleanup(&d);
	assert_int_equal(lat_rescfg_parse_list(LIST("{\"id\": \"x\"}", ""), strlen(LIST("{\"id\": \"x\"}", "")),
	    "111122223333", "us-east-1", &out, &next, &d), LAT_EPARSE);
	lat_diag_cleanup(&d);
	lat_service_list_cleanup(&out);
}

static void
associations(void **state)
{
	struct lat_service r = { .arn = (char *)"arn:x" };
	struct lat_diag d = { 0 };
	char *next = NULL;
	const char *body = LIST("{\"id\": \"snra-1\", \"serviceNetworkId\": \"sn-1\", \"serviceNetworkName\": \"corp\", "
	    "\"dnsEntry\": {\"domainName\": \"snra-1.rcfg-1.abc.vpc-lattice-rsc.us-east-1.on.aws\", \"hostedZoneId\": "
	    "\"Z1\"}, \"privateDnsEnabled\": true}, {\"id\": \"snra-2\", \"serviceNetworkArn\": \"arn:sn\"}", "");

	(void)state;
	assert_int_equal(lat_rescfg_parse_assocs(body, strlen(body), &r, &next, &d), 0);
	assert_null(next);
	assert_int_equal(r.nassocs, 2);
	assert_string_equal(r.assocs[0].sn_name, "corp");
	assert_true(r.assocs[0].private_dns);
	assert_string_equal(r.assocs[0].dns_zone_id, "Z1");
	assert_null(r.assocs[1].dns_name);
	assert_false(r.assocs[1].private_dns);
	assert_int_equal(lat_rescfg_parse_assocs("{\"items\": {}}", 13, &r, &next, &d), LAT_EPARSE);
	lat_diag_cleanup(&d);
	/* An association that names no service network cannot be matched to one: failed, not guessed. */
	assert_int_equal(lat_rescfg_parse_assocs(LIST("{\"id\": \"snra-3\"}", ""), strlen(LIST("{\"id\": \"snra-3\"}",
	    "")), &r, &next, &d), LAT_EPARSE);
	lat_diag_cleanup(&d);
	r.arn = NULL;
	lat_service_cleanup(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(list_pages),
		cmocka_unit_test(associations),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
