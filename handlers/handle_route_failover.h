/*
 * handle_route_failover's options and help text, kept out of main (the
 * _doc.c file is the one source of --help).
 */
#ifndef VHA_HANDLE_ROUTE_FAILOVER_H
#define VHA_HANDLE_ROUTE_FAILOVER_H

#include "plugin/plugin.h"

#define DEFAULT_STATE_DIR "/var/lib/vyos-ha-plugins"

enum opt_id {
	OPT_STATE = 256,
	OPT_STATE_TYPE,
	OPT_ATTEMPT,
	OPT_ACT_ON_ATTEMPT,
	OPT_NO_FAILBACK,
	OPT_HOLD_DOWN,
	OPT_DRY_RUN,
	OPT_STATE_DIR,
	OPT_LOG_FILE,
};

/* Set p's help text and option table. */
void failover_doc(struct plugin *p);

#endif
