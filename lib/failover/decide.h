/*
 * When to switch routes: a pure function of the monitoring event, the
 * record of the last switch, the time and the policy.  No I/O, no clock:
 * the caller passes now, so every row can be table-tested.
 */
#ifndef VHA_FAILOVER_DECIDE_H
#define VHA_FAILOVER_DECIDE_H

#include "failover/record.h"

/* $HOSTSTATE$ and $SERVICESTATE$ words. */
enum failover_event {
	EVENT_NONE, /* not given */
	EVENT_UP,
	EVENT_DOWN,
	EVENT_UNREACHABLE,
	EVENT_OK,
	EVENT_WARNING,
	EVENT_CRITICAL,
	EVENT_UNKNOWN,
};

/* $HOSTSTATETYPE$ / $SERVICESTATETYPE$. */
enum failover_state_type {
	STATE_TYPE_NONE, /* not given */
	STATE_TYPE_SOFT,
	STATE_TYPE_HARD,
};

struct failover_input {
	enum failover_event event;
	enum failover_state_type type;
	unsigned long attempt; /* $HOSTATTEMPT$, from 1 */
};

struct failover_policy {
	unsigned long act_on_attempt; /* act on a SOFT problem from this
				       * attempt on; 0: on HARD only */
	long long hold_down;  /* seconds after a failover before a failback */
	int no_failback;      /* never fail back */
};

enum failover_action {
	ACTION_NONE,
	ACTION_FAILOVER, /* point the routes at the secondary */
	ACTION_FAILBACK, /* point them back at the primary */
	ACTION_DEFER,    /* fail back when the hold-down is over */
};

enum decide_reason {
	REASON_HARD_PROBLEM,   /* failover: DOWN/UNREACHABLE/CRITICAL HARD */
	REASON_EARLY_ATTEMPT,  /* failover: SOFT, attempt >= act_on_attempt */
	REASON_SOFT_PROBLEM,   /* none: SOFT, waiting for HARD */
	REASON_NO_CHANGE,      /* none: WARNING, UNKNOWN (or no event) */
	REASON_NO_FAILBACK,    /* none: recovery, but failback disabled */
	REASON_NOTHING_FAILED, /* none: SOFT recovery, no SOFT failover
				* policy and no failover on record */
	REASON_HOLD_DOWN,      /* defer: recovery inside the hold-down */
	REASON_RECOVERY,       /* failback */
};

struct decision {
	enum failover_action action;
	enum decide_reason reason;
	long long hold_down_left; /* seconds, > 0 for ACTION_DEFER, else 0 */
};

/* What to do about event in given the last switch (an empty record when
 * none), now (seconds, the clock of last->last_time) and the policy. */
struct decision decide(const struct failover_input *in,
		       const struct switch_record *last, long long now,
		       const struct failover_policy *policy);

/* "UP", "DOWN", ... ("" for EVENT_NONE); parse is case-insensitive and
 * returns 0, or -1 for a word that is not an event. */
const char *failover_event_name(enum failover_event e);
int failover_event_parse(const char *s, enum failover_event *out);
/* "SOFT", "HARD" ("" for none); parse as above. */
const char *failover_state_type_name(enum failover_state_type t);
int failover_state_type_parse(const char *s, enum failover_state_type *out);
/* "none", "failover", "failback", "failback-deferred". */
const char *failover_action_name(enum failover_action a);

#endif
