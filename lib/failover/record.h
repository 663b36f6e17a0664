/* SPDX-License-Identifier: ISC */
/*
 * The state dir of the failover handler: one lock that serialises runs for a
 * (primary, secondary) pair, and the record of the last switch, which the
 * next run reads to decide (decide.h).
 *
 * Files: DIR/route-failover-PRIMARY-SECONDARY.lock and .state; the record is
 * "key=value" lines (last_action=failover|failback|none, last_action_time=
 * seconds since the epoch, generation=N), written atomically.
 */
#ifndef VHA_FAILOVER_RECORD_H
#define VHA_FAILOVER_RECORD_H

#include <stddef.h>

enum switch_direction {
	SWITCH_NONE,     /* nothing switched yet */
	SWITCH_FAILOVER, /* routes moved to the secondary */
	SWITCH_FAILBACK, /* routes moved back to the primary */
};

struct switch_record {
	enum switch_direction last;
	long long last_time; /* time(NULL) of that switch; 0 when none */
	long long generation; /* bumped on every event: a deferred failback
			       * goes ahead only if no newer event came in */
};

struct record_store {
	char dir[512];
	char lock_path[1024];
	char state_path[1024];
	int lock_fd; /* -1 when not held */
};

/* "failover", "failback", "none". */
const char *switch_direction_name(enum switch_direction d);

/* Paths for dir and the two routers.  0, or -1 with err (too long). */
int record_store_init(struct record_store *s, const char *dir,
		      const char *primary, const char *secondary, char *err,
		      size_t errlen);

/*
 * Create the dir if needed and take the lock, waiting for a concurrent run
 * until clock_now_ms() passes deadline_ms.  0, or -1 with err.  The lock is
 * held until record_unlock() or exit; forked children inherit it.
 */
int record_lock(struct record_store *s, double deadline_ms, char *err,
		size_t errlen);
void record_unlock(struct record_store *s);

/* Read the record; no file is an empty record.  0, or -1 with errno. */
int record_read(const struct record_store *s, struct switch_record *r);
/* Write it atomically (a crash never leaves half a record).  0, or -1. */
int record_write(const struct record_store *s, const struct switch_record *r);

#endif
