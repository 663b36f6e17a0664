/* SPDX-License-Identifier: ISC */
/*
 * STS (Query API 2011-06-15): AssumeRole, signed with the source
 * credentials, and AssumeRoleWithWebIdentity, unsigned (the token is the
 * proof), over the Query protocol client (aws/query.h: the HTTP client,
 * retries and deadline the EC2 calls have).  Errors name the call, the role
 * and STS's error code, never a secret; the web identity token is never
 * logged.
 */
#ifndef VHA_AWS_STS_H
#define VHA_AWS_STS_H

#include <stddef.h>

#include "aws/aws_creds.h"
#include "aws/query.h"

struct sts_assume {
	const char *role_arn;
	const char *session_name; /* NULL: "vyos-ha-plugins-<unix time>" */
	const char *external_id;  /* NULL: none (AssumeRole only) */
	unsigned long duration_s; /* 0: STS's default (3600 s) */
	const char *web_identity_token; /* non-NULL: AssumeRoleWithWebIdentity */
};

/*
 * Assume a role.  qc gives the endpoint (aws_sts_endpoint_resolve), region,
 * HTTP client, deadline and seams; its service, version and cred are set
 * here (cred from src; src is ignored for web identity).  Returns 0 and
 * fills *out (source "role ARN", identity the role ARN; free with
 * aws_credentials_clear), or -1 with "STS AssumeRole for ARN: CODE: message
 * (HTTP n)" in err.
 */
int sts_assume_role(const struct aws_query_config *qc,
		    const struct aws_credentials *src, const struct sts_assume *a,
		    struct aws_credentials *out, char *err, size_t errlen);

/*
 * The Credentials (and AssumedRoleUser/Arn into arn[arnlen], "" when
 * absent) of an AssumeRole or AssumeRoleWithWebIdentity answer.  Pure.
 * Returns 0 and fills id, secret, token and expiration of *out, or -1 with a
 * reason in err (never a secret).  Every copy of a secret is wiped.
 */
int sts_parse_credentials(const char *xml, size_t len, struct aws_credentials *out,
			  char *arn, size_t arnlen, char *err, size_t errlen);

/* 1 when s is a role ARN: arn:PARTITION:iam::ACCOUNT:role/NAME (ACCOUNT
 * of 1 to 12 digits, NAME of IAM's characters and paths). */
int sts_role_arn_valid(const char *s);

#endif
