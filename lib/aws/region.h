/* SPDX-License-Identifier: ISC */
/*
 * Region and EC2 endpoint, resolved in the AWS CLI's order.
 *
 * Region: --region -> AWS_REGION -> AWS_DEFAULT_REGION -> config file
 * "region" of the profile -> IMDS placement/region (else the identity
 * document).  Blank environment variables count as unset.
 * Endpoint: --endpoint-url -> AWS_ENDPOINT_URL_EC2 -> AWS_ENDPOINT_URL
 * (both ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true; each under
 * the rule of aws_endpoint_check, aws/url.h) ->
 * https://ec2.REGION.amazonaws.com, with the partition's suffix
 * (.amazonaws.com.cn for cn-*, GovCloud, ISO, EUSC) and
 * AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT as botocore resolves
 * them.  STS: aws_sts_endpoint_resolve.
 */
#ifndef VHA_AWS_REGION_H
#define VHA_AWS_REGION_H

#include <stddef.h>

#include "aws/aws_creds.h"
#include "io/http.h"

/* Region into out[outlen].  http is used for IMDS only (NULL: skipped).
 * Returns 0, or -1 with a reason in err that names where it looked. */
int aws_region_resolve(const struct aws_options *opt, struct http_client *http,
		       char *out, size_t outlen, char *err, size_t errlen);

/* Endpoint URL (no trailing slash) for EC2 in region into out[outlen].
 * Returns 0, or -1 with a reason in err. */
int aws_endpoint_resolve(const struct aws_options *opt, const char *region,
			 char *out, size_t outlen, char *err, size_t errlen);

/* STS's regional endpoint (as the AWS CLI v2 uses it):
 * AWS_ENDPOINT_URL_STS -> AWS_ENDPOINT_URL (both ignored when
 * AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true) -> https://sts.REGION.SUFFIX
 * with the partition's suffix and the FIPS/dual-stack variables, as for
 * EC2.  --endpoint-url is EC2's and does not apply.  Returns 0, or -1 with
 * a reason in err. */
int aws_sts_endpoint_resolve(const char *region, char *out, size_t outlen,
			     char *err, size_t errlen);

/* 1 when r is a region name: 1 to 40 of [a-z0-9-], not starting or ending
 * with '-'; else 0.  The one rule, for options and resolved values alike. */
int aws_region_valid(const char *r);

/* Copy [v, v+n) to out[outlen] when it is a valid region; else -1 with
 * "invalid region 'X' (from FROM)" (or "too long") in err. */
int aws_region_set(const char *v, size_t n, const char *from, char *out,
		   size_t outlen, char *err, size_t errlen);

#endif
