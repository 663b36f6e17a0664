/*
 * handle_route_failover: its options and the text of --help and the man
 * page.
 */
#include "config.h"

#include <stddef.h>

#include "failover/decide.h"
#include "handle_route_failover.h"

#define FC(field) offsetof(struct failover_config, field)

static const struct plugin_word event_words[] = {
	{ "UP", EVENT_UP },
	{ "DOWN", EVENT_DOWN },
	{ "UNREACHABLE", EVENT_UNREACHABLE },
	{ "OK", EVENT_OK },
	{ "WARNING", EVENT_WARNING },
	{ "CRITICAL", EVENT_CRITICAL },
	{ "UNKNOWN", EVENT_UNKNOWN },
	{ NULL, 0 },
};

static const struct plugin_word type_words[] = {
	{ "SOFT", STATE_TYPE_SOFT },
	{ "HARD", STATE_TYPE_HARD },
	{ NULL, 0 },
};

static const struct plugin_option failover_opts[] = {
	{ .name = "state", .argname = "STATE",
	  .help = "The event's state: $HOSTSTATE$ (UP, DOWN, UNREACHABLE) or "
		  "$SERVICESTATE$ (OK, WARNING, CRITICAL, UNKNOWN). Required.",
	  .type = PLUGIN_OPT_WORD, .words = event_words,
	  .flags = PLUGIN_OPT_REQUIRED, .off = FC(event) },
	{ .name = "state-type", .argname = "TYPE",
	  .help = "SOFT or HARD ($HOSTSTATETYPE$ / $SERVICESTATETYPE$). "
		  "Required.",
	  .type = PLUGIN_OPT_WORD, .words = type_words,
	  .flags = PLUGIN_OPT_REQUIRED, .off = FC(state_type) },
	{ .name = "attempt", .argname = "N",
	  .help = "The check attempt ($HOSTATTEMPT$ / $SERVICEATTEMPT$)",
	  .type = PLUGIN_OPT_UINT, .min = 1, .max = 1000, .def = "1",
	  .off = FC(attempt) },
	{ .name = "act-on-attempt", .argname = "N",
	  .help = "Also act on a SOFT problem from attempt N on (default: "
		  "act on HARD states only)",
	  .type = PLUGIN_OPT_UINT, .min = 1, .max = 1000,
	  .off = FC(act_on_attempt) },
	{ .name = "no-failback",
	  .help = "Never move routes back to the primary on recovery",
	  .type = PLUGIN_OPT_FLAG, .off = FC(no_failback) },
	{ .name = "hold-down", .argname = "SECONDS",
	  .help = "No failback sooner than this after a failover (default 0). "
		  "A recovery inside the hold-down schedules the failback for "
		  "when it ends; any newer event cancels it.",
	  .type = PLUGIN_OPT_UINT, .min = 0, .max = 7 * 86400,
	  .unit = "seconds", .def = "0", .off = FC(hold_down) },
	{ .name = "dry-run",
	  .help = "Plan and ask EC2 with DryRun=true (checks permissions); "
		  "change nothing",
	  .type = PLUGIN_OPT_FLAG, .off = FC(dry_run) },
	{ .name = "state-dir", .argname = "DIR",
	  .help = "Lock and record of the last switch (default "
		  DEFAULT_STATE_DIR ")",
	  .type = PLUGIN_OPT_STRING, .def = DEFAULT_STATE_DIR,
	  .off = FC(state_dir) },
	{ .name = "log-file", .argname = "FILE",
	  .help = "Append action lines here instead of syslog",
	  .type = PLUGIN_OPT_STRING, .off = FC(log_file) },
	{ .name = NULL },
};

static const struct plugin_group failover_groups[] = {
	{ failover_opts, 0 },
	{ route_args_opts, FC(ra) },
	{ NULL, 0 },
};

const struct plugin_doc handle_route_failover_doc = {
	.name = "handle_route_failover",
	.summary = "Points VPC routes at the standby VyOS when the active one "
		   "fails, and back",
	.synopsis = "--state STATE --state-type TYPE --route-table RTB "
		    "[--route-table RTB ...] --destination CIDR "
		    "[--destination CIDR ...] --primary ID --secondary ID "
		    "[options]",
	.description =
		"A Nagios / Icinga 2 event handler. On a HARD problem (DOWN, "
		"UNREACHABLE, CRITICAL) every (route table, destination) pair "
		"is pointed at --secondary; on recovery (UP, OK) back at "
		"--primary (unless --no-failback, and not inside --hold-down). "
		"WARNING and UNKNOWN change nothing.\n"
		"\n"
		"All tables are read in one call, pairs already right are "
		"skipped, the rest replaced concurrently and read back to "
		"verify. A pair that points at anything but the two routers "
		"(or a blackhole) is never overwritten, and routes are never "
		"created or deleted. Runs are serialised by a lock in the "
		"state dir.\n"
		"\n"
		"Credentials come from the environment, the AWS "
		"credentials/config files or the instance metadata (IMDSv2), "
		"never from the command line.\n"
		"\n"
		"Each action is logged (syslog ident handle_route_failover, or "
		"--log-file) as key=value words:\n"
		"  ACTION table= destination= from= to=\n"
		"    result=replaced|already-set|would-replace|error [reason=] ms=\n"
		"  ACTION done routes=N/M ...",
	.groups = failover_groups,
	.examples =
		"handle_route_failover --state $HOSTSTATE$ \\\n"
		"    --state-type $HOSTSTATETYPE$ --attempt $HOSTATTEMPT$ \\\n"
		"    --route-table rtb-0a1b2c3d --route-table rtb-0e5f6a7b \\\n"
		"    --destination 10.0.0.0/16 --primary eni-0123456789abcdef0 \\\n"
		"    --secondary eni-0fedcba9876543210 --region ap-southeast-1 \\\n"
		"    --hold-down 300",
	.exit_status =
		"0 when every pair ends at the intended target (or no action "
		"is due), 2 when any does not, 3 for bad arguments or missing "
		"credentials.",
	.see_also = "check_ec2_route(1), check_vyos_alive(1), "
		    "check_vyos_bgp(1)",
};
