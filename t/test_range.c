/* Nagios threshold ranges: every form of the guideline. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
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
		cmocka_unit_test(test_text_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
