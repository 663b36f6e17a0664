/* SPDX-License-Identifier: ISC */
/*
 * The text form of `show ip bgp neighbors X advertised-routes` across the
 * layouts of Quagga 0.99 and FRR 7.5 to 10.x: real captures (t/fixtures/
 * quagga, frr, frr-lab) and hand-made header layouts (t/fixtures/
 * frr-layouts, see its README).  Every layout must give the same routes.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bgp/aspath.h"
#include "bgp_fixture.h"

static void
expect_route(const struct bgp_route *r, const char *prefix, const char *nh, const char *path,
	     int have_metric, uint32_t metric, uint32_t weight)
{
	char buf[256];

	assert_string_equal(r->prefix, prefix);
	assert_string_equal(r->nexthop, nh);
	bgp_path_format(&r->path, buf, sizeof(buf));
	assert_string_equal(buf, path);
	assert_int_equal(r->have_metric, have_metric);
	if (have_metric)
		assert_int_equal(r->metric, metric);
	assert_false(r->have_locprf);
	assert_true(r->have_weight);
	assert_int_equal(r->weight, weight);
	assert_int_equal(r->origin, BGP_ORIGIN_IGP);
}

/* The standby's two prefixes with the prepend, in every layout. */
static void
test_standby_prepend_layouts(void **state)
{
	static const struct {
		const char *file, *nexthop;
		int local_as; /* Quagga does not print it */
	} files[] = {
	    {"quagga/quagga-0.99.23.1_advertised-routes_standby-prepend.txt", "169.254.20.2", 0},
	    {"frr-layouts/frr-7.5-layout_advertised-routes_standby-prepend.txt", "0.0.0.0", 1},
	    {"frr/frr-8.4.4_advertised-routes_standby-prepend.txt", "0.0.0.0", 1},
	    {"frr-layouts/frr-9.1-layout_advertised-routes_standby-prepend.txt", "0.0.0.0", 1},
	    {"frr-layouts/frr-10-layout_advertised-routes_standby-prepend_header-indented.txt",
	     "0.0.0.0", 1},
	    {"frr/frr-10.6.1_advertised-routes_standby-prepend.txt", "0.0.0.0", 1},
	};

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct bgp_routes *r = routes_ok(files[i].file);

		assert_non_null(r);
		assert_int_equal(r->n, 2);
		assert_int_equal(r->have_local_as, files[i].local_as);
		if (files[i].local_as)
			assert_int_equal(r->local_as, 65000);
		expect_route(&r->routes[0], "10.124.0.0/24", files[i].nexthop,
			     "65000 65000 65000 10124", 0, 0, 0);
		expect_route(&r->routes[1], "10.200.0.0/16", files[i].nexthop, "65000 65000 65000",
			     1, 0, 32768);
		assert_int_equal(aspath_prepend_count(&r->routes[0].path, 65000), 3);
		bgp_routes_free(r);
	}
}

/* The lab's real FRR 8.4 text capture (t/fixtures/frr-lab). */
static void
test_lab_capture(void **state)
{
	struct bgp_routes *r = routes_ok(
	    "frr-lab/frr-8.4.4_show-ip-bgp-neighbors-169.254.11.1-advertised-routes_active.txt");

	assert_non_null(r);
	assert_int_equal(r->n, 2);
	assert_string_equal(r->router_id, "172.31.255.1");
	expect_route(&r->routes[0], "10.0.0.0/16", "0.0.0.0", "10124", 0, 0, 0);
	expect_route(&r->routes[1], "172.31.0.0/16", "0.0.0.0", "(empty)", 1, 0, 32768);
	bgp_routes_free(r);
}

#define HDR3 "   Network          Next Hop            Metric LocPrf Weight Path\n"
#define HDR5 "     Network          Next Hop            Metric LocPrf Weight Path\n"

static struct bgp_routes *
text_ok(const char *text)
{
	struct bgp_routes *r = NULL;
	char err[256] = "";

	if (routes_parse(text, strlen(text), &r, err, sizeof(err)) != 0)
		fail_msg("%s", err);
	return r;
}

static void
text_fails(const char *text, const char *want)
{
	struct bgp_routes *r = NULL;
	char err[256] = "";

	assert_int_equal(routes_parse(text, strlen(text), &r, err, sizeof(err)), -1);
	assert_null(r);
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\" does not say \"%s\"", err, want);
}

/* Rows read by their tokens: status codes of any width, glued to the
 * network or not, a further path of a prefix, RPKI codes. */
static void
test_row_tokens(void **state)
{
	struct bgp_routes *r;

	/* The header one column right of its rows, a second path. */
	r = text_ok(HDR5 " *> 10.124.0.0/24    169.254.10.2                           0 65000 10124 i\n"
			 " *                   169.254.20.2                           0 65000 65000 "
			 "10124 i\n"
			 "V*> 172.31.0.0/16    0.0.0.0                  0         32768 i\n"
			 "\nDisplayed 2 routes and 3 total paths\n");
	assert_int_equal(r->n, 3);
	expect_route(&r->routes[0], "10.124.0.0/24", "169.254.10.2", "65000 10124", 0, 0, 0);
	expect_route(&r->routes[1], "10.124.0.0/24", "169.254.20.2", "65000 65000 10124", 0, 0,
		     0);
	expect_route(&r->routes[2], "172.31.0.0/16", "0.0.0.0", "(empty)", 1, 0, 32768);
	bgp_routes_free(r);

	/* Quagga: an iBGP route, "i" glued to the network, IPv6 too
	 * (the hex letters of fd00:: are no status codes). */
	r = text_ok(HDR3 "*>i10.0.0.0/8       1.2.3.4                  0    100      0 i\n"
			 "*>ifd00::/8         ::                       0    100      0 i\n"
			 "\nTotal number of prefixes 2\n");
	assert_int_equal(r->n, 2);
	assert_string_equal(r->routes[0].prefix, "10.0.0.0/8");
	assert_string_equal(r->routes[1].prefix, "fd00::/8");
	assert_string_equal(r->routes[1].nexthop, "::");
	bgp_routes_free(r);

	/* The same rows in the aligned FRR 10 layout. */
	r = text_ok(HDR5 " *>  10.124.0.0/24    0.0.0.0                                0 i\n"
			 "\nTotal number of prefixes 1, total number of paths 1\n");
	assert_int_equal(r->n, 1);
	bgp_routes_free(r);
}

/* What still does not read: a row out of step with the rows above it, a
 * row whose blanks were collapsed, garbage where status codes belong. */
static void
test_row_refused(void **state)
{
	text_fails(HDR5 " *> 10.124.0.0/24    169.254.10.2                           0 65000 i\n"
			"  *                    169.254.20.2                           0 65000 i\n"
			"\nDisplayed 1 routes and 2 total paths\n",
		   "line 3: the row does not line up");
	text_fails(HDR3 "*> 1.1.1.0/24 0.0.0.0                       100      0 33932 i\n"
			"\nTotal number of prefixes 1\n",
		   "line 2: the row does not line up");
	text_fails(HDR3 "*>        10.0.0.0/8  1.2.3.4                  0         32768 i\n"
			"\nTotal number of prefixes 1\n",
		   "line 2: the row does not line up");
	text_fails(HDR3 "*> 1 0.0.0.0/8       1.2.3.4                  0         32768 i\n"
			"\nTotal number of prefixes 1\n",
		   "line 2:");
	text_fails(HDR3 "#> 10.0.0.0/8       1.2.3.4                  0         32768 i\n"
			"\nTotal number of prefixes 1\n",
		   "line 2: unexpected \"#\" in the status codes");
	text_fails(HDR3 "*>\n\nTotal number of prefixes 1\n", "line 2: a row of status codes only");
	text_fails(HDR3 "   ::                       0         32768 i\n"
			"\nTotal number of prefixes 1\n",
		   "line 2: a row without a prefix");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_standby_prepend_layouts),
	    cmocka_unit_test(test_lab_capture),
	    cmocka_unit_test(test_row_tokens),
	    cmocka_unit_test(test_row_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
