/* SPDX-License-Identifier: ISC */
/*
 * Everything a program needs before its first EC2 call, in the AWS CLI's
 * order: an HTTP client, credentials, region, endpoint, the EC2 client.
 */
#ifndef VHA_EC2_SESSION_H
#define VHA_EC2_SESSION_H

#include <stddef.h>

#include "aws/aws_creds.h"
#include "ec2/ec2.h"
#include "io/http.h"

struct ec2_session_options {
	struct aws_options aws;  /* --profile, --region, --endpoint-url */
	const char *ca_file;     /* --ca-file */
	long request_timeout_ms; /* per try of a request */
	double deadline_ms;      /* clock_now_ms() after which no try starts
				  * (ec2_set_deadline moves it) */
};

struct ec2_session {
	struct http_client *http;
	struct aws_credentials cred;
	struct ec2_client *ec2;
	char region[64];
	char endpoint[512];
};

/* What went wrong, for the exit code: configuration (credentials, region
 * not found: UNKNOWN) or anything else. */
#define EC2_SESSION_ERR_CONFIG (-2)

/*
 * Open a session.  Returns 0, EC2_SESSION_ERR_CONFIG when credentials or the
 * region cannot be found, or -1; err says why.  Close with
 * ec2_session_close() in every case (it is safe on a failed open).
 */
int ec2_session_open(const struct ec2_session_options *o, struct ec2_session *s,
		     char *err, size_t errlen);
void ec2_session_close(struct ec2_session *s);

#endif
