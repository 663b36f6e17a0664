/*
 * The credential chain in the AWS CLI's order: environment, shared
 * credentials file, shared config file, instance role (IMDS).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/aws_creds.h"
#include "aws/env.h"
#include "aws/imds.h"
#include "aws/profile.h"
#include "core/text.h"

void
aws_credentials_clear(struct aws_credentials *c)
{
	if (c == NULL)
		return;
	text_free_wiped(c->access_key_id);
	text_free_wiped(c->secret_access_key);
	text_free_wiped(c->session_token);
	memset(c, 0, sizeof(*c));
}

int
aws_credentials_set(struct aws_credentials *out, const char *id, const char *secret,
	      const char *token, char *err, size_t errlen)
{
	out->access_key_id = strdup(id);
	out->secret_access_key = strdup(secret);
	out->session_token = token != NULL ? strdup(token) : NULL;
	if (out->access_key_id == NULL || out->secret_access_key == NULL ||
	    (token != NULL && out->session_token == NULL)) {
		aws_credentials_clear(out);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

/* Keys of profile in one file: 0 found, 1 none, -1 partial. */
static int
aws_creds_profile_file(const struct aws_profiles *p, const char *path, const char *profile,
		       struct aws_credentials *out, char *err, size_t errlen)
{
	const char *id = aws_profiles_get(p, profile, "aws_access_key_id");
	const char *secret = aws_profiles_get(p, profile, "aws_secret_access_key");
	const char *token = aws_profiles_get(p, profile, "aws_session_token");

	if (id != NULL && *id == '\0')
		id = NULL;
	if (secret != NULL && *secret == '\0')
		secret = NULL;
	if (token != NULL && *token == '\0')
		token = NULL;
	if (id == NULL && secret == NULL)
		return 1;
	if (id == NULL || secret == NULL) {
		snprintf(err, errlen, "profile '%s' in %s has %s but no %s", profile, path,
			 id ? "aws_access_key_id" : "aws_secret_access_key",
			 id ? "aws_secret_access_key" : "aws_access_key_id");
		return -1;
	}
	if (aws_credentials_set(out, id, secret, token, err, errlen) != 0)
		return -1;
	snprintf(out->source, sizeof(out->source), "profile '%.40s' in %.70s", profile, path);
	return 0;
}

/* Providers of the AWS CLI we do not implement: say so rather than fall
 * through to the instance role with surprising permissions. */
static int
aws_unsupported_profile(const struct aws_files *f, const char *profile, char *err,
			size_t errlen)
{
	static const char *const keys[] = {"role_arn",      "credential_process",
					   "sso_session",   "sso_start_url",
					   "web_identity_token_file"};
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *path = f->cred_path;

		if (aws_profiles_get(&f->cred, profile, keys[i]) == NULL) {
			path = f->config_path;
			if (aws_profiles_get(&f->config, profile, keys[i]) == NULL)
				continue;
		}
		snprintf(err, errlen,
			 "profile '%s' in %s uses %s, which is not supported; "
			 "give static keys, or use the instance role without a profile",
			 profile, path, keys[i]);
		return -1;
	}
	return 0;
}

int
aws_credentials_load(const struct aws_options *opt, struct http_client *http,
		     struct aws_credentials *out, char *err, size_t errlen)
{
	struct aws_files f;
	struct aws_imds im;
	const char *profile;
	char why[512];
	int named, r, rc = -1;

	if (out == NULL)
		return -1;
	memset(out, 0, sizeof(*out));
	profile = aws_profile_name(opt, &named);
	/* An explicit --profile negates the environment's keys (botocore). */
	if (named != 2 && (r = aws_env_credentials(out, err, errlen)) <= 0)
		return r;
	if (aws_files_load(&f, err, errlen) != 0)
		return -1;
	if (aws_files_check_profile(&f, profile, named, err, errlen) != 0)
		goto out;
	/* The credentials file beats the config file, as a whole. */
	if ((r = aws_creds_profile_file(&f.cred, f.cred_path, profile, out, err, errlen)) <= 0 ||
	    (r = aws_creds_profile_file(&f.config, f.config_path, profile, out, err, errlen)) <= 0) {
		rc = r;
		goto out;
	}
	if (aws_unsupported_profile(&f, profile, err, errlen) != 0)
		goto out;
	if (aws_env_true("AWS_EC2_METADATA_DISABLED") || http == NULL) {
		snprintf(err, errlen,
			 "none in the environment (AWS_ACCESS_KEY_ID), nor in profile '%s' (%s, %s); "
			 "IMDS %s",
			 profile, f.cred_path, f.config_path,
			 http == NULL ? "not available" : "disabled by AWS_EC2_METADATA_DISABLED");
		goto out;
	}
	if (aws_imds_init(&im, opt, &f, http, err, errlen) != 0)
		goto out;
	if (aws_imds_credentials(&im, out, why, sizeof(why)) != 0)
		snprintf(err, errlen,
			 "none in the environment (AWS_ACCESS_KEY_ID), nor in profile '%s' (%s, %s); %s",
			 profile, f.cred_path, f.config_path, why);
	else
		rc = 0;
	aws_imds_done(&im);
out:
	aws_files_free(&f);
	if (rc != 0)
		aws_credentials_clear(out);
	return rc;
}

