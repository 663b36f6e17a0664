/* SPDX-License-Identifier: ISC */
/*
 * check_ec2_route: its options and the text of --help and the man page.
 */
#include "config.h"

#include <stddef.h>

#include "check_ec2_route.h"

static const struct plugin_option ec2_route_opts[] = {
	{ .name = "state-dir", .argname = "DIR",
	  .help = "Where role credentials are cached (--role-arn or a role "
		  "profile), shared with handle_route_failover (default: "
		  ROUTEARGS_STATE_DIR " when writable, else no cache)",
	  .type = PLUGIN_OPT_STRING,
	  .off = offsetof(struct ec2_route_config, state_dir) },
	{ .name = NULL },
};

static const struct plugin_group ec2_route_groups[] = {
	{ route_args_opts, offsetof(struct ec2_route_config, ra) },
	{ ec2_route_opts, 0 },
	{ NULL, 0 },
};

const struct plugin_doc check_ec2_route_doc = {
	.name = "check_ec2_route",
	.summary = "Checks where the VPC's routes to the remote network point",
	.synopsis = "--route-table RTB [--route-table RTB ...] "
		    "--destination CIDR [--destination CIDR ...] --primary ID "
		    "[--secondary ID] [options]",
	.description =
		"Reads every route table in one DescribeRouteTables call and "
		"looks at the route to each destination:\n"
		"  OK        every pair targets --primary and is active\n"
		"  WARNING   some pairs target --secondary (failed over; named)\n"
		"  CRITICAL  a pair is missing, a blackhole, or targets anything\n"
		"            else (named, with its target); a route table that\n"
		"            does not exist\n"
		"  UNKNOWN   bad arguments, no credentials, EC2 unreachable\n"
		"\n"
		"Perfdata: on_primary, on_secondary, bad, time.\n"
		"\n"
		"Credentials come from the environment, the AWS files or the "
		"instance metadata (IMDSv2); see handle_route_failover(1).",
	.groups = ec2_route_groups,
	.examples = "check_ec2_route --route-table rtb-0a1b2c3d \\\n"
		    "    --route-table rtb-0e5f6a7b --destination 10.0.0.0/16 \\\n"
		    "    --primary eni-0123456789abcdef0 \\\n"
		    "    --secondary eni-0fedcba9876543210 --region ap-southeast-1",
	.see_also = "handle_route_failover(1), check_vyos_alive(1)",
};
