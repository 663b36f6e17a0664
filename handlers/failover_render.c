/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "failover_render.h"

void
failover_log_sink(void *ctx, const char *msg)
{
	FILE *f = ctx;
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;

	if (f == NULL) {
		syslog(LOG_NOTICE, "%s", msg);
		return;
	}
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%SZ", &tm);
	fprintf(f, "%s handle_route_failover[%ld]: %s\n", stamp,
		(long)getpid(), msg);
	fflush(f);
}

void
failover_render_no_action(const struct failover_input *in,
			  const struct decision *d, char *buf, size_t len)
{
	const char *ev = failover_event_name(in->event);

	switch (d->reason) {
	case REASON_SOFT_PROBLEM:
		snprintf(buf, len, "%s SOFT (attempt %lu): waiting for HARD", ev,
			 in->attempt);
		break;
	case REASON_NO_FAILBACK:
		snprintf(buf, len, "%s: failback disabled (--no-failback)", ev);
		break;
	case REASON_NOTHING_FAILED:
		snprintf(buf, len, "%s SOFT: nothing was failed over", ev);
		break;
	case REASON_BOTH_DOWN:
		snprintf(buf, len, "%s: both routers are down, routes left "
			 "where they are", ev);
		break;
	case REASON_NO_EVIDENCE:
		snprintf(buf, len, "%s: no evidence to act on, routes left "
			 "where they are", ev);
		break;
	default:
		snprintf(buf, len, "%s changes nothing", ev);
		break;
	}
}

enum state
failover_no_action_state(const struct decision *d)
{
	switch (d->reason) {
	case REASON_BOTH_DOWN:
		return STATE_CRITICAL;
	case REASON_NO_EVIDENCE:
		return STATE_UNKNOWN;
	default:
		return STATE_OK;
	}
}

const char *
failover_reason_name(enum decide_reason r)
{
	static const char *const names[] = {
		[REASON_SOFT_PROBLEM] = "soft-problem",
		[REASON_NO_CHANGE] = "no-change",
		[REASON_NOTHING_FAILED] = "nothing-failed",
		[REASON_HARD_PROBLEM] = "hard-problem",
		[REASON_EARLY_ATTEMPT] = "early-attempt",
		[REASON_RECOVERY] = "recovery",
		[REASON_NO_FAILBACK] = "no-failback",
		[REASON_HOLD_DOWN] = "hold-down",
		[REASON_PRIMARY_HEALTHY] = "primary-healthy",
		[REASON_SECONDARY_DOWN] = "secondary-down",
		[REASON_PRIMARY_DOWN] = "primary-down",
		[REASON_BOTH_DOWN] = "both-down",
		[REASON_NO_EVIDENCE] = "no-evidence",
	};

	if ((size_t)r < sizeof(names) / sizeof(names[0]) && names[r])
		return names[r];
	return "?";
}

void
failover_render_state_dir(int locked, const char *why,
			  struct plugin_result *r)
{
	if (!locked)
		plugin_result_add(r, STATE_WARNING, "ran without the lock: %s",
				  why);
}

/* Why a pair does not end at the target, for its log line and the status. */
static void
render_fault(const struct switch_request *rq, const struct switch_result *res,
	     const struct switch_pair *p, char *buf, size_t len)
{
	size_t off = 0;

	switch (p->fault) {
	case FAULT_FOREIGN:
		text_append(buf, len, &off,
			    "points at %s, not at %s or %s: left alone",
			    p->pair.target, rq->primary, rq->secondary);
		break;
	case FAULT_MISSING:
		text_append(buf, len, &off,
			    "no route to %s in %s (routes are never created)",
			    p->pair.dest->text, p->pair.table);
		break;
	case FAULT_NO_TABLE:
		text_append(buf, len, &off, "route table %s not found",
			    p->pair.table);
		break;
	case FAULT_EC2:
		text_append(buf, len, &off, "%s: %s", p->replace.error.code,
			    p->replace.error.message);
		if (strcmp(p->replace.error.code, "InvalidInstanceID") == 0 &&
		    res->target_nenis >= 2)
			text_append(buf, len, &off,
				    "; %s has %zu network interfaces (%s): give "
				    "the eni-... of the interface that routes "
				    "the VPN", switch_target(rq),
				    res->target_nenis, res->target_enis);
		break;
	case FAULT_VERIFY:
		text_append(buf, len, &off, "read-back failed: %s: %s",
			    res->verify_error.code, res->verify_error.message);
		if (p->replace.ok)
			text_append(buf, len, &off,
				    " (ReplaceRoute was accepted)");
		else
			text_append(buf, len, &off, " (ReplaceRoute: %s: %s)",
				    p->replace.error.code,
				    p->replace.error.message);
		break;
	case FAULT_READ_BACK:
		text_append(buf, len, &off, "replaced, but %s%s",
			    p->read_back[0] ? "reads back as "
					    : "not read back in time",
			    p->read_back);
		break;
	case FAULT_NONE:
		buf[0] = '\0';
		break;
	}
}

static const char *
outcome_name(enum pair_outcome o)
{
	switch (o) {
	case PAIR_ALREADY_SET:
		return "already-set";
	case PAIR_REPLACED:
		return "replaced";
	case PAIR_WOULD_REPLACE:
		return "would-replace";
	case PAIR_FAILED:
		break;
	}
	return "error";
}

void
failover_render_switch(struct plugin *p, const struct switch_request *rq,
		       const struct switch_result *res, const char *identity,
		       double ms, struct plugin_result *r)
{
	const char *verb = rq->to == ROLE_SECONDARY ? "failover" : "failback";
	const char *target = switch_target(rq);
	size_t n = res->npairs, ok = n - res->failed;
	char why[700];

	for (size_t i = 0; i < n; i++) {
		const struct switch_pair *sp = &res->pairs[i];
		const struct route_pair *rp = &sp->pair;
		int failed = sp->outcome == PAIR_FAILED;

		render_fault(rq, res, sp, why, sizeof(why));
		log_notice("%s table=%s destination=%s from=%s to=%s "
			   "result=%s%s%s ms=%.0f",
			   verb, rp->table, rp->dest->text,
			   rp->target[0] ? rp->target
					 : route_class_name(rp->class),
			   target, outcome_name(sp->outcome),
			   failed ? " reason=" : "", failed ? why : "",
			   sp->replace.elapsed_ms);
		if (failed)
			plugin_result_add(r, STATE_CRITICAL, "%s %s: %s",
					  rp->table, rp->dest->text, why);
		else
			plugin_result_add(r, STATE_OK, NULL);
	}
	plugin_perf(p, "replaced", (double)res->replaced, NULL, NULL, NULL, 1,
		    0, 1, (double)n);
	plugin_perf(p, "already", (double)res->already_set, NULL, NULL, NULL, 1,
		    0, 1, (double)n);
	plugin_perf(p, "failed", (double)res->failed, NULL, NULL, NULL, 1, 0, 1,
		    (double)n);
	plugin_perf(p, "time", ms / 1000.0, "s", NULL, NULL, 1, 0, 0, 0);
	log_notice("%s done routes=%zu/%zu target=%s replaced=%zu "
		   "already=%zu failed=%zu ms=%.0f",
		   verb, ok, n, target, res->replaced, res->already_set,
		   res->failed, ms);
	if (rq->dry_run)
		plugin_result_summary(r,
				      "%s dry run: %zu to replace -> %s, %zu "
				      "already set, %zu failed in %.0f ms%s%s",
				      verb, res->would_replace, target,
				      res->already_set, res->failed, ms,
				      identity[0] ? " as " : "", identity);
	else
		plugin_result_summary(r,
				      "%s: %zu/%zu routes -> %s (%zu replaced, "
				      "%zu already set) in %.0f ms%s%s",
				      verb, ok, n, target, res->replaced,
				      res->already_set, ms,
				      identity[0] ? " as " : "", identity);
}
