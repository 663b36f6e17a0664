/* SPDX-License-Identifier: ISC */
/*
 * The options both BGP plugins share (where the answer comes from, which
 * family and VRF, the neighbours), as one group of typed rows bound to a
 * struct bgp_cli inside each program's config, and one check after
 * reading for what needs several options together.
 */
#ifndef VHA_BGP_CLI_H
#define VHA_BGP_CLI_H

#include <stddef.h>

#include "bgp/bgp_types.h"
#include "plugin/plugin.h"
#include "io/transport.h"

#define BGP_CLI_MAX_NEIGHBOURS 64

struct bgp_cli {
	struct plugin_remote remote; /* -H, and -p -l -i for SSH */
	const char *known_hosts;
	int local; /* --local */
	const char *vtysh;
	const char *vty_socket;
	const char *input;
	enum bgp_afi afi; /* BGP_AFI_UNSPEC when not given */
	const char *vrf;
	/* -n ADDR: each program's own row (its help and limit differ) stores
	 * the arguments here; bgp_cli_finish writes their canonical text. */
	const char *neighbour_args[BGP_CLI_MAX_NEIGHBOURS];
	size_t nneighbours;
	char neighbour_text[BGP_CLI_MAX_NEIGHBOURS][64];
	const char *neighbours[BGP_CLI_MAX_NEIGHBOURS]; /* -> neighbour_text */
	enum transport_kind kind;			/* set by bgp_cli_finish */
};

/* --afi --vrf --local --vtysh --vty-socket --input --known-hosts, bound to a
 * struct bgp_cli; bind plugin_opts_host and plugin_opts_login to its
 * remote member. */
extern const struct plugin_option bgp_cli_opts[];

/*
 * After plugin_parse: exactly one source (-H, --local or --input), SSH
 * options only with -H, every -n an address.  Sets c->kind and the
 * neighbours, fills *tc.  0, or -1 with err.
 */
int bgp_cli_finish(struct bgp_cli *c, const struct plugin *p, struct transport_config *tc,
		   char *err, size_t errlen);

/*
 * Start the -t alarm and open the transport bgp_cli_finish described, with
 * a deadline of its own just before the alarm (so a hung vtysh is killed
 * rather than left running).  Exits UNKNOWN when it cannot be opened.
 */
struct transport *bgp_cli_open(const struct bgp_cli *c, struct plugin *p,
			       struct transport_config *tc);

#endif
