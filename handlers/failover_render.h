/* SPDX-License-Identifier: ISC */
/*
 * handle_route_failover's words: the log sink, and the results of
 * decide() and switch_routes() as log lines and one status line.
 */
#ifndef VHA_FAILOVER_RENDER_H
#define VHA_FAILOVER_RENDER_H

#include <stddef.h>

#include "failover/decide.h"
#include "failover/switch.h"
#include "plugin/plugin.h"

/*
 * A core/log.h sink: ctx NULL logs to syslog (the caller opens it), else
 * ctx is the FILE of --log-file and lines read
 * "2026-01-02T03:04:05Z handle_route_failover[PID]: msg" (contrib/lab
 * parses them).
 */
void failover_log_sink(void *ctx, const char *msg);

/* Why a decision with ACTION_NONE takes no action. */
void failover_render_no_action(const struct failover_input *in,
			       const struct decision *d, char *buf,
			       size_t len);
/* The state of a run that takes no action: CRITICAL when both routers are
 * down, UNKNOWN without evidence, else OK. */
enum state failover_no_action_state(const struct decision *d);
/* "primary-down", "hold-down", ... for the log. */
const char *failover_reason_name(enum decide_reason r);
/* A WARNING item "ran without the lock: WHY" when !locked. */
void failover_render_state_dir(int locked, const char *why,
			       struct plugin_result *r);

/*
 * Log one line per pair and a "done" line, add the perfdata, and fill r
 * (PLUGIN_RESULT_INIT) for plugin_render: OK when every pair ends at the
 * target, CRITICAL naming each that does not.  ms is the time the whole
 * switch took; identity (the role ARN assumed, "" for none) ends the
 * summary as " as ARN".  r's items are copies: res may be freed before
 * rendering.
 */
void failover_render_switch(struct plugin *p, const struct switch_request *rq,
			    const struct switch_result *res,
			    const char *identity, double ms,
			    struct plugin_result *r);

#endif
