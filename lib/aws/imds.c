/* SPDX-License-Identifier: ISC */
/*
 * IMDSv2 over the http seam: a session token (PUT), then the instance
 * role's credentials or the region, each request bounded and retried on 5xx
 * only, and never sent through a proxy.
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <json-c/json.h>
#include <openssl/crypto.h>

#include "aws/env.h"
#include "aws/imds.h"
#include "aws/json.h"
#include "aws/region.h"
#include "aws/url.h"
#include "core/text.h"

#define AWS_IMDS_IPV4 "http://169.254.169.254"
#define AWS_IMDS_IPV6 "http://[fd00:ec2::254]"
#define AWS_IMDS_TTL "21600"

static int
aws_imds_endpoint_files(const struct aws_options *opt, const struct aws_files *f, char *out,
			size_t outlen, char *err, size_t errlen)
{
	const char *profile = aws_profile_name(opt, NULL), *v, *what;

	if ((v = aws_env("AWS_EC2_METADATA_SERVICE_ENDPOINT")) != NULL)
		return aws_url_copy(v, "AWS_EC2_METADATA_SERVICE_ENDPOINT", out, outlen, err,
				    errlen);
	if ((v = aws_profiles_get(&f->config, profile, "ec2_metadata_service_endpoint")) != NULL)
		return aws_url_copy(v, "ec2_metadata_service_endpoint", out, outlen, err, errlen);
	what = "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE";
	if ((v = aws_env(what)) == NULL) {
		what = "ec2_metadata_service_endpoint_mode";
		v = aws_profiles_get(&f->config, profile, what);
	}
	if (v == NULL || strcasecmp(v, "IPv4") == 0) {
		snprintf(out, outlen, "%s", AWS_IMDS_IPV4);
	} else if (strcasecmp(v, "IPv6") == 0) {
		snprintf(out, outlen, "%s", AWS_IMDS_IPV6);
	} else {
		snprintf(err, errlen, "%s: `%.40s` is not a valid endpoint mode (IPv4 or IPv6)",
			 what, v);
		return -1;
	}
	return 0;
}

int
aws_imds_endpoint(const struct aws_options *opt, char *out, size_t outlen, char *err,
		  size_t errlen)
{
	struct aws_files f;
	int rc;

	if (aws_files_load(&f, err, errlen) != 0)
		return -1;
	rc = aws_imds_endpoint_files(opt, &f, out, outlen, err, errlen);
	aws_files_free(&f);
	return rc;
}

static void
aws_imds_resp_free(struct http_response *r)
{
	if (r->body != NULL) {
		OPENSSL_cleanse(r->body, r->bodylen);
		free(r->body);
	}
	memset(r, 0, sizeof(*r));
}

int
aws_imds_init(struct aws_imds *im, const struct aws_options *opt, const struct aws_files *f,
	      struct http_client *http, char *err, size_t errlen)
{
	const char *v;
	double t;
	char *end;
	long a;

	memset(im, 0, sizeof(*im));
	im->http = http;
	if (aws_imds_endpoint_files(opt, f, im->base, sizeof(im->base), err, errlen) != 0)
		return -1;
	t = opt != NULL ? opt->imds_timeout_s : 0;
	if (t <= 0 && (v = aws_env("AWS_METADATA_SERVICE_TIMEOUT")) != NULL) {
		t = strtod(v, &end);
		if (*end != '\0' || !(t > 0 && t <= 3600)) {
			snprintf(err, errlen, "AWS_METADATA_SERVICE_TIMEOUT '%.20s' is not a number of seconds", v);
			return -1;
		}
	}
	im->timeout_ms = t > 0 ? (long)(t * 1000 + 0.5) : 1000;
	if (im->timeout_ms < 1)
		im->timeout_ms = 1;
	/* Transient 5xx answers are retried (smithy-rs does so too). */
	im->attempts = 3;
	if ((v = aws_env("AWS_METADATA_SERVICE_NUM_ATTEMPTS")) != NULL) {
		errno = 0;
		a = strtol(v, &end, 10);
		if (errno != 0 || *end != '\0' || a < 1 || a > 10) {
			snprintf(err, errlen, "AWS_METADATA_SERVICE_NUM_ATTEMPTS '%.20s' is not 1..10", v);
			return -1;
		}
		im->attempts = (int)a;
	}
	return 0;
}

/*
 * One IMDS request, retried on 5xx.  Returns 0 with *resp (any status;
 * free with aws_imds_resp_free), or -1 on a transport error.
 */
static int
aws_imds_call(struct aws_imds *im, const char *method, const char *path,
	      struct http_response *resp, char *err, size_t errlen)
{
	struct http_header h[1];
	struct http_exchange x;
	char url[1024];
	int attempt;

	memset(resp, 0, sizeof(*resp));
	if ((size_t)snprintf(url, sizeof(url), "%s%s", im->base, path) >= sizeof(url)) {
		snprintf(err, errlen, "IMDS URL too long");
		return -1;
	}
	if (strcmp(method, "PUT") == 0) {
		h[0].name = "X-aws-ec2-metadata-token-ttl-seconds";
		h[0].value = AWS_IMDS_TTL;
	} else {
		h[0].name = "X-aws-ec2-metadata-token";
		h[0].value = im->token;
	}
	for (attempt = 1;; attempt++) {
		memset(&x, 0, sizeof(x));
		x.req.method = method;
		x.req.url = url;
		x.req.headers = h;
		x.req.nheaders = 1;
		x.req.body = NULL;
		x.req.bodylen = 0;
		x.req.timeout_ms = im->timeout_ms;
		/* A link-local address is never behind a proxy, and a proxy
		 * must never see the token or the role's keys. */
		x.req.no_proxy = 1;
		(void)http_perform(im->http, &x, 1);
		if (x.resp.transport_error || x.resp.status == 0) {
			snprintf(err, errlen, "IMDS at %s: %s %s: %s", im->base, method, path,
				 x.resp.error[0] ? x.resp.error : "no HTTP answer");
			aws_imds_resp_free(&x.resp);
			return -1;
		}
		if (x.resp.status < 500 || attempt >= im->attempts)
			break;
		aws_imds_resp_free(&x.resp);
		/* A short pause: IMDS answers 503 when throttling. */
		nanosleep(&(struct timespec){0, 50000000L * attempt}, NULL);
	}
	*resp = x.resp;
	return 0;
}

/* Body of a 200 answer trimmed of surrounding white space. */
static void
aws_body_trim(const struct http_response *r, const char **s, size_t *n)
{
	size_t len = r->body != NULL ? strlen(r->body) : 0;
	const char *p = r->body != NULL ? r->body : "";

	while (len > 0 && (text_blank((unsigned char)p[len - 1]) || p[len - 1] == '\n'))
		len--;
	while (len > 0 && (text_blank((unsigned char)*p) || *p == '\n')) {
		p++;
		len--;
	}
	*s = p;
	*n = len;
}

static int
aws_imds_token(struct aws_imds *im, char *err, size_t errlen)
{
	struct http_response r;
	const char *s;
	size_t n, i;
	int rc = -1;

	if (aws_imds_call(im, "PUT", "/latest/api/token", &r, err, errlen) != 0)
		return -1;
	if (r.status == 403) {
		snprintf(err, errlen,
			 "IMDS at %s: token request forbidden (HTTP 403): IMDS is disabled on this instance",
			 im->base);
		goto out;
	}
	if (r.status != 200) {
		snprintf(err, errlen, "IMDS at %s: token request (PUT /latest/api/token) answered HTTP %ld",
			 im->base, r.status);
		goto out;
	}
	aws_body_trim(&r, &s, &n);
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
			break;
	if (n == 0 || i < n || n >= sizeof(im->token)) {
		snprintf(err, errlen, "IMDS at %s: unusable session token in the answer", im->base);
		goto out;
	}
	memcpy(im->token, s, n);
	im->token[n] = '\0';
	rc = 0;
out:
	aws_imds_resp_free(&r);
	return rc;
}

/* GET path with the token: 0 with *r (status 200), 1 on 404, -1 else. */
static int
aws_imds_get(struct aws_imds *im, const char *path, struct http_response *r, char *err,
	     size_t errlen)
{
	if (aws_imds_call(im, "GET", path, r, err, errlen) != 0)
		return -1;
	if (r->status == 200)
		return 0;
	if (r->status == 404) {
		aws_imds_resp_free(r);
		return 1;
	}
	if (r->status == 401)
		snprintf(err, errlen, "IMDS at %s: GET %s: session token refused (HTTP 401)",
			 im->base, path);
	else
		snprintf(err, errlen, "IMDS at %s: GET %s answered HTTP %ld", im->base, path,
			 r->status);
	aws_imds_resp_free(r);
	return -1;
}

static int
aws_imds_role_creds(struct aws_imds *im, const char *role, struct aws_credentials *out,
		    char *err, size_t errlen)
{
	/* Token is optional here: real IMDS always sends one, but a test
	 * endpoint handing out an IAM user's keys has none to give. */
	static const char *const keys[] = {"AccessKeyId", "SecretAccessKey", "Expiration",
					   "Token"};
	struct json_object *o = NULL;
	struct http_response r;
	const char *v[4], *code;
	char path[512];
	size_t i;
	int rc = -1, g;

	snprintf(path, sizeof(path), "/latest/meta-data/iam/security-credentials/%s", role);
	if ((g = aws_imds_get(im, path, &r, err, errlen)) != 0) {
		if (g > 0)
			snprintf(err, errlen, "IMDS at %s: no credentials for role '%s' (HTTP 404)",
				 im->base, role);
		return -1;
	}
	if ((o = aws_json_object(r.body ? r.body : "", r.bodylen)) == NULL) {
		snprintf(err, errlen, "IMDS at %s: credentials of role '%s' are not a JSON object",
			 im->base, role);
		goto out;
	}
	code = aws_json_str(o, "Code");
	if (code != NULL && strcmp(code, "Success") != 0) {
		snprintf(err, errlen, "IMDS at %s: credentials of role '%s': Code %.60s", im->base,
			 role, code);
		goto out;
	}
	for (i = 0; i < 4; i++) {
		v[i] = aws_json_str(o, keys[i]);
		if (i < 3 && (v[i] == NULL || *v[i] == '\0')) {
			snprintf(err, errlen, "IMDS at %s: credentials of role '%s' lack %s",
				 im->base, role, keys[i]);
			goto out;
		}
	}
	if (aws_time_parse(v[2], &out->expiration) != 0) {
		snprintf(err, errlen, "IMDS at %s: credentials of role '%s': bad Expiration '%.40s'",
			 im->base, role, v[2]);
		goto out;
	}
	if (v[3] != NULL && *v[3] == '\0')
		v[3] = NULL;
	out->access_key_id = strdup(v[0]);
	out->secret_access_key = strdup(v[1]);
	out->session_token = v[3] != NULL ? strdup(v[3]) : NULL;
	if (out->access_key_id == NULL || out->secret_access_key == NULL ||
	    (v[3] != NULL && out->session_token == NULL)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	snprintf(out->source, sizeof(out->source), "instance role '%.80s' (IMDS)", role);
	rc = 0;
out:
	if (o != NULL) {
		aws_json_wipe(o, "SecretAccessKey");
		aws_json_wipe(o, "Token");
		json_object_put(o);
	}
	aws_imds_resp_free(&r);
	if (rc != 0)
		aws_credentials_clear(out);
	return rc;
}

int
aws_imds_credentials(struct aws_imds *im, struct aws_credentials *out, char *err,
		     size_t errlen)
{
	struct http_response r;
	char role[256];
	const char *s;
	size_t n, i;
	int g;

	if (aws_imds_token(im, err, errlen) != 0)
		return -1;
	g = aws_imds_get(im, "/latest/meta-data/iam/security-credentials/", &r, err, errlen);
	if (g != 0) {
		if (g > 0)
			snprintf(err, errlen, "IMDS at %s: no IAM role attached to the instance",
				 im->base);
		return -1;
	}
	/* One role per instance profile: the first line. */
	aws_body_trim(&r, &s, &n);
	for (i = 0; i < n && s[i] != '\n' && s[i] != '\r'; i++)
		;
	n = i;
	if (n == 0 || n >= sizeof(role) || !aws_profile_ident_valid(s, n) || memchr(s, '/', n) != NULL) {
		snprintf(err, errlen, "IMDS at %s: unusable role name in the role listing",
			 im->base);
		aws_imds_resp_free(&r);
		return -1;
	}
	memcpy(role, s, n);
	role[n] = '\0';
	aws_imds_resp_free(&r);
	return aws_imds_role_creds(im, role, out, err, errlen);
}

int
aws_imds_region(struct aws_imds *im, char *out, size_t outlen, char *err, size_t errlen)
{
	struct http_response r;
	struct json_object *o;
	const char *s;
	size_t n;
	int g, rc;

	if (aws_imds_token(im, err, errlen) != 0)
		return -1;
	g = aws_imds_get(im, "/latest/meta-data/placement/region", &r, err, errlen);
	if (g < 0)
		return -1;
	if (g == 0) {
		aws_body_trim(&r, &s, &n);
		rc = aws_region_set(s, n, "IMDS placement/region", out, outlen, err, errlen);
		aws_imds_resp_free(&r);
		return rc;
	}
	/* Older IMDS without placement/region: the identity document. */
	g = aws_imds_get(im, "/latest/dynamic/instance-identity/document", &r, err, errlen);
	if (g != 0) {
		if (g > 0)
			snprintf(err, errlen, "IMDS at %s: neither placement/region nor the identity document exist",
				 im->base);
		return -1;
	}
	o = aws_json_object(r.body ? r.body : "", r.bodylen);
	s = o != NULL ? aws_json_str(o, "region") : NULL;
	if (s == NULL) {
		snprintf(err, errlen, "IMDS at %s: the identity document has no region", im->base);
		rc = -1;
	} else {
		rc = aws_region_set(s, strlen(s), "the IMDS identity document", out, outlen, err,
				    errlen);
	}
	json_object_put(o);
	aws_imds_resp_free(&r);
	return rc;
}

void
aws_imds_done(struct aws_imds *im)
{
	OPENSSL_cleanse(im->token, sizeof(im->token));
}
