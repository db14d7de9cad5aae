/* test_buf.c - the growable buffer and the diagnostics. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/buf.h"
#include "common/diag.h"
#include "common/types.h"

static void
test_append_and_take(void **state)
{
	struct lat_buf b;
	char *s;

	(void)state;
	lat_buf_init(&b, 0);
	assert_string_equal(lat_buf_str(&b), "");
	assert_int_equal(lat_buf_adds(&b, "hello"), 0);
	assert_int_equal(lat_buf_addc(&b, ' '), 0);
	assert_int_equal(lat_buf_addf(&b, "%d-%s", 42, "x"), 0);
	assert_string_equal(lat_buf_str(&b), "hello 42-x");
	assert_int_equal(b.len, 10);
	s = lat_buf_take(&b);
	assert_string_equal(s, "hello 42-x");
	assert_int_equal(b.len, 0);
	free(s);
	lat_buf_cleanup(&b);
}

static void
test_cap_fails_and_sticks(void **state)
{
	struct lat_buf b;

	(void)state;
	lat_buf_init(&b, 8);
	assert_int_equal(lat_buf_adds(&b, "12345678"), 0);
	assert_int_equal(lat_buf_addc(&b, '9'), LAT_ELIMIT);
	/* Failed stays failed: later appends do nothing and say so. */
	assert_int_equal(lat_buf_adds(&b, ""), LAT_ELIMIT);
	assert_int_equal(lat_buf_status(&b), LAT_ELIMIT);
	assert_string_equal(lat_buf_str(&b), "");
	assert_null(lat_buf_take(&b));
	lat_buf_cleanup(&b);
}

static void
test_escaping(void **state)
{
	struct lat_buf b;

	(void)state;
	lat_buf_init(&b, 0);
	assert_int_equal(lat_buf_add_json_escaped(&b, "a\"b\\c\n\x01"), 0);
	assert_string_equal(lat_buf_str(&b), "a\\\"b\\\\c\\n\\u0001");
	lat_buf_reset(&b);
	assert_int_equal(lat_buf_add_xml_escaped(&b, "<a & 'b'>\""), 0);
	assert_string_equal(lat_buf_str(&b), "&lt;a &amp; &apos;b&apos;&gt;&quot;");
	lat_buf_cleanup(&b);
}

/* Spoke-supplied text in a line a person reads: nothing can end the line or drive the terminal. */
static void
test_text_escaping(void **state)
{
	static const struct {
		const char *in, *out;
	} t[] = {
		{ "one.corp.internal.", "one.corp.internal." },
		{ "svc\n2099-01-01T00:00:00Z error fatal: FORGED LINE", "svc\\n2099-01-01T00:00:00Z error fatal: FORGED LINE" },
		{ "a\r\tb", "a\\r\\tb" },
		{ "\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m" },
		{ "bell\x07 del\x7f nul-less\x01", "bell\\x07 del\\x7f nul-less\\x01" },
		{ "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80" }, /* UTF-8 kept */
		{ "csi\xc2\x9b" "31m nel\xc2\x85", "csi\\u009b31m nel\\u0085" },                   /* C1 controls */
		{ "bad\xff \xc3 \xc0\x80 \xed\xa0\x80", "bad\\xff \\xc3 \\xc0\\x80 \\xed\\xa0\\x80" }, /* not UTF-8 */
		{ "trunc\xe2\x9c", "trunc\\xe2\\x9c" },
		{ "\\052.corp.internal.", "\\052.corp.internal." },       /* Route 53's own escape, as written */
		{ "", "" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct lat_buf b = { 0 };

		assert_int_equal(lat_buf_add_text_escaped(&b, t[i].in), 0);
		if (strcmp(lat_buf_str(&b), t[i].out) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, lat_buf_str(&b), t[i].out);
		assert_null(strpbrk(lat_buf_str(&b), "\n\r\x1b\x7f"));
		lat_buf_cleanup(&b);
	}
}

static void
test_diag_first_error_wins(void **state)
{
	struct lat_diag d;

	(void)state;
	lat_diag_init(&d);
	assert_string_equal(lat_diag_msg(&d), "");
	assert_int_equal(lat_diag_set(&d, LAT_EINVAL, "bad %s", "thing"), LAT_EINVAL);
	assert_int_equal(lat_diag_set(&d, LAT_EIO, "later"), LAT_EIO);
	assert_int_equal(d.err, LAT_EINVAL);
	lat_diag_prefix(&d, "config %s", "x.yaml");
	assert_string_equal(lat_diag_msg(&d), "config x.yaml: bad thing");
	lat_diag_cleanup(&d);
	assert_int_equal(d.err, 0);
}

static void
test_tags_and_lists(void **state)
{
	struct lat_tags t = {0}, c;
	struct lat_rrset r = {0}, r2;
	struct lat_rrset_list l = {0};

	(void)state;
	assert_int_equal(lat_tags_set(&t, "k", "v1"), 0);
	assert_int_equal(lat_tags_set(&t, "k", "v2"), 0);
	assert_int_equal(lat_tags_set(&t, "j", "w"), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(lat_tags_get(&t, "k"), "v2");
	assert_null(lat_tags_get(&t, "K"));
	assert_int_equal(lat_tags_copy(&c, &t), 0);
	assert_string_equal(lat_tags_get(&c, "j"), "w");
	lat_tags_cleanup(&c);
	lat_tags_cleanup(&t);

	r.name = strdup("a.example.");
	r.type = strdup("A");
	r.ttl = 300;
	assert_int_equal(lat_rrset_add_value(&r, "10.0.0.1"), 0);
	assert_int_equal(lat_rrset_copy(&r2, &r), 0);
	assert_int_equal(lat_rrset_list_push(&l, &r), 0);
	assert_null(r.name);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.v[0].values[0], "10.0.0.1");
	assert_int_equal(r2.ttl, 300);
	lat_rrset_cleanup(&r2);
	lat_rrset_list_cleanup(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_take),
		cmocka_unit_test(test_cap_fails_and_sticks),
		cmocka_unit_test(test_escaping),
		cmocka_unit_test(test_text_escaping),
		cmocka_unit_test(test_diag_first_error_wins),
		cmocka_unit_test(test_tags_and_lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
