/* SPDX-License-Identifier: ISC */
/*
 * check_vyos_bgp: its options and the text of --help and the man page.
 */
#include "config.h"

#include <stddef.h>

#include "check_vyos_bgp.h"

#define CFG(m) offsetof(struct check_bgp_config, m)

static const struct plugin_option bgp_opts[] = {
    {.name = "neighbor",
     .letter = 'n',
     .argname = "ADDR",
     .help = "Check this neighbour (repeatable; default: every neighbour in the answer).  "
	     "One not in the answer is CRITICAL",
     .type = PLUGIN_OPT_STRING,
     .flags = PLUGIN_OPT_LIST,
     .off = CFG(cli.neighbour_args),
     .count_off = CFG(cli.nneighbours),
     .max_items = BGP_CLI_MAX_NEIGHBOURS},
    {.name = "min-up",
     .argname = "N",
     .help = "Fewer than N Established is CRITICAL; some down but at least N up is WARNING "
	     "(default: every neighbour must be up)",
     .type = PLUGIN_OPT_UINT,
     .min = 1,
     .max = 1000,
     .off = CFG(min_up)},
    {.name = "min-uptime",
     .argname = "SECONDS",
     .help = "An Established session younger than this is WARNING (it flapped)",
     .type = PLUGIN_OPT_UINT,
     .min = 0,
     .max = 10UL * 365 * 86400,
     .unit = "seconds",
     .off = CFG(min_uptime)},
    {.name = "warning",
     .letter = 'w',
     .argname = "RANGE",
     .help = "Nagios range on each neighbour's prefixes received: outside is WARNING (e.g. -w "
	     "2: wants at least 2)",
     .type = PLUGIN_OPT_RANGE,
     .off = CFG(warn)},
    {.name = "critical",
     .letter = 'c',
     .argname = "RANGE",
     .help = "The same for CRITICAL (e.g. -c 1: makes a neighbour that sends nothing "
	     "CRITICAL)",
     .type = PLUGIN_OPT_RANGE,
     .off = CFG(crit)},
    {.name = NULL},
};

static const struct plugin_group bgp_groups[] = {
    {plugin_opts_host, CFG(cli.remote)},
    {plugin_opts_login, CFG(cli.remote)},
    {bgp_opts, 0},
    {bgp_cli_opts, CFG(cli)},
    {NULL, 0},
};

const struct plugin_doc check_vyos_bgp_doc = {
    .name = "check_vyos_bgp",
    .summary = "BGP sessions of a VyOS router (FRR or Quagga)",
    .synopsis = "-H HOST [-p PORT] [-l USER] [-i KEY] [--known-hosts FILE] | --local "
		"[--vtysh PATH] [--vty-socket DIR] | --input FILE [-n ADDR]... [--afi ipv4|ipv6] "
		"[--vrf NAME] [--min-up N] [--min-uptime SECONDS] [-w RANGE] [-c RANGE] "
		"[-t SECONDS] [-v]",
    .description =
	"Asks the router `vtysh -c 'show bgp [vrf NAME] ipv4|ipv6 unicast summary json'` (over "
	"SSH, or locally with --local), falling back to `show ip bgp summary` (text) on "
	"Quagga-era VyOS, or reads a saved answer (--input).\n"
	"\n"
	"A neighbour that is not Established is CRITICAL with its state (Idle, Active, Connect, "
	"OpenSent..., \"admin shutdown\" for `neighbor X shutdown`); one not in the answer is "
	"CRITICAL too.  Output names every neighbour that is not OK first.\n"
	"\n"
	"Perfdata per neighbour: ADDR_state (1 up, 0 down; critical range 1:, the warning range "
	"with --min-up), ADDR_uptime (s, --min-uptime as its warning range), ADDR_pfx_rcvd (with "
	"-w/-c), ADDR_pfx_sent.  ADDR is the neighbour's address with every character outside "
	"[A-Za-z0-9_-] made '_' (169_254_12_1_state, fd00_11__1_state), plus _VRF outside the "
	"default VRF and _ipv4/_ipv6 when the answer holds several families.  Then established "
	"(sessions up, of all; critical range --min-up N:, or all of them without it).\n"
	"\n"
	"UNKNOWN when the router cannot be asked or its answer cannot be read (the reason is "
	"named): vtysh errors, stderr output, unknown format.",
    .groups = bgp_groups,
    .examples = "  # Both tunnels of the VPN connection, one may be down:\n"
		"  check_vyos_bgp -H vyos-2 -i /var/lib/nagios/.ssh/id_ed25519 \\\n"
		"      --known-hosts /var/lib/nagios/.ssh/known_hosts \\\n"
		"      -n 169.254.12.1,169.254.13.1 --min-up 1 --min-uptime 300 -c 1:\n"
		"  # On the router itself (an agent), IPv6 sessions:\n"
		"  check_vyos_bgp --local --afi ipv6\n"
		"  # A VRF:\n"
		"  check_vyos_bgp -H 10.0.0.1 --vrf blue\n"
		"  # A saved answer (vtysh -c 'show ip bgp summary json' > f):\n"
		"  check_vyos_bgp --input f -n 169.254.20.1\n"
		"  # Another port and user, the agent's key, 5 s, verbose:\n"
		"  check_vyos_bgp -H 192.0.2.1 -p 2222 -l monitor -t 5 -v",
    .see_also = "check_vyos_aspath(1), check_vyos_alive(1), vtysh(1)",
};
