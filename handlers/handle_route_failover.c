/* SPDX-License-Identifier: ISC */
/*
 * handle_route_failover: Nagios / Icinga 2 event handler that keeps the
 * configured VPC routes on a VyOS router that works: the event says when
 * to look, the handler's own probe and the readiness states say where.
 *
 * options -> lock and record (failover/record.h; a broken state dir never
 * blocks a switch) -> evidence (failover_evidence.h) -> decide (pure,
 * failover/decide.h) -> switch the routes (failover/switch.h) -> render.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "ec2/ec2_session.h"
#include "failover/decide.h"
#include "failover/record.h"
#include "failover/switch.h"
#include "plugin/plugin.h"
#include "probe/icmp.h"

#include "failover_render.h"
#include "failover_run.h"
#include "handle_route_failover.h"

#define DEFAULT_TIMEOUT 25 /* inside Nagios' 30 s event handler timeout */

/* Point the routes at router to, record it, render, exit. */
static noreturn void
switch_and_report(struct plugin *p, const struct failover_config *c,
		  enum failover_role to, struct failover_run *run)
{
	const char *verb = to == ROLE_SECONDARY ? "failover" : "failback";
	enum switch_direction dir = to == ROLE_SECONDARY ? SWITCH_FAILOVER
							 : SWITCH_FAILBACK;
	struct switch_request rq = {
		c->ra.tables, c->ra.ntables, c->ra.dests, c->ra.ndests,
		c->ra.primary, c->ra.secondary, to, c->dry_run,
		clock_now_ms() + plugin_time_left(p) * 1000,
	};
	struct ec2_session_options so = { .aws = c->ra.aws,
					  .ca_file = c->ra.ca_file,
					  .request_timeout_ms = 8000 };
	struct plugin_result r = PLUGIN_RESULT_INIT;
	struct switch_result res;
	struct ec2_session s;
	double t0 = clock_now_ms();
	char err[1024], identity[sizeof(s.cred.identity)];
	int rc;

	/* Leave room to verify and report before -t fires. */
	so.deadline_ms = rq.deadline_ms - 3000;
	so.aws.state_dir = c->state_dir;
	if ((rc = ec2_session_open(&so, &s, err, sizeof(err))) != 0) {
		log_notice("%s error=%s", verb, err);
		ec2_session_close(&s);
		plugin_exit(p, rc == EC2_SESSION_ERR_CONFIG ? STATE_UNKNOWN
							    : STATE_CRITICAL,
			    "%s", err);
	}
	log_notice("%s credentials=\"%s\" identity=%s region=%s", verb,
		   s.cred.source, s.cred.identity[0] ? s.cred.identity : "-",
		   s.region);
	plugin_log(p, VERB_INFO, "credentials from %s, region %s, endpoint %s",
		   s.cred.source, s.region, s.endpoint);
	memcpy(identity, s.cred.identity, sizeof(identity));
	rc = switch_routes(s.ec2, &rq, &res);
	ec2_session_close(&s);
	if (rc == SWITCH_ERR_READ) {
		log_notice("%s result=error describe code=%s message=\"%s\"",
			   verb, res.read_error.code, res.read_error.message);
		snprintf(err, sizeof(err), "DescribeRouteTables failed: %s: %s",
			 res.read_error.code, res.read_error.message);
	}
	if (rc != 0) {
		switch_result_free(&res);
		plugin_exit(p, rc == SWITCH_ERR_READ ? STATE_CRITICAL
						     : STATE_UNKNOWN,
			    "%s not done: %s", verb,
			    rc == SWITCH_ERR_READ ? err : "out of memory");
	}
	/* The hold-down counts from the failover that moved routes, not from
	 * a re-run that found them in place. */
	if (switch_moved(&rq, &res) && (run->rec.last != dir || res.replaced > 0)) {
		run->rec.last = dir;
		run->rec.last_time = (long long)time(NULL);
	}
	failover_render_switch(p, &rq, &res, identity, clock_now_ms() - t0, &r);
	switch_result_free(&res);
	failover_render_state_dir(run->locked, run->unlocked, &r);
	if (run->locked && !c->dry_run && record_write(&run->store, &run->rec) != 0)
		plugin_result_add(&r, STATE_WARNING, "record not written in %s",
				  c->state_dir);
	record_unlock(&run->store);
	plugin_result_add(&r, STATE_OK, "%s", run->why);
	plugin_render(p, &r);
}

/*
 * A recovery inside the hold-down: a detached process waits for its end
 * and then looks again (the probes are run anew), unless a newer event
 * came in meanwhile.
 */
static void
schedule_failback(struct plugin *p, const struct failover_config *c,
		  struct failover_run *run, long long left)
{
	long long generation = run->rec.generation;
	struct decision d;
	char err[512];
	pid_t pid;
	int fd;

	fflush(NULL);
	if ((pid = fork()) < 0)
		plugin_exit(p, STATE_CRITICAL, "cannot schedule failback: %s",
			    strerror(errno));
	if (pid > 0) {
		/* The first child exits at once, see below. */
		waitpid(pid, NULL, 0);
		return;
	}
	if (setsid() < 0 || (pid = fork()) < 0)
		_exit(1);
	if (pid > 0)
		_exit(0);
	/* The detached grandchild: no terminal, no inherited stdout. */
	if ((fd = open("/dev/null", O_RDWR)) >= 0) {
		dup2(fd, STDIN_FILENO);
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		if (fd > STDERR_FILENO)
			close(fd);
	}
	while (left > 0)
		left = (long long)sleep((unsigned)left);
	plugin_timeout_start(p, "deferred failback");
	if (record_lock(&run->store,
			clock_now_ms() + plugin_time_left(p) * 1000 - 2000, err,
			sizeof(err)) != 0) {
		log_notice("failback deferred error=\"%s\"", err);
		_exit(STATE_CRITICAL);
	}
	if (record_read(&run->store, &run->rec) != 0 ||
	    run->rec.generation != generation ||
	    run->rec.last != SWITCH_FAILOVER) {
		log_notice("failback deferred cancelled: a newer event came in");
		_exit(STATE_OK);
	}
	if (run->policy.confirm)
		failover_gather(c, &run->in, &run->ev);
	icmp_drop_capabilities();
	d = decide(&run->in, &run->rec, (long long)time(NULL), &run->policy);
	failover_evidence_text(c, &run->ev, &d, run->why, sizeof(run->why));
	if (d.action != ACTION_FAILBACK) {
		log_notice("failback deferred not done: action=%s reason=%s "
			   "evidence=\"%s\"", failover_action_name(d.action),
			   failover_reason_name(d.reason), run->why);
		_exit(STATE_OK);
	}
	log_notice("failback deferred: hold-down over");
	switch_and_report(p, c, ROLE_PRIMARY, run);
}

int
main(int argc, char **argv)
{
	static struct failover_run run;
	struct plugin p;
	struct failover_config c;
	struct decision d;
	char text[256];
	FILE *log_file = NULL;

	memset(&c, 0, sizeof(c));
	plugin_init(&p, "FAILOVER", argv[0], DEFAULT_TIMEOUT);
	plugin_parse(&p, &handle_route_failover_doc, &c, argc, argv);
	failover_run_init(&p, &c, &run);

	if (c.log_file != NULL && (log_file = fopen(c.log_file, "a")) == NULL)
		plugin_exit(&p, STATE_UNKNOWN, "cannot open --log-file %s: %s",
			    c.log_file, strerror(errno));
	if (log_file == NULL)
		openlog("handle_route_failover", LOG_PID, LOG_DAEMON);
	log_set_sink(failover_log_sink, log_file);

	plugin_timeout_start(&p, "routes may be partly switched; see the log");
	failover_run_open_state(&p, &c, &run);
	/* Probe only when the event calls for a look: without evidence a
	 * confirmed decision that looks says "no evidence". */
	d = decide(&run.in, &run.rec, (long long)time(NULL), &run.policy);
	if (run.policy.confirm && d.reason == REASON_NO_EVIDENCE) {
		failover_gather(&c, &run.in, &run.ev);
		d = decide(&run.in, &run.rec, (long long)time(NULL),
			   &run.policy);
	}
	failover_evidence_text(&c, &run.ev, &d, run.why, sizeof(run.why));
	log_notice("event state=%s type=%s attempt=%lu action=%s reason=%s "
		   "evidence=\"%s\"", failover_event_name(run.in.event),
		   failover_state_type_name(run.in.type), run.in.attempt,
		   failover_action_name(d.action),
		   failover_reason_name(d.reason), run.why);
	if (d.action == ACTION_DEFER && c.dry_run)
		plugin_exit(&p, STATE_OK,
			    "dry run: failback would wait %lld s (hold-down)",
			    d.hold_down_left);
	if (d.action == ACTION_DEFER && run.locked) {
		record_write(&run.store, &run.rec);
		record_unlock(&run.store);
		schedule_failback(&p, &c, &run, d.hold_down_left);
		plugin_exit(&p, STATE_OK, "%s: failback to %s scheduled in "
			    "%lld s (hold-down %u s); %s",
			    failover_event_name(run.in.event), c.ra.primary,
			    d.hold_down_left, c.hold_down, run.why);
	}
	icmp_drop_capabilities();
	if (d.action == ACTION_FAILOVER || d.action == ACTION_FAILBACK)
		switch_and_report(&p, &c,
				  d.action == ACTION_FAILOVER ? ROLE_SECONDARY
							      : ROLE_PRIMARY,
				  &run);
	if (run.locked && !c.dry_run && record_write(&run.store, &run.rec) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "cannot write the record in %s",
			    c.state_dir);
	failover_render_no_action(&run.in, &d, text, sizeof(text));
	plugin_exit(&p, failover_no_action_state(&d), "no action: %s%s%s%s%s",
		    text, run.ev.probed ? "; " : "", run.ev.probed ? run.why : "",
		    run.locked ? "" : "; ran without the lock: ",
		    run.locked ? "" : run.unlocked);
}
