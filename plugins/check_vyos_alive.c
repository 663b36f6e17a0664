/*
 * check_vyos_alive: is the router alive?  ICMP echo (check_icmp's
 * thresholds, status text and perfdata names) without setuid root, plus an
 * optional SSH banner check so a hypervisor answering ping for a dead guest
 * is not taken for a live router.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include "probe/icmp.h"
#include "plugin/plugin.h"

enum {
	OPT_SSH_PORT = 256,
};

struct config {
	int family;           /* AF_UNSPEC unless -4 / -6 */
	unsigned packets;
	unsigned interval_ms;
	struct icmp_threshold warn, crit;
	int ssh_port;         /* 0: no banner check */
};

static const struct plugin_opt alive_opts[] = {
	{ "packets", required_argument, 'n', "COUNT",
	  "Echo requests to send, 1 to 1000 (default: 5)" },
	{ "interval", required_argument, 'i', "MS",
	  "Longest gap between requests in ms, at least 10 (default: 80);\n"
	  "as check_icmp's -i, a request goes out as soon as the previous\n"
	  "one is answered" },
	{ "warning", required_argument, 'w', "RTA,LOSS%",
	  "WARNING when rta >= RTA ms or loss >= LOSS% (default: 200.0,40%)" },
	{ "critical", required_argument, 'c', "RTA,LOSS%",
	  "CRITICAL when rta >= RTA ms or loss >= LOSS% (default: 500.0,80%);\n"
	  "RTA is also how long replies are awaited after the last request" },
	{ "ipv4", no_argument, '4', NULL,
	  "Resolve HOST to IPv4 only (default: getaddrinfo's first address)" },
	{ "ipv6", no_argument, '6', NULL, "Resolve HOST to IPv6 only" },
	{ "ssh-port", required_argument, OPT_SSH_PORT, "PORT",
	  "Also require an SSH banner (SSH-2.0-...) on this TCP port\n"
	  "within the timeout; none is CRITICAL" },
	{ NULL, 0, 0, NULL, NULL },
};

static int
alive_opt(void *ctx, int val, const char *arg, char *err, size_t errlen)
{
	struct config *c = ctx;
	unsigned long ul;
	char why[256];

	switch (val) {
	case 'n':
		if (text_parse_uint(arg, 1, ICMP_MAX_PACKETS, &ul) != 0) {
			snprintf(err, errlen,
				 "invalid --packets '%s': expected 1 to %d",
				 arg, ICMP_MAX_PACKETS);
			return -1;
		}
		c->packets = (unsigned)ul;
		return 0;
	case 'i':
		if (text_parse_uint(arg, 10, 60000, &ul) != 0) {
			snprintf(err, errlen,
				 "invalid --interval '%s': expected 10 to "
				 "60000 (milliseconds)",
				 arg);
			return -1;
		}
		c->interval_ms = (unsigned)ul;
		return 0;
	case '4':
	case '6':
		c->family = val == '4' ? AF_INET : AF_INET6;
		return 0;
	case OPT_SSH_PORT:
		if (text_parse_uint(arg, 1, 65535, &ul) != 0) {
			snprintf(err, errlen,
				 "invalid --ssh-port '%s': expected 1 to 65535",
				 arg);
			return -1;
		}
		c->ssh_port = (int)ul;
		return 0;
	case 'w':
	case 'c':
		if (icmp_threshold_parse(arg, val == 'w' ? &c->warn : &c->crit,
					 why, sizeof(why)) != 0) {
			snprintf(err, errlen, "invalid --%s: %s",
				 val == 'w' ? "warning" : "critical", why);
			return -1;
		}
		return 0;
	}
	return -1; /* -H: the runtime stores it */
}

/*
 * After the socket is open nothing needs privileges: give up every
 * capability (cap_net_raw from setcap, or root's) before touching the
 * network.  Failure is harmless, so it is ignored.
 */
static void
drop_capabilities(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
		.pid = 0,
	};
	struct __user_cap_data_struct data[2];

	memset(data, 0, sizeof(data));
	(void)syscall(SYS_capset, &hdr, data);
}

static void
add_perfdata(struct plugin *p, const struct icmp_stats *st,
	     const struct config *c)
{
	char buf[256];

	/* check_icmp's names and layout, so existing graphs keep working. */
	snprintf(buf, sizeof(buf), "rta=%.3fms;%.3f;%.3f;0;", st->rta_ms,
		 c->warn.rta_ms, c->crit.rta_ms);
	plugin_perf_raw(p, buf);
	snprintf(buf, sizeof(buf), "pl=%u%%;%g;%g;;", st->loss_pct,
		 c->warn.loss_pct, c->crit.loss_pct);
	plugin_perf_raw(p, buf);
	snprintf(buf, sizeof(buf), "rtmax=%.3fms;;;;", st->rtmax_ms);
	plugin_perf_raw(p, buf);
	snprintf(buf, sizeof(buf), "rtmin=%.3fms;;;;", st->rtmin_ms);
	plugin_perf_raw(p, buf);
}

int
main(int argc, char **argv)
{
	struct plugin p;
	struct config c = {
		.family = AF_UNSPEC,
		.packets = 5,
		.interval_ms = 80,
		.warn = { ICMP_WARN_DEFAULT_RTA, ICMP_WARN_DEFAULT_LOSS },
		.crit = { ICMP_CRIT_DEFAULT_RTA, ICMP_CRIT_DEFAULT_LOSS },
	};
	struct icmp_target t;
	struct icmp_probe pr;
	struct icmp_stats st;
	enum state state;
	char err[512], rta[32], sendinfo[160] = "", sshinfo[512] = "";
	char banner[256];
	double limit;
	int optind_;

	plugin_init(&p, "ALIVE", argv[0], 10);
	p.summary = "Router liveness: ICMP echo round trip and loss, "
		    "optionally the SSH banner.";
	p.usage = "check_vyos_alive -H HOST [-n COUNT] [-i MS] "
		  "[-w RTA,LOSS%] [-c RTA,LOSS%]\n"
		  "       [-4|-6] [--ssh-port PORT] [-t SECONDS] [-v]";
	p.blurb =
		"Sends COUNT ICMP echo requests, each as soon as the previous "
		"one is answered or\n"
		"MS after it at the latest, and waits for the replies until "
		"CRIT's RTA after the\n"
		"last one (never past -t); it ends as soon as every reply is "
		"in.\n"
		"-w/-c are check_icmp's: RTA[us|ms|s],LOSS% (defaults "
		"200.0,40% and 500.0,80%);\n"
		"a threshold is reached when rta >= RTA or loss >= LOSS; "
		"without ',LOSS' the\n"
		"default loss stays.  No reply at all is CRITICAL.  "
		"Perfdata: rta, pl, rtmax,\n"
		"rtmin, as check_icmp.\n"
		"\n"
		"Privileges: uses an unprivileged ICMP socket when the "
		"process's group is in\n"
		"net.ipv4.ping_group_range (e.g. sysctl -w "
		"net.ipv4.ping_group_range=\"0 2147483647\"),\n"
		"else a raw socket, which needs 'setcap cap_net_raw+ep "
		"check_vyos_alive' (done by\n"
		"'make install' as root).  It never needs setuid root and "
		"drops every capability\n"
		"once the socket is open.  With neither it is UNKNOWN, saying "
		"so.\n"
		"\n"
		"UNKNOWN also when HOST does not resolve: that is a "
		"configuration or DNS\n"
		"problem, not evidence that the router is down.";
	p.examples =
		"  check_vyos_alive -H 172.31.1.10\n"
		"  check_vyos_alive -H vyos-1 -n 5 -i 80 -w 200.0,40% "
		"-c 500.0,80% --ssh-port 22";
	p.common = POPT_HOST; /* -w/-c are check_icmp's, in alive_opts */
	p.opts = alive_opts;

	optind_ = plugin_parse_args(&p, argc, argv, alive_opt, &c);
	plugin_no_operands(&p, argc, argv, optind_);
	if (p.host == NULL)
		plugin_exit(&p, STATE_UNKNOWN, "missing -H HOST (see --help)");
	/* As check_icmp: a warning above the critical level is the critical. */
	if (c.warn.rta_ms > c.crit.rta_ms)
		c.warn.rta_ms = c.crit.rta_ms;
	if (c.warn.loss_pct > c.crit.loss_pct)
		c.warn.loss_pct = c.crit.loss_pct;
	plugin_timeout_start(&p, p.host);

	if (icmp_resolve(p.host, c.family, &t, err, sizeof(err)) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "%s", err);
	plugin_log(&p, VERB_INFO, "%s is %s", p.host, t.text);
	if (icmp_probe_init(&pr, &t, c.packets, err, sizeof(err)) != 0 ||
	    icmp_probe_open(&pr, err, sizeof(err)) != 0) {
		icmp_probe_free(&pr);
		plugin_exit(&p, STATE_UNKNOWN, "%s", err);
	}
	drop_capabilities();
	plugin_log(&p, VERB_INFO, "using a %s, identifier %u",
		   icmp_mode_name(pr.mode), (unsigned)pr.ident);

	/* Finish a little before -t so we report numbers, not a timeout;
	 * with --ssh-port leave the banner half of what is left. */
	limit = clock_now_ms() +
		(plugin_time_left(&p) * 1000.0 - 100.0) *
			(c.ssh_port > 0 ? 0.5 : 1.0);
	if (icmp_probe_run(&pr, c.interval_ms, c.crit.rta_ms, limit, &st, err,
			   sizeof(err)) != 0) {
		icmp_probe_free(&pr);
		plugin_exit(&p, STATE_UNKNOWN, "%s", err);
	}
	for (unsigned i = 0; i < pr.sent; i++)
		if (pr.rtt[i] >= 0)
			plugin_log(&p, VERB_DEBUG, "seq %u: %.3f ms", i,
				   pr.rtt[i]);
		else
			plugin_log(&p, VERB_DEBUG, "seq %u: no reply", i);
	plugin_log(&p, VERB_INFO,
		   "sent %u, received %u, duplicates %u, late %u, ignored %u, "
		   "unreachable %u",
		   st.sent, st.received, st.duplicates, st.late, st.ignored,
		   st.unreachable);
	icmp_probe_free(&pr);

	state = icmp_evaluate(&st, &c.warn, &c.crit);
	if (st.received > 0)
		snprintf(rta, sizeof(rta), "%.3fms", st.rta_ms);
	else
		snprintf(rta, sizeof(rta), "nan");
	/* Why packets were lost, when the network said so. */
	if (st.unreachable > 0 && st.received < st.sent)
		snprintf(sendinfo, sizeof(sendinfo), " (%s)",
			 icmp_unreach_text(st.unreach_errno));
	else if (st.send_errno != 0 && st.received < st.sent)
		snprintf(sendinfo, sizeof(sendinfo), " (send: %s)",
			 strerror(st.send_errno));

	if (c.ssh_port > 0) {
		double left = plugin_time_left(&p) * 1000.0 - 100.0;

		if (icmp_ssh_banner(&t, c.ssh_port, left > 0 ? left : 0,
				    banner, sizeof(banner), err,
				    sizeof(err)) == 0) {
			plugin_log(&p, VERB_INFO, "SSH banner: %s", banner);
			snprintf(sshinfo, sizeof(sshinfo), ", SSH banner on port %d",
				 c.ssh_port);
		} else {
			state = STATE_CRITICAL;
			snprintf(sshinfo, sizeof(sshinfo),
				 ", no SSH banner on %s%s%s:%d (%s)",
				 t.family == AF_INET6 ? "[" : "", p.host,
				 t.family == AF_INET6 ? "]" : "", c.ssh_port,
				 err);
		}
	}
	add_perfdata(&p, &st, &c);
	plugin_exit(&p, state, "%s rta %s lost %u%%%s%s", p.host, rta,
		    st.loss_pct, sendinfo, sshinfo);
}
