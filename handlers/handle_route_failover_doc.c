/* SPDX-License-Identifier: ISC */
/*
 * handle_route_failover: its options and the text of --help and the man
 * page.
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>

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

/* --primary-ready / --secondary-ready: a state word or Icinga 2 number. */
static int
parse_ready(const struct plugin_option *o, void *field, const char *arg,
	    char *err, size_t errlen)
{
	enum readiness r;

	(void)o;
	if (readiness_parse(arg, &r) != 0) {
		snprintf(err, errlen,
			 "'%s': expected OK, WARNING, CRITICAL, UNKNOWN, UP, "
			 "DOWN, UNREACHABLE or 0 to 3", arg);
		return -1;
	}
	*(int *)field = (int)r;
	return 0;
}

static const struct plugin_option confirm_opts[] = {
	{ .name = "primary-address", .argname = "HOST",
	  .help = "The primary router as this server reaches it (name, IPv4 "
		  "or IPv6), for the handler's own probe",
	  .type = PLUGIN_OPT_STRING, .off = FC(primary_address) },
	{ .name = "secondary-address", .argname = "HOST",
	  .help = "The secondary router, likewise. Without both addresses "
		  "the handler refuses to switch (unless --no-confirm).",
	  .type = PLUGIN_OPT_STRING, .off = FC(secondary_address) },
	{ .name = "probe-ssh-port", .argname = "PORT",
	  .help = "Also require the SSH banner on this port (tells a live "
		  "router from a hypervisor answering ping for a dead one; "
		  "needs no privilege, so it is a probe of its own where ICMP "
		  "is not allowed)",
	  .type = PLUGIN_OPT_UINT, .min = 1, .max = 65535,
	  .off = FC(probe_ssh_port) },
	{ .name = "probe-timeout", .argname = "MS",
	  .help = "How long a router may stay silent before it counts as "
		  "down, for the ICMP burst and again for the banner "
		  "(default 120)",
	  .type = PLUGIN_OPT_UINT, .min = 20, .max = 1000,
	  .unit = "milliseconds", .def = "120", .off = FC(probe_timeout) },
	{ .name = "primary-ready", .argname = "STATE",
	  .help = "The primary's readiness as the monitoring sees it, "
		  "typically its BGP service: OK/UP is ready, CRITICAL/DOWN is "
		  "down, WARNING, UNKNOWN, UNREACHABLE and \"\" are no "
		  "evidence; Icinga 2's numbers 0 to 3 as service states",
	  .type = PLUGIN_OPT_CUSTOM, .parse = parse_ready,
	  .off = FC(primary_ready) },
	{ .name = "secondary-ready", .argname = "STATE",
	  .help = "The secondary's readiness, likewise",
	  .type = PLUGIN_OPT_CUSTOM, .parse = parse_ready,
	  .off = FC(secondary_ready) },
	{ .name = "no-confirm",
	  .help = "The old, unsafe behaviour: believe the event, probe "
		  "nothing (a monitoring fault then moves every route, and a "
		  "dead standby gets them)",
	  .type = PLUGIN_OPT_FLAG, .off = FC(no_confirm) },
	{ .name = NULL },
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
	  .help = "Never move routes back to the primary on recovery (they "
		  "still leave a secondary that is down)",
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
	{ confirm_opts, 0 },
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
		    "(--primary-address HOST --secondary-address HOST | "
		    "--no-confirm) [options]",
	.description =
		"A Nagios / Icinga 2 event handler that keeps every (route "
		"table, destination) pair pointed at a router that works.\n"
		"\n"
		"The event says when to look: a HARD problem (DOWN, "
		"UNREACHABLE, CRITICAL), a SOFT one from --act-on-attempt, or "
		"a recovery (UP, OK); WARNING and UNKNOWN change nothing. Then "
		"the handler checks for itself, probing both routers at once "
		"(a short ICMP burst, plus the SSH banner with --probe-ssh-port; "
		"a silent router costs --probe-timeout), and converges, "
		"whatever the event was:\n"
		"  routes -> primary    when it answers (and --primary-ready,\n"
		"                       if given, is OK/UP) and no hold-down runs\n"
		"  routes -> secondary  when the primary is down (silent, or\n"
		"                       not ready) and the secondary healthy\n"
		"  routes stay          otherwise: both down, or no evidence\n"
		"A probe that cannot run (no ICMP permission: the handler needs "
		"cap_net_raw as check_vyos_alive does; a name that does not "
		"resolve; no socket) is no evidence, never \"down\". So a "
		"broken host check (a bad threshold, a DNS failure) moves "
		"nothing, a dead standby never gets the routes and an unready "
		"primary never gets them back. The status line and the log say "
		"which evidence decided. Run it on the events of the primary's "
		"host, its BGP service and the secondary's host.\n"
		"\n"
		"--no-confirm is the old, unsafe behaviour: the event is taken "
		"to be about the primary and believed. Without it, and without "
		"both addresses, the handler refuses to switch.\n"
		"\n"
		"All tables are read in one call, pairs already right are "
		"skipped, the rest replaced concurrently and read back to "
		"verify. A pair that points at anything but the two routers "
		"(or a blackhole) is never overwritten, and routes are never "
		"created or deleted. Runs are serialised by a lock in the "
		"state dir; when the state dir cannot be used the handler "
		"still converges (the plan is idempotent), without the lock "
		"and the record, and says so. --dry-run writes no record.\n"
		"\n"
		"Credentials come from the environment, the AWS "
		"credentials/config files or the instance metadata (IMDSv2), "
		"never from the command line.\n"
		"\n"
		"Each action is logged (syslog ident handle_route_failover, or "
		"--log-file) as key=value words:\n"
		"  probe primary=|secondary=HOST address= result= ready= ms= detail=\n"
		"  event state= type= attempt= action= reason= evidence=\n"
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
		"    --primary-address 172.31.1.10 --secondary-address 172.31.2.10 \\\n"
		"    --primary-ready $SERVICESTATE:vyos-1:bgp$ \\\n"
		"    --secondary-ready $SERVICESTATE:vyos-2:bgp$ --hold-down 300",
	.exit_status =
		"0 when every pair ends at the intended target (or no action "
		"is due), 1 when it does but the state dir could not be used, "
		"2 when any pair does not, or both routers are down, 3 for bad "
		"arguments, missing credentials, or no evidence to act on.",
	.see_also = "check_ec2_route(1), check_vyos_alive(1), "
		    "check_vyos_bgp(1)",
};
