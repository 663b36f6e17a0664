/*
 * The command-line options both BGP plugins share (where the answer comes
 * from, which family and VRF), one table and one parser for both.
 */
#ifndef VHA_BGP_CLI_H
#define VHA_BGP_CLI_H

#include <stddef.h>

#include "bgp/bgp_types.h"
#include "plugin/plugin.h"
#include "io/transport.h"

enum {
	BGP_OPT_AFI = 300,
	BGP_OPT_VRF,
	BGP_OPT_LOCAL,
	BGP_OPT_VTYSH,
	BGP_OPT_VTY_SOCKET,
	BGP_OPT_INPUT,
	BGP_OPT_KNOWN_HOSTS,
};

/* Rows for a program's struct plugin_opt table (before its own rows). */
#define BGP_CLI_OPTS                                                                               \
	{"afi", required_argument, BGP_OPT_AFI, "ipv4|ipv6",                                       \
	 "Address family asked for (default: ipv4; check_vyos_aspath:\n"                           \
	 "the family of -n ADDR).  With --input it selects among the\n"                            \
	 "families in the file (default: all)"},                                                   \
	    {"vrf", required_argument, BGP_OPT_VRF, "NAME",                                        \
	     "VRF to ask about ([A-Za-z0-9_.-], FRR only; default: the\n"                          \
	     "default VRF)"},                                                                      \
	    {"local", no_argument, BGP_OPT_LOCAL, NULL,                                            \
	     "Run vtysh on this machine (an agent on the router itself)\n"                         \
	     "instead of SSH"},                                                                    \
	    {"vtysh", required_argument, BGP_OPT_VTYSH, "PATH",                                    \
	     "vtysh for --local, by full path (default: /usr/bin/vtysh)"},                         \
	    {"vty-socket", required_argument, BGP_OPT_VTY_SOCKET, "DIR",                           \
	     "With --local: vtysh --vty_socket DIR (FRR's sockets elsewhere)"},                    \
	    {"input", required_argument, BGP_OPT_INPUT, "FILE",                                    \
	     "Read a saved answer from FILE ('-': stdin) instead of asking;\n"                     \
	     "FRR JSON or Quagga/FRR text, detected"},                                             \
	{                                                                                          \
		"known-hosts", required_argument, BGP_OPT_KNOWN_HOSTS, "FILE",                     \
		    "SSH known_hosts holding the router's key (default:\n"                         \
		    "~/.ssh/known_hosts); unknown or changed keys are refused"                     \
	}

struct bgp_cli {
	enum transport_kind kind;
	int have_kind_local, have_kind_file;
	const char *input;
	const char *known_hosts;
	const char *vtysh;
	const char *vty_socket;
	enum bgp_afi afi; /* BGP_AFI_UNSPEC when not given */
	const char *vrf;
};

/*
 * Take one of the shared options: 0 taken, 1 not ours, -1 bad value (err
 * names it).
 */
int bgp_cli_option(struct bgp_cli *c, int val, const char *arg, char *err, size_t errlen);

/*
 * After parsing: exactly one source (-H, --local or --input), SSH options
 * only with -H.  Fills *tc (timeout from the plugin).  0 or -1 with err.
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

/* Canonical text of an IPv4/IPv6 address; 0 or -1 (err written). */
int bgp_cli_address(const char *text, char *out, size_t outlen, char *err, size_t errlen);

#endif
