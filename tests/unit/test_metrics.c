/* test_metrics.c - the registry's exposition lines, the health verdicts as a table of times, the address parser. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <string.h>

#include "controller/httpd.h"
#include "controller/metrics.h"

#define T0 1700000000000LL

static struct lat_metrics *
registry(void)
{
	struct lat_metrics *m = NULL;
	struct lat_diag d = { 0 };

	assert_int_equal(lat_metrics_new("1.2.3", T0, &m, &d), 0);
	lat_metrics_configure(m, 60000, 600000);
	return m;
}

static void
assert_has_line(const struct lat_buf *b, const char *line)
{
	const char *p = lat_buf_str(b);
	size_t n = strlen(line);

	for (const char *q = strstr(p, line); q != NULL; q = strstr(q + 1, line))
		if ((q == p || q[-1] == '\n') && q[n] == '\n')
			return;
	fail_msg("no line \"%s\" in:\n%s", line, p);
}

static void
exposition_after_cycles(void **state)
{
	struct lat_metrics *m = registry();
	struct lat_metrics_zone z = { .id = "Z1", .records_owned = 4, .tags = 2, .tag_limit = 50, .safety_held = 3 };
	struct lat_metrics_cycle ok = {
		.outcome = LAT_OUTCOME_CHANGED, .end_ms = T0 + 1500, .zones_read = 1,
		.accounts_listed = 2, .accounts_failed = 1, .services = { 2, 1, 0, 0, 1 }, .rescfgs = { 3, 0, 1, 0, 0 }, .zones = &z, .nzones = 1,
	};
	struct lat_metrics_cycle bad = { .outcome = LAT_OUTCOME_FAILED, .end_ms = T0 + 70000, .error = "zone Z1: boom" };
	struct lat_buf b = { 0 };

	(void)state;
	lat_metrics_cycle_begin(m, T0);
	lat_metrics_changes_applied(m, "Z1", "create", 2);
	lat_metrics_changes_applied(m, "Z1", "create", 1);
	lat_metrics_aws_request(m, "route53", "ChangeResourceRecordSets", "Throttling", 1);
	lat_metrics_aws_request(m, "route53", "ChangeResourceRecordSets", "OK", 0);
	lat_metrics_cycle_end(m, &ok);
	lat_metrics_cycle_begin(m, T0 + 60000);
	lat_metrics_cycle_end(m, &bad);
	lat_metrics_format(m, &b);
	assert_int_equal(lat_buf_status(&b), 0);
	assert_has_line(&b, "latticedns_build_info{version=\"1.2.3\"} 1");
	assert_has_line(&b, "# TYPE latticedns_cycles_total counter");
	assert_has_line(&b, "latticedns_cycles_total{outcome=\"changed\"} 1");
	assert_has_line(&b, "latticedns_cycles_total{outcome=\"failed\"} 1");
	assert_has_line(&b, "latticedns_cycles_total{outcome=\"converged\"} 0");
	assert_has_line(&b, "latticedns_last_cycle_timestamp_seconds{outcome=\"changed\"} 1700000001.500");
	assert_has_line(&b, "latticedns_last_cycle_timestamp_seconds{outcome=\"failed\"} 1700000070.000");
	assert_has_line(&b, "latticedns_last_success_timestamp_seconds 1700000001.500");
	assert_has_line(&b, "latticedns_consecutive_failed_cycles 1");
	/* 1.5 s and 10 s: the first lands in le=2.5, both in le=10. */
	assert_has_line(&b, "latticedns_cycle_duration_seconds_bucket{le=\"1\"} 0");
	assert_has_line(&b, "latticedns_cycle_duration_seconds_bucket{le=\"2.5\"} 1");
	assert_has_line(&b, "latticedns_cycle_duration_seconds_bucket{le=\"10\"} 2");
	assert_has_line(&b, "latticedns_cycle_duration_seconds_bucket{le=\"+Inf\"} 2");
	assert_has_line(&b, "latticedns_cycle_duration_seconds_sum 11.5");
	assert_has_line(&b, "latticedns_cycle_duration_seconds_count 2");
	assert_has_line(&b, "latticedns_aws_requests_total{service=\"route53\",operation=\"ChangeResourceRecordSets\","
	    "code=\"Throttling\"} 1");
	assert_has_line(&b, "latticedns_aws_requests_total{service=\"route53\",operation=\"ChangeResourceRecordSets\","
	    "code=\"OK\"} 1");
	assert_has_line(&b, "latticedns_aws_retries_total{service=\"route53\",operation=\"ChangeResourceRecordSets\"} 1");
	assert_has_line(&b, "latticedns_changes_applied_total{zone=\"Z1\",action=\"create\"} 3");
	/* The failed cycle read nothing: the gauges stay those of the latest cycle that did. */
	assert_has_line(&b, "latticedns_records_owned{zone=\"Z1\"} 4");
	assert_has_line(&b, "latticedns_zone_tags{zone=\"Z1\"} 2");
	assert_has_line(&b, "latticedns_zone_tag_limit{zone=\"Z1\"} 50");
	assert_has_line(&b, "latticedns_safety_held{zone=\"Z1\"} 3");
	assert_has_line(&b, "latticedns_services{state=\"active\"} 2");
	assert_has_line(&b, "latticedns_services{state=\"held\"} 1");
	assert_has_line(&b, "latticedns_services{state=\"conflict\"} 1");
	assert_has_line(&b, "latticedns_resource_configurations{state=\"active\"} 3");
	assert_has_line(&b, "latticedns_resource_configurations{state=\"skipped\"} 1");
	assert_has_line(&b, "latticedns_accounts{status=\"listed\"} 2");
	assert_has_line(&b, "latticedns_accounts{status=\"failed\"} 1");
	lat_buf_cleanup(&b);
	lat_metrics_free(m);
}

static void
label_values_escaped(void **state)
{
	struct lat_metrics *m = registry();
	struct lat_buf b = { 0 };

	(void)state;
	lat_metrics_aws_request(m, "x", "Op", "a\"b\\c\nd", 0);
	lat_metrics_format(m, &b);
	assert_has_line(&b, "latticedns_aws_requests_total{service=\"x\",operation=\"Op\",code=\"a\\\"b\\\\c\\nd\"} 1");
	lat_buf_cleanup(&b);
	lat_metrics_free(m);
}

/* Liveness: a cycle started within 2 intervals (60 s) + the cycle timeout (600 s) = 720 s. */
static void
liveness_table(void **state)
{
	static const struct { int64_t begin; int64_t now; int live; const char *why; } cases[] = {
		{ 0, T0 + 720000, 1, NULL },                          /* no cycle yet: measured from the start */
		{ 0, T0 + 720001, 0, "no cycle has started since the process started 720.0s ago" },
		{ T0 + 5000, T0 + 5000 + 720000, 1, NULL },
		{ T0 + 5000, T0 + 5000 + 900000, 0, "the cycle in progress started 900.0s ago, longer than 2 "
		    "intervals + the cycle timeout (720.0s): the loop is stalled" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct lat_metrics *m = registry();
		struct lat_buf why = { 0 };

		if (cases[i].begin != 0)
			lat_metrics_cycle_begin(m, cases[i].begin);
		assert_int_equal(lat_metrics_live(m, cases[i].now, &why), cases[i].live);
		if (cases[i].why != NULL)
			assert_non_null(strstr(lat_buf_str(&why), cases[i].why));
		else
			assert_string_equal(lat_buf_str(&why), "");
		lat_buf_cleanup(&why);
		lat_metrics_free(m);
	}
}

/* Readiness follows the latest finished cycle, and stays through one in progress. */
static void
readiness_follows_latest_cycle(void **state)
{
	struct lat_metrics *m = registry();
	struct lat_metrics_cycle ok = { .outcome = LAT_OUTCOME_CONVERGED, .end_ms = T0 + 1, .zones_read = 1,
		.accounts_listed = 1 };
	struct lat_metrics_cycle zone_down = { .outcome = LAT_OUTCOME_FAILED, .end_ms = T0 + 2,
		.error = "zone Z1: route53 GetHostedZone: ConnectionError" };
	struct lat_metrics_cycle nothing = { .outcome = LAT_OUTCOME_PARTIAL, .end_ms = T0 + 3, .zones_read = 1,
		.accounts_failed = 2 };
	struct lat_metrics_cycle some = { .outcome = LAT_OUTCOME_PARTIAL, .end_ms = T0 + 4, .zones_read = 1,
		.accounts_listed = 1, .accounts_failed = 1 };
	struct lat_buf why = { 0 };

	(void)state;
	assert_int_equal(lat_metrics_ready(m, &why), 0);
	assert_string_equal(lat_buf_str(&why), "no cycle has finished yet");
	lat_buf_reset(&why);
	lat_metrics_cycle_end(m, &ok);
	assert_int_equal(lat_metrics_ready(m, &why), 1);
	lat_metrics_cycle_begin(m, T0 + 10);
	assert_int_equal(lat_metrics_ready(m, &why), 1);
	lat_metrics_cycle_end(m, &zone_down);
	assert_int_equal(lat_metrics_ready(m, &why), 0);
	assert_string_equal(lat_buf_str(&why), "the latest cycle could not read every zone: zone Z1: route53 "
	    "GetHostedZone: ConnectionError");
	lat_buf_reset(&why);
	lat_metrics_cycle_end(m, &nothing);
	assert_int_equal(lat_metrics_ready(m, &why), 0);
	assert_string_equal(lat_buf_str(&why), "the latest cycle listed none of 2 account regions: AWS answered "
	    "nothing usable");
	lat_buf_reset(&why);
	/* One account failing is an alert (latticedns_accounts), not a reason to take the pod out. */
	lat_metrics_cycle_end(m, &some);
	assert_int_equal(lat_metrics_ready(m, &why), 1);
	lat_buf_cleanup(&why);
	lat_metrics_free(m);
}

static void
address_table(void **state)
{
	static const struct { const char *in; int family; int port; } ok[] = {
		{ ":7979", AF_INET6, 7979 }, { "127.0.0.1:0", AF_INET, 0 }, { "0.0.0.0:9100", AF_INET, 9100 },
		{ "[::1]:7979", AF_INET6, 7979 },
	};
	static const struct { const char *in; const char *msg; } bad[] = {
		{ "7979", "metrics address \"7979\": no port" },
		{ "localhost:7979", "\"localhost\" is not a numeric IPv4 address" },
		{ "127.0.0.1:70000", "port \"70000\" is not 0-65535" },
		{ "127.0.0.1:", "no port" },
		{ "[zz]:1", "\"zz\" is not an IPv6 address" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct sockaddr_storage ss;
		socklen_t len = 0;
		struct lat_diag d = { 0 };

		assert_int_equal(lat_httpd_parse_address(ok[i].in, &ss, &len, &d), 0);
		assert_int_equal(ss.ss_family, ok[i].family);
		assert_int_equal(ntohs(ok[i].family == AF_INET ? ((struct sockaddr_in *)&ss)->sin_port :
		    ((struct sockaddr_in6 *)&ss)->sin6_port), ok[i].port);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sockaddr_storage ss;
		socklen_t len = 0;
		struct lat_diag d = { 0 };

		assert_int_equal(lat_httpd_parse_address(bad[i].in, &ss, &len, &d), LAT_EINVAL);
		if (strstr(lat_diag_msg(&d), bad[i].msg) == NULL)
			fail_msg("%s: %s", bad[i].in, lat_diag_msg(&d));
		assert_non_null(strstr(lat_diag_msg(&d), "e.g. :7979 or 127.0.0.1:7979"));
		lat_diag_cleanup(&d);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exposition_after_cycles),
		cmocka_unit_test(label_values_escaped),
		cmocka_unit_test(liveness_table),
		cmocka_unit_test(readiness_follows_latest_cycle),
		cmocka_unit_test(address_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
