/* SPDX-License-Identifier: ISC */
/*
 * The AWS environment variables, read as the AWS CLI reads them.
 */
#ifndef VHA_AWS_ENV_H
#define VHA_AWS_ENV_H

#include <stddef.h>

#include "aws/aws_creds.h"

/* The variable's value, or NULL when it is unset or blank (smithy-rs treats
 * a blank AWS_ACCESS_KEY_ID as missing; so do we for every variable).
 * Borrowed from the environment. */
const char *aws_env(const char *name);

/* 1 when the variable says "true" (any case, blanks around), else 0. */
int aws_env_true(const char *name);

/*
 * Credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and
 * AWS_SESSION_TOKEN (else the legacy AWS_SECURITY_TOKEN).  Returns 0 and
 * fills *out (free with aws_credentials_clear), 1 when neither key is set,
 * or -1 with a reason in err when only one is (or out of memory).
 */
int aws_env_credentials(struct aws_credentials *out, char *err, size_t errlen);

#endif
