/* SPDX-License-Identifier: ISC */
/*
 * handle_route_failover's configuration, shared by the program and its
 * documentation source (handle_route_failover_doc.c, whose option rows
 * store into it).
 */
#ifndef VHA_HANDLE_ROUTE_FAILOVER_H
#define VHA_HANDLE_ROUTE_FAILOVER_H

#include "plugin/plugin.h"
#include "plugin/routeargs.h"

#define DEFAULT_STATE_DIR ROUTEARGS_STATE_DIR

struct failover_config {
	int event;               /* enum failover_event (--state) */
	int state_type;          /* enum failover_state_type */
	unsigned attempt;        /* 1 unless given */
	unsigned act_on_attempt; /* 0: act on HARD only */
	int no_failback;
	unsigned hold_down;      /* seconds, 0 unless given */
	int dry_run;
	const char *state_dir;   /* absolute (checked after parsing) */
	const char *log_file;    /* NULL: syslog */
	/* confirmation: the handler's own probe and the readiness states */
	const char *primary_address, *secondary_address; /* NULL: not given */
	unsigned probe_ssh_port; /* 0: ICMP only */
	unsigned probe_timeout;  /* ms for the ICMP burst (and the banner) */
	int primary_ready;       /* enum readiness */
	int secondary_ready;
	int no_confirm;          /* the old, unsafe behaviour */
	struct route_args ra;    /* tables, destinations, routers, AWS */
};

extern const struct plugin_doc handle_route_failover_doc;

#endif
