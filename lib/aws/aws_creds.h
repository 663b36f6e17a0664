/*
 * AWS credentials, region and endpoint, resolved in the AWS CLI's order.
 *
 * Credentials: AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN
 * (or the legacy AWS_SECURITY_TOKEN; one key without the other is an
 * error; skipped when --profile is given, as botocore does)
 * -> the shared credentials file (AWS_SHARED_CREDENTIALS_FILE, else
 * ~/.aws/credentials), then the config file (AWS_CONFIG_FILE, else
 * ~/.aws/config), each as a whole, for the profile (--profile, AWS_PROFILE,
 * AWS_DEFAULT_PROFILE, "default"; "[name]" in the credentials file,
 * "[profile name]" or "[default]" in the config file).  A profile named
 * explicitly must exist; one using role_arn, credential_process, SSO or web
 * identity without static keys is an error (not supported)
 * -> IMDSv2 (token PUT with a 21600 s TTL, role name, role credentials
 * JSON), unless AWS_EC2_METADATA_DISABLED=true; AWS_EC2_METADATA_SERVICE_
 * ENDPOINT overrides http://169.254.169.254 (see aws_imds_endpoint).  Each
 * IMDS request times out after aws_options.imds_timeout_s, else
 * AWS_METADATA_SERVICE_TIMEOUT, else 1 s, and is retried on 5xx up to
 * AWS_METADATA_SERVICE_NUM_ATTEMPTS (default 3) times; timeouts are not
 * retried (off EC2 nothing answers).
 *
 * Region: --region -> AWS_REGION -> AWS_DEFAULT_REGION -> config file
 * "region" of the profile -> IMDS placement/region (else the identity
 * document).  Blank environment variables count as unset.
 * Endpoint: --endpoint-url -> AWS_ENDPOINT_URL_EC2 -> AWS_ENDPOINT_URL
 * (both ignored when AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true) ->
 * https://ec2.REGION.amazonaws.com, with the partition's suffix
 * (.amazonaws.com.cn for cn-*, GovCloud, ISO, EUSC) and
 * AWS_USE_FIPS_ENDPOINT / AWS_USE_DUALSTACK_ENDPOINT as botocore resolves
 * them.
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

/* Region into out[outlen]; same return contract. */
int aws_region_resolve(const struct aws_options *opt, struct http_client *http,
		       char *out, size_t outlen, char *err, size_t errlen);

/* Endpoint URL (no trailing slash) for EC2 in region. */
int aws_endpoint_resolve(const struct aws_options *opt, const char *region,
			 char *out, size_t outlen, char *err, size_t errlen);

/*
 * Where the shared files are: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE,
 * else $HOME/.aws/config and $HOME/.aws/credentials (the passwd entry when
 * HOME is unset, as under some Nagios daemons); a leading "~/" is expanded.
 * Returns 0, or -1 with a reason in err.
 */
int aws_shared_file_paths(char *config, size_t configlen, char *credentials,
			  size_t credlen, char *err, size_t errlen);

/*
 * The profile to use: opt->profile, AWS_PROFILE, AWS_DEFAULT_PROFILE, else
 * "default".  *named is set to 2 for --profile, 1 for an environment
 * variable, 0 for the implicit default.  Returns a borrowed string.
 */
const char *aws_profile_name(const struct aws_options *opt, int *named);

/*
 * IMDS base URL (no trailing slash): AWS_EC2_METADATA_SERVICE_ENDPOINT ->
 * the profile's ec2_metadata_service_endpoint -> endpoint mode
 * (AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE, then the profile's
 * ec2_metadata_service_endpoint_mode: IPv4 "http://169.254.169.254" or
 * IPv6 "http://[fd00:ec2::254]").  Returns 0, or -1 with a reason in err.
 */
int aws_imds_endpoint(const struct aws_options *opt, char *out, size_t outlen,
		      char *err, size_t errlen);

/*
 * Parsed profile files, as the cross-SDK profile parser suite describes:
 * "[profile name]" (or "[default]") in a config file, "[name]" in a
 * credentials file; sections with invalid names and other section kinds
 * ("[sso-session x]", "[services x]") are skipped; keys lower-cased;
 * duplicate sections merge and the last duplicate key wins; "#"/";"
 * comments; continuation lines append "\n" + the trimmed line (so a
 * property with sub-properties reads "\nname = value").
 */
struct aws_profile_prop {
	char *key;   /* lower case */
	char *value; /* wiped on free */
};

struct aws_profile {
	char *name;
	struct aws_profile_prop *props;
	size_t nprops;
};

struct aws_profiles {
	struct aws_profile *v;
	size_t n;
};

/*
 * Parse text into p (zero it first); parsing a second file into the same
 * set merges it, its values winning (config first, then credentials, is
 * the SDKs' order).  Returns 0, or -1 with "line N: reason" in err, and
 * then p is emptied.  Free with aws_profiles_free().
 */
int aws_profiles_parse(struct aws_profiles *p, const char *text, size_t len,
		       int is_config, char *err, size_t errlen);
/* Borrowed value of key in profile, or NULL. */
const char *aws_profiles_get(const struct aws_profiles *p, const char *profile,
			     const char *key);
/* The profile, or NULL. */
const struct aws_profile *aws_profiles_find(const struct aws_profiles *p,
					    const char *profile);
void aws_profiles_free(struct aws_profiles *p);

/*
 * Pure parser of an AWS profile file (credentials or config syntax):
 * returns the value of key in the section for profile, as the AWS CLI would
 * read it, in a heap string (caller frees, and wipes when a secret), or NULL
 * when absent or when the file does not parse.  is_config selects
 * "[profile name]" handling.
 */
char *aws_profile_get(const char *text, size_t len, int is_config,
		      const char *profile, const char *key);

#endif
