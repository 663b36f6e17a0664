/*
 * The options every EC2 route program takes (--route-table, --destination,
 * --primary, --secondary, --region, --profile, --endpoint-url, --ca-file):
 * one table for getopt and --help, one validator.
 */
#ifndef VHA_ROUTEARGS_H
#define VHA_ROUTEARGS_H

#include <stddef.h>

#include "aws/aws_creds.h"
#include "core/netaddr.h"
#include "plugin/plugin.h"

#define ROUTEARGS_MAX_TABLES 100 /* DescribeRouteTables' page limit */
#define ROUTEARGS_MAX_DESTS 50

struct route_args {
	const char *tables[ROUTEARGS_MAX_TABLES];
	size_t ntables;
	struct cidr dests[ROUTEARGS_MAX_DESTS];
	size_t ndests;
	const char *primary;
	const char *secondary;
	struct aws_options aws;
	const char *ca_file;
};

/* Option values 300..399 are taken by this table. */
extern const struct plugin_opt route_args_opts[];

/*
 * Take one option: 0 when it was one of ours and valid, -1 with err set when
 * invalid, 1 when it is not one of ours.  Repeats of a table or destination
 * are folded.
 */
int route_args_option(struct route_args *a, int val, const char *arg,
		      char *err, size_t errlen);

/* After parsing: every required option present.  0, or -1 with err. */
int route_args_check(const struct route_args *a, int need_secondary,
		     char *err, size_t errlen);

#endif
