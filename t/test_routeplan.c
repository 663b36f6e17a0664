/* Where a (table, destination) pair points, relative to the two routers. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "failover/routeplan.h"

#define PRIMARY_ENI "eni-0aaaaaaaaaaaaaaa1"
#define PRIMARY_I "i-0aaaaaaaaaaaaaaa1"
#define SECONDARY_ENI "eni-0bbbbbbbbbbbbbbb2"

static struct ec2_route routes_a[] = {
	{ .destination = "172.31.0.0/16", .state = "active",
	  .other_target = "gatewayId=local" },
	{ .destination = "10.0.0.0/16", .instance_id = PRIMARY_I,
	  .eni_id = PRIMARY_ENI, .state = "active" },
	{ .destination = "2001:db8:1::/48", .ipv6 = 1,
	  .eni_id = SECONDARY_ENI, .state = "active" },
	{ .destination = "10.1.0.0/16", .eni_id = PRIMARY_ENI,
	  .state = "blackhole" },
	{ .destination = "10.2.0.0/16", .other_target = "transitGatewayId=tgw-0123",
	  .state = "active" },
	{ .destination = "pl-12345678", .eni_id = PRIMARY_ENI,
	  .state = "active" },
};
static struct ec2_route_table tables_a[] = {
	{ .id = "rtb-0aaaaaaa", .routes = routes_a,
	  .nroutes = sizeof(routes_a) / sizeof(routes_a[0]) },
};
static struct ec2_route_tables all = { tables_a, 1 };

static struct route_pair
classify(const char *table, const char *dest, const char *primary)
{
	static struct cidr c;
	struct route_pair p = { .table = table, .dest = &c };
	char err[128];

	assert_int_equal(cidr_parse(dest, &c, err, sizeof(err)), 0);
	routeplan_classify(&all, primary, SECONDARY_ENI, &p);
	return p;
}

static void
test_primary_by_eni_and_instance(void **state)
{
	struct route_pair p = classify("rtb-0aaaaaaa", "10.0.0.0/16", PRIMARY_ENI);

	assert_int_equal(p.where, ROUTE_PRIMARY);
	assert_false(p.blackhole);
	assert_string_equal(p.target, PRIMARY_ENI " (" PRIMARY_I ")");
	/* EC2 reports both ids for an instance target: i- matches too. */
	p = classify("rtb-0aaaaaaa", "10.0.0.0/16", PRIMARY_I);
	assert_int_equal(p.where, ROUTE_PRIMARY);
}

static void
test_secondary_ipv6(void **state)
{
	/* written differently from EC2's text, same block */
	struct route_pair p = classify("rtb-0aaaaaaa", "2001:0db8:0001::/48",
				       PRIMARY_ENI);

	assert_int_equal(p.where, ROUTE_SECONDARY);
	assert_string_equal(routeplan_where_name(p.where), "secondary");
}

static void
test_blackhole_foreign_missing(void **state)
{
	struct route_pair p;

	p = classify("rtb-0aaaaaaa", "10.1.0.0/16", PRIMARY_ENI);
	assert_int_equal(p.where, ROUTE_PRIMARY);
	assert_true(p.blackhole);
	p = classify("rtb-0aaaaaaa", "10.2.0.0/16", PRIMARY_ENI);
	assert_int_equal(p.where, ROUTE_FOREIGN);
	assert_string_equal(p.target, "tgw-0123");
	p = classify("rtb-0aaaaaaa", "10.3.0.0/16", PRIMARY_ENI);
	assert_int_equal(p.where, ROUTE_MISSING);
	/* a /17 inside 10.0.0.0/16 is another route */
	p = classify("rtb-0aaaaaaa", "10.0.0.0/17", PRIMARY_ENI);
	assert_int_equal(p.where, ROUTE_MISSING);
	p = classify("rtb-0bbbbbbb", "10.0.0.0/16", PRIMARY_ENI);
	assert_int_equal(p.where, ROUTE_NO_TABLE);
	assert_string_equal(routeplan_where_name(p.where), "no-table");
}

static void
test_targets(void **state)
{
	assert_true(routeplan_targets(&routes_a[1], PRIMARY_I));
	assert_true(routeplan_targets(&routes_a[1], PRIMARY_ENI));
	assert_false(routeplan_targets(&routes_a[1], SECONDARY_ENI));
	assert_false(routeplan_targets(&routes_a[4], "i-0123"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_primary_by_eni_and_instance),
		cmocka_unit_test(test_secondary_ipv6),
		cmocka_unit_test(test_blackhole_foreign_missing),
		cmocka_unit_test(test_targets),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
