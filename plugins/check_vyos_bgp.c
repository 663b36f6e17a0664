/* SPDX-License-Identifier: ISC */
/*
 * check_vyos_bgp: are the router's BGP sessions (to the VGW's tunnels)
 * Established, old enough, and receiving what they should?
 *
 * options (check_vyos_bgp_doc.c) -> ask the router or read --input
 * (lib/bgp/bgp_query.c) -> parse -> evaluate (pure, lib/bgp/bgp_eval.c) ->
 * render the status line and perfdata here.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bgp/bgp_eval.h"
#include "bgp/bgp_query.h"
#include "check_vyos_bgp.h"

/* The label prefix of a neighbour, graph-safe (plugin_perf_label). */
static void
label_of(const struct bgp_summary *s, const struct bgp_peer *p, char *buf, size_t len)
{
	/* The same neighbour in two families or VRFs needs two labels. */
	int vrf = p->vrf[0] != '\0' && strcasecmp(p->vrf, "default") != 0;
	int afi = s->ntables > 1 && p->afi != BGP_AFI_UNSPEC;

	plugin_perf_label(buf, len, "%s%s%s%s%s", p->addr, vrf ? "_" : "", vrf ? p->vrf : "",
			  afi ? "_" : "", afi ? bgp_afi_name(p->afi) : "");
}

/* A range "N:" (alert below N) for perfdata thresholds. */
static void
at_least(struct range *r, uint64_t n)
{
	char t[32], err[64];

	snprintf(t, sizeof(t), "%" PRIu64 ":", n);
	(void)range_parse(t, r, err, sizeof(err));
}

/*
 * Perfdata per neighbour, then the count of sessions up, each with the
 * threshold its state comes from, so graphs draw the line that alerts:
 * a session down is CRITICAL (WARNING with --min-up, whose count carries
 * the critical), --min-uptime warns, -w/-c judge the prefixes received.
 * state is a flag, not a fraction of 1: no maximum.
 */
static void
add_perfdata(struct plugin *p, const struct bgp_summary *s, const struct bgp_check_config *bc,
	     const struct bgp_check_result *r)
{
	struct range one, uptime, established;
	char label[128], item[192];

	at_least(&one, 1);
	if (bc->have_min_uptime)
		at_least(&uptime, bc->min_uptime);
	at_least(&established, bc->have_min_up ? bc->min_up : r->nitems);
	for (size_t i = 0; i < r->nitems; i++) {
		const struct bgp_peer *pe = r->items[i].peer;
		int up;

		if (pe == NULL)
			continue;
		up = pe->state == BGP_STATE_ESTABLISHED;
		label_of(s, pe, label, sizeof(label));
		snprintf(item, sizeof(item), "%s_state", label);
		plugin_perf(p, item, up, NULL, bc->have_min_up ? &one : NULL,
			    bc->have_min_up ? NULL : &one, 1, 0, 0, 0);
		if (pe->have_state_secs) {
			snprintf(item, sizeof(item), "%s_uptime", label);
			plugin_perf(p, item, up ? (double)pe->state_secs : 0, "s",
				    bc->have_min_uptime ? &uptime : NULL, NULL, 1, 0, 0, 0);
		}
		if (pe->have_pfx_rcvd) {
			snprintf(item, sizeof(item), "%s_pfx_rcvd", label);
			plugin_perf(p, item, (double)pe->pfx_rcvd, NULL, bc->warn, bc->crit, 1, 0,
				    0, 0);
		}
		if (pe->have_pfx_sent) {
			snprintf(item, sizeof(item), "%s_pfx_sent", label);
			plugin_perf(p, item, (double)pe->pfx_sent, NULL, NULL, NULL, 1, 0, 0, 0);
		}
	}
	plugin_perf(p, "established", (double)r->nestablished, NULL, NULL,
		    bc->have_min_up || r->nitems > 0 ? &established : NULL, 1, 0, 1,
		    (double)r->nitems);
}

/* The words for an item's reasons, in the order of enum bgp_check_why. */
static void
why_text(const struct bgp_check_item *it, const struct bgp_check_config *bc, char *buf, size_t len)
{
	const struct bgp_peer *pe = it->peer;
	size_t o = 0;

	buf[0] = '\0';
	if (it->why & BGP_WHY_MISSING)
		text_append(buf, len, &o, "not in the answer (neighbour not configured%s)",
			    bc->afi != BGP_AFI_UNSPEC || bc->vrf != NULL ? " for this family/VRF"
									 : "");
	if (it->why & BGP_WHY_DOWN)
		text_append(buf, len, &o, pe->admin_down ? "admin shutdown (%s)" : "%s",
			    pe->state_text);
	if (it->why & BGP_WHY_NO_POLICY)
		text_append(buf, len, &o,
			    "Established but no policy (RFC 8212: nothing exchanged)");
	if (it->why & BGP_WHY_NO_UPTIME)
		text_append(buf, len, &o, "uptime not in the answer");
	if (it->why & BGP_WHY_YOUNG)
		text_append(buf, len, &o, "up only %" PRIu64 " s (< %" PRIu64 " s: flapped?)",
			    pe->state_secs, bc->min_uptime);
	if (it->why & BGP_WHY_NO_PFX_RCVD)
		text_append(buf, len, &o, "%sprefixes received not in the answer", o ? ", " : "");
	if (it->why & BGP_WHY_PFX_RCVD)
		text_append(buf, len, &o, "%s%" PRIu64 " prefixes received", o ? ", " : "",
			    pe->pfx_rcvd);
}

static void
render(struct plugin *p, const struct bgp_cli *cli, const struct bgp_summary *s,
       const struct bgp_check_config *bc, const struct bgp_check_result *r)
{
	char why[256];
	char msg[PLUGIN_MSG_MAX], item[256];
	size_t o = 0, i, ok = 0;
	int first = 1;

	msg[0] = '\0';
	/* Every neighbour that is not OK, first. */
	for (i = 0; i < r->nitems; i++) {
		const struct bgp_check_item *it = &r->items[i];

		if (it->state == STATE_OK)
			continue;
		why_text(it, bc, why, sizeof(why));
		if (it->peer != NULL && it->peer->desc[0] != '\0')
			text_append(msg, sizeof(msg), &o, "%s%s (%s) %s", first ? "" : ", ",
				    it->peer->addr, it->peer->desc, why);
		else
			text_append(msg, sizeof(msg), &o, "%s%s %s", first ? "" : ", ",
				    it->peer ? it->peer->addr : it->wanted, why);
		first = 0;
	}
	if (r->nitems == 0) {
		text_append(msg, sizeof(msg), &o, "no BGP neighbours%s%s%s%s%s",
			    cli->afi != BGP_AFI_UNSPEC ? " for " : "",
			    cli->afi != BGP_AFI_UNSPEC ? bgp_afi_name(cli->afi) : "",
			    cli->vrf ? " in VRF " : "", cli->vrf ? cli->vrf : "",
			    s->ntables == 0 ? " (the router answered nothing: no "
					      "BGP instance or no such VRF?)"
					    : "");
	} else {
		text_append(msg, sizeof(msg), &o, "%s%zu of %zu Established", first ? "" : "; ",
			    r->nestablished, r->nitems);
		for (i = 0; i < r->nitems; i++) {
			const struct bgp_peer *pe = r->items[i].peer;

			if (r->items[i].state != STATE_OK || pe == NULL)
				continue;
			if (pe->have_state_secs && pe->have_pfx_rcvd)
				snprintf(item, sizeof(item),
					 "%s (up %" PRIu64 " s, %" PRIu64 " pfx)", pe->addr,
					 pe->state_secs, pe->pfx_rcvd);
			else
				snprintf(item, sizeof(item), "%s", pe->addr);
			text_append(msg, sizeof(msg), &o, "%s%s", ok++ == 0 ? ": " : ", ", item);
		}
	}

	add_perfdata(p, s, bc, r);
	plugin_exit(p, r->state, "%s", msg);
}

/* Ask the router (or read the file) and parse; UNKNOWN when either fails. */
static struct bgp_summary *
gather(struct plugin *p, const struct bgp_cli *cli, struct transport_config *tc)
{
	struct transport *t = bgp_cli_open(cli, p, tc);
	struct bgp_summary *s = NULL;
	struct bgp_answer ans;
	char err[1024];
	int rc;

	rc = bgp_query_summary(t, cli->afi, cli->vrf, &ans, err, sizeof(err));
	transport_close(t);
	if (rc != 0)
		plugin_exit(p, STATE_UNKNOWN, "%s", err);
	rc = bgp_parse_summary(&ans, &s, err, sizeof(err));
	bgp_answer_free(&ans);
	if (rc != 0)
		plugin_exit(p, STATE_UNKNOWN, "%s", err);
	return s;
}

int
main(int argc, char **argv)
{
	struct plugin p;
	struct check_bgp_config c;
	struct transport_config tc;
	struct bgp_summary *s;
	struct bgp_check_config bc;
	struct bgp_check_result r;
	char err[1024];

	memset(&c, 0, sizeof(c));
	plugin_init(&p, "BGP", argv[0], 10);
	plugin_parse(&p, &check_vyos_bgp_doc, &c, argc, argv);
	if (bgp_cli_finish(&c.cli, &p, &tc, err, sizeof(err)) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "%s", err);

	s = gather(&p, &c.cli, &tc);

	memset(&bc, 0, sizeof(bc));
	bc.neighbours = c.cli.neighbours;
	bc.nneighbours = c.cli.nneighbours;
	/* Asking a router, the family is the one asked for (ipv4 unless
	 * told); a file may hold several. */
	bc.afi =
	    c.cli.afi != BGP_AFI_UNSPEC || c.cli.kind == TRANSPORT_FILE ? c.cli.afi : BGP_AFI_IPV4;
	bc.vrf = c.cli.vrf;
	bc.min_up = c.min_up;
	bc.have_min_up = plugin_given(&p, "min-up");
	bc.min_uptime = c.min_uptime;
	bc.have_min_uptime = plugin_given(&p, "min-uptime");
	bc.warn = plugin_given(&p, "warning") ? &c.warn : NULL;
	bc.crit = plugin_given(&p, "critical") ? &c.crit : NULL;
	if (bgp_check_evaluate(s, &bc, &r) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "out of memory");
	render(&p, &c.cli, s, &bc, &r);
}
