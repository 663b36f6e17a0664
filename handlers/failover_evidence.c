/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>

#include "core/clock.h"
#include "core/log.h"
#include "core/text.h"
#include "probe/icmp.h"

#include "failover_evidence.h"

static enum probe_evidence
evidence_of(enum router_probe_result r)
{
	switch (r) {
	case ROUTER_PROBE_ANSWERS:
		return PROBE_ANSWERS;
	case ROUTER_PROBE_SILENT:
		return PROBE_SILENT;
	case ROUTER_PROBE_CANNOT_RUN:
		break;
	}
	return PROBE_CANNOT_RUN;
}

void
failover_gather(const struct failover_config *c, struct failover_input *in,
		struct failover_evidence *ev)
{
	const char *role[2] = { "primary", "secondary" };
	int ready[2] = { c->primary_ready, c->secondary_ready };
	struct router_evidence *re[2] = { &in->primary, &in->secondary };
	char err[256];
	double t0 = clock_now_ms();

	ev->probed = 1;
	ev->router[0] = (struct router_probe){ .host = c->primary_address,
					       .ssh_port = c->probe_ssh_port };
	ev->router[1] = (struct router_probe){ .host = c->secondary_address,
					       .ssh_port = c->probe_ssh_port };
	if (router_probe_run(ev->router, 2, c->probe_timeout, err,
			     sizeof(err)) != 0)
		log_notice("probe error=\"%s\"", err);
	ev->ms = clock_now_ms() - t0;
	for (int i = 0; i < 2; i++) {
		re[i]->probe = evidence_of(ev->router[i].result);
		re[i]->ready = (enum readiness)ready[i];
		log_notice("probe %s=%s address=%s result=%s ready=%s ms=%.0f "
			   "detail=\"%s\"", role[i], ev->router[i].host,
			   ev->router[i].addr[0] ? ev->router[i].addr : "-",
			   router_probe_result_name(ev->router[i].result),
			   readiness_name(re[i]->ready)[0]
				   ? readiness_name(re[i]->ready)
				   : "-",
			   ev->router[i].ms, ev->router[i].detail);
	}
	log_notice("probe done ms=%.0f", ev->ms);
}

void
failover_evidence_text(const struct failover_config *c,
		       const struct failover_evidence *ev,
		       const struct decision *d, char *buf, size_t len)
{
	const char *role[2] = { "primary", "secondary" };
	enum router_health h[2] = { d->primary, d->secondary };
	int ready[2] = { c->primary_ready, c->secondary_ready };
	size_t off = 0;

	buf[0] = '\0';
	if (!ev->probed) {
		if (c->no_confirm)
			text_append(buf, len, &off, "unconfirmed "
				    "(--no-confirm): the event is taken as "
				    "it is");
		return;
	}
	for (int i = 0; i < 2; i++) {
		const struct router_probe *rp = &ev->router[i];
		const char *rn = readiness_name((enum readiness)ready[i]);

		text_append(buf, len, &off, "%s%s %s %s (%s%s%s)",
			    i ? "; " : "", role[i], rp->host,
			    router_health_name(h[i]), rp->detail,
			    rn[0] ? ", ready " : "", rn);
	}
}
