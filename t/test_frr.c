/* SPDX-License-Identifier: ISC */
/*
 * FRR JSON (and FRR text summary) parsers over every FRR fixture, and the
 * neighbour evaluation of check_vyos_bgp on them.
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
#include "bgp/bgp_eval.h"
#include "bgp_fixture.h"

#define FRR(x) "frr/" x

static const struct bgp_peer *
peer(const struct bgp_summary *s, const char *addr, enum bgp_afi afi)
{
	for (size_t i = 0; i < s->npeers; i++)
		if (strcmp(s->peers[i].addr, addr) == 0 &&
		    (afi == BGP_AFI_UNSPEC || s->peers[i].afi == afi))
			return &s->peers[i];
	fail_msg("no neighbour %s", addr);
	return NULL;
}

static void
expect_peer(const struct bgp_peer *p, uint32_t ras, enum bgp_state st, const char *st_text,
	    int admin, uint64_t secs, uint64_t rcvd, uint64_t sent)
{
	assert_true(p->have_remote_as);
	assert_int_equal(p->remote_as, ras);
	assert_int_equal(p->state, st);
	assert_string_equal(p->state_text, st_text);
	assert_int_equal(p->admin_down, admin);
	assert_true(p->have_state_secs);
	assert_int_equal(p->state_secs, secs);
	assert_true(p->have_pfx_rcvd);
	assert_int_equal(p->pfx_rcvd, rcvd);
	assert_true(p->have_pfx_sent);
	assert_int_equal(p->pfx_sent, sent);
}

/* The standby of the captures, in every summary shape FRR prints. */
static void
check_standby(const struct bgp_summary *s, uint64_t up_onprem, uint64_t up_vgw, int json)
{
	const struct bgp_peer *p;

	assert_string_equal(s->router_id, "10.200.0.2");
	assert_true(s->have_local_as);
	assert_int_equal(s->local_as, 65000);
	p = peer(s, "10.0.2.1", BGP_AFI_IPV4);
	expect_peer(p, 10124, BGP_STATE_ESTABLISHED, "Established", 0, up_onprem, 1, 3);
	/* The text table has no hostname column. */
	assert_string_equal(p->hostname, json ? "rl-onprem" : "");
	assert_string_equal(p->desc, "onprem-core");
	assert_string_equal(p->vrf, "default");
	assert_int_equal(p->local_as, 65000);
	p = peer(s, "169.254.20.1", BGP_AFI_IPV4);
	expect_peer(p, 64512, BGP_STATE_ESTABLISHED, "Established", 0, up_vgw, 1, 2);
	assert_string_equal(p->desc, "AWS-VGW-tunnel1");
	p = peer(s, "169.254.21.1", BGP_AFI_IPV4);
	expect_peer(p, 64512, BGP_STATE_IDLE, "Idle (Admin)", 1, 0, 0, 0);
	assert_string_equal(p->hostname, "");
}

static void
test_summary_standby_json(void **state)
{
	struct bgp_summary *s;

	s = summary_ok(FRR("frr-10.6.1_ip-bgp-summary_standby.json"));
	assert_int_equal(s->npeers, 3);
	assert_int_equal(s->ntables, 1);
	check_standby(s, 29, 30, 1);
	assert_string_equal(s->peers[0].afi_name, "ipv4Unicast");
	bgp_summary_free(s);
	s = summary_ok(FRR("frr-8.4.4_ip-bgp-summary_standby.json"));
	assert_int_equal(s->npeers, 3);
	check_standby(s, 39, 40, 1);
	bgp_summary_free(s);
}

static void
test_summary_active_json(void **state)
{
	struct bgp_summary *s;
	const struct bgp_peer *p;

	s = summary_ok(FRR("frr-10.6.1_ip-bgp-summary_active.json"));
	assert_int_equal(s->npeers, 3);
	assert_string_equal(s->router_id, "10.200.0.1");
	p = peer(s, "169.254.10.1", BGP_AFI_IPV4);
	expect_peer(p, 64512, BGP_STATE_ESTABLISHED, "Established", 0, 31, 1, 2);
	p = peer(s, "169.254.11.1", BGP_AFI_IPV4);
	expect_peer(p, 64512, BGP_STATE_ACTIVE, "Active", 0, 0, 0, 0);
	assert_string_equal(p->desc, "AWS-VGW-tunnel2-unreachable");
	bgp_summary_free(s);
	s = summary_ok(FRR("frr-8.4.4_ip-bgp-summary_active.json"));
	p = peer(s, "10.0.1.1", BGP_AFI_IPV4);
	expect_peer(p, 10124, BGP_STATE_ESTABLISHED, "Established", 0, 38, 1, 3);
	p = peer(s, "169.254.11.1", BGP_AFI_IPV4);
	assert_int_equal(p->state, BGP_STATE_ACTIVE);
	bgp_summary_free(s);
}

static void
test_summary_two_families(void **state)
{
	static const char *files[] = {
	    FRR("frr-8.4.4_bgp-summary_standby-ipv4+ipv6.json"),
	    FRR("frr-10.6.1_bgp-summary_standby-ipv4+ipv6.json"),
	    FRR("frr-8.4.4_bgp-vrf-all-summary_standby.json"),
	    FRR("frr-10.6.1_bgp-vrf-all-summary_standby.json"),
	};
	static const uint64_t up4[] = {39, 29, 39, 29}, up6[] = {40, 30, 40, 30};

	for (size_t i = 0; i < 4; i++) {
		struct bgp_summary *s = summary_ok(files[i]);
		const struct bgp_peer *p;

		assert_int_equal(s->npeers, 4);
		assert_int_equal(s->ntables, 2);
		check_standby(s, up4[i], up6[i], 1);
		p = peer(s, "2001:db8:20::1", BGP_AFI_IPV6);
		expect_peer(p, 64512, BGP_STATE_ESTABLISHED, "Established", 0, up6[i], 1, 1);
		assert_string_equal(p->afi_name, "ipv6Unicast");
		assert_string_equal(p->vrf, "default");
		assert_string_equal(p->desc, "AWS-VGW-ipv6");
		bgp_summary_free(s);
	}
}

static void
test_summary_old_and_partial(void **state)
{
	struct bgp_summary *s;
	const struct bgp_peer *p;

	/* FRR 8.0-dev: no peerState, no localAs per peer, no pfxSnt... */
	s = summary_ok(FRR("frr-8.0-dev-2020-11_ip-bgp-summary_pr7594.json"));
	assert_int_equal(s->npeers, 1);
	p = &s->peers[0];
	expect_peer(p, 100, BGP_STATE_IDLE, "Idle (Admin)", 1, 9, 0, 0);
	assert_int_equal(p->local_as, 200); /* from the table */
	bgp_summary_free(s);

	/* A trailing comma (FRR issue 2567) and prefixReceivedCount. */
	s = summary_ok(FRR("frr-unknown-2018-06_bgp-summary_issue2567.json"));
	assert_int_equal(s->npeers, 1);
	p = &s->peers[0];
	assert_string_equal(p->addr, "192.0.5.1");
	assert_int_equal(p->state, BGP_STATE_IDLE);
	assert_string_equal(p->state_text, "Idle (PfxCt)");
	assert_false(p->admin_down);
	assert_true(p->have_pfx_rcvd);
	assert_int_equal(p->pfx_rcvd, 3);
	assert_false(p->have_pfx_sent);
	assert_int_equal(p->state_secs, 5);
	assert_string_equal(p->vrf, "Default");
	bgp_summary_free(s);

	/* Topotest subsets: what is absent is reported absent. */
	s = summary_ok(FRR("frr-topotest-HEAD_bgp-summary_bgp_features-r1_PARTIAL.json"));
	assert_int_equal(s->npeers, 2);
	p = peer(s, "192.168.0.2", BGP_AFI_IPV4);
	assert_int_equal(p->state, BGP_STATE_ESTABLISHED);
	assert_int_equal(p->pfx_rcvd, 7);
	assert_false(p->have_state_secs);
	assert_false(p->have_pfx_sent);
	p = peer(s, "192.168.101.2", BGP_AFI_IPV4);
	assert_int_equal(p->pfx_rcvd, 3);
	assert_int_equal(p->remote_as, 65100);
	bgp_summary_free(s);
	s = summary_ok(FRR("frr-topotest-HEAD_bgp-summary-shutdown_bgp_features-r1_PARTIAL.json"));
	assert_int_equal(s->npeers, 2);
	for (size_t i = 0; i < 2; i++) {
		assert_int_equal(s->peers[i].state, BGP_STATE_IDLE);
		assert_true(s->peers[i].admin_down);
		assert_false(s->peers[i].have_pfx_rcvd);
	}
	bgp_summary_free(s);

	/* A truncated paste. */
	summary_fails(FRR("frr-7.3_bgp-summary_frr_exporter-pr24_PARTIAL.json"), "ends early");
}

static void
test_summary_text_frr(void **state)
{
	struct bgp_summary *s;
	const struct bgp_peer *p;

	s = summary_ok(FRR("frr-10.6.1_ip-bgp-summary_standby.txt"));
	assert_int_equal(s->npeers, 3);
	check_standby(s, 29, 30, 0);
	p = peer(s, "169.254.21.1", BGP_AFI_IPV4);
	assert_string_equal(p->desc, "AWS-VGW-tunnel2-admi"); /* FRR cuts */
	bgp_summary_free(s);

	s = summary_ok(FRR("frr-8.4.4_ip-bgp-summary_standby.txt"));
	assert_int_equal(s->npeers, 3);
	check_standby(s, 39, 40, 0);
	assert_string_equal(peer(s, "169.254.21.1", 0)->desc, "");
	bgp_summary_free(s);

	/* Hostname column "robot(192.168.201.139)" and long uptimes. */
	s = summary_ok(FRR("frr-7.3-dev-2020-02_bgp-summary_pr5817_hostname-column.txt"));
	assert_int_equal(s->npeers, 4);
	assert_int_equal(s->local_as, 64539);
	p = peer(s, "45.33.5.119", 0);
	assert_int_equal(p->state, BGP_STATE_ACTIVE);
	assert_int_equal(p->remote_as, 0);
	p = peer(s, "65.19.134.122", 0);
	assert_int_equal(p->state, BGP_STATE_ESTABLISHED);
	assert_int_equal(p->pfx_rcvd, 800670);
	assert_int_equal(p->state_secs, 6 * 86400 + 22 * 3600 + 55 * 60);
	assert_false(p->have_pfx_sent);
	p = peer(s, "192.168.201.139", 0);
	assert_string_equal(p->hostname, "robot");
	assert_int_equal(p->state, BGP_STATE_CONNECT);
	assert_int_equal(p->state_secs, 5 * 604800 + 2 * 86400 + 5 * 3600);
	bgp_summary_free(s);

	/* Collapsed blanks read; the paster's "<<<<<" mark does not. */
	summary_fails(FRR("frr-7.0_bgp-summary_issue4714_whitespace-collapsed.txt"),
		      "line 12: unexpected \"<<<<<<<<<<<\"");
}

static void
test_summary_not_a_summary(void **state)
{
	static const char *neighbors[] = {
	    FRR("frr-10.6.1_bgp-neighbor_active-tunnel2_not-established.json"),
	    FRR("frr-10.6.1_bgp-neighbor_standby-to-vgw_established.json"),
	    FRR("frr-10.6.1_bgp-neighbor_standby-tunnel2_admin-shutdown.json"),
	    FRR("frr-10.6.1_ip-bgp-neighbors_standby-all.json"),
	    FRR("frr-8.4.4_bgp-neighbor_active-tunnel2_not-established.json"),
	    FRR("frr-8.4.4_bgp-neighbor_standby-to-vgw_established.json"),
	    FRR("frr-8.4.4_bgp-neighbor_standby-tunnel2_admin-shutdown.json"),
	    FRR("frr-8.4.4_ip-bgp-neighbors_standby-all.json"),
	};

	for (size_t i = 0; i < sizeof(neighbors) / sizeof(*neighbors); i++)
		summary_fails(neighbors[i], "got `show bgp neighbors` output");
	summary_fails(FRR("frr-10.6.1_bgp-neighbor_nonexistent.json"), "bgpNoSuchNeighbor");
	summary_fails(FRR("frr-8.4.4_bgp-neighbor_nonexistent.json"), "bgpNoSuchNeighbor");
	summary_fails(FRR("frr-10.6.1_ip-bgp-prefix_vgw-10.124.0.0-24.json"),
		      "unexpected \"prefix\"");
	summary_fails(FRR("frr-8.4.4_ip-bgp-prefix_vgw-10.124.0.0-24.json"),
		      "unexpected \"prefix\"");
	summary_fails(FRR("frr-10.6.1_advertised-routes_standby-prepend.json"),
		      "unexpected \"bgpTableVersion\"");
	summary_fails(FRR("frr-10.6.1_advertised-routes_nonexistent-neighbor.json"),
		      "the router says: No such neighbor in this view/vrf");
	summary_fails(FRR("frr-10.6.1_show-version.txt"), "expected a BGP summary");
	summary_fails(FRR("frr-8.4.4_show-version.txt"), "expected a BGP summary");
	summary_fails(FRR("frr-10.6.1_ip-bgp_vgw.txt"), "expected a BGP summary");
	summary_fails(FRR("frr-10.6.1_advertised-routes_standby-prepend.txt"),
		      "expected a BGP summary");
	/* An annotated documentation excerpt: JSON with prose in it. */
	summary_fails(FRR("frr-doc-2021_bgp-neighbor-json_doc-user-bgp.rst_ANNOTATED_PARTIAL.txt"),
		      "malformed JSON");
}

/* ---- advertised routes ------------------------------------------- */

static void
expect_route(const struct bgp_route *r, const char *prefix, const char *path, const char *nh,
	     enum bgp_origin origin)
{
	char buf[256];

	assert_string_equal(r->prefix, prefix);
	bgp_path_format(&r->path, buf, sizeof(buf));
	assert_string_equal(buf, path);
	assert_string_equal(r->nexthop, nh);
	assert_int_equal(r->origin, origin);
}

static void
check_standby_routes(const struct bgp_routes *r)
{
	assert_int_equal(r->n, 2);
	assert_true(r->have_local_as);
	assert_int_equal(r->local_as, 65000);
	assert_string_equal(r->router_id, "10.200.0.2");
	assert_string_equal(r->warning, "");
	expect_route(&r->routes[0], "10.124.0.0/24", "65000 65000 65000 10124", "0.0.0.0",
		     BGP_ORIGIN_IGP);
	assert_false(r->routes[0].have_metric);
	assert_int_equal(r->routes[0].weight, 0);
	expect_route(&r->routes[1], "10.200.0.0/16", "65000 65000 65000", "0.0.0.0",
		     BGP_ORIGIN_IGP);
	assert_true(r->routes[1].have_metric);
	assert_int_equal(r->routes[1].metric, 0);
	assert_int_equal(r->routes[1].weight, 32768);
	assert_int_equal(aspath_prepend_count(&r->routes[0].path, 65000), 3);
	assert_int_equal(aspath_prepend_count(&r->routes[1].path, 65000), 3);
}

static void
test_routes_standby(void **state)
{
	static const char *files[] = {
	    FRR("frr-10.6.1_advertised-routes_standby-prepend.json"),
	    FRR("frr-8.4.4_advertised-routes_standby-prepend.json"),
	    FRR("frr-10.6.1_advertised-routes_standby-prepend.txt"),
	    FRR("frr-8.4.4_advertised-routes_standby-prepend.txt"),
	};

	for (size_t i = 0; i < 4; i++) {
		struct bgp_routes *r = routes_ok(files[i]);

		check_standby_routes(r);
		bgp_routes_free(r);
	}
}

static void
test_routes_active(void **state)
{
	static const char *files[] = {
	    FRR("frr-10.6.1_advertised-routes_active.json"),
	    FRR("frr-8.4.4_advertised-routes_active.json"),
	};

	for (size_t i = 0; i < 2; i++) {
		struct bgp_routes *r = routes_ok(files[i]);

		assert_int_equal(r->n, 2);
		assert_int_equal(r->local_as, 65000);
		assert_string_equal(r->router_id, "10.200.0.1");
		expect_route(&r->routes[0], "10.124.0.0/24", "10124", "0.0.0.0", BGP_ORIGIN_IGP);
		expect_route(&r->routes[1], "10.200.0.0/16", "(empty)", "0.0.0.0", BGP_ORIGIN_IGP);
		assert_int_equal(r->routes[1].path.n, 0);
		assert_int_equal(aspath_prepend_count(&r->routes[0].path, 65000), 0);
		assert_int_equal(aspath_prepend_count(&r->routes[1].path, 65000), 0);
		bgp_routes_free(r);
	}
}

static void
test_routes_ipv6(void **state)
{
	static const char *files[] = {
	    FRR("frr-10.6.1_advertised-routes_standby-ipv6-prepend.json"),
	    FRR("frr-8.4.4_advertised-routes_standby-ipv6-prepend.json"),
	};

	for (size_t i = 0; i < 2; i++) {
		struct bgp_routes *r = routes_ok(files[i]);

		assert_int_equal(r->n, 1);
		expect_route(&r->routes[0], "2001:db8:124::/48", "65000 65000 65000",
			     "::", BGP_ORIGIN_IGP);
		assert_int_equal(r->routes[0].pfx.prefixlen, 48);
		assert_int_equal(aspath_prepend_count(&r->routes[0].path, 65000), 3);
		bgp_routes_free(r);
	}
}

static void
test_routes_refusals(void **state)
{
	struct bgp_routes *r;

	r = routes_ok(FRR("frr-10.6.1_advertised-routes_nonexistent-neighbor.json"));
	assert_string_equal(r->warning, "No such neighbor in this view/vrf");
	assert_int_equal(r->n, 0);
	bgp_routes_free(r);
	r = routes_ok(FRR("frr-8.4.4_advertised-routes_nonexistent-neighbor.json"));
	assert_string_equal(r->warning, "No such neighbor in this view/vrf");
	bgp_routes_free(r);
	r = routes_ok(FRR("frr-10.6.1_advertised-routes_afi-not-activated.json"));
	assert_string_equal(r->warning, "No such neighbor or address family");
	bgp_routes_free(r);
	r = routes_ok(FRR("frr-10.6.1_received-routes_no-soft-reconfig-warning.json"));
	assert_string_equal(r->warning, "Inbound soft reconfiguration not enabled");
	bgp_routes_free(r);
	r = routes_ok(FRR("frr-8.4.4_received-routes_no-soft-reconfig-warning.json"));
	assert_string_equal(r->warning, "Inbound soft reconfiguration not enabled");
	bgp_routes_free(r);
	r = routes_ok(FRR("frr-10.6.1_bgp-neighbor_nonexistent.json"));
	assert_string_equal(r->warning, "No such neighbor");
	bgp_routes_free(r);

	/* Not established: an empty table, with or without the header. */
	r = routes_ok(FRR("frr-10.6.1_advertised-routes_peer-not-established.json"));
	assert_int_equal(r->n, 0);
	assert_int_equal(r->local_as, 65000);
	assert_string_equal(r->warning, "");
	bgp_routes_free(r);
	r = routes_ok(FRR("frr-8.4.4_advertised-routes_peer-not-established.json"));
	assert_int_equal(r->n, 0);
	assert_false(r->have_local_as);
	bgp_routes_free(r);
}

static void
test_routes_other_answers(void **state)
{
	struct bgp_routes *r;

	routes_fail(FRR("frr-10.6.1_advertised-routes-detail_standby-prepend.json"),
		    "advertised-routes detail");
	routes_fail(FRR("frr-topotest-HEAD_advertised-routes-detail-vpnv4_bgp_vpnv4_noretain-r1_"
			"PARTIAL.json"),
		    "route distinguisher");
	routes_fail(FRR("frr-master-2026-03_advertised-routes-json-brief_pr21411.json"),
		    "json brief");
	routes_fail(FRR("frr-master-2026-03_advertised-routes_pr21411_PARTIAL.json"), "ends early");
	routes_fail(FRR("frr-8.5-dev-2023-01_advertised-routes_pr12622_PARTIAL.json"),
		    "ends early");
	routes_fail(FRR("frr-10.6.1_received-routes_standby-from-vgw.json"), "\"receivedRoutes\"");
	routes_fail(FRR("frr-8.4.4_received-routes_standby-from-vgw.json"), "\"receivedRoutes\"");
	routes_fail(FRR("frr-10.6.1_neighbor-routes_vgw-from-standby.json"), "got \"routes\"");
	routes_fail(FRR("frr-8.4.4_neighbor-routes_vgw-from-standby.json"), "got \"routes\"");
	routes_fail(FRR("frr-10.6.1_ip-bgp-summary_standby.json"), "expected \"advertisedRoutes\"");
	routes_fail(FRR("frr-8.4.4_ip-bgp-prefix_vgw-10.124.0.0-24.json"),
		    "expected \"advertisedRoutes\"");
	routes_fail(FRR("frr-10.6.1_show-version.txt"), "got other text");
	routes_fail(FRR("frr-8.4.4_ip-bgp-summary_standby.txt"), "line 3: expected a route table");
	routes_fail(FRR("frr-doc-2021_bgp-neighbor-json_doc-user-bgp.rst_ANNOTATED_PARTIAL.txt"),
		    "malformed JSON");
	/* Blanks collapsed by the paste: the row no longer lines up. */
	routes_fail(FRR("frr-unknown-2020-03_advertised-routes-prepend_issue5995_PARTIAL.txt"),
		    "line 10: the row does not line up");

	/* `show ip bgp` on the VGW: the same table, two paths a prefix. */
	r = routes_ok(FRR("frr-10.6.1_ip-bgp_vgw.txt"));
	assert_int_equal(r->n, 5);
	assert_int_equal(r->local_as, 64512);
	expect_route(&r->routes[0], "10.124.0.0/24", "65000 10124", "169.254.10.2", BGP_ORIGIN_IGP);
	expect_route(&r->routes[1], "10.124.0.0/24", "65000 65000 65000 65000 10124",
		     "169.254.20.2", BGP_ORIGIN_IGP);
	expect_route(&r->routes[4], "172.31.0.0/16", "(empty)", "0.0.0.0", BGP_ORIGIN_IGP);
	assert_int_equal(r->routes[4].weight, 32768);
	bgp_routes_free(r);
	r = routes_ok(FRR("frr-8.4.4_ip-bgp_vgw.txt"));
	assert_int_equal(r->n, 5);
	expect_route(&r->routes[2], "10.200.0.0/16", "65000 65000 65000 65000", "169.254.20.2",
		     BGP_ORIGIN_IGP);
	expect_route(&r->routes[3], "10.200.0.0/16", "65000", "169.254.10.2", BGP_ORIGIN_IGP);
	bgp_routes_free(r);
}

/* ---- format detection -------------------------------------------- */

static void
test_detect(void **state)
{
	char msg[128];

	assert_int_equal(bgp_detect_format(" \n{}", 4, msg, sizeof(msg)), BGP_FMT_JSON);
	assert_int_equal(bgp_detect_format("", 0, msg, sizeof(msg)), BGP_FMT_EMPTY);
	assert_int_equal(bgp_detect_format(" \r\n\t", 4, msg, sizeof(msg)), BGP_FMT_EMPTY);
	assert_int_equal(
	    bgp_detect_format("% Unknown command: show x json\n", 31, msg, sizeof(msg)),
	    BGP_FMT_UNKNOWN_COMMAND);
	assert_string_equal(msg, "Unknown command: show x json");
	assert_int_equal(bgp_detect_format("% [BGP] Unknown command: a\n", 27, msg, sizeof(msg)),
			 BGP_FMT_UNKNOWN_COMMAND);
	assert_int_equal(bgp_detect_format("% BGP instance not found\n", 25, msg, sizeof(msg)),
			 BGP_FMT_VTYSH_ERROR);
	assert_string_equal(msg, "BGP instance not found");
	assert_int_equal(
	    bgp_detect_format("Exiting: failed to connect to any daemons.\n", 43, msg, sizeof(msg)),
	    BGP_FMT_VTYSH_ERROR);
	assert_int_equal(bgp_detect_format("a\0b", 3, msg, sizeof(msg)), BGP_FMT_BINARY);
	assert_int_equal(bgp_detect_format("BGP router", 10, msg, sizeof(msg)), BGP_FMT_TEXT);
}

/* Empty and blank answers: no evidence, the same words for both parsers. */
static void
test_empty_answer(void **state)
{
	static const char *const blank[] = {"", " ", "\n", " \r\n\t\n  "};
	struct bgp_summary *s;
	struct bgp_routes *r;
	char err[256];

	for (size_t i = 0; i < sizeof(blank) / sizeof(blank[0]); i++) {
		assert_int_equal(summary_parse(blank[i], strlen(blank[i]), &s, err, sizeof(err)), -1);
		assert_null(s);
		assert_string_equal(err, "empty answer: expected a BGP summary (JSON or text)");
		assert_int_equal(routes_parse(blank[i], strlen(blank[i]), &r, err, sizeof(err)), -1);
		assert_null(r);
		assert_string_equal(err, "empty answer: expected advertised routes (JSON or text)");
	}
}

/* ---- neighbour evaluation ---------------------------------------- */

static struct bgp_check_config
cfg_all(void)
{
	struct bgp_check_config c;

	memset(&c, 0, sizeof(c));
	return c;
}

static void
test_eval_standby(void **state)
{
	struct bgp_summary *s = summary_ok(FRR("frr-10.6.1_bgp-summary_standby-ipv4+ipv6.json"));
	struct bgp_check_config c = cfg_all();
	struct bgp_check_result r;
	const char *tunnels[] = {"169.254.20.1", "169.254.21.1"};
	const char *v6[] = {"2001:DB8:20::1"};
	const char *missing[] = {"169.254.99.1"};
	struct range crit, warn;
	char err[64];

	/* All neighbours, every family: the admin-down tunnel is CRITICAL. */
	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.nitems, 4);
	assert_int_equal(r.nestablished, 3);
	assert_int_equal(r.state, STATE_CRITICAL);
	assert_int_equal(r.items[2].state, STATE_CRITICAL);
	assert_int_equal(r.items[2].why, BGP_WHY_DOWN);
	assert_true(r.items[2].peer->admin_down);
	assert_string_equal(r.items[2].peer->state_text, "Idle (Admin)");
	assert_int_equal(r.items[0].state, STATE_OK);
	bgp_check_result_free(&r);

	/* Two tunnels, --min-up 1: one down is a WARNING. */
	c.neighbours = tunnels;
	c.nneighbours = 2;
	c.have_min_up = 1;
	c.min_up = 1;
	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.state, STATE_WARNING);
	assert_int_equal(r.items[1].state, STATE_WARNING);
	assert_int_equal(r.nestablished, 1);
	bgp_check_result_free(&r);
	c.min_up = 2;
	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.state, STATE_CRITICAL);
	bgp_check_result_free(&r);

	/* --min-uptime: 30 s old sessions flapped. */
	c = cfg_all();
	c.afi = BGP_AFI_IPV4;
	c.neighbours = tunnels;
	c.nneighbours = 1;
	c.have_min_uptime = 1;
	c.min_uptime = 300;
	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.state, STATE_WARNING);
	assert_int_equal(r.items[0].why, BGP_WHY_YOUNG);
	assert_int_equal(r.items[0].peer->state_secs, 30);
	bgp_check_result_free(&r);
	c.min_uptime = 30;
	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.state, STATE_OK);
	bgp_check_result_free(&r);

	/* -c on prefixes received. */
	c.have_min_uptime = 0;
	assert_int_equal(range_parse("2:", &crit, err, sizeof(err)), 0);
	c.crit = &crit;
	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.state, STATE_CRITICAL);
	assert_int_equal(r.items[0].why, BGP_WHY_PFX_RCVD);
	assert_int_equal(r.items[0].peer->pfx_rcvd, 1);
	bgp_check_result_free(&r);
	assert_int_equal(range_parse("1:", &warn, err, sizeof(err)), 0);
	c.crit = NULL;
	c.warn = &warn;
	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.state, STATE_OK);
	bgp_check_result_free(&r);

	/* IPv6 family, address written differently. */
	c = cfg_all();
	c.afi = BGP_AFI_IPV6;
	c.neighbours = v6;
	c.nneighbours = 1;
	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.state, STATE_OK);
	assert_non_null(r.items[0].peer);
	assert_int_equal(r.nestablished, 1);
	bgp_check_result_free(&r);

	/* A neighbour not configured, and one of the wrong family. */
	c.neighbours = missing;
	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.state, STATE_CRITICAL);
	assert_null(r.items[0].peer);
	bgp_check_result_free(&r);
	c.neighbours = tunnels;
	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.state, STATE_CRITICAL);
	assert_null(r.items[0].peer);
	bgp_check_result_free(&r);

	/* A VRF that is not there: nothing selected. */
	c = cfg_all();
	c.vrf = "RED";
	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.nitems, 0);
	assert_int_equal(r.state, STATE_CRITICAL);
	bgp_check_result_free(&r);
	c.vrf = "default";
	c.afi = BGP_AFI_IPV6;
	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.nitems, 1);
	assert_int_equal(r.state, STATE_OK);
	bgp_check_result_free(&r);
	bgp_summary_free(s);
}

static void
test_eval_active_and_unknowns(void **state)
{
	struct bgp_summary *s = summary_ok(FRR("frr-8.4.4_ip-bgp-summary_active.json"));
	struct bgp_check_config c = cfg_all();
	struct bgp_check_result r;
	struct range crit;
	char err[64];

	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.state, STATE_CRITICAL);
	assert_int_equal(r.items[2].why, BGP_WHY_DOWN);
	assert_false(r.items[2].peer->admin_down);
	assert_string_equal(r.items[2].peer->state_text, "Active");
	bgp_check_result_free(&r);
	bgp_summary_free(s);

	/* A topotest subset has no uptime: --min-uptime cannot judge. */
	s = summary_ok(FRR("frr-topotest-HEAD_bgp-summary_bgp_features-r1_PARTIAL.json"));
	c.have_min_uptime = 1;
	c.min_uptime = 10;
	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.state, STATE_UNKNOWN);
	assert_int_equal(r.items[0].why, BGP_WHY_NO_UPTIME);
	bgp_check_result_free(&r);
	bgp_summary_free(s);
	s = summary_ok(FRR("frr-topotest-HEAD_bgp-summary-shutdown_bgp_features-r1_PARTIAL.json"));
	c = cfg_all();
	assert_int_equal(range_parse("1:", &crit, err, sizeof(err)), 0);
	c.crit = &crit;
	assert_int_equal(bgp_check_evaluate(s, &c, &r), 0);
	assert_int_equal(r.state, STATE_CRITICAL);
	assert_int_equal(r.items[0].why, BGP_WHY_DOWN);
	assert_true(r.items[0].peer->admin_down);
	assert_string_equal(r.items[0].peer->state_text, "Idle (Admin)");
	bgp_check_result_free(&r);
	bgp_summary_free(s);
}

/* Real FRR 8.4.4 answers from the lab (t/fixtures/frr-lab, made by its
 * capture.py): every summary and advertised-routes file. */
static void
test_lab_fixtures(void **state)
{
	static const struct {
		const char *file;
		size_t n;    /* peers or routes */
		size_t up;   /* summaries: Established */
		int prepend; /* routes: min prepend of 65000, -1 none */
	} sums
	    [] =
		{
		    {"frr-8.4.4_show-ip-bgp-summary_active.json", 2, 2, 0},
		    {"frr-8.4.4_show-bgp-ipv4-unicast-summary_active.json", 2, 2, 0},
		    {"frr-8.4.4_show-bgp-ipv6-unicast-summary_active.json", 1, 1, 0},
		    {"frr-8.4.4_show-ip-bgp-summary_active.txt", 2, 2, 0},
		    {"frr-8.4.4_show-ip-bgp-summary_standby.json", 2, 2, 0},
		    {"frr-8.4.4_show-bgp-ipv4-unicast-summary_standby.json", 2, 2, 0},
		    {"frr-8.4.4_show-bgp-ipv6-unicast-summary_standby.json", 1, 1, 0},
		    {"frr-8.4.4_show-ip-bgp-summary_standby.txt", 2, 2, 0},
		    {"frr-8.4.4_show-bgp-vrf-fxcap-blue-ipv4-unicast-summary_active-vrf.json", 1, 1,
		     0},
		    {"frr-8.4.4_show-bgp-vrf-all-summary_active-vrf.json", 4, 4, 0},
		    {"frr-8.4.4_show-bgp-vrf-nosuchvrf-ipv4-unicast-summary_nonexistent-vrf.json",
		     0, 0, 0},
		    {"frr-8.4.4_show-ip-bgp-summary_active-tunnel2-down.json", 2, 1, 0},
		    {"frr-8.4.4_show-ip-bgp-summary_active-tunnel1-shutdown.json", 2, 1, 0},
		    {"frr-8.4.4_show-ip-bgp-summary_active-tunnel1-shutdown.txt", 2, 1, 0},
		    {"frr-8.4.4_show-ip-bgp-summary_standby-after-failover.json", 2, 2, 0},
		},
	routes[] = {
	    {"frr-8.4.4_show-ip-bgp-neighbors-169.254.11.1-advertised-routes_active.json", 2, 0, 0},
	    {"frr-8.4.4_show-ip-bgp-neighbors-169.254.11.1-advertised-routes_active.txt", 2, 0, 0},
	    {"frr-8.4.4_show-bgp-ipv6-unicast-neighbors-fd00_11__1-advertised-routes_active.json",
	     2, 0, 0},
	    {"frr-8.4.4_show-ip-bgp-neighbors-169.254.21.1-advertised-routes_standby-prepend.json",
	     2, 0, 3},
	    {"frr-8.4.4_show-ip-bgp-neighbors-169.254.22.1-advertised-routes_standby-prepend.json",
	     2, 0, 3},
	    {"frr-8.4.4_show-ip-bgp-neighbors-169.254.21.1-advertised-routes_standby-prepend.txt",
	     2, 0, 3},
	    {"frr-8.4.4_show-bgp-ipv6-unicast-neighbors-fd00_21__1-advertised-routes_standby-"
	     "prepend.json",
	     2, 0, 3},
	    {"frr-8.4.4_show-ip-bgp-neighbors-169.254.21.1-advertised-routes_standby-no-prepend."
	     "json",
	     2, 0, 0},
	    {"frr-8.4.4_show-ip-bgp-neighbors-169.254.21.1-advertised-routes_standby-no-prepend."
	     "txt",
	     2, 0, 0},
	    {"frr-8.4.4_show-bgp-ipv6-unicast-neighbors-fd00_21__1-advertised-routes_standby-no-"
	     "prepend.json",
	     2, 0, 0},
	    {"frr-8.4.4_show-ip-bgp-neighbors-169.254.12.1-advertised-routes_active-tunnel2-down."
	     "json",
	     0, 0, -1},
	    {"frr-8.4.4_show-ip-bgp-neighbors-169.254.99.1-advertised-routes_nonexistent-neighbor."
	     "json",
	     0, 0, -1},
	};
	char path[512];

	for (size_t i = 0; i < sizeof(sums) / sizeof(*sums); i++) {
		struct bgp_summary *s;
		size_t up = 0;

		snprintf(path, sizeof(path), "frr-lab/%s", sums[i].file);
		s = summary_ok(path);
		assert_int_equal(s->npeers, sums[i].n);
		for (size_t k = 0; k < s->npeers; k++) {
			up += s->peers[k].state == BGP_STATE_ESTABLISHED;
			assert_string_not_equal(s->peers[k].desc, "N/A");
		}
		assert_int_equal(up, sums[i].up);
		bgp_summary_free(s);
	}
	for (size_t i = 0; i < sizeof(routes) / sizeof(*routes); i++) {
		struct bgp_routes *r;
		unsigned lo = 99;

		snprintf(path, sizeof(path), "frr-lab/%s", routes[i].file);
		r = routes_ok(path);
		assert_int_equal(r->n, routes[i].n);
		for (size_t k = 0; k < r->n; k++) {
			unsigned c = aspath_prepend_count(&r->routes[k].path, 65000);
			lo = c < lo ? c : lo;
		}
		if (routes[i].prepend >= 0)
			assert_int_equal(lo, (unsigned)routes[i].prepend);
		bgp_routes_free(r);
	}
}

/* ---- truncated and garbage input --------------------------------- */

static const char *all_json[] = {
    FRR("frr-10.6.1_ip-bgp-summary_standby.json"),
    FRR("frr-10.6.1_bgp-summary_standby-ipv4+ipv6.json"),
    FRR("frr-8.4.4_bgp-vrf-all-summary_standby.json"),
    FRR("frr-10.6.1_advertised-routes_standby-prepend.json"),
    FRR("frr-8.4.4_advertised-routes_standby-prepend.json"),
    FRR("frr-8.4.4_advertised-routes_standby-ipv6-prepend.json"),
    FRR("frr-10.6.1_advertised-routes_nonexistent-neighbor.json"),
};

/* Every cut of a JSON answer before its closing brace must fail: a
 * truncated answer never reads as a shorter valid one. */
static void
test_truncated_json(void **state)
{
	for (size_t f = 0; f < sizeof(all_json) / sizeof(*all_json); f++) {
		size_t len, last;
		char *buf = fixture_load(all_json[f], &len);
		char err[512];

		last = len;
		while (last > 0 && buf[last - 1] != '}')
			last--;
		for (size_t cut = 0; cut < last; cut++) {
			struct bgp_summary *s = NULL;
			struct bgp_routes *r = NULL;
			/* Exactly cut bytes, no terminator: ASan sees any
			 * read past the answer. */
			char *copy = malloc(cut > 0 ? cut : 1);
			size_t blanks = 0;

			memcpy(copy, buf, cut);
			while (blanks < cut && (copy[blanks] == ' ' || copy[blanks] == '\n'))
				blanks++;
			assert_int_equal(summary_parse(copy, cut, &s, err, sizeof(err)), -1);
			assert_null(s);
			assert_true(err[0] != '\0');
			assert_int_equal(routes_parse(copy, cut, &r, err, sizeof(err)), -1);
			assert_null(r);
			/* Nothing at all is no evidence, not "no routes". */
			assert_true((blanks == cut) == (strstr(err, "empty answer") != NULL));
			free(copy);
		}
		free(buf);
	}
}

static void
test_garbage_json(void **state)
{
	static const char *bad[] = {
	    "{",
	    "[]",
	    "null",
	    "{\"ipv4Unicast\": 5}",
	    "{\"ipv4Unicast\": {\"peers\": []}}",
	    "{\"ipv4Unicast\": {\"as\": 1, \"peers\": {\"1.2.3.4\": 3}}}",
	    "{\"ipv4Unicast\": {\"as\": 1, \"peers\": {\"1.2.3.4\": {}}}}",
	    "{\"ipv4Unicast\": {\"as\": 1, \"peers\": {\"1.2.3.4\": "
	    "{\"state\": \"Established\", \"pfxRcd\": -1}}}}",
	    "{\"ipv4Unicast\": {\"as\": 1, \"peers\": {\"1.2.3.4\": "
	    "{\"state\": \"Established\", \"pfxRcd\": \"7\"}}}}",
	    "{\"ipv4Unicast\": {\"as\": 1, \"peers\": {\"1.2.3.4\": "
	    "{\"state\": \"Established\", \"peerUptime\": \"soon\"}}}}",
	    "{\"ipv4Unicast\": {\"as\": \"x\", \"peers\": {}}}",
	    "{\"ipv4Unicast\": {\"as\": 99999999999, \"peers\": {}}}",
	    "{\"a\":1} trailing",
	    "{\"advertisedRoutes\": {}} {}",
	    "\x01\x02\x03",
	    "{\"x\":\"\xff\xfe\"",
	};
	static const char *bad_routes[] = {
	    "{\"advertisedRoutes\": []}",
	    "{\"advertisedRoutes\": {\"1.2.3.0/24\": {\"path\": \"1 x\"}}}",
	    "{\"advertisedRoutes\": {\"1.2.3.0/24\": {\"path\": \"{1,2\"}}}",
	    "{\"advertisedRoutes\": {\"1.2.3.4/24\": {\"path\": \"1\"}}}",
	    "{\"advertisedRoutes\": {\"1.2.3.0/33\": {\"path\": \"1\"}}}",
	    "{\"advertisedRoutes\": {\"nonsense\": {\"path\": \"1\"}}}",
	    "{\"advertisedRoutes\": {\"1.2.3.0\": {\"path\": \"1\"}}}",
	    "{\"advertisedRoutes\": {\"1.2.3.0/24\": {\"path\": \"1\", "
	    "\"origin\": \"maybe\"}}}",
	    "{\"advertisedRoutes\": {\"1.2.3.0/24\": {\"path\": "
	    "\"4294967296\"}}}",
	    "{\"localAS\": -5, \"advertisedRoutes\": {}}",
	};
	char err[512];

	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct bgp_summary *s = NULL;
		struct bgp_routes *r = NULL;

		err[0] = '\0';
		assert_int_equal(summary_parse(bad[i], strlen(bad[i]), &s, err, sizeof(err)), -1);
		assert_null(s);
		assert_true(err[0] != '\0');
		if (routes_parse(bad[i], strlen(bad[i]), &r, err, sizeof(err)) == 0) {
			/* Only a refusal may read: no routes, a warning. */
			assert_int_equal(r->n, 0);
			bgp_routes_free(r);
		}
	}
	for (size_t i = 0; i < sizeof(bad_routes) / sizeof(*bad_routes); i++) {
		struct bgp_routes *r = NULL;

		err[0] = '\0';
		assert_int_equal(
		    routes_parse(bad_routes[i], strlen(bad_routes[i]), &r, err, sizeof(err)), -1);
		assert_null(r);
		assert_true(err[0] != '\0');
	}
}

/* Random bytes and random mutations of a real answer: no crash, and
 * either a clean error or a result (mutations may stay valid). */
static void
test_fuzz_light(void **state)
{
	size_t len;
	char *buf = fixture_load(FRR("frr-8.4.4_bgp-summary_standby-ipv4+ipv6.json"), &len);
	char *rbuf = fixture_load(FRR("frr-10.6.1_advertised-routes_standby-prepend.txt"), &len);
	unsigned seed = 12345;
	char err[512];

	free(rbuf);
	len = strlen(buf);
	for (int round = 0; round < 400; round++) {
		char *m = strdup(buf);
		struct bgp_summary *s = NULL;
		struct bgp_routes *r = NULL;

		for (int k = 0; k < 3; k++) {
			seed = seed * 1103515245u + 12345u;
			m[(seed >> 8) % len] = (char)((seed >> 16) & 0x7f);
		}
		if (summary_parse(m, len, &s, err, sizeof(err)) == 0)
			bgp_summary_free(s);
		if (routes_parse(m, len, &r, err, sizeof(err)) == 0)
			bgp_routes_free(r);
		free(m);
	}
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_summary_standby_json),
	    cmocka_unit_test(test_summary_active_json),
	    cmocka_unit_test(test_summary_two_families),
	    cmocka_unit_test(test_summary_old_and_partial),
	    cmocka_unit_test(test_summary_text_frr),
	    cmocka_unit_test(test_summary_not_a_summary),
	    cmocka_unit_test(test_routes_standby),
	    cmocka_unit_test(test_routes_active),
	    cmocka_unit_test(test_routes_ipv6),
	    cmocka_unit_test(test_routes_refusals),
	    cmocka_unit_test(test_routes_other_answers),
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_empty_answer),
	    cmocka_unit_test(test_eval_standby),
	    cmocka_unit_test(test_eval_active_and_unknowns),
	    cmocka_unit_test(test_lab_fixtures),
	    cmocka_unit_test(test_truncated_json),
	    cmocka_unit_test(test_garbage_json),
	    cmocka_unit_test(test_fuzz_light),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
