/* test_log.c - log lines as a log pipeline reads them: JSON with fields, escaped; text with the message. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"

static char *
logged(enum lat_log_format format, void (*emit)(void))
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	lat_log_setup(LAT_LOG_INFO, format, f);
	emit();
	lat_log_setup(LAT_LOG_INFO, LAT_LOG_TEXT, stderr);
	fclose(f);
	return buf;
}

static void
emit_change(void)
{
	struct lat_log_field f[] = { LAT_LOG_S("zone", "Z1"), LAT_LOG_S("name", "a\"b\\c\nd."),
		LAT_LOG_S("account", NULL), LAT_LOG_I("created", 3), LAT_LOG_I("neg", -1) };

	lat_log_fields(LAT_LOG_WARN, "change", f, 5, "made %d", 2);
	lat_log(LAT_LOG_DEBUG, "hidden", "below the level");
}

static void
json_line_has_fields_escaped_and_skips_null(void **state)
{
	char *out = logged(LAT_LOG_JSON, emit_change);
	const char *tail;

	(void)state;
	assert_non_null(strstr(out, "{\"ts\":\""));
	tail = strstr(out, "\",\"level\":\"warn\"");
	assert_non_null(tail);
	assert_string_equal(tail, "\",\"level\":\"warn\",\"event\":\"change\",\"zone\":\"Z1\",\"name\":\"a\\\"b\\\\c\\nd.\","
	    "\"created\":3,\"neg\":-1,\"msg\":\"made 2\"}\n");
	free(out);
}

static void
text_line_is_the_message(void **state)
{
	char *out = logged(LAT_LOG_TEXT, emit_change);

	(void)state;
	assert_non_null(strstr(out, "Z warn  change: made 2\n"));
	assert_null(strstr(out, "hidden"));
	assert_null(strchr(strchr(out, '\n') + 1, '\n'));      /* one line: the debug one is below the level */
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_line_has_fields_escaped_and_skips_null),
		cmocka_unit_test(text_line_is_the_message),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
