/*
 * check_vyos_bgp: are the router's BGP sessions (to the VGW's tunnels)
 * Established, old enough, and receiving what they should?
 *
 * options -> ask the router (or read --input) -> parse -> evaluate (pure,
 * lib/bgp/bgp_eval.c) -> render the status line and perfdata here.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "bgp/bgp_eval.h"
#include "bgp/bgp_query.h"
#include "plugin/bgp_cli.h"
#include "plugin/plugin.h"
#include "io/transport.h"

#define MAX_NEIGHBOURS 64

enum {
	OPT_MIN_UP = 400,
	OPT_MIN_UPTIME,
};

static const struct plugin_opt opts[] = {
    {"neighbor", required_argument, 'n', "ADDR",
     "Check this neighbour (repeatable; default: every neighbour\n"
     "in the answer).  One not in the answer is CRITICAL"},
    {"min-up", required_argument, OPT_MIN_UP, "N",
     "Fewer than N Established is CRITICAL; some down but at least\n"
     "N up is WARNING (default: every neighbour must be up)"},
    {"min-uptime", required_argument, OPT_MIN_UPTIME, "SECONDS",
     "An Established session younger than this is WARNING (it\n"
     "flapped)"},
    {"warning", required_argument, 'w', "RANGE",
     "Nagios range on each neighbour's prefixes received: outside\n"
     "is WARNING (e.g. -w 2: wants at least 2)"},
    {"critical", required_argument, 'c', "RANGE",
     "The same for CRITICAL (e.g. -c 1: makes a neighbour that\n"
     "sends nothing CRITICAL)"},
    BGP_CLI_OPTS,
    {NULL, 0, 0, NULL, NULL},
};

struct config {
	struct bgp_cli cli;
	const char *neighbours[MAX_NEIGHBOURS];
	char nbuf[MAX_NEIGHBOURS][64];
	size_t nneighbours;
	unsigned long min_up;
	int have_min_up;
	unsigned long min_uptime;
	int have_min_uptime;
};

static int
on_option(void *ctx, int val, const char *arg, char *err, size_t errlen)
{
	struct config *c = ctx;
	int r;

	switch (val) {
	case 'n':
		if (c->nneighbours == MAX_NEIGHBOURS) {
			snprintf(err, errlen, "too many -n (at most %d)", MAX_NEIGHBOURS);
			return -1;
		}
		if (bgp_cli_address(arg, c->nbuf[c->nneighbours], sizeof(c->nbuf[0]), err,
				    errlen) != 0)
			return -1;
		c->neighbours[c->nneighbours] = c->nbuf[c->nneighbours];
		c->nneighbours++;
		return 0;
	case OPT_MIN_UP:
		if (text_parse_uint(arg, 1, 1000, &c->min_up) != 0) {
			snprintf(err, errlen, "invalid --min-up '%s': expected 1 to 1000", arg);
			return -1;
		}
		c->have_min_up = 1;
		return 0;
	case OPT_MIN_UPTIME:
		if (text_parse_uint(arg, 0, 10UL * 365 * 86400, &c->min_uptime) != 0) {
			snprintf(err, errlen,
				 "invalid --min-uptime '%s': expected whole "
				 "seconds",
				 arg);
			return -1;
		}
		c->have_min_uptime = 1;
		return 0;
	}
	r = bgp_cli_option(&c->cli, val, arg, err, errlen);
	return r == 1 ? -1 : r; /* 1: a common option, err left empty */
}

static void
label_of(const struct bgp_summary *s, const struct bgp_peer *p, char *buf, size_t len)
{
	/* The same neighbour in two families or VRFs needs two labels. */
	int vrf = p->vrf[0] != '\0' && strcasecmp(p->vrf, "default") != 0;
	int afi = s->ntables > 1 && p->afi != BGP_AFI_UNSPEC;

	snprintf(buf, len, "%s%s%s%s%s", p->addr, vrf ? "_" : "", vrf ? p->vrf : "", afi ? "_" : "",
		 afi ? bgp_afi_name(p->afi) : "");
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
render(struct plugin *p, const struct config *c, const struct bgp_summary *s,
       const struct bgp_check_config *bc, const struct bgp_check_result *r)
{
	const struct range *warn = bc->warn, *crit = bc->crit;
	char why[256];
	char msg[PLUGIN_MSG_MAX], label[128], item[256];
	struct range minup_r, uptime_r;
	size_t o = 0, i, ok = 0;
	int first = 1;
	char err[64];

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
			    c->cli.afi != BGP_AFI_UNSPEC ? " for " : "",
			    c->cli.afi != BGP_AFI_UNSPEC ? bgp_afi_name(c->cli.afi) : "",
			    c->cli.vrf ? " in VRF " : "", c->cli.vrf ? c->cli.vrf : "",
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

	/* Perfdata per neighbour, then the count of sessions up. */
	if (c->have_min_uptime) {
		char t[32];

		snprintf(t, sizeof(t), "%lu:", c->min_uptime);
		range_parse(t, &uptime_r, err, sizeof(err));
	}
	for (i = 0; i < r->nitems; i++) {
		const struct bgp_peer *pe = r->items[i].peer;
		int up;

		if (pe == NULL)
			continue;
		up = pe->state == BGP_STATE_ESTABLISHED;
		label_of(s, pe, label, sizeof(label));
		snprintf(item, sizeof(item), "%s_state", label);
		plugin_perf(p, item, up, NULL, NULL, NULL, 1, 0, 1, 1);
		if (pe->have_state_secs) {
			snprintf(item, sizeof(item), "%s_uptime", label);
			plugin_perf(p, item, up ? (double)pe->state_secs : 0, "s",
				    c->have_min_uptime ? &uptime_r : NULL, NULL, 1, 0, 0, 0);
		}
		if (pe->have_pfx_rcvd) {
			snprintf(item, sizeof(item), "%s_pfx_rcvd", label);
			plugin_perf(p, item, (double)pe->pfx_rcvd, NULL, warn, crit, 1, 0, 0, 0);
		}
		if (pe->have_pfx_sent) {
			snprintf(item, sizeof(item), "%s_pfx_sent", label);
			plugin_perf(p, item, (double)pe->pfx_sent, NULL, NULL, NULL, 1, 0, 0, 0);
		}
	}
	if (c->have_min_up) {
		char t[32];

		snprintf(t, sizeof(t), "%lu:", c->min_up);
		range_parse(t, &minup_r, err, sizeof(err));
	}
	plugin_perf(p, "established", (double)r->nestablished, NULL, NULL,
		    c->have_min_up ? &minup_r : NULL, 1, 0, 1, (double)r->nitems);
	plugin_exit(p, r->state, "%s", msg);
}

/* Ask the router (or read the file) and parse; UNKNOWN when either fails. */
static struct bgp_summary *
gather(struct plugin *p, const struct config *c, struct transport_config *tc)
{
	struct transport *t = bgp_cli_open(&c->cli, p, tc);
	struct bgp_summary *s = NULL;
	struct bgp_answer ans;
	char err[1024];
	int rc;

	rc = bgp_query_summary(t, c->cli.afi, c->cli.vrf, &ans, err, sizeof(err));
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
	struct config c;
	struct transport_config tc;
	struct bgp_summary *s;
	struct bgp_check_config bc;
	struct bgp_check_result r;
	struct range warn, crit;
	char err[1024];
	int optind_;

	memset(&c, 0, sizeof(c));
	plugin_init(&p, "BGP", argv[0], 10);
	p.summary = "BGP sessions of a VyOS router (FRR or Quagga)";
	p.usage = "check_vyos_bgp -H HOST [-p PORT] [-l USER] [-i KEY] "
		  "[--known-hosts FILE]\n"
		  "                      | --local [--vtysh PATH] "
		  "[--vty-socket DIR] | --input FILE\n"
		  "       [-n ADDR]... [--afi ipv4|ipv6] [--vrf NAME] "
		  "[--min-up N]\n"
		  "       [--min-uptime SECONDS] [-w RANGE] [-c RANGE] "
		  "[-t SECONDS] [-v]";
	p.blurb = "Asks the router `vtysh -c 'show bgp [vrf NAME] ipv4|ipv6 unicast\n"
		  "summary json'` (over SSH, or locally with --local), falling back to\n"
		  "`show ip bgp summary` (text) on Quagga-era VyOS, or reads a saved\n"
		  "answer (--input).\n"
		  "A neighbour that is not Established is CRITICAL with its state (Idle,\n"
		  "Active, Connect, OpenSent..., \"admin shutdown\" for `neighbor X\n"
		  "shutdown`); one not in the answer is CRITICAL too.\n"
		  "Output names every neighbour that is not OK first.\n"
		  "Perfdata per neighbour: ADDR_state (1 up, 0 down), ADDR_uptime (s),\n"
		  "ADDR_pfx_rcvd (with -w/-c), ADDR_pfx_sent; ADDR gets _VRF outside the\n"
		  "default VRF and _ipv4/_ipv6 when the answer holds several families.\n"
		  "Then established (sessions up, --min-up as its critical range).\n"
		  "UNKNOWN when the router cannot be asked or its answer cannot be read\n"
		  "(the reason is named): vtysh errors, stderr output, unknown format.";
	p.examples = "  Both tunnels of the VPN connection, one may be down:\n"
		     "    check_vyos_bgp -H vyos-2 -i ~/.ssh/nagios_ed25519 "
		     "--known-hosts /etc/nagios/known_hosts \\\n"
		     "        -n 169.254.12.1 -n 169.254.13.1 --min-up 1 "
		     "--min-uptime 300 -c 1:\n"
		     "  On the router itself (an agent), IPv6 sessions:\n"
		     "    check_vyos_bgp --local --afi ipv6\n"
		     "  A VRF:\n"
		     "    check_vyos_bgp -H 10.0.0.1 --vrf blue\n"
		     "  A saved answer (vtysh -c 'show ip bgp summary json' > f):\n"
		     "    check_vyos_bgp --input f -n 169.254.20.1\n"
		     "  Another port and user, the agent's key, 5 s, verbose:\n"
		     "    check_vyos_bgp -H 192.0.2.1 -p 2222 -l monitor -t 5 -v";
	p.common = POPT_HOST | POPT_PORT | POPT_USER | POPT_IDENTITY | POPT_WARN | POPT_CRIT;
	p.opts = opts;
	optind_ = plugin_parse_args(&p, argc, argv, on_option, &c);
	plugin_no_operands(&p, argc, argv, optind_);

	if (p.warn != NULL && range_parse(p.warn, &warn, err, sizeof(err)))
		plugin_exit(&p, STATE_UNKNOWN, "invalid --warning: %s", err);
	if (p.crit != NULL && range_parse(p.crit, &crit, err, sizeof(err)))
		plugin_exit(&p, STATE_UNKNOWN, "invalid --critical: %s", err);
	if (bgp_cli_finish(&c.cli, &p, &tc, err, sizeof(err)) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "%s", err);

	s = gather(&p, &c, &tc);

	memset(&bc, 0, sizeof(bc));
	bc.neighbours = c.neighbours;
	bc.nneighbours = c.nneighbours;
	/* Asking a router, the family is the one asked for (ipv4 unless
	 * told); a file may hold several. */
	bc.afi =
	    c.cli.afi != BGP_AFI_UNSPEC || c.cli.kind == TRANSPORT_FILE ? c.cli.afi : BGP_AFI_IPV4;
	bc.vrf = c.cli.vrf;
	bc.min_up = (unsigned)c.min_up;
	bc.have_min_up = c.have_min_up;
	bc.min_uptime = c.min_uptime;
	bc.have_min_uptime = c.have_min_uptime;
	bc.warn = p.warn ? &warn : NULL;
	bc.crit = p.crit ? &crit : NULL;
	if (bgp_check_evaluate(s, &bc, &r) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "out of memory");
	render(&p, &c, s, &bc, &r);
}
