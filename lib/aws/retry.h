/* SPDX-License-Identifier: ISC */
/*
 * The retry policy of AWS calls: which failures are worth another try, how
 * long one try may take, how long to wait before the next and when to stop.
 * The EC2 client runs every call through it; any other AWS client (STS, ...)
 * can do the same.
 *
 * Policy:
 *  - a try is given min(request limit, time left before the deadline), so a
 *    stalled request is abandoned and tried again while time remains;
 *  - a retryable failure (aws_retry_retryable) is tried again after a full
 *    jitter wait, uniform in [0, min(cap, base * 2^(n-1))] after try n;
 *  - with a deadline, tries go on until the next one could not start at
 *    least AWS_RETRY_MIN_TRY_MS before it.  The count of tries is then at
 *    least AWS_RETRY_FLOOR, so a run of failures answered in milliseconds
 *    (throttling) cannot use the tries up while time is left;
 *  - without a deadline, max_attempts tries (default 4).
 * Every wait and every give-up is logged at -v (log_info), never a secret.
 */
#ifndef VHA_AWS_RETRY_H
#define VHA_AWS_RETRY_H

#include <stdint.h>

#define AWS_RETRY_FLOOR 20	   /* tries allowed at least, with a deadline */
#define AWS_RETRY_MIN_TRY_MS 200.0 /* a try needs this much time to start */

struct aws_retry_config {
	int max_attempts;   /* 0: 4; with a deadline at least AWS_RETRY_FLOOR */
	long base_ms;	    /* 0: 100 */
	long cap_ms;	    /* 0: 2000 */
	long request_ms;    /* limit of one try; 0: only the deadline (and
			     * the HTTP client's default) */
	double deadline_ms; /* clock_now_ms() value after which no try is
			     * started; 0: none */
	/* Seams for tests; NULL/0 for the real thing. */
	double (*now_ms)(void);	   /* NULL: clock_now_ms() */
	void (*sleep_ms)(long ms); /* NULL: nanosleep, restarted on EINTR */
	unsigned long long jitter_seed; /* 0: from the clock and the pid */
};

/* The policy with its defaults filled, and the jitter's state.  Plain
 * data: nothing to free. */
struct aws_retry {
	struct aws_retry_config cfg;
	uint64_t rng;
};

void aws_retry_init(struct aws_retry *r, const struct aws_retry_config *cfg);

/* Move the deadline (0: none): a caller that must keep time for later work
 * gives each step its own. */
void aws_retry_set_deadline(struct aws_retry *r, double deadline_ms);

/* How long a try that starts now may take, in ms: min(request limit, time
 * left), at least 1; 0 when neither limits it. */
long aws_retry_try_ms(const struct aws_retry *r);

/*
 * After try number `attempt` (from 1) of `what` (for the log, e.g. "2
 * ReplaceRoute calls") ended in a retryable failure: wait the backoff and
 * return 1 when another try may start, or return 0 at once when the policy
 * says stop (count or deadline).  Both are logged at -v.
 */
int aws_retry_wait(struct aws_retry *r, int attempt, const char *what);

/* 1 when a failure with this HTTP status (0: none received) and AWS error
 * code is worth another try: throttling codes (RequestLimitExceeded,
 * Throttling, ...) and STS's IDPCommunicationError whatever the status,
 * any 5xx or 429, and transport
 * failures (status 0: connect, TLS, timeout, connection lost); never
 * another 4xx. */
int aws_retry_retryable(long http_status, const char *code);

#endif
