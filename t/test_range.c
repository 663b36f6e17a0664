/* SPDX-License-Identifier: ISC */
/* Nagios threshold ranges: every form of the guideline. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/range.h"

static int
alerts(const char *text, double v)
{
	struct range r;
	char err[128];

	assert_int_equal(range_parse(text, &r, err, sizeof(err)), 0);
	return range_alert(&r, v);
}

static void
test_plain_end(void **state)
{
	/* "10": alert outside 0..10 */
	assert_false(alerts("10", 0));
	assert_false(alerts("10", 10));
	assert_true(alerts("10", 10.01));
	assert_true(alerts("10", -1));
}

static void
test_start_only(void **state)
{
	/* "10:": alert below 10 */
	assert_true(alerts("10:", 9.99));
	assert_false(alerts("10:", 10));
	assert_false(alerts("10:", 1e9));
}

static void
test_neg_infinity(void **state)
{
	/* "~:10": alert above 10 */
	assert_false(alerts("~:10", -1e9));
	assert_false(alerts("~:10", 10));
	assert_true(alerts("~:10", 11));
}

static void
test_between(void **state)
{
	assert_true(alerts("10:20", 9));
	assert_false(alerts("10:20", 10));
	assert_false(alerts("10:20", 20));
	assert_true(alerts("10:20", 21));
}

static void
test_inside(void **state)
{
	assert_false(alerts("@10:20", 9));
	assert_true(alerts("@10:20", 10));
	assert_true(alerts("@10:20", 15));
	assert_true(alerts("@10:20", 20));
	assert_false(alerts("@10:20", 20.5));
}

static void
test_decimals_negative(void **state)
{
	assert_false(alerts("-1.5:2.25", -1.5));
	assert_true(alerts("-1.5:2.25", -1.6));
	assert_true(alerts("-1.5:2.25", 2.26));
	assert_false(alerts("0.5", 0.25));
	assert_true(alerts("@-10:-5", -7));
	assert_false(alerts("@-10:-5", -4));
	assert_false(alerts(":5", 3)); /* empty start means 0 */
	assert_true(alerts(":5", -1));
}

static void
test_bad(void **state)
{
	static const char *bad[] = { "", "abc", "10:5", "1:2:3", "@", "~",
				     "10x", " 10", "1e999", "@:", "+5",
				     "5:a", "nan", NULL };
	struct range r;
	char err[128];

	for (int i = 0; bad[i] != NULL; i++) {
		err[0] = '\0';
		assert_int_equal(range_parse(bad[i], &r, err, sizeof(err)), -1);
		assert_true(err[0] != '\0');
	}
	assert_int_equal(range_parse(NULL, &r, err, sizeof(err)), -1);
}

/* monitoring-plugins' lib/tests/test_utils.c cases for parse_range_string,
 * check_range and get_status, as they are there. */
static void
test_monitoring_plugins_cases(void **state)
{
	struct range r, w, c;
	char err[128];
	double big = 12345678901234567890.0;

	assert_int_equal(range_parse("6", &r, err, sizeof(err)), 0);
	assert_true(r.start == 0 && !r.start_infinity && r.end == 6 && !r.end_infinity);
	/* "percentages are ignored" */
	assert_int_equal(range_parse("1:12%%", &r, err, sizeof(err)), 0);
	assert_true(r.start == 1 && !r.start_infinity && r.end == 12 && !r.end_infinity);
	assert_string_equal(r.text, "1:12"); /* perfdata carries no unit */
	assert_int_equal(range_parse("-7:23", &r, err, sizeof(err)), 0);
	assert_true(r.start == -7 && r.end == 23);
	assert_int_equal(range_parse(":5.75", &r, err, sizeof(err)), 0);
	assert_true(r.start == 0 && !r.start_infinity && r.end == 5.75);
	assert_int_equal(range_parse("~:-95.99", &r, err, sizeof(err)), 0);
	assert_true(r.start_infinity && r.end == -95.99 && !r.end_infinity);
	assert_int_equal(range_parse("12345678901234567890:", &r, err, sizeof(err)), 0);
	assert_true(r.start == big && !r.start_infinity && r.end_infinity);
	assert_true(range_alert(&r, big / 1.1));
	assert_false(range_alert(&r, big));
	assert_false(range_alert(&r, big * 2));
	assert_int_equal(range_parse("~:0", &r, err, sizeof(err)), 0);
	assert_true(r.start_infinity && r.end == 0 && !r.inside);
	assert_true(range_alert(&r, 0.5));
	assert_false(range_alert(&r, -10));
	assert_false(range_alert(&r, 0));
	assert_int_equal(range_parse("@0:657.8210567", &r, err, sizeof(err)), 0);
	assert_true(r.start == 0 && r.end == 657.8210567 && r.inside);
	assert_true(range_alert(&r, 32.88));
	assert_false(range_alert(&r, -2));
	assert_true(range_alert(&r, 657.8210567));
	assert_true(range_alert(&r, 0));
	assert_int_equal(range_parse("1:1", &r, err, sizeof(err)), 0);
	assert_true(range_alert(&r, 0.5));
	assert_false(range_alert(&r, 1));
	assert_true(range_alert(&r, 5.2));
	assert_int_equal(range_parse("2:1", &r, err, sizeof(err)), -1);
	/* _set_thresholds("30", "60") and get_status */
	assert_int_equal(range_parse("30", &w, err, sizeof(err)), 0);
	assert_int_equal(range_parse("60", &c, err, sizeof(err)), 0);
	assert_false(range_alert(&c, 15.3) || range_alert(&w, 15.3));
	assert_true(!range_alert(&c, 30.0001) && range_alert(&w, 30.0001));
	assert_true(range_alert(&c, 69));
}

/* Percent signs: after a number only. */
static void
test_percent(void **state)
{
	static const char *bad[] = { "%", "@%5", "%5", ":%", "~%:5", "5:%",
				     "1%2", "10:%%", NULL };
	struct range r;
	char err[128];

	assert_int_equal(range_parse("10%", &r, err, sizeof(err)), 0);
	assert_true(r.start == 0 && r.end == 10);
	assert_string_equal(r.text, "10");
	assert_int_equal(range_parse("@5%:10.5%", &r, err, sizeof(err)), 0);
	assert_true(r.inside && r.start == 5 && r.end == 10.5);
	assert_string_equal(r.text, "@5:10.5");
	assert_int_equal(range_parse("80%:", &r, err, sizeof(err)), 0);
	assert_true(r.start == 80 && r.end_infinity);
	for (int i = 0; bad[i] != NULL; i++) {
		err[0] = '\0';
		if (range_parse(bad[i], &r, err, sizeof(err)) == 0)
			fail_msg("'%s' accepted", bad[i]);
		assert_non_null(strstr(err, bad[i]));
	}
}

static void
test_text_kept(void **state)
{
	struct range r;
	char err[64];

	assert_int_equal(range_parse("@1.5:3", &r, err, sizeof(err)), 0);
	assert_string_equal(r.text, "@1.5:3");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_end),
		cmocka_unit_test(test_start_only),
		cmocka_unit_test(test_neg_infinity),
		cmocka_unit_test(test_between),
		cmocka_unit_test(test_inside),
		cmocka_unit_test(test_decimals_negative),
		cmocka_unit_test(test_bad),
		cmocka_unit_test(test_monitoring_plugins_cases),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_text_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
