/* SPDX-License-Identifier: ISC */
/*
 * check_vyos_alive: its options and the text of --help and the man page.
 */
#include "config.h"

#include <stddef.h>
#include <sys/socket.h>

#include "check_vyos_alive.h"

/* -w/-c: check_icmp's "RTA,LOSS%"; without ",LOSS" the default loss stays. */
static int
threshold_opt(const struct plugin_option *o, void *field, const char *arg,
	      char *err, size_t errlen)
{
	struct icmp_threshold th;

	if (icmp_threshold_parse(o->def, &th, err, errlen) != 0 ||
	    icmp_threshold_parse(arg, &th, err, errlen) != 0)
		return -1;
	*(struct icmp_threshold *)field = th;
	return 0;
}

static const struct plugin_option alive_opts[] = {
	{ .name = "packets", .letter = 'n', .argname = "COUNT",
	  .help = "Echo requests to send, 1 to 1000 (default: 5)",
	  .type = PLUGIN_OPT_UINT, .min = 1, .max = ICMP_MAX_PACKETS,
	  .def = "5", .off = offsetof(struct alive_config, packets) },
	{ .name = "interval", .letter = 'i', .argname = "MS",
	  .help = "Longest gap between requests in ms, at least 10 "
		  "(default: 80); as check_icmp's -i, a request goes out as "
		  "soon as the previous one is answered",
	  .type = PLUGIN_OPT_UINT, .min = 10, .max = 60000,
	  .unit = "milliseconds", .def = "80",
	  .off = offsetof(struct alive_config, interval_ms) },
	{ .name = "warning", .letter = 'w', .argname = "RTA,LOSS%",
	  .help = "WARNING when rta >= RTA ms or loss >= LOSS% "
		  "(default: 200.0,40%)",
	  .type = PLUGIN_OPT_CUSTOM, .parse = threshold_opt,
	  .def = "200.0,40%", .off = offsetof(struct alive_config, warn) },
	{ .name = "critical", .letter = 'c', .argname = "RTA,LOSS%",
	  .help = "CRITICAL when rta >= RTA ms or loss >= LOSS% "
		  "(default: 500.0,80%); RTA is also how long replies are "
		  "awaited after the last request",
	  .type = PLUGIN_OPT_CUSTOM, .parse = threshold_opt,
	  .def = "500.0,80%", .off = offsetof(struct alive_config, crit) },
	{ .name = "ipv4", .letter = '4',
	  .help = "Resolve HOST to IPv4 only (default: getaddrinfo's first "
		  "address)",
	  .type = PLUGIN_OPT_FLAG, .value = AF_INET,
	  .off = offsetof(struct alive_config, family) },
	{ .name = "ipv6", .letter = '6', .help = "Resolve HOST to IPv6 only",
	  .type = PLUGIN_OPT_FLAG, .value = AF_INET6,
	  .off = offsetof(struct alive_config, family) },
	{ .name = "ssh-port", .argname = "PORT",
	  .help = "Also require an SSH banner (SSH-2.0-...) on this TCP port "
		  "within the timeout; none is CRITICAL",
	  .type = PLUGIN_OPT_UINT, .min = 1, .max = 65535,
	  .off = offsetof(struct alive_config, ssh_port) },
	{ .name = NULL },
};

static const struct plugin_group alive_groups[] = {
	{ plugin_opts_host, offsetof(struct alive_config, remote) },
	{ alive_opts, 0 },
	{ NULL, 0 },
};

const struct plugin_doc check_vyos_alive_doc = {
	.name = "check_vyos_alive",
	.summary = "Router liveness: ICMP echo round trip and loss, "
		   "optionally the SSH banner",
	.synopsis = "-H HOST [-n COUNT] [-i MS] [-w RTA,LOSS%] "
		    "[-c RTA,LOSS%] [-4|-6] [--ssh-port PORT] [-t SECONDS] "
		    "[-v]",
	.description =
		"Sends COUNT ICMP echo requests, each as soon as the previous "
		"one is answered or MS after it at the latest, and waits for "
		"the replies until CRIT's RTA after the last one (never past "
		"-t); it ends as soon as every reply is in.\n"
		"\n"
		"-w/-c are check_icmp's: RTA[us|ms|s],LOSS% (defaults "
		"200.0,40% and 500.0,80%); a threshold is reached when "
		"rta >= RTA or loss >= LOSS; without ',LOSS' the default loss "
		"stays.  No reply at all is CRITICAL (\"rta n/a lost 100%\").  "
		"Perfdata: rta, pl, rtmax, rtmin, as check_icmp "
		"(rta=0.031ms;200.000;500.000;0; pl=0%;40;80;0;100 "
		"rtmax=0.067ms;;;; rtmin=0.012ms;;;;); with no reply the times "
		"are U (unknown), not 0 ms.\n"
		"\n"
		"Privileges: uses an unprivileged ICMP socket when the "
		"process's group is in net.ipv4.ping_group_range (e.g. sysctl "
		"-w net.ipv4.ping_group_range=\"0 2147483647\"), else a raw "
		"socket, which needs 'setcap cap_net_raw+ep check_vyos_alive' "
		"(done by 'make install' as root).  It never needs setuid root "
		"and drops every capability once the socket is open.  With "
		"neither it is UNKNOWN, saying so.\n"
		"\n"
		"UNKNOWN also when HOST does not resolve: that is a "
		"configuration or DNS problem, not evidence that the router "
		"is down.",
	.groups = alive_groups,
	.examples = "check_vyos_alive -H 172.31.1.10\n"
		    "check_vyos_alive -H vyos-1 -n 5 -i 80 -w 200.0,40% "
		    "-c 500.0,80% --ssh-port 22",
	.exit_status =
		"0 OK, 1 WARNING (rta or loss at -w), 2 CRITICAL (rta or loss "
		"at -c, no reply at all, or no SSH banner with --ssh-port), "
		"3 UNKNOWN (bad arguments, HOST does not resolve, no ICMP "
		"socket allowed, timeout).",
	.see_also = "check_icmp(8), check_vyos_bgp(1), check_ec2_route(1), "
		    "setcap(8)",
};
