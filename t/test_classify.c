/* SPDX-License-Identifier: ISC */
/* Where a (table, destination) pair points, relative to the two routers,
 * what pointing it at one takes, and what a set of pairs adds up to. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "failover/classify.h"

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
	route_classify(&all, primary, SECONDARY_ENI, &p);
	return p;
}

static void
test_primary_by_eni_and_instance(void **state)
{
	struct route_pair p = classify("rtb-0aaaaaaa", "10.0.0.0/16", PRIMARY_ENI);

	assert_int_equal(p.class, ROUTE_ON_PRIMARY);
	assert_false(p.blackhole);
	assert_string_equal(p.target, PRIMARY_ENI " (" PRIMARY_I ")");
	/* EC2 reports both ids for an instance target: i- matches too. */
	p = classify("rtb-0aaaaaaa", "10.0.0.0/16", PRIMARY_I);
	assert_int_equal(p.class, ROUTE_ON_PRIMARY);
}

static void
test_secondary_ipv6(void **state)
{
	/* written differently from EC2's text, same block */
	struct route_pair p = classify("rtb-0aaaaaaa", "2001:0db8:0001::/48",
				       PRIMARY_ENI);

	assert_int_equal(p.class, ROUTE_ON_SECONDARY);
	assert_string_equal(route_class_name(p.class), "secondary");
}

static void
test_blackhole_foreign_missing(void **state)
{
	struct route_pair p;

	p = classify("rtb-0aaaaaaa", "10.1.0.0/16", PRIMARY_ENI);
	assert_int_equal(p.class, ROUTE_ON_PRIMARY);
	assert_true(p.blackhole);
	p = classify("rtb-0aaaaaaa", "10.2.0.0/16", PRIMARY_ENI);
	assert_int_equal(p.class, ROUTE_FOREIGN);
	assert_string_equal(p.target, "tgw-0123");
	p = classify("rtb-0aaaaaaa", "10.3.0.0/16", PRIMARY_ENI);
	assert_int_equal(p.class, ROUTE_MISSING);
	/* a /17 inside 10.0.0.0/16 is another route */
	p = classify("rtb-0aaaaaaa", "10.0.0.0/17", PRIMARY_ENI);
	assert_int_equal(p.class, ROUTE_MISSING);
	p = classify("rtb-0bbbbbbb", "10.0.0.0/16", PRIMARY_ENI);
	assert_int_equal(p.class, ROUTE_NO_TABLE);
	assert_string_equal(route_class_name(p.class), "no-table");
}

static void
test_targets(void **state)
{
	assert_true(route_targets(&routes_a[1], PRIMARY_I));
	assert_true(route_targets(&routes_a[1], PRIMARY_ENI));
	assert_false(route_targets(&routes_a[1], SECONDARY_ENI));
	assert_false(route_targets(&routes_a[4], "i-0123"));
}

static void
test_targets_without_secondary(void **state)
{
	struct cidr c;
	struct route_pair p = { .table = "rtb-0aaaaaaa", .dest = &c };
	char err[128];

	/* No secondary: a foreign target is foreign, never "on secondary". */
	assert_false(route_targets(&routes_a[4], ""));
	assert_false(route_targets(&routes_a[4], NULL));
	assert_int_equal(cidr_parse("10.2.0.0/16", &c, err, sizeof(err)), 0);
	route_classify(&all, PRIMARY_ENI, NULL, &p);
	assert_int_equal(p.class, ROUTE_FOREIGN);
}

/* Every class x blackhole x router: the step that points the pair there. */
static void
test_plan(void **state)
{
	static const struct {
		enum route_class class;
		int blackhole;
		enum failover_role to;
		enum route_plan want;
	} rows[] = {
		{ ROUTE_ON_PRIMARY, 0, ROLE_PRIMARY, PLAN_KEEP },
		{ ROUTE_ON_PRIMARY, 0, ROLE_SECONDARY, PLAN_REPLACE },
		{ ROUTE_ON_PRIMARY, 1, ROLE_PRIMARY, PLAN_KEEP },
		{ ROUTE_ON_PRIMARY, 1, ROLE_SECONDARY, PLAN_REPLACE },
		{ ROUTE_ON_SECONDARY, 0, ROLE_PRIMARY, PLAN_REPLACE },
		{ ROUTE_ON_SECONDARY, 0, ROLE_SECONDARY, PLAN_KEEP },
		{ ROUTE_FOREIGN, 0, ROLE_PRIMARY, PLAN_FOREIGN },
		{ ROUTE_FOREIGN, 0, ROLE_SECONDARY, PLAN_FOREIGN },
		{ ROUTE_FOREIGN, 1, ROLE_PRIMARY, PLAN_REPLACE },
		{ ROUTE_FOREIGN, 1, ROLE_SECONDARY, PLAN_REPLACE },
		{ ROUTE_MISSING, 0, ROLE_SECONDARY, PLAN_MISSING },
		{ ROUTE_NO_TABLE, 0, ROLE_PRIMARY, PLAN_NO_TABLE },
	};

	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct route_pair p = { .class = rows[i].class,
					.blackhole = rows[i].blackhole };

		assert_int_equal(route_plan(&p, rows[i].to), rows[i].want);
	}
	assert_int_equal(route_class_of(ROLE_PRIMARY), ROUTE_ON_PRIMARY);
	assert_int_equal(route_class_of(ROLE_SECONDARY), ROUTE_ON_SECONDARY);
}

static void
survey(const char *const *tables, size_t ntables, const char *const *dests,
       size_t ndests, struct cidr *c, struct route_survey *s)
{
	char err[128];

	for (size_t i = 0; i < ndests; i++)
		assert_int_equal(cidr_parse(dests[i], &c[i], err, sizeof(err)),
				 0);
	assert_int_equal(route_survey(&all, tables, ntables, c, ndests,
				      PRIMARY_ENI, SECONDARY_ENI, s),
			 0);
}

static void
test_survey(void **state)
{
	const char *tables[] = { "rtb-0aaaaaaa", "rtb-0bbbbbbb" };
	const char *dests[] = { "10.0.0.0/16", "2001:db8:1::/48",
				"10.1.0.0/16" };
	struct cidr c[3];
	struct route_survey s;

	survey(tables, 1, dests, 1, c, &s);
	assert_int_equal(s.state, STATE_OK);
	assert_int_equal(s.total, 1);
	assert_int_equal(s.on_primary, 1);
	route_survey_free(&s);

	survey(tables, 1, dests, 2, c, &s);
	assert_int_equal(s.state, STATE_WARNING);
	assert_int_equal(s.on_primary, 1);
	assert_int_equal(s.on_secondary, 1);
	assert_int_equal(s.bad, 0);
	assert_int_equal(s.pairs[1].class, ROUTE_ON_SECONDARY);
	route_survey_free(&s);

	/* table-major; a blackhole on the primary and a missing table are
	 * both bad */
	survey(tables, 2, dests, 3, c, &s);
	assert_int_equal(s.state, STATE_CRITICAL);
	assert_int_equal(s.total, 6);
	assert_int_equal(s.on_primary, 1);
	assert_int_equal(s.on_secondary, 1);
	assert_int_equal(s.bad, 4);
	assert_true(route_pair_bad(&s.pairs[2]));
	assert_true(s.pairs[2].blackhole);
	assert_string_equal(s.pairs[3].table, "rtb-0bbbbbbb");
	assert_int_equal(s.pairs[3].class, ROUTE_NO_TABLE);
	assert_ptr_equal(s.pairs[4].dest, &c[1]);
	route_survey_free(&s);
	assert_null(s.pairs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_primary_by_eni_and_instance),
		cmocka_unit_test(test_secondary_ipv6),
		cmocka_unit_test(test_blackhole_foreign_missing),
		cmocka_unit_test(test_targets),
		cmocka_unit_test(test_targets_without_secondary),
		cmocka_unit_test(test_plan),
		cmocka_unit_test(test_survey),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
