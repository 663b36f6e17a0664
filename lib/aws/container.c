/* SPDX-License-Identifier: ISC */
/*
 * Container credentials: where to ask, whom we allow to answer, and the
 * answer.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <json-c/json.h>

#include "aws/container.h"
#include "aws/env.h"
#include "aws/json.h"
#include "aws/region.h"
#include "aws/url.h"
#include "core/log.h"
#include "core/text.h"

#define AWS_CONTAINER_HOST "http://169.254.170.2"
#define AWS_CONTAINER_TOKEN_MAX 16384

int
aws_container_configured(void)
{
	return aws_env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") != NULL ||
	       aws_env("AWS_CONTAINER_CREDENTIALS_FULL_URI") != NULL;
}

/* 1 when host (no brackets, no port) is loopback or an ECS/EKS address. */
static int
aws_container_host_allowed(const char *host)
{
	unsigned char a[16];

	if (strcasecmp(host, "localhost") == 0)
		return 1;
	if (inet_pton(AF_INET, host, a) == 1)
		return a[0] == 127 || strcmp(host, "169.254.170.2") == 0 ||
		       strcmp(host, "169.254.170.23") == 0;
	if (inet_pton(AF_INET6, host, a) == 1) {
		static const unsigned char lo[16] = {[15] = 1};
		unsigned char eks[16];

		(void)inet_pton(AF_INET6, "fd00:ec2::23", eks);
		return memcmp(a, lo, 16) == 0 || memcmp(a, eks, 16) == 0;
	}
	return 0;
}

int
aws_container_url(char *out, size_t outlen, char *err, size_t errlen)
{
	const char *rel = aws_env("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI");
	const char *full = aws_env("AWS_CONTAINER_CREDENTIALS_FULL_URI");
	const char *h, *e;
	char host[256], why[256];
	size_t n;

	if (rel != NULL) {
		if (rel[0] != '/') {
			snprintf(err, errlen,
				 "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI '%.100s' does not start "
				 "with '/'", rel);
			return -1;
		}
		if ((size_t)snprintf(why, sizeof(why), "%s%s", AWS_CONTAINER_HOST, rel) >=
		    sizeof(why)) {
			snprintf(err, errlen, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is too long");
			return -1;
		}
		return aws_url_copy(why, "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", out, outlen,
				    err, errlen);
	}
	if (full == NULL) {
		snprintf(err, errlen, "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor "
				      "AWS_CONTAINER_CREDENTIALS_FULL_URI is set");
		return -1;
	}
	if (aws_url_copy(full, "AWS_CONTAINER_CREDENTIALS_FULL_URI", out, outlen, err, errlen) !=
	    0)
		return -1;
	h = out + (strncmp(out, "https://", 8) == 0 ? 8 : 7);
	if (*h == '[') {
		e = strchr(h, ']');
		h++;
	} else {
		e = h + strcspn(h, ":/");
	}
	n = e != NULL ? (size_t)(e - h) : 0;
	if (n == 0 || n >= sizeof(host) || memchr(h, '@', n) != NULL) {
		snprintf(err, errlen, "AWS_CONTAINER_CREDENTIALS_FULL_URI '%.100s' has no usable host",
			 full);
		return -1;
	}
	memcpy(host, h, n);
	host[n] = '\0';
	if (!aws_container_host_allowed(host)) {
		snprintf(err, errlen,
			 "AWS_CONTAINER_CREDENTIALS_FULL_URI host '%.60s' is neither loopback nor "
			 "169.254.170.2, 169.254.170.23 or fd00:ec2::23", host);
		return -1;
	}
	return 0;
}

int
aws_container_parse(const char *json, size_t len, struct aws_credentials *out, char *err,
		    size_t errlen)
{
	static const char *const keys[] = {"AccessKeyId", "SecretAccessKey", "Token",
					   "Expiration"};
	struct json_object *o;
	const char *v[4], *arn;
	size_t i;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if ((o = aws_json_object(json, len)) == NULL) {
		snprintf(err, errlen, "the answer is not a JSON object");
		return -1;
	}
	for (i = 0; i < 4; i++) {
		v[i] = aws_json_str(o, keys[i]);
		if (v[i] == NULL || *v[i] == '\0') {
			snprintf(err, errlen, "the answer lacks %s", keys[i]);
			goto out;
		}
	}
	if (aws_time_parse(v[3], &out->expiration) != 0) {
		snprintf(err, errlen, "bad Expiration '%.40s' in the answer", v[3]);
		goto out;
	}
	if (aws_credentials_set(out, v[0], v[1], v[2], err, errlen) != 0)
		goto out;
	if ((arn = aws_json_str(o, "RoleArn")) != NULL)
		snprintf(out->identity, sizeof(out->identity), "%s", arn);
	rc = 0;
out:
	aws_json_wipe(o, "SecretAccessKey");
	aws_json_wipe(o, "Token");
	json_object_put(o);
	return rc;
}

/* The authorization token: 0 with *tok (heap, wiped by the caller) or
 * NULL when none is configured, -1 with err. */
static int
aws_container_token(char **tok, char *err, size_t errlen)
{
	const char *path = aws_env("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
	const char *v = aws_env("AWS_CONTAINER_AUTHORIZATION_TOKEN");
	char *buf;
	size_t n, i;
	FILE *f;

	*tok = NULL;
	if (path == NULL) {
		if (v != NULL && (*tok = strdup(v)) == NULL) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		goto check;
	}
	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE %.200s: %s",
			 path, strerror(errno));
		return -1;
	}
	if ((buf = calloc(1, AWS_CONTAINER_TOKEN_MAX + 1)) == NULL) {
		fclose(f);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	n = fread(buf, 1, AWS_CONTAINER_TOKEN_MAX + 1, f);
	fclose(f);
	if (n > AWS_CONTAINER_TOKEN_MAX) {
		text_free_wiped(buf);
		snprintf(err, errlen, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE %.200s is too large",
			 path);
		return -1;
	}
	while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r' || buf[n - 1] == ' '))
		buf[--n] = '\0';
	*tok = buf;
check:
	/* A header value may not hold a line break or a control byte. */
	for (i = 0; *tok != NULL && (*tok)[i] != '\0'; i++) {
		if ((unsigned char)(*tok)[i] < ' ' || (*tok)[i] == 0x7f) {
			text_free_wiped(*tok);
			*tok = NULL;
			snprintf(err, errlen, "the container authorization token (%s) holds a "
					      "control character",
				 path != NULL ? "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"
					      : "AWS_CONTAINER_AUTHORIZATION_TOKEN");
			return -1;
		}
	}
	return 0;
}

int
aws_container_credentials(struct http_client *http, long timeout_ms,
			  struct aws_credentials *out, char *err, size_t errlen)
{
	struct http_exchange x;
	struct http_header h[1];
	char url[1024], why[256], *tok = NULL;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if (aws_container_url(url, sizeof(url), err, errlen) != 0)
		return -1;
	if (http == NULL) {
		snprintf(err, errlen, "container credentials at %s: no HTTP client", url);
		return -1;
	}
	if (aws_container_token(&tok, err, errlen) != 0)
		return -1;
	memset(&x, 0, sizeof(x));
	x.req.method = "GET";
	x.req.url = url;
	if (tok != NULL) {
		h[0].name = "Authorization";
		h[0].value = tok;
		x.req.headers = h;
		x.req.nheaders = 1;
	}
	x.req.timeout_ms = timeout_ms > 0 ? timeout_ms : 2000;
	/* A proxy must never see the token or the role's keys. */
	x.req.no_proxy = 1;
	(void)http_perform(http, &x, 1);
	if (x.resp.transport_error || x.resp.status == 0) {
		snprintf(err, errlen, "container credentials at %s: %s", url,
			 x.resp.error[0] ? x.resp.error : "no HTTP answer");
		goto out;
	}
	if (x.resp.status != 200) {
		snprintf(err, errlen, "container credentials at %s: HTTP %ld%s", url, x.resp.status,
			 x.resp.status == 401 || x.resp.status == 403
				 ? " (the authorization token was refused)" : "");
		goto out;
	}
	if (aws_container_parse(x.resp.body ? x.resp.body : "", x.resp.bodylen, out, why,
				sizeof(why)) != 0) {
		snprintf(err, errlen, "container credentials at %s: %s", url, why);
		goto out;
	}
	if (out->expiration <= time(NULL)) {
		snprintf(err, errlen, "container credentials at %s: they expired %lld s ago", url,
			 (long long)(time(NULL) - out->expiration));
		aws_credentials_clear(out);
		goto out;
	}
	snprintf(out->source, sizeof(out->source), "container credentials (%.200s)", url);
	rc = 0;
out:
	http_response_free(&x.resp);
	text_free_wiped(tok);
	return rc;
}
