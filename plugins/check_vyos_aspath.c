/* SPDX-License-Identifier: ISC */
/*
 * check_vyos_aspath: does the router advertise its prefixes with the AS path
 * its role calls for?  The standby prepends its own ASN (at least --prepend
 * copies) so that the VGW prefers the active; the active must not prepend.
 *
 * options (check_vyos_aspath_doc.c) -> ask the router per neighbour or read
 * --input (lib/bgp/bgp_query.c) -> parse -> evaluate (pure,
 * lib/bgp/aspath.c) -> render through the runtime's result renderer.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "bgp/bgp_query.h"
#include "check_vyos_aspath.h"

/* One sentence for a problem, e.g. "standby advertises 172.31.16.0/24
 * without prepend: the VGW may prefer this router (AS path empty)". */
static void
problem_text(const struct bgp_routes *routes, const struct aspath_config *cfg,
	     const struct aspath_result *res, const struct aspath_problem *pb, char *buf,
	     size_t len)
{
	char path[256];
	const struct bgp_route *r;

	if (pb->kind == ASPATH_MISSING) {
		snprintf(buf, len, "%s is not advertised", cfg->expect[pb->expect].text);
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
gather(struct transport *t, const struct bgp_cli *cli, const struct aspath_config *ac,
       struct nbr_result *nr, size_t n)
{
	uint32_t learned = 0;
	int have_learned = 0;
	char err[512];

	for (size_t i = 0; i < n; i++) {
		struct bgp_answer ans;
		struct bgp_routes *r;

		nr[i].addr = cli->nneighbours > 0 ? cli->neighbours[i] : NULL;
		if (bgp_query_routes(t, cli->afi, cli->vrf, nr[i].addr, &ans, nr[i].error,
				     sizeof(nr[i].error)) != 0)
			continue;
		if (bgp_parse_routes(&ans, &nr[i].routes, nr[i].error, sizeof(nr[i].error)) != 0) {
			bgp_answer_free(&ans);
			continue;
		}
		bgp_answer_free(&ans);
		r = nr[i].routes;
		if (!ac->have_asn && !r->have_local_as && r->n > 0 && cli->kind != TRANSPORT_FILE) {
			if (!have_learned &&
			    bgp_query_local_as(t, cli->afi, &learned, err, sizeof(err)) != 0) {
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

/*
 * One neighbour's perfdata, its label the address made graph-safe
 * (plugin_perf_label), with the critical range the role judges by: the
 * standby's smallest prepend at least --prepend, the active's largest 0.
 */
static void
add_perfdata(struct plugin *p, const struct aspath_config *ac, const struct nbr_result *nr)
{
	const struct aspath_result *x = &nr->res;
	const int standby = ac->role == ASPATH_ROLE_STANDBY;
	struct range role;
	char label[128], item[160], t[32], err[64];

	if (nr->addr != NULL)
		plugin_perf_label(label, sizeof(label), "%s_", nr->addr);
	else
		label[0] = '\0';
	snprintf(item, sizeof(item), "%sprefixes", label);
	plugin_perf(p, item, (double)x->nroutes, NULL, ac->warn, ac->crit, 1, 0, 0, 0);
	if (x->nroutes == 0)
		return;
	if (standby)
		snprintf(t, sizeof(t), "%u:", ac->prepend);
	else
		snprintf(t, sizeof(t), "0");
	(void)range_parse(t, &role, err, sizeof(err));
	snprintf(item, sizeof(item), "%sprepend_min", label);
	plugin_perf(p, item, x->min_prepend, NULL, NULL, standby ? &role : NULL, 1, 0, 0, 0);
	snprintf(item, sizeof(item), "%sprepend_max", label);
	plugin_perf(p, item, x->max_prepend, NULL, NULL, standby ? NULL : &role, 1, 0, 0, 0);
}

/* One item per problem and per neighbour's summary; the runtime puts the
 * problems first and cuts with "and N more". */
static void
render(struct plugin *p, const struct aspath_config *ac, const struct nbr_result *nr, size_t n)
{
	const char *rs = ac->role == ASPATH_ROLE_STANDBY ? "standby" : "active";
	struct plugin_result res = PLUGIN_RESULT_INIT;
	char line[512];

	plugin_result_summary(&res, "%s", "");
	res.lead = "";
	for (size_t i = 0; i < n; i++) {
		const char *who = nr[i].addr ? nr[i].addr : "input";
		const char *to = nr[i].addr ? " to " : "", *addr = nr[i].addr ? nr[i].addr : "";
		const struct aspath_result *x = &nr[i].res;

		if (nr[i].error[0] != '\0') {
			plugin_result_add(&res, STATE_UNKNOWN, "%s: %s", who, nr[i].error);
			continue;
		}
		if (x->unjudged != ASPATH_JUDGED) {
			plugin_result_add(
			    &res, x->state, "%s: %s", who,
			    x->unjudged == ASPATH_REFUSED
				? nr[i].routes->warning
				: "the answer does not name the local AS (Quagga text): "
				  "give --asn");
			continue;
		}
		for (size_t k = 0; k < x->nproblems; k++) {
			problem_text(nr[i].routes, ac, x, &x->problems[k], line, sizeof(line));
			plugin_result_add(&res, STATE_CRITICAL, "%s%s%s", n > 1 ? who : "",
					  n > 1 ? ": " : "", line);
		}
		if (x->nroutes == 0)
			snprintf(line, sizeof(line), "%s: no prefix advertised%s%s", rs, to, addr);
		else
			snprintf(line, sizeof(line),
				 "%s AS %u: %zu prefix%s advertised%s%s, prepend %u..%u", rs,
				 x->asn, x->nroutes, x->nroutes == 1 ? "" : "es", to, addr,
				 x->min_prepend, x->max_prepend);
		plugin_result_add(&res, x->count_state, "%s%s%s%s", line,
				  x->count_state != STATE_OK ? " (count outside " : "",
				  x->count_state == STATE_OK	     ? ""
				  : x->count_state == STATE_CRITICAL ? ac->crit->text
								     : ac->warn->text,
				  x->count_state != STATE_OK ? ")" : "");
		add_perfdata(p, ac, &nr[i]);
	}
	plugin_render(p, &res);
}

int
main(int argc, char **argv)
{
	static struct nbr_result nr[ASPATH_MAX_NEIGHBOURS];
	struct plugin p;
	struct check_aspath_config c;
	struct transport_config tc;
	struct transport *t;
	struct aspath_config ac;
	char err[1024];
	size_t n;

	memset(&c, 0, sizeof(c));
	plugin_init(&p, "ASPATH", argv[0], 10);
	plugin_parse(&p, &check_vyos_aspath_doc, &c, argc, argv);
	if (!plugin_given(&p, "role"))
		plugin_exit(&p, STATE_UNKNOWN, "--role active|standby is required");
	memset(&ac, 0, sizeof(ac));
	if (c.asn != NULL && (bgp_asn_parse(c.asn, &ac.asn) != 0 || ac.asn == 0))
		plugin_exit(&p, STATE_UNKNOWN,
			    "invalid --asn '%s': expected 1 to 4294967295 (or asdot X.Y)", c.asn);
	if (bgp_cli_finish(&c.cli, &p, &tc, err, sizeof(err)) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "%s", err);
	if (c.cli.kind == TRANSPORT_FILE && c.cli.nneighbours > 1)
		plugin_exit(&p, STATE_UNKNOWN, "--input holds one answer: give at most one -n");
	if (c.cli.kind != TRANSPORT_FILE && c.cli.nneighbours == 0)
		plugin_exit(&p, STATE_UNKNOWN, "give the neighbour(s) to check with -n ADDR");

	ac.role = c.role;
	ac.have_asn = c.asn != NULL;
	ac.prepend = c.prepend;
	ac.expect = c.expect;
	ac.nexpect = c.nexpect;
	ac.warn = plugin_given(&p, "warning") ? &c.warn : NULL;
	ac.crit = &c.crit;

	t = bgp_cli_open(&c.cli, &p, &tc);
	n = c.cli.nneighbours > 0 ? c.cli.nneighbours : 1;
	gather(t, &c.cli, &ac, nr, n);
	transport_close(t);
	render(&p, &ac, nr, n);
}
