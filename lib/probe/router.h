/* SPDX-License-Identifier: ISC */
/*
 * Is a router alive, as the failover handler's confirmation: a short ICMP
 * burst (probe/icmp.h) and, when a port is given, the SSH banner
 * (probe/banner.h), for several routers at once, one thread each, so
 * confirming both routers costs the time of the slower one.
 *
 * A probe that cannot run here (the name does not resolve, no permission
 * for ICMP, no socket) is no evidence: it never reads as "silent".
 * Nothing here exits or prints.
 */
#ifndef VHA_PROBE_ROUTER_H
#define VHA_PROBE_ROUTER_H

#include <stddef.h>

enum router_probe_result {
	ROUTER_PROBE_CANNOT_RUN, /* no evidence: why is in detail */
	ROUTER_PROBE_ANSWERS,    /* an ICMP reply (and the banner if asked) */
	ROUTER_PROBE_SILENT,     /* no reply, or no SSH banner */
};

struct router_probe {
	/* in */
	const char *host;  /* name, IPv4 or IPv6 address */
	unsigned ssh_port; /* 0: ICMP only */
	/* out */
	enum router_probe_result result;
	char addr[80];     /* the address probed; "" when not resolved */
	char detail[384];  /* "ICMP reply in 0.1 ms", "no ICMP reply (5
			    * sent)", "cannot resolve ...", ... */
	double ms;         /* how long this router's probe took */
};

/*
 * Probe the n routers of rp at once.  Each gets window_ms for its ICMP
 * burst (a dead router is declared silent when it ends; a live one
 * answers within a few round trips) and as long again for the SSH banner.
 * Returns 0 with every result filled, or -1 with err when the threads
 * could not be started (every result then reads CANNOT_RUN).
 * Needs cap_net_raw, or ping_group_range, for ICMP; drop it afterwards
 * with icmp_drop_capabilities() (probe/icmp.h).
 */
int router_probe_run(struct router_probe *rp, size_t n, double window_ms,
		     char *err, size_t errlen);

/* "answers", "silent", "cannot probe". */
const char *router_probe_result_name(enum router_probe_result r);

#endif
