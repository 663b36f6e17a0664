/* SPDX-License-Identifier: ISC */
/*
 * check_vyos_aspath's configuration, shared by the program and its
 * documentation source (check_vyos_aspath_doc.c, whose option rows store
 * into it).
 */
#ifndef VHA_CHECK_VYOS_ASPATH_H
#define VHA_CHECK_VYOS_ASPATH_H

#include "core/netaddr.h"
#include "core/range.h"
#include "bgp/aspath.h"
#include "plugin/bgp_cli.h"
#include "plugin/plugin.h"

#define ASPATH_MAX_NEIGHBOURS 16
#define ASPATH_MAX_EXPECT 64

struct check_aspath_config {
	struct bgp_cli cli;
	enum aspath_role role; /* when given: required */
	const char *asn;       /* NULL: the answer's local AS */
	unsigned prepend;
	struct cidr expect[ASPATH_MAX_EXPECT];
	size_t nexpect;
	struct range warn, crit; /* warn when given; crit defaults to 1: */
};

extern const struct plugin_doc check_vyos_aspath_doc;

#endif
