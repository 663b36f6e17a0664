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
	struct decision d = { a, r, left };

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

	if (is_problem(in->event)) {
		if (hard)
			return decision(ACTION_FAILOVER, REASON_HARD_PROBLEM, 0);
		if (early)
			return decision(ACTION_FAILOVER, REASON_EARLY_ATTEMPT, 0);
		return decision(ACTION_NONE, REASON_SOFT_PROBLEM, 0);
	}
	if (!is_recovery(in->event))
		return decision(ACTION_NONE, REASON_NO_CHANGE, 0);
	if (policy->no_failback)
		return decision(ACTION_NONE, REASON_NO_FAILBACK, 0);
	/* A SOFT recovery matters only after we acted on a SOFT problem. */
	if (!hard && policy->act_on_attempt == 0 && !failed_over)
		return decision(ACTION_NONE, REASON_NOTHING_FAILED, 0);
	if (failed_over && policy->hold_down > 0) {
		left = last->last_time + policy->hold_down - now;
		if (left > 0)
			return decision(ACTION_DEFER, REASON_HOLD_DOWN, left);
	}
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
