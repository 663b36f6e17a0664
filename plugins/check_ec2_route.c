/*
 * check_ec2_route: where do the VPC's routes to the remote network point
 * right now?  OK on the primary router, WARNING on the secondary (failed
 * over), CRITICAL when missing, a blackhole, or anything else.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec2/ec2_session.h"
#include "plugin/plugin.h"
#include "plugin/routeargs.h"
#include "failover/classify.h"

#define DEFAULT_TIMEOUT 15

struct config {
	struct route_args ra;
};

static int
on_option(void *ctx, int val, const char *arg, char *err, size_t errlen)
{
	struct config *c = ctx;
	int rc = route_args_option(&c->ra, val, arg, err, errlen);

	return rc <= 0 ? rc : -1;
}

/* The faulty pairs, named with what is wrong, and the failed-over ones. */
static void
render_pairs(const struct route_survey *s, char *bad, size_t badlen,
	     char *moved, size_t movedlen)
{
	size_t bad_off = 0, moved_off = 0;

	bad[0] = moved[0] = '\0';
	for (size_t i = 0; i < s->total; i++) {
		const struct route_pair *p = &s->pairs[i];
		const char *sep = bad_off ? "; " : "";

		if (p->class == ROUTE_NO_TABLE)
			text_append(bad, badlen, &bad_off,
				    "%s%s: route table not found", sep,
				    p->table);
		else if (p->class == ROUTE_MISSING)
			text_append(bad, badlen, &bad_off, "%s%s %s: no route",
				    sep, p->table, p->dest->text);
		else if (p->blackhole)
			text_append(bad, badlen, &bad_off,
				    "%s%s %s: blackhole (%s)", sep, p->table,
				    p->dest->text, p->target);
		else if (p->class == ROUTE_FOREIGN)
			text_append(bad, badlen, &bad_off,
				    "%s%s %s -> %s (neither router)", sep,
				    p->table, p->dest->text, p->target);
		else if (p->class == ROUTE_ON_SECONDARY)
			text_append(moved, movedlen, &moved_off, "%s%s %s",
				    moved_off ? "; " : "", p->table,
				    p->dest->text);
	}
}

static noreturn void
report(struct plugin *p, const struct config *c, const struct route_survey *s,
       double ms)
{
	char bad[2048], moved[1024];

	plugin_perf(p, "on_primary", (double)s->on_primary, NULL, NULL, NULL, 1,
		    0, 1, (double)s->total);
	plugin_perf(p, "on_secondary", (double)s->on_secondary, NULL, NULL,
		    NULL, 1, 0, 1, (double)s->total);
	plugin_perf(p, "bad", (double)s->bad, NULL, NULL, NULL, 1, 0, 1,
		    (double)s->total);
	plugin_perf(p, "time", ms / 1000.0, "s", NULL, NULL, 1, 0, 0, 0);
	render_pairs(s, bad, sizeof(bad), moved, sizeof(moved));
	switch (s->state) {
	case STATE_CRITICAL:
		plugin_exit(p, STATE_CRITICAL,
			    "%zu/%zu routes bad: %s (%zu on primary %s, %zu on "
			    "secondary)",
			    s->bad, s->total, bad, s->on_primary,
			    c->ra.primary, s->on_secondary);
	case STATE_WARNING:
		plugin_exit(p, STATE_WARNING,
			    "failed over: %zu/%zu routes on secondary %s: %s",
			    s->on_secondary, s->total, c->ra.secondary, moved);
	default:
		plugin_exit(p, STATE_OK, "%zu/%zu routes on primary %s",
			    s->on_primary, s->total, c->ra.primary);
	}
}

int
main(int argc, char **argv)
{
	struct plugin p;
	struct config c;
	struct ec2_session_options so;
	struct ec2_session s;
	struct ec2_route_tables *t;
	struct ec2_error e;
	struct route_survey v;
	char err[1024];
	double t0;
	int ind, rc;

	plugin_init(&p, "ROUTES", argv[0], DEFAULT_TIMEOUT);
	p.summary = "Checks where the VPC's routes to the remote network point.";
	p.usage = "check_ec2_route --route-table RTB [--route-table RTB ...]\n"
		  "         --destination CIDR [--destination CIDR ...]\n"
		  "         --primary ID [--secondary ID] [options]";
	p.blurb =
		"Reads every route table in one DescribeRouteTables call and\n"
		"looks at the route to each destination:\n"
		"  OK        every pair targets --primary and is active\n"
		"  WARNING   some pairs target --secondary (failed over; named)\n"
		"  CRITICAL  a pair is missing, a blackhole, or targets anything\n"
		"            else (named, with its target)\n"
		"  UNKNOWN   bad arguments, no credentials, EC2 unreachable\n"
		"Perfdata: on_primary, on_secondary, bad, time.\n"
		"Credentials come from the environment, the AWS files or the\n"
		"instance metadata (IMDSv2); see handle_route_failover --help.";
	p.examples =
		"  check_ec2_route --route-table rtb-0a1b2c3d --route-table "
		"rtb-0e5f6a7b \\\n"
		"    --destination 10.0.0.0/16 --primary eni-0123456789abcdef0 \\\n"
		"    --secondary eni-0fedcba9876543210 --region ap-southeast-1";
	p.opts_shared = route_args_opts;
	memset(&c, 0, sizeof(c));
	ind = plugin_parse_args(&p, argc, argv, on_option, &c);
	plugin_no_operands(&p, argc, argv, ind);
	if (route_args_check(&c.ra, 0, err, sizeof(err)) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "%s", err);

	plugin_timeout_start(&p, "waiting for EC2");
	t0 = clock_now_ms();
	memset(&so, 0, sizeof(so));
	so.aws = c.ra.aws;
	so.ca_file = c.ra.ca_file;
	so.request_timeout_ms = 5000;
	so.deadline_ms = t0 + plugin_time_left(&p) * 1000 - 1000;
	rc = ec2_session_open(&so, &s, err, sizeof(err));
	if (rc != 0) {
		ec2_session_close(&s);
		plugin_exit(&p, STATE_UNKNOWN, "%s", err);
	}
	if (ec2_describe_route_tables(s.ec2, c.ra.tables, c.ra.ntables, &t,
				      &e) != 0) {
		ec2_session_close(&s);
		/* A table that does not exist is a configuration fault the
		 * failover would trip over: CRITICAL, named. */
		if (ec2_error_is_not_found(&e))
			plugin_exit(&p, STATE_CRITICAL,
				    "DescribeRouteTables: %s: %s", e.code,
				    e.message);
		plugin_exit(&p, STATE_UNKNOWN, "DescribeRouteTables: %s: %s",
			    e.code, e.message);
	}
	rc = route_survey(t, c.ra.tables, c.ra.ntables, c.ra.dests,
			  c.ra.ndests, c.ra.primary, c.ra.secondary, &v);
	ec2_route_tables_free(t);
	ec2_session_close(&s);
	if (rc != 0)
		plugin_exit(&p, STATE_UNKNOWN, "out of memory");
	report(&p, &c, &v, clock_now_ms() - t0);
}
