/* SPDX-License-Identifier: ISC */
/*
 * check_ec2_route: where do the VPC's routes to the remote network point
 * right now?  OK on the primary router, WARNING on the secondary (failed
 * over), CRITICAL when missing, a blackhole, or anything else.
 *
 * options (check_ec2_route_doc.c) -> gather (one DescribeRouteTables) ->
 * evaluate (route_survey, failover/classify.h) -> render.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_ec2_route.h"
#include "ec2/ec2_session.h"
#include "failover/classify.h"
#include "plugin/plugin.h"

#define DEFAULT_TIMEOUT 15

/* Every table in one call into *out, or exit. */
static void
gather(struct plugin *p, const struct ec2_route_config *c,
       struct ec2_route_tables **out)
{
	struct ec2_session_options so = { .aws = c->ra.aws,
					  .ca_file = c->ra.ca_file,
					  .request_timeout_ms = 5000 };
	struct ec2_session s;
	struct ec2_error e;
	char err[1024];
	int rc;

	so.deadline_ms = clock_now_ms() + plugin_time_left(p) * 1000 - 1000;
	/* The handler's state dir caches role credentials for us too, when
	 * the monitoring user may write it; else every check asks STS. */
	if (c->state_dir != NULL)
		so.aws.state_dir = c->state_dir;
	else if (access(ROUTEARGS_STATE_DIR, W_OK) == 0)
		so.aws.state_dir = ROUTEARGS_STATE_DIR;
	if (ec2_session_open(&so, &s, err, sizeof(err)) != 0) {
		ec2_session_close(&s);
		plugin_exit(p, STATE_UNKNOWN, "%s", err);
	}
	plugin_log(p, VERB_INFO, "credentials from %s%s%s, region %s",
		   s.cred.source, s.cred.identity[0] ? " as " : "",
		   s.cred.identity, s.region);
	rc = ec2_describe_route_tables(s.ec2, c->ra.tables, c->ra.ntables, out,
				       &e);
	ec2_session_close(&s);
	/* A table that does not exist is a configuration fault the failover
	 * would trip over: CRITICAL, named. */
	if (rc != 0)
		plugin_exit(p, ec2_error_is_not_found(&e) ? STATE_CRITICAL
							  : STATE_UNKNOWN,
			    "DescribeRouteTables: %s: %s", e.code, e.message);
}

/* A faulty pair, named with what is wrong. */
static void
add_bad(struct plugin_result *r, const struct route_pair *p)
{
	if (p->class == ROUTE_NO_TABLE)
		plugin_result_add(r, STATE_CRITICAL,
				  "%s: route table not found", p->table);
	else if (p->class == ROUTE_MISSING)
		plugin_result_add(r, STATE_CRITICAL, "%s %s: no route",
				  p->table, p->dest->text);
	else if (p->blackhole)
		plugin_result_add(r, STATE_CRITICAL, "%s %s: blackhole (%s)",
				  p->table, p->dest->text, p->target);
	else
		plugin_result_add(r, STATE_CRITICAL,
				  "%s %s -> %s (neither router)", p->table,
				  p->dest->text, p->target);
}

/* The faulty pairs when there are any, else the failed-over ones. */
static void
render(struct plugin *p, const struct ec2_route_config *c,
       const struct route_survey *s, struct plugin_result *r, double ms)
{
	plugin_perf(p, "on_primary", (double)s->on_primary, NULL, NULL, NULL, 1,
		    0, 1, (double)s->total);
	plugin_perf(p, "on_secondary", (double)s->on_secondary, NULL, NULL,
		    NULL, 1, 0, 1, (double)s->total);
	plugin_perf(p, "bad", (double)s->bad, NULL, NULL, NULL, 1, 0, 1,
		    (double)s->total);
	plugin_perf(p, "time", ms / 1000.0, "s", NULL, NULL, 1, 0, 0, 0);
	if (s->state == STATE_CRITICAL)
		plugin_result_summary(r,
				      "%zu/%zu routes bad (%zu on primary %s, "
				      "%zu on secondary)",
				      s->bad, s->total, s->on_primary,
				      c->ra.primary, s->on_secondary);
	else if (s->state == STATE_WARNING)
		plugin_result_summary(r,
				      "failed over: %zu/%zu routes on "
				      "secondary %s",
				      s->on_secondary, s->total,
				      c->ra.secondary);
	else
		plugin_result_summary(r, "%zu/%zu routes on primary %s",
				      s->on_primary, s->total, c->ra.primary);
	for (size_t i = 0; i < s->total; i++) {
		const struct route_pair *rp = &s->pairs[i];

		if (route_pair_bad(rp))
			add_bad(r, rp);
		else if (rp->class == ROUTE_ON_SECONDARY &&
			 s->state == STATE_WARNING)
			plugin_result_add(r, STATE_WARNING, "%s %s", rp->table,
					  rp->dest->text);
		else
			plugin_result_add(r, STATE_OK, NULL);
	}
}

int
main(int argc, char **argv)
{
	struct plugin p;
	struct ec2_route_config c;
	struct ec2_route_tables *t;
	struct route_survey s;
	struct plugin_result r = PLUGIN_RESULT_INIT;
	char err[1024];
	double t0;
	int rc;

	memset(&c, 0, sizeof(c));
	plugin_init(&p, "ROUTES", argv[0], DEFAULT_TIMEOUT);
	plugin_parse(&p, &check_ec2_route_doc, &c, argc, argv);
	if (route_args_check(&c.ra, 0, err, sizeof(err)) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "%s", err);

	plugin_timeout_start(&p, "waiting for EC2");
	t0 = clock_now_ms();
	gather(&p, &c, &t);
	rc = route_survey(t, c.ra.tables, c.ra.ntables, c.ra.dests,
			  c.ra.ndests, c.ra.primary, c.ra.secondary, &s);
	ec2_route_tables_free(t);
	if (rc != 0)
		plugin_exit(&p, STATE_UNKNOWN, "out of memory");
	render(&p, &c, &s, &r, clock_now_ms() - t0);
	route_survey_free(&s);
	plugin_render(&p, &r);
}
