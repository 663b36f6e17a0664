/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/clock.h"
#include "core/log.h"

#include "failover_run.h"

void
failover_run_init(struct plugin *p, const struct failover_config *c,
		  struct failover_run *run)
{
	char err[512];

	if (route_args_check(&c->ra, 1, err, sizeof(err)) != 0)
		plugin_exit(p, STATE_UNKNOWN, "%s", err);
	if (c->ra.ntables * c->ra.ndests > 1000)
		plugin_exit(p, STATE_UNKNOWN,
			    "too many pairs (%zu tables x %zu destinations)",
			    c->ra.ntables, c->ra.ndests);
	if (c->state_dir[0] != '/')
		plugin_exit(p, STATE_UNKNOWN,
			    "invalid --state-dir '%s': expected an absolute path",
			    c->state_dir);
	if (record_store_init(&run->store, c->state_dir, c->ra.primary,
			      c->ra.secondary, err, sizeof(err)) != 0)
		plugin_exit(p, STATE_UNKNOWN, "invalid --state-dir: %s", err);
	if (!c->no_confirm &&
	    (c->primary_address == NULL || c->secondary_address == NULL))
		plugin_exit(p, STATE_UNKNOWN,
			    "refusing to act without evidence: give "
			    "--primary-address and --secondary-address (or "
			    "--no-confirm, the old unsafe behaviour)");
	run->in = (struct failover_input){
		(enum failover_event)c->event,
		(enum failover_state_type)c->state_type, c->attempt,
		{ PROBE_NOT_RUN, READY_NOT_GIVEN },
		{ PROBE_NOT_RUN, READY_NOT_GIVEN },
	};
	run->policy = (struct failover_policy){ c->act_on_attempt, c->hold_down,
						c->no_failback, !c->no_confirm };
}

void
failover_run_open_state(struct plugin *p, const struct failover_config *c,
			struct failover_run *run)
{
	char err[512];

	memset(&run->rec, 0, sizeof(run->rec));
	if (record_lock(&run->store,
			clock_now_ms() + plugin_time_left(p) * 1000 - 2000, err,
			sizeof(err)) != 0) {
		snprintf(run->unlocked, sizeof(run->unlocked), "%s", err);
	} else if (record_read(&run->store, &run->rec) != 0) {
		snprintf(run->unlocked, sizeof(run->unlocked),
			 "cannot read the record in %s: %s", c->state_dir,
			 strerror(errno));
		memset(&run->rec, 0, sizeof(run->rec));
		record_unlock(&run->store);
	} else
		run->locked = 1;
	if (!run->locked)
		log_notice("running without the lock and the record: %s",
			   run->unlocked);
	run->rec.generation++;
}
