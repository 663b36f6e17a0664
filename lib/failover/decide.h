/* SPDX-License-Identifier: ISC */
/*
 * When to switch routes: a pure function of the monitoring event, the
 * evidence about both routers, the record of the last switch, the time and
 * the policy.  No I/O, no clock: the caller passes now and what its probes
 * found, so every row can be table-tested.
 *
 * Two policies:
 *  - confirmed (the default): level, not edge.  The event only says when
 *    to look (SOFT vs HARD, --act-on-attempt; WARNING and UNKNOWN events
 *    change nothing).  Whatever the event, the target follows from the
 *    evidence: the primary when it is healthy and no hold-down runs, else
 *    the secondary when the primary is down and the secondary healthy,
 *    else the routes stay where they are.
 *  - unconfirmed (--no-confirm, the old behaviour): the event is about the
 *    primary and is believed: a problem fails over, a recovery fails back.
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

/* What the handler's own probe of a router found. */
enum probe_evidence {
	PROBE_NOT_RUN,    /* no address given (--no-confirm) */
	PROBE_ANSWERS,    /* ICMP reply (and SSH banner when asked for) */
	PROBE_SILENT,     /* no reply, or no SSH banner */
	PROBE_CANNOT_RUN, /* no permission, no address, no socket: no
			   * evidence either way, never "down" */
};

/* A readiness state the monitoring passed (--primary-ready ...). */
enum readiness {
	READY_NOT_GIVEN,
	READY_OK,      /* OK, UP */
	READY_UNSURE,  /* WARNING, UNKNOWN, UNREACHABLE, empty: no evidence */
	READY_DOWN,    /* CRITICAL, DOWN */
};

struct router_evidence {
	enum probe_evidence probe;
	enum readiness ready;
};

/* What the evidence says about one router. */
enum router_health {
	HEALTH_UNKNOWN, /* no evidence either way */
	HEALTH_OK,      /* answers its probe, and ready when a state is given */
	HEALTH_DOWN,    /* silent, or its readiness is CRITICAL/DOWN */
};

struct failover_input {
	enum failover_event event;
	enum failover_state_type type;
	unsigned long attempt; /* $HOSTATTEMPT$, from 1 */
	struct router_evidence primary, secondary; /* confirmed policy only */
};

struct failover_policy {
	unsigned long act_on_attempt; /* act on a SOFT problem from this
				       * attempt on; 0: on HARD only */
	long long hold_down;  /* seconds after a failover before a failback */
	int no_failback;      /* never fail back while the secondary lives */
	int confirm;          /* 1: the level policy on evidence; 0: believe
			       * the event (--no-confirm) */
};

enum failover_action {
	ACTION_NONE,
	ACTION_FAILOVER, /* point the routes at the secondary */
	ACTION_FAILBACK, /* point them at the primary */
	ACTION_DEFER,    /* fail back when the hold-down is over */
};

enum decide_reason {
	/* the event filter (both policies) */
	REASON_SOFT_PROBLEM,   /* none: SOFT, waiting for HARD */
	REASON_NO_CHANGE,      /* none: WARNING, UNKNOWN (or no event) */
	REASON_NOTHING_FAILED, /* none: SOFT recovery, no SOFT failover
				* policy and no failover on record */
	/* unconfirmed: the event decides */
	REASON_HARD_PROBLEM,   /* failover: DOWN/UNREACHABLE/CRITICAL HARD */
	REASON_EARLY_ATTEMPT,  /* failover: SOFT, attempt >= act_on_attempt */
	REASON_RECOVERY,       /* failback */
	/* both */
	REASON_NO_FAILBACK,    /* none: failback disabled */
	REASON_HOLD_DOWN,      /* defer: inside the hold-down */
	/* confirmed: the evidence decides */
	REASON_PRIMARY_HEALTHY,   /* failback (or stay): the primary is fine */
	REASON_SECONDARY_DOWN,    /* failback now, whatever the hold-down or
				   * --no-failback: the secondary is down */
	REASON_PRIMARY_DOWN,      /* failover: primary down, secondary fine */
	REASON_BOTH_DOWN,         /* none: nowhere better to go */
	REASON_NO_EVIDENCE,       /* none: cannot tell (see the healths) */
};

struct decision {
	enum failover_action action;
	enum decide_reason reason;
	long long hold_down_left; /* seconds, > 0 for ACTION_DEFER, else 0 */
	enum router_health primary, secondary; /* confirmed: what decided;
						* unconfirmed: UNKNOWN */
};

/* What to do about in given the last switch (an empty record when none),
 * now (seconds, the clock of last->last_time) and the policy. */
struct decision decide(const struct failover_input *in,
		       const struct switch_record *last, long long now,
		       const struct failover_policy *policy);

/* One router's health from its evidence (the rule decide() uses). */
enum router_health router_health(const struct router_evidence *ev);

/* "UP", "DOWN", ... ("" for EVENT_NONE); parse is case-insensitive and
 * returns 0, or -1 for a word that is not an event. */
const char *failover_event_name(enum failover_event e);
int failover_event_parse(const char *s, enum failover_event *out);
/* "SOFT", "HARD" ("" for none); parse as above. */
const char *failover_state_type_name(enum failover_state_type t);
int failover_state_type_parse(const char *s, enum failover_state_type *out);
/* "none", "failover", "failback", "failback-deferred". */
const char *failover_action_name(enum failover_action a);
/*
 * A readiness state: a state word (OK, WARNING, CRITICAL, UNKNOWN, UP,
 * DOWN, UNREACHABLE, any case), or Icinga 2's service state number (0 OK,
 * 1 WARNING, 2 CRITICAL, 3 UNKNOWN); "" (a macro of an object that does
 * not exist) is UNSURE.  0, or -1 for anything else.
 */
int readiness_parse(const char *s, enum readiness *out);
/* "ok", "unsure", "down", "" (not given). */
const char *readiness_name(enum readiness r);
/* "healthy", "down", "unknown". */
const char *router_health_name(enum router_health h);

#endif
