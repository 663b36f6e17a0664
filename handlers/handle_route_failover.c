/*
 * handle_route_failover: Nagios / Icinga 2 event handler that points every
 * configured VPC route at the standby VyOS when the active one fails, and
 * back when it recovers.
 *
 * options -> decide (pure, failover/decide.h) -> lock and record
 * (failover/record.h) -> switch the routes (failover/switch.h) -> render:
 * one log line per pair, one status line.
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

#include "failover_render.h"
#include "handle_route_failover.h"

#define DEFAULT_TIMEOUT 25 /* inside Nagios' 30 s event handler timeout */

/* Point the routes at router to, record it, render, exit. */
static noreturn void
switch_and_report(struct plugin *p, const struct failover_config *c,
		  enum failover_role to, struct record_store *store,
		  struct switch_record *rec)
{
	const char *verb = to == ROLE_SECONDARY ? "failover" : "failback";
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
	if (!c->dry_run && res.replaced + res.already_set > 0) {
		rec->last = to == ROLE_SECONDARY ? SWITCH_FAILOVER
						 : SWITCH_FAILBACK;
		rec->last_time = (long long)time(NULL);
	}
	if (record_write(store, rec) != 0)
		plugin_log(p, VERB_NONE, "warning: cannot write the record in %s",
			   c->state_dir);
	record_unlock(store);
	failover_render_switch(p, &rq, &res, identity, clock_now_ms() - t0, &r);
	switch_result_free(&res);
	plugin_render(p, &r);
}

/*
 * A recovery inside the hold-down: a detached process waits for its end and
 * fails back then, unless a newer event came in meanwhile.
 */
static void
schedule_failback(struct plugin *p, const struct failover_config *c,
		  struct record_store *store, long long left,
		  long long generation)
{
	struct switch_record rec;
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
	if (record_lock(store, clock_now_ms() + plugin_time_left(p) * 1000 - 2000,
			err, sizeof(err)) != 0) {
		log_notice("failback deferred error=\"%s\"", err);
		_exit(STATE_CRITICAL);
	}
	if (record_read(store, &rec) != 0 || rec.generation != generation ||
	    rec.last != SWITCH_FAILOVER) {
		log_notice("failback deferred cancelled: a newer event came in");
		_exit(STATE_OK);
	}
	log_notice("failback deferred: hold-down over");
	switch_and_report(p, c, ROLE_PRIMARY, store, &rec);
}

int
main(int argc, char **argv)
{
	struct plugin p;
	struct failover_config c;
	struct failover_input in;
	struct failover_policy policy;
	struct record_store store;
	struct switch_record rec;
	struct decision d;
	char why[256], err[512];
	FILE *log_file = NULL;

	memset(&c, 0, sizeof(c));
	plugin_init(&p, "FAILOVER", argv[0], DEFAULT_TIMEOUT);
	plugin_parse(&p, &handle_route_failover_doc, &c, argc, argv);
	if (route_args_check(&c.ra, 1, err, sizeof(err)) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "%s", err);
	if (c.ra.ntables * c.ra.ndests > 1000)
		plugin_exit(&p, STATE_UNKNOWN,
			    "too many pairs (%zu tables x %zu destinations)",
			    c.ra.ntables, c.ra.ndests);
	if (c.state_dir[0] != '/')
		plugin_exit(&p, STATE_UNKNOWN,
			    "invalid --state-dir '%s': expected an absolute path",
			    c.state_dir);
	if (record_store_init(&store, c.state_dir, c.ra.primary,
			      c.ra.secondary, err, sizeof(err)) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "invalid --state-dir: %s", err);
	in = (struct failover_input){ c.event, c.state_type, c.attempt };
	policy = (struct failover_policy){ c.act_on_attempt, c.hold_down,
					   c.no_failback };

	if (c.log_file != NULL && (log_file = fopen(c.log_file, "a")) == NULL)
		plugin_exit(&p, STATE_UNKNOWN, "cannot open --log-file %s: %s",
			    c.log_file, strerror(errno));
	if (log_file == NULL)
		openlog("handle_route_failover", LOG_PID, LOG_DAEMON);
	log_set_sink(failover_log_sink, log_file);

	plugin_timeout_start(&p, "routes may be partly switched; see the log");
	if (record_lock(&store, clock_now_ms() + plugin_time_left(&p) * 1000 - 2000,
			err, sizeof(err)) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "%s", err);
	if (record_read(&store, &rec) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "cannot read the record in %s: %s",
			    c.state_dir, strerror(errno));
	rec.generation++;
	d = decide(&in, &rec, (long long)time(NULL), &policy);
	log_notice("event state=%s type=%s attempt=%lu action=%s",
		   failover_event_name(in.event),
		   failover_state_type_name(in.type), in.attempt,
		   failover_action_name(d.action));
	if (d.action == ACTION_FAILOVER || d.action == ACTION_FAILBACK)
		switch_and_report(&p, &c,
				  d.action == ACTION_FAILOVER ? ROLE_SECONDARY
							      : ROLE_PRIMARY,
				  &store, &rec);
	if (d.action == ACTION_DEFER && c.dry_run)
		plugin_exit(&p, STATE_OK,
			    "dry run: failback would wait %lld s (hold-down)",
			    d.hold_down_left);
	if (record_write(&store, &rec) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "cannot write the record in %s",
			    c.state_dir);
	if (d.action == ACTION_NONE) {
		failover_render_no_action(&in, &d, why, sizeof(why));
		plugin_exit(&p, STATE_OK, "no action: %s", why);
	}
	record_unlock(&store);
	schedule_failback(&p, &c, &store, d.hold_down_left, rec.generation);
	plugin_exit(&p, STATE_OK,
		    "%s: failback to %s scheduled in %lld s (hold-down %u s)",
		    failover_event_name(in.event), c.ra.primary,
		    d.hold_down_left, c.hold_down);
}
