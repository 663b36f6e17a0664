/* SPDX-License-Identifier: ISC */
/*
 * The option group both BGP plugins share and its checks after reading.
 */
#include "config.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp/bgp_query.h"
#include "plugin/bgp_cli.h"

static const struct plugin_word afi_words[] = {
    {"ipv4", BGP_AFI_IPV4},
    {"ipv6", BGP_AFI_IPV6},
    {NULL, 0},
};

/* It goes into a vtysh command line and a remote shell. */
static int
vrf_opt(const struct plugin_option *o, void *field, const char *arg, char *err, size_t errlen)
{
	(void)o;
	if (!bgp_vrf_name_valid(arg)) {
		snprintf(err, errlen,
			 "'%.40s': expected up to 36 of A-Z a-z 0-9 _ . - (not starting with -)",
			 arg);
		return -1;
	}
	*(const char **)field = arg;
	return 0;
}

static int
vtysh_opt(const struct plugin_option *o, void *field, const char *arg, char *err, size_t errlen)
{
	(void)o;
	if (arg[0] != '/') {
		snprintf(err, errlen, "'%s': give a full path", arg);
		return -1;
	}
	*(const char **)field = arg;
	return 0;
}

const struct plugin_option bgp_cli_opts[] = {
    {.name = "afi",
     .argname = "ipv4|ipv6",
     .help = "Address family asked for (default: ipv4; check_vyos_aspath: the family of -n "
	     "ADDR).  With --input it selects among the families in the file (default: all)",
     .type = PLUGIN_OPT_WORD,
     .words = afi_words,
     .off = offsetof(struct bgp_cli, afi)},
    {.name = "vrf",
     .argname = "NAME",
     .help = "VRF to ask about ([A-Za-z0-9_.-], FRR only; default: the default VRF)",
     .type = PLUGIN_OPT_CUSTOM,
     .parse = vrf_opt,
     .off = offsetof(struct bgp_cli, vrf)},
    {.name = "local",
     .help = "Run vtysh on this machine (an agent on the router itself) instead of SSH",
     .type = PLUGIN_OPT_FLAG,
     .off = offsetof(struct bgp_cli, local)},
    {.name = "vtysh",
     .argname = "PATH",
     .help = "vtysh for --local, by full path (default: /usr/bin/vtysh)",
     .type = PLUGIN_OPT_CUSTOM,
     .parse = vtysh_opt,
     .off = offsetof(struct bgp_cli, vtysh)},
    {.name = "vty-socket",
     .argname = "DIR",
     .help = "With --local: vtysh --vty_socket DIR (FRR's sockets elsewhere)",
     .type = PLUGIN_OPT_STRING,
     .off = offsetof(struct bgp_cli, vty_socket)},
    {.name = "input",
     .argname = "FILE",
     .help = "Read a saved answer from FILE ('-': stdin) instead of asking; FRR JSON or "
	     "Quagga/FRR text, detected",
     .type = PLUGIN_OPT_STRING,
     .off = offsetof(struct bgp_cli, input)},
    {.name = "known-hosts",
     .argname = "FILE",
     .help = "SSH known_hosts holding the router's key (default: ~/.ssh/known_hosts); "
	     "unknown or changed keys are refused",
     .type = PLUGIN_OPT_STRING,
     .off = offsetof(struct bgp_cli, known_hosts)},
    {.name = NULL},
};

/* Canonical text of an IPv4/IPv6 address; 0 or -1 (err written). */
static int
address(const char *text, char *out, size_t outlen, char *err, size_t errlen)
{
	unsigned char a[16];
	int fam;

	if (inet_pton(AF_INET, text, a) == 1)
		fam = AF_INET;
	else if (inet_pton(AF_INET6, text, a) == 1)
		fam = AF_INET6;
	else {
		snprintf(err, errlen, "invalid neighbour '%.64s': expected an IPv4 or IPv6 address",
			 text);
		return -1;
	}
	if (inet_ntop(fam, a, out, (socklen_t)outlen) == NULL) {
		snprintf(err, errlen, "invalid neighbour '%.64s'", text);
		return -1;
	}
	return 0;
}

int
bgp_cli_finish(struct bgp_cli *c, const struct plugin *p, struct transport_config *tc, char *err,
	       size_t errlen)
{
	const struct plugin_remote *r = &c->remote;
	int n = (r->host != NULL) + (c->local != 0) + (c->input != NULL);

	memset(tc, 0, sizeof(*tc));
	for (size_t i = 0; i < c->nneighbours; i++) {
		if (address(c->neighbour_args[i], c->neighbour_text[i],
			    sizeof(c->neighbour_text[i]), err, errlen) != 0)
			return -1;
		c->neighbours[i] = c->neighbour_text[i];
	}
	if (n != 1) {
		snprintf(err, errlen,
			 n == 0 ? "give -H HOST, --local or --input FILE (see --help)"
				: "-H, --local and --input exclude each other");
		return -1;
	}
	if (r->host == NULL &&
	    (r->port > 0 || r->user != NULL || r->identity != NULL || c->known_hosts != NULL)) {
		snprintf(err, errlen, "-p, -l, -i and --known-hosts are for SSH (-H)");
		return -1;
	}
	if (!c->local && (c->vtysh != NULL || c->vty_socket != NULL)) {
		snprintf(err, errlen, "--vtysh and --vty-socket need --local");
		return -1;
	}
	c->kind = r->host != NULL ? TRANSPORT_SSH : c->local ? TRANSPORT_LOCAL : TRANSPORT_FILE;
	tc->kind = c->kind;
	tc->host = r->host;
	tc->port = (int)r->port;
	tc->user = r->user;
	tc->identity = r->identity;
	tc->known_hosts = c->known_hosts;
	tc->vtysh = c->vtysh;
	tc->vty_socket = c->vty_socket;
	tc->input = c->input;
	tc->timeout_s = p->timeout;
	return 0;
}

struct transport *
bgp_cli_open(const struct bgp_cli *c, struct plugin *p, struct transport_config *tc)
{
	struct transport *t;
	char err[1024];

	plugin_timeout_start(p, c->kind == TRANSPORT_SSH     ? "asking the router over SSH"
				: c->kind == TRANSPORT_LOCAL ? "running vtysh"
							     : "reading the input");
	tc->timeout_s = plugin_time_left(p) > 1.0 ? plugin_time_left(p) - 0.5 : 0.5;
	t = transport_open(tc, err, sizeof(err));
	if (t == NULL)
		plugin_exit(p, STATE_UNKNOWN, "%s", err);
	return t;
}
