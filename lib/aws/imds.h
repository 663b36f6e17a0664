/* SPDX-License-Identifier: ISC */
/*
 * The instance metadata service (IMDSv2), as the AWS CLI uses it: the
 * instance role's credentials and the instance's region.  Each request times
 * out after aws_options.imds_timeout_s, else AWS_METADATA_SERVICE_TIMEOUT,
 * else 1 s, and is retried on 5xx up to AWS_METADATA_SERVICE_NUM_ATTEMPTS
 * (default 3) times; timeouts are not retried (off EC2 nothing answers).
 * No request goes through a proxy (http_request.no_proxy).
 */
#ifndef VHA_AWS_IMDS_H
#define VHA_AWS_IMDS_H

#include <stddef.h>

#include "aws/aws_creds.h"
#include "aws/profile.h"
#include "io/http.h"

/*
 * IMDS base URL (no trailing slash): AWS_EC2_METADATA_SERVICE_ENDPOINT ->
 * the profile's ec2_metadata_service_endpoint -> endpoint mode
 * (AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE, then the profile's
 * ec2_metadata_service_endpoint_mode: IPv4 "http://169.254.169.254" or
 * IPv6 "http://[fd00:ec2::254]").  Returns 0, or -1 with a reason in err.
 */
int aws_imds_endpoint(const struct aws_options *opt, char *out, size_t outlen,
		      char *err, size_t errlen);

/* One conversation with IMDS; the token is a secret (aws_imds_done). */
struct aws_imds {
	struct http_client *http; /* borrowed */
	char base[512];
	char token[1024];
	long timeout_ms;
	int attempts;
};

/* Where and how to ask (endpoint from opt and the config file f, timeout,
 * attempts).  Returns 0, or -1 with a reason in err.  Call aws_imds_done()
 * after a 0. */
int aws_imds_init(struct aws_imds *im, const struct aws_options *opt,
		  const struct aws_files *f, struct http_client *http,
		  char *err, size_t errlen);

/* The role's credentials (token, role name, role document).  Returns 0
 * and fills *out (free with aws_credentials_clear), or -1 with a reason in
 * err that names the IMDS URL, never a secret. */
int aws_imds_credentials(struct aws_imds *im, struct aws_credentials *out,
			 char *err, size_t errlen);

/* The region (placement/region, else the identity document), checked by
 * aws_region_set.  Returns 0, or -1 with a reason in err. */
int aws_imds_region(struct aws_imds *im, char *out, size_t outlen, char *err,
		    size_t errlen);

/* Wipe the session token. */
void aws_imds_done(struct aws_imds *im);

#endif
