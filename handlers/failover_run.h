/* SPDX-License-Identifier: ISC */
/*
 * One run of handle_route_failover: what it knows, and whether it may use
 * the state dir; the checks of options that go together.
 */
#ifndef VHA_FAILOVER_RUN_H
#define VHA_FAILOVER_RUN_H

#include "failover/decide.h"
#include "failover/record.h"
#include "plugin/plugin.h"

#include "failover_evidence.h"
#include "handle_route_failover.h"

struct failover_run {
	struct failover_input in;
	struct failover_policy policy;
	struct failover_evidence ev;
	struct record_store store;
	struct switch_record rec;
	int locked;         /* 0: no lock, no record (unlocked says why) */
	char unlocked[600];
	char why[1024];     /* the evidence, for the line */
};

/*
 * What plugin_parse cannot check alone (route arguments, the state dir,
 * both addresses unless --no-confirm); then fill run's input, policy and
 * store.  Exits UNKNOWN naming the problem.
 */
void failover_run_init(struct plugin *p, const struct failover_config *c,
		       struct failover_run *run);

/*
 * Lock and read the record, generation bumped.  When the state dir cannot
 * be used, go on without them (the plan is idempotent): run->locked 0,
 * run->unlocked says why, and a log line says so.
 */
void failover_run_open_state(struct plugin *p,
			     const struct failover_config *c,
			     struct failover_run *run);

#endif
