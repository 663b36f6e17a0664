/* SPDX-License-Identifier: ISC */
/*
 * Prepend counting and role evaluation (lib/bgp/aspath.c), with the issue's
 * acceptance examples on the Quagga before/after outputs.
 */
#include "config.h"

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "bgp/aspath.h"
#include "bgp/bgp_query.h"
#include "bgp_fixture.h"
#include "io/transport.h"

static struct aspath_config
role(enum aspath_role ro, uint32_t asn, unsigned prepend)
{
	struct aspath_config c;

	memset(&c, 0, sizeof(c));
	c.role = ro;
	c.prepend = prepend;
	if (asn != 0) {
		c.asn = asn;
		c.have_asn = 1;
	}
	return c;
}

static unsigned
count(const char *path, uint32_t asn)
{
	struct bgp_path p;
	char err[128];
	unsigned n;

	assert_int_equal(bgp_path_parse(path, &p, err, sizeof(err)), 0);
	n = aspath_prepend_count(&p, asn);
	free(p.elems);
	return n;
}

static void
test_prepend_count(void **state)
{
	assert_int_equal(count("", 65000), 0);
	assert_int_equal(count("65000", 65000), 1);
	assert_int_equal(count("65000 65000 65000", 65000), 3);
	assert_int_equal(count("65000 65000 65000 10124", 65000), 3);
	assert_int_equal(count("10124 65000 65000", 65000), 0);
	assert_int_equal(count("65000 10124 65000", 65000), 1);
	/* A set is not a prepend, even holding our ASN. */
	assert_int_equal(count("{65000,10124} 65000", 65000), 0);
	assert_int_equal(count("{65000}", 65000), 0);
	assert_int_equal(count("65000 {65000,1}", 65000), 1);
	assert_int_equal(count("(65000 65000) 65000", 65000), 0);
	assert_int_equal(count("[65000] 65000", 65000), 0);
	/* asdot: 1.10 is 65546 */
	assert_int_equal(count("1.10 1.10 7", 65546), 2);
	assert_int_equal(count("4200000000 4200000000", 4200000000u), 2);
}

static void
test_path_parse_format(void **state)
{
	static const char *bad[] = {"65000 x", "{1,2", "1}",	  "(1 2",     "4294967296",
				    "1..2",    "-1",   "65536.1", "1 {2 {3}}"};
	struct bgp_path p;
	char err[128], buf[128];

	assert_int_equal(bgp_path_parse("1 2 {3,4} (5 6) [7,8] 9", &p, err, sizeof(err)), 0);
	assert_int_equal(p.n, 9);
	bgp_path_format(&p, buf, sizeof(buf));
	assert_string_equal(buf, "1 2 {3,4} (5 6) [7,8] 9");
	free(p.elems);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		err[0] = '\0';
		assert_int_equal(bgp_path_parse(bad[i], &p, err, sizeof(err)), -1);
		assert_true(err[0] != '\0');
	}
}

/* The issue: `after` is OK for a standby with --prepend 3. */
static void
test_acceptance_after_standby(void **state)
{
	struct bgp_routes *r = routes_ok("quagga/advertised-routes-after.txt");
	struct aspath_config c = role(ASPATH_ROLE_STANDBY, 65000, 3);
	struct aspath_result res;

	assert_int_equal(aspath_evaluate(r, &c, &res), 0);
	assert_int_equal(res.state, STATE_OK);
	assert_int_equal(res.nroutes, 2);
	assert_int_equal(res.min_prepend, 3);
	assert_int_equal(res.max_prepend, 3);
	assert_int_equal(res.nproblems, 0);
	aspath_result_free(&res);

	/* ...but not with --prepend 4, and not as the active. */
	c = role(ASPATH_ROLE_STANDBY, 65000, 4);
	assert_int_equal(aspath_evaluate(r, &c, &res), 0);
	assert_int_equal(res.state, STATE_CRITICAL);
	assert_int_equal(res.nproblems, 2);
	assert_int_equal(res.problems[0].kind, ASPATH_SHORT_PREPEND);
	assert_int_equal(res.problems[0].count, 3);
	aspath_result_free(&res);
	c = role(ASPATH_ROLE_ACTIVE, 65000, 3);
	assert_int_equal(aspath_evaluate(r, &c, &res), 0);
	assert_int_equal(res.state, STATE_CRITICAL);
	assert_int_equal(res.nproblems, 2);
	assert_int_equal(res.problems[1].kind, ASPATH_HAS_PREPEND);
	{
		/* The facts of "active advertises 172.31.16.0/24 with 3
		 * prepends of 65000 (AS path 65000 65000 65000)". */
		const struct bgp_route *rt = &r->routes[res.problems[1].route];
		char path[64];

		assert_string_equal(rt->prefix, "172.31.16.0/24");
		assert_int_equal(res.problems[1].count, 3);
		assert_int_equal(res.asn, 65000);
		bgp_path_format(&rt->path, path, sizeof(path));
		assert_string_equal(path, "65000 65000 65000");
	}
	aspath_result_free(&res);
	bgp_routes_free(r);
}

/* The issue: `before` is CRITICAL for a standby and OK for an active. */
static void
test_acceptance_before(void **state)
{
	struct bgp_routes *r = routes_ok("quagga/advertised-routes-before.txt");
	struct aspath_config c = role(ASPATH_ROLE_STANDBY, 65000, 3);
	struct aspath_result res;

	assert_int_equal(aspath_evaluate(r, &c, &res), 0);
	assert_int_equal(res.state, STATE_CRITICAL);
	assert_int_equal(res.nproblems, 1);
	assert_int_equal(res.problems[0].kind, ASPATH_NO_PREPEND);
	assert_int_equal(res.min_prepend, 0);
	assert_int_equal(res.max_prepend, 0);
	assert_string_equal(r->routes[res.problems[0].route].prefix, "172.31.16.0/24");
	assert_int_equal(r->routes[res.problems[0].route].path.n, 0);
	assert_int_equal(res.problems[0].count, 0);
	aspath_result_free(&res);

	c = role(ASPATH_ROLE_ACTIVE, 65000, 3);
	assert_int_equal(aspath_evaluate(r, &c, &res), 0);
	assert_int_equal(res.state, STATE_OK);
	assert_int_equal(res.nproblems, 0);
	aspath_result_free(&res);

	/* Quagga does not print the local AS: without --asn, UNKNOWN. */
	c = role(ASPATH_ROLE_ACTIVE, 0, 3);
	assert_int_equal(aspath_evaluate(r, &c, &res), 0);
	assert_int_equal(res.state, STATE_UNKNOWN);
	assert_int_equal(res.unjudged, ASPATH_NO_ASN);
	aspath_result_free(&res);
	bgp_routes_free(r);
}

static void
test_frr_roles(void **state)
{
	static const char *standby[] = {
	    "frr/frr-10.6.1_advertised-routes_standby-prepend.json",
	    "frr/frr-8.4.4_advertised-routes_standby-prepend.json",
	    "frr/frr-10.6.1_advertised-routes_standby-prepend.txt",
	    "frr/frr-8.4.4_advertised-routes_standby-prepend.txt",
	    "frr/frr-10.6.1_advertised-routes_standby-ipv6-prepend.json",
	    "frr/frr-8.4.4_advertised-routes_standby-ipv6-prepend.json",
	    "quagga/quagga-0.99.23.1_advertised-routes_standby-prepend.txt",
	};
	static const char *active[] = {
	    "frr/frr-10.6.1_advertised-routes_active.json",
	    "frr/frr-8.4.4_advertised-routes_active.json",
	    "quagga/quagga-0.99.23.1_advertised-routes_active.txt",
	};
	struct aspath_result res;
	struct aspath_config c;

	for (size_t i = 0; i < sizeof(standby) / sizeof(*standby); i++) {
		struct bgp_routes *r = routes_ok(standby[i]);

		/* FRR names the local AS; Quagga needs --asn. */
		c = role(ASPATH_ROLE_STANDBY, i == 6 ? 65000 : 0, 3);
		assert_int_equal(aspath_evaluate(r, &c, &res), 0);
		assert_int_equal(res.state, STATE_OK);
		assert_int_equal(res.asn, 65000);
		assert_int_equal(res.min_prepend, 3);
		assert_int_equal(res.max_prepend, 3);
		aspath_result_free(&res);
		c.role = ASPATH_ROLE_ACTIVE;
		assert_int_equal(aspath_evaluate(r, &c, &res), 0);
		assert_int_equal(res.state, STATE_CRITICAL);
		assert_int_equal(res.nproblems, r->n);
		aspath_result_free(&res);
		bgp_routes_free(r);
	}
	for (size_t i = 0; i < sizeof(active) / sizeof(*active); i++) {
		struct bgp_routes *r = routes_ok(active[i]);

		c = role(ASPATH_ROLE_ACTIVE, i == 2 ? 65000 : 0, 3);
		assert_int_equal(aspath_evaluate(r, &c, &res), 0);
		assert_int_equal(res.state, STATE_OK);
		assert_int_equal(res.min_prepend, 0);
		assert_int_equal(res.max_prepend, 0);
		aspath_result_free(&res);
		c.role = ASPATH_ROLE_STANDBY;
		assert_int_equal(aspath_evaluate(r, &c, &res), 0);
		assert_int_equal(res.state, STATE_CRITICAL);
		assert_int_equal(res.nproblems, 2);
		assert_int_equal(res.problems[0].kind, ASPATH_NO_PREPEND);
		aspath_result_free(&res);
		bgp_routes_free(r);
	}
}

static void
test_expect_and_counts(void **state)
{
	struct bgp_routes *r = routes_ok("frr/frr-10.6.1_advertised-routes_standby-prepend.json");
	struct aspath_config c = role(ASPATH_ROLE_STANDBY, 0, 3);
	struct aspath_result res;
	struct cidr want[2];
	struct range crit, warn;
	char err[128], msg[256];

	assert_int_equal(cidr_parse("10.200.0.0/16", &want[0], err, sizeof(err)), 0);
	assert_int_equal(cidr_parse("172.31.16.0/24", &want[1], err, sizeof(err)), 0);
	c.expect = want;
	c.nexpect = 1;
	assert_int_equal(aspath_evaluate(r, &c, &res), 0);
	assert_int_equal(res.state, STATE_OK);
	aspath_result_free(&res);
	c.nexpect = 2;
	assert_int_equal(aspath_evaluate(r, &c, &res), 0);
	assert_int_equal(res.state, STATE_CRITICAL);
	assert_int_equal(res.nproblems, 1);
	assert_int_equal(res.problems[0].kind, ASPATH_MISSING);
	assert_int_equal(res.problems[0].expect, 1);
	snprintf(msg, sizeof(msg), "%s", c.expect[res.problems[0].expect].text);
	assert_string_equal(msg, "172.31.16.0/24");
	aspath_result_free(&res);

	c.nexpect = 0;
	assert_int_equal(range_parse("3:", &warn, err, sizeof(err)), 0);
	assert_int_equal(range_parse("1:", &crit, err, sizeof(err)), 0);
	c.warn = &warn;
	c.crit = &crit;
	assert_int_equal(aspath_evaluate(r, &c, &res), 0);
	assert_int_equal(res.state, STATE_WARNING);
	assert_int_equal(res.count_state, STATE_WARNING);
	aspath_result_free(&res);
	bgp_routes_free(r);

	/* Nothing advertised: the count thresholds decide. */
	r = routes_ok("frr/frr-8.4.4_advertised-routes_peer-not-established.json");
	assert_int_equal(aspath_evaluate(r, &c, &res), 0);
	assert_int_equal(res.state, STATE_CRITICAL);
	assert_int_equal(res.count_state, STATE_CRITICAL);
	assert_int_equal(res.nroutes, 0);
	aspath_result_free(&res);
	bgp_routes_free(r);

	/* The router refused: CRITICAL with its words. */
	r = routes_ok("frr/frr-10.6.1_advertised-routes_nonexistent-neighbor.json");
	c = role(ASPATH_ROLE_STANDBY, 0, 3);
	assert_int_equal(aspath_evaluate(r, &c, &res), 0);
	assert_int_equal(res.state, STATE_CRITICAL);
	assert_int_equal(res.unjudged, ASPATH_REFUSED);
	assert_int_equal(res.nproblems, 0);
	assert_string_equal(r->warning, "No such neighbor in this view/vrf");
	aspath_result_free(&res);
	bgp_routes_free(r);
}

static void
test_prefix_parse(void **state)
{
	static const char *bad[] = {
	    "10.0.0.1/8", "10.0.0.0/33",    "x/8",	"",   "10.0.0.0/",
	    "10.0.0.0/a", "2001:db8::1/32", "10.0.0.0", "/8", "10.0.0.0/8/8"};
	struct cidr p, q;
	char err[128], buf[64];

	assert_int_equal(cidr_parse("2001:DB8:0::/32", &p, err, sizeof(err)), 0);
	snprintf(buf, sizeof(buf), "%s", p.text);
	assert_string_equal(buf, "2001:db8::/32");
	assert_int_equal(cidr_parse("2001:db8::/32", &q, err, sizeof(err)), 0);
	assert_true(cidr_equal(&p, &q));
	assert_int_equal(cidr_parse_flags("192.168.1.0", CIDR_CLASSFUL, &p, err, sizeof(err)), 0);
	assert_int_equal(p.prefixlen, 24);
	assert_int_equal(cidr_parse_flags("224.0.0.0", CIDR_CLASSFUL, &p, err, sizeof(err)), -1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_int_equal(cidr_parse(bad[i], &p, err, sizeof(err)), -1);
}

static void
test_helpers(void **state)
{
	uint64_t s;
	uint32_t a;
	int admin;

	assert_int_equal(bgp_uptime_parse("00:01:02", &s), 0);
	assert_int_equal(s, 62);
	assert_int_equal(bgp_uptime_parse("1d02h03m", &s), 0);
	assert_int_equal(s, 93780);
	assert_int_equal(bgp_uptime_parse("01w2d03h", &s), 0);
	assert_int_equal(s, 604800 + 2 * 86400 + 3 * 3600);
	assert_int_equal(bgp_uptime_parse("01y02w3d", &s), 0);
	assert_int_equal(s, 31536000 + 2 * 604800 + 3 * 86400);
	assert_int_equal(bgp_uptime_parse("never", &s), 0);
	assert_int_equal(s, 0);
	assert_int_equal(bgp_uptime_parse("00:61:00", &s), -1);
	assert_int_equal(bgp_uptime_parse("1d", &s), -1);
	assert_int_equal(bgp_uptime_parse("1h02d03m", &s), -1);
	assert_int_equal(bgp_asn_parse("1.10", &a), 0);
	assert_int_equal(a, 65546);
	assert_int_equal(bgp_asn_parse("4294967295", &a), 0);
	assert_int_equal(bgp_asn_parse("4294967296", &a), -1);
	assert_int_equal(bgp_asn_parse("65536.0", &a), -1);
	assert_int_equal(bgp_state_parse("Idle (Admin)", &admin), BGP_STATE_IDLE);
	assert_true(admin);
	assert_int_equal(bgp_state_parse("OpenSent", &admin), BGP_STATE_OPENSENT);
	assert_false(admin);
	assert_int_equal(bgp_state_parse("Establishedx", &admin), BGP_STATE_UNKNOWN);
	assert_true(bgp_vrf_name_valid("RED-1.a_b"));
	assert_false(bgp_vrf_name_valid("a b"));
	assert_false(bgp_vrf_name_valid("x';reboot;'"));
	assert_false(bgp_vrf_name_valid("-x"));
	assert_false(bgp_vrf_name_valid(""));
}

/* The SSH command line, read back by a real POSIX shell: whatever the
 * command holds arrives as one argument, unchanged. */
static void
test_remote_command_quoting(void **state)
{
	static const char *cmds[] = {
	    "show ip bgp summary json",
	    "show bgp vrf blue ipv4 unicast summary json",
	    "it's; $(echo INJECTED) `echo X` \"q\" \\ *",
	    "'",
	    "''",
	    "",
	};

	for (size_t i = 0; i < sizeof(cmds) / sizeof(*cmds); i++) {
		char *rc = transport_remote_command(cmds[i]), script[1024];
		char got[512] = "";
		FILE *p;
		size_t n;

		assert_non_null(rc);
		assert_int_equal(strncmp(rc, "vtysh -c '", 10), 0);
		/* vtysh stands for a function printing its second argument. */
		snprintf(script, sizeof(script),
			 "/bin/sh -c 'vtysh() { printf %%s \"$2\"; }; eval \"$1\"' "
			 "sh %s",
			 "\"$VHA_T_CMD\"");
		setenv("VHA_T_CMD", rc, 1);
		p = popen(script, "r");
		assert_non_null(p);
		n = fread(got, 1, sizeof(got) - 1, p);
		got[n] = '\0';
		assert_int_equal(pclose(p), 0);
		assert_string_equal(got, cmds[i]);
		free(rc);
	}
	unsetenv("VHA_T_CMD");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_prepend_count),
	    cmocka_unit_test(test_path_parse_format),
	    cmocka_unit_test(test_acceptance_after_standby),
	    cmocka_unit_test(test_acceptance_before),
	    cmocka_unit_test(test_frr_roles),
	    cmocka_unit_test(test_expect_and_counts),
	    cmocka_unit_test(test_prefix_parse),
	    cmocka_unit_test(test_helpers),
	    cmocka_unit_test(test_remote_command_quoting),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
