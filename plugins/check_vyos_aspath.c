/*
 * check_vyos_aspath: does the router advertise its prefixes with the AS path
 * its role calls for?  The standby prepends its own ASN (at least --prepend
 * copies) so that the VGW prefers the active; the active must not prepend.
 *
 * options -> ask the router per neighbour (or read --input) -> parse ->
 * evaluate (pure, lib/bgp/aspath.c) -> render the status line and perfdata here.
 */
#include "config.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/aspath.h"
#include "bgp/bgp_query.h"
#include "plugin/bgp_cli.h"
#include "plugin/plugin.h"
#include "io/transport.h"

#define MAX_NEIGHBOURS 16
#define MAX_EXPECT 64
#define MAX_PROBLEMS_SHOWN 10

enum {
	OPT_ROLE = 400,
	OPT_ASN,
	OPT_PREPEND,
	OPT_EXPECT,
};

static const struct plugin_opt opts[] = {
    {"neighbor", required_argument, 'n', "ADDR",
     "Check what is advertised to this neighbour (repeatable;\n"
     "required unless --input)"},
    {"role", required_argument, OPT_ROLE, "active|standby",
     "The router's role (required).  standby: every prefix must\n"
     "carry at least --prepend copies of our ASN at the front of\n"
     "its path; active: none may carry a prepend of our ASN"},
    {"asn", required_argument, OPT_ASN, "N",
     "Our ASN (default: the local AS named in the answer; Quagga's\n"
     "text does not name it: then it is read from `show ip bgp\n"
     "summary`, or with --input must be given)"},
    {"prepend", required_argument, OPT_PREPEND, "N",
     "Copies the standby must prepend (default: 3)"},
    {"expect-prefix", required_argument, OPT_EXPECT, "CIDR",
     "This prefix must be advertised (repeatable); missing is\n"
     "CRITICAL"},
    {"warning", required_argument, 'w', "RANGE",
     "Nagios range on the number of prefixes advertised to each\n"
     "neighbour: outside is WARNING (e.g. -w 2:5)"},
    {"critical", required_argument, 'c', "RANGE",
     "The same for CRITICAL (default: 1:, advertising nothing is\n"
     "CRITICAL; -c 0: allows it)"},
    BGP_CLI_OPTS,
    {NULL, 0, 0, NULL, NULL},
};

struct config {
	struct bgp_cli cli;
	char neighbours[MAX_NEIGHBOURS][64];
	size_t nneighbours;
	enum aspath_role role;
	int have_role;
	unsigned long asn;
	int have_asn;
	unsigned long prepend;
	struct bgp_prefix expect[MAX_EXPECT];
	size_t nexpect;
};

static int
on_option(void *ctx, int val, const char *arg, char *err, size_t errlen)
{
	struct config *c = ctx;
	uint32_t asn;
	int r;

	switch (val) {
	case 'n':
		if (c->nneighbours == MAX_NEIGHBOURS) {
			snprintf(err, errlen, "too many -n (at most %d)", MAX_NEIGHBOURS);
			return -1;
		}
		if (bgp_cli_address(arg, c->neighbours[c->nneighbours], sizeof(c->neighbours[0]),
				    err, errlen))
			return -1;
		c->nneighbours++;
		return 0;
	case OPT_ROLE:
		c->have_role = 1;
		if (strcmp(arg, "active") == 0)
			c->role = ASPATH_ROLE_ACTIVE;
		else if (strcmp(arg, "standby") == 0)
			c->role = ASPATH_ROLE_STANDBY;
		else {
			snprintf(err, errlen,
				 "invalid --role '%s': expected active or "
				 "standby",
				 arg);
			return -1;
		}
		return 0;
	case OPT_ASN:
		if (bgp_asn_parse(arg, &asn) != 0 || asn == 0) {
			snprintf(err, errlen,
				 "invalid --asn '%s': expected 1 to 4294967295 "
				 "(or asdot X.Y)",
				 arg);
			return -1;
		}
		c->asn = asn;
		c->have_asn = 1;
		return 0;
	case OPT_PREPEND:
		if (text_parse_uint(arg, 1, 64, &c->prepend) != 0) {
			snprintf(err, errlen, "invalid --prepend '%s': expected 1 to 64", arg);
			return -1;
		}
		return 0;
	case OPT_EXPECT:
		if (c->nexpect == MAX_EXPECT) {
			snprintf(err, errlen, "too many --expect-prefix (at most %d)", MAX_EXPECT);
			return -1;
		}
		{
			char perr[160];

			if (bgp_prefix_parse(arg, 0, &c->expect[c->nexpect], perr, sizeof(perr)) !=
			    0) {
				snprintf(err, errlen, "invalid --expect-prefix: %s", perr);
				return -1;
			}
		}
		c->nexpect++;
		return 0;
	}
	r = bgp_cli_option(&c->cli, val, arg, err, errlen);
	return r == 1 ? -1 : r;
}

/* One sentence for a problem, e.g. "standby advertises 172.31.16.0/24
 * without prepend: the VGW may prefer this router (AS path empty)". */
static void
problem_text(const struct bgp_routes *routes, const struct aspath_config *cfg,
	     const struct aspath_result *res, const struct aspath_problem *pb, char *buf,
	     size_t len)
{
	char path[256], pfx[64];
	const struct bgp_route *r;

	if (pb->kind == ASPATH_MISSING) {
		bgp_prefix_format(&cfg->expect[pb->expect], pfx, sizeof(pfx));
		snprintf(buf, len, "%s is not advertised", pfx);
		return;
	}
	r = &routes->routes[pb->route];
	if (r->path.n == 0)
		snprintf(path, sizeof(path), "empty");
	else
		bgp_path_format(&r->path, path, sizeof(path));
	if (pb->kind == ASPATH_NO_PREPEND)
		snprintf(buf, len,
			 "standby advertises %s without prepend: the VGW may prefer this router "
			 "(AS path %s)",
			 r->prefix, path);
	else if (pb->kind == ASPATH_SHORT_PREPEND)
		snprintf(buf, len,
			 "standby advertises %s with %u of %u prepends of %u (AS path %s)",
			 r->prefix, pb->count, cfg->prepend, res->asn, path);
	else
		snprintf(buf, len,
			 "active advertises %s with %u prepend%s of %u (AS path %s): the VGW may "
			 "prefer the standby",
			 r->prefix, pb->count, pb->count == 1 ? "" : "s", res->asn, path);
}

struct nbr_result {
	const char *addr; /* NULL for --input without -n */
	struct bgp_routes *routes;
	struct aspath_result res;
	char error[512]; /* set: UNKNOWN for this neighbour */
};

/* Ask about each neighbour, parse and judge; a failure is that one's. */
static void
gather(struct transport *t, const struct config *c, const struct aspath_config *ac,
       struct nbr_result *nr, size_t n)
{
	uint32_t learned = 0;
	int have_learned = 0;
	char err[512];

	for (size_t i = 0; i < n; i++) {
		struct bgp_answer ans;
		struct bgp_routes *r;

		nr[i].addr = c->nneighbours > 0 ? c->neighbours[i] : NULL;
		if (bgp_query_routes(t, c->cli.afi, c->cli.vrf, nr[i].addr, &ans, nr[i].error,
				     sizeof(nr[i].error)) != 0)
			continue;
		if (bgp_parse_routes(&ans, &nr[i].routes, nr[i].error, sizeof(nr[i].error)) != 0) {
			bgp_answer_free(&ans);
			continue;
		}
		bgp_answer_free(&ans);
		r = nr[i].routes;
		if (!c->have_asn && !r->have_local_as && r->n > 0 &&
		    c->cli.kind != TRANSPORT_FILE) {
			if (!have_learned &&
			    bgp_query_local_as(t, c->cli.afi, &learned, err, sizeof(err)) != 0) {
				snprintf(nr[i].error, sizeof(nr[i].error),
					 "no local AS in the answer, and the summary did not give "
					 "it (%s): give --asn",
					 err);
				continue;
			}
			have_learned = 1;
			r->local_as = learned;
			r->have_local_as = 1;
		}
		if (aspath_evaluate(r, ac, &nr[i].res) != 0)
			snprintf(nr[i].error, sizeof(nr[i].error), "out of memory");
	}
}

/* Problems first (at most MAX_PROBLEMS_SHOWN), then what each neighbour
 * gets; perfdata per neighbour. */
static void
render(struct plugin *p, const struct aspath_config *ac, const struct nbr_result *nr, size_t n)
{
	const char *rs = ac->role == ASPATH_ROLE_STANDBY ? "standby" : "active";
	char msg[PLUGIN_MSG_MAX], line[512], label[128], item[160];
	size_t o = 0, shown = 0, total = 0;
	enum state state = STATE_OK;
	const char *sep = "";

	msg[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		const char *who = nr[i].addr ? nr[i].addr : "input";
		const struct aspath_result *x = &nr[i].res;

		if (nr[i].error[0] != '\0') {
			state = state_worst(state, STATE_UNKNOWN);
			text_append(msg, sizeof(msg), &o, "%s%s: %s", sep, who, nr[i].error);
			sep = "; ";
			continue;
		}
		state = state_worst(state, x->state);
		if (x->unjudged != ASPATH_JUDGED) {
			text_append(msg, sizeof(msg), &o, "%s%s: %s", sep, who,
				    x->unjudged == ASPATH_REFUSED
					? nr[i].routes->warning
					: "the answer does not name the local AS (Quagga text): "
					  "give --asn");
			sep = "; ";
		}
		for (size_t k = 0; k < x->nproblems; k++) {
			if (total++ >= MAX_PROBLEMS_SHOWN)
				continue;
			problem_text(nr[i].routes, ac, x, &x->problems[k], line, sizeof(line));
			text_append(msg, sizeof(msg), &o, "%s%s%s%s", sep, n > 1 ? who : "",
				    n > 1 ? ": " : "", line);
			sep = "; ";
			shown++;
		}
	}
	if (total > shown)
		text_append(msg, sizeof(msg), &o, "; and %zu more", total - shown);
	for (size_t i = 0; i < n; i++) {
		const struct aspath_result *x = &nr[i].res;
		const char *to = nr[i].addr ? " to " : "", *addr = nr[i].addr ? nr[i].addr : "";

		if (nr[i].error[0] != '\0' || x->unjudged != ASPATH_JUDGED)
			continue;
		if (x->nroutes == 0)
			text_append(msg, sizeof(msg), &o, "%s%s: no prefix advertised%s%s", sep, rs,
				    to, addr);
		else
			text_append(msg, sizeof(msg), &o,
				    "%s%s AS %u: %zu prefix%s advertised%s%s, prepend %u..%u", sep,
				    rs, x->asn, x->nroutes, x->nroutes == 1 ? "" : "es", to, addr,
				    x->min_prepend, x->max_prepend);
		if (x->count_state != STATE_OK)
			text_append(msg, sizeof(msg), &o, " (count outside %s)",
				    x->count_state == STATE_CRITICAL ? ac->crit->text
								     : ac->warn->text);
		sep = "; ";
		snprintf(label, sizeof(label), "%s%s", addr, nr[i].addr ? "_" : "");
		snprintf(item, sizeof(item), "%sprefixes", label);
		plugin_perf(p, item, (double)x->nroutes, NULL, ac->warn, ac->crit, 1, 0, 0, 0);
		if (x->nroutes > 0) {
			snprintf(item, sizeof(item), "%sprepend_min", label);
			plugin_perf(p, item, x->min_prepend, NULL, NULL, NULL, 1, 0, 0, 0);
			snprintf(item, sizeof(item), "%sprepend_max", label);
			plugin_perf(p, item, x->max_prepend, NULL, NULL, NULL, 1, 0, 0, 0);
		}
	}
	plugin_exit(p, state, "%s", msg);
}

int
main(int argc, char **argv)
{
	static struct nbr_result nr[MAX_NEIGHBOURS];
	struct plugin p;
	struct config c;
	struct transport_config tc;
	struct transport *t;
	struct aspath_config ac;
	struct range warn, crit;
	char err[1024];
	size_t n;
	int optind_;

	memset(&c, 0, sizeof(c));
	c.prepend = 3;
	plugin_init(&p, "ASPATH", argv[0], 10);
	p.summary = "AS-path prepend of a VyOS router's advertised routes "
		    "(Active-Standby)";
	p.usage = "check_vyos_aspath -H HOST [-p PORT] [-l USER] [-i KEY] "
		  "[--known-hosts FILE]\n"
		  "                      | --local [--vtysh PATH] "
		  "[--vty-socket DIR] | --input FILE\n"
		  "       -n ADDR [-n ADDR]... --role active|standby [--asn N] "
		  "[--prepend N]\n"
		  "       [--expect-prefix CIDR]... [--afi ipv4|ipv6] "
		  "[--vrf NAME]\n"
		  "       [-w RANGE] [-c RANGE] [-t SECONDS] [-v]";
	p.blurb = "For each -n ADDR asks the router `vtysh -c 'show ip bgp "
		  "neighbors ADDR\nadvertised-routes json'` (IPv6: `show bgp ipv6 "
		  "unicast neighbors ...`; with\n--vrf: `show bgp vrf NAME ...`), "
		  "falling back to the text command on\nQuagga-era VyOS, or reads "
		  "a saved answer (--input).  The paths shown are\nthose after the "
		  "export route-map, without the AS eBGP adds on sending: every\n"
		  "leading copy of our ASN is a prepend.\n"
		  "Any prefix that breaks the role is CRITICAL, named with its "
		  "path; so is a\nmissing --expect-prefix and a neighbour the "
		  "router does not know.\n"
		  "-w/-c are Nagios ranges on the number of prefixes advertised; "
		  "-c defaults\nto 1: (advertising nothing is CRITICAL; give -c 0: "
		  "to allow it).\n"
		  "Perfdata per neighbour: ADDR_prefixes, ADDR_prepend_min, "
		  "ADDR_prepend_max\n(the smallest and largest prepend count "
		  "seen).";
	p.examples = "  The standby (vyos-2) towards both tunnels:\n"
		     "    check_vyos_aspath -H vyos-2 -i ~/.ssh/nagios_ed25519 "
		     "--known-hosts /etc/nagios/known_hosts \\\n"
		     "        -n 169.254.12.1 -n 169.254.13.1 --role standby "
		     "--prepend 3 --expect-prefix 172.31.0.0/16\n"
		     "  The active (vyos-1):\n"
		     "    check_vyos_aspath -H vyos-1 -n 169.254.10.1 --role "
		     "active\n"
		     "  A saved Quagga answer (it does not name the local AS):\n"
		     "    check_vyos_aspath --input after.txt --role standby --asn "
		     "65000\n"
		     "  Over IPv6 to the VGW, another port and user, 5 s, verbose:\n"
		     "    check_vyos_aspath -H 192.0.2.2 -p 2222 -l monitor -t 5 -v "
		     "-n 2001:db8:20::1 --role standby -w 2:";
	p.common = POPT_HOST | POPT_PORT | POPT_USER | POPT_IDENTITY | POPT_WARN | POPT_CRIT;
	p.opts = opts;
	optind_ = plugin_parse_args(&p, argc, argv, on_option, &c);
	plugin_no_operands(&p, argc, argv, optind_);

	if (!c.have_role)
		plugin_exit(&p, STATE_UNKNOWN, "--role active|standby is required");
	if (p.warn != NULL && range_parse(p.warn, &warn, err, sizeof(err)))
		plugin_exit(&p, STATE_UNKNOWN, "invalid --warning: %s", err);
	if (range_parse(p.crit != NULL ? p.crit : "1:", &crit, err, sizeof(err)) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "invalid --critical: %s", err);
	if (bgp_cli_finish(&c.cli, &p, &tc, err, sizeof(err)) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "%s", err);
	if (c.cli.kind == TRANSPORT_FILE && c.nneighbours > 1)
		plugin_exit(&p, STATE_UNKNOWN, "--input holds one answer: give at most one -n");
	if (c.cli.kind != TRANSPORT_FILE && c.nneighbours == 0)
		plugin_exit(&p, STATE_UNKNOWN, "give the neighbour(s) to check with -n ADDR");

	memset(&ac, 0, sizeof(ac));
	ac.role = c.role;
	ac.asn = (uint32_t)c.asn;
	ac.have_asn = c.have_asn;
	ac.prepend = (unsigned)c.prepend;
	ac.expect = c.expect;
	ac.nexpect = c.nexpect;
	ac.warn = p.warn ? &warn : NULL;
	ac.crit = &crit;

	t = bgp_cli_open(&c.cli, &p, &tc);
	n = c.nneighbours > 0 ? c.nneighbours : 1;
	gather(t, &c, &ac, nr, n);
	transport_close(t);
	render(&p, &ac, nr, n);
}
