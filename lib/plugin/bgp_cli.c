#include "config.h"

#include <arpa/inet.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "plugin/bgp_cli.h"

int
bgp_cli_option(struct bgp_cli *c, int val, const char *arg, char *err, size_t errlen)
{
	switch (val) {
	case BGP_OPT_AFI:
		if (strcmp(arg, "ipv4") == 0)
			c->afi = BGP_AFI_IPV4;
		else if (strcmp(arg, "ipv6") == 0)
			c->afi = BGP_AFI_IPV6;
		else {
			snprintf(err, errlen, "invalid --afi '%s': expected ipv4 or ipv6", arg);
			return -1;
		}
		return 0;
	case BGP_OPT_VRF:
		/* It goes into a vtysh command line and a remote shell. */
		if (!bgp_vrf_name_valid(arg)) {
			snprintf(err, errlen,
				 "invalid --vrf '%.40s': expected up to 36 of "
				 "A-Z a-z 0-9 _ . - (not starting with -)",
				 arg);
			return -1;
		}
		c->vrf = arg;
		return 0;
	case BGP_OPT_LOCAL:
		c->have_kind_local = 1;
		return 0;
	case BGP_OPT_VTYSH:
		if (arg[0] != '/') {
			snprintf(err, errlen, "invalid --vtysh '%s': give a full path", arg);
			return -1;
		}
		c->vtysh = arg;
		return 0;
	case BGP_OPT_VTY_SOCKET:
		if (arg[0] == '\0') {
			snprintf(err, errlen, "invalid --vty-socket: empty");
			return -1;
		}
		c->vty_socket = arg;
		return 0;
	case BGP_OPT_INPUT:
		if (arg[0] == '\0') {
			snprintf(err, errlen, "invalid --input: empty");
			return -1;
		}
		c->have_kind_file = 1;
		c->input = arg;
		return 0;
	case BGP_OPT_KNOWN_HOSTS:
		c->known_hosts = arg;
		return 0;
	}
	return 1;
}

int
bgp_cli_finish(struct bgp_cli *c, const struct plugin *p, struct transport_config *tc, char *err,
	       size_t errlen)
{
	int n = (p->host != NULL) + c->have_kind_local + c->have_kind_file;

	memset(tc, 0, sizeof(*tc));
	if (n != 1) {
		snprintf(err, errlen,
			 n == 0 ? "give -H HOST, --local or --input FILE "
				  "(see --help)"
				: "-H, --local and --input exclude each other");
		return -1;
	}
	if (p->host == NULL &&
	    (p->port > 0 || p->user != NULL || p->identity != NULL || c->known_hosts != NULL)) {
		snprintf(err, errlen, "-p, -l, -i and --known-hosts are for SSH (-H)");
		return -1;
	}
	if (!c->have_kind_local && (c->vtysh != NULL || c->vty_socket != NULL)) {
		snprintf(err, errlen, "--vtysh and --vty-socket need --local");
		return -1;
	}
	c->kind = p->host != NULL      ? TRANSPORT_SSH
		  : c->have_kind_local ? TRANSPORT_LOCAL
				       : TRANSPORT_FILE;
	tc->kind = c->kind;
	tc->host = p->host;
	tc->port = p->port;
	tc->user = p->user;
	tc->identity = p->identity;
	tc->known_hosts = c->known_hosts;
	tc->vtysh = c->vtysh;
	tc->vty_socket = c->vty_socket;
	tc->input = c->input;
	tc->timeout_s = p->timeout;
	return 0;
}

int
bgp_cli_address(const char *text, char *out, size_t outlen, char *err, size_t errlen)
{
	unsigned char a[16];
	int fam;

	if (inet_pton(AF_INET, text, a) == 1)
		fam = AF_INET;
	else if (inet_pton(AF_INET6, text, a) == 1)
		fam = AF_INET6;
	else {
		snprintf(err, errlen,
			 "invalid neighbour '%.64s': expected an IPv4 or IPv6 "
			 "address",
			 text);
		return -1;
	}
	if (inet_ntop(fam, a, out, (socklen_t)outlen) == NULL) {
		snprintf(err, errlen, "invalid neighbour '%.64s'", text);
		return -1;
	}
	return 0;
}
