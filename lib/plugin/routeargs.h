/* SPDX-License-Identifier: ISC */
/*
 * The options every EC2 route program takes (--route-table, --destination,
 * --primary, --secondary, --region, --profile, --role-arn, --external-id,
 * --endpoint-url, --ca-file):
 * one group of typed rows that stores into a struct route_args, bound by
 * each program where its config keeps it:
 *
 *	{ route_args_opts, offsetof(struct config, ra) }
 *
 * --route-table, --destination and --primary are required; repeats (and
 * comma-separated lists) of a table or destination are folded.
 */
#ifndef VHA_ROUTEARGS_H
#define VHA_ROUTEARGS_H

#include <stddef.h>

#include "aws/aws_creds.h"
#include "core/netaddr.h"
#include "plugin/plugin.h"

#define ROUTEARGS_MAX_TABLES 100 /* DescribeRouteTables' page limit */
#define ROUTEARGS_MAX_DESTS 50
/* The handler's state (and the role credential cache); check_ec2_route
 * caches role credentials there too when it may write it. */
#define ROUTEARGS_STATE_DIR "/var/lib/vyos-ha-plugins"

struct route_args {
	const char *tables[ROUTEARGS_MAX_TABLES];
	size_t ntables;
	struct cidr dests[ROUTEARGS_MAX_DESTS];
	size_t ndests;
	const char *primary;
	const char *secondary; /* NULL when not given */
	struct aws_options aws;
	const char *ca_file;
};

extern const struct plugin_option route_args_opts[];

/*
 * After plugin_parse: what the rows cannot check alone (the region's form,
 * --external-id only with --role-arn, --secondary present when
 * need_secondary, the two routers different).
 * 0, or -1 with err.
 */
int route_args_check(const struct route_args *a, int need_secondary,
		     char *err, size_t errlen);

#endif
