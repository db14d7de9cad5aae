/* test_route53.c - Route 53 request bodies byte for byte, record-set parsing, and paging as the wire carries it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/buf.h"
#include "providers/aws/creds.h"
#include "providers/aws/route53.h"
#include "tests/unit/helper_fake.h"

#define NS "https://route53.amazonaws.com/doc/2013-04-01/"

static void
test_change_batch_body(void **state)
{
	struct lat_rrset alias = { .name = (char *)"payments.corp.internal.", .type = (char *)"AAAA", .ttl = -1,
		.alias_zone_id = (char *)"Z03867022NOYBCTG0GJR1",
		.alias_dns_name = (char *)"payments-0123.7d67968.vpc-lattice-svcs.us-east-1.on.aws.",
		.alias_eval_health = 0 };
	char *vals[] = { (char *)"10.0.0.1", (char *)"10.0.0.2" };
	struct lat_rrset plain = { .name = (char *)"a&b.corp.internal.", .type = (char *)"A", .ttl = 300,
		.values = vals, .nvalues = 2 };
	struct lat_r53_change ch[] = { { LAT_R53_UPSERT, &alias }, { LAT_R53_DELETE, &plain } };
	struct lat_buf b;

	(void)state;
	lat_buf_init(&b, 0);
	assert_int_equal(lat_r53_change_batch_xml(ch, 2, "latticedns <run 7>", &b), 0);
	assert_string_equal(lat_buf_str(&b),
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<ChangeResourceRecordSetsRequest xmlns=\"" NS "\"><ChangeBatch>"
	    "<Comment>latticedns &lt;run 7&gt;</Comment><Changes>"
	    "<Change><Action>UPSERT</Action><ResourceRecordSet><Name>payments.corp.internal.</Name><Type>AAAA</Type>"
	    "<AliasTarget><HostedZoneId>Z03867022NOYBCTG0GJR1</HostedZoneId>"
	    "<DNSName>payments-0123.7d67968.vpc-lattice-svcs.us-east-1.on.aws.</DNSName>"
	    "<EvaluateTargetHealth>false</EvaluateTargetHealth></AliasTarget></ResourceRecordSet></Change>"
	    "<Change><Action>DELETE</Action><ResourceRecordSet><Name>a&amp;b.corp.internal.</Name><Type>A</Type>"
	    "<TTL>300</TTL><ResourceRecords><ResourceRecord><Value>10.0.0.1</Value></ResourceRecord>"
	    "<ResourceRecord><Value>10.0.0.2</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></Change>"
	    "</Changes></ChangeBatch></ChangeResourceRecordSetsRequest>");
	lat_buf_cleanup(&b);
}

static void
test_change_tags_body(void **state)
{
	struct lat_tag add[] = { { (char *)"arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-1",
		(char *)"one.corp.internal" } };
	const char *rm[] = { "arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-2" };
	struct lat_buf b;

	(void)state;
	lat_buf_init(&b, 0);
	assert_int_equal(lat_r53_change_tags_xml(add, 1, rm, 1, &b), 0);
	assert_string_equal(lat_buf_str(&b),
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<ChangeTagsForResourceRequest xmlns=\"" NS "\"><AddTags><Tag>"
	    "<Key>arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-1</Key><Value>one.corp.internal</Value>"
	    "</Tag></AddTags><RemoveTagKeys><Key>arn:aws:vpc-lattice:us-east-1:111122223333:service/svc-2</Key>"
	    "</RemoveTagKeys></ChangeTagsForResourceRequest>");
	lat_buf_cleanup(&b);
}

static const char page1[] =
    "<?xml version=\"1.0\"?>\n<ListResourceRecordSetsResponse xmlns=\"" NS "\"><ResourceRecordSets>"
    "<ResourceRecordSet><Name>corp.internal.</Name><Type>NS</Type><TTL>172800</TTL><ResourceRecords>"
    "<ResourceRecord><Value>ns-1536.awsdns-00.co.uk.</Value></ResourceRecord>"
    "<ResourceRecord><Value>ns-0.awsdns-00.com.</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>"
    "<ResourceRecordSet><Name>pay.corp.internal.</Name><Type>A</Type><AliasTarget>"
    "<HostedZoneId>Z03867022NOYBCTG0GJR1</HostedZoneId><DNSName>pay-1.on.aws.</DNSName>"
    "<EvaluateTargetHealth>true</EvaluateTargetHealth></AliasTarget></ResourceRecordSet>"
    "</ResourceRecordSets><IsTruncated>true</IsTruncated><NextRecordName>w\\052ld.corp.internal.</NextRecordName>"
    "<NextRecordType>A</NextRecordType><NextRecordIdentifier>eu west</NextRecordIdentifier>"
    "<MaxItems>300</MaxItems></ListResourceRecordSetsResponse>";
static const char page2[] =
    "<?xml version=\"1.0\"?>\n<ListResourceRecordSetsResponse xmlns=\"" NS "\"><ResourceRecordSets>"
    "<ResourceRecordSet><Name>w\\052ld.corp.internal.</Name><Type>A</Type><SetIdentifier>eu west</SetIdentifier>"
    "<Weight>10</Weight><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>10.1.1.1</Value></ResourceRecord>"
    "</ResourceRecords></ResourceRecordSet></ResourceRecordSets><IsTruncated>false</IsTruncated>"
    "<MaxItems>300</MaxItems></ListResourceRecordSetsResponse>";

static void
test_parse_one_page(void **state)
{
	struct lat_rrset_list l = { 0 };
	char *nn, *nt, *ni;

	(void)state;
	assert_int_equal(lat_r53_parse_rrsets(page1, strlen(page1), &l, &nn, &nt, &ni, NULL), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].type, "NS");
	assert_int_equal(l.v[0].ttl, 172800);
	assert_int_equal(l.v[0].nvalues, 2);
	assert_string_equal(l.v[0].values[1], "ns-0.awsdns-00.com.");
	assert_string_equal(l.v[1].name, "pay.corp.internal.");
	assert_int_equal(l.v[1].ttl, -1);
	assert_string_equal(l.v[1].alias_zone_id, "Z03867022NOYBCTG0GJR1");
	assert_string_equal(l.v[1].alias_dns_name, "pay-1.on.aws.");
	assert_int_equal(l.v[1].alias_eval_health, 1);
	assert_string_equal(nn, "w\\052ld.corp.internal.");
	assert_string_equal(nt, "A");
	assert_string_equal(ni, "eu west");
	free(nn);
	free(nt);
	free(ni);
	lat_rrset_list_cleanup(&l);
	memset(&l, 0, sizeof(l));
	assert_int_equal(lat_r53_parse_rrsets(page2, strlen(page2), &l, &nn, &nt, &ni, NULL), 0);
	assert_null(nn);
	assert_null(nt);
	assert_null(ni);
	assert_string_equal(l.v[0].set_identifier, "eu west");
	lat_rrset_list_cleanup(&l);
}

static void
test_malformed_page_is_a_parse_error(void **state)
{
	struct lat_rrset_list l = { 0 };
	struct lat_diag d = { 0 };
	char *nn, *nt, *ni;
	static const char trunc[] = "<?xml version=\"1.0\"?>\n<ListResourceRecordSetsResponse xmlns=\"" NS "\">"
	    "<ResourceRecordSets><ResourceRecordSet><Name>a.</Name>";

	(void)state;
	assert_int_not_equal(lat_r53_parse_rrsets(trunc, strlen(trunc), &l, &nn, &nt, &ni, &d), 0);
	assert_true(strlen(lat_diag_msg(&d)) > 0);
	lat_diag_cleanup(&d);
	lat_rrset_list_cleanup(&l);
}

static void
test_list_follows_pages_with_encoded_start(void **state)
{
	struct fake_http h;
	struct fake_clock clk;
	struct lat_creds_provider *cr;
	struct lat_aws_client *c;
	struct lat_rrset_list l = { 0 };
	struct lat_aws_client_opts o = { .service = "route53", .protocol = LAT_PROTO_REST_XML,
		.region = "us-east-1", .endpoint = "https://route53.amazonaws.com", .account = "999999999999" };

	(void)state;
	fake_http_init(&h);
	fake_clock_init(&clk, 1700000000000LL, 0.5);
	assert_int_equal(lat_creds_static_new("AKIDEXAMPLE", "secret", NULL, &cr, NULL), 0);
	o.creds = cr;
	o.transport = &h.transport;
	o.clock = &clk.clock;
	assert_int_equal(lat_aws_client_new(&o, &c, NULL), 0);
	fake_http_push(&h, 200, NULL, page1);
	fake_http_push(&h, 200, NULL, page2);
	assert_int_equal(lat_r53_list_rrsets(c, "/hostedzone/Z0123456789ABCDEFGHIJ", &l, NULL), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(h.nseen, 2);
	assert_string_equal(h.seen[0].url,
	    "https://route53.amazonaws.com/2013-04-01/hostedzone/Z0123456789ABCDEFGHIJ/rrset?maxitems=300");
	/* The next page starts at the escaped name exactly as Route 53 gave it, percent-encoded once. */
	assert_string_equal(h.seen[1].url,
	    "https://route53.amazonaws.com/2013-04-01/hostedzone/Z0123456789ABCDEFGHIJ/rrset?"
	    "maxitems=300&name=w%5C052ld.corp.internal.&type=A&identifier=eu%20west");
	lat_rrset_list_cleanup(&l);
	lat_aws_client_free(c);
	lat_creds_provider_free(cr);
	fake_http_cleanup(&h);
}

static const char at1[] =
    "<?xml version=\"1.0\"?>\n<ListResourceRecordSetsResponse xmlns=\"" NS "\"><ResourceRecordSets>"
    "<ResourceRecordSet><Name>w\\052ld.corp.internal.</Name><Type>A</Type><SetIdentifier>eu west</SetIdentifier>"
    "<Weight>10</Weight><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>10.1.1.1</Value></ResourceRecord>"
    "</ResourceRecords></ResourceRecordSet></ResourceRecordSets><IsTruncated>true</IsTruncated>"
    "<NextRecordName>w\\052ld.corp.internal.</NextRecordName><NextRecordType>A</NextRecordType>"
    "<NextRecordIdentifier>green</NextRecordIdentifier><MaxItems>1</MaxItems></ListResourceRecordSetsResponse>";
static const char at2[] =
    "<?xml version=\"1.0\"?>\n<ListResourceRecordSetsResponse xmlns=\"" NS "\"><ResourceRecordSets>"
    "<ResourceRecordSet><Name>w\\052ld.corp.internal.</Name><Type>A</Type><SetIdentifier>green</SetIdentifier>"
    "<Weight>5</Weight><TTL>60</TTL><ResourceRecords><ResourceRecord><Value>10.1.1.2</Value></ResourceRecord>"
    "</ResourceRecords></ResourceRecordSet>"
    "<ResourceRecordSet><Name>x.corp.internal.</Name><Type>A</Type><TTL>60</TTL><ResourceRecords>"
    "<ResourceRecord><Value>10.2.2.2</Value></ResourceRecord></ResourceRecords></ResourceRecordSet>"
    "</ResourceRecordSets><IsTruncated>true</IsTruncated><NextRecordName>y.corp.internal.</NextRecordName>"
    "<NextRecordType>A</NextRecordType><MaxItems>20</MaxItems></ListResourceRecordSetsResponse>";

/* A targeted read: what is at one name, every type, followed while a page still holds it, and no further. */
static void
test_targeted_read_keeps_to_its_name(void **state)
{
	struct fake_http h;
	struct fake_clock clk;
	struct lat_creds_provider *cr;
	struct lat_aws_client *c;
	struct lat_rrset_list l = { 0 };
	struct lat_aws_client_opts o = { .service = "route53", .protocol = LAT_PROTO_REST_XML,
		.region = "us-east-1", .endpoint = "https://route53.amazonaws.com", .account = "999999999999" };

	(void)state;
	fake_http_init(&h);
	fake_clock_init(&clk, 1700000000000LL, 0.5);
	assert_int_equal(lat_creds_static_new("AKIDEXAMPLE", "secret", NULL, &cr, NULL), 0);
	o.creds = cr;
	o.transport = &h.transport;
	o.clock = &clk.clock;
	assert_int_equal(lat_aws_client_new(&o, &c, NULL), 0);
	fake_http_push(&h, 200, NULL, at1);
	fake_http_push(&h, 200, NULL, at2);
	assert_int_equal(lat_r53_list_rrsets_at(c, "Z0123456789ABCDEFGHIJ", "w\\052ld.corp.internal.", &l, NULL), 0);
	assert_int_equal(l.n, 2);
	assert_string_equal(l.v[0].set_identifier, "eu west");
	assert_string_equal(l.v[1].set_identifier, "green");
	/* x.corp.internal. came along on the second page: not the name's, not kept, and no third page. */
	assert_int_equal(h.nseen, 2);
	assert_string_equal(h.seen[0].url,
	    "https://route53.amazonaws.com/2013-04-01/hostedzone/Z0123456789ABCDEFGHIJ/rrset?"
	    "maxitems=20&name=w%5C052ld.corp.internal.");
	assert_string_equal(h.seen[1].url,
	    "https://route53.amazonaws.com/2013-04-01/hostedzone/Z0123456789ABCDEFGHIJ/rrset?"
	    "maxitems=20&name=w%5C052ld.corp.internal.&type=A&identifier=green");
	lat_rrset_list_cleanup(&l);
	/* Nothing at the name: the first record of the answer is another's, the list stays empty. */
	fake_http_push(&h, 200, NULL, page2);
	h.next = h.nanswers - 1;
	assert_int_equal(lat_r53_list_rrsets_at(c, "Z0123456789ABCDEFGHIJ", "a.corp.internal.", &l, NULL), 0);
	assert_int_equal(l.n, 0);
	assert_int_equal(h.nseen, 3);
	lat_aws_client_free(c);
	lat_creds_provider_free(cr);
	fake_http_cleanup(&h);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_change_batch_body),
		cmocka_unit_test(test_change_tags_body),
		cmocka_unit_test(test_parse_one_page),
		cmocka_unit_test(test_malformed_page_is_a_parse_error),
		cmocka_unit_test(test_list_follows_pages_with_encoded_start),
		cmocka_unit_test(test_targeted_read_keeps_to_its_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
