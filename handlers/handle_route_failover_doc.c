#include "config.h"

#include <getopt.h>
#include <stddef.h>

#include "handle_route_failover.h"
#include "plugin/routeargs.h"

static const struct plugin_opt options[] = {
	{ "state", required_argument, OPT_STATE, "STATE",
	  "The event's state: $HOSTSTATE$ (UP, DOWN, UNREACHABLE) or\n"
	  "$SERVICESTATE$ (OK, WARNING, CRITICAL, UNKNOWN). Required." },
	{ "state-type", required_argument, OPT_STATE_TYPE, "TYPE",
	  "SOFT or HARD ($HOSTSTATETYPE$ / $SERVICESTATETYPE$). Required." },
	{ "attempt", required_argument, OPT_ATTEMPT, "N",
	  "The check attempt ($HOSTATTEMPT$ / $SERVICEATTEMPT$)" },
	{ "act-on-attempt", required_argument, OPT_ACT_ON_ATTEMPT, "N",
	  "Also act on a SOFT problem from attempt N on\n"
	  "(default: act on HARD states only)" },
	{ "no-failback", no_argument, OPT_NO_FAILBACK, NULL,
	  "Never move routes back to the primary on recovery" },
	{ "hold-down", required_argument, OPT_HOLD_DOWN, "SECONDS",
	  "No failback sooner than this after a failover (default 0).\n"
	  "A recovery inside the hold-down schedules the failback for when\n"
	  "it ends; any newer event cancels it." },
	{ "dry-run", no_argument, OPT_DRY_RUN, NULL,
	  "Plan and ask EC2 with DryRun=true (checks permissions); change\n"
	  "nothing" },
	{ "state-dir", required_argument, OPT_STATE_DIR, "DIR",
	  "Lock and record of the last switch (default " DEFAULT_STATE_DIR
	  ")" },
	{ "log-file", required_argument, OPT_LOG_FILE, "FILE",
	  "Append action lines here instead of syslog" },
	{ NULL, 0, 0, NULL, NULL },
};

void
failover_doc(struct plugin *p)
{
	p->summary = "Points VPC routes at the standby VyOS when the active "
		     "one fails, and back.";
	p->usage = "handle_route_failover --state STATE --state-type TYPE\n"
		   "         --route-table RTB [--route-table RTB ...]\n"
		   "         --destination CIDR [--destination CIDR ...]\n"
		   "         --primary ID --secondary ID [options]";
	p->blurb =
		"A Nagios / Icinga 2 event handler. On a HARD problem (DOWN,\n"
		"UNREACHABLE, CRITICAL) every (route table, destination) pair is\n"
		"pointed at --secondary; on recovery (UP, OK) back at --primary\n"
		"(unless --no-failback, and not inside --hold-down). WARNING and\n"
		"UNKNOWN change nothing. All tables are read in one call, pairs\n"
		"already right are skipped, the rest replaced concurrently and\n"
		"read back to verify. A pair that points at anything but the two\n"
		"routers (or a blackhole) is never overwritten, and routes are\n"
		"never created or deleted. Runs are serialised by a lock in the\n"
		"state dir. Credentials come from the environment, the AWS\n"
		"credentials/config files or the instance metadata (IMDSv2),\n"
		"never from the command line.\n"
		"\n"
		"Each action is logged (syslog ident handle_route_failover, or\n"
		"--log-file) as key=value words: ACTION table= destination=\n"
		"from= to= result=replaced|already-set|would-replace|error\n"
		"[reason=] ms=, then \"ACTION done routes=N/M ...\".\n"
		"Exit 0 when every pair ends at the intended target, 2 when any\n"
		"does not, 3 for bad arguments or missing credentials.";
	p->examples =
		"  handle_route_failover --state $HOSTSTATE$ --state-type "
		"$HOSTSTATETYPE$ \\\n"
		"    --attempt $HOSTATTEMPT$ --route-table rtb-0a1b2c3d \\\n"
		"    --route-table rtb-0e5f6a7b --destination 10.0.0.0/16 \\\n"
		"    --primary eni-0123456789abcdef0 --secondary "
		"eni-0fedcba9876543210 \\\n"
		"    --region ap-southeast-1 --hold-down 300";
	p->opts = options;
	p->opts_shared = route_args_opts;
}
