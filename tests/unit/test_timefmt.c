/* test_timefmt.c - ISO 8601 as AWS writes it, both ways. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "common/timefmt.h"

static void
parse_table(void **state)
{
	static const struct { const char *in; int64_t ms; } ok[] = {
		{ "1970-01-01T00:00:00Z", 0 },
		{ "2015-08-30T12:36:00Z", 1440938160000LL },
		{ "2024-05-01T10:00:00Z", 1714557600000LL },
		{ "2024-05-01T10:00:00.123Z", 1714557600123LL },
		{ "2024-05-01T10:00:00.123456Z", 1714557600123LL },
		{ "2024-05-01T12:00:00+02:00", 1714557600000LL },
		{ "2024-05-01T05:00:00-0500", 1714557600000LL },
		{ "2024-02-29T00:00:00Z", 1709164800000LL },
	};
	static const char *bad[] = { "", "2024-05-01", "2024-05-01T10:00:00", "2024-13-01T00:00:00Z",
		"2024-05-01T10:00:00Zjunk", "yesterday", "2024-05-01T25:00:00Z" };
	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		int64_t ms = -1;
		struct lat_diag d = { 0 };

		assert_int_equal(lat_time_parse_iso8601(ok[i].in, &ms, &d), 0);
		assert_int_equal(ms, ok[i].ms);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		int64_t ms;
		struct lat_diag d = { 0 };

		assert_int_equal(lat_time_parse_iso8601(bad[i], &ms, &d), LAT_EPARSE);
		assert_non_null(strstr(lat_diag_msg(&d), "is not ISO 8601"));
		lat_diag_cleanup(&d);
	}
}

static void
format_both(void **state)
{
	struct lat_buf b = { 0 };

	(void)state;
	lat_time_format_iso8601(&b, 1714557600123LL);
	assert_string_equal(lat_buf_str(&b), "2024-05-01T10:00:00Z");
	lat_buf_reset(&b);
	lat_time_format_amz(&b, 1440938160);
	assert_string_equal(lat_buf_str(&b), "20150830T123600Z");
	lat_buf_cleanup(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_table),
		cmocka_unit_test(format_both),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
