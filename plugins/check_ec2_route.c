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
#include "failover/routeplan.h"

#define DEFAULT_TIMEOUT 15

struct config {
	struct route_args ra;
};

/* What the pairs add up to: evaluation, separate from rendering. */
struct verdict {
	enum state state;
	size_t total, on_primary, on_secondary, bad;
	char bad_text[2048];   /* "rtb-x 10.0.0.0/16 blackhole (eni-..)" ... */
	char moved_text[1024]; /* pairs on the secondary */
};

static int
on_option(void *ctx, int val, const char *arg, char *err, size_t errlen)
{
	struct config *c = ctx;
	int rc = route_args_option(&c->ra, val, arg, err, errlen);

	return rc <= 0 ? rc : -1;
}

static void
evaluate(const struct config *c, const struct ec2_route_tables *t,
	 struct verdict *v)
{
	size_t bad_off = 0, moved_off = 0;

	memset(v, 0, sizeof(*v));
	for (size_t i = 0; i < c->ra.ntables; i++)
		for (size_t j = 0; j < c->ra.ndests; j++) {
			struct route_pair p = { .table = c->ra.tables[i],
						.dest = &c->ra.dests[j] };
			const char *sep = bad_off ? "; " : "";

			v->total++;
			routeplan_classify(t, c->ra.primary,
					   c->ra.secondary ? c->ra.secondary
							   : "",
					   &p);
			if (p.where == ROUTE_NO_TABLE) {
				v->bad++;
				text_append(v->bad_text, sizeof(v->bad_text),
					      &bad_off, "%s%s: route table not found",
					      sep, p.table);
			} else if (p.where == ROUTE_MISSING) {
				v->bad++;
				text_append(v->bad_text, sizeof(v->bad_text),
					      &bad_off, "%s%s %s: no route", sep,
					      p.table, p.dest->text);
			} else if (p.blackhole) {
				v->bad++;
				text_append(v->bad_text, sizeof(v->bad_text),
					      &bad_off, "%s%s %s: blackhole (%s)",
					      sep, p.table, p.dest->text,
					      p.target);
			} else if (p.where == ROUTE_FOREIGN) {
				v->bad++;
				text_append(v->bad_text, sizeof(v->bad_text),
					      &bad_off,
					      "%s%s %s -> %s (neither router)", sep,
					      p.table, p.dest->text, p.target);
			} else if (p.where == ROUTE_SECONDARY) {
				v->on_secondary++;
				text_append(v->moved_text,
					      sizeof(v->moved_text), &moved_off,
					      "%s%s %s", moved_off ? "; " : "",
					      p.table, p.dest->text);
			} else
				v->on_primary++;
		}
	if (v->bad > 0)
		v->state = STATE_CRITICAL;
	else if (v->on_secondary > 0)
		v->state = STATE_WARNING;
	else
		v->state = STATE_OK;
}

static noreturn void
report(struct plugin *p, const struct config *c, const struct verdict *v,
       double ms)
{
	plugin_perf(p, "on_primary", (double)v->on_primary, NULL, NULL, NULL, 1,
		    0, 1, (double)v->total);
	plugin_perf(p, "on_secondary", (double)v->on_secondary, NULL, NULL,
		    NULL, 1, 0, 1, (double)v->total);
	plugin_perf(p, "bad", (double)v->bad, NULL, NULL, NULL, 1, 0, 1,
		    (double)v->total);
	plugin_perf(p, "time", ms / 1000.0, "s", NULL, NULL, 1, 0, 0, 0);
	switch (v->state) {
	case STATE_CRITICAL:
		plugin_exit(p, STATE_CRITICAL,
			    "%zu/%zu routes bad: %s (%zu on primary %s, %zu on "
			    "secondary)",
			    v->bad, v->total, v->bad_text, v->on_primary,
			    c->ra.primary, v->on_secondary);
	case STATE_WARNING:
		plugin_exit(p, STATE_WARNING,
			    "failed over: %zu/%zu routes on secondary %s: %s",
			    v->on_secondary, v->total, c->ra.secondary,
			    v->moved_text);
	default:
		plugin_exit(p, STATE_OK, "%zu/%zu routes on primary %s",
			    v->on_primary, v->total, c->ra.primary);
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
	struct verdict v;
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
	evaluate(&c, t, &v);
	ec2_route_tables_free(t);
	ec2_session_close(&s);
	report(&p, &c, &v, clock_now_ms() - t0);
}
