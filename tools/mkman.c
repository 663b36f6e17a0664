/* SPDX-License-Identifier: ISC */
/*
 * mkman PROGRAM: write PROGRAM's man page (roff, section 1) to stdout, from
 * the struct plugin_doc its --help prints, so the two never disagree.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "check_ec2_route.h"
#include "check_vyos_alive.h"
#include "check_vyos_aspath.h"
#include "check_vyos_bgp.h"
#include "handle_route_failover.h"
#include "plugin/plugin.h"

static const struct plugin_doc *const docs[] = {
	&check_vyos_alive_doc, &check_vyos_bgp_doc, &check_vyos_aspath_doc,
	&check_ec2_route_doc,  &handle_route_failover_doc,
};

int
main(int argc, char **argv)
{
	for (size_t i = 0; argc == 2 && i < sizeof(docs) / sizeof(*docs); i++) {
		if (strcmp(argv[1], docs[i]->name) != 0)
			continue;
		if (plugin_man_write(stdout, docs[i]) != 0) {
			perror("mkman: stdout");
			return 1;
		}
		return 0;
	}
	fprintf(stderr, "usage: mkman PROGRAM (one of the five programs)\n");
	return 2;
}
