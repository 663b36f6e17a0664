/* SPDX-License-Identifier: ISC */
/*
 * The environment as the AWS CLI reads it: blank variables are unset, and
 * the static keys of the credential chain's first provider.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "aws/env.h"
#include "core/text.h"

/* An environment variable, NULL when unset or blank (smithy-rs treats a
 * blank AWS_ACCESS_KEY_ID as missing; so do we for every variable). */
const char *
aws_env(const char *name)
{
	const char *v = getenv(name), *p;

	if (v == NULL)
		return NULL;
	for (p = v; *p != '\0'; p++)
		if (!text_blank((unsigned char)*p) && *p != '\n')
			return v;
	return NULL;
}

int
aws_env_true(const char *name)
{
	const char *v = aws_env(name), *s;
	size_t n;

	if (v == NULL)
		return 0;
	text_trim(v, strlen(v), &s, &n);
	return n == 4 && strncasecmp(s, "true", 4) == 0;
}

int
aws_env_credentials(struct aws_credentials *out, char *err, size_t errlen)
{
	const char *id = aws_env("AWS_ACCESS_KEY_ID");
	const char *secret = aws_env("AWS_SECRET_ACCESS_KEY");
	const char *token = aws_env("AWS_SESSION_TOKEN");

	if (id == NULL && secret == NULL)
		return 1;
	if (id == NULL || secret == NULL) {
		snprintf(err, errlen, "partial credentials in the environment: %s is set but %s is not",
			 id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
			 id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
		return -1;
	}
	if (token == NULL)
		token = aws_env("AWS_SECURITY_TOKEN"); /* legacy name */
	if (aws_credentials_set(out, id, secret, token, err, errlen) != 0)
		return -1;
	snprintf(out->source, sizeof(out->source), "environment");
	return 0;
}
