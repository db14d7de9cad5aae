/* test_config.c - latticedns.yaml: every field read, defaults, and each error message as a user sees it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/buf.h"
#include "controller/config.h"

static const char full[] =
    "state: /var/lib/latticedns/state.db\n"
    "interval: 1m30s\n"
    "selector: {tag: Publish, value: \"yes\"}\n"
    "ownership: state\n"
    "zones:\n"
    "  - id: /hostedzone/Z0123456789ABCDEFGHIJ\n"
    "  - id: Z2222222222222\n"
    "dns_account:\n"
    "  role_arn: arn:aws:iam::999999999999:role/latticedns-writer\n"
    "accounts:\n"
    "  - id: \"111122223333\"\n"
    "    role_arn: arn:aws:iam::111122223333:role/latticedns-reader\n"
    "    external_id: xid\n"
    "    regions: [us-east-1, eu-west-1]\n"
    "    allowed_domains: [payments.corp.internal]\n"
    "  - id: \"012345678901\"\n"
    "safety: {max_delete_percent: 25, min_records_for_threshold: 4}\n"
    "zone_tag_limit: 10\n"
    "aws: {max_attempts: 5, route53_rps: 2.5, route53_burst: 20, concurrency: 4,\n"
    "      ca_bundle: /tmp/latticedns-test-config-ca.pem, tag_source: lattice}\n"
    "log: {level: debug, format: json}\n";

static void
test_every_field_is_read(void **state)
{
	struct lat_config c;
	struct lat_diag d = { 0 };

	FILE *ca;

	(void)state;
	/* aws.ca_bundle must name a file that is there. */
	assert_non_null(ca = fopen("/tmp/latticedns-test-config-ca.pem", "w"));
	fputs("-----BEGIN CERTIFICATE-----\n", ca);
	fclose(ca);
	assert_int_equal(lat_config_parse(full, strlen(full), "full.yaml", &c, &d), 0);
	unlink("/tmp/latticedns-test-config-ca.pem");
	assert_string_equal(c.state_path, "/var/lib/latticedns/state.db");
	assert_int_equal(c.interval_ms, 90000);
	assert_string_equal(c.selector_key, "Publish");
	assert_string_equal(c.selector_value, "yes");
	assert_int_equal(c.ownership, LAT_OWN_STATE);
	assert_int_equal(c.nzones, 2);
	assert_string_equal(c.zones[0].id, "Z0123456789ABCDEFGHIJ");   /* the pasted prefix is dropped */
	assert_string_equal(c.zones[1].id, "Z2222222222222");
	assert_string_equal(c.dns_role_arn, "arn:aws:iam::999999999999:role/latticedns-writer");
	assert_int_equal(c.naccounts, 2);
	assert_string_equal(c.accounts[0].id, "111122223333");
	assert_string_equal(c.accounts[0].role_arn, "arn:aws:iam::111122223333:role/latticedns-reader");
	assert_string_equal(c.accounts[0].external_id, "xid");
	assert_int_equal(c.accounts[0].nregions, 2);
	assert_string_equal(c.accounts[0].regions[1], "eu-west-1");
	assert_int_equal(c.accounts[0].nallowed, 1);
	assert_string_equal(c.accounts[0].allowed_domains[0], "payments.corp.internal");
	assert_string_equal(c.accounts[1].id, "012345678901");          /* leading zero kept */
	assert_null(c.accounts[1].role_arn);
	assert_int_equal(c.accounts[1].nregions, 1);                   /* the home region */
	assert_string_equal(c.accounts[1].regions[0], "us-east-1");
	assert_int_equal(c.max_delete_percent, 25);
	assert_int_equal(c.min_records_for_threshold, 4);
	assert_int_equal(c.zone_tag_limit, 10);
	assert_int_equal(c.max_attempts, 5);
	assert_true(c.route53_rps > 2.49 && c.route53_rps < 2.51);
	assert_int_equal(c.route53_burst, 20);
	assert_int_equal(c.concurrency, 4);
	assert_string_equal(c.ca_bundle, "/tmp/latticedns-test-config-ca.pem");
	assert_int_equal(c.tag_source, LAT_TAGSRC_LATTICE);
	lat_config_cleanup(&c);
	lat_diag_cleanup(&d);
}

static void
test_defaults(void **state)
{
	static const char min[] = "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts: [{id: \"111122223333\"}]\n";
	struct lat_config c;

	(void)state;
	assert_int_equal(lat_config_parse(min, strlen(min), "min.yaml", &c, NULL), 0);
	assert_string_equal(c.state_path, "/var/lib/latticedns/state.db");
	assert_int_equal(c.interval_ms, 60000);
	assert_string_equal(c.selector_key, "NewService");               /* the pipeline's opt-in */
	assert_string_equal(c.selector_value, "true");
	assert_int_equal(c.ownership, LAT_OWN_TAGS);
	assert_int_equal(c.max_delete_percent, 30);
	assert_int_equal(c.min_records_for_threshold, 10);
	assert_int_equal(c.zone_tag_limit, 50);
	assert_int_equal(c.max_attempts, 3);
	assert_int_equal(c.timeout_ms, 30000);
	assert_true(c.route53_rps > 4.99 && c.route53_rps < 5.01);
	assert_int_equal(c.route53_burst, 1);       /* paced: never throttled by the old 5/s limit */
	assert_int_equal(c.concurrency, 16);
	assert_int_equal(c.tag_source, LAT_TAGSRC_TAGGING);
	assert_null(c.dns_role_arn);
	lat_config_cleanup(&c);
}

/* Each bad file and the exact text a user reads (every error at once). */
static const struct {
	const char *yaml;
	const char *msg;
} bad[] = {
	{ "state: /tmp/x.db\n"
	  "interval: 10q\n"
	  "zones:\n"
	  "  - id: Z0123456789ABCDEFGHIJ\n"
	  "accounts:\n"
	  "  - id: 11112222333\n"
	  "    regions: [us-east-1, moon-1]\n"
	  "    regoins: [x]\n"
	  "safety: {max_delete_percent: 130}\n"
	  "aws: {route53_rps: 0}\n"
	  "selectr: {tag: NewService}\n",
	  "bad.yaml:2:11: interval: \"10q\" is not a duration of at least 1s; write it like 30s, 5m or 1h\n"
	  "bad.yaml:6:9: accounts[0].id: \"11112222333\" is not a 12-digit AWS account id\n"
	  "bad.yaml:7:26: accounts[0].regions: \"moon-1\" is not a region name like eu-west-1\n"
	  "bad.yaml:8:5: accounts[0]: unknown key \"regoins\"; did you mean \"regions\"?\n"
	  "bad.yaml:9:30: safety.max_delete_percent: \"130\" must be a whole number from 0 to 100\n"
	  "bad.yaml:10:20: aws.route53_rps: \"0\" must be a number of requests per second above 0 "
	  "(Route 53 allows 5 per account)\n"
	  "bad.yaml:11:1: (top level): unknown key \"selectr\"; did you mean \"selector\"?" },
	{ "zones: []\naccounts: [{id: \"111122223333\"}]\n",
	  "bad.yaml:1:8: zones: expected a non-empty list" },
	{ "accounts: [{id: \"111122223333\"}]\n",
	  "bad.yaml:1:1: zones: at least one hosted zone is required (zones: [{id: Z...}])" },
	{ "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts: [{id: 111122223333}]\n",
	  "bad.yaml:2:17: accounts[0].id: write the account id in quotes (\"111122223333\"): YAML reads bare "
	  "digits as a number and would drop leading zeros" },
	{ "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts: [{id: \"111122223333\", regions: [us-east-1],\n"
	  "  regions: [eu-west-1]}]\naws: {route53_rps: 5}\naws: {concurrency: 4}\n",
	  "bad.yaml:3:3: accounts[0]: \"regions\" is given twice (first at line 2); keep one\n"
	  "bad.yaml:5:1: (top level): \"aws\" is given twice (first at line 4); keep one" },
	/* Valid YAML, but a key that is a list or a mapping: there is no name to suggest from (was a SIGSEGV). */
	{ "[a]: 1\nzones: [{id: Z0123456789ABCDEFGHIJ, {b: c}: 1}]\naccounts: [{id: \"111122223333\", [d]: 2}]\n",
	  "bad.yaml:1:1: (top level): a key must be a plain word, not a list or a mapping; write key: value\n"
	  "bad.yaml:2:37: zones[0]: a key must be a plain word, not a list or a mapping; write key: value\n"
	  "bad.yaml:3:33: accounts[0]: a key must be a plain word, not a list or a mapping; write key: value" },
	/* The repeat is reported and not parsed (it leaked the first list). */
	{ "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts: [{id: \"111122223333\"}]\n"
	  "accounts: [{id: \"444455556666\"}]\nzones: [{id: Z2}]\n",
	  "bad.yaml:3:1: (top level): \"accounts\" is given twice (first at line 2); keep one\n"
	  "bad.yaml:4:1: (top level): \"zones\" is given twice (first at line 1); keep one" },
	{ "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts: [{id: \"111122223333\"}]\n---\nstate: /x\n",
	  "bad.yaml:4:1: (top level): a second YAML document (after \"---\") starts here; latticedns reads one: "
	  "merge it into the first or remove it" },
	{ "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts: [{id: \"111122223333\"}]\n---\n[unclosed\n",
	  "bad.yaml:5:1: not valid YAML: did not find expected ',' or ']'" },
	/* allowed_domains: each a domain a rule can mean. */
	{ "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts:\n  - id: \"111122223333\"\n    allowed_domains:\n"
	  "      - \"\"\n      - \".\"\n      - \"*\"\n      - \" \"\n      - corp..internal\n      - \"*.corp.internal\"\n"
	  "      - -a.corp\n      - ok.corp.internal.\n",
	  "bad.yaml:5:9: accounts[0].allowed_domains: \"\" is empty; write the domain this account may use, like "
	  "payments.corp.internal\n"
	  "bad.yaml:6:9: accounts[0].allowed_domains: \".\" is the DNS root, which would allow every name; write "
	  "the domain this account may use, like payments.corp.internal\n"
	  "bad.yaml:7:9: accounts[0].allowed_domains: \"*\" holds a wildcard, which means nothing here: a domain "
	  "already allows its subdomains; write the domain itself, like corp.internal\n"
	  "bad.yaml:8:9: accounts[0].allowed_domains: \" \" has a character a DNS name cannot hold (byte 0x20 at "
	  "position 1); use letters, digits, '-' and '_' between dots\n"
	  "bad.yaml:9:9: accounts[0].allowed_domains: \"corp..internal\" has an empty label (a dot at the start or "
	  "two dots in a row); separate labels with single dots, like payments.corp.internal\n"
	  "bad.yaml:10:9: accounts[0].allowed_domains: \"*.corp.internal\" holds a wildcard, which means nothing "
	  "here: a domain already allows its subdomains; write the domain itself, like corp.internal\n"
	  "bad.yaml:11:9: accounts[0].allowed_domains: \"-a.corp\" has a label that starts or ends with '-' "
	  "(\"-a\"); a label begins and ends with a letter or digit" },
	/* The schema's constraints (schemas/config.schema.json), each with the fix. */
	{ "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts: [{id: \"111122223333\", external_id: a}]\n"
	  "dns_account: {external_id: \"has space\"}\nselector: {tag: \"\"}\nstate: \"\"\n"
	  "aws: {ca_bundle: /nonexistent/ca.pem, region: us-e-1x}\n",
	  "bad.yaml:2:46: accounts[0].external_id: \"a\" has 1 character; write the external id the role's trust "
	  "policy requires: 2 to 1224 letters, digits or _+=,.@:/-\n"
	  "bad.yaml:3:28: dns_account.external_id: \"has space\" holds ' ', which is not allowed; write the "
	  "external id the role's trust policy requires: 2 to 1224 letters, digits or _+=,.@:/-\n"
	  "bad.yaml:4:17: selector.tag: \"\" has 0 characters; write the tag key a service carries to opt in "
	  "(1 to 128 characters), like NewService\n"
	  "bad.yaml:5:8: state: \"\" has 0 characters; write the path of the state database, like "
	  "/var/lib/latticedns/state.db\n"
	  "bad.yaml:6:18: aws.ca_bundle: \"/nonexistent/ca.pem\": No such file or directory; write the path of a "
	  "readable PEM file of CA certificates, or remove the key\n"
	  "bad.yaml:6:47: aws.region: \"us-e-1x\" is not a region name like us-east-1" },
	/* A value with a newline or an escape cannot forge a line of the report. */
	{ "zones: [{id: \"Z1\\nbad.yaml:9:9: zones: FORGED\\e[2K\"}]\naccounts: [{id: \"111122223333\"}]\n",
	  "bad.yaml:1:14: zones[0].id: \"Z1\\nbad.yaml:9:9: zones: FORGED\\x1b[2K\" is not a Route 53 hosted zone id "
	  "(Z followed by upper-case letters and digits)" },
	{ "state: [unclosed\n",
	  "bad.yaml:2:1: not valid YAML: did not find expected ',' or ']' while parsing a flow sequence" },
};

static void
test_errors_name_file_line_column_key_and_fix(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct lat_config c;
		struct lat_diag d = { 0 };

		assert_int_equal(lat_config_parse(bad[i].yaml, strlen(bad[i].yaml), "bad.yaml", &c, &d), LAT_ECONFIG);
		if (strcmp(lat_diag_msg(&d), bad[i].msg) != 0)
			fail_msg("case %zu:\n got: %s\nwant: %s", i, lat_diag_msg(&d), bad[i].msg);
		lat_diag_cleanup(&d);
	}
}

/* Issue 9: an account whose role is in another account would list the wrong account's services. */
static void
test_role_must_be_in_the_account(void **state)
{
	static const char yaml[] = "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts:\n"
	    "  - id: \"111122223333\"\n"
	    "    role_arn: arn:aws:iam::111122223333:role/reader\n"
	    "  - id: \"444455556666\"\n"
	    "    role_arn: arn:aws:iam::111122223333:role/reader\n";
	struct lat_config c;
	struct lat_diag d = { 0 };

	(void)state;
	assert_int_equal(lat_config_parse(yaml, strlen(yaml), "x.yaml", &c, &d), LAT_ECONFIG);
	assert_string_equal(lat_diag_msg(&d), "x.yaml:6:15: accounts[1].role_arn: "
	    "\"arn:aws:iam::111122223333:role/reader\" is a role in account 111122223333, not in this account "
	    "(444455556666); latticedns would list account 111122223333's services as 444455556666's: use a role "
	    "of account 444455556666");
	lat_diag_cleanup(&d);
}

/* Issue 9's policies: defaults keep parity; each value read; a wrong one named with its fix. */
static void
test_policies(void **state)
{
	static const char base[] = "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts: [{id: \"111122223333\"}]\n";
	static const char both[] = "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts: [{id: \"111122223333\"}]\n"
	    "overwrite: owned-only\nconflicts: first-owner\n";
	static const char wrong[] = "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts: [{id: \"111122223333\"}]\n"
	    "overwrite: never\nconflicts: oldest\n";
	struct lat_config c;
	struct lat_diag d = { 0 };

	(void)state;
	assert_int_equal(lat_config_parse(base, strlen(base), "x.yaml", &c, NULL), 0);
	assert_int_equal(c.overwrite, LAT_OVERWRITE_ANY);
	assert_int_equal(c.conflicts, LAT_CONFLICTS_NEWEST);
	lat_config_cleanup(&c);
	assert_int_equal(lat_config_parse(both, strlen(both), "x.yaml", &c, NULL), 0);
	assert_int_equal(c.overwrite, LAT_OVERWRITE_OWNED_ONLY);
	assert_int_equal(c.conflicts, LAT_CONFLICTS_FIRST_OWNER);
	lat_config_cleanup(&c);
	assert_int_equal(lat_config_parse(wrong, strlen(wrong), "x.yaml", &c, &d), LAT_ECONFIG);
	assert_string_equal(lat_diag_msg(&d),
	    "x.yaml:3:12: overwrite: \"never\": use any (an existing record at a wanted name is replaced, as the "
	    "pipeline) or owned-only (only records latticedns owns are replaced)\n"
	    "x.yaml:4:12: conflicts: \"oldest\": use newest (the newest service wins a contested name, as the "
	    "pipeline) or first-owner (the service that holds the name keeps it)");
	lat_diag_cleanup(&d);
}

/* aws.timeout bounds one request (the fault matrix's timeout cells need a short one). */
static void
test_aws_timeout(void **state)
{
	static const char ok[] = "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts: [{id: \"111122223333\"}]\n"
	    "aws: {timeout: 5s}\n";
	static const char no[] = "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts: [{id: \"111122223333\"}]\n"
	    "aws: {timeout: 10m}\n";
	struct lat_config c;
	struct lat_diag d = { 0 };

	(void)state;
	assert_int_equal(lat_config_parse(ok, strlen(ok), "x.yaml", &c, NULL), 0);
	assert_int_equal(c.timeout_ms, 5000);
	lat_config_cleanup(&c);
	assert_int_equal(lat_config_parse(no, strlen(no), "x.yaml", &c, &d), LAT_ECONFIG);
	assert_string_equal(lat_diag_msg(&d), "x.yaml:3:16: aws.timeout: \"10m\" is not a duration from 1s to 5m; "
	    "write it like 10s");
	lat_diag_cleanup(&d);
}

static void
test_durations(void **state)
{
	static const struct {
		const char *s;
		int64_t ms;
	} ok[] = { { "60s", 60000 }, { "5m", 300000 }, { "1h", 3600000 }, { "1m30s", 90000 },
		   { "500ms", 500 }, { "2h15m", 8100000 } };
	static const char *const no[] = { "", "10", "s", "-5s", "1d", "5 m", "1.5h", "99999999999999h" };
	int64_t ms;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(lat_config_parse_duration(ok[i].s, &ms, NULL), 0);
		assert_int_equal(ms, ok[i].ms);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++)
		if (lat_config_parse_duration(no[i], &ms, NULL) == 0)
			fail_msg("\"%s\" was accepted as %lld ms", no[i], (long long)ms);
}

/* Found by fuzz_config: a report longer than a diag holds (64 KiB) came out empty, exit 1 without a word. */
static void
test_a_thousand_errors_and_a_huge_value_still_make_a_report(void **state)
{
	struct lat_buf y = { 0 };
	struct lat_config c;
	struct lat_diag d = { 0 };
	const char *m;

	(void)state;
	lat_buf_adds(&y, "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts:\n");
	for (int i = 0; i < 1000; i++)
		lat_buf_addf(&y, "  - {id: \"%012d\", regions: [moon-%d]}\n", i, i);
	lat_buf_adds(&y, "state: \"");
	for (int i = 0; i < 100000; i++)
		lat_buf_addc(&y, 'x');
	lat_buf_adds(&y, "\"\n");
	assert_int_equal(lat_buf_status(&y), 0);
	assert_int_equal(lat_config_parse(lat_buf_str(&y), y.len, "big.yaml", &c, &d), LAT_ECONFIG);
	m = lat_diag_msg(&d);
	assert_non_null(strstr(m, "big.yaml:3:36: accounts[0].regions: \"moon-0\" is not a region name like eu-west-1\n"));
	assert_non_null(strstr(m, "big.yaml: 951 more problems not shown; fix these first"));
	assert_null(strstr(m, "moon-50\""));
	lat_diag_cleanup(&d);
	/* The value is cut in its middle; its start and the fix stay. */
	lat_buf_reset(&y);
	lat_buf_adds(&y, "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts: [{id: \"111122223333\"}]\nselector: {tag: \"");
	for (int i = 0; i < 100000; i++)
		lat_buf_addc(&y, 't');
	lat_buf_adds(&y, "\"}\n");
	assert_int_equal(lat_config_parse(lat_buf_str(&y), y.len, "big.yaml", &c, &d), LAT_ECONFIG);
	m = lat_diag_msg(&d);
	assert_non_null(strstr(m, "big.yaml:3:17: selector.tag: \"tttt"));
	assert_non_null(strstr(m, "tttt ... tttt"));
	assert_non_null(strstr(m, "; write the tag key a service carries to opt in (1 to 128 characters), like NewService"));
	assert_true(strlen(m) < 400);
	lat_diag_cleanup(&d);
	lat_buf_cleanup(&y);
}

static void
test_a_directory_is_not_a_config(void **state)
{
	struct lat_config c;
	struct lat_diag d = { 0 };

	(void)state;
	assert_int_equal(lat_config_load("/tmp", &c, &d), LAT_ECONFIG);
	assert_string_equal(lat_diag_msg(&d), "/tmp: a directory, not a configuration file; pass -c with the path "
	    "of latticedns.yaml");
	lat_diag_cleanup(&d);
	lat_config_cleanup(&c);
}

static void
test_missing_file_is_named(void **state)
{
	struct lat_config c;
	struct lat_diag d = { 0 };

	(void)state;
	assert_int_not_equal(lat_config_load("/nonexistent/latticedns.yaml", &c, &d), 0);
	assert_non_null(strstr(lat_diag_msg(&d), "/nonexistent/latticedns.yaml"));
	lat_diag_cleanup(&d);
}

/* Without aws.region the daemon's home region replaces the default, in the accounts that listed none. */
static void
test_home_region_follows_the_resolved_region(void **state)
{
	static const char two[] = "zones: [{id: Z0123456789ABCDEFGHIJ}]\n"
	    "accounts: [{id: \"111122223333\"}, {id: \"444455556666\", regions: [ap-south-1]}]\n";
	static const char set[] = "zones: [{id: Z0123456789ABCDEFGHIJ}]\naccounts: [{id: \"111122223333\"}]\n"
	    "aws: {region: eu-north-1}\n";
	struct lat_config c;

	(void)state;
	assert_int_equal(lat_config_parse(two, strlen(two), "two.yaml", &c, NULL), 0);
	assert_false(c.region_set);
	assert_int_equal(lat_config_set_home_region(&c, "eu-west-3"), 0);
	assert_string_equal(c.region, "eu-west-3");
	assert_int_equal(c.accounts[0].nregions, 1);
	assert_string_equal(c.accounts[0].regions[0], "eu-west-3");
	assert_int_equal(c.accounts[1].nregions, 1);                   /* listed: kept */
	assert_string_equal(c.accounts[1].regions[0], "ap-south-1");
	lat_config_cleanup(&c);

	assert_int_equal(lat_config_parse(set, strlen(set), "set.yaml", &c, NULL), 0);
	assert_true(c.region_set);
	assert_string_equal(c.region, "eu-north-1");
	assert_string_equal(c.accounts[0].regions[0], "eu-north-1");
	lat_config_cleanup(&c);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_field_is_read),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_errors_name_file_line_column_key_and_fix),
		cmocka_unit_test(test_role_must_be_in_the_account),
		cmocka_unit_test(test_policies),
		cmocka_unit_test(test_aws_timeout),
		cmocka_unit_test(test_durations),
		cmocka_unit_test(test_a_thousand_errors_and_a_huge_value_still_make_a_report),
		cmocka_unit_test(test_a_directory_is_not_a_config),
		cmocka_unit_test(test_missing_file_is_named),
		cmocka_unit_test(test_home_region_follows_the_resolved_region),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
