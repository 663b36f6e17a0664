/* SPDX-License-Identifier: ISC */
/*
 * The credential chain in the AWS CLI's order: first a plan (which source,
 * which roles) from the environment and the shared files, then its run:
 * the cache, the base credentials, each role through STS.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/aws_creds.h"
#include "aws/cache.h"
#include "aws/container.h"
#include "aws/env.h"
#include "aws/imds.h"
#include "aws/process.h"
#include "aws/profile.h"
#include "aws/region.h"
#include "aws/sts.h"
#include "core/log.h"
#include "core/text.h"

/* Web identity tokens are JWTs of a few KiB. */
#define AWS_TOKEN_FILE_MAX (64 * 1024)

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

/* ---- the plan ------------------------------------------------------------ */

/* A profile's value: the credentials file first, then the config file;
 * blank counts as absent.  *path says which file, when not NULL. */
static const char *
aws_prop(const struct aws_files *f, const char *profile, const char *key, const char **path)
{
	const char *v = aws_profiles_get(&f->cred, profile, key), *where = f->cred_path;

	if (v == NULL || *v == '\0') {
		v = aws_profiles_get(&f->config, profile, key);
		where = f->config_path;
	}
	if (v != NULL && *v == '\0')
		v = NULL;
	if (path != NULL)
		*path = where;
	return v;
}

/* Static keys of profile in one file: 1 found (*path set), 0 none, -1
 * partial (err set). */
static int
aws_keys_in(const struct aws_profiles *p, const char *path, const char *profile, char *err,
	    size_t errlen)
{
	const char *id = aws_profiles_get(p, profile, "aws_access_key_id");
	const char *secret = aws_profiles_get(p, profile, "aws_secret_access_key");

	if (id != NULL && *id == '\0')
		id = NULL;
	if (secret != NULL && *secret == '\0')
		secret = NULL;
	if (id == NULL && secret == NULL)
		return 0;
	if (id == NULL || secret == NULL) {
		snprintf(err, errlen, "profile '%s' in %s has %s but no %s", profile, path,
			 id ? "aws_access_key_id" : "aws_secret_access_key",
			 id ? "aws_secret_access_key" : "aws_access_key_id");
		return -1;
	}
	return 1;
}

/* Static keys of profile in either file: 1 (*path set), 0, -1. */
static int
aws_profile_keys(const struct aws_files *f, const char *profile, const char **path, char *err,
		 size_t errlen)
{
	int r;

	if ((r = aws_keys_in(&f->cred, f->cred_path, profile, err, errlen)) != 0) {
		*path = f->cred_path;
		return r;
	}
	*path = f->config_path;
	return aws_keys_in(&f->config, f->config_path, profile, err, errlen);
}

static int
aws_plan_push(struct aws_plan *plan, const struct aws_plan_role *r, char *err, size_t errlen)
{
	if (plan->nroles >= AWS_PLAN_MAX_ROLES) {
		snprintf(err, errlen, "profile '%s': more than %d roles to assume in a row",
			 r->profile, AWS_PLAN_MAX_ROLES);
		return -1;
	}
	plan->roles[plan->nroles++] = *r;
	return 0;
}

static int
aws_plan_role_of(const struct aws_files *f, const char *profile, const char *path,
		 struct aws_plan_role *r, char *err, size_t errlen)
{
	const char *d = aws_prop(f, profile, "duration_seconds", NULL);
	unsigned long v;

	memset(r, 0, sizeof(*r));
	r->profile = profile;
	r->role_arn = aws_prop(f, profile, "role_arn", NULL);
	r->external_id = aws_prop(f, profile, "external_id", NULL);
	r->session_name = aws_prop(f, profile, "role_session_name", NULL);
	if (!sts_role_arn_valid(r->role_arn)) {
		snprintf(err, errlen, "profile '%s' in %s: role_arn '%.200s' is not a role ARN",
			 profile, path, r->role_arn);
		return -1;
	}
	if (d != NULL) {
		/* STS's bounds: 15 minutes to 12 hours. */
		if (text_parse_uint(d, 900, 43200, &v) != 0) {
			snprintf(err, errlen,
				 "profile '%s' in %s: duration_seconds '%.20s' is not 900..43200",
				 profile, path, d);
			return -1;
		}
		r->duration_s = v;
	}
	return 0;
}

/* The profiles visited, for the loop message "a -> b -> a". */
struct aws_visit {
	const char *names[AWS_PLAN_MAX_ROLES + 2];
	size_t n;
};

static int
aws_plan_profile(const struct aws_files *f, const char *profile, int top,
		 struct aws_visit *seen, struct aws_plan *plan, char *err, size_t errlen);

static int
aws_plan_loop(const struct aws_visit *seen, const char *next, char *err, size_t errlen)
{
	size_t i, off = 0;

	text_append(err, errlen, &off, "source_profile loop: ");
	for (i = 0; i < seen->n; i++)
		text_append(err, errlen, &off, "'%s' -> ", seen->names[i]);
	text_append(err, errlen, &off, "'%s'", next);
	return -1;
}

/* role_arn with source_profile or credential_source. */
static int
aws_plan_assume(const struct aws_files *f, const char *profile, const char *path,
		struct aws_visit *seen, struct aws_plan *plan, char *err, size_t errlen)
{
	const char *sp = aws_prop(f, profile, "source_profile", NULL);
	const char *cs = aws_prop(f, profile, "credential_source", NULL);
	const char *kp;
	struct aws_plan_role r;
	size_t i;
	int k;

	if (aws_plan_role_of(f, profile, path, &r, err, errlen) != 0)
		return -1;
	if (sp != NULL && cs != NULL) {
		snprintf(err, errlen,
			 "profile '%s' in %s has both source_profile and credential_source", profile,
			 path);
		return -1;
	}
	if (sp == NULL && cs == NULL) {
		snprintf(err, errlen,
			 "profile '%s' in %s has role_arn but neither source_profile nor "
			 "credential_source", profile, path);
		return -1;
	}
	if (cs != NULL) {
		plan->cs_profile = profile;
		if (strcmp(cs, "Environment") == 0) {
			plan->base = AWS_BASE_ENV;
		} else if (strcmp(cs, "Ec2InstanceMetadata") == 0) {
			plan->base = AWS_BASE_IMDS;
		} else if (strcmp(cs, "EcsContainer") == 0) {
			plan->base = AWS_BASE_CONTAINER;
		} else {
			snprintf(err, errlen,
				 "profile '%s' in %s: credential_source '%.40s' is not Environment, "
				 "Ec2InstanceMetadata or EcsContainer", profile, path, cs);
			return -1;
		}
		return aws_plan_push(plan, &r, err, errlen);
	}
	if (aws_profiles_find(&f->cred, sp) == NULL && aws_profiles_find(&f->config, sp) == NULL) {
		snprintf(err, errlen, "profile '%s' in %s: source_profile '%s' is in neither %s nor %s",
			 profile, path, sp, f->cred_path, f->config_path);
		return -1;
	}
	if ((k = aws_profile_keys(f, sp, &kp, err, errlen)) < 0)
		return -1;
	/* A profile may name itself when it has keys (botocore allows that);
	 * any other repeat is a loop. */
	for (i = 0; i < seen->n; i++)
		if (strcmp(seen->names[i], sp) == 0 && !(k > 0 && strcmp(sp, profile) == 0))
			return aws_plan_loop(seen, sp, err, errlen);
	if (k > 0) {
		plan->base = AWS_BASE_PROFILE_KEYS;
		plan->base_profile = sp;
		plan->base_path = kp;
	} else if (aws_plan_profile(f, sp, 0, seen, plan, err, errlen) != 0) {
		return -1;
	}
	return aws_plan_push(plan, &r, err, errlen);
}

/*
 * Plan for profile: 0 planned, 1 nothing configured (only for the top
 * profile, which then falls through to the container and IMDS), -1 err.
 */
static int
aws_plan_profile(const struct aws_files *f, const char *profile, int top,
		 struct aws_visit *seen, struct aws_plan *plan, char *err, size_t errlen)
{
	static const char *const sso[] = {"sso_session", "sso_start_url", "sso_account_id",
					  "sso_role_name"};
	const char *path, *v, *wi;
	struct aws_plan_role r;
	size_t i;
	int k;

	if (seen->n >= sizeof(seen->names) / sizeof(seen->names[0])) {
		snprintf(err, errlen, "profile '%s': source_profile chain too long", profile);
		return -1;
	}
	seen->names[seen->n++] = profile;
	for (i = 0; i < sizeof(sso) / sizeof(sso[0]); i++) {
		if (aws_prop(f, profile, sso[i], &path) != NULL) {
			snprintf(err, errlen,
				 "profile '%s' in %s uses SSO (%s), which is not supported: use a "
				 "role (role_arn) or credential_process", profile, path, sso[i]);
			return -1;
		}
	}
	wi = aws_prop(f, profile, "web_identity_token_file", NULL);
	if (aws_prop(f, profile, "role_arn", &path) != NULL) {
		if (wi == NULL)
			return aws_plan_assume(f, profile, path, seen, plan, err, errlen);
		if (aws_plan_role_of(f, profile, path, &r, err, errlen) != 0)
			return -1;
		r.token_file = wi;
		plan->base = AWS_BASE_NONE;
		return aws_plan_push(plan, &r, err, errlen);
	}
	if (wi != NULL) {
		(void)aws_prop(f, profile, "web_identity_token_file", &path);
		snprintf(err, errlen, "profile '%s' in %s has web_identity_token_file but no role_arn",
			 profile, path);
		return -1;
	}
	/* The CLI's order: credentials file keys, process, config file keys. */
	if ((k = aws_keys_in(&f->cred, f->cred_path, profile, err, errlen)) != 0) {
		plan->base = AWS_BASE_PROFILE_KEYS;
		plan->base_path = f->cred_path;
	} else if ((v = aws_prop(f, profile, "credential_process", &path)) != NULL) {
		plan->base = AWS_BASE_PROCESS;
		plan->process = v;
		plan->base_path = path;
		k = 1;
	} else if ((k = aws_keys_in(&f->config, f->config_path, profile, err, errlen)) != 0) {
		plan->base = AWS_BASE_PROFILE_KEYS;
		plan->base_path = f->config_path;
	}
	if (k < 0)
		return -1;
	if (k > 0) {
		plan->base_profile = profile;
		return 0;
	}
	if (top)
		return 1;
	snprintf(err, errlen,
		 "profile '%s' is a source_profile but has no credentials (keys, role_arn, "
		 "credential_process or web_identity_token_file) in %s or %s",
		 profile, f->cred_path, f->config_path);
	return -1;
}

int
aws_chain_plan(const struct aws_options *opt, const struct aws_files *f, struct aws_plan *plan,
	       char *err, size_t errlen)
{
	const char *id, *secret, *arn, *tok;
	struct aws_visit seen;
	struct aws_plan_role r;
	int named, rc;

	memset(plan, 0, sizeof(*plan));
	memset(&seen, 0, sizeof(seen));
	plan->profile = aws_profile_name(opt, &named);
	/* An explicit --profile negates the environment's keys (botocore). */
	id = named != 2 ? aws_env("AWS_ACCESS_KEY_ID") : NULL;
	secret = named != 2 ? aws_env("AWS_SECRET_ACCESS_KEY") : NULL;
	arn = named != 2 ? aws_env("AWS_ROLE_ARN") : NULL;
	tok = named != 2 ? aws_env("AWS_WEB_IDENTITY_TOKEN_FILE") : NULL;
	if (id != NULL || secret != NULL) {
		plan->base = AWS_BASE_ENV;
		rc = 0;
	} else if (arn != NULL || tok != NULL) {
		if (arn == NULL || tok == NULL) {
			snprintf(err, errlen, "%s is set but %s is not",
				 arn ? "AWS_ROLE_ARN" : "AWS_WEB_IDENTITY_TOKEN_FILE",
				 arn ? "AWS_WEB_IDENTITY_TOKEN_FILE" : "AWS_ROLE_ARN");
			return -1;
		}
		if (!sts_role_arn_valid(arn)) {
			snprintf(err, errlen, "AWS_ROLE_ARN '%.200s' is not a role ARN", arn);
			return -1;
		}
		memset(&r, 0, sizeof(r));
		r.profile = "environment";
		r.role_arn = arn;
		r.token_file = tok;
		r.session_name = aws_env("AWS_ROLE_SESSION_NAME");
		plan->base = AWS_BASE_NONE;
		rc = aws_plan_push(plan, &r, err, errlen);
	} else {
		if (f == NULL) {
			snprintf(err, errlen, "no shared files to read");
			return -1;
		}
		if (aws_files_check_profile(f, plan->profile, named, err, errlen) != 0)
			return -1;
		rc = aws_plan_profile(f, plan->profile, 1, &seen, plan, err, errlen);
		if (rc == 1) {
			plan->base = aws_container_configured() ? AWS_BASE_CONTAINER : AWS_BASE_IMDS;
			rc = 0;
		}
	}
	if (rc == 0 && opt != NULL && opt->role_arn != NULL) {
		memset(&r, 0, sizeof(r));
		r.profile = "--role-arn";
		r.role_arn = opt->role_arn;
		r.external_id = opt->external_id;
		if (!sts_role_arn_valid(r.role_arn)) {
			snprintf(err, errlen, "--role-arn '%.200s' is not a role ARN", r.role_arn);
			return -1;
		}
		rc = aws_plan_push(plan, &r, err, errlen);
	}
	return rc;
}

/* ---- running it ---------------------------------------------------------- */

static int
aws_run_keys(const struct aws_plan *plan, const struct aws_files *f, struct aws_credentials *out,
	     char *err, size_t errlen)
{
	const struct aws_profiles *p = strcmp(plan->base_path, f->cred_path) == 0 &&
					       aws_profiles_find(&f->cred, plan->base_profile)
					   ? &f->cred
					   : &f->config;
	const char *token = aws_profiles_get(p, plan->base_profile, "aws_session_token");

	if (token != NULL && *token == '\0')
		token = NULL;
	if (aws_credentials_set(out, aws_profiles_get(p, plan->base_profile, "aws_access_key_id"),
				aws_profiles_get(p, plan->base_profile, "aws_secret_access_key"),
				token, err, errlen) != 0)
		return -1;
	snprintf(out->source, sizeof(out->source), "profile '%.40s' in %.300s", plan->base_profile,
		 plan->base_path);
	return 0;
}

static int
aws_run_imds(const struct aws_options *opt, const struct aws_files *f, struct http_client *http,
	     const struct aws_plan *plan, struct aws_credentials *out, char *err, size_t errlen)
{
	const char *profile = plan->cs_profile ? plan->cs_profile : plan->profile;
	int fallback = plan->cs_profile == NULL;
	struct aws_imds im;
	char why[512];
	int rc = -1;

	if (aws_env_true("AWS_EC2_METADATA_DISABLED") || http == NULL) {
		if (fallback)
			snprintf(err, errlen,
				 "none in the environment (AWS_ACCESS_KEY_ID), nor in profile '%s' "
				 "(%s, %s); IMDS %s",
				 profile, f->cred_path, f->config_path,
				 http == NULL ? "not available"
					      : "disabled by AWS_EC2_METADATA_DISABLED");
		else
			snprintf(err, errlen, "credential_source Ec2InstanceMetadata of profile "
					      "'%s': IMDS %s", profile,
				 http == NULL ? "not available"
					      : "disabled by AWS_EC2_METADATA_DISABLED");
		return -1;
	}
	if (aws_imds_init(&im, opt, f, http, err, errlen) != 0)
		return -1;
	if (aws_imds_credentials(&im, out, why, sizeof(why)) != 0) {
		if (fallback)
			snprintf(err, errlen,
				 "none in the environment (AWS_ACCESS_KEY_ID), nor in profile '%s' "
				 "(%s, %s); %s",
				 profile, f->cred_path, f->config_path, why);
		else
			snprintf(err, errlen, "credential_source Ec2InstanceMetadata of profile "
					      "'%s': %s", profile, why);
	} else {
		rc = 0;
	}
	aws_imds_done(&im);
	return rc;
}

/* The base credentials of the plan. */
static int
aws_run_base(const struct aws_options *opt, const struct aws_files *f, struct http_client *http,
	     const struct aws_plan *plan, struct aws_credentials *out, char *err, size_t errlen)
{
	char why[1024];
	int r;

	switch (plan->base) {
	case AWS_BASE_ENV:
		r = aws_env_credentials(out, why, sizeof(why));
		if (r != 0 && plan->cs_profile == NULL)
			snprintf(err, errlen, "%s", why);
		else if (r != 0)
			snprintf(err, errlen, "credential_source Environment of profile '%s': %s",
				 plan->cs_profile, r > 0 ? "AWS_ACCESS_KEY_ID and "
					"AWS_SECRET_ACCESS_KEY are not set" : why);
		return r == 0 ? 0 : -1;
	case AWS_BASE_PROFILE_KEYS:
		return aws_run_keys(plan, f, out, err, errlen);
	case AWS_BASE_PROCESS:
		if (aws_process_credentials(plan->process, opt ? opt->deadline_ms : 0, out, why,
					    sizeof(why)) != 0) {
			snprintf(err, errlen, "profile '%s' in %s: %s", plan->base_profile,
				 plan->base_path, why);
			return -1;
		}
		snprintf(out->source, sizeof(out->source), "credential_process of profile '%.40s'",
			 plan->base_profile);
		return 0;
	case AWS_BASE_CONTAINER:
		if (aws_container_credentials(http, 0, out, why, sizeof(why)) != 0) {
			if (plan->cs_profile != NULL)
				snprintf(err, errlen, "credential_source EcsContainer of profile "
						      "'%s': %s", plan->cs_profile, why);
			else
				snprintf(err, errlen, "%s", why);
			return -1;
		}
		return 0;
	case AWS_BASE_IMDS:
		return aws_run_imds(opt, f, http, plan, out, err, errlen);
	case AWS_BASE_NONE:
		break;
	}
	return 0;
}

/* The token file's content (heap; the caller wipes it). */
static char *
aws_read_token(const char *path, char *err, size_t errlen)
{
	char *buf;
	size_t n;
	FILE *fp;

	if ((fp = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "cannot read the web identity token file %.300s: %s", path,
			 strerror(errno));
		return NULL;
	}
	if ((buf = calloc(1, AWS_TOKEN_FILE_MAX + 1)) == NULL) {
		fclose(fp);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	n = fread(buf, 1, AWS_TOKEN_FILE_MAX + 1, fp);
	fclose(fp);
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	if (n == 0 || n > AWS_TOKEN_FILE_MAX) {
		text_free_wiped(buf);
		snprintf(err, errlen, "the web identity token file %.300s is %s", path,
			 n == 0 ? "empty" : "too large");
		return NULL;
	}
	return buf;
}

/* STS's endpoint and the query settings, resolved on first use. */
struct aws_sts_ctx {
	const struct aws_options *opt;
	struct http_client *http;
	char region[64];
	char endpoint[512];
	int ready;
};

static int
aws_sts_ready(struct aws_sts_ctx *s, struct aws_query_config *qc, char *err, size_t errlen)
{
	char why[512];

	if (!s->ready) {
		if (s->http == NULL) {
			snprintf(err, errlen, "no HTTP client for STS");
			return -1;
		}
		if (aws_region_resolve(s->opt, s->http, s->region, sizeof(s->region), why,
				       sizeof(why)) != 0) {
			snprintf(err, errlen, "STS needs a region: %s", why);
			return -1;
		}
		if (aws_sts_endpoint_resolve(s->region, s->endpoint, sizeof(s->endpoint), why,
					     sizeof(why)) != 0) {
			snprintf(err, errlen, "STS endpoint: %s", why);
			return -1;
		}
		s->ready = 1;
	}
	memset(qc, 0, sizeof(*qc));
	qc->endpoint_url = s->endpoint;
	qc->region = s->region;
	qc->http = s->http;
	if (s->opt != NULL) {
		qc->retry.deadline_ms = s->opt->deadline_ms;
		qc->retry.request_ms = s->opt->request_timeout_ms;
	}
	return 0;
}

/* Assume r with *cur (replaced by the role's credentials). */
static int
aws_run_role(struct aws_sts_ctx *s, const struct aws_plan_role *r, struct aws_credentials *cur,
	     char *err, size_t errlen)
{
	struct aws_credentials next;
	struct aws_query_config qc;
	struct sts_assume a;
	char why[1024], *token = NULL;
	int rc = -1;

	memset(&a, 0, sizeof(a));
	a.role_arn = r->role_arn;
	a.session_name = r->session_name;
	a.external_id = r->external_id;
	a.duration_s = r->duration_s;
	if (aws_sts_ready(s, &qc, why, sizeof(why)) != 0)
		goto fail;
	if (r->token_file != NULL) {
		if ((token = aws_read_token(r->token_file, why, sizeof(why))) == NULL)
			goto fail;
		a.web_identity_token = token;
	}
	if (sts_assume_role(&qc, cur, &a, &next, why, sizeof(why)) != 0)
		goto fail;
	if (r->token_file != NULL)
		snprintf(next.source, sizeof(next.source), "role %.200s (%s, web identity %.150s)",
			 r->role_arn, r->profile, r->token_file);
	else
		snprintf(next.source, sizeof(next.source), "role %.200s (%s) with %.250s",
			 r->role_arn, r->profile, cur->source);
	aws_credentials_clear(cur);
	*cur = next;
	rc = 0;
	goto out;
fail:
	if (strcmp(r->profile, "environment") == 0)
		snprintf(err, errlen, "AWS_ROLE_ARN/AWS_WEB_IDENTITY_TOKEN_FILE: %s", why);
	else if (strcmp(r->profile, "--role-arn") == 0)
		snprintf(err, errlen, "--role-arn: %s", why);
	else
		snprintf(err, errlen, "profile '%s' (role_arn %s): %s", r->profile, r->role_arn,
			 why);
out:
	text_free_wiped(token);
	return rc;
}

static void
aws_cache_key_of(const struct aws_plan_role *r, struct aws_cache_key *k)
{
	k->profile = r->profile;
	k->role_arn = r->role_arn;
	k->external_id = r->external_id;
}

int
aws_credentials_load(const struct aws_options *opt, struct http_client *http,
		     struct aws_credentials *out, char *err, size_t errlen)
{
	const char *dir = opt != NULL ? opt->state_dir : NULL;
	struct aws_sts_ctx sts;
	struct aws_cache_key key;
	struct aws_plan plan;
	struct aws_files f;
	const struct aws_files *files = NULL;
	char why[512];
	size_t i, start = 0;
	int named, rc = -1;

	if (out == NULL)
		return -1;
	memset(out, 0, sizeof(*out));
	memset(&sts, 0, sizeof(sts));
	memset(&f, 0, sizeof(f));
	sts.opt = opt;
	sts.http = http;
	(void)aws_profile_name(opt, &named);
	/* Keys or a web identity in the environment need no file: a broken
	 * file must not stand in their way. */
	if (named == 2 || (aws_env("AWS_ACCESS_KEY_ID") == NULL &&
			   aws_env("AWS_SECRET_ACCESS_KEY") == NULL && aws_env("AWS_ROLE_ARN") == NULL &&
			   aws_env("AWS_WEB_IDENTITY_TOKEN_FILE") == NULL)) {
		if (aws_files_load(&f, err, errlen) != 0)
			return -1;
		files = &f;
	}
	if (aws_chain_plan(opt, files, &plan, err, errlen) != 0)
		goto out;
	/* The newest role with a live cache entry saves every step before. */
	for (i = plan.nroles; dir != NULL && i > 0; i--) {
		aws_cache_key_of(&plan.roles[i - 1], &key);
		if (aws_cache_load(dir, &key, time(NULL), out) == 0) {
			log_debug("credentials of %s from the cache", key.role_arn);
			start = i;
			break;
		}
	}
	if (start == 0 && aws_run_base(opt, files, http, &plan, out, err, errlen) != 0)
		goto out;
	for (i = start; i < plan.nroles; i++) {
		if (aws_run_role(&sts, &plan.roles[i], out, err, errlen) != 0)
			goto out;
		aws_cache_key_of(&plan.roles[i], &key);
		if (dir != NULL && aws_cache_store(dir, &key, out, why, sizeof(why)) != 0)
			log_info("credentials of %s not cached: %s", key.role_arn, why);
	}
	rc = 0;
out:
	if (files != NULL)
		aws_files_free(&f);
	if (rc != 0)
		aws_credentials_clear(out);
	return rc;
}
