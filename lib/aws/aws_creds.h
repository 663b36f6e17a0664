/*
 * AWS credentials, resolved in the AWS CLI's order (the chain):
 * AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN
 * (or the legacy AWS_SECURITY_TOKEN; one key without the other is an
 * error; skipped when --profile is given, as botocore does; aws/env.h)
 * -> the shared credentials file (AWS_SHARED_CREDENTIALS_FILE, else
 * ~/.aws/credentials), then the config file (AWS_CONFIG_FILE, else
 * ~/.aws/config), each as a whole, for the profile (--profile, AWS_PROFILE,
 * AWS_DEFAULT_PROFILE, "default"; "[name]" in the credentials file,
 * "[profile name]" or "[default]" in the config file; aws/profile.h).  A
 * profile named explicitly must exist; one using role_arn,
 * credential_process, SSO or web identity without static keys is an error
 * (not supported)
 * -> IMDSv2 (token PUT with a 21600 s TTL, role name, role credentials
 * JSON; aws/imds.h), unless AWS_EC2_METADATA_DISABLED=true.
 * Region and endpoint: aws/region.h.
 *
 * Errors name where the function looked (variables, files, IMDS URL),
 * never a secret.
 */
#ifndef VHA_AWS_CREDS_H
#define VHA_AWS_CREDS_H

#include <stddef.h>
#include <time.h>

#include "io/http.h"

struct aws_credentials {
	char *access_key_id;     /* heap */
	char *secret_access_key; /* heap; wiped by aws_credentials_clear */
	char *session_token;     /* heap or NULL */
	time_t expiration;       /* 0 when none */
	char source[128];        /* "environment", "profile 'x' in FILE",
				  * "instance role 'r' (IMDS)": safe to log */
};

/* Values given on the command line, NULL when absent. */
struct aws_options {
	const char *profile;
	const char *region;
	const char *endpoint_url;
	double imds_timeout_s; /* per IMDS request; 0: 1 s */
};

/*
 * Load credentials.  http is used for IMDS only (may be NULL: then IMDS is
 * skipped).  Returns 0, or -1 with a reason in err that names where it
 * looked (never a secret).  Free with aws_credentials_clear().
 */
int aws_credentials_load(const struct aws_options *opt,
			 struct http_client *http, struct aws_credentials *out,
			 char *err, size_t errlen);
void aws_credentials_clear(struct aws_credentials *c);

/* Copy id, secret and token (may be NULL) into *out.  Returns 0, or -1
 * ("out of memory" in err) with *out cleared. */
int aws_credentials_set(struct aws_credentials *out, const char *id,
			const char *secret, const char *token, char *err,
			size_t errlen);

#endif
