/* SPDX-License-Identifier: ISC */
/*
 * Credentials, region, endpoint and profile files against the third-party
 * suites in t/fixtures/{awsconfig,imds,ec2/model} (see their SOURCE.md),
 * with IMDS answered by a recording fake http_client.
 *
 * Cases not run, and why:
 *  - file-location-tests.json: the "windows" platform cases (USERPROFILE,
 *    HOMEDRIVE/HOMEPATH); we run on Linux only.
 *  - imds-endpoint-tests.json: "explicit endpoint override" and "explicit
 *    mode override" set the endpoint through an SDK API we do not have.
 *  - botocore-config-resolution.json, where we follow the AWS CLI v2 and
 *    the other SDKs instead of botocore (checked as deviations, below):
 *    AWS_REGION is read before AWS_DEFAULT_REGION; AWS_PROFILE before
 *    AWS_DEFAULT_PROFILE; the "[services x]" endpoint_url of a profile is
 *    not read (only --endpoint-url and the environment).
 *  - none of smithy-rs's chain cases: imds_no_iam_role and imds_token_fail
 *    (role_arn with credential_source Ec2InstanceMetadata) run with their
 *    profile, and once more without it.
 */
#include "config.h"

#include <dirent.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "aws/aws_creds.h"
#include "aws/ids.h"
#include "aws/imds.h"
#include "aws/profile.h"
#include "aws/region.h"
#include "aws/url.h"

#define AWSCONFIG FIXTURES_DIR "/awsconfig"
#define IMDSDIR FIXTURES_DIR "/imds"
#define MAXSTEP 32

/* ---- environment and temp files ---------------------------------------- */

static const char *const aws_vars[] = {
	"HOME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
	"AWS_SECURITY_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE",
	"AWS_SHARED_CREDENTIALS_FILE", "AWS_REGION", "AWS_DEFAULT_REGION",
	"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EC2", "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
	"AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_EC2_METADATA_DISABLED",
	"AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
	"AWS_METADATA_SERVICE_TIMEOUT", "AWS_METADATA_SERVICE_NUM_ATTEMPTS", "AWS_ACCOUNT_ID",
	"EXPOSE_SECRETS_FOR_TESTS",
};

static char tmpdir[256];

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

/* A fresh empty HOME and no AWS variables, so nothing of the machine's
 * own ~/.aws leaks into a test. */
static int
setup(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(aws_vars) / sizeof(aws_vars[0]); i++)
		unsetenv(aws_vars[i]);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_aws_creds.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	setenv("HOME", tmpdir, 1);
	return 0;
}

static int
teardown(void **state)
{
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

/* Writes text to tmpdir/name (making directories); returns the path. */
static const char *
put_file(const char *name, const char *text)
{
	static char path[512];
	char *p;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	for (p = path + strlen(tmpdir) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(path, 0700);
		*p = '/';
	}
	f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
	fclose(f);
	return path;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (f == NULL)
		fail_msg("cannot read %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n >= 0);
	rewind(f);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static struct json_object *
load_json(const char *path)
{
	struct json_object *o = json_object_from_file(path);

	if (o == NULL)
		fail_msg("cannot parse %s", path);
	return o;
}

static struct json_object *
jget(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (o == NULL || !json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const char *
jstr(struct json_object *o, const char *key)
{
	struct json_object *v = jget(o, key);

	return v != NULL && json_object_is_type(v, json_type_string) ? json_object_get_string(v)
								      : NULL;
}

/* ---- a recording fake http_client ------------------------------------- */

struct fake_step {
	const char *method, *url; /* expected; NULL: anything */
	const char *token;        /* expected X-aws-ec2-metadata-token */
	long status;
	const char *body;
	int transport_error, timed_out;
};

struct fake {
	struct fake_step steps[MAXSTEP];
	size_t nsteps, pos;
	/* what was asked */
	char method[MAXSTEP][8], url[MAXSTEP][256], ttl[MAXSTEP][16], token[MAXSTEP][128];
	long timeout_ms[MAXSTEP];
	size_t nrec;
	char mismatch[512];
};

static const char *
hdr(const struct http_request *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->nheaders; i++)
		if (strcasecmp(r->headers[i].name, name) == 0)
			return r->headers[i].value;
	return NULL;
}

static int
fake_perform(void *impl, struct http_exchange *x, size_t n)
{
	struct fake *f = impl;
	size_t i;

	for (i = 0; i < n; i++) {
		struct http_request *q = &x[i].req;
		struct http_response *r = &x[i].resp;
		const struct fake_step *s;
		const char *v;
		size_t k = f->nrec;

		memset(r, 0, sizeof(*r));
		if (k < MAXSTEP) {
			snprintf(f->method[k], sizeof(f->method[k]), "%s", q->method);
			snprintf(f->url[k], sizeof(f->url[k]), "%s", q->url);
			v = hdr(q, "X-aws-ec2-metadata-token-ttl-seconds");
			snprintf(f->ttl[k], sizeof(f->ttl[k]), "%s", v ? v : "");
			v = hdr(q, "X-aws-ec2-metadata-token");
			snprintf(f->token[k], sizeof(f->token[k]), "%s", v ? v : "");
			f->timeout_ms[k] = q->timeout_ms;
			f->nrec++;
		}
		if (f->pos >= f->nsteps) {
			if (f->mismatch[0] == '\0')
				snprintf(f->mismatch, sizeof(f->mismatch), "unexpected request %s %s",
					 q->method, q->url);
			r->transport_error = 1;
			snprintf(r->error, sizeof(r->error), "no scripted answer");
			continue;
		}
		s = &f->steps[f->pos++];
		if (f->mismatch[0] == '\0' &&
		    ((s->method && strcmp(s->method, q->method) != 0) ||
		     (s->url && strcmp(s->url, q->url) != 0) ||
		     (s->token && strcmp(s->token, f->token[k]) != 0)))
			snprintf(f->mismatch, sizeof(f->mismatch),
				 "request %zu: got %s %s token '%s', want %s %s token '%s'", f->pos,
				 q->method, q->url, f->token[k], s->method ? s->method : "*",
				 s->url ? s->url : "*", s->token ? s->token : "*");
		if (s->transport_error) {
			r->transport_error = 1;
			r->timed_out = s->timed_out;
			snprintf(r->error, sizeof(r->error), "%s",
				 s->timed_out ? "Operation timed out after 1000 ms"
					      : "Failed to connect: Connection refused");
			continue;
		}
		r->status = s->status;
		r->bodylen = s->body ? strlen(s->body) : 0;
		r->body = malloc(r->bodylen + 1);
		assert_non_null(r->body);
		memcpy(r->body, s->body ? s->body : "", r->bodylen + 1);
	}
	return 0;
}

static void
fake_free(void *impl)
{
}

static const struct http_ops fake_ops = {fake_perform, fake_free};

static void
fake_add(struct fake *f, const char *method, const char *url, long status, const char *body)
{
	struct fake_step *s;

	assert_true(f->nsteps < MAXSTEP);
	s = &f->steps[f->nsteps++];
	memset(s, 0, sizeof(*s));
	s->method = method;
	s->url = url;
	s->status = status;
	s->body = body;
}

static void
fake_assert_done(const struct fake *f)
{
	if (f->mismatch[0] != '\0')
		fail_msg("IMDS fake: %s", f->mismatch);
	if (f->pos != f->nsteps)
		fail_msg("IMDS fake: %zu of %zu scripted answers used", f->pos, f->nsteps);
}

#define IMDS "http://169.254.169.254"
#define CREDS_JSON                                                                                 \
	"{\n  \"Code\" : \"Success\",\n  \"LastUpdated\" : \"2021-09-20T21:42:26Z\",\n"             \
	"  \"Type\" : \"AWS-HMAC\",\n  \"AccessKeyId\" : \"ASIARTEST\",\n"                          \
	"  \"SecretAccessKey\" : \"testsecret\",\n  \"Token\" : \"testtoken\",\n"                   \
	"  \"Expiration\" : \"2021-09-21T04:16:53Z\"\n}"

/* The three answers of a good IMDS credentials fetch. */
static void
fake_good_creds(struct fake *f, const char *base, const char *role, const char *json)
{
	static char url[3][256];

	snprintf(url[0], sizeof(url[0]), "%s/latest/api/token", base);
	snprintf(url[1], sizeof(url[1]), "%s/latest/meta-data/iam/security-credentials/", base);
	snprintf(url[2], sizeof(url[2]), "%s/latest/meta-data/iam/security-credentials/%s", base,
		 role);
	fake_add(f, "PUT", url[0], 200, "TOKEN-abc");
	fake_add(f, "GET", url[1], 200, role);
	fake_add(f, "GET", url[2], 200, json);
}

/* ---- profile files: the cross-SDK parser suite ------------------------- */

static void
check_profiles(const char *name, const struct aws_profiles *p, struct json_object *want)
{
	size_t nwant = 0;

	json_object_object_foreach(want, pname, props)
	{
		const struct aws_profile *pr = aws_profiles_find(p, pname);

		nwant++;
		if (pr == NULL)
			fail_msg("%s: profile '%s' missing", name, pname);
		if (pr->nprops != (size_t)json_object_object_length(props))
			fail_msg("%s: profile '%s' has %zu properties, want %d", name, pname,
				 pr->nprops, json_object_object_length(props));
		json_object_object_foreach(props, key, val)
		{
			const char *got = aws_profiles_get(p, pname, key);

			if (got == NULL || strcmp(got, json_object_get_string(val)) != 0)
				fail_msg("%s: %s.%s = '%s', want '%s'", name, pname, key,
					 got ? got : "(none)", json_object_get_string(val));
		}
	}
	if (p->n != nwant)
		fail_msg("%s: %zu profiles, want %zu", name, p->n, nwant);
}

static void
test_profile_parser_suite(void **state)
{
	struct json_object *suite = load_json(AWSCONFIG "/profile-parser-tests.json");
	struct json_object *tests = jget(suite, "tests");
	size_t i, n = json_object_array_length(tests), ok = 0, errors = 0;

	for (i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		struct json_object *in = jget(t, "input"), *out = jget(t, "output");
		const char *name = jstr(t, "name"), *cfg = jstr(in, "configFile");
		const char *cred = jstr(in, "credentialsFile"), *want_err;
		struct aws_profiles p = {0};
		char err[256] = "";
		int rc = 0;

		if (cfg != NULL)
			rc = aws_profiles_parse(&p, cfg, strlen(cfg), 1, err, sizeof(err));
		if (rc == 0 && cred != NULL)
			rc = aws_profiles_parse(&p, cred, strlen(cred), 0, err, sizeof(err));
		want_err = jstr(out, "errorContaining");
		if (want_err != NULL) {
			if (rc == 0)
				fail_msg("%s: parsed, want error '%s'", name, want_err);
			if (strstr(err, want_err) == NULL)
				fail_msg("%s: error '%s', want '%s'", name, err, want_err);
			assert_int_equal(p.n, 0);
			errors++;
		} else {
			if (rc != 0)
				fail_msg("%s: %s", name, err);
			check_profiles(name, &p, jget(jget(out, "config"), "profiles"));
			ok++;
		}
		aws_profiles_free(&p);
	}
	/* 65 cases, every one applies. */
	assert_int_equal(n, 65);
	assert_int_equal(ok + errors, 65);
	assert_int_equal(errors, 10);
	json_object_put(suite);
}

static void
test_profile_get(void **state)
{
	const char *cfg = "[default]\nregion = eu-west-1\n[profile a]\nRegion=us-west-2 ; c\n";
	const char *cred = "[a]\naws_secret_access_key = s3cr#t\n";
	char *v, garbage[512];
	unsigned int seed = 7;
	size_t i, k;

	v = aws_profile_get(cfg, strlen(cfg), 1, "default", "region");
	assert_string_equal(v, "eu-west-1");
	free(v);
	v = aws_profile_get(cfg, strlen(cfg), 1, "a", "REGION");
	assert_string_equal(v, "us-west-2");
	free(v);
	assert_null(aws_profile_get(cfg, strlen(cfg), 1, "b", "region"));
	assert_null(aws_profile_get(cfg, strlen(cfg), 1, "a", "output"));
	/* As a credentials file "[profile a]" is not profile a. */
	assert_null(aws_profile_get(cfg, strlen(cfg), 0, "a", "region"));
	v = aws_profile_get(cred, strlen(cred), 0, "a", "aws_secret_access_key");
	assert_string_equal(v, "s3cr#t");
	free(v);
	/* Truncated: only "[default]\nreg" is read, which is no property. */
	assert_null(aws_profile_get(cfg, 13, 1, "default", "region"));
	/* Text with an embedded NUL and a broken file: nothing, no crash. */
	assert_null(aws_profile_get("[a]\nk=v\0x\n", 10, 0, "a", "k"));
	assert_null(aws_profile_get("[a\nk=v\n", 7, 0, "a", "k"));
	assert_null(aws_profile_get(NULL, 0, 0, "a", "k"));
	assert_null(aws_profile_get("", 0, 0, "a", "k"));
	for (k = 0; k < 200; k++) {
		for (i = 0; i < sizeof(garbage); i++)
			garbage[i] = "[]=#; \t\r\nab"[rand_r(&seed) % 12];
		free(aws_profile_get(garbage, sizeof(garbage), (int)(k & 1), "a", "b"));
	}
}

/* ---- file locations and profile names ---------------------------------- */

static void
test_file_locations(void **state)
{
	struct json_object *suite = load_json(AWSCONFIG "/file-location-tests.json");
	struct json_object *tests = jget(suite, "tests");
	size_t i, n = json_object_array_length(tests), ran = 0;
	char cfg[512], cred[512], err[256];
	const char *want;

	for (i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		const char *name = jstr(t, "name");

		if (strcmp(jstr(t, "platform"), "linux") != 0)
			continue;
		setup(NULL);
		unsetenv("HOME");
		json_object_object_foreach(jget(t, "environment"), k, v)
			setenv(k, json_object_get_string(v), 1);
		assert_int_equal(aws_shared_file_paths(cfg, sizeof(cfg), cred, sizeof(cred), err,
							sizeof(err)),
				 0);
		if (strcmp(cfg, jstr(t, "configLocation")) != 0 ||
		    strcmp(cred, jstr(t, "credentialsLocation")) != 0)
			fail_msg("%s: got %s %s", name, cfg, cred);
		if ((want = jstr(t, "profile")) != NULL)
			assert_string_equal(aws_profile_name(NULL, NULL), want);
		teardown(NULL);
		ran++;
	}
	assert_int_equal(ran, 4);
	json_object_put(suite);
	setup(NULL);
}

static void
test_paths_and_names(void **state)
{
	struct aws_options opt = {0};
	char cfg[512], cred[512], err[256], want[512];
	int named;

	setenv("AWS_CONFIG_FILE", "~/cfg", 1);
	assert_int_equal(aws_shared_file_paths(cfg, sizeof(cfg), cred, sizeof(cred), err,
						sizeof(err)),
			 0);
	snprintf(want, sizeof(want), "%s/cfg", tmpdir);
	assert_string_equal(cfg, want);
	/* Without HOME (a daemon's environment) the passwd entry is used. */
	unsetenv("HOME");
	unsetenv("AWS_CONFIG_FILE");
	assert_int_equal(aws_shared_file_paths(cfg, sizeof(cfg), cred, sizeof(cred), err,
						sizeof(err)),
			 0);
	assert_non_null(strstr(cfg, "/.aws/config"));
	/* Too small a buffer is an error, not a truncated path. */
	assert_int_equal(aws_shared_file_paths(cfg, 8, cred, sizeof(cred), err, sizeof(err)), -1);
	setenv("HOME", tmpdir, 1);

	assert_string_equal(aws_profile_name(NULL, &named), "default");
	assert_int_equal(named, 0);
	setenv("AWS_PROFILE", " ", 1); /* blank is unset */
	setenv("AWS_DEFAULT_PROFILE", "legacy", 1);
	assert_string_equal(aws_profile_name(&opt, &named), "legacy");
	assert_int_equal(named, 1);
	setenv("AWS_PROFILE", "env", 1);
	assert_string_equal(aws_profile_name(&opt, &named), "env");
	opt.profile = "cli";
	assert_string_equal(aws_profile_name(&opt, &named), "cli");
	assert_int_equal(named, 2);
}

/* ---- the credential chain: smithy-rs recorded cases -------------------- */

struct chain_case {
	const char *dir;
	const char *err_contains; /* our error when the case expects one */
	int deviation;            /* expected differs from the suite */
	int no_home;              /* run without the case's profile files */
};

/* Copies the case's fs/home/.aws into our HOME. */
static void
copy_home(const char *casedir)
{
	static const char *const files[] = {"config", "credentials"};
	char src[512], name[64], *text;
	size_t i;

	for (i = 0; i < 2; i++) {
		snprintf(src, sizeof(src), "%s/fs/home/.aws/%s", casedir, files[i]);
		if (access(src, R_OK) != 0)
			continue;
		text = slurp(src);
		snprintf(name, sizeof(name), ".aws/%s", files[i]);
		put_file(name, text);
		free(text);
	}
}

/* Scripts the fake with the recorded traffic; strings stay in traffic. */
static void
fake_from_traffic(struct fake *f, struct json_object *traffic)
{
	struct json_object *events = jget(traffic, "events");
	size_t i, n = json_object_array_length(events);
	struct fake_step *cur = NULL;
	static char bodies[MAXSTEP][2048];

	for (i = 0; i < n; i++) {
		struct json_object *a = jget(json_object_array_get_idx(events, i), "action");
		struct json_object *x;

		if ((x = jget(jget(a, "Request"), "request")) != NULL) {
			struct json_object *tok = jget(jget(x, "headers"), "x-aws-ec2-metadata-token");

			assert_true(f->nsteps < MAXSTEP);
			cur = &f->steps[f->nsteps];
			memset(cur, 0, sizeof(*cur));
			cur->method = jstr(x, "method");
			cur->url = jstr(x, "uri");
			cur->token = tok ? json_object_get_string(json_object_array_get_idx(tok, 0))
					 : NULL;
			bodies[f->nsteps][0] = '\0';
			cur->body = bodies[f->nsteps];
			f->nsteps++;
		} else if ((x = jget(jget(jget(a, "Response"), "response"), "Ok")) != NULL) {
			assert_non_null(cur);
			cur->status = json_object_get_int(jget(x, "status"));
		} else if ((x = jget(a, "Data")) != NULL &&
			   strcmp(jstr(x, "direction"), "Response") == 0) {
			assert_non_null(cur);
			strncat(bodies[f->nsteps - 1], jstr(jget(x, "data"), "Utf8"),
				sizeof(bodies[0]) - strlen(bodies[f->nsteps - 1]) - 1);
		}
	}
}

static void
run_chain_case(const char *root, const struct chain_case *c)
{
	struct json_object *env, *tc, *traffic, *ok, *v;
	struct aws_credentials cred;
	struct http_client http = {&fake_ops, NULL};
	struct fake *f = calloc(1, sizeof(*f));
	char dir[512], path[600], err[1024];
	int rc;

	assert_non_null(f);
	http.impl = f;
	snprintf(dir, sizeof(dir), "%s/%s", root, c->dir);
	snprintf(path, sizeof(path), "%s/env.json", dir);
	env = load_json(path);
	snprintf(path, sizeof(path), "%s/test-case.json", dir);
	tc = load_json(path);
	snprintf(path, sizeof(path), "%s/http-traffic.json", dir);
	traffic = load_json(path);

	json_object_object_foreach(env, k, val)
	{
		if (strcmp(k, "HOME") != 0)
			setenv(k, json_object_get_string(val), 1);
	}
	if (!c->no_home)
		copy_home(dir);
	if (!c->deviation)
		fake_from_traffic(f, traffic);

	rc = aws_credentials_load(NULL, &http, &cred, err, sizeof(err));
	ok = jget(jget(tc, "result"), "Ok");
	if (ok != NULL && !c->deviation) {
		if (rc != 0)
			fail_msg("%s: %s", c->dir, err);
		assert_string_equal(cred.access_key_id, jstr(ok, "access_key_id"));
		assert_string_equal(cred.secret_access_key, jstr(ok, "secret_access_key"));
		if (jstr(ok, "session_token") != NULL)
			assert_string_equal(cred.session_token, jstr(ok, "session_token"));
		else
			assert_null(cred.session_token);
		if ((v = jget(ok, "expiry")) != NULL)
			assert_int_equal(cred.expiration, json_object_get_int64(v));
		assert_null(strstr(cred.source, cred.secret_access_key));
	} else {
		if (rc == 0)
			fail_msg("%s: got credentials from %s, want an error", c->dir, cred.source);
		if (strstr(err, c->err_contains) == NULL)
			fail_msg("%s: error '%s', want '%s'", c->dir, err, c->err_contains);
		assert_null(strstr(err, "testsecret"));
	}
	fake_assert_done(f);
	aws_credentials_clear(&cred);
	json_object_put(env);
	json_object_put(tc);
	json_object_put(traffic);
	free(f);
}

static void
test_chain_smithy_profiles(void **state)
{
	static const struct chain_case cases[] = {
		{"environment_variables", NULL, 0, 0},
		{"environment_variables_blank", NULL, 0, 0},
		{"prefer_environment", NULL, 0, 0},
		{"profile_name", NULL, 0, 0},
		{"profile_static_keys", NULL, 0, 0},
		{"profile_static_keys_case_insensitive", NULL, 0, 0},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		teardown(NULL);
		setup(NULL);
		run_chain_case(AWSCONFIG "/smithy-rs-chain", &cases[i]);
	}
}

static void
test_chain_smithy_imds(void **state)
{
	static const struct chain_case cases[] = {
		{"imds_config_with_no_creds", NULL, 0, 0},
		{"imds_default_chain_success", NULL, 0, 0},
		{"imds_default_chain_retries", NULL, 0, 0},
		{"imds_default_chain_error", "no IAM role attached", 0, 0},
		{"imds_disabled", "disabled by AWS_EC2_METADATA_DISABLED", 0, 0},
		{"imds_token_fail",
		 "credential_source Ec2InstanceMetadata of profile 'default': IMDS at "
		 "http://169.254.169.254: token request forbidden (HTTP 403): IMDS is disabled",
		 0, 0},
		{"imds_token_fail", "IMDS is disabled", 0, 1},
		{"imds_no_iam_role",
		 "credential_source Ec2InstanceMetadata of profile 'default': IMDS at "
		 "http://169.254.169.254: no IAM role attached", 0, 0},
		{"imds_no_iam_role", "no IAM role attached", 0, 1},
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		teardown(NULL);
		setup(NULL);
		run_chain_case(IMDSDIR "/smithy-rs/default-credential-provider-chain", &cases[i]);
	}
}

/* ---- botocore's observed resolution ------------------------------------ */

static void
test_botocore_resolution(void **state)
{
	struct json_object *suite = load_json(AWSCONFIG "/botocore-config-resolution.json");
	struct json_object *results = jget(suite, "results");
	size_t i, n = json_object_array_length(results), ran = 0;

	for (i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(results, i);
		struct json_object *res = jget(t, "botocore_result"), *bc;
		const char *name = jstr(t, "case"), *cfg, *credf, *want_region, *want_ep, *berr;
		const char *want_profile;
		struct aws_credentials cred;
		char region[64], ep[256], err[1024];
		struct fake f = {0};
		struct http_client http = {&fake_ops, &f};
		int rc, named;

		teardown(NULL);
		setup(NULL);
		setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
		setenv("AWS_CONFIG_FILE", (cfg = jstr(t, "config_file")) ? put_file("config", cfg)
									 : "/nonexistent/config", 1);
		setenv("AWS_SHARED_CREDENTIALS_FILE",
		       (credf = jstr(t, "credentials_file")) ? put_file("credentials", credf)
							     : "/nonexistent/credentials",
		       1);
		json_object_object_foreach(jget(t, "env"), k, v)
			setenv(k, json_object_get_string(v), 1);

		/* profile */
		want_profile = jstr(res, "profile");
		if (strstr(name, "AWS_DEFAULT_PROFILE=b and AWS_PROFILE=a") != NULL)
			want_profile = "a"; /* deviation: AWS_PROFILE first (CLI v2) */
		assert_string_equal(aws_profile_name(NULL, &named),
				    want_profile ? want_profile : "default");

		/* region */
		want_region = jstr(res, "region");
		if (strcmp(name, "region: AWS_REGION only") == 0 ||
		    strstr(name, "region: both") == name)
			want_region = "eu-west-2"; /* deviation: AWS_REGION first */
		if (strstr(name, "AWS_DEFAULT_PROFILE=b") != NULL)
			want_region = "us-west-1"; /* follows the profile deviation */
		berr = jstr(res, "error");
		rc = aws_region_resolve(NULL, &http, region, sizeof(region), err, sizeof(err));
		if (want_region != NULL) {
			if (rc != 0)
				fail_msg("%s: region: %s", name, err);
			assert_string_equal(region, want_region);
		} else {
			assert_int_equal(rc, -1);
			if (berr != NULL && strstr(berr, "ProfileNotFound") != NULL)
				assert_non_null(strstr(err, "not found"));
			else
				assert_non_null(strstr(err, "AWS_EC2_METADATA_DISABLED"));
		}

		/* credentials */
		rc = aws_credentials_load(NULL, &http, &cred, err, sizeof(err));
		assert_int_equal(f.nrec, 0);
		if ((bc = jget(res, "credentials")) != NULL && !json_object_is_type(bc, json_type_null)) {
			if (rc != 0)
				fail_msg("%s: credentials: %s", name, err);
			assert_string_equal(cred.access_key_id, jstr(bc, "access_key"));
			assert_string_equal(cred.secret_access_key, jstr(bc, "secret_key"));
			if (jstr(bc, "token") != NULL)
				assert_string_equal(cred.session_token, jstr(bc, "token"));
			else
				assert_null(cred.session_token);
			if (strcmp(jstr(bc, "method"), "env") == 0)
				assert_string_equal(cred.source, "environment");
			else
				assert_non_null(strstr(cred.source,
						       strcmp(jstr(bc, "method"), "config-file") == 0
							       ? "/config"
							       : "/credentials"));
			aws_credentials_clear(&cred);
		} else {
			assert_int_equal(rc, -1);
			if (berr != NULL && strstr(berr, "ProfileNotFound") != NULL)
				assert_non_null(strstr(err, "not found"));
			else if (berr != NULL && strstr(berr, "Partial") != NULL)
				assert_non_null(strstr(err, "AWS_SECRET_ACCESS_KEY"));
			else
				assert_non_null(strstr(err, "AWS_EC2_METADATA_DISABLED"));
		}

		/* endpoint (botocore falls back to us-east-1 without a region);
		 * where our region deviates, so does the endpoint's host */
		want_ep = jstr(res, "ec2_endpoint_url");
		if (want_ep != NULL && strstr(name, "services section") == NULL) {
			const char *r = want_region ? want_region : "us-east-1";
			char want_dev[256];

			if (want_region != NULL && jstr(res, "region") != NULL &&
			    strcmp(want_region, jstr(res, "region")) != 0) {
				snprintf(want_dev, sizeof(want_dev), "https://ec2.%s.amazonaws.com", r);
				want_ep = want_dev;
			} else if (want_region != NULL && jstr(res, "region") == NULL) {
				snprintf(want_dev, sizeof(want_dev), "https://ec2.%s.amazonaws.com", r);
				want_ep = want_dev;
			}
			assert_int_equal(aws_endpoint_resolve(NULL, r, ep, sizeof(ep), err, sizeof(err)),
					 0);
			assert_string_equal(ep, want_ep);
		}
		ran++;
	}
	assert_int_equal(ran, 27);
	json_object_put(suite);
}

/* ---- endpoints --------------------------------------------------------- */

static void
test_endpoints_botocore(void **state)
{
	struct json_object *suite = load_json(FIXTURES_DIR "/ec2/model/endpoints-botocore.json");
	struct json_object *results = jget(suite, "results");
	size_t i, n = json_object_array_length(results);
	char ep[256], err[256];

	for (i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(results, i);

		setenv("AWS_USE_FIPS_ENDPOINT",
		       json_object_get_boolean(jget(t, "use_fips_endpoint")) ? "true" : "false", 1);
		setenv("AWS_USE_DUALSTACK_ENDPOINT",
		       json_object_get_boolean(jget(t, "use_dualstack_endpoint")) ? "TRUE" : "no", 1);
		assert_int_equal(aws_endpoint_resolve(NULL, jstr(t, "region"), ep, sizeof(ep), err,
						      sizeof(err)),
				 0);
		if (strcmp(ep, jstr(t, "endpoint_url")) != 0)
			fail_msg("%s fips=%d dual=%d: got %s, want %s", jstr(t, "region"),
				 json_object_get_boolean(jget(t, "use_fips_endpoint")),
				 json_object_get_boolean(jget(t, "use_dualstack_endpoint")), ep,
				 jstr(t, "endpoint_url"));
	}
	assert_int_equal(n, 44);
	json_object_put(suite);
}

static void
test_endpoint_precedence(void **state)
{
	struct aws_options opt = {0};
	char ep[256], err[256];

	assert_int_equal(aws_endpoint_resolve(&opt, "ap-southeast-1", ep, sizeof(ep), err,
					      sizeof(err)),
			 0);
	assert_string_equal(ep, "https://ec2.ap-southeast-1.amazonaws.com");
	assert_int_equal(aws_endpoint_resolve(&opt, "cn-north-1", ep, sizeof(ep), err, sizeof(err)),
			 0);
	assert_string_equal(ep, "https://ec2.cn-north-1.amazonaws.com.cn");
	setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:5000/", 1);
	assert_int_equal(aws_endpoint_resolve(&opt, "us-east-1", ep, sizeof(ep), err, sizeof(err)),
			 0);
	assert_string_equal(ep, "http://127.0.0.1:5000");
	setenv("AWS_ENDPOINT_URL_EC2", "http://127.0.0.1:5001", 1);
	assert_int_equal(aws_endpoint_resolve(&opt, "us-east-1", ep, sizeof(ep), err, sizeof(err)),
			 0);
	assert_string_equal(ep, "http://127.0.0.1:5001");
	opt.endpoint_url = "https://vpce.example//";
	assert_int_equal(aws_endpoint_resolve(&opt, NULL, ep, sizeof(ep), err, sizeof(err)), 0);
	assert_string_equal(ep, "https://vpce.example");
	opt.endpoint_url = NULL;
	setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
	assert_int_equal(aws_endpoint_resolve(&opt, "us-east-1", ep, sizeof(ep), err, sizeof(err)),
			 0);
	assert_string_equal(ep, "https://ec2.us-east-1.amazonaws.com");
	unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");

	/* bad input */
	opt.endpoint_url = "ftp://x";
	assert_int_equal(aws_endpoint_resolve(&opt, "us-east-1", ep, sizeof(ep), err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "--endpoint-url"));
	opt.endpoint_url = "http://a b";
	assert_int_equal(aws_endpoint_resolve(&opt, "us-east-1", ep, sizeof(ep), err, sizeof(err)),
			 -1);
	opt.endpoint_url = "https://";
	assert_int_equal(aws_endpoint_resolve(&opt, "us-east-1", ep, sizeof(ep), err, sizeof(err)),
			 -1);
	opt.endpoint_url = NULL;
	setenv("AWS_ENDPOINT_URL_EC2", "localhost:5000", 1);
	assert_int_equal(aws_endpoint_resolve(&opt, "us-east-1", ep, sizeof(ep), err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "AWS_ENDPOINT_URL_EC2"));
	unsetenv("AWS_ENDPOINT_URL_EC2");
	unsetenv("AWS_ENDPOINT_URL");
	assert_int_equal(aws_endpoint_resolve(&opt, "Us_East", ep, sizeof(ep), err, sizeof(err)), -1);
	assert_int_equal(aws_endpoint_resolve(&opt, "", ep, sizeof(ep), err, sizeof(err)), -1);
	assert_int_equal(aws_endpoint_resolve(&opt, NULL, ep, sizeof(ep), err, sizeof(err)), -1);
	assert_int_equal(aws_endpoint_resolve(&opt, "us-east-1", ep, 20, err, sizeof(err)), -1);
}

/* The one endpoint rule: the same answer for the option, the variables
 * and the client. */
static void
test_endpoint_rule(void **state)
{
	static const struct {
		const char *url;
		int ok;
		const char *why; /* in the error */
	} cases[] = {
	    {"https://ec2.eu-west-1.amazonaws.com", 1, NULL},
	    {"https://vpce-1.ec2.eu-west-1.vpce.amazonaws.com:8443/x", 1, NULL},
	    {"https://10.0.0.1", 1, NULL},
	    {"http://127.0.0.1:5000", 1, NULL},
	    {"http://127.255.0.9", 1, NULL},
	    {"http://localhost:5000/", 1, NULL},
	    {"http://LOCALHOST", 1, NULL},
	    {"http://[::1]:5000", 1, NULL},
	    {"http://10.0.0.1:5000", 0, "loopback"},
	    {"http://128.0.0.1", 0, "loopback"},
	    {"http://127.1", 0, "loopback"},
	    {"http://localhost.example.com", 0, "loopback"},
	    {"http://[::2]", 0, "loopback"},
	    {"http://[::ffff:10.0.0.1]", 0, "loopback"},
	    {"http://ec2.eu-west-1.amazonaws.com", 0, "loopback"},
	    {"http://user:secretpw@127.0.0.1:1", 0, "credentials"},
	    {"https://AKIA:secretpw@ec2.amazonaws.com", 0, "credentials"},
	    {"ftp://x", 0, "not an http"},
	    {"https://", 0, "no host"},
	    {"http://[]", 0, "no host"},
	    {"http://[::1", 0, "IPv6"},
	    {"http://[::1]x", 0, "IPv6"},
	    {"https://h:8x", 0, "bad port"},
	    {"https://h:", 0, "bad port"},
	    {"https://h:123456", 0, "bad port"},
	    {"https://h/?a=b", 0, "query"},
	    {"https://h/#f", 0, "query"},
	    {"https://a b", 0, "blank"},
	};
	char err[300], ep[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = '\0';
		if ((aws_endpoint_check(cases[i].url, "X", err, sizeof(err)) == 0) !=
		    cases[i].ok)
			fail_msg("%s: want %s (%s)", cases[i].url,
				 cases[i].ok ? "ok" : "refused", err);
		if (cases[i].ok)
			continue;
		if (strncmp(err, "X: ", 3) != 0 || strstr(err, cases[i].why) == NULL)
			fail_msg("%s: error '%s' lacks '%s'", cases[i].url, err,
				 cases[i].why);
		/* a password is never repeated */
		assert_null(strstr(err, "secretpw"));
	}
	/* the variables are held to it, and named */
	setenv("AWS_ENDPOINT_URL", "http://192.0.2.1:5000", 1);
	assert_int_equal(aws_endpoint_resolve(NULL, "us-east-1", ep, sizeof(ep), err,
					      sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "AWS_ENDPOINT_URL: "));
	assert_non_null(strstr(err, "loopback"));
	setenv("AWS_ENDPOINT_URL_EC2", "http://u:secretpw@127.0.0.1:5000", 1);
	assert_int_equal(aws_endpoint_resolve(NULL, "us-east-1", ep, sizeof(ep), err,
					      sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "AWS_ENDPOINT_URL_EC2: credentials"));
	assert_null(strstr(err, "secretpw"));
	unsetenv("AWS_ENDPOINT_URL_EC2");
	unsetenv("AWS_ENDPOINT_URL");
}

/* ---- IMDS endpoint ----------------------------------------------------- */

static void
test_imds_endpoint_suite(void **state)
{
	struct json_object *suite = load_json(IMDSDIR "/smithy-rs/imds-endpoint-tests.json");
	struct json_object *tests = jget(suite, "tests");
	size_t i, n = json_object_array_length(tests), ran = 0;
	char url[256], err[256], want[300];

	for (i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i), *res;
		const char *docs = jstr(t, "docs"), *ok, *e;
		int rc;

		if (jget(t, "endpoint_override") != NULL ||
		    (jget(t, "mode_override") != NULL &&
		     jstr(jget(t, "env"), "AWS_EC2_METADATA_SERVICE_ENDPOINT") == NULL))
			continue;
		teardown(NULL);
		setup(NULL);
		json_object_object_foreach(jget(t, "fs"), fname, text)
			put_file(fname, json_object_get_string(text));
		json_object_object_foreach(jget(t, "env"), k, v)
		{
			if (strcmp(k, "AWS_CONFIG_FILE") == 0) {
				snprintf(want, sizeof(want), "%s/%s", tmpdir, json_object_get_string(v));
				setenv(k, want, 1);
			} else {
				setenv(k, json_object_get_string(v), 1);
			}
		}
		rc = aws_imds_endpoint(NULL, url, sizeof(url), err, sizeof(err));
		res = jget(t, "result");
		if ((ok = jstr(res, "Ok")) != NULL) {
			if (rc != 0)
				fail_msg("%s: %s", docs, err);
			snprintf(want, sizeof(want), "%s/latest/api/token", url);
			assert_string_equal(want, ok);
		} else {
			e = jstr(res, "Err");
			if (rc == 0)
				fail_msg("%s: got %s, want error %s", docs, url, e);
			/* Mode errors quote the suite's words; URL errors say why
			 * in ours. */
			if (strstr(e, "endpoint mode") != NULL)
				assert_non_null(strstr(err, e));
			else
				assert_non_null(strstr(err, "AWS_EC2_METADATA_SERVICE_ENDPOINT"));
		}
		ran++;
	}
	assert_int_equal(ran, 12);
	json_object_put(suite);
}

/* ---- IMDS details with the fake ----------------------------------------- */

static void
test_imds_requests(void **state)
{
	struct fake f = {0};
	struct http_client http = {&fake_ops, &f};
	struct aws_options opt = {.imds_timeout_s = 2.5};
	struct aws_credentials c;
	char err[512];

	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:9/", 1);
	fake_good_creds(&f, "http://127.0.0.1:9", "vyos-router", CREDS_JSON);
	assert_int_equal(aws_credentials_load(&opt, &http, &c, err, sizeof(err)), 0);
	fake_assert_done(&f);
	assert_int_equal(f.nrec, 3);
	assert_string_equal(f.method[0], "PUT");
	assert_string_equal(f.ttl[0], "21600");
	assert_string_equal(f.token[0], "");
	assert_string_equal(f.token[1], "TOKEN-abc");
	assert_string_equal(f.token[2], "TOKEN-abc");
	assert_string_equal(f.ttl[1], "");
	assert_int_equal(f.timeout_ms[0], 2500);
	assert_string_equal(c.access_key_id, "ASIARTEST");
	assert_string_equal(c.secret_access_key, "testsecret");
	assert_string_equal(c.session_token, "testtoken");
	assert_int_equal(c.expiration, 1632197813);
	assert_string_equal(c.source, "instance role 'vyos-router' (IMDS)");
	aws_credentials_clear(&c);
	assert_null(c.secret_access_key);

	/* An IAM user's keys served by a test endpoint: no Token, no
	 * session token (fractional seconds in Expiration are fine). */
	memset(&f, 0, sizeof(f));
	fake_good_creds(&f, "http://127.0.0.1:9", "r",
			"{\"AccessKeyId\":\"AKIDUSER\",\"SecretAccessKey\":\"s\","
			"\"Expiration\":\"2030-01-01T00:00:00.123Z\"}");
	assert_int_equal(aws_credentials_load(&opt, &http, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key_id, "AKIDUSER");
	assert_null(c.session_token);
	assert_int_equal(c.expiration, 1893456000);
	aws_credentials_clear(&c);
}

static void
test_imds_fixture_bodies(void **state)
{
	static const char *const files[] = {
		IMDSDIR "/aws-docs/security-credentials-role.json",
		IMDSDIR "/aemm/extracted-iam-security-credentials-role.json",
		IMDSDIR "/smithy-rs/extracted/security-credentials-role-response.json",
	};
	struct aws_credentials c;
	char err[512], *body, *role;
	size_t i;

	role = slurp(IMDSDIR "/smithy-rs/extracted/security-credentials-list-response.txt");
	for (i = 0; i < 3; i++) {
		struct fake f = {0};
		struct http_client http = {&fake_ops, &f};
		struct json_object *o = load_json(files[i]);

		body = slurp(files[i]);
		fake_good_creds(&f, IMDS, role, body);
		if (aws_credentials_load(NULL, &http, &c, err, sizeof(err)) != 0)
			fail_msg("%s: %s", files[i], err);
		fake_assert_done(&f);
		assert_string_equal(c.access_key_id, jstr(o, "AccessKeyId"));
		assert_string_equal(c.secret_access_key, jstr(o, "SecretAccessKey"));
		assert_string_equal(c.session_token, jstr(o, "Token"));
		assert_true(c.expiration > 0);
		aws_credentials_clear(&c);
		json_object_put(o);
		free(body);
	}
	free(role);
}

struct imds_bad {
	const char *what;
	long st[3];
	const char *body[3];
	const char *err;
};

static void
test_imds_errors(void **state)
{
	static const struct imds_bad cases[] = {
		{"token 400", {400}, {""}, "answered HTTP 400"},
		{"token 403", {403}, {""}, "IMDS is disabled"},
		{"token empty", {200}, {"  \n"}, "unusable session token"},
		{"token with blanks", {200}, {"a b"}, "unusable session token"},
		{"listing 401", {200, 401}, {"T", ""}, "session token refused"},
		{"listing 404", {200, 404}, {"T", "<html/>"}, "no IAM role attached"},
		{"listing empty", {200, 200}, {"T", "\n"}, "unusable role name"},
		{"listing bad name", {200, 200}, {"T", "../etc"}, "unusable role name"},
		{"creds 404", {200, 200, 404}, {"T", "r", ""}, "no credentials for role 'r'"},
		{"creds not JSON", {200, 200, 200}, {"T", "r", "AccessKeyId=x"}, "not a JSON object"},
		{"creds truncated", {200, 200, 200}, {"T", "r", "{\"AccessKeyId\": \"A"}, "not a JSON object"},
		{"creds trailing", {200, 200, 200}, {"T", "r", "{} {}"}, "not a JSON object"},
		{"creds array", {200, 200, 200}, {"T", "r", "[1]"}, "not a JSON object"},
		{"creds no Expiration",
		 {200, 200, 200},
		 {"T", "r", "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"hush\",\"Token\":\"t\"}"},
		 "lack Expiration"},
		{"creds empty secret",
		 {200, 200, 200},
		 {"T", "r",
		  "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"\",\"Token\":\"hush\",\"Expiration\":\"2030-01-01T00:00:00Z\"}"},
		 "lack SecretAccessKey"},
		{"creds number",
		 {200, 200, 200},
		 {"T", "r",
		  "{\"AccessKeyId\":1,\"SecretAccessKey\":\"hush\",\"Token\":\"t\",\"Expiration\":\"2030-01-01T00:00:00Z\"}"},
		 "lack AccessKeyId"},
		{"creds Code",
		 {200, 200, 200},
		 {"T", "r", "{\"Code\":\"AssumeRoleUnauthorizedAccess\",\"Message\":\"m\"}"},
		 "Code AssumeRoleUnauthorizedAccess"},
		{"creds bad Expiration",
		 {200, 200, 200},
		 {"T", "r",
		  "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"hush\",\"Token\":\"t\",\"Expiration\":\"tomorrow\"}"},
		 "bad Expiration"},
		{"creds 500 x3", {200, 200, 500}, {"T", "r", ""}, "answered HTTP 500"},
	};
	size_t i, k;

	setenv("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "1", 1);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct fake f = {0};
		struct http_client http = {&fake_ops, &f};
		struct aws_credentials c;
		char err[1024];

		for (k = 0; k < 3 && cases[i].st[k] != 0; k++)
			fake_add(&f, NULL, NULL, cases[i].st[k], cases[i].body[k]);
		if (aws_credentials_load(NULL, &http, &c, err, sizeof(err)) == 0)
			fail_msg("%s: got credentials", cases[i].what);
		if (strstr(err, cases[i].err) == NULL)
			fail_msg("%s: error '%s', want '%s'", cases[i].what, err, cases[i].err);
		/* Where it looked, never a secret. */
		assert_non_null(strstr(err, IMDS));
		assert_null(strstr(err, "hush"));
		assert_null(c.access_key_id);
		fake_assert_done(&f);
	}
}

static void
test_imds_retries_and_transport(void **state)
{
	struct fake f = {0};
	struct http_client http = {&fake_ops, &f};
	struct aws_credentials c;
	char err[1024];

	/* 503 is retried up to AWS_METADATA_SERVICE_NUM_ATTEMPTS. */
	setenv("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "2", 1);
	fake_add(&f, "PUT", IMDS "/latest/api/token", 503, "");
	fake_add(&f, "PUT", IMDS "/latest/api/token", 503, "");
	assert_int_equal(aws_credentials_load(NULL, &http, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "HTTP 503"));
	fake_assert_done(&f);

	/* A timeout is not retried: off EC2 nothing answers. */
	memset(&f, 0, sizeof(f));
	fake_add(&f, "PUT", IMDS "/latest/api/token", 0, NULL);
	f.steps[0].transport_error = f.steps[0].timed_out = 1;
	assert_int_equal(aws_credentials_load(NULL, &http, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "IMDS at " IMDS));
	assert_non_null(strstr(err, "timed out"));
	assert_non_null(strstr(err, "nor in profile 'default'"));
	fake_assert_done(&f);

	/* bad settings */
	setenv("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "0", 1);
	assert_int_equal(aws_credentials_load(NULL, &http, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "AWS_METADATA_SERVICE_NUM_ATTEMPTS"));
	unsetenv("AWS_METADATA_SERVICE_NUM_ATTEMPTS");
	setenv("AWS_METADATA_SERVICE_TIMEOUT", "soon", 1);
	assert_int_equal(aws_credentials_load(NULL, &http, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "AWS_METADATA_SERVICE_TIMEOUT"));
	unsetenv("AWS_METADATA_SERVICE_TIMEOUT");
	setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv7", 1);
	assert_int_equal(aws_credentials_load(NULL, &http, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "`IPv7` is not a valid endpoint mode"));
	assert_int_equal(f.nrec, 1); /* nothing more was asked */

	/* no http client: IMDS is not tried */
	unsetenv("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE");
	assert_int_equal(aws_credentials_load(NULL, NULL, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "IMDS not available"));
}

/* ---- region ------------------------------------------------------------- */

static void
test_region(void **state)
{
	struct fake f = {0};
	struct http_client http = {&fake_ops, &f};
	struct aws_options opt = {0};
	char region[64], err[1024], *doc;

	/* IMDS placement/region */
	fake_add(&f, "PUT", IMDS "/latest/api/token", 200, "T");
	fake_add(&f, "GET", IMDS "/latest/meta-data/placement/region", 200, "ap-southeast-1\n");
	assert_int_equal(aws_region_resolve(&opt, &http, region, sizeof(region), err, sizeof(err)),
			 0);
	assert_string_equal(region, "ap-southeast-1");
	assert_string_equal(f.token[1], "T");
	fake_assert_done(&f);

	/* the identity document when placement/region is missing */
	memset(&f, 0, sizeof(f));
	doc = slurp(IMDSDIR "/aws-docs/instance-identity-document.json");
	fake_add(&f, "PUT", IMDS "/latest/api/token", 200, "T");
	fake_add(&f, "GET", IMDS "/latest/meta-data/placement/region", 404, "<html/>");
	fake_add(&f, "GET", IMDS "/latest/dynamic/instance-identity/document", 200, doc);
	assert_int_equal(aws_region_resolve(&opt, &http, region, sizeof(region), err, sizeof(err)),
			 0);
	assert_string_equal(region, "us-west-2");
	fake_assert_done(&f);
	free(doc);

	/* garbage from IMDS */
	memset(&f, 0, sizeof(f));
	fake_add(&f, "PUT", IMDS "/latest/api/token", 200, "T");
	fake_add(&f, "GET", IMDS "/latest/meta-data/placement/region", 200, "<html>oops</html>");
	assert_int_equal(aws_region_resolve(&opt, &http, region, sizeof(region), err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "invalid region"));
	assert_non_null(strstr(err, "AWS_DEFAULT_REGION"));
	memset(&f, 0, sizeof(f));
	fake_add(&f, "PUT", IMDS "/latest/api/token", 200, "T");
	fake_add(&f, "GET", IMDS "/latest/meta-data/placement/region", 404, "");
	fake_add(&f, "GET", IMDS "/latest/dynamic/instance-identity/document", 200, "{\"region\":");
	assert_int_equal(aws_region_resolve(&opt, &http, region, sizeof(region), err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "identity document has no region"));

	/* precedence: config < AWS_DEFAULT_REGION < AWS_REGION < --region */
	memset(&f, 0, sizeof(f));
	put_file(".aws/config", "[default]\nregion = eu-central-1\n[profile x]\nregion=sa-east-1\n");
	assert_int_equal(aws_region_resolve(&opt, &http, region, sizeof(region), err, sizeof(err)),
			 0);
	assert_string_equal(region, "eu-central-1");
	opt.profile = "x";
	assert_int_equal(aws_region_resolve(&opt, &http, region, sizeof(region), err, sizeof(err)),
			 0);
	assert_string_equal(region, "sa-east-1");
	setenv("AWS_DEFAULT_REGION", "eu-west-1", 1);
	assert_int_equal(aws_region_resolve(&opt, &http, region, sizeof(region), err, sizeof(err)),
			 0);
	assert_string_equal(region, "eu-west-1");
	setenv("AWS_REGION", "eu-west-2", 1);
	assert_int_equal(aws_region_resolve(&opt, &http, region, sizeof(region), err, sizeof(err)),
			 0);
	assert_string_equal(region, "eu-west-2");
	opt.region = "us-west-1";
	assert_int_equal(aws_region_resolve(&opt, &http, region, sizeof(region), err, sizeof(err)),
			 0);
	assert_string_equal(region, "us-west-1");
	assert_int_equal(f.nrec, 0);

	/* bad values name their source */
	opt.region = "us east 1";
	assert_int_equal(aws_region_resolve(&opt, &http, region, sizeof(region), err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "--region"));
	opt.region = "us-east-1";
	assert_int_equal(aws_region_resolve(&opt, &http, region, 4, err, sizeof(err)), -1);
	opt.region = NULL;
	setenv("AWS_REGION", "-x", 1);
	assert_int_equal(aws_region_resolve(&opt, &http, region, sizeof(region), err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "AWS_REGION"));
	unsetenv("AWS_REGION");
	unsetenv("AWS_DEFAULT_REGION");
	opt.profile = "nope";
	assert_int_equal(aws_region_resolve(&opt, &http, region, sizeof(region), err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "profile 'nope' (--profile) not found"));
}

/* ---- credentials: files and environment --------------------------------- */

static void
test_credentials_files(void **state)
{
	struct aws_options opt = {0};
	struct aws_credentials c;
	const char *credpath;
	char err[1024];

	setenv("AWS_EC2_METADATA_DISABLED", "TRUE", 1);
	credpath = strdup(put_file(".aws/credentials",
			    "[default]\naws_access_key_id = AKIDDEF\naws_secret_access_key = "
			    "hushdef\n[ops]\naws_access_key_id=AKIDOPS\naws_secret_access_key=hushops\n"
			    "aws_session_token = tok\n[half]\naws_access_key_id = AKIDHALF\n"));
	put_file(".aws/config", "[profile role]\nrole_arn = arn:aws:iam::1:role/x\n"
				"source_profile = default\n[profile cfg]\naws_access_key_id = AKIDCFG\n"
				"aws_secret_access_key = hushcfg\n[profile ops]\nregion = eu-west-1\n");
	assert_int_equal(aws_credentials_load(&opt, NULL, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key_id, "AKIDDEF");
	assert_null(c.session_token);
	assert_non_null(strstr(c.source, "profile 'default' in "));
	assert_non_null(strstr(c.source, "/.aws/credentials"));
	aws_credentials_clear(&c);

	/* --profile beats environment keys; AWS_PROFILE does not. */
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "hushenv", 1);
	setenv("AWS_PROFILE", "ops", 1);
	assert_int_equal(aws_credentials_load(&opt, NULL, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key_id, "AKIDENV");
	assert_string_equal(c.source, "environment");
	aws_credentials_clear(&c);
	opt.profile = "ops";
	assert_int_equal(aws_credentials_load(&opt, NULL, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key_id, "AKIDOPS");
	assert_string_equal(c.session_token, "tok");
	aws_credentials_clear(&c);
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	unsetenv("AWS_PROFILE");

	/* keys in the config file */
	opt.profile = "cfg";
	assert_int_equal(aws_credentials_load(&opt, NULL, &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key_id, "AKIDCFG");
	assert_non_null(strstr(c.source, "/.aws/config"));
	aws_credentials_clear(&c);

	/* errors name the place, never a secret */
	opt.profile = "half";
	assert_int_equal(aws_credentials_load(&opt, NULL, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "profile 'half'"));
	assert_non_null(strstr(err, credpath));
	opt.profile = "role";
	assert_int_equal(aws_credentials_load(&opt, NULL, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "role_arn"));
	opt.profile = "missing";
	assert_int_equal(aws_credentials_load(&opt, NULL, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "profile 'missing' (--profile) not found in"));
	assert_null(c.access_key_id);
	opt.profile = NULL;
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	assert_int_equal(aws_credentials_load(&opt, NULL, &c, err, sizeof(err)), -1);
	assert_string_equal(err, "partial credentials in the environment: AWS_ACCESS_KEY_ID is set "
				 "but AWS_SECRET_ACCESS_KEY is not");
	unsetenv("AWS_ACCESS_KEY_ID");
	setenv("AWS_SECRET_ACCESS_KEY", "hushenv", 1);
	setenv("AWS_SESSION_TOKEN", "t", 1);
	assert_int_equal(aws_credentials_load(&opt, NULL, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not"));
	assert_null(strstr(err, "hush"));
	unsetenv("AWS_SECRET_ACCESS_KEY");
	unsetenv("AWS_SESSION_TOKEN");

	/* legacy token variable */
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "hushenv", 1);
	setenv("AWS_SECURITY_TOKEN", "legacy", 1);
	assert_int_equal(aws_credentials_load(&opt, NULL, &c, err, sizeof(err)), 0);
	assert_string_equal(c.session_token, "legacy");
	aws_credentials_clear(&c);
	unsetenv("AWS_ACCESS_KEY_ID");
	unsetenv("AWS_SECRET_ACCESS_KEY");
	unsetenv("AWS_SECURITY_TOKEN");

	free((char *)credpath);
	/* a file that does not parse is an error with its path and line */
	credpath = put_file(".aws/credentials", "[default]\naws_access_key_id AKID\n");
	assert_int_equal(aws_credentials_load(&opt, NULL, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, credpath));
	assert_non_null(strstr(err, "line 2: Expected an '=' sign"));
	/* a directory where the file should be */
	setenv("AWS_SHARED_CREDENTIALS_FILE", tmpdir, 1);
	assert_int_equal(aws_credentials_load(&opt, NULL, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, tmpdir));
	/* no files at all, IMDS disabled: every place is named */
	setenv("AWS_SHARED_CREDENTIALS_FILE", "/nonexistent/c", 1);
	setenv("AWS_CONFIG_FILE", "/nonexistent/f", 1);
	assert_int_equal(aws_credentials_load(&opt, NULL, &c, err, sizeof(err)), -1);
	assert_string_equal(err, "none in the environment (AWS_ACCESS_KEY_ID), nor in profile "
				 "'default' (/nonexistent/c, /nonexistent/f); IMDS not available");
}

static void
test_ids(void **state)
{
	assert_true(aws_id_valid("rtb-0a1b2c3d", "rtb"));
	assert_true(aws_id_valid("rtb-0123456789abcdef0", "rtb"));
	assert_false(aws_id_valid("rtb-0123456789abcdef", "rtb")); /* 16 */
	assert_false(aws_id_valid("rtb-0A1B2C3D", "rtb"));
	assert_false(aws_id_valid("rtb-0a1b2c3g", "rtb"));
	assert_false(aws_id_valid("rtb0a1b2c3d", "rtb"));
	assert_false(aws_id_valid("i-0a1b2c3d", "rtb"));
	assert_false(aws_id_valid(NULL, "rtb"));
	assert_true(aws_target_valid("i-0123456789abcdef0"));
	assert_true(aws_target_valid("eni-12345678"));
	assert_false(aws_target_valid("igw-12345678"));
	assert_false(aws_target_valid("eni-"));
	assert_false(aws_target_valid("i-1234567"));
}

static void
test_region_valid(void **state)
{
	(void)state;
	assert_true(aws_region_valid("ap-southeast-1"));
	assert_true(aws_region_valid("us-gov-west-1"));
	assert_true(aws_region_valid("x"));
	assert_false(aws_region_valid(""));
	assert_false(aws_region_valid("-eu-west-1"));
	assert_false(aws_region_valid("eu-west-1-"));
	assert_false(aws_region_valid("Us_East"));
	assert_false(aws_region_valid("eu west"));
	assert_false(aws_region_valid("a1234567890123456789012345678901234567890")); /* 41 */
	assert_true(aws_region_valid("a123456789012345678901234567890123456789")); /* 40 */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_profile_parser_suite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_get, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_locations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_paths_and_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chain_smithy_profiles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chain_smithy_imds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_botocore_resolution, setup, teardown),
		cmocka_unit_test_setup_teardown(test_endpoints_botocore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_endpoint_precedence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_endpoint_rule, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imds_endpoint_suite, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imds_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imds_fixture_bodies, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imds_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_imds_retries_and_transport, setup, teardown),
		cmocka_unit_test_setup_teardown(test_region, setup, teardown),
		cmocka_unit_test_setup_teardown(test_credentials_files, setup, teardown),
		cmocka_unit_test(test_ids),
		cmocka_unit_test(test_region_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
