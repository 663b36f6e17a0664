/* SPDX-License-Identifier: ISC */
/*
 * handle_route_failover's evidence: its own probe of both routers (at
 * once) and the readiness states the monitoring passed, as decide()'s
 * input, and in words for the log and the status line.
 */
#ifndef VHA_FAILOVER_EVIDENCE_H
#define VHA_FAILOVER_EVIDENCE_H

#include <stddef.h>

#include "failover/decide.h"
#include "probe/router.h"

#include "handle_route_failover.h"

struct failover_evidence {
	int probed;                    /* 0: --no-confirm, nothing probed */
	struct router_probe router[2]; /* primary, secondary */
	double ms;                     /* the probe's wall time */
};

/*
 * Probe both routers (c's addresses) and fill in->primary and
 * in->secondary with the probe results and c's readiness states.
 * Logs one line per router.
 */
void failover_gather(const struct failover_config *c,
		     struct failover_input *in, struct failover_evidence *ev);

/*
 * "primary 10.0.0.1 down (no ICMP reply (5 sent)); secondary 10.0.0.2
 * healthy (ICMP reply in 0.2 ms, ready OK)" into buf.
 */
void failover_evidence_text(const struct failover_config *c,
			    const struct failover_evidence *ev,
			    const struct decision *d, char *buf, size_t len);

#endif
