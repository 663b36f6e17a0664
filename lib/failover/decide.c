/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stddef.h>
#include <strings.h>

#include "failover/decide.h"

static const char *const event_names[] = {
	[EVENT_NONE] = "",	    [EVENT_UP] = "UP",
	[EVENT_DOWN] = "DOWN",	    [EVENT_UNREACHABLE] = "UNREACHABLE",
	[EVENT_OK] = "OK",	    [EVENT_WARNING] = "WARNING",
	[EVENT_CRITICAL] = "CRITICAL", [EVENT_UNKNOWN] = "UNKNOWN",
};

static const char *const type_names[] = {
	[STATE_TYPE_NONE] = "",
	[STATE_TYPE_SOFT] = "SOFT",
	[STATE_TYPE_HARD] = "HARD",
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int
is_problem(enum failover_event e)
{
	return e == EVENT_DOWN || e == EVENT_UNREACHABLE || e == EVENT_CRITICAL;
}

static int
is_recovery(enum failover_event e)
{
	return e == EVENT_UP || e == EVENT_OK;
}

static struct decision
decision(enum failover_action a, enum decide_reason r, long long left)
{
	struct decision d = { a, r, left, HEALTH_UNKNOWN, HEALTH_UNKNOWN };

	return d;
}

enum router_health
router_health(const struct router_evidence *ev)
{
	if (ev->ready == READY_DOWN || ev->probe == PROBE_SILENT)
		return HEALTH_DOWN;
	if (ev->probe == PROBE_ANSWERS &&
	    (ev->ready == READY_NOT_GIVEN || ev->ready == READY_OK))
		return HEALTH_OK;
	return HEALTH_UNKNOWN;
}

/* Seconds of hold-down left after the last failover (0: none runs). */
static long long
hold_down_left(const struct switch_record *last, long long now,
	       const struct failover_policy *policy)
{
	long long left;

	if (last->last != SWITCH_FAILOVER || policy->hold_down <= 0)
		return 0;
	left = last->last_time + policy->hold_down - now;
	return left > 0 ? left : 0;
}

/* The level policy: the evidence picks the target, whatever the event. */
static struct decision
decide_confirmed(const struct failover_input *in,
		 const struct switch_record *last, long long now,
		 const struct failover_policy *policy)
{
	enum router_health p = router_health(&in->primary);
	enum router_health s = router_health(&in->secondary);
	struct decision d;
	long long left;

	if (p == HEALTH_OK && s == HEALTH_DOWN)
		d = decision(ACTION_FAILBACK, REASON_SECONDARY_DOWN, 0);
	else if (p == HEALTH_OK && policy->no_failback &&
		 last->last == SWITCH_FAILOVER)
		d = decision(ACTION_NONE, REASON_NO_FAILBACK, 0);
	else if (p == HEALTH_OK &&
		 (left = hold_down_left(last, now, policy)) > 0)
		d = decision(ACTION_DEFER, REASON_HOLD_DOWN, left);
	else if (p == HEALTH_OK)
		d = decision(ACTION_FAILBACK, REASON_PRIMARY_HEALTHY, 0);
	else if (p == HEALTH_DOWN && s == HEALTH_OK)
		d = decision(ACTION_FAILOVER, REASON_PRIMARY_DOWN, 0);
	else if (p == HEALTH_DOWN && s == HEALTH_DOWN)
		d = decision(ACTION_NONE, REASON_BOTH_DOWN, 0);
	else
		d = decision(ACTION_NONE, REASON_NO_EVIDENCE, 0);
	d.primary = p;
	d.secondary = s;
	return d;
}

struct decision
decide(const struct failover_input *in, const struct switch_record *last,
       long long now, const struct failover_policy *policy)
{
	int hard = in->type == STATE_TYPE_HARD;
	int early = policy->act_on_attempt > 0 &&
		    in->attempt >= policy->act_on_attempt;
	int failed_over = last->last == SWITCH_FAILOVER;
	long long left;

	/* The event filter: when to look at all. */
	if (is_problem(in->event)) {
		if (!hard && !early)
			return decision(ACTION_NONE, REASON_SOFT_PROBLEM, 0);
		if (policy->confirm)
			return decide_confirmed(in, last, now, policy);
		return decision(ACTION_FAILOVER, hard ? REASON_HARD_PROBLEM
						      : REASON_EARLY_ATTEMPT,
				0);
	}
	if (!is_recovery(in->event))
		return decision(ACTION_NONE, REASON_NO_CHANGE, 0);
	/* --no-failback wins over the filter below, as it always did. */
	if (!policy->confirm && policy->no_failback)
		return decision(ACTION_NONE, REASON_NO_FAILBACK, 0);
	/* A SOFT recovery matters only after we acted on a SOFT problem. */
	if (!hard && policy->act_on_attempt == 0 && !failed_over)
		return decision(ACTION_NONE, REASON_NOTHING_FAILED, 0);
	if (policy->confirm)
		return decide_confirmed(in, last, now, policy);
	if ((left = hold_down_left(last, now, policy)) > 0)
		return decision(ACTION_DEFER, REASON_HOLD_DOWN, left);
	return decision(ACTION_FAILBACK, REASON_RECOVERY, 0);
}

const char *
failover_event_name(enum failover_event e)
{
	return (size_t)e < NELEM(event_names) ? event_names[e] : "";
}

int
failover_event_parse(const char *s, enum failover_event *out)
{
	for (size_t i = EVENT_NONE + 1; i < NELEM(event_names); i++)
		if (strcasecmp(s, event_names[i]) == 0) {
			*out = (enum failover_event)i;
			return 0;
		}
	return -1;
}

const char *
failover_state_type_name(enum failover_state_type t)
{
	return (size_t)t < NELEM(type_names) ? type_names[t] : "";
}

int
failover_state_type_parse(const char *s, enum failover_state_type *out)
{
	for (size_t i = STATE_TYPE_NONE + 1; i < NELEM(type_names); i++)
		if (strcasecmp(s, type_names[i]) == 0) {
			*out = (enum failover_state_type)i;
			return 0;
		}
	return -1;
}

const char *
failover_action_name(enum failover_action a)
{
	switch (a) {
	case ACTION_FAILOVER:
		return "failover";
	case ACTION_FAILBACK:
		return "failback";
	case ACTION_DEFER:
		return "failback-deferred";
	case ACTION_NONE:
		break;
	}
	return "none";
}

int
readiness_parse(const char *s, enum readiness *out)
{
	static const struct {
		const char *word;
		enum readiness r;
	} words[] = {
		{ "OK", READY_OK },	      { "UP", READY_OK },
		{ "0", READY_OK },	      { "WARNING", READY_UNSURE },
		{ "1", READY_UNSURE },	      { "UNKNOWN", READY_UNSURE },
		{ "3", READY_UNSURE },	      { "UNREACHABLE", READY_UNSURE },
		{ "", READY_UNSURE },	      { "CRITICAL", READY_DOWN },
		{ "2", READY_DOWN },	      { "DOWN", READY_DOWN },
	};

	for (size_t i = 0; i < NELEM(words); i++)
		if (strcasecmp(s, words[i].word) == 0) {
			*out = words[i].r;
			return 0;
		}
	return -1;
}

const char *
readiness_name(enum readiness r)
{
	switch (r) {
	case READY_OK:
		return "ok";
	case READY_UNSURE:
		return "unsure";
	case READY_DOWN:
		return "down";
	case READY_NOT_GIVEN:
		break;
	}
	return "";
}

const char *
router_health_name(enum router_health h)
{
	switch (h) {
	case HEALTH_OK:
		return "healthy";
	case HEALTH_DOWN:
		return "down";
	case HEALTH_UNKNOWN:
		break;
	}
	return "unknown";
}
