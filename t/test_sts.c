/* SPDX-License-Identifier: ISC */
/*
 * The parts of the chain beyond static keys and IMDS: STS's answers and
 * requests (through a recording fake http_client), credential_process
 * (splitting, its JSON, real child processes), container credentials (the
 * allowed hosts, the JSON, the token), the profile resolution (chains,
 * loops, SSO, credential_source) and the role credential cache.
 */
#include "config.h"

#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "aws/aws_creds.h"
#include "aws/cache.h"
#include "aws/container.h"
#include "aws/process.h"
#include "aws/profile.h"
#include "aws/query.h"
#include "aws/region.h"
#include "aws/sts.h"
#include "core/clock.h"

static const char *const aws_vars[] = {
	"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
	"AWS_DEFAULT_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "AWS_REGION",
	"AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ROLE_ARN",
	"AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_SESSION_NAME",
	"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
	"AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
	"AWS_EC2_METADATA_DISABLED", "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT",
	"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
};

static char tmpdir[256];

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(path);
}

static int
setup(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(aws_vars) / sizeof(aws_vars[0]); i++)
		unsetenv(aws_vars[i]);
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_sts.XXXXXX");
	if (mkdtemp(tmpdir) == NULL)
		return -1;
	setenv("HOME", tmpdir, 1);
	setenv("AWS_EC2_METADATA_DISABLED", "true", 1);
	return 0;
}

static int
teardown(void **state)
{
	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return 0;
}

static const char *
put_file(const char *name, const char *text)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "wb");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

/* ---- a recording fake http_client ---------------------------------------- */

struct fake {
	long status[4];
	const char *body[4];
	size_t n, pos;
	char url[4][256];
	char req_body[4][4096];
	int signed_req[4];
	char auth[4][256];
	int no_proxy[4];
};

static int
fake_perform(void *impl, struct http_exchange *x, size_t n)
{
	struct fake *f = impl;
	size_t i, j;

	for (i = 0; i < n; i++) {
		struct http_response *r = &x[i].resp;

		memset(r, 0, sizeof(*r));
		assert_true(f->pos < f->n);
		snprintf(f->url[f->pos], sizeof(f->url[0]), "%s", x[i].req.url);
		snprintf(f->req_body[f->pos], sizeof(f->req_body[0]), "%.*s",
			 (int)x[i].req.bodylen, x[i].req.body ? x[i].req.body : "");
		f->no_proxy[f->pos] = x[i].req.no_proxy;
		for (j = 0; j < x[i].req.nheaders; j++) {
			if (strcasecmp(x[i].req.headers[j].name, "Authorization") == 0) {
				f->signed_req[f->pos] =
					strncmp(x[i].req.headers[j].value, "AWS4-", 5) == 0;
				snprintf(f->auth[f->pos], sizeof(f->auth[0]), "%s",
					 x[i].req.headers[j].value);
			}
		}
		r->status = f->status[f->pos];
		r->body = strdup(f->body[f->pos]);
		r->bodylen = strlen(r->body);
		f->pos++;
	}
	return 0;
}

static void
fake_free(void *impl)
{
}

static const struct http_ops fake_ops = {fake_perform, fake_free};

/* ---- STS ------------------------------------------------------------------- */

static const char sts_ok[] =
	"<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\n"
	"<AssumeRoleResult><SourceIdentity>x</SourceIdentity><AssumedRoleUser>\n"
	"<Arn>arn:aws:sts::123456789012:assumed-role/demo/s1</Arn>\n"
	"<AssumedRoleId>ARO123EXAMPLE123:s1</AssumedRoleId></AssumedRoleUser>\n"
	"<Credentials><AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>\n"
	"<SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>\n"
	"<SessionToken>AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQW"
	"</SessionToken><Expiration>2030-07-15T23:28:33.359Z</Expiration></Credentials>\n"
	"<PackedPolicySize>6</PackedPolicySize></AssumeRoleResult>\n"
	"<ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>"
	"</ResponseMetadata></AssumeRoleResponse>";

static void
test_sts_parse(void **state)
{
	struct aws_credentials c;
	char arn[256], err[256];
	/* The same answer with one part taken out. */
	static const char *const cut[] = {"<SessionToken>", "<Expiration>", "<Credentials>"};
	size_t i;

	memset(&c, 0, sizeof(c));
	assert_int_equal(sts_parse_credentials(sts_ok, strlen(sts_ok), &c, arn, sizeof(arn), err,
					       sizeof(err)), 0);
	assert_string_equal(c.access_key_id, "ASIAIOSFODNN7EXAMPLE");
	assert_string_equal(c.secret_access_key, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
	assert_non_null(strstr(c.session_token, "AQoDYXdzEPT"));
	assert_int_equal(c.expiration, 1910388513);
	assert_string_equal(arn, "arn:aws:sts::123456789012:assumed-role/demo/s1");
	aws_credentials_clear(&c);

	for (i = 0; i < sizeof(cut) / sizeof(cut[0]); i++) {
		char doc[sizeof(sts_ok)], *p;

		memcpy(doc, sts_ok, sizeof(sts_ok));
		p = strstr(doc, cut[i]);
		/* Rename the element so that it is not found. */
		p[1] = 'X';
		p = strstr(p + 1, cut[i] + 1) - 1; /* its closing tag */
		assert_true(p[0] == '/');
		p[1] = 'X';
		assert_int_equal(sts_parse_credentials(doc, strlen(doc), &c, arn, sizeof(arn), err,
						       sizeof(err)), -1);
		assert_null(strstr(err, "wJalr"));
		assert_null(c.access_key_id);
	}
	assert_int_equal(sts_parse_credentials("<a>", 3, &c, arn, sizeof(arn), err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "not XML"));
}

static void
test_sts_error_and_arn(void **state)
{
	static const char doc[] =
		"<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error>"
		"<Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::1:user/u"
		" is not authorized to perform: sts:AssumeRole</Message></Error>"
		"<RequestId>abc</RequestId></ErrorResponse>";
	struct aws_query_error e;

	memset(&e, 0, sizeof(e));
	assert_int_equal(aws_query_parse_error(doc, strlen(doc), &e), 0);
	assert_string_equal(e.code, "AccessDenied");
	assert_string_equal(e.request_id, "abc");
	assert_true(aws_retry_retryable(400, "IDPCommunicationError"));
	assert_false(aws_retry_retryable(400, "InvalidIdentityToken"));
	assert_false(aws_retry_retryable(403, "AccessDenied"));

	assert_true(sts_role_arn_valid("arn:aws:iam::123456789012:role/route-failover"));
	assert_true(sts_role_arn_valid("arn:aws-cn:iam::123456789012:role/path/to/r+=,.@-_"));
	assert_false(sts_role_arn_valid("arn:aws:iam::123456789012:user/x"));
	assert_false(sts_role_arn_valid("arn:aws:iam::12345678901x:role/x"));
	assert_false(sts_role_arn_valid("arn:aws:iam::123456789012:role/"));
	assert_false(sts_role_arn_valid("arn:aws:iam::123456789012:role/a b"));
	assert_false(sts_role_arn_valid("role/x"));
	assert_false(sts_role_arn_valid(NULL));
}

static void
test_sts_endpoint(void **state)
{
	char out[256], err[256];

	assert_int_equal(aws_sts_endpoint_resolve("eu-west-1", out, sizeof(out), err, sizeof(err)),
			 0);
	assert_string_equal(out, "https://sts.eu-west-1.amazonaws.com");
	assert_int_equal(aws_sts_endpoint_resolve("cn-north-1", out, sizeof(out), err,
						  sizeof(err)), 0);
	assert_string_equal(out, "https://sts.cn-north-1.amazonaws.com.cn");
	setenv("AWS_USE_FIPS_ENDPOINT", "true", 1);
	assert_int_equal(aws_sts_endpoint_resolve("us-east-1", out, sizeof(out), err, sizeof(err)),
			 0);
	assert_string_equal(out, "https://sts-fips.us-east-1.amazonaws.com");
	unsetenv("AWS_USE_FIPS_ENDPOINT");
	setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:1/", 1);
	assert_int_equal(aws_sts_endpoint_resolve("us-east-1", out, sizeof(out), err, sizeof(err)),
			 0);
	assert_string_equal(out, "http://127.0.0.1:1");
	setenv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:2", 1);
	assert_int_equal(aws_sts_endpoint_resolve("us-east-1", out, sizeof(out), err, sizeof(err)),
			 0);
	assert_string_equal(out, "http://127.0.0.1:2");
	setenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true", 1);
	assert_int_equal(aws_sts_endpoint_resolve("us-east-1", out, sizeof(out), err, sizeof(err)),
			 0);
	assert_string_equal(out, "https://sts.us-east-1.amazonaws.com");
	setenv("AWS_ENDPOINT_URL_STS", "ftp://x", 1);
	unsetenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
	assert_int_equal(aws_sts_endpoint_resolve("us-east-1", out, sizeof(out), err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "AWS_ENDPOINT_URL_STS"));
}

static void
sts_cfg(struct aws_query_config *qc, struct http_client *http)
{
	memset(qc, 0, sizeof(*qc));
	qc->endpoint_url = "https://sts.eu-west-1.amazonaws.com";
	qc->region = "eu-west-1";
	qc->http = http;
	qc->retry.max_attempts = 1;
}

static void
test_sts_requests(void **state)
{
	struct fake f = {.status = {200, 403, 200}, .body = {sts_ok, "", sts_ok}, .n = 3};
	struct http_client http = {&fake_ops, &f};
	struct aws_credentials src, out;
	struct aws_query_config qc;
	struct sts_assume a = {"arn:aws:iam::123456789012:role/demo", "s1", "ext-42", 900, NULL};
	char err[512];
	static const char deny[] =
		"<ErrorResponse><Error><Code>AccessDenied</Code><Message>not allowed</Message>"
		"</Error></ErrorResponse>";

	f.body[1] = deny;
	sts_cfg(&qc, &http);
	memset(&src, 0, sizeof(src));
	assert_int_equal(aws_credentials_set(&src, "AKIDSRC", "srcsecret", NULL, err, sizeof(err)),
			 0);
	assert_int_equal(sts_assume_role(&qc, &src, &a, &out, err, sizeof(err)), 0);
	assert_string_equal(f.url[0], "https://sts.eu-west-1.amazonaws.com/");
	assert_string_equal(f.req_body[0],
			    "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A"
			    "123456789012%3Arole%2Fdemo&RoleSessionName=s1&DurationSeconds=900&"
			    "ExternalId=ext-42");
	assert_true(f.signed_req[0]);
	assert_non_null(strstr(f.auth[0], "/eu-west-1/sts/aws4_request"));
	assert_string_equal(out.identity, a.role_arn);
	aws_credentials_clear(&out);

	/* An error reaches the caller by its code. */
	assert_int_equal(sts_assume_role(&qc, &src, &a, &out, err, sizeof(err)), -1);
	assert_string_equal(err, "STS AssumeRole for arn:aws:iam::123456789012:role/demo: "
				 "AccessDenied: not allowed (HTTP 403)");

	/* Web identity: unsigned, the token in the body, no external id. */
	a.web_identity_token = "eyJhbGciOi.web.token";
	assert_int_equal(sts_assume_role(&qc, NULL, &a, &out, err, sizeof(err)), 0);
	assert_false(f.signed_req[2]);
	assert_string_equal(f.auth[2], "");
	assert_non_null(strstr(f.req_body[2], "Action=AssumeRoleWithWebIdentity&"));
	assert_non_null(strstr(f.req_body[2], "&WebIdentityToken=eyJhbGciOi.web.token"));
	assert_null(strstr(f.req_body[2], "ExternalId"));
	aws_credentials_clear(&out);
	aws_credentials_clear(&src);

	a.role_arn = "arn:aws:iam::123456789012:user/demo";
	assert_int_equal(sts_assume_role(&qc, NULL, &a, &out, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "is not a role ARN"));
}

/* ---- credential_process ---------------------------------------------------- */

static void
assert_split(const char *cmd, const char *const *want)
{
	char **argv, err[128];
	size_t i;

	if (aws_process_split(cmd, &argv, err, sizeof(err)) != 0)
		fail_msg("split '%s': %s", cmd, err);
	for (i = 0; want[i] != NULL; i++) {
		assert_non_null(argv[i]);
		assert_string_equal(argv[i], want[i]);
	}
	assert_null(argv[i]);
	aws_process_argv_free(argv);
}

static void
test_process_split(void **state)
{
	char **argv, err[128];

	assert_split("/usr/bin/helper --profile x",
		     (const char *const[]){"/usr/bin/helper", "--profile", "x", NULL});
	assert_split("  a   'b c'  \"d \\\"e\\\" $HOME\" f\\ g  ",
		     (const char *const[]){"a", "b c", "d \"e\" $HOME", "f g", NULL});
	assert_split("a '' \"\" 'x'y\"z\"", (const char *const[]){"a", "", "", "xyz", NULL});
	assert_split("a 'it\\s' \"a\\b\"", (const char *const[]){"a", "it\\s", "a\\b", NULL});
	/* no shell: these are words, not operators */
	assert_split("a ; b | c > d $(e)",
		     (const char *const[]){"a", ";", "b", "|", "c", ">", "d", "$(e)", NULL});
	assert_int_equal(aws_process_split("a 'b", &argv, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unterminated single quote"));
	assert_int_equal(aws_process_split("a \"b", &argv, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unterminated double quote"));
	assert_int_equal(aws_process_split("   ", &argv, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "empty command"));
	assert_int_equal(aws_process_split("a \\", &argv, err, sizeof(err)), -1);
	assert_null(argv);
}

static void
test_process_parse(void **state)
{
	struct aws_credentials c;
	char err[256];
	static const char good[] =
		"{\"Version\": 1, \"AccessKeyId\": \"AKIDP\", \"SecretAccessKey\": \"psecret\","
		" \"SessionToken\": \"ptoken\", \"Expiration\": \"2030-01-01T00:00:00Z\"}\n";
	static const char *const bad[][2] = {
		{"not json", "not a JSON object"},
		{"[1]", "not a JSON object"},
		{"{\"Version\": 2, \"AccessKeyId\": \"a\", \"SecretAccessKey\": \"s\"}",
		 "\"Version\": 1"},
		{"{\"Version\": \"1\", \"AccessKeyId\": \"a\", \"SecretAccessKey\": \"s\"}",
		 "\"Version\": 1"},
		{"{\"Version\": 1, \"SecretAccessKey\": \"s\"}", "lacks AccessKeyId"},
		{"{\"Version\": 1, \"AccessKeyId\": \"a\"}", "lacks SecretAccessKey"},
		{"{\"Version\": 1, \"AccessKeyId\": \"a\", \"SecretAccessKey\": \"s\", "
		 "\"Expiration\": \"soon\"}", "bad Expiration 'soon'"},
		{"{\"Version\": 1, \"AccessKeyId\": \"a\", \"SecretAccessKey\": \"s\"} x",
		 "not a JSON object"},
	};
	static const char keys_only[] =
		"{\"Version\":1,\"AccessKeyId\":\"a\",\"SecretAccessKey\":\"s\"}";
	size_t i;

	assert_int_equal(aws_process_parse(good, strlen(good), &c, err, sizeof(err)), 0);
	assert_string_equal(c.access_key_id, "AKIDP");
	assert_string_equal(c.secret_access_key, "psecret");
	assert_string_equal(c.session_token, "ptoken");
	assert_int_equal(c.expiration, 1893456000);
	aws_credentials_clear(&c);
	/* Long-lived keys: no token, no expiration. */
	assert_int_equal(aws_process_parse(keys_only, strlen(keys_only), &c, err, sizeof(err)), 0);
	assert_null(c.session_token);
	assert_int_equal(c.expiration, 0);
	aws_credentials_clear(&c);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(aws_process_parse(bad[i][0], strlen(bad[i][0]), &c, err,
						   sizeof(err)), -1);
		if (strstr(err, bad[i][1]) == NULL)
			fail_msg("'%s': error '%s', want '%s'", bad[i][0], err, bad[i][1]);
		assert_null(c.access_key_id);
	}
}

static void
test_process_run(void **state)
{
	struct aws_credentials c;
	char err[512];
	double t0;

	assert_int_equal(aws_process_credentials(
				 "printf '{\"Version\":1,\"AccessKeyId\":\"AKIDRUN\","
				 "\"SecretAccessKey\":\"%s\"}' 'run secret'", 0, &c, err,
				 sizeof(err)), 0);
	assert_string_equal(c.access_key_id, "AKIDRUN");
	assert_string_equal(c.secret_access_key, "run secret");
	aws_credentials_clear(&c);

	assert_int_equal(aws_process_credentials("sh -c 'echo oops >&2; exit 3'", 0, &c, err,
						 sizeof(err)), -1);
	assert_string_equal(err, "credential_process sh: exit status 3");
	assert_int_equal(aws_process_credentials("echo '{\"Version\": 1}'", 0, &c, err,
						 sizeof(err)), -1);
	assert_string_equal(err, "credential_process echo: its output lacks AccessKeyId");
	assert_int_equal(aws_process_credentials("/nonexistent/helper", 0, &c, err, sizeof(err)),
			 -1);
	assert_string_equal(err, "credential_process /nonexistent/helper: exit status 127");
	/* A shell would expand this; we hand it over as it is. */
	assert_int_equal(aws_process_credentials("echo $HOME", 0, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not a JSON object"));

	/* Past the deadline it is killed, with its children. */
	t0 = clock_now_ms();
	assert_int_equal(aws_process_credentials("sh -c 'sleep 30; echo {}'", t0 + 300, &c, err,
						 sizeof(err)), -1);
	assert_string_equal(err, "credential_process sh: killed, still running at the deadline");
	assert_true(clock_now_ms() - t0 < 3000);
}

/* ---- container credentials ------------------------------------------------- */

static void
test_container(void **state)
{
	static const char *const ok[] = {
		"http://127.0.0.1:8080/creds", "http://localhost/x", "http://[::1]:80/x",
		"http://169.254.170.2/v2/x",   "http://169.254.170.23/v1/credentials",
		"http://[fd00:ec2::23]/v1/credentials", "https://127.0.0.5/x",
	};
	static const char *const refused[] = {
		"http://169.254.169.254/latest", "http://10.0.0.1/x", "http://example.com/x",
		"http://127.0.0.1.example.com/x", "http://user@127.0.0.1/x", "http://[fd00:ec2::24]/x",
		"https://example.com/creds",
	};
	static const char full[] =
		"{\"AccessKeyId\":\"AKIDC\",\"SecretAccessKey\":\"cs\",\"Token\":\"ct\","
		"\"Expiration\":\"2030-01-01T00:00:00Z\",\"RoleArn\":\"arn:aws:iam::1:role/task\"}";
	static const char notoken[] =
		"{\"AccessKeyId\":\"AKIDC\",\"SecretAccessKey\":\"cs\","
		"\"Expiration\":\"2030-01-01T00:00:00Z\"}";
	struct aws_credentials c;
	char url[512], err[512];
	size_t i;

	assert_false(aws_container_configured());
	assert_int_equal(aws_container_url(url, sizeof(url), err, sizeof(err)), -1);
	setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc", 1);
	assert_true(aws_container_configured());
	assert_int_equal(aws_container_url(url, sizeof(url), err, sizeof(err)), 0);
	assert_string_equal(url, "http://169.254.170.2/v2/credentials/abc");
	/* RELATIVE wins over FULL, as in the CLI */
	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://10.0.0.1/", 1);
	assert_int_equal(aws_container_url(url, sizeof(url), err, sizeof(err)), 0);
	unsetenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", ok[i], 1);
		if (aws_container_url(url, sizeof(url), err, sizeof(err)) != 0)
			fail_msg("%s: %s", ok[i], err);
	}
	for (i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", refused[i], 1);
		if (aws_container_url(url, sizeof(url), err, sizeof(err)) == 0)
			fail_msg("%s: allowed", refused[i]);
		assert_non_null(strstr(err, "AWS_CONTAINER_CREDENTIALS_FULL_URI"));
	}

	assert_int_equal(aws_container_parse(full, strlen(full), &c, err, sizeof(err)), 0);
	assert_string_equal(c.session_token, "ct");
	assert_string_equal(c.identity, "arn:aws:iam::1:role/task");
	aws_credentials_clear(&c);
	assert_int_equal(aws_container_parse(notoken, strlen(notoken), &c, err, sizeof(err)), -1);
	assert_string_equal(err, "the answer lacks Token");
	assert_int_equal(aws_container_parse("{", 1, &c, err, sizeof(err)), -1);
}

static void
test_container_request(void **state)
{
	static const char body[] = "{\"AccessKeyId\":\"AKIDC\",\"SecretAccessKey\":\"cs\","
				   "\"Token\":\"ct\",\"Expiration\":\"2030-01-01T00:00:00Z\"}";
	struct fake f = {.status = {200, 401}, .body = {body, "no"}, .n = 2};
	struct http_client http = {&fake_ops, &f};
	struct aws_credentials c;
	char err[512];

	setenv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:9/creds", 1);
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "wrong-token", 1);
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", put_file("tok", "file-token\n"), 1);
	assert_int_equal(aws_container_credentials(&http, 0, &c, err, sizeof(err)), 0);
	assert_string_equal(f.auth[0], "file-token");
	assert_true(f.no_proxy[0]);
	assert_string_equal(c.source, "container credentials (http://127.0.0.1:9/creds)");
	aws_credentials_clear(&c);
	assert_int_equal(aws_container_credentials(&http, 0, &c, err, sizeof(err)), -1);
	assert_string_equal(err, "container credentials at http://127.0.0.1:9/creds: HTTP 401 "
				 "(the authorization token was refused)");
	assert_null(strstr(err, "token\n"));
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "/nonexistent/tok", 1);
	assert_int_equal(aws_container_credentials(&http, 0, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE /nonexistent/tok"));
	unsetenv("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	setenv("AWS_CONTAINER_AUTHORIZATION_TOKEN", "a\r\nX-Injected: 1", 1);
	assert_int_equal(aws_container_credentials(&http, 0, &c, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "control character"));
}

/* ---- profile resolution ---------------------------------------------------- */

static int
plan_of(const char *profile, struct aws_files *f, struct aws_plan *plan, char *err,
	size_t errlen)
{
	struct aws_options opt = {0};

	opt.profile = profile;
	if (aws_files_load(f, err, errlen) != 0)
		return -2;
	return aws_chain_plan(&opt, f, plan, err, errlen);
}

static void
assert_plan_error(const char *profile, const char *want)
{
	struct aws_files f;
	struct aws_plan plan;
	char err[512];

	assert_int_equal(plan_of(profile, &f, &plan, err, sizeof(err)), -1);
	if (strstr(err, want) == NULL)
		fail_msg("profile %s: error '%s', want '%s'", profile, err, want);
	aws_files_free(&f);
}

static void
test_profile_resolution(void **state)
{
	struct aws_files f;
	struct aws_plan plan;
	char err[512];

	setenv("AWS_SHARED_CREDENTIALS_FILE",
	       put_file("credentials", "[base]\naws_access_key_id = AKIDBASE\n"
				       "aws_secret_access_key = basesecret\n"
				       "[keysrole]\naws_access_key_id = AKIDKR\n"
				       "aws_secret_access_key = krsecret\n"
				       "role_arn = arn:aws:iam::123456789012:role/kr\n"
				       "source_profile = keysrole\n"
				       "[half]\naws_access_key_id = AKIDHALF\n"),
	       1);
	setenv("AWS_CONFIG_FILE",
	       put_file("config",
			"[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\n"
			"source_profile = b\nexternal_id = ext-a\nduration_seconds = 1800\n"
			"role_session_name = sess-a\n"
			"[profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\n"
			"source_profile = base\n"
			"[profile loop1]\nrole_arn = arn:aws:iam::123456789012:role/l1\n"
			"source_profile = loop2\n"
			"[profile loop2]\nrole_arn = arn:aws:iam::123456789012:role/l2\n"
			"source_profile = loop1\n"
			"[profile self]\nrole_arn = arn:aws:iam::123456789012:role/s\n"
			"source_profile = self\n"
			"[profile proc]\ncredential_process = /usr/bin/helper --x 'a b'\n"
			"[profile viaproc]\nrole_arn = arn:aws:iam::123456789012:role/vp\n"
			"source_profile = proc\n"
			"[profile imds]\nrole_arn = arn:aws:iam::123456789012:role/i\n"
			"credential_source = Ec2InstanceMetadata\n"
			"[profile ecs]\nrole_arn = arn:aws:iam::123456789012:role/e\n"
			"credential_source = EcsContainer\n"
			"[profile envsrc]\nrole_arn = arn:aws:iam::123456789012:role/env\n"
			"credential_source = Environment\n"
			"[profile badsrc]\nrole_arn = arn:aws:iam::123456789012:role/x\n"
			"credential_source = Cloud\n"
			"[profile both]\nrole_arn = arn:aws:iam::123456789012:role/x\n"
			"credential_source = Environment\nsource_profile = base\n"
			"[profile nosrc]\nrole_arn = arn:aws:iam::123456789012:role/x\n"
			"[profile web]\nrole_arn = arn:aws:iam::123456789012:role/w\n"
			"web_identity_token_file = /var/run/token\n"
			"[profile webnorole]\nweb_identity_token_file = /var/run/token\n"
			"[profile sso]\nsso_session = corp\nsso_account_id = 1\n"
			"[profile badarn]\nrole_arn = nope\nsource_profile = base\n"
			"[profile baddur]\nrole_arn = arn:aws:iam::123456789012:role/x\n"
			"source_profile = base\nduration_seconds = 60\n"
			"[profile ghost]\nrole_arn = arn:aws:iam::123456789012:role/x\n"
			"source_profile = nowhere\n"
			"[profile empty]\nregion = eu-west-1\n"
			"[profile viaempty]\nrole_arn = arn:aws:iam::123456789012:role/x\n"
			"source_profile = empty\n"
			"[profile viahalf]\nrole_arn = arn:aws:iam::123456789012:role/x\n"
			"source_profile = half\n"),
	       1);

	/* a -> b -> base: base's keys, then b's role, then a's */
	assert_int_equal(plan_of("a", &f, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.base, AWS_BASE_PROFILE_KEYS);
	assert_string_equal(plan.base_profile, "base");
	assert_int_equal(plan.nroles, 2);
	assert_string_equal(plan.roles[0].role_arn, "arn:aws:iam::123456789012:role/b");
	assert_string_equal(plan.roles[0].profile, "b");
	assert_null(plan.roles[0].external_id);
	assert_string_equal(plan.roles[1].role_arn, "arn:aws:iam::123456789012:role/a");
	assert_string_equal(plan.roles[1].external_id, "ext-a");
	assert_string_equal(plan.roles[1].session_name, "sess-a");
	assert_int_equal(plan.roles[1].duration_s, 1800);
	aws_files_free(&f);

	/* static keys beside role_arn: the role is assumed with them */
	assert_int_equal(plan_of("keysrole", &f, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.base, AWS_BASE_PROFILE_KEYS);
	assert_string_equal(plan.base_profile, "keysrole");
	assert_int_equal(plan.nroles, 1);
	aws_files_free(&f);

	assert_int_equal(plan_of("viaproc", &f, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.base, AWS_BASE_PROCESS);
	assert_string_equal(plan.process, "/usr/bin/helper --x 'a b'");
	aws_files_free(&f);

	assert_int_equal(plan_of("imds", &f, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.base, AWS_BASE_IMDS);
	assert_string_equal(plan.cs_profile, "imds");
	aws_files_free(&f);
	assert_int_equal(plan_of("ecs", &f, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.base, AWS_BASE_CONTAINER);
	aws_files_free(&f);
	assert_int_equal(plan_of("envsrc", &f, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.base, AWS_BASE_ENV);
	aws_files_free(&f);

	assert_int_equal(plan_of("web", &f, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.base, AWS_BASE_NONE);
	assert_string_equal(plan.roles[0].token_file, "/var/run/token");
	aws_files_free(&f);

	/* nothing in the profile: on to the container, else IMDS */
	assert_int_equal(plan_of("empty", &f, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.base, AWS_BASE_IMDS);
	assert_null(plan.cs_profile);
	aws_files_free(&f);
	setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/x", 1);
	assert_int_equal(plan_of("empty", &f, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.base, AWS_BASE_CONTAINER);
	aws_files_free(&f);
	unsetenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");

	assert_plan_error("loop1", "source_profile loop: 'loop1' -> 'loop2' -> 'loop1'");
	assert_plan_error("self", "source_profile loop: 'self' -> 'self'");
	assert_plan_error("badsrc", "credential_source 'Cloud' is not Environment");
	assert_plan_error("both", "has both source_profile and credential_source");
	assert_plan_error("nosrc", "profile 'nosrc' in ");
	assert_plan_error("nosrc", "has role_arn but neither source_profile nor credential_source");
	assert_plan_error("webnorole", "has web_identity_token_file but no role_arn");
	assert_plan_error("sso", "profile 'sso' in ");
	assert_plan_error("sso", "uses SSO (sso_session), which is not supported: use a role "
				 "(role_arn) or credential_process");
	assert_plan_error("badarn", "role_arn 'nope' is not a role ARN");
	assert_plan_error("baddur", "duration_seconds '60' is not 900..43200");
	assert_plan_error("ghost", "source_profile 'nowhere' is in neither");
	assert_plan_error("viaempty", "profile 'empty' is a source_profile but has no credentials");
	assert_plan_error("viahalf", "profile 'half' in ");
	assert_plan_error("viahalf", "has aws_access_key_id but no aws_secret_access_key");
	assert_plan_error("missing", "profile 'missing' (--profile) not found");
}

static void
test_env_plan(void **state)
{
	struct aws_options opt = {0};
	struct aws_files f;
	struct aws_plan plan;
	char err[512];

	memset(&f, 0, sizeof(f));
	setenv("AWS_ROLE_ARN", "arn:aws:iam::123456789012:role/irsa", 1);
	assert_int_equal(aws_chain_plan(&opt, NULL, &plan, err, sizeof(err)), -1);
	assert_string_equal(err, "AWS_ROLE_ARN is set but AWS_WEB_IDENTITY_TOKEN_FILE is not");
	setenv("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/irsa", 1);
	setenv("AWS_ROLE_SESSION_NAME", "pod-1", 1);
	opt.role_arn = "arn:aws:iam::210987654321:role/routes";
	opt.external_id = "x-1";
	assert_int_equal(aws_chain_plan(&opt, NULL, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.base, AWS_BASE_NONE);
	assert_int_equal(plan.nroles, 2);
	assert_string_equal(plan.roles[0].profile, "environment");
	assert_string_equal(plan.roles[0].token_file, "/var/run/irsa");
	assert_string_equal(plan.roles[0].session_name, "pod-1");
	assert_string_equal(plan.roles[1].profile, "--role-arn");
	assert_string_equal(plan.roles[1].external_id, "x-1");
	/* keys in the environment come first */
	setenv("AWS_ACCESS_KEY_ID", "AKIDENV", 1);
	assert_int_equal(aws_chain_plan(&opt, NULL, &plan, err, sizeof(err)), 0);
	assert_int_equal(plan.base, AWS_BASE_ENV);
	assert_int_equal(plan.nroles, 1);
	opt.role_arn = "arn:aws:iam::210987654321:user/x";
	assert_int_equal(aws_chain_plan(&opt, NULL, &plan, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--role-arn 'arn:aws:iam::210987654321:user/x' is not a role"));
}

/* ---- the chain with STS, through the fake ---------------------------------- */

static void
test_chain_assume(void **state)
{
	struct fake f = {.status = {200, 200}, .body = {sts_ok, sts_ok}, .n = 2};
	struct http_client http = {&fake_ops, &f};
	struct aws_options opt = {0};
	struct aws_credentials c;
	char err[1024], path[1024];
	struct aws_cache_key k = {"a", "arn:aws:iam::123456789012:role/a", "ext-a"};

	setenv("AWS_SHARED_CREDENTIALS_FILE",
	       put_file("credentials", "[base]\naws_access_key_id = AKIDBASE\n"
				       "aws_secret_access_key = basesecret\n"),
	       1);
	setenv("AWS_CONFIG_FILE",
	       put_file("config", "[profile a]\nrole_arn = arn:aws:iam::123456789012:role/a\n"
				  "source_profile = b\nexternal_id = ext-a\nregion = eu-west-1\n"
				  "[profile b]\nrole_arn = arn:aws:iam::123456789012:role/b\n"
				  "source_profile = base\n"),
	       1);
	setenv("AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9", 1);
	opt.profile = "a";
	opt.state_dir = tmpdir;
	assert_int_equal(aws_credentials_load(&opt, &http, &c, err, sizeof(err)), 0);
	assert_int_equal(f.pos, 2);
	assert_non_null(strstr(f.auth[0], "Credential=AKIDBASE/"));
	assert_non_null(strstr(f.auth[1], "Credential=ASIAIOSFODNN7EXAMPLE/"));
	assert_non_null(strstr(f.req_body[1], "ExternalId=ext-a"));
	assert_string_equal(c.identity, "arn:aws:iam::123456789012:role/a");
	assert_non_null(strstr(c.source, "role arn:aws:iam::123456789012:role/a (a) with role "
					 "arn:aws:iam::123456789012:role/b (b) with profile 'base' in "));
	aws_credentials_clear(&c);

	/* warm: no request at all */
	assert_int_equal(aws_credentials_load(&opt, &http, &c, err, sizeof(err)), 0);
	assert_int_equal(f.pos, 2);
	assert_non_null(strstr(c.source, "(cached in "));
	assert_string_equal(c.secret_access_key, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY");
	aws_credentials_clear(&c);

	/* the entry is 0600 and ours; loosened, it is ignored */
	assert_int_equal(aws_cache_path(tmpdir, &k, path, sizeof(path)), 0);
	{
		struct stat st;

		assert_int_equal(stat(path, &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
	}
	assert_int_equal(aws_cache_load(tmpdir, &k, time(NULL), &c), 0);
	aws_credentials_clear(&c);
	/* within 5 minutes of the end: a miss */
	assert_int_equal(aws_cache_load(tmpdir, &k, 1910388513 - 299, &c), 1);
	assert_int_equal(aws_cache_load(tmpdir, &k, 1910388513 - 301, &c), 0);
	aws_credentials_clear(&c);
	chmod(path, 0644);
	assert_int_equal(aws_cache_load(tmpdir, &k, time(NULL), &c), 1);
	put_file(strrchr(path, '/') + 1, "{\"Version\": 1, \"AccessKeyId\": ");
	chmod(path, 0600);
	assert_int_equal(aws_cache_load(tmpdir, &k, time(NULL), &c), 1);
	assert_null(c.access_key_id);
	/* another key's entry in this key's file (a collision): ignored */
	{
		struct aws_cache_key other = {"z", k.role_arn, NULL};
		struct aws_credentials s = {0};
		char opath[1024];

		assert_int_equal(aws_credentials_set(&s, "AKIDZ", "zs", "zt", err, sizeof(err)), 0);
		s.expiration = time(NULL) + 3600;
		assert_int_equal(aws_cache_store(tmpdir, &other, &s, err, sizeof(err)), 0);
		assert_int_equal(aws_cache_path(tmpdir, &other, opath, sizeof(opath)), 0);
		assert_int_equal(aws_cache_load(tmpdir, &other, time(NULL), &c), 0);
		aws_credentials_clear(&c);
		assert_int_equal(rename(opath, path), 0);
		assert_int_equal(aws_cache_load(tmpdir, &k, time(NULL), &c), 1);
		aws_credentials_clear(&s);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_sts_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sts_error_and_arn, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sts_endpoint, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sts_requests, setup, teardown),
		cmocka_unit_test_setup_teardown(test_process_split, setup, teardown),
		cmocka_unit_test_setup_teardown(test_process_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_process_run, setup, teardown),
		cmocka_unit_test_setup_teardown(test_container, setup, teardown),
		cmocka_unit_test_setup_teardown(test_container_request, setup, teardown),
		cmocka_unit_test_setup_teardown(test_profile_resolution, setup, teardown),
		cmocka_unit_test_setup_teardown(test_env_plan, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chain_assume, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
