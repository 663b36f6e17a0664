/* SPDX-License-Identifier: ISC */
/*
 * Quagga / VyOS 1.1 text tables over every fixture in t/fixtures/quagga,
 * and the wrapped layouts in t/fixtures/bgp-generated.
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
#include "bgp/quagga_text.h"
#include "bgp_fixture.h"

#define Q(x) "quagga/" x
#define G(x) "bgp-generated/" x

static void
expect_route(const struct bgp_route *r, const char *prefix, const char *nh, const char *path,
	     int have_metric, uint32_t metric, uint32_t weight, enum bgp_origin origin)
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
	assert_int_equal(r->origin, origin);
}

static void
test_context_before_after(void **state)
{
	struct bgp_routes *r;

	r = routes_ok(Q("advertised-routes-after.txt"));
	assert_int_equal(r->n, 2);
	assert_string_equal(r->router_id, "172.31.10.20");
	assert_false(r->have_local_as); /* Quagga does not print it */
	expect_route(&r->routes[0], "192.168.10.0/24", "169.254.12.2", "65000 65000 65000 10124", 0,
		     0, 0, BGP_ORIGIN_IGP);
	expect_route(&r->routes[1], "172.31.16.0/24", "169.254.12.2", "65000 65000 65000", 1, 1,
		     32768, BGP_ORIGIN_IGP);
	assert_int_equal(aspath_prepend_count(&r->routes[0].path, 65000), 3);
	assert_int_equal(aspath_prepend_count(&r->routes[1].path, 65000), 3);
	bgp_routes_free(r);

	r = routes_ok(Q("advertised-routes-before.txt"));
	assert_int_equal(r->n, 1);
	expect_route(&r->routes[0], "172.31.16.0/24", "169.254.12.2", "(empty)", 1, 1, 32768,
		     BGP_ORIGIN_IGP);
	assert_int_equal(aspath_prepend_count(&r->routes[0].path, 65000), 0);
	bgp_routes_free(r);
}

static void
test_quagga_routes(void **state)
{
	struct bgp_routes *r;

	r = routes_ok(Q("quagga-0.99.23.1_advertised-routes_standby-prepend.txt"));
	assert_int_equal(r->n, 2);
	assert_string_equal(r->router_id, "10.200.0.2");
	expect_route(&r->routes[0], "10.124.0.0/24", "169.254.20.2", "65000 65000 65000 10124", 0,
		     0, 0, BGP_ORIGIN_IGP);
	expect_route(&r->routes[1], "10.200.0.0/16", "169.254.20.2", "65000 65000 65000", 1, 0,
		     32768, BGP_ORIGIN_IGP);
	bgp_routes_free(r);

	r = routes_ok(Q("quagga-0.99.23.1_advertised-routes_active.txt"));
	assert_int_equal(r->n, 2);
	expect_route(&r->routes[0], "10.124.0.0/24", "169.254.10.2", "10124", 0, 0, 0,
		     BGP_ORIGIN_IGP);
	expect_route(&r->routes[1], "10.200.0.0/16", "169.254.10.2", "(empty)", 1, 0, 32768,
		     BGP_ORIGIN_IGP);
	bgp_routes_free(r);

	r = routes_ok(Q("quagga-0.99.23.1_advertised-routes_nonexistent-neighbor.txt"));
	assert_int_equal(r->n, 0);
	assert_string_equal(r->warning, "No such neighbor");
	bgp_routes_free(r);

	/* received-routes prints the same table: 172.31.0.0 is classful. */
	r = routes_ok(Q("quagga-0.99.23.1_received-routes_standby-from-vgw.txt"));
	assert_int_equal(r->n, 3);
	expect_route(&r->routes[2], "172.31.0.0/16", "169.254.20.1", "64512", 1, 0, 0,
		     BGP_ORIGIN_IGP);
	bgp_routes_free(r);
}

static void
test_quagga_not_routes(void **state)
{
	routes_fail(Q("quagga-0.99.23.1_ip-bgp-neighbor_active-tunnel2-Active.txt"),
		    "line 1: expected a route table");
	routes_fail(Q("quagga-0.99.23.1_ip-bgp-neighbor_standby-to-vgw.txt"),
		    "line 1: expected a route table");
	routes_fail(Q("quagga-0.99.23.1_ip-bgp-neighbor_standby-tunnel2-admin-down.txt"),
		    "line 1: expected a route table");
	routes_fail(Q("quagga-0.99.23.1_ip-bgp-summary-json_unsupported.txt"),
		    "the router says: [BGP] Unknown command: show ip bgp "
		    "summary json");
	routes_fail(Q("quagga-0.99.23.1_ip-bgp-summary_standby.txt"),
		    "line 1: expected a route table");
	routes_fail(Q("quagga-0.99.23.1_show-version.txt"), "got other text");
	routes_fail(Q("README.md"), "got other text");
	routes_fail(G("quagga-layout_advertised-routes_truncated.txt"),
		    "no \"Total number of prefixes\" line");
}

static void
test_quagga_summary(void **state)
{
	struct bgp_summary *s;
	const struct bgp_peer *p;

	s = summary_ok(Q("quagga-0.99.23.1_ip-bgp-summary_standby.txt"));
	assert_int_equal(s->npeers, 3);
	assert_string_equal(s->router_id, "10.200.0.2");
	assert_int_equal(s->local_as, 65000);
	p = &s->peers[0];
	assert_string_equal(p->addr, "10.0.2.1");
	assert_int_equal(p->remote_as, 10124);
	assert_int_equal(p->state, BGP_STATE_ESTABLISHED);
	assert_int_equal(p->state_secs, 36);
	assert_int_equal(p->pfx_rcvd, 1);
	assert_false(p->have_pfx_sent);
	assert_int_equal(p->afi, BGP_AFI_UNSPEC);
	assert_string_equal(p->vrf, "");
	p = &s->peers[1];
	assert_string_equal(p->addr, "169.254.20.1");
	assert_int_equal(p->state_secs, 35);
	p = &s->peers[2];
	assert_string_equal(p->addr, "169.254.21.1");
	assert_int_equal(p->state, BGP_STATE_IDLE);
	assert_string_equal(p->state_text, "Idle (Admin)");
	assert_true(p->admin_down);
	assert_int_equal(p->state_secs, 0);
	bgp_summary_free(s);

	s = summary_ok(Q("quagga-0.99.23.1_ip-bgp-summary_active-with-Active-peer.txt"));
	assert_int_equal(s->npeers, 3);
	assert_string_equal(s->router_id, "10.200.0.1");
	p = &s->peers[2];
	assert_string_equal(p->addr, "169.254.11.1");
	assert_int_equal(p->state, BGP_STATE_ACTIVE);
	assert_string_equal(p->state_text, "Active");
	assert_false(p->admin_down);
	p = &s->peers[1];
	assert_int_equal(p->state_secs, 32);
	assert_int_equal(p->remote_as, 64512);
	bgp_summary_free(s);

	/* Names lost in a paste: wrapped rows with nothing above them. */
	summary_fails(Q("quagga-cumulus-2015_ip-bgp-summary_CumulusNetworks-quagga-issue2.txt"),
		      "line 8: a neighbour row without a neighbour address");
	summary_fails(Q("quagga-0.99.23.1_ip-bgp-summary-json_unsupported.txt"),
		      "the router says: [BGP] Unknown command");
	summary_fails(Q("quagga-0.99.23.1_advertised-routes_standby-prepend.txt"),
		      "expected a BGP summary");
	summary_fails(Q("quagga-0.99.23.1_ip-bgp-neighbor_standby-to-vgw.txt"),
		      "expected a BGP summary");
	summary_fails(Q("quagga-0.99.23.1_ip-bgp-neighbor_active-tunnel2-Active.txt"),
		      "expected a BGP summary");
	summary_fails(Q("quagga-0.99.23.1_ip-bgp-neighbor_standby-tunnel2-admin-down.txt"),
		      "expected a BGP summary");
	summary_fails(Q("quagga-0.99.23.1_advertised-routes_nonexistent-neighbor.txt"),
		      "expected a BGP summary");
	summary_fails(Q("quagga-0.99.23.1_show-version.txt"), "expected a BGP summary");
	summary_fails(Q("advertised-routes-after.txt"), "expected a BGP summary");
	summary_fails(Q("advertised-routes-before.txt"), "expected a BGP summary");
	summary_fails(Q("quagga-0.99.23.1_advertised-routes_active.txt"), "expected a BGP summary");
	summary_fails(Q("quagga-0.99.23.1_received-routes_standby-from-vgw.txt"),
		      "expected a BGP summary");
}

static void
test_wrapped(void **state)
{
	struct bgp_routes *r;
	struct bgp_summary *s;

	r = routes_ok(G("quagga-layout_advertised-routes_wrapped.txt"));
	assert_int_equal(r->n, 4);
	expect_route(&r->routes[0], "2001:db8:124::/48", "::", "65000 65000 65000", 1, 0, 32768,
		     BGP_ORIGIN_IGP);
	expect_route(&r->routes[1], "2001:db8:aaaa:bbbb::/64", "2001:db8:ffff:20::2",
		     "65000 65000 65000 10124", 1, 0, 0, BGP_ORIGIN_IGP);
	expect_route(&r->routes[2], "10.0.0.0/8", "169.254.20.2", "65000 65000 65000 {64512,64513}",
		     0, 0, 0, BGP_ORIGIN_IGP);
	assert_int_equal(r->routes[2].path.n, 5);
	assert_int_equal(r->routes[2].path.elems[3].seg, BGP_SEG_SET);
	expect_route(&r->routes[3], "192.168.100.128/25", "169.254.20.2", "65000 65000", 1, 7,
		     32768, BGP_ORIGIN_INCOMPLETE);
	assert_int_equal(aspath_prepend_count(&r->routes[3].path, 65000), 2);
	bgp_routes_free(r);

	s = summary_ok(G("quagga-layout_ip-bgp-summary_wrapped.txt"));
	assert_int_equal(s->npeers, 2);
	assert_string_equal(s->peers[0].addr, "2001:db8:20::1");
	assert_int_equal(s->peers[0].state_secs, 86400 + 2 * 3600 + 3 * 60);
	assert_int_equal(s->peers[0].pfx_rcvd, 4);
	assert_string_equal(s->peers[1].addr, "2001:db8:ffff:21::1");
	assert_int_equal(s->peers[1].state, BGP_STATE_ACTIVE);
	bgp_summary_free(s);
}

/* Text forms that must not parse, and ones that mean "nothing". */
static void
test_text_edges(void **state)
{
	static const char *bad_routes[] = {
	    /* header, a row, no footer */
	    "   Network          Next Hop            Metric LocPrf Weight "
	    "Path\n*> 10.0.0.0/8       1.2.3.4                  0         "
	    "32768 i\n",
	    /* footer count disagrees */
	    "   Network          Next Hop            Metric LocPrf Weight "
	    "Path\n*> 10.0.0.0/8       1.2.3.4                  0         "
	    "32768 i\n\nTotal number of prefixes 2\n",
	    /* a row without origin */
	    "   Network          Next Hop            Metric LocPrf Weight "
	    "Path\n*> 10.0.0.0/8       1.2.3.4                  0         "
	    "32768 65000\n\nTotal number of prefixes 1\n",
	    /* a wrapped prefix with no row after it */
	    "   Network          Next Hop            Metric LocPrf Weight "
	    "Path\n*> 2001:db8:124::/48\n\nTotal number of prefixes 1\n",
	    /* host bits */
	    "   Network          Next Hop            Metric LocPrf Weight "
	    "Path\n*> 10.0.0.1/8       1.2.3.4                  0         "
	    "32768 i\n\nTotal number of prefixes 1\n",
	    /* an ASN out of range */
	    "   Network          Next Hop            Metric LocPrf Weight "
	    "Path\n*> 10.0.0.0/8       1.2.3.4                  0         "
	    "32768 4294967296 i\n\nTotal number of prefixes 1\n",
	    /* text after the footer */
	    "   Network          Next Hop            Metric LocPrf Weight "
	    "Path\n\nTotal number of prefixes 0\nmore\n",
	    "garbage\n",
	};
	static const char *bad_summaries[] = {
	    "BGP router identifier 1.2.3.4, local AS number 1\n"
	    "Neighbor        V    AS MsgRcvd MsgSent   TblVer  InQ OutQ "
	    "Up/Down  State/PfxRcd\n1.2.3.5 4 2 0 0 0 0 0 never Active\n",
	    "BGP router identifier 1.2.3.4, local AS number 1\n"
	    "Neighbor        V    AS MsgRcvd MsgSent   TblVer  InQ OutQ "
	    "Up/Down  State/PfxRcd\n1.2.3.5 4 2 0 0 0 0 0 never Sleeping\n"
	    "\nTotal number of neighbors 1\n",
	    "BGP router identifier 1.2.3.4, local AS number 1\n"
	    "Neighbor        V    AS MsgRcvd MsgSent   TblVer  InQ OutQ "
	    "Up/Down  State/PfxRcd\n1.2.3.5 4 2 0 0 0 0 0 1x2y Active\n"
	    "\nTotal number of neighbors 1\n",
	    "BGP router identifier 1.2.3.4, local AS number 1\n"
	    "Neighbor        V    AS MsgRcvd MsgSent   TblVer  InQ OutQ "
	    "Up/Down  State/PfxRcd\n1.2.3.5 4 2 0 0\n"
	    "\nTotal number of neighbors 1\n",
	    "BGP router identifier 1.2.3.4, local AS number x\n",
	    "Neighbor        V    AS MsgRcvd MsgSent   TblVer  InQ OutQ "
	    "Up/Down  State/PfxRcd\n",
	    "",
	    "\n\n",
	};
	char err[512];

	for (size_t i = 0; i < sizeof(bad_routes) / sizeof(*bad_routes); i++) {
		struct bgp_routes *r = NULL;

		err[0] = '\0';
		assert_int_equal(
		    routes_parse(bad_routes[i], strlen(bad_routes[i]), &r, err, sizeof(err)),
		    -1);
		assert_null(r);
		assert_true(err[0] != '\0');
	}
	for (size_t i = 0; i < sizeof(bad_summaries) / sizeof(*bad_summaries); i++) {
		struct bgp_summary *s = NULL;

		err[0] = '\0';
		assert_int_equal(summary_parse(bad_summaries[i], strlen(bad_summaries[i]), &s,
						   err, sizeof(err)),
				 -1);
		assert_null(s);
		assert_true(err[0] != '\0');
	}
	/* Quagga prints nothing when nothing is advertised, but so does a
	 * vtysh that died: an empty answer is no evidence (issue 10). */
	{
		struct bgp_routes *r = NULL;
		struct bgp_summary *s = NULL;

		assert_int_equal(routes_parse("\n", 1, &r, err, sizeof(err)), -1);
		assert_null(r);
		assert_non_null(strstr(err, "empty answer"));
		assert_int_equal(
		    summary_parse("% No BGP neighbors found\n", 25, &s, err, sizeof(err)), 0);
		assert_int_equal(s->npeers, 0);
		bgp_summary_free(s);
		assert_int_equal(
		    quagga_parse_summary_text("No BGP neighbors found\n", 23, &s, err, sizeof(err)),
		    0);
		assert_int_equal(s->npeers, 0);
		bgp_summary_free(s);
	}
}

/* Every cut of every text fixture: an error, or (cut after the footer)
 * exactly the full result; never a shorter table. */
static void
test_truncated_text(void **state)
{
	static const struct {
		const char *rel;
		int routes;
		size_t n;
	} files[] = {
	    {Q("advertised-routes-after.txt"), 1, 2},
	    {Q("advertised-routes-before.txt"), 1, 1},
	    {Q("quagga-0.99.23.1_advertised-routes_standby-prepend.txt"), 1, 2},
	    {G("quagga-layout_advertised-routes_wrapped.txt"), 1, 4},
	    {"frr/frr-10.6.1_advertised-routes_standby-prepend.txt", 1, 2},
	    {Q("quagga-0.99.23.1_ip-bgp-summary_standby.txt"), 0, 3},
	    {G("quagga-layout_ip-bgp-summary_wrapped.txt"), 0, 2},
	    {"frr/frr-10.6.1_ip-bgp-summary_standby.txt", 0, 3},
	};
	char err[512];

	for (size_t f = 0; f < sizeof(files) / sizeof(*files); f++) {
		size_t len;
		char *buf = fixture_load(files[f].rel, &len);

		for (size_t cut = 1; cut < len; cut++) {
			/* Exactly cut bytes, no terminator (ASan). */
			char *copy = malloc(cut);

			memcpy(copy, buf, cut);
			if (files[f].routes) {
				struct bgp_routes *r = NULL;

				if (routes_parse(copy, cut, &r, err, sizeof(err)) == 0) {
					assert_int_equal(r->n, files[f].n);
					bgp_routes_free(r);
				} else {
					assert_null(r);
				}
			} else {
				struct bgp_summary *s = NULL;

				if (summary_parse(copy, cut, &s, err, sizeof(err)) == 0) {
					assert_int_equal(s->npeers, files[f].n);
					bgp_summary_free(s);
				} else {
					assert_null(s);
				}
			}
			free(copy);
		}
		free(buf);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_context_before_after),
	    cmocka_unit_test(test_quagga_routes),
	    cmocka_unit_test(test_quagga_not_routes),
	    cmocka_unit_test(test_quagga_summary),
	    cmocka_unit_test(test_wrapped),
	    cmocka_unit_test(test_text_edges),
	    cmocka_unit_test(test_truncated_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
