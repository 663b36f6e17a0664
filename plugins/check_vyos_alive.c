/* SPDX-License-Identifier: ISC */
/*
 * check_vyos_alive: is the router alive?  ICMP echo (check_icmp's
 * thresholds, status text and perfdata names) without setuid root, plus an
 * optional SSH banner check so a hypervisor answering ping for a dead guest
 * is not taken for a live router.
 *
 * options (check_vyos_alive_doc.c) -> gather -> evaluate -> render.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "check_vyos_alive.h"
#include "probe/banner.h"

/* What the network said. */
struct alive_run {
	struct icmp_target target;
	struct icmp_stats st;
	int banner_ok;
	char banner_err[512];
};

static void
log_replies(const struct plugin *p, const struct icmp_probe *pr,
	    const struct icmp_stats *st)
{
	for (unsigned i = 0; i < pr->sent; i++)
		if (pr->rtt[i] >= 0)
			plugin_log(p, VERB_DEBUG, "seq %u: %.3f ms", i,
				   pr->rtt[i]);
		else
			plugin_log(p, VERB_DEBUG, "seq %u: no reply", i);
	plugin_log(p, VERB_INFO,
		   "sent %u, received %u, duplicates %u, late %u, ignored %u, "
		   "unreachable %u",
		   st->sent, st->received, st->duplicates, st->late,
		   st->ignored, st->unreachable);
}

/* Resolve, ping, read the banner.  Exits UNKNOWN when there is nothing
 * to evaluate. */
static void
gather(struct plugin *p, const struct alive_config *c, struct alive_run *run)
{
	const char *host = c->remote.host;
	struct icmp_probe pr;
	char err[512], banner[256];
	double limit, left;

	if (icmp_resolve(host, c->family, &run->target, err, sizeof(err)) != 0)
		plugin_exit(p, STATE_UNKNOWN, "%s", err);
	plugin_log(p, VERB_INFO, "%s is %s", host, run->target.text);
	if (icmp_probe_init(&pr, &run->target, c->packets, err,
			    sizeof(err)) != 0 ||
	    icmp_probe_open(&pr, err, sizeof(err)) != 0) {
		icmp_probe_free(&pr);
		plugin_exit(p, STATE_UNKNOWN, "%s", err);
	}
	icmp_drop_capabilities();
	plugin_log(p, VERB_INFO, "using a %s, identifier %u",
		   icmp_mode_name(pr.mode), (unsigned)pr.ident);

	/* Finish a little before -t so we report numbers, not a timeout;
	 * with --ssh-port leave the banner half of what is left. */
	limit = clock_now_ms() + (plugin_time_left(p) * 1000.0 - 100.0) *
					 (c->ssh_port > 0 ? 0.5 : 1.0);
	if (icmp_probe_run(&pr, c->interval_ms, c->crit.rta_ms, limit,
			   &run->st, err, sizeof(err)) != 0) {
		icmp_probe_free(&pr);
		plugin_exit(p, STATE_UNKNOWN, "%s", err);
	}
	log_replies(p, &pr, &run->st);
	icmp_probe_free(&pr);

	if (c->ssh_port == 0)
		return;
	left = plugin_time_left(p) * 1000.0 - 100.0;
	run->banner_ok = banner_ssh((const struct sockaddr *)&run->target.addr,
				    run->target.addrlen, (int)c->ssh_port,
				    left > 0 ? left : 0, banner,
				    sizeof(banner), run->banner_err,
				    sizeof(run->banner_err)) == 0;
	if (run->banner_ok)
		plugin_log(p, VERB_INFO, "SSH banner: %s", banner);
}

/*
 * The status line check_icmp users know: "HOST rta 1.234ms lost 0%", why
 * packets were lost when the network said so, then the banner item.  With
 * no reply the rta is "n/a": check_icmp prints C's "nan" there.
 */
static void
evaluate(const struct alive_config *c, const struct alive_run *run,
	 struct plugin_result *r)
{
	const struct icmp_stats *st = &run->st;
	const int v6 = run->target.family == AF_INET6;
	char rta[32], why[160] = "";

	if (st->received > 0)
		snprintf(rta, sizeof(rta), "%.3fms", st->rta_ms);
	else
		snprintf(rta, sizeof(rta), "n/a");
	if (st->unreachable > 0 && st->received < st->sent)
		snprintf(why, sizeof(why), " (%s)",
			 icmp_unreach_text(st->unreach_errno));
	else if (st->send_errno != 0 && st->received < st->sent)
		snprintf(why, sizeof(why), " (send: %s)",
			 strerror(st->send_errno));
	plugin_result_summary(r, "%s rta %s lost %u%%%s", c->remote.host, rta,
			      st->loss_pct, why);
	plugin_result_add(r, icmp_evaluate(st, &c->warn, &c->crit), NULL);
	r->lead = ", ";
	if (c->ssh_port == 0)
		return;
	if (run->banner_ok)
		plugin_result_add(r, STATE_OK, "SSH banner on port %u",
				  c->ssh_port);
	else
		plugin_result_add(r, STATE_CRITICAL,
				  "no SSH banner on %s%s%s:%u (%s)",
				  v6 ? "[" : "", c->remote.host, v6 ? "]" : "",
				  c->ssh_port, run->banner_err);
}

/*
 * check_icmp's perfdata names, order and layout (Debian 12's 2.3.3 writes
 * rta pl rtmax rtmin), so existing graphs keep working; two things as
 * newer check_icmp writes them: pl has its bounds 0..100, and with no
 * reply the times are "U", the guidelines' unknown value, not 0 ms (a
 * dead host must not graph as the fastest one).
 */
static void
add_perfdata(struct plugin *p, const struct alive_config *c,
	     const struct icmp_stats *st)
{
	char buf[256];

	if (st->received > 0)
		snprintf(buf, sizeof(buf), "rta=%.3fms;%.3f;%.3f;0;",
			 st->rta_ms, c->warn.rta_ms, c->crit.rta_ms);
	else
		snprintf(buf, sizeof(buf), "rta=U;;;;");
	plugin_perf_raw(p, buf);
	snprintf(buf, sizeof(buf), "pl=%u%%;%g;%g;0;100", st->loss_pct,
		 c->warn.loss_pct, c->crit.loss_pct);
	plugin_perf_raw(p, buf);
	if (st->received > 0) {
		snprintf(buf, sizeof(buf), "rtmax=%.3fms;;;; rtmin=%.3fms;;;;",
			 st->rtmax_ms, st->rtmin_ms);
		plugin_perf_raw(p, buf);
	} else {
		plugin_perf_raw(p, "rtmax=U;;;; rtmin=U;;;;");
	}
}

int
main(int argc, char **argv)
{
	struct plugin p;
	struct alive_config c;
	struct alive_run run;
	struct plugin_result r = PLUGIN_RESULT_INIT;

	memset(&c, 0, sizeof(c));
	memset(&run, 0, sizeof(run));
	plugin_init(&p, "ALIVE", argv[0], 10);
	plugin_parse(&p, &check_vyos_alive_doc, &c, argc, argv);
	if (c.remote.host == NULL)
		plugin_exit(&p, STATE_UNKNOWN, "missing -H HOST (see --help)");
	/* As check_icmp: a warning above the critical level is the critical. */
	if (c.warn.rta_ms > c.crit.rta_ms)
		c.warn.rta_ms = c.crit.rta_ms;
	if (c.warn.loss_pct > c.crit.loss_pct)
		c.warn.loss_pct = c.crit.loss_pct;
	plugin_timeout_start(&p, c.remote.host);

	gather(&p, &c, &run);
	evaluate(&c, &run, &r);
	add_perfdata(&p, &c, &run.st);
	plugin_render(&p, &r);
}
