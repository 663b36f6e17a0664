/* SPDX-License-Identifier: ISC */
/*
 * decide(): every (event, state type, attempt, record, time, policy) row
 * that leads somewhere different, and the edges of the hold-down, for the
 * unconfirmed policy (--no-confirm); then the confirmed (level) policy: a
 * table of the rows that matter and every combination of event, state
 * type, attempt, probe results, readiness states, record, hold-down and
 * policy checked against the rules of the policy.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <cmocka.h>

#include "failover/decide.h"

#define NONE SWITCH_NONE
#define OVER SWITCH_FAILOVER
#define BACK SWITCH_FAILBACK
#define SOFT STATE_TYPE_SOFT
#define HARD STATE_TYPE_HARD

struct row {
	int line;
	enum failover_event event;
	enum failover_state_type type;
	unsigned long attempt;
	enum switch_direction last; /* the record: NONE when absent */
	long long last_time;
	long long now;
	long long hold_down;
	int no_failback;
	unsigned long act_on_attempt;
	/* expected */
	enum failover_action action;
	enum decide_reason reason;
	long long left;
};

#define ROW(...) { __LINE__, __VA_ARGS__ }

static const struct row rows[] = {
	/* ev type att last at now hold nofb aoa -> action reason left */
	/* A HARD problem fails over, whatever the record and policy. */
	ROW(EVENT_DOWN, HARD, 1, NONE, 0, 1000, 0, 0, 0,
	    ACTION_FAILOVER, REASON_HARD_PROBLEM, 0),
	ROW(EVENT_UNREACHABLE, HARD, 3, NONE, 0, 1000, 0, 0, 0,
	    ACTION_FAILOVER, REASON_HARD_PROBLEM, 0),
	ROW(EVENT_CRITICAL, HARD, 1, NONE, 0, 1000, 0, 0, 0,
	    ACTION_FAILOVER, REASON_HARD_PROBLEM, 0),
	ROW(EVENT_DOWN, HARD, 1, OVER, 990, 1000, 300, 1, 0,
	    ACTION_FAILOVER, REASON_HARD_PROBLEM, 0),
	ROW(EVENT_DOWN, HARD, 1, BACK, 990, 1000, 300, 0, 0,
	    ACTION_FAILOVER, REASON_HARD_PROBLEM, 0),
	ROW(EVENT_CRITICAL, HARD, 1, NONE, 0, 1000, 0, 0, 2,
	    ACTION_FAILOVER, REASON_HARD_PROBLEM, 0),
	/* A SOFT problem waits for HARD ... */
	ROW(EVENT_DOWN, SOFT, 1, NONE, 0, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_SOFT_PROBLEM, 0),
	ROW(EVENT_CRITICAL, SOFT, 9, NONE, 0, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_SOFT_PROBLEM, 0),
	ROW(EVENT_UNREACHABLE, SOFT, 1, OVER, 990, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_SOFT_PROBLEM, 0),
	/* ... unless --act-on-attempt N and the attempt reached N. */
	ROW(EVENT_DOWN, SOFT, 1, NONE, 0, 1000, 0, 0, 2,
	    ACTION_NONE, REASON_SOFT_PROBLEM, 0),
	ROW(EVENT_DOWN, SOFT, 2, NONE, 0, 1000, 0, 0, 2,
	    ACTION_FAILOVER, REASON_EARLY_ATTEMPT, 0),
	ROW(EVENT_UNREACHABLE, SOFT, 3, NONE, 0, 1000, 0, 0, 2,
	    ACTION_FAILOVER, REASON_EARLY_ATTEMPT, 0),
	ROW(EVENT_CRITICAL, SOFT, 1, NONE, 0, 1000, 0, 0, 1,
	    ACTION_FAILOVER, REASON_EARLY_ATTEMPT, 0),
	/* WARNING, UNKNOWN and no event change nothing. */
	ROW(EVENT_WARNING, HARD, 1, NONE, 0, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_NO_CHANGE, 0),
	ROW(EVENT_WARNING, SOFT, 5, OVER, 990, 1000, 0, 0, 1,
	    ACTION_NONE, REASON_NO_CHANGE, 0),
	ROW(EVENT_UNKNOWN, HARD, 1, OVER, 990, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_NO_CHANGE, 0),
	ROW(EVENT_UNKNOWN, SOFT, 1, NONE, 0, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_NO_CHANGE, 0),
	ROW(EVENT_NONE, HARD, 1, OVER, 990, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_NO_CHANGE, 0),
	/* A HARD recovery fails back, with or without a record. */
	ROW(EVENT_UP, HARD, 1, NONE, 0, 1000, 0, 0, 0,
	    ACTION_FAILBACK, REASON_RECOVERY, 0),
	ROW(EVENT_OK, HARD, 1, NONE, 0, 1000, 0, 0, 0,
	    ACTION_FAILBACK, REASON_RECOVERY, 0),
	ROW(EVENT_OK, HARD, 1, OVER, 990, 1000, 0, 0, 0,
	    ACTION_FAILBACK, REASON_RECOVERY, 0),
	ROW(EVENT_UP, HARD, 1, BACK, 990, 1000, 300, 0, 0,
	    ACTION_FAILBACK, REASON_RECOVERY, 0),
	/* --no-failback: never, HARD or SOFT, inside a hold-down or not. */
	ROW(EVENT_UP, HARD, 1, OVER, 990, 1000, 0, 1, 0,
	    ACTION_NONE, REASON_NO_FAILBACK, 0),
	ROW(EVENT_OK, SOFT, 1, OVER, 990, 1000, 300, 1, 0,
	    ACTION_NONE, REASON_NO_FAILBACK, 0),
	ROW(EVENT_UP, SOFT, 1, NONE, 0, 1000, 0, 1, 2,
	    ACTION_NONE, REASON_NO_FAILBACK, 0),
	/* A SOFT recovery matters only after a failover, or when we act on
	 * SOFT problems. */
	ROW(EVENT_UP, SOFT, 1, NONE, 0, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_NOTHING_FAILED, 0),
	ROW(EVENT_OK, SOFT, 2, BACK, 990, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_NOTHING_FAILED, 0),
	ROW(EVENT_UP, SOFT, 1, OVER, 990, 1000, 0, 0, 0,
	    ACTION_FAILBACK, REASON_RECOVERY, 0),
	ROW(EVENT_OK, SOFT, 1, NONE, 0, 1000, 0, 0, 2,
	    ACTION_FAILBACK, REASON_RECOVERY, 0),
	ROW(EVENT_UP, SOFT, 1, BACK, 990, 1000, 0, 0, 3,
	    ACTION_FAILBACK, REASON_RECOVERY, 0),
	/* The hold-down counts from the last failover. */
	ROW(EVENT_UP, HARD, 1, OVER, 1000, 1000, 300, 0, 0,
	    ACTION_DEFER, REASON_HOLD_DOWN, 300),
	ROW(EVENT_UP, HARD, 1, OVER, 1000, 1100, 300, 0, 0,
	    ACTION_DEFER, REASON_HOLD_DOWN, 200),
	ROW(EVENT_UP, HARD, 1, OVER, 1000, 1299, 300, 0, 0,
	    ACTION_DEFER, REASON_HOLD_DOWN, 1),
	ROW(EVENT_UP, HARD, 1, OVER, 1000, 1300, 300, 0, 0,
	    ACTION_FAILBACK, REASON_RECOVERY, 0),
	ROW(EVENT_OK, HARD, 1, OVER, 1000, 5000, 300, 0, 0,
	    ACTION_FAILBACK, REASON_RECOVERY, 0),
	ROW(EVENT_UP, HARD, 1, OVER, 1000, 1000, 0, 0, 0,
	    ACTION_FAILBACK, REASON_RECOVERY, 0),
	/* a clock set back keeps the hold-down, longer: never shorter */
	ROW(EVENT_UP, HARD, 1, OVER, 1000, 900, 300, 0, 0,
	    ACTION_DEFER, REASON_HOLD_DOWN, 400),
	/* SOFT recovery after a SOFT-policy failover, inside the hold-down */
	ROW(EVENT_OK, SOFT, 1, OVER, 1000, 1010, 60, 0, 2,
	    ACTION_DEFER, REASON_HOLD_DOWN, 50),
	ROW(EVENT_OK, SOFT, 1, OVER, 1000, 1010, 60, 0, 0,
	    ACTION_DEFER, REASON_HOLD_DOWN, 50),
	/* no hold-down after a failback or with no record */
	ROW(EVENT_UP, HARD, 1, BACK, 1000, 1010, 60, 0, 0,
	    ACTION_FAILBACK, REASON_RECOVERY, 0),
	ROW(EVENT_UP, HARD, 1, NONE, 0, 10, 60, 0, 0,
	    ACTION_FAILBACK, REASON_RECOVERY, 0),
};

static void
test_rows(void **state)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		/* --no-confirm: no probes, the event is believed */
		struct failover_input in = { r->event, r->type, r->attempt,
					     { PROBE_NOT_RUN, READY_NOT_GIVEN },
					     { PROBE_NOT_RUN,
					       READY_NOT_GIVEN } };
		struct switch_record rec = { r->last, r->last_time, 7 };
		struct failover_policy pol = { r->act_on_attempt, r->hold_down,
					       r->no_failback, 0 };
		struct decision d = decide(&in, &rec, r->now, &pol);

		if (d.action != r->action || d.reason != r->reason ||
		    d.hold_down_left != r->left)
			fail_msg("row at line %d: got action %s reason %d "
				 "left %lld, want %s %d %lld", r->line,
				 failover_action_name(d.action), d.reason,
				 d.hold_down_left,
				 failover_action_name(r->action), r->reason,
				 r->left);
	}
}

/* ---- the confirmed policy ------------------------------------------- */

#define ANS PROBE_ANSWERS
#define SIL PROBE_SILENT
#define CNR PROBE_CANNOT_RUN
#define R_NO READY_NOT_GIVEN
#define R_OK READY_OK
#define R_UN READY_UNSURE
#define R_DN READY_DOWN
#define H_OK HEALTH_OK
#define H_DN HEALTH_DOWN
#define H_UN HEALTH_UNKNOWN

struct crow {
	int line;
	enum failover_event event;
	enum failover_state_type type;
	unsigned long attempt;
	enum probe_evidence pp, sp; /* probes: primary, secondary */
	enum readiness pr, sr;      /* readiness: primary, secondary */
	enum switch_direction last;
	long long last_time, now, hold_down;
	int no_failback;
	unsigned long act_on_attempt;
	/* expected */
	enum failover_action action;
	enum decide_reason reason;
	long long left;
	enum router_health ph, sh;
};

static const struct crow crows[] = {
	/* ev type att | pp sp pr sr | last at now hold nofb aoa
	 * -> action reason left ph sh */
	/* The monitoring says DOWN, the primary answers: routes stay. */
	ROW(EVENT_DOWN, HARD, 3, ANS, ANS, R_NO, R_NO, NONE, 0, 1000, 0, 0, 0,
	    ACTION_FAILBACK, REASON_PRIMARY_HEALTHY, 0, H_OK, H_OK),
	/* The primary is silent, the secondary answers: fail over. */
	ROW(EVENT_DOWN, HARD, 3, SIL, ANS, R_NO, R_NO, NONE, 0, 1000, 0, 0, 0,
	    ACTION_FAILOVER, REASON_PRIMARY_DOWN, 0, H_DN, H_OK),
	ROW(EVENT_CRITICAL, SOFT, 2, SIL, ANS, R_NO, R_OK, NONE, 0, 1000, 0, 0,
	    2, ACTION_FAILOVER, REASON_PRIMARY_DOWN, 0, H_DN, H_OK),
	/* Both silent: nowhere to go. */
	ROW(EVENT_DOWN, HARD, 3, SIL, SIL, R_NO, R_NO, NONE, 0, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_BOTH_DOWN, 0, H_DN, H_DN),
	/* A probe that cannot run is no evidence, never down. */
	ROW(EVENT_DOWN, HARD, 3, CNR, CNR, R_NO, R_NO, NONE, 0, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_NO_EVIDENCE, 0, H_UN, H_UN),
	ROW(EVENT_DOWN, HARD, 3, SIL, CNR, R_NO, R_NO, NONE, 0, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_NO_EVIDENCE, 0, H_DN, H_UN),
	ROW(EVENT_DOWN, HARD, 3, CNR, ANS, R_NO, R_NO, NONE, 0, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_NO_EVIDENCE, 0, H_UN, H_OK),
	/* Readiness: CRITICAL is down even when the router answers ... */
	ROW(EVENT_CRITICAL, HARD, 2, ANS, ANS, R_DN, R_OK, NONE, 0, 1000, 0, 0,
	    0, ACTION_FAILOVER, REASON_PRIMARY_DOWN, 0, H_DN, H_OK),
	ROW(EVENT_CRITICAL, HARD, 2, CNR, ANS, R_DN, R_NO, NONE, 0, 1000, 0, 0,
	    0, ACTION_FAILOVER, REASON_PRIMARY_DOWN, 0, H_DN, H_OK),
	/* ... UNKNOWN (or WARNING) is no evidence either way ... */
	ROW(EVENT_DOWN, HARD, 2, ANS, ANS, R_UN, R_OK, NONE, 0, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_NO_EVIDENCE, 0, H_UN, H_OK),
	ROW(EVENT_DOWN, HARD, 2, SIL, ANS, R_NO, R_UN, NONE, 0, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_NO_EVIDENCE, 0, H_DN, H_UN),
	/* ... and an unready standby never gets the routes. */
	ROW(EVENT_DOWN, HARD, 2, SIL, ANS, R_NO, R_DN, NONE, 0, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_BOTH_DOWN, 0, H_DN, H_DN),
	/* The primary back but not ready (BGP down): stay on the secondary;
	 * its BGP recovery then fails back. */
	ROW(EVENT_UP, HARD, 1, ANS, ANS, R_DN, R_OK, OVER, 900, 1000, 0, 0, 0,
	    ACTION_FAILOVER, REASON_PRIMARY_DOWN, 0, H_DN, H_OK),
	ROW(EVENT_OK, HARD, 1, ANS, ANS, R_OK, R_OK, OVER, 900, 1000, 0, 0, 0,
	    ACTION_FAILBACK, REASON_PRIMARY_HEALTHY, 0, H_OK, H_OK),
	/* The secondary comes back while the primary is down: go there. */
	ROW(EVENT_UP, HARD, 1, SIL, ANS, R_NO, R_NO, NONE, 0, 1000, 0, 0, 0,
	    ACTION_FAILOVER, REASON_PRIMARY_DOWN, 0, H_DN, H_OK),
	ROW(EVENT_UP, HARD, 1, SIL, ANS, R_NO, R_NO, NONE, 0, 1000, 300, 1, 0,
	    ACTION_FAILOVER, REASON_PRIMARY_DOWN, 0, H_DN, H_OK),
	/* The hold-down and --no-failback keep the routes on a live
	 * secondary ... */
	ROW(EVENT_UP, HARD, 1, ANS, ANS, R_NO, R_NO, OVER, 1000, 1100, 300, 0,
	    0, ACTION_DEFER, REASON_HOLD_DOWN, 200, H_OK, H_OK),
	ROW(EVENT_UP, HARD, 1, ANS, CNR, R_NO, R_NO, OVER, 1000, 1100, 300, 0,
	    0, ACTION_DEFER, REASON_HOLD_DOWN, 200, H_OK, H_UN),
	ROW(EVENT_UP, HARD, 1, ANS, ANS, R_NO, R_NO, OVER, 1000, 1300, 300, 0,
	    0, ACTION_FAILBACK, REASON_PRIMARY_HEALTHY, 0, H_OK, H_OK),
	ROW(EVENT_UP, HARD, 1, ANS, ANS, R_NO, R_NO, OVER, 1000, 1100, 300, 1,
	    0, ACTION_NONE, REASON_NO_FAILBACK, 0, H_OK, H_OK),
	/* ... but never on a dead one. */
	ROW(EVENT_DOWN, HARD, 2, ANS, SIL, R_NO, R_NO, OVER, 1000, 1100, 300,
	    1, 0, ACTION_FAILBACK, REASON_SECONDARY_DOWN, 0, H_OK, H_DN),
	ROW(EVENT_DOWN, HARD, 2, ANS, ANS, R_NO, R_DN, OVER, 1000, 1100, 300,
	    0, 0, ACTION_FAILBACK, REASON_SECONDARY_DOWN, 0, H_OK, H_DN),
	/* --no-failback with no failover on record: the routes belong on
	 * the primary. */
	ROW(EVENT_DOWN, HARD, 2, ANS, ANS, R_NO, R_NO, NONE, 0, 1100, 0, 1, 0,
	    ACTION_FAILBACK, REASON_PRIMARY_HEALTHY, 0, H_OK, H_OK),
	/* The event filter stays: SOFT waits, WARNING/UNKNOWN change
	 * nothing, a SOFT recovery with nothing failed over is nothing. */
	ROW(EVENT_DOWN, SOFT, 1, SIL, ANS, R_NO, R_NO, NONE, 0, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_SOFT_PROBLEM, 0, H_UN, H_UN),
	ROW(EVENT_DOWN, SOFT, 1, SIL, ANS, R_NO, R_NO, NONE, 0, 1000, 0, 0, 2,
	    ACTION_NONE, REASON_SOFT_PROBLEM, 0, H_UN, H_UN),
	ROW(EVENT_WARNING, HARD, 1, SIL, ANS, R_NO, R_NO, NONE, 0, 1000, 0, 0,
	    0, ACTION_NONE, REASON_NO_CHANGE, 0, H_UN, H_UN),
	ROW(EVENT_UNKNOWN, HARD, 1, SIL, ANS, R_NO, R_NO, NONE, 0, 1000, 0, 0,
	    0, ACTION_NONE, REASON_NO_CHANGE, 0, H_UN, H_UN),
	ROW(EVENT_UP, SOFT, 1, ANS, ANS, R_NO, R_NO, NONE, 0, 1000, 0, 0, 0,
	    ACTION_NONE, REASON_NOTHING_FAILED, 0, H_UN, H_UN),
	ROW(EVENT_UP, SOFT, 1, ANS, ANS, R_NO, R_NO, OVER, 900, 1000, 0, 0, 0,
	    ACTION_FAILBACK, REASON_PRIMARY_HEALTHY, 0, H_OK, H_OK),
	/* --no-failback does not block the filter any more: a recovery of
	 * the secondary must still move the routes there. */
	ROW(EVENT_OK, SOFT, 1, SIL, ANS, R_NO, R_NO, NONE, 0, 1000, 0, 1, 2,
	    ACTION_FAILOVER, REASON_PRIMARY_DOWN, 0, H_DN, H_OK),
};

static struct decision
decide_crow(const struct crow *r)
{
	struct failover_input in = { r->event, r->type, r->attempt,
				     { r->pp, r->pr }, { r->sp, r->sr } };
	struct switch_record rec = { r->last, r->last_time, 7 };
	struct failover_policy pol = { r->act_on_attempt, r->hold_down,
				       r->no_failback, 1 };

	return decide(&in, &rec, r->now, &pol);
}

static void
test_confirmed_rows(void **state)
{
	for (size_t i = 0; i < sizeof(crows) / sizeof(crows[0]); i++) {
		const struct crow *r = &crows[i];
		struct decision d = decide_crow(r);

		if (d.action != r->action || d.reason != r->reason ||
		    d.hold_down_left != r->left || d.primary != r->ph ||
		    d.secondary != r->sh)
			fail_msg("row at line %d: got %s reason %d left %lld "
				 "%s/%s, want %s %d %lld %s/%s", r->line,
				 failover_action_name(d.action), d.reason,
				 d.hold_down_left,
				 router_health_name(d.primary),
				 router_health_name(d.secondary),
				 failover_action_name(r->action), r->reason,
				 r->left, router_health_name(r->ph),
				 router_health_name(r->sh));
	}
}

/*
 * Every combination, against the rules of the issue rather than against a
 * second copy of the code: routes go to the secondary only when the
 * primary is down and the secondary healthy; to the primary only when it
 * is healthy; never kept on a dead secondary by the hold-down or
 * --no-failback; the filter decides when to look, the evidence where to go.
 */
static void
test_confirmed_every_combination(void **state)
{
	static const enum failover_event evs[] = {
		EVENT_NONE, EVENT_UP, EVENT_DOWN, EVENT_UNREACHABLE, EVENT_OK,
		EVENT_WARNING, EVENT_CRITICAL, EVENT_UNKNOWN,
	};
	static const enum failover_state_type types[] = {
		STATE_TYPE_NONE, SOFT, HARD,
	};
	static const enum probe_evidence probes[] = { PROBE_NOT_RUN, ANS, SIL,
						      CNR };
	static const enum readiness readies[] = { R_NO, R_OK, R_UN, R_DN };
	static const enum switch_direction lasts[] = { NONE, OVER, BACK };
	/* (hold-down, now) with last_time 1000: none, running, over */
	static const long long holds[][2] = { { 0, 1010 }, { 60, 1010 },
					      { 60, 1060 } };
	size_t n = 0;

	for (size_t e = 0; e < 8; e++)
	for (size_t t = 0; t < 3; t++)
	for (unsigned long att = 1; att <= 2; att++)
	for (size_t pp = 0; pp < 4; pp++)
	for (size_t sp = 0; sp < 4; sp++)
	for (size_t pr = 0; pr < 4; pr++)
	for (size_t sr = 0; sr < 4; sr++)
	for (size_t l = 0; l < 3; l++)
	for (size_t h = 0; h < 3; h++)
	for (int nofb = 0; nofb <= 1; nofb++)
	for (unsigned long aoa = 0; aoa <= 2; aoa += 2) {
		struct crow r = { __LINE__, evs[e], types[t], att, probes[pp],
				  probes[sp], readies[pr], readies[sr],
				  lasts[l], 1000, holds[h][1], holds[h][0],
				  nofb, aoa, 0, 0, 0, 0, 0 };
		struct router_evidence pe = { r.pp, r.pr }, se = { r.sp, r.sr };
		enum router_health ph = router_health(&pe);
		enum router_health sh = router_health(&se);
		struct decision d = decide_crow(&r);
		int problem = r.event == EVENT_DOWN ||
			      r.event == EVENT_UNREACHABLE ||
			      r.event == EVENT_CRITICAL;
		int recovery = r.event == EVENT_UP || r.event == EVENT_OK;
		int hard = r.type == HARD, early = aoa > 0 && att >= aoa;
		int looks = (problem && (hard || early)) ||
			    (recovery && (hard || aoa > 0 || r.last == OVER));
		int holding = r.last == OVER && holds[h][0] > 0 &&
			      holds[h][1] < 1000 + holds[h][0];

		n++;
		if (!looks && d.action != ACTION_NONE)
			fail_msg("combination %zu: acted although the filter "
				 "says wait", n);
		if (d.action == ACTION_FAILOVER &&
		    !(ph == HEALTH_DOWN && sh == HEALTH_OK))
			fail_msg("combination %zu: failover with primary %s, "
				 "secondary %s", n, router_health_name(ph),
				 router_health_name(sh));
		if ((d.action == ACTION_FAILBACK || d.action == ACTION_DEFER) &&
		    ph != HEALTH_OK)
			fail_msg("combination %zu: failback to a primary that "
				 "is %s", n, router_health_name(ph));
		if (looks && ph == HEALTH_OK && sh == HEALTH_DOWN &&
		    d.action != ACTION_FAILBACK)
			fail_msg("combination %zu: routes left on a dead "
				 "secondary", n);
		if (looks && ph == HEALTH_DOWN && sh == HEALTH_OK &&
		    d.action != ACTION_FAILOVER)
			fail_msg("combination %zu: no failover from a dead "
				 "primary to a healthy secondary", n);
		if (looks && ph != HEALTH_OK &&
		    !(ph == HEALTH_DOWN && sh == HEALTH_OK) &&
		    d.action != ACTION_NONE)
			fail_msg("combination %zu: moved without evidence", n);
		if (d.action == ACTION_FAILBACK && sh != HEALTH_DOWN &&
		    (holding || (nofb && r.last == OVER)))
			fail_msg("combination %zu: failback inside the "
				 "hold-down or with --no-failback", n);
		if (d.action == ACTION_DEFER &&
		    (!holding || d.hold_down_left != 1000 + holds[h][0] -
							 holds[h][1]))
			fail_msg("combination %zu: deferred wrongly", n);
		if (looks && ph == HEALTH_OK && sh != HEALTH_DOWN && !holding &&
		    !(nofb && r.last == OVER) && d.action != ACTION_FAILBACK)
			fail_msg("combination %zu: a healthy primary without "
				 "the routes", n);
		if (d.primary != (looks ? ph : HEALTH_UNKNOWN) ||
		    d.secondary != (looks ? sh : HEALTH_UNKNOWN))
			fail_msg("combination %zu: evidence not reported", n);
	}
	assert_int_equal(n, 8 * 3 * 2 * 4 * 4 * 4 * 4 * 3 * 3 * 2 * 2);
}

static void
test_health_and_readiness(void **state)
{
	static const struct {
		const char *word;
		enum readiness r;
	} ok[] = {
		{ "OK", R_OK }, { "up", R_OK }, { "0", R_OK },
		{ "WARNING", R_UN }, { "1", R_UN }, { "Unknown", R_UN },
		{ "3", R_UN }, { "UNREACHABLE", R_UN }, { "", R_UN },
		{ "CRITICAL", R_DN }, { "2", R_DN }, { "down", R_DN },
	};
	enum readiness r = R_NO;

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(readiness_parse(ok[i].word, &r), 0);
		assert_int_equal(r, ok[i].r);
	}
	assert_int_equal(readiness_parse("4", &r), -1);
	assert_int_equal(readiness_parse("PENDINGX", &r), -1);
	assert_int_equal(readiness_parse("OK ", &r), -1);
	assert_string_equal(readiness_name(R_DN), "down");
	assert_string_equal(router_health_name(H_UN), "unknown");
}

static void
test_words(void **state)
{
	enum failover_event e = EVENT_NONE;
	enum failover_state_type t = STATE_TYPE_NONE;

	assert_int_equal(failover_event_parse("down", &e), 0);
	assert_int_equal(e, EVENT_DOWN);
	assert_int_equal(failover_event_parse("Unreachable", &e), 0);
	assert_int_equal(e, EVENT_UNREACHABLE);
	assert_int_equal(failover_event_parse("DOWNISH", &e), -1);
	assert_int_equal(failover_event_parse("", &e), -1);
	assert_int_equal(e, EVENT_UNREACHABLE);
	assert_string_equal(failover_event_name(EVENT_CRITICAL), "CRITICAL");
	assert_string_equal(failover_event_name(EVENT_NONE), "");
	assert_int_equal(failover_state_type_parse("soft", &t), 0);
	assert_int_equal(t, STATE_TYPE_SOFT);
	assert_int_equal(failover_state_type_parse("MEDIUM", &t), -1);
	assert_int_equal(failover_state_type_parse("", &t), -1);
	assert_string_equal(failover_state_type_name(STATE_TYPE_HARD), "HARD");
	assert_string_equal(failover_action_name(ACTION_NONE), "none");
	assert_string_equal(failover_action_name(ACTION_DEFER),
			    "failback-deferred");
	assert_string_equal(switch_direction_name(SWITCH_FAILBACK), "failback");
	assert_string_equal(switch_direction_name(SWITCH_NONE), "none");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_words),
		cmocka_unit_test(test_confirmed_rows),
		cmocka_unit_test(test_confirmed_every_combination),
		cmocka_unit_test(test_health_and_readiness),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
