/* SPDX-License-Identifier: ISC */
/*
 * AWS credentials, resolved in the AWS CLI's order (the chain); every
 * source that is configured but fails is an error naming it, never a
 * fall-through to the next source:
 * 1. AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (or the
 *    legacy AWS_SECURITY_TOKEN; one key without the other is an error;
 *    aws/env.h);
 * 2. AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+ AWS_ROLE_SESSION_NAME):
 *    STS AssumeRoleWithWebIdentity, unsigned (one without the other is an
 *    error);
 *    (1 and 2 are skipped when --profile is given, as botocore skips 1)
 * 3. the profile (--profile, AWS_PROFILE, AWS_DEFAULT_PROFILE, "default"),
 *    read from the shared credentials file, then the config file
 *    (aws/profile.h); a profile named explicitly must exist:
 *    - role_arn with web_identity_token_file: AssumeRoleWithWebIdentity;
 *    - role_arn with source_profile (whose static keys are used when it
 *      has them, else it is resolved the same way: chains allowed, loops
 *      refused by name) or credential_source (Environment,
 *      Ec2InstanceMetadata, EcsContainer): AssumeRole with external_id,
 *      role_session_name, duration_seconds; static keys beside role_arn
 *      do not stop the role from being assumed;
 *    - static keys (credentials file), credential_process (aws/process.h),
 *      static keys (config file);
 *    - SSO settings are refused, saying to use a role or credential_process;
 * 4. container credentials (aws/container.h) when their variables are set;
 * 5. IMDSv2 (aws/imds.h), unless AWS_EC2_METADATA_DISABLED=true.
 * Then --role-arn, when given, is assumed with what the chain found.
 * STS answers (aws/sts.h) are cached in the state directory when one is
 * given (aws/cache.h): the cache is read before the source credentials
 * are fetched, so a warm cache costs no request at all.
 * Region and endpoint: aws/region.h.
 *
 * Errors name where the function looked (variables, files, IMDS URL,
 * profiles, roles), never a secret.
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
	char source[512];        /* "environment", "profile 'x' in FILE",
				  * "instance role 'r' (IMDS)", "role ARN
				  * (profile 'x') with ...": safe to log */
	char identity[320];      /* the role ARN when a role was assumed
				  * (or the container's role), else "" */
};

/* Values given on the command line, NULL when absent. */
struct aws_options {
	const char *profile;
	const char *region;
	const char *endpoint_url;
	double imds_timeout_s; /* per IMDS request; 0: 1 s */
	const char *role_arn;    /* --role-arn: assumed with the chain's
				  * credentials */
	const char *external_id; /* --external-id, with role_arn */
	const char *state_dir;   /* where role credentials are cached; NULL:
				  * no cache */
	double deadline_ms;      /* clock_now_ms() after which no STS call or
				  * credential_process may run on; 0: none */
	long request_timeout_ms; /* limit of one STS try (aws/retry.h); 0:
				  * only the deadline */
};

/* Where the chain's credentials come from before any role is assumed. */
enum aws_base {
	AWS_BASE_NONE,         /* the first role uses a web identity token */
	AWS_BASE_ENV,          /* AWS_ACCESS_KEY_ID ... */
	AWS_BASE_PROFILE_KEYS, /* static keys of base_profile */
	AWS_BASE_PROCESS,      /* credential_process of base_profile */
	AWS_BASE_CONTAINER,
	AWS_BASE_IMDS,
};

#define AWS_PLAN_MAX_ROLES 8

struct aws_plan_role {
	const char *profile;      /* the profile that names the role; or
				   * "environment" (AWS_ROLE_ARN), "--role-arn" */
	const char *role_arn;
	const char *external_id;  /* NULL: none */
	const char *session_name; /* NULL: our default */
	unsigned long duration_s; /* 0: STS's default */
	const char *token_file;   /* non-NULL: AssumeRoleWithWebIdentity */
};

/* What the chain will do: a base, then roles assumed in order (each with
 * the credentials of the step before).  Strings are borrowed from the
 * files, the environment and the options. */
struct aws_plan {
	const char *profile;      /* the profile in effect */
	enum aws_base base;
	const char *base_profile; /* PROFILE_KEYS, PROCESS */
	const char *base_path;    /* the file holding the keys or the command */
	const char *process;      /* PROCESS: the command line */
	const char *cs_profile;   /* the profile whose credential_source chose
				   * ENV, CONTAINER or IMDS; NULL when the
				   * chain fell through to them */
	struct aws_plan_role roles[AWS_PLAN_MAX_ROLES];
	size_t nroles;
};

struct aws_files;

/*
 * Decide the chain from the options, the environment and the parsed files
 * without running anything (pure but for getenv).  f may be NULL when the
 * environment holds keys or a web identity (and no --profile is given):
 * then the files are not needed.  Returns 0 with *plan,
 * or -1 with a reason in err naming the profile, file or variable (SSO,
 * a loop of source_profile, a role without a source, partial keys, an
 * unknown credential_source...).
 */
int aws_chain_plan(const struct aws_options *opt, const struct aws_files *f,
		   struct aws_plan *plan, char *err, size_t errlen);

/*
 * Load credentials.  http is used for STS, container credentials and IMDS
 * (may be NULL: then those are unavailable).  Returns 0, or -1 with a reason in err that names where it
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
