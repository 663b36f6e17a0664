/* SPDX-License-Identifier: ISC */
/*
 * The AWS Query protocol as EC2 and STS speak it: a form-encoded POST to
 * the endpoint's path, SigV4-signed (or unsigned, for STS's
 * AssumeRoleWithWebIdentity), over the http seam, with the retry policy of
 * aws/retry.h: each try limited to min(request limit, time left), retries
 * with capped exponential backoff and full jitter on throttling, 5xx and
 * transport errors until the deadline, never on another 4xx.
 *
 * Every round of a batch re-signs its requests (a fresh x-amz-date) and
 * sends the ones still pending together, so a batch costs one round trip
 * when nothing fails and the retry of a throttled subset runs in parallel
 * too.
 *
 * It logs through core/log.h: retries at -v (info), one line per request
 * at -vv (debug), request bodies at -vvv (debug3) unless a call says its
 * body is secret; never a header, so never a credential.
 */
#ifndef VHA_AWS_QUERY_H
#define VHA_AWS_QUERY_H

#include <stddef.h>
#include <time.h>

#include "aws/aws_creds.h"
#include "aws/retry.h"
#include "io/http.h"

struct aws_query_error {
	long http_status;   /* 0 when none was received */
	char code[96];      /* the service's error code, e.g.
			     * "RequestLimitExceeded"; "Transport" for
			     * connect/TLS/timeout failures */
	char message[512];
	char request_id[96];
	int attempts;       /* how many tries were made */
};

struct aws_query_config {
	const char *endpoint_url; /* "https://ec2.eu-west-1.amazonaws.com" */
	const char *region;
	const char *service;      /* signing name: "ec2", "sts" */
	const char *version;      /* API version: "2016-11-15" */
	const struct aws_credentials *cred; /* borrowed; NULL: unsigned */
	struct http_client *http;           /* borrowed */
	struct aws_retry_config retry; /* per-try limit, deadline, backoff and
					* their seams; zero: defaults */
	time_t (*clock)(void); /* signing clock; NULL: time() */
};

struct aws_query;

/* Returns NULL with a reason in err (an endpoint URL the rule of aws/url.h
 * refuses, a missing field, out of memory).  Strings are copied; cred and
 * http stay borrowed.  Free with aws_query_free(). */
struct aws_query *aws_query_new(const struct aws_query_config *cfg, char *err,
				size_t errlen);
void aws_query_free(struct aws_query *q);

/* Move the deadline of the calls that follow (clock_now_ms() value; 0:
 * none): no try starts after it and none runs past it. */
void aws_query_set_deadline(struct aws_query *q, double deadline_ms);

/* One API call through aws_query_run(). */
struct aws_query_call {
	const char *action;
	const char *label; /* for log lines, e.g. "rtb-1 10.0.0.0/16" */
	char *body;        /* the form body (heap; aws_query_call_clear) */
	size_t bodylen;
	int secret_body;   /* 1: never log the body (a web identity token) */
	int dry_run_ok;    /* 412 DryRunOperation counts as success */
	/* results */
	int done;
	int ok;
	char *resp; /* body of the successful answer (heap) */
	size_t resplen;
	struct aws_query_error error;
	double elapsed_ms;
};

/*
 * Run the calls, concurrently, retrying the retryable failures.  Calls
 * already done are skipped.  Each ends with done=1 and either ok=1 (resp
 * holds the body) or error set.
 */
void aws_query_run(struct aws_query *q, struct aws_query_call *calls, size_t n);
/* One call: 0 with the answer in call->resp, or -1 with *e. */
int aws_query_one(struct aws_query *q, struct aws_query_call *call,
		  struct aws_query_error *e);
/* Free body and resp (the body wiped when secret). */
void aws_query_call_clear(struct aws_query_call *call);

struct aws_query_param {
	const char *name;
	const char *value;
};

/* "Action=A&Version=V&N1=V1..." with names and values percent-encoded as
 * RFC 3986 (and SigV4) want; heap, length in *len; NULL when out of
 * memory. */
char *aws_query_form_body(const char *version, const char *action,
			  const struct aws_query_param *p, size_t n, size_t *len);

/* An error body (<Response><Errors><Error>... of EC2, or the generic
 * <ErrorResponse><Error>...).  Returns 0 when a code was found. */
int aws_query_parse_error(const char *xml, size_t len, struct aws_query_error *e);

/* Set status, code and message, keeping attempts. */
void aws_query_error_set(struct aws_query_error *e, long status, const char *code,
			 const char *msg);

#endif
