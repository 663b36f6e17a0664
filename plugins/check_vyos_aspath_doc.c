/* SPDX-License-Identifier: ISC */
/*
 * check_vyos_aspath: its options and the text of --help and the man page.
 */
#include "config.h"

#include <stddef.h>

#include "check_vyos_aspath.h"

#define CFG(m) offsetof(struct check_aspath_config, m)

static const struct plugin_word role_words[] = {
    {"active", ASPATH_ROLE_ACTIVE},
    {"standby", ASPATH_ROLE_STANDBY},
    {NULL, 0},
};

static const struct plugin_option aspath_opts[] = {
    {.name = "neighbor",
     .letter = 'n',
     .argname = "ADDR",
     .help = "Check what is advertised to this neighbour (repeatable; required unless --input)",
     .type = PLUGIN_OPT_STRING,
     .flags = PLUGIN_OPT_LIST,
     .off = CFG(cli.neighbour_args),
     .count_off = CFG(cli.nneighbours),
     .max_items = ASPATH_MAX_NEIGHBOURS},
    {.name = "role",
     .argname = "active|standby",
     .help = "The router's role (required).  standby: every prefix must carry at least "
	     "--prepend copies of our ASN at the front of its path; active: none may carry a "
	     "prepend of our ASN",
     .type = PLUGIN_OPT_WORD,
     .words = role_words,
     .off = CFG(role)},
    {.name = "asn",
     .argname = "N",
     .help = "Our ASN (default: the local AS named in the answer; Quagga's text does not name "
	     "it: then it is read from `show ip bgp summary`, or with --input must be given)",
     .type = PLUGIN_OPT_STRING,
     .off = CFG(asn)},
    {.name = "prepend",
     .argname = "N",
     .help = "Copies the standby must prepend (default: 3)",
     .type = PLUGIN_OPT_UINT,
     .min = 1,
     .max = 64,
     .def = "3",
     .off = CFG(prepend)},
    {.name = "expect-prefix",
     .argname = "CIDR",
     .help = "This prefix must be advertised (repeatable); missing is CRITICAL",
     .type = PLUGIN_OPT_CIDR,
     .flags = PLUGIN_OPT_LIST,
     .off = CFG(expect),
     .count_off = CFG(nexpect),
     .max_items = ASPATH_MAX_EXPECT},
    {.name = "warning",
     .letter = 'w',
     .argname = "RANGE",
     .help = "Nagios range on the number of prefixes advertised to each neighbour: outside is "
	     "WARNING (e.g. -w 2:5)",
     .type = PLUGIN_OPT_RANGE,
     .off = CFG(warn)},
    {.name = "critical",
     .letter = 'c',
     .argname = "RANGE",
     .help = "The same for CRITICAL (default: 1:, advertising nothing is CRITICAL; -c 0: "
	     "allows it)",
     .type = PLUGIN_OPT_RANGE,
     .def = "1:",
     .off = CFG(crit)},
    {.name = NULL},
};

static const struct plugin_group aspath_groups[] = {
    {plugin_opts_host, CFG(cli.remote)},
    {plugin_opts_login, CFG(cli.remote)},
    {aspath_opts, 0},
    {bgp_cli_opts, CFG(cli)},
    {NULL, 0},
};

const struct plugin_doc check_vyos_aspath_doc = {
    .name = "check_vyos_aspath",
    .summary = "AS-path prepend of a VyOS router's advertised routes (Active-Standby)",
    .synopsis =
	"-H HOST [-p PORT] [-l USER] [-i KEY] [--known-hosts FILE] | --local "
	"[--vtysh PATH] [--vty-socket DIR] | --input FILE -n ADDR [-n ADDR]... --role "
	"active|standby [--asn N] [--prepend N] [--expect-prefix CIDR]... [--afi ipv4|ipv6] "
	"[--vrf NAME] [-w RANGE] [-c RANGE] [-t SECONDS] [-v]",
    .description =
	"For each -n ADDR asks the router `vtysh -c 'show ip bgp neighbors ADDR advertised-routes "
	"json'` (IPv6: `show bgp ipv6 unicast neighbors ...`; with --vrf: `show bgp vrf NAME "
	"...`), falling back to the text command on Quagga-era VyOS, or reads a saved answer "
	"(--input).  The paths shown are those after the export route-map, without the AS eBGP "
	"adds on sending: every leading copy of our ASN is a prepend.\n"
	"\n"
	"Any prefix that breaks the role is CRITICAL, named with its path; so is a missing "
	"--expect-prefix and a neighbour the router does not know.\n"
	"\n"
	"-w/-c are Nagios ranges on the number of prefixes advertised; -c defaults to 1: "
	"(advertising nothing is CRITICAL; give -c 0: to allow it).\n"
	"\n"
	"Perfdata per neighbour: ADDR_prefixes (with -w/-c), ADDR_prepend_min, ADDR_prepend_max "
	"(the smallest and largest prepend count seen; the standby's prepend_min has the critical "
	"range --prepend N:, the active's prepend_max the critical range 0).  ADDR is the "
	"neighbour's address with every character outside [A-Za-z0-9_-] made '_' "
	"(169_254_12_1_prefixes, fd00_11__1_prefixes); with --input and no -n there is no "
	"prefix.",
    .groups = aspath_groups,
    .examples =
	"  # The standby (vyos-2) towards both tunnels:\n"
	"  check_vyos_aspath -H vyos-2 -i /var/lib/nagios/.ssh/id_ed25519 \\\n"
	"      --known-hosts /var/lib/nagios/.ssh/known_hosts \\\n"
	"      -n 169.254.12.1,169.254.13.1 --role standby --prepend 3 \\\n"
	"      --expect-prefix 172.31.0.0/16\n"
	"  # The active (vyos-1):\n"
	"  check_vyos_aspath -H vyos-1 -n 169.254.10.1 --role active\n"
	"  # A saved Quagga answer (it does not name the local AS):\n"
	"  check_vyos_aspath --input after.txt --role standby --asn 65000\n"
	"  # Over IPv6 to the VGW, another port and user, 5 s, verbose:\n"
	"  check_vyos_aspath -H 192.0.2.2 -p 2222 -l monitor -t 5 -v \\\n"
	"      -n 2001:db8:20::1 --role standby -w 2:",
    .see_also = "check_vyos_bgp(1), check_vyos_alive(1), vtysh(1)",
};
