/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aws/retry.h"
#include "core/clock.h"
#include "core/log.h"

static void
retry_sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

void
aws_retry_init(struct aws_retry *r, const struct aws_retry_config *cfg)
{
	r->cfg = *cfg;
	if (r->cfg.max_attempts <= 0)
		r->cfg.max_attempts = 4;
	if (r->cfg.base_ms <= 0)
		r->cfg.base_ms = 100;
	if (r->cfg.cap_ms <= 0)
		r->cfg.cap_ms = 2000;
	if (r->cfg.now_ms == NULL)
		r->cfg.now_ms = clock_now_ms;
	if (r->cfg.sleep_ms == NULL)
		r->cfg.sleep_ms = retry_sleep_ms;
	/* Jitter only has to differ between two programs started at once. */
	r->rng = cfg->jitter_seed != 0
		     ? cfg->jitter_seed
		     : (uint64_t)(clock_now_ms() * 1e6) ^
			   ((uint64_t)getpid() << 40) ^ 0x9e3779b97f4a7c15ULL;
}

void
aws_retry_set_deadline(struct aws_retry *r, double deadline_ms)
{
	r->cfg.deadline_ms = deadline_ms;
}

long
aws_retry_try_ms(const struct aws_retry *r)
{
	double left;

	if (r->cfg.deadline_ms <= 0)
		return r->cfg.request_ms;
	left = r->cfg.deadline_ms - r->cfg.now_ms();
	if (r->cfg.request_ms > 0 && (double)r->cfg.request_ms < left)
		return r->cfg.request_ms;
	return left >= 1.0 ? (long)left : 1;
}

/* Full jitter under the capped exponential ceiling (xorshift: the wait
 * needs no secrecy). */
static long
retry_backoff(struct aws_retry *r, int attempt)
{
	long ceil = r->cfg.base_ms;

	for (int i = 1; i < attempt && ceil < r->cfg.cap_ms; i++)
		ceil *= 2;
	if (ceil > r->cfg.cap_ms)
		ceil = r->cfg.cap_ms;
	r->rng ^= r->rng << 13;
	r->rng ^= r->rng >> 7;
	r->rng ^= r->rng << 17;
	return (long)(r->rng % (uint64_t)(ceil + 1));
}

int
aws_retry_wait(struct aws_retry *r, int attempt, const char *what)
{
	int limit = r->cfg.max_attempts;
	double now, left = 0;
	long wait;

	if (r->cfg.deadline_ms > 0 && limit < AWS_RETRY_FLOOR)
		limit = AWS_RETRY_FLOOR;
	if (attempt >= limit) {
		log_info("no retry of %s: %d attempts made", what, attempt);
		return 0;
	}
	wait = retry_backoff(r, attempt);
	now = r->cfg.now_ms();
	if (r->cfg.deadline_ms > 0) {
		left = r->cfg.deadline_ms - now;
		if ((double)wait + AWS_RETRY_MIN_TRY_MS > left) {
			log_info("no retry of %s after %d attempts: %.0f ms of "
				 "the budget left",
				 what, attempt, left > 0 ? left : 0);
			return 0;
		}
		log_info("retrying %s in %ld ms (attempt %d, %.1f s of the "
			 "budget left)",
			 what, wait, attempt + 1, left / 1000.0);
	} else {
		log_info("retrying %s in %ld ms (attempt %d of %d)", what, wait,
			 attempt + 1, limit);
	}
	r->cfg.sleep_ms(wait);
	return 1;
}

int
aws_retry_retryable(long http_status, const char *code)
{
	static const char *const codes[] = {
		"RequestLimitExceeded",	    "Throttling",
		"ThrottlingException",	    "EC2ThrottledException",
		"RequestThrottled",	    "RequestThrottledException",
		"TooManyRequestsException", "InternalError",
		"InternalFailure",	    "ServiceUnavailable",
		"Unavailable",		    "Transport",
		"IDPCommunicationError",
	};

	if (http_status >= 500 || http_status == 429 || http_status == 0)
		return 1;
	for (size_t i = 0; code != NULL && i < sizeof(codes) / sizeof(codes[0]);
	     i++)
		if (strcmp(code, codes[i]) == 0)
			return 1;
	return 0;
}
