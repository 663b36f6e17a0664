/* SPDX-License-Identifier: ISC */
/*
 * Container credentials (ECS task roles, EKS Pod Identity), as the AWS CLI
 * reads them: AWS_CONTAINER_CREDENTIALS_RELATIVE_URI against
 * http://169.254.170.2, else AWS_CONTAINER_CREDENTIALS_FULL_URI, which may
 * only name a loopback address or the ECS/EKS link-local addresses
 * (169.254.170.2, 169.254.170.23, [fd00:ec2::23]), stricter than the CLI,
 * which allows any host over https; the Authorization header from AWS_CONTAINER_AUTHORIZATION_TOKEN
 * or the file named by AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (read each
 * time: EKS rotates it).  Never through a proxy.
 */
#ifndef VHA_AWS_CONTAINER_H
#define VHA_AWS_CONTAINER_H

#include <stddef.h>

#include "aws/aws_creds.h"
#include "io/http.h"

/* 1 when either variable is set (the source is configured). */
int aws_container_configured(void);

/*
 * The URL to ask, from the environment, into out[outlen].  Returns 0, or
 * -1 with a reason naming the variable in err (not set, not a URL, a host
 * that is not allowed).
 */
int aws_container_url(char *out, size_t outlen, char *err, size_t errlen);

/*
 * The answer: {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"}
 * (and optional "RoleArn", copied to out->identity).  Pure.  Returns 0
 * and fills *out, or -1 with a reason in err; secrets in the document
 * are wiped.
 */
int aws_container_parse(const char *json, size_t len, struct aws_credentials *out,
			char *err, size_t errlen);

/*
 * Fetch the credentials (one GET, timeout_ms; 0: 2000, as the CLI).
 * Returns 0 and fills *out, or -1 with a reason in err naming the URL and
 * the variable it came from, never the token.
 */
int aws_container_credentials(struct http_client *http, long timeout_ms,
			      struct aws_credentials *out, char *err, size_t errlen);

#endif
