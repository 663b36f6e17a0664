/*
 * decide(): every (event, state type, attempt, record, time, policy) row
 * that leads somewhere different, and the edges of the hold-down.
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
		struct failover_input in = { r->event, r->type, r->attempt };
		struct switch_record rec = { r->last, r->last_time, 7 };
		struct failover_policy pol = { r->act_on_attempt, r->hold_down,
					       r->no_failback };
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
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
