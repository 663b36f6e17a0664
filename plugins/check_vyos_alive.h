/* SPDX-License-Identifier: ISC */
/*
 * check_vyos_alive's configuration, shared by the program and its
 * documentation source (check_vyos_alive_doc.c, whose option rows store
 * into it).
 */
#ifndef VHA_CHECK_VYOS_ALIVE_H
#define VHA_CHECK_VYOS_ALIVE_H

#include "plugin/plugin.h"
#include "probe/icmp.h"

struct alive_config {
	struct plugin_remote remote; /* -H only */
	int family;                  /* AF_UNSPEC unless -4 / -6 */
	unsigned packets;
	unsigned interval_ms;
	struct icmp_threshold warn, crit;
	unsigned ssh_port;           /* 0: no banner check */
};

extern const struct plugin_doc check_vyos_alive_doc;

#endif
