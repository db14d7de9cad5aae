/* test_strict.c - a 200 answer without its list, with the wrong root or a broken page chain is a failure, never "nothing there". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/diag.h"
#include "providers/aws/creds.h"
#include "providers/aws/lattice.h"
#include "providers/aws/route53.h"
#include "providers/aws/tagging.h"
#include "tests/unit/helper_fake.h"

#define NS "https://route53.amazonaws.com/doc/2013-04-01/"
#define ARN "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-0123456789abcdef0"
#define SVC "{\"arn\":\"" ARN "\",\"id\":\"svc-0123456789abcdef0\",\"name\":\"pay\",\"status\":\"ACTIVE\"}"

/* A client of service over the scripted transport; everything freed by fixture_cleanup. */
struct fixture {
	struct fake_http h;
	struct fake_clock clk;
	struct lat_creds_provider *cr;
	struct lat_aws_client *c;
};

static void
fixture_init(struct fixture *f, const char *service, enum lat_aws_protocol proto, const char *endpoint)
{
	struct lat_aws_client_opts o = { .service = service, .protocol = proto, .region = "us-east-1",
		.endpoint = endpoint, .account = "111122223333" };

	fake_http_init(&f->h);
	fake_clock_init(&f->clk, 1700000000000LL, 0.5);
	assert_int_equal(lat_creds_static_new("AKIDEXAMPLE", "secret", NULL, &f->cr, NULL), 0);
	o.creds = f->cr;
	o.transport = &f->h.transport;
	o.clock = &f->clk.clock;
	assert_int_equal(lat_aws_client_new(&o, &f->c, NULL), 0);
}

static void
fixture_cleanup(struct fixture *f)
{
	lat_aws_client_free(f->c);
	lat_creds_provider_free(f->cr);
	fake_http_cleanup(&f->h);
}

/* ListServices pages: items is required; an empty account says "items": []. */
static void
test_list_services_page_shapes(void **state)
{
	static const struct {
		const char *body;
		int ok;
		size_t n;
	} cases[] = {
		{ "{\"items\":[]}", 1, 0 },
		{ "{\"items\":[" SVC "]}", 1, 1 },
		{ "{}", 0, 0 },                               /* the 44-records-deleted answer */
		{ "{\"nextToken\":\"abc\"}", 0, 0 },
		{ "{\"items\":{}}", 0, 0 },
		{ "{\"items\":null}", 0, 0 },
		{ "[]", 0, 0 },
		{ "<html>proxy</html>", 0, 0 },
		{ "", 0, 0 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lat_service_list l = { 0 };
		struct lat_diag d = { 0 };
		char *next = NULL;
		int rc = lat_lattice_parse_services(cases[i].body, strlen(cases[i].body), "111122223333",
		    "us-east-1", &l, &next, &d);

		if (cases[i].ok) {
			assert_int_equal(rc, 0);
			assert_int_equal(l.n, cases[i].n);
		} else {
			assert_int_equal(rc, LAT_EPARSE);
			assert_non_null(strstr(lat_diag_msg(&d), "ListServices (account 111122223333, us-east-1)"));
			assert_non_null(strstr(lat_diag_msg(&d), "held"));
		}
		free(next);
		lat_service_list_cleanup(&l);
		lat_diag_cleanup(&d);
	}
}

static void
test_list_services_repeated_token_fails(void **state)
{
	struct fixture f;
	struct lat_service_list l = { 0 };
	struct lat_diag d = { 0 };

	(void)state;
	fixture_init(&f, "vpc-lattice", LAT_PROTO_REST_JSON, "https://vpc-lattice.us-east-1.amazonaws.com");
	fake_http_push(&f.h, 200, NULL, "{\"items\":[" SVC "],\"nextToken\":\"t1\"}");
	fake_http_push(&f.h, 200, NULL, "{\"items\":[],\"nextToken\":\"t1\"}");
	assert_int_equal(lat_lattice_list_services(f.c, "111122223333", "us-east-1", &l, &d), LAT_EPARSE);
	assert_int_equal(f.h.nseen, 2);
	assert_non_null(strstr(lat_diag_msg(&d), "page 2 repeats the nextToken"));
	lat_service_list_cleanup(&l);
	lat_diag_cleanup(&d);
	fixture_cleanup(&f);
}

static void
test_lattice_tags_required(void **state)
{
	static const char *const bad[] = { "{}", "{\"tags\":[]}", "{\"tags\":\"x\"}", "null" };
	struct fixture f;

	(void)state;
	fixture_init(&f, "vpc-lattice", LAT_PROTO_REST_JSON, "https://vpc-lattice.us-east-1.amazonaws.com");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct lat_tags t = { 0 };
		struct lat_diag d = { 0 };

		f.h.nanswers = f.h.next = 0;
		fake_http_push(&f.h, 200, NULL, bad[i]);
		assert_int_equal(lat_lattice_list_tags(f.c, ARN, &t, &d), LAT_EPARSE);
		assert_non_null(strstr(lat_diag_msg(&d), "ListTagsForResource " ARN ": the answer has no tags"));
		assert_int_equal(t.n, 0);
		lat_diag_cleanup(&d);
	}
	{
		struct lat_tags t = { 0 };

		f.h.nanswers = f.h.next = 0;
		fake_http_push(&f.h, 200, NULL, "{\"tags\":{}}");
		assert_int_equal(lat_lattice_list_tags(f.c, ARN, &t, NULL), 0);
		assert_int_equal(t.n, 0);
		f.h.nanswers = f.h.next = 0;
		fake_http_push(&f.h, 200, NULL, "{\"tags\":{\"NewService\":\"true\"}}");
		assert_int_equal(lat_lattice_list_tags(f.c, ARN, &t, NULL), 0);
		assert_string_equal(lat_tags_get(&t, "NewService"), "true");
		lat_tags_cleanup(&t);
	}
	fixture_cleanup(&f);
}

static void
test_get_resources_list_required_and_chain_checked(void **state)
{
	static const char *const bad[] = { "{}", "{\"PaginationToken\":\"\"}", "{\"ResourceTagMappingList\":{}}",
		"[]" };
	struct fixture f;
	struct lat_tagged_list l = { 0 };
	struct lat_diag d = { 0 };

	(void)state;
	fixture_init(&f, "tagging", LAT_PROTO_JSON, "https://tagging.us-east-1.amazonaws.com");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct lat_diag e = { 0 };

		f.h.nanswers = f.h.next = 0;
		fake_http_push(&f.h, 200, NULL, bad[i]);
		assert_int_equal(lat_tagging_get_resources(f.c, "vpc-lattice:service", "NewService", &l, &e),
		    LAT_EPARSE);
		assert_non_null(strstr(lat_diag_msg(&e), "GetResources: the answer has no ResourceTagMappingList"));
		assert_int_equal(l.n, 0);
		lat_diag_cleanup(&e);
	}
	f.h.nanswers = f.h.next = 0;
	fake_http_push(&f.h, 200, NULL, "{\"ResourceTagMappingList\":[],\"PaginationToken\":\"\"}");
	assert_int_equal(lat_tagging_get_resources(f.c, "vpc-lattice:service", "NewService", &l, NULL), 0);
	assert_int_equal(l.n, 0);
	/* A chain that hands the same token back fails instead of paging forever. */
	f.h.nanswers = f.h.next = 0;
	fake_http_push(&f.h, 200, NULL, "{\"ResourceTagMappingList\":[{\"ResourceARN\":\"" ARN "\",\"Tags\":[]}],"
	    "\"PaginationToken\":\"p1\"}");
	fake_http_push(&f.h, 200, NULL, "{\"ResourceTagMappingList\":[],\"PaginationToken\":\"p1\"}");
	assert_int_equal(lat_tagging_get_resources(f.c, "vpc-lattice:service", "NewService", &l, &d), LAT_EPARSE);
	assert_non_null(strstr(lat_diag_msg(&d), "page 2 repeats the PaginationToken"));
	assert_int_equal(l.n, 0);
	lat_diag_cleanup(&d);
	fixture_cleanup(&f);
}

#define RRS_OPEN "<?xml version=\"1.0\"?>\n<ListResourceRecordSetsResponse xmlns=\"" NS "\">"
#define SOA "<ResourceRecordSet><Name>corp.internal.</Name><Type>SOA</Type><TTL>900</TTL><ResourceRecords>" \
	"<ResourceRecord><Value>ns-1.awsdns-00.com. x 1 7200 900 1209600 86400</Value></ResourceRecord>" \
	"</ResourceRecords></ResourceRecordSet>"

static void
test_rrset_pages_strict(void **state)
{
	static const struct {
		const char *body;
		const char *msg;
	} bad[] = {
		{ RRS_OPEN "<IsTruncated>false</IsTruncated><MaxItems>300</MaxItems></ListResourceRecordSetsResponse>",
		  "the answer has no ResourceRecordSets list" },
		{ RRS_OPEN "<ResourceRecordSets>" SOA "</ResourceRecordSets></ListResourceRecordSetsResponse>",
		  "the answer has no IsTruncated" },
		{ RRS_OPEN "<ResourceRecordSets/><IsTruncated>maybe</IsTruncated></ListResourceRecordSetsResponse>",
		  "the answer has no IsTruncated" },
		{ "<?xml version=\"1.0\"?>\n<ListHostedZonesResponse xmlns=\"" NS "\"><ResourceRecordSets/>"
		  "<IsTruncated>false</IsTruncated></ListHostedZonesResponse>",
		  "root is <ListHostedZonesResponse>, not <ListResourceRecordSetsResponse>" },
		{ "<html><body>proxy</body></html>", "root is <html>" },
		{ RRS_OPEN "<ResourceRecordSets>" SOA "</ResourceRecordSets><IsTruncated>true</IsTruncated>"
		  "</ListResourceRecordSetsResponse>", "truncated without NextRecordName" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct lat_rrset_list l = { 0 };
		struct lat_diag d = { 0 };
		char *nn = NULL, *nt = NULL, *ni = NULL;

		assert_int_equal(lat_r53_parse_rrsets(bad[i].body, strlen(bad[i].body), &l, &nn, &nt, &ni, &d),
		    LAT_EPARSE);
		if (strstr(lat_diag_msg(&d), bad[i].msg) == NULL)
			fail_msg("case %zu: \"%s\" lacks \"%s\"", i, lat_diag_msg(&d), bad[i].msg);
		assert_null(nn);
		lat_rrset_list_cleanup(&l);
		lat_diag_cleanup(&d);
	}
}

static void
test_rrset_listing_repeated_marker_fails(void **state)
{
	struct fixture f;
	struct lat_rrset_list l = { 0 };
	struct lat_diag d = { 0 };
	static const char page[] = RRS_OPEN "<ResourceRecordSets>" SOA "</ResourceRecordSets>"
	    "<IsTruncated>true</IsTruncated><NextRecordName>b.corp.internal.</NextRecordName>"
	    "<NextRecordType>A</NextRecordType><MaxItems>300</MaxItems></ListResourceRecordSetsResponse>";

	(void)state;
	fixture_init(&f, "route53", LAT_PROTO_REST_XML, "https://route53.amazonaws.com");
	fake_http_push(&f.h, 200, NULL, page);
	fake_http_push(&f.h, 200, NULL, page);
	assert_int_equal(lat_r53_list_rrsets(f.c, "Z0123456789ABCDEFGHIJ", &l, &d), LAT_EPARSE);
	assert_int_equal(f.h.nseen, 2);
	assert_non_null(strstr(lat_diag_msg(&d), "page 2 repeats the start marker b.corp.internal."));
	assert_int_equal(l.n, 0);
	lat_diag_cleanup(&d);
	fixture_cleanup(&f);
}

static void
test_zone_tags_and_zone_answers_strict(void **state)
{
	struct fixture f;
	struct lat_tags t = { 0 };
	struct lat_diag d = { 0 }, e = { 0 };
	struct lat_r53_zone z = { 0 };

	(void)state;
	fixture_init(&f, "route53", LAT_PROTO_REST_XML, "https://route53.amazonaws.com");
	fake_http_push(&f.h, 200, NULL, "<?xml version=\"1.0\"?>\n<ListTagsForResourceResponse xmlns=\"" NS "\">"
	    "<ResourceTagSet><ResourceType>hostedzone</ResourceType><ResourceId>Z0123456789ABCDEFGHIJ</ResourceId>"
	    "</ResourceTagSet></ListTagsForResourceResponse>");
	assert_int_equal(lat_r53_list_tags(f.c, "Z0123456789ABCDEFGHIJ", &t, &d), LAT_EPARSE);
	assert_non_null(strstr(lat_diag_msg(&d), "ListTagsForResource Z0123456789ABCDEFGHIJ: the answer has no "
	    "ResourceTagSet/Tags list"));
	lat_diag_cleanup(&d);
	f.h.nanswers = f.h.next = 0;
	fake_http_push(&f.h, 200, NULL, "<ListTagsForResourceResponse xmlns=\"" NS "\"><ResourceTagSet><Tags/>"
	    "</ResourceTagSet></ListTagsForResourceResponse>");
	assert_int_equal(lat_r53_list_tags(f.c, "Z0123456789ABCDEFGHIJ", &t, NULL), 0);
	assert_int_equal(t.n, 0);
	/* A GetChange answered by something else is not "INSYNC", nor an empty success. */
	f.h.nanswers = f.h.next = 0;
	fake_http_push(&f.h, 200, NULL, "<GetHostedZoneResponse xmlns=\"" NS "\"><ChangeInfo><Id>/change/C1</Id>"
	    "<Status>INSYNC</Status></ChangeInfo></GetHostedZoneResponse>");
	{
		char *status = NULL;

		assert_int_equal(lat_r53_get_change(f.c, "C1", &status, &e), LAT_EPARSE);
		assert_null(status);
		assert_non_null(strstr(lat_diag_msg(&e), "GetChange: the answer's root is <GetHostedZoneResponse>"));
		lat_diag_cleanup(&e);
	}
	f.h.nanswers = f.h.next = 0;
	fake_http_push(&f.h, 200, NULL, "<GetHostedZoneResponse xmlns=\"" NS "\"/>");
	assert_int_equal(lat_r53_get_hosted_zone(f.c, "Z0123456789ABCDEFGHIJ", &z, &e), LAT_EPARSE);
	assert_non_null(strstr(lat_diag_msg(&e), "no HostedZone Id/Name"));
	lat_diag_cleanup(&e);
	fixture_cleanup(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_services_page_shapes),
		cmocka_unit_test(test_list_services_repeated_token_fails),
		cmocka_unit_test(test_lattice_tags_required),
		cmocka_unit_test(test_get_resources_list_required_and_chain_checked),
		cmocka_unit_test(test_rrset_pages_strict),
		cmocka_unit_test(test_rrset_listing_repeated_marker_fails),
		cmocka_unit_test(test_zone_tags_and_zone_answers_strict),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
