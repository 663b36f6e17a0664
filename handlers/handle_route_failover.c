/*
 * handle_route_failover: Nagios / Icinga 2 event handler that points every
 * configured VPC route at the standby VyOS when the active one fails, and
 * back when it recovers.
 *
 * options -> decide (pure) -> lock -> read all tables once -> plan per pair
 * -> replace concurrently -> read again to verify -> record -> one line.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "ec2/ec2_session.h"
#include "core/netaddr.h"
#include "plugin/plugin.h"
#include "plugin/routeargs.h"
#include "failover/routeplan.h"

#define DEFAULT_TIMEOUT 25 /* inside Nagios' 30 s event handler timeout */
#define DEFAULT_STATE_DIR "/var/lib/vyos-ha-plugins"
#define VERIFY_MAX_MS 5000.0

enum event_state {
	EV_NONE,
	EV_UP,
	EV_DOWN,
	EV_UNREACHABLE,
	EV_OK,
	EV_WARNING,
	EV_CRITICAL,
	EV_UNKNOWN,
};

static const char *const event_names[] = {
	[EV_UP] = "UP",		  [EV_DOWN] = "DOWN",
	[EV_UNREACHABLE] = "UNREACHABLE", [EV_OK] = "OK",
	[EV_WARNING] = "WARNING", [EV_CRITICAL] = "CRITICAL",
	[EV_UNKNOWN] = "UNKNOWN",
};

enum action {
	ACT_NONE,
	ACT_FAILOVER,
	ACT_FAILBACK,
	ACT_DEFER, /* failback, once the hold-down has passed */
};

enum opt_id {
	OPT_STATE = 256,
	OPT_STATE_TYPE,
	OPT_ATTEMPT,
	OPT_ACT_ON_ATTEMPT,
	OPT_NO_FAILBACK,
	OPT_HOLD_DOWN,
	OPT_DRY_RUN,
	OPT_STATE_DIR,
	OPT_LOG_FILE,
};

struct config {
	enum event_state state;
	int state_type; /* 0 unset, 1 SOFT, 2 HARD */
	unsigned long attempt;
	unsigned long act_on_attempt; /* 0: HARD only */
	struct route_args ra; /* tables, destinations, routers, AWS */
	int no_failback;
	long hold_down; /* -1 unset */
	int dry_run;
	const char *state_dir;
	const char *log_file;
};

/* What the state dir remembers between runs. */
struct record {
	char last_action[16]; /* "failover", "failback", "" */
	long long last_action_time;
	long long generation; /* bumped on every event */
};

struct logger {
	FILE *file; /* --log-file, else syslog */
	struct plugin *p;
};

static struct logger logger;

static const struct plugin_opt options[] = {
	{ "state", required_argument, OPT_STATE, "STATE",
	  "The event's state: $HOSTSTATE$ (UP, DOWN, UNREACHABLE) or\n"
	  "$SERVICESTATE$ (OK, WARNING, CRITICAL, UNKNOWN). Required." },
	{ "state-type", required_argument, OPT_STATE_TYPE, "TYPE",
	  "SOFT or HARD ($HOSTSTATETYPE$ / $SERVICESTATETYPE$). Required." },
	{ "attempt", required_argument, OPT_ATTEMPT, "N",
	  "The check attempt ($HOSTATTEMPT$ / $SERVICEATTEMPT$)" },
	{ "act-on-attempt", required_argument, OPT_ACT_ON_ATTEMPT, "N",
	  "Also act on a SOFT problem from attempt N on\n"
	  "(default: act on HARD states only)" },
	{ "no-failback", no_argument, OPT_NO_FAILBACK, NULL,
	  "Never move routes back to the primary on recovery" },
	{ "hold-down", required_argument, OPT_HOLD_DOWN, "SECONDS",
	  "No failback sooner than this after a failover (default 0).\n"
	  "A recovery inside the hold-down schedules the failback for when\n"
	  "it ends; any newer event cancels it." },
	{ "dry-run", no_argument, OPT_DRY_RUN, NULL,
	  "Plan and ask EC2 with DryRun=true (checks permissions); change\n"
	  "nothing" },
	{ "state-dir", required_argument, OPT_STATE_DIR, "DIR",
	  "Lock and record of the last switch (default " DEFAULT_STATE_DIR
	  ")" },
	{ "log-file", required_argument, OPT_LOG_FILE, "FILE",
	  "Append action lines here instead of syslog" },
	{ NULL, 0, 0, NULL, NULL },
};

static int
parse_event_state(const char *s, enum event_state *out)
{
	for (size_t i = 0; i < sizeof(event_names) / sizeof(event_names[0]);
	     i++)
		if (event_names[i] != NULL && strcasecmp(s, event_names[i]) == 0) {
			*out = (enum event_state)i;
			return 0;
		}
	return -1;
}

static int
on_option(void *ctx, int val, const char *arg, char *err, size_t errlen)
{
	struct config *c = ctx;
	unsigned long ul;
	int rc;

	if ((rc = route_args_option(&c->ra, val, arg, err, errlen)) <= 0)
		return rc;
	switch (val) {
	case OPT_STATE:
		if (parse_event_state(arg, &c->state) == 0)
			return 0;
		snprintf(err, errlen,
			 "invalid --state '%s': expected UP, DOWN, UNREACHABLE, "
			 "OK, WARNING, CRITICAL or UNKNOWN", arg);
		return -1;
	case OPT_STATE_TYPE:
		if (strcasecmp(arg, "SOFT") == 0)
			c->state_type = 1;
		else if (strcasecmp(arg, "HARD") == 0)
			c->state_type = 2;
		else {
			snprintf(err, errlen,
				 "invalid --state-type '%s': expected SOFT or "
				 "HARD", arg);
			return -1;
		}
		return 0;
	case OPT_ATTEMPT:
	case OPT_ACT_ON_ATTEMPT:
		if (text_parse_uint(arg, 1, 1000, &ul) != 0) {
			snprintf(err, errlen,
				 "invalid --%s '%s': expected 1 to 1000",
				 val == OPT_ATTEMPT ? "attempt"
						    : "act-on-attempt", arg);
			return -1;
		}
		if (val == OPT_ATTEMPT)
			c->attempt = ul;
		else
			c->act_on_attempt = ul;
		return 0;
	case OPT_NO_FAILBACK:
		c->no_failback = 1;
		return 0;
	case OPT_HOLD_DOWN:
		if (text_parse_uint(arg, 0, 7 * 86400, &ul) != 0) {
			snprintf(err, errlen,
				 "invalid --hold-down '%s': expected seconds "
				 "from 0 to 604800", arg);
			return -1;
		}
		c->hold_down = (long)ul;
		return 0;
	case OPT_DRY_RUN:
		c->dry_run = 1;
		return 0;
	case OPT_STATE_DIR:
		if (*arg != '/') {
			snprintf(err, errlen,
				 "invalid --state-dir '%s': expected an "
				 "absolute path", arg);
			return -1;
		}
		c->state_dir = arg;
		return 0;
	case OPT_LOG_FILE:
		c->log_file = arg;
		return 0;
	}
	return -1;
}

/* ---- logging: one line per action, to syslog or --log-file ------------ */

static void
log_action(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void
log_action(const char *fmt, ...)
{
	char msg[1024], stamp[32];
	struct tm tm;
	time_t now = time(NULL);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (logger.p != NULL)
		plugin_log(logger.p, VERB_INFO, "%s", msg);
	if (logger.file != NULL) {
		gmtime_r(&now, &tm);
		strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
		fprintf(logger.file, "%s handle_route_failover[%ld]: %s\n",
			stamp, (long)getpid(), msg);
		fflush(logger.file);
	} else
		syslog(LOG_NOTICE, "%s", msg);
}

/* ---- the decision: pure, on the event and the record ------------------ */

static int
is_problem(enum event_state s)
{
	return s == EV_DOWN || s == EV_UNREACHABLE || s == EV_CRITICAL;
}

static int
is_recovery(enum event_state s)
{
	return s == EV_UP || s == EV_OK;
}

static enum action
decide(const struct config *c, const struct record *r, long long now,
       char *why, size_t len)
{
	int hard = c->state_type == 2;
	int early = c->act_on_attempt > 0 && c->attempt >= c->act_on_attempt;
	long long left;

	if (is_problem(c->state)) {
		if (hard || early)
			return ACT_FAILOVER;
		snprintf(why, len, "%s SOFT (attempt %lu): waiting for HARD",
			 event_names[c->state], c->attempt);
		return ACT_NONE;
	}
	if (!is_recovery(c->state)) {
		snprintf(why, len, "%s changes nothing", event_names[c->state]);
		return ACT_NONE;
	}
	if (c->no_failback) {
		snprintf(why, len, "%s: failback disabled (--no-failback)",
			 event_names[c->state]);
		return ACT_NONE;
	}
	/* A SOFT recovery matters only after we acted on a SOFT problem. */
	if (!hard && c->act_on_attempt == 0 &&
	    strcmp(r->last_action, "failover") != 0) {
		snprintf(why, len, "%s SOFT: nothing was failed over",
			 event_names[c->state]);
		return ACT_NONE;
	}
	if (strcmp(r->last_action, "failover") == 0 && c->hold_down > 0) {
		left = r->last_action_time + c->hold_down - now;
		if (left > 0) {
			snprintf(why, len, "%lld", left);
			return ACT_DEFER;
		}
	}
	return ACT_FAILBACK;
}

/* ---- state dir: lock and record ---------------------------------------- */

static void
record_path(const struct config *c, const char *ext, char *buf, size_t len)
{
	snprintf(buf, len, "%s/route-failover-%s-%s.%s", c->state_dir,
		 c->ra.primary, c->ra.secondary, ext);
}

static int
record_read(const struct config *c, struct record *r)
{
	char path[1024], line[256], val[64];
	FILE *f;

	memset(r, 0, sizeof(*r));
	record_path(c, "state", path, sizeof(path));
	if ((f = fopen(path, "r")) == NULL)
		return errno == ENOENT ? 0 : -1;
	while (fgets(line, sizeof(line), f) != NULL) {
		if (sscanf(line, "last_action=%15s", val) == 1 &&
		    strcmp(val, "none") != 0)
			snprintf(r->last_action, sizeof(r->last_action), "%s",
				 val);
		(void)sscanf(line, "last_action_time=%lld",
			     &r->last_action_time);
		(void)sscanf(line, "generation=%lld", &r->generation);
	}
	fclose(f);
	return 0;
}

/* Write atomically: a crash never leaves half a record. */
static int
record_write(const struct config *c, const struct record *r)
{
	char path[1024], tmp[1100];
	FILE *f;
	int ok;

	record_path(c, "state", path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.%ld", path, (long)getpid());
	if ((f = fopen(tmp, "w")) == NULL)
		return -1;
	fprintf(f, "last_action=%s\nlast_action_time=%lld\ngeneration=%lld\n",
		r->last_action[0] ? r->last_action : "none",
		r->last_action_time, r->generation);
	ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
	if (fclose(f) != 0 || !ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* Returns the locked fd, or -1 with err set. */
static int
lock_state(const struct config *c, const struct plugin *p, char *err,
	   size_t errlen)
{
	char path[1024];
	int fd;

	if (mkdir(c->state_dir, 0750) != 0 && errno != EEXIST) {
		snprintf(err, errlen,
			 "cannot create state dir %s: %s (create it writable "
			 "for the monitoring user, or use --state-dir)",
			 c->state_dir, strerror(errno));
		return -1;
	}
	record_path(c, "lock", path, sizeof(path));
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0640)) < 0) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 strerror(errno));
		return -1;
	}
	/* Wait for a concurrent run, but not past our own timeout. */
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK || plugin_time_left(p) < 2) {
			snprintf(err, errlen, "cannot lock %s: %s", path,
				 errno == EWOULDBLOCK
					 ? "another run holds it"
					 : strerror(errno));
			close(fd);
			return -1;
		}
		usleep(50 * 1000);
	}
	return fd;
}

/* ---- the switch -------------------------------------------------------- */

struct pair_result {
	struct route_pair pair;
	int planned;    /* a ReplaceRoute is needed */
	int replaced;   /* EC2 said true */
	int verified;   /* read back at the target */
	int failed;     /* ends not at the target */
	char why[700];  /* for failed pairs */
	double ms;
};

/* Merge b's tables into a. */
static int
tables_merge(struct ec2_route_tables *a, struct ec2_route_tables *b)
{
	struct ec2_route_table *t;

	t = realloc(a->tables, (a->ntables + b->ntables) * sizeof(*t));
	if (t == NULL)
		return -1;
	memcpy(t + a->ntables, b->tables, b->ntables * sizeof(*t));
	a->tables = t;
	a->ntables += b->ntables;
	free(b->tables);
	b->tables = NULL;
	b->ntables = 0;
	ec2_route_tables_free(b);
	return 0;
}

/*
 * All tables in one call; when EC2 refuses the call because one id does not
 * exist, ask per table so the other pairs still go ahead.
 */
static int
read_tables(struct ec2_client *ec2, const struct config *c,
	    struct ec2_route_tables **out, struct ec2_error *e)
{
	struct ec2_route_tables *all, *one;
	struct ec2_error e1;

	if (ec2_describe_route_tables(ec2, c->ra.tables, c->ra.ntables, out, e) == 0)
		return 0;
	if (!ec2_error_is_not_found(e) || c->ra.ntables == 1)
		return -1;
	if ((all = calloc(1, sizeof(*all))) == NULL)
		return -1;
	for (size_t i = 0; i < c->ra.ntables; i++) {
		if (ec2_describe_route_tables(ec2, &c->ra.tables[i], 1, &one,
					      &e1) == 0) {
			if (tables_merge(all, one) != 0) {
				ec2_route_tables_free(all);
				return -1;
			}
		} else if (!ec2_error_is_not_found(&e1)) {
			*e = e1;
			ec2_route_tables_free(all);
			return -1;
		}
	}
	*out = all;
	return 0;
}

static enum route_where
intended_where(enum action a)
{
	return a == ACT_FAILOVER ? ROUTE_SECONDARY : ROUTE_PRIMARY;
}

static void
plan(const struct config *c, const struct ec2_route_tables *t,
     struct pair_result *res, size_t n, enum action a)
{
	enum route_where want = intended_where(a);

	for (size_t i = 0; i < n; i++) {
		struct pair_result *r = &res[i];

		routeplan_classify(t, c->ra.primary, c->ra.secondary, &r->pair);
		switch (r->pair.where) {
		case ROUTE_PRIMARY:
		case ROUTE_SECONDARY:
			r->planned = r->pair.where != want;
			break;
		case ROUTE_FOREIGN:
			if (r->pair.blackhole) {
				r->planned = 1; /* a dead target: ours now */
				break;
			}
			r->failed = 1;
			snprintf(r->why, sizeof(r->why),
				 "points at %s, not at %s or %s: left alone",
				 r->pair.target, c->ra.primary, c->ra.secondary);
			break;
		case ROUTE_MISSING:
			r->failed = 1;
			snprintf(r->why, sizeof(r->why),
				 "no route to %s in %s (routes are never "
				 "created)", r->pair.dest->text, r->pair.table);
			break;
		case ROUTE_NO_TABLE:
			r->failed = 1;
			snprintf(r->why, sizeof(r->why),
				 "route table %s not found", r->pair.table);
			break;
		}
	}
}

/* EC2 refuses InstanceId for an instance with several interfaces: say
 * which eni-... the user can pick. */
static void
explain_multi_eni(struct ec2_client *ec2, const char *target, char *why,
		  size_t len)
{
	struct ec2_error e;
	char **enis = NULL, list[300] = "";
	size_t n = 0, used = 0;

	if (strncmp(target, "i-", 2) != 0 ||
	    ec2_instance_enis(ec2, target, &enis, &n, &e) != 0 || n < 2) {
		if (enis != NULL)
			ec2_strings_free(enis, n);
		return;
	}
	for (size_t i = 0; i < n && used < sizeof(list); i++)
		used += (size_t)snprintf(list + used, sizeof(list) - used,
					 "%s%s", i ? ", " : "", enis[i]);
	ec2_strings_free(enis, n);
	snprintf(why + strlen(why), len - strlen(why),
		 "; %s has %zu network interfaces (%s): give the eni-... "
		 "of the interface that routes the VPN", target, n, list);
}

static int
all_verified(const struct pair_result *res, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (res[i].replaced && !res[i].verified)
			return 0;
	return 1;
}

/* EC2 is eventually consistent: poll until every replaced pair reads back. */
static void
verify(struct ec2_client *ec2, const struct config *c,
       const struct plugin *p, struct pair_result *res, size_t n,
       enum action a)
{
	enum route_where want = intended_where(a);
	struct ec2_route_tables *t;
	struct ec2_error e;
	double start = clock_now_ms(), wait_ms = 100;

	for (;;) {
		if (read_tables(ec2, c, &t, &e) == 0) {
			for (size_t i = 0; i < n; i++) {
				struct route_pair now = res[i].pair;

				if (!res[i].replaced || res[i].verified)
					continue;
				routeplan_classify(t, c->ra.primary, c->ra.secondary,
						   &now);
				if (now.where == want)
					res[i].verified = 1;
				else
					snprintf(res[i].why, sizeof(res[i].why),
						 "replaced, but reads back as "
						 "%s", now.target);
			}
			ec2_route_tables_free(t);
		}
		if (all_verified(res, n) ||
		    clock_now_ms() - start > VERIFY_MAX_MS ||
		    plugin_time_left(p) * 1000 < wait_ms + 1500)
			break;
		usleep((useconds_t)(wait_ms * 1000));
		wait_ms = wait_ms * 2 > 800 ? 800 : wait_ms * 2;
	}
	for (size_t i = 0; i < n; i++)
		if (res[i].replaced && !res[i].verified)
			res[i].failed = 1;
}

static noreturn void
run_switch(struct plugin *p, const struct config *c, enum action a,
	   struct record *rec, int lockfd)
{
	const char *target = a == ACT_FAILOVER ? c->ra.secondary : c->ra.primary;
	const char *verb = a == ACT_FAILOVER ? "failover" : "failback";
	size_t n = c->ra.ntables * c->ra.ndests, k = 0, nrep = 0, nfail = 0,
	       nalready = 0, nplanned = 0, nwould = 0;
	struct ec2_session_options so;
	struct ec2_session s;
	struct ec2_route_tables *t = NULL;
	struct ec2_replace *reps;
	struct pair_result *res;
	struct ec2_error e;
	char err[1024], fails[2048] = "";
	double t0 = clock_now_ms();
	size_t used = 0;
	int rc;

	res = calloc(n, sizeof(*res));
	reps = calloc(n, sizeof(*reps));
	if (res == NULL || reps == NULL)
		plugin_exit(p, STATE_UNKNOWN, "out of memory");
	for (size_t i = 0; i < c->ra.ntables; i++)
		for (size_t j = 0; j < c->ra.ndests; j++, k++) {
			res[k].pair.table = c->ra.tables[i];
			res[k].pair.dest = &c->ra.dests[j];
		}

	memset(&so, 0, sizeof(so));
	so.aws = c->ra.aws;
	so.ca_file = c->ra.ca_file;
	so.request_timeout_ms = 8000;
	/* Leave room to verify and report before -t fires. */
	so.deadline_ms = clock_now_ms() + plugin_time_left(p) * 1000 - 3000;
	rc = ec2_session_open(&so, &s, err, sizeof(err));
	if (rc != 0) {
		log_action("%s error=%s", verb, err);
		ec2_session_close(&s);
		plugin_exit(p, rc == EC2_SESSION_ERR_CONFIG ? STATE_UNKNOWN
							    : STATE_CRITICAL,
			    "%s", err);
	}
	plugin_log(p, VERB_INFO, "credentials from %s, region %s, endpoint %s",
		   s.cred.source, s.region, s.endpoint);

	if (read_tables(s.ec2, c, &t, &e) != 0) {
		log_action("%s result=error describe code=%s message=\"%s\"",
			   verb, e.code, e.message);
		ec2_session_close(&s);
		plugin_exit(p, STATE_CRITICAL,
			    "%s not done: DescribeRouteTables failed: %s: %s",
			    verb, e.code, e.message);
	}
	plan(c, t, res, n, a);
	ec2_route_tables_free(t);

	k = 0;
	for (size_t i = 0; i < n; i++) {
		if (!res[i].planned)
			continue;
		reps[k].route_table_id = res[i].pair.table;
		reps[k].destination = res[i].pair.dest->text;
		reps[k].ipv6 = res[i].pair.dest->family == AF_INET6;
		reps[k].target = target;
		reps[k].dry_run = c->dry_run;
		k++;
	}
	nplanned = k;
	if (k > 0)
		ec2_replace_routes(s.ec2, reps, k);
	k = 0;
	for (size_t i = 0; i < n; i++) {
		struct pair_result *r = &res[i];

		if (!r->planned)
			continue;
		r->ms = reps[k].elapsed_ms;
		if (reps[k].ok && !c->dry_run)
			r->replaced = 1;
		else if (!reps[k].ok) {
			r->failed = 1;
			snprintf(r->why, sizeof(r->why), "%s: %s",
				 reps[k].error.code, reps[k].error.message);
			if (strcmp(reps[k].error.code, "InvalidInstanceID") == 0)
				explain_multi_eni(s.ec2, target, r->why,
						  sizeof(r->why));
		}
		k++;
	}
	if (!c->dry_run && nplanned > 0)
		verify(s.ec2, c, p, res, n, a);

	for (size_t i = 0; i < n; i++) {
		struct pair_result *r = &res[i];
		const char *result;

		if (r->failed) {
			result = "error";
			nfail++;
			if (used < sizeof(fails))
				used += (size_t)snprintf(
					fails + used, sizeof(fails) - used,
					"%s%s %s: %s", used ? "; " : "",
					r->pair.table, r->pair.dest->text,
					r->why);
		} else if (c->dry_run && r->planned) {
			result = "would-replace";
			nwould++;
		}
		else if (r->replaced) {
			result = "replaced";
			nrep++;
		} else {
			result = "already-set";
			nalready++;
		}
		log_action("%s table=%s destination=%s from=%s to=%s "
			   "result=%s%s%s ms=%.0f",
			   verb, r->pair.table, r->pair.dest->text,
			   r->pair.target[0] ? r->pair.target
					     : routeplan_where_name(r->pair.where),
			   target, result, r->failed ? " reason=" : "",
			   r->failed ? r->why : "", r->ms);
	}
	ec2_session_close(&s);

	if (!c->dry_run && nrep + nalready > 0) {
		snprintf(rec->last_action, sizeof(rec->last_action), "%s",
			 verb);
		rec->last_action_time = (long long)time(NULL);
	}
	if (record_write(c, rec) != 0)
		plugin_log(p, VERB_NONE, "warning: cannot write the record in %s",
			   c->state_dir);
	close(lockfd);

	{
		double ms = clock_now_ms() - t0;
		plugin_perf(p, "replaced", (double)nrep, NULL, NULL, NULL, 1, 0,
			    1, (double)n);
		plugin_perf(p, "already", (double)nalready, NULL, NULL, NULL, 1,
			    0, 1, (double)n);
		plugin_perf(p, "failed", (double)nfail, NULL, NULL, NULL, 1, 0, 1,
			    (double)n);
		plugin_perf(p, "time", ms / 1000.0, "s", NULL, NULL, 1, 0, 0, 0);
		log_action("%s done routes=%zu/%zu target=%s replaced=%zu "
			   "already=%zu failed=%zu ms=%.0f",
			   verb, n - nfail, n, target, nrep, nalready, nfail,
			   ms);
		free(res);
		free(reps);
		if (c->dry_run)
			plugin_exit(p, nfail ? STATE_CRITICAL : STATE_OK,
				    "%s dry run: %zu to replace -> %s, %zu "
				    "already set, %zu failed%s%s in %.0f ms",
				    verb, nwould, target, nalready, nfail,
				    nfail ? ": " : "", fails, ms);
		if (nfail > 0)
			plugin_exit(p, STATE_CRITICAL,
				    "%s: %zu/%zu routes -> %s; %s (%zu replaced, "
				    "%zu already set) in %.0f ms",
				    verb, n - nfail, n, target, fails,
				    nrep, nalready, ms);
		plugin_exit(p, STATE_OK,
			    "%s: %zu/%zu routes -> %s (%zu replaced, %zu already "
			    "set) in %.0f ms",
			    verb, n, n, target, nrep, nalready, ms);
	}
}

/*
 * A recovery inside the hold-down: a detached process waits for its end and
 * fails back then, unless a newer event came in meanwhile.
 */
static void
schedule_failback(struct plugin *p, const struct config *c, long long left,
		  long long generation)
{
	pid_t pid;
	int fd;
	struct record rec;
	char err[512];

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
	if ((fd = lock_state(c, p, err, sizeof(err))) < 0) {
		log_action("failback deferred error=\"%s\"", err);
		_exit(STATE_CRITICAL);
	}
	if (record_read(c, &rec) != 0 || rec.generation != generation ||
	    strcmp(rec.last_action, "failover") != 0) {
		log_action("failback deferred cancelled: a newer event came in");
		_exit(STATE_OK);
	}
	log_action("failback deferred: hold-down over");
	run_switch(p, c, ACT_FAILBACK, &rec, fd);
}

int
main(int argc, char **argv)
{
	struct plugin p;
	struct config c;
	struct record rec;
	enum action a;
	char why[256] = "", err[512];
	int ind, fd;
	long long now;

	plugin_init(&p, "FAILOVER", argv[0], DEFAULT_TIMEOUT);
	p.summary = "Points VPC routes at the standby VyOS when the active one "
		    "fails, and back.";
	p.usage = "handle_route_failover --state STATE --state-type TYPE\n"
		  "         --route-table RTB [--route-table RTB ...]\n"
		  "         --destination CIDR [--destination CIDR ...]\n"
		  "         --primary ID --secondary ID [options]";
	p.blurb =
		"A Nagios / Icinga 2 event handler. On a HARD problem (DOWN,\n"
		"UNREACHABLE, CRITICAL) every (route table, destination) pair is\n"
		"pointed at --secondary; on recovery (UP, OK) back at --primary\n"
		"(unless --no-failback, and not inside --hold-down). WARNING and\n"
		"UNKNOWN change nothing. All tables are read in one call, pairs\n"
		"already right are skipped, the rest replaced concurrently and\n"
		"read back to verify. A pair that points at anything but the two\n"
		"routers (or a blackhole) is never overwritten, and routes are\n"
		"never created or deleted. Runs are serialised by a lock in the\n"
		"state dir. Credentials come from the environment, the AWS\n"
		"credentials/config files or the instance metadata (IMDSv2),\n"
		"never from the command line.\n"
		"\n"
		"Each action is logged (syslog ident handle_route_failover, or\n"
		"--log-file) as key=value words: ACTION table= destination=\n"
		"from= to= result=replaced|already-set|would-replace|error\n"
		"[reason=] ms=, then \"ACTION done routes=N/M ...\".\n"
		"Exit 0 when every pair ends at the intended target, 2 when any\n"
		"does not, 3 for bad arguments or missing credentials.";
	p.examples =
		"  handle_route_failover --state $HOSTSTATE$ --state-type "
		"$HOSTSTATETYPE$ \\\n"
		"    --attempt $HOSTATTEMPT$ --route-table rtb-0a1b2c3d \\\n"
		"    --route-table rtb-0e5f6a7b --destination 10.0.0.0/16 \\\n"
		"    --primary eni-0123456789abcdef0 --secondary "
		"eni-0fedcba9876543210 \\\n"
		"    --region ap-southeast-1 --hold-down 300";
	p.opts = options;
	p.opts_shared = route_args_opts;
	memset(&c, 0, sizeof(c));
	c.hold_down = -1;
	ind = plugin_parse_args(&p, argc, argv, on_option, &c);
	plugin_no_operands(&p, argc, argv, ind);

	/* Defaults after reading, so precedence is explicit. */
	if (c.state == EV_NONE)
		plugin_exit(&p, STATE_UNKNOWN, "missing --state (see --help)");
	if (c.state_type == 0)
		plugin_exit(&p, STATE_UNKNOWN,
			    "missing --state-type SOFT|HARD (see --help)");
	if (route_args_check(&c.ra, 1, err, sizeof(err)) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "%s", err);
	if (c.ra.ntables * c.ra.ndests > 1000)
		plugin_exit(&p, STATE_UNKNOWN,
			    "too many pairs (%zu tables x %zu destinations)",
			    c.ra.ntables, c.ra.ndests);
	if (c.hold_down < 0)
		c.hold_down = 0;
	if (c.attempt == 0)
		c.attempt = 1;
	if (c.state_dir == NULL)
		c.state_dir = DEFAULT_STATE_DIR;

	logger.p = &p;
	if (c.log_file != NULL) {
		if ((logger.file = fopen(c.log_file, "a")) == NULL)
			plugin_exit(&p, STATE_UNKNOWN, "cannot open --log-file %s: %s",
				    c.log_file, strerror(errno));
	} else
		openlog("handle_route_failover", LOG_PID, LOG_DAEMON);

	plugin_timeout_start(&p, "routes may be partly switched; see the log");

	if ((fd = lock_state(&c, &p, err, sizeof(err))) < 0)
		plugin_exit(&p, STATE_UNKNOWN, "%s", err);
	if (record_read(&c, &rec) != 0)
		plugin_exit(&p, STATE_UNKNOWN, "cannot read the record in %s: %s",
			    c.state_dir, strerror(errno));
	rec.generation++;
	now = (long long)time(NULL);
	a = decide(&c, &rec, now, why, sizeof(why));
	log_action("event state=%s type=%s attempt=%lu action=%s",
		   event_names[c.state], c.state_type == 2 ? "HARD" : "SOFT",
		   c.attempt,
		   a == ACT_FAILOVER   ? "failover"
		   : a == ACT_FAILBACK ? "failback"
		   : a == ACT_DEFER    ? "failback-deferred"
				       : "none");
	switch (a) {
	case ACT_NONE:
		if (record_write(&c, &rec) != 0)
			plugin_exit(&p, STATE_UNKNOWN, "cannot write the record in %s",
				    c.state_dir);
		plugin_exit(&p, STATE_OK, "no action: %s", why);
	case ACT_DEFER:
		if (c.dry_run)
			plugin_exit(&p, STATE_OK,
				    "dry run: failback would wait %s s (hold-down)",
				    why);
		if (record_write(&c, &rec) != 0)
			plugin_exit(&p, STATE_UNKNOWN, "cannot write the record in %s",
				    c.state_dir);
		close(fd);
		schedule_failback(&p, &c, atoll(why), rec.generation);
		plugin_exit(&p, STATE_OK,
			    "%s: failback to %s scheduled in %s s (hold-down %ld s)",
			    event_names[c.state], c.ra.primary, why, c.hold_down);
	case ACT_FAILOVER:
	case ACT_FAILBACK:
		run_switch(&p, &c, a, &rec, fd);
	}
	return STATE_UNKNOWN;
}
