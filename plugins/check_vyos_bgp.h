/* SPDX-License-Identifier: ISC */
/*
 * check_vyos_bgp's configuration, shared by the program and its
 * documentation source (check_vyos_bgp_doc.c, whose option rows store
 * into it).
 */
#ifndef VHA_CHECK_VYOS_BGP_H
#define VHA_CHECK_VYOS_BGP_H

#include "core/range.h"
#include "plugin/bgp_cli.h"
#include "plugin/plugin.h"

struct check_bgp_config {
	struct bgp_cli cli;
	unsigned min_up;	 /* when given (--min-up) */
	unsigned min_uptime;	 /* seconds, when given (--min-uptime) */
	struct range warn, crit; /* when given (-w, -c) */
};

extern const struct plugin_doc check_vyos_bgp_doc;

#endif
