/* SPDX-License-Identifier: ISC */
/*
 * Region and EC2 endpoint in the AWS CLI's order, and the rule for what a
 * region name may be: the one place that knows it (aws/url.h has the one
 * for endpoint URLs).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/env.h"
#include "aws/imds.h"
#include "aws/profile.h"
#include "aws/region.h"
#include "aws/url.h"

int
aws_region_valid(const char *r)
{
	size_t n = strlen(r), i;

	if (n == 0 || n > 40 || r[0] == '-' || r[n - 1] == '-')
		return 0;
	for (i = 0; i < n; i++)
		if (!(islower((unsigned char)r[i]) || isdigit((unsigned char)r[i]) || r[i] == '-'))
			return 0;
	return 1;
}

int
aws_region_set(const char *v, size_t n, const char *from, char *out, size_t outlen, char *err,
	       size_t errlen)
{
	char buf[64];

	if (n >= sizeof(buf) || n >= outlen) {
		snprintf(err, errlen, "region from %s is too long", from);
		return -1;
	}
	memcpy(buf, v, n);
	buf[n] = '\0';
	if (!aws_region_valid(buf)) {
		snprintf(err, errlen, "invalid region '%.40s' (from %s)", buf, from);
		return -1;
	}
	memcpy(out, buf, n + 1);
	return 0;
}

int
aws_region_resolve(const struct aws_options *opt, struct http_client *http, char *out,
		   size_t outlen, char *err, size_t errlen)
{
	static const char *const envs[] = {"AWS_REGION", "AWS_DEFAULT_REGION"};
	struct aws_files f;
	struct aws_imds im;
	const char *profile, *v;
	char why[512];
	size_t i;
	int named, rc = -1;

	if (opt != NULL && opt->region != NULL)
		return aws_region_set(opt->region, strlen(opt->region), "--region", out, outlen,
				      err, errlen);
	for (i = 0; i < 2; i++)
		if ((v = aws_env(envs[i])) != NULL)
			return aws_region_set(v, strlen(v), envs[i], out, outlen, err, errlen);
	profile = aws_profile_name(opt, &named);
	if (aws_files_load(&f, err, errlen) != 0)
		return -1;
	if (aws_files_check_profile(&f, profile, named, err, errlen) != 0)
		goto out;
	if ((v = aws_profiles_get(&f.config, profile, "region")) != NULL && *v != '\0') {
		snprintf(why, sizeof(why), "profile '%.40s' in %.400s", profile, f.config_path);
		rc = aws_region_set(v, strlen(v), why, out, outlen, err, errlen);
		goto out;
	}
	if (aws_env_true("AWS_EC2_METADATA_DISABLED") || http == NULL) {
		snprintf(err, errlen,
			 "not set by --region, AWS_REGION, AWS_DEFAULT_REGION or profile '%s' in %s; "
			 "IMDS %s",
			 profile, f.config_path,
			 http == NULL ? "not available" : "disabled by AWS_EC2_METADATA_DISABLED");
		goto out;
	}
	if (aws_imds_init(&im, opt, &f, http, err, errlen) != 0)
		goto out;
	if (aws_imds_region(&im, out, outlen, why, sizeof(why)) != 0)
		snprintf(err, errlen,
			 "not set by --region, AWS_REGION, AWS_DEFAULT_REGION or profile '%s' in %s; %s",
			 profile, f.config_path, why);
	else
		rc = 0;
	aws_imds_done(&im);
out:
	aws_files_free(&f);
	return rc;
}

/* DNS suffixes per partition (botocore's partitions.json, EC2 ruleset). */
struct aws_partition {
	const char *prefix;
	const char *suffix;      /* "amazonaws.com" */
	const char *dualstack;   /* "api.aws" */
	int fips_plain;          /* FIPS is the ordinary host (GovCloud) */
};

static const struct aws_partition aws_partitions[] = {
	{"cn-", "amazonaws.com.cn", "api.amazonwebservices.com.cn", 0},
	{"us-gov-", "amazonaws.com", "api.aws", 1},
	{"us-isob-", "sc2s.sgov.gov", "api.aws", 0},
	{"us-iso-", "c2s.ic.gov", "api.aws", 0},
	{"eusc-", "amazonaws.eu", "api.amazonwebservices.eu", 0},
	{"", "amazonaws.com", "api.aws", 0},
};

/* A configured endpoint, under the rule of aws/url.h, named by where it
 * came from. */
static int
endpoint_copy(const char *url, const char *what, char *out, size_t outlen, char *err,
	      size_t errlen)
{
	if (aws_endpoint_check(url, what, err, errlen) != 0)
		return -1;
	return aws_url_copy(url, what, out, outlen, err, errlen);
}

/* Endpoint of service (the host's first label: "ec2", "sts") from the
 * environment (env_service, then AWS_ENDPOINT_URL) or the partition. */
static int
aws_service_endpoint(const char *service, const char *env_service, const char *region,
		     char *out, size_t outlen, char *err, size_t errlen)
{
	const char *const envs[] = {env_service, "AWS_ENDPOINT_URL"};
	const struct aws_partition *p = aws_partitions;
	int fips, dual, n;
	const char *v;
	size_t i;

	if (!aws_env_true("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"))
		for (i = 0; i < 2; i++)
			if ((v = aws_env(envs[i])) != NULL)
				return endpoint_copy(v, envs[i], out, outlen, err, errlen);
	if (region == NULL || !aws_region_valid(region)) {
		snprintf(err, errlen, "invalid region '%.40s' for the %s endpoint",
			 region ? region : "", service);
		return -1;
	}
	while (strncmp(region, p->prefix, strlen(p->prefix)) != 0)
		p++;
	fips = aws_env_true("AWS_USE_FIPS_ENDPOINT");
	dual = aws_env_true("AWS_USE_DUALSTACK_ENDPOINT");
	n = snprintf(out, outlen, "https://%s%s.%s.%s", service,
		     fips && !(p->fips_plain && !dual) ? "-fips" : "", region,
		     dual ? p->dualstack : p->suffix);
	if (n < 0 || (size_t)n >= outlen) {
		snprintf(err, errlen, "%s endpoint URL too long", service);
		return -1;
	}
	return 0;
}

int
aws_endpoint_resolve(const struct aws_options *opt, const char *region, char *out,
		     size_t outlen, char *err, size_t errlen)
{
	if (opt != NULL && opt->endpoint_url != NULL)
		return endpoint_copy(opt->endpoint_url, "--endpoint-url", out, outlen, err,
				     errlen);
	return aws_service_endpoint("ec2", "AWS_ENDPOINT_URL_EC2", region, out, outlen, err,
				    errlen);
}

int
aws_sts_endpoint_resolve(const char *region, char *out, size_t outlen, char *err,
			 size_t errlen)
{
	return aws_service_endpoint("sts", "AWS_ENDPOINT_URL_STS", region, out, outlen, err,
				    errlen);
}
