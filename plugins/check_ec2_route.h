/* SPDX-License-Identifier: ISC */
/*
 * check_ec2_route's configuration, shared by the program and its
 * documentation source (check_ec2_route_doc.c).
 */
#ifndef VHA_CHECK_EC2_ROUTE_H
#define VHA_CHECK_EC2_ROUTE_H

#include "plugin/plugin.h"
#include "plugin/routeargs.h"

struct ec2_route_config {
	struct route_args ra;
	const char *state_dir; /* role credential cache; NULL: the default */
};

extern const struct plugin_doc check_ec2_route_doc;

#endif
