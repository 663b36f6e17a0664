/* SPDX-License-Identifier: ISC */
/*
 * STS AssumeRole and AssumeRoleWithWebIdentity over the Query client.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/json.h"
#include "aws/sts.h"
#include "core/log.h"
#include "core/text.h"
#include "io/xmltree.h"

#define STS_API_VERSION "2011-06-15"
/* Session tokens are a few hundred bytes to about 2 KiB. */
#define STS_SECRET_MAX 8192

int
sts_role_arn_valid(const char *s)
{
	const char *p, *acct, *name;
	size_t i;

	if (s == NULL || strncmp(s, "arn:", 4) != 0 || strlen(s) > 2048)
		return 0;
	p = strchr(s + 4, ':'); /* after the partition */
	if (p == NULL || p == s + 4 || strncmp(p, ":iam::", 6) != 0)
		return 0;
	acct = p + 6;
	for (i = 0; isdigit((unsigned char)acct[i]); i++)
		;
	/* Accounts have 12 digits, but the SDKs leave that to IAM (and
	 * their test suites use shorter ones). */
	if (i == 0 || i > 12 || strncmp(acct + i, ":role/", 6) != 0)
		return 0;
	name = acct + i + 6;
	if (*name == '\0')
		return 0;
	for (p = name; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && strchr("+=,.@_-/", *p) == NULL)
			return 0;
	return 1;
}

int
sts_parse_credentials(const char *xml, size_t len, struct aws_credentials *out, char *arn,
		      size_t arnlen, char *err, size_t errlen)
{
	static const char *const keys[] = {"AccessKeyId", "SecretAccessKey", "SessionToken",
					   "Expiration"};
	struct xmltree_node *root, *cred;
	char why[200], *v[4] = {NULL, NULL, NULL, NULL};
	size_t i;
	int rc = -1;

	if (arnlen > 0)
		arn[0] = '\0';
	if ((root = xmltree_parse(xml, len, NULL, why, sizeof(why))) == NULL) {
		snprintf(err, errlen, "answer is not XML: %s", why);
		return -1;
	}
	if ((cred = xmltree_find(root, "Credentials")) == NULL) {
		snprintf(err, errlen, "answer without Credentials");
		goto out;
	}
	for (i = 0; i < 4; i++) {
		if ((v[i] = calloc(1, STS_SECRET_MAX)) == NULL) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		if (xmltree_text(cred, keys[i], v[i], STS_SECRET_MAX) != 1 || v[i][0] == '\0') {
			snprintf(err, errlen, "answer without a usable %s", keys[i]);
			goto out;
		}
	}
	if (aws_time_parse(v[3], &out->expiration) != 0) {
		snprintf(err, errlen, "bad Expiration '%.40s' in the answer", v[3]);
		goto out;
	}
	if (aws_credentials_set(out, v[0], v[1], v[2], err, errlen) != 0)
		goto out;
	if (arnlen > 0 && xmltree_text(xmltree_find(root, "AssumedRoleUser"), "Arn", arn,
				       arnlen) != 1)
		arn[0] = '\0';
	rc = 0;
out:
	for (i = 0; i < 4; i++) {
		if (v[i] != NULL) {
			explicit_bzero(v[i], STS_SECRET_MAX);
			free(v[i]);
		}
	}
	/* The tree holds the secret text too. */
	xmltree_free_wiped(root);
	return rc;
}

int
sts_assume_role(const struct aws_query_config *qc, const struct aws_credentials *src,
		const struct sts_assume *a, struct aws_credentials *out, char *err, size_t errlen)
{
	struct aws_query_config c = *qc;
	struct aws_query_param p[5];
	struct aws_query_call call;
	struct aws_query_error e;
	struct aws_query *q = NULL;
	char session[80], duration[24], why[256], arn[512];
	const char *action = a->web_identity_token != NULL ? "AssumeRoleWithWebIdentity"
							   : "AssumeRole";
	size_t n = 0;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	memset(&call, 0, sizeof(call));
	if (!sts_role_arn_valid(a->role_arn)) {
		snprintf(err, errlen, "'%.200s' is not a role ARN (arn:aws:iam::ACCOUNT:role/NAME)",
			 a->role_arn ? a->role_arn : "");
		return -1;
	}
	c.service = "sts";
	c.version = STS_API_VERSION;
	c.cred = a->web_identity_token != NULL ? NULL : src;
	if (a->web_identity_token == NULL && src == NULL) {
		snprintf(err, errlen, "STS %s for %s: no source credentials", action, a->role_arn);
		return -1;
	}
	if (a->session_name != NULL)
		snprintf(session, sizeof(session), "%s", a->session_name);
	else
		snprintf(session, sizeof(session), "vyos-ha-plugins-%lld", (long long)time(NULL));
	p[n].name = "RoleArn";
	p[n++].value = a->role_arn;
	p[n].name = "RoleSessionName";
	p[n++].value = session;
	if (a->duration_s > 0) {
		snprintf(duration, sizeof(duration), "%lu", a->duration_s);
		p[n].name = "DurationSeconds";
		p[n++].value = duration;
	}
	if (a->web_identity_token != NULL) {
		p[n].name = "WebIdentityToken";
		p[n++].value = a->web_identity_token;
	} else if (a->external_id != NULL) {
		p[n].name = "ExternalId";
		p[n++].value = a->external_id;
	}
	if ((q = aws_query_new(&c, why, sizeof(why))) == NULL) {
		snprintf(err, errlen, "STS %s for %s: %s", action, a->role_arn, why);
		return -1;
	}
	call.action = action;
	call.label = a->role_arn;
	call.secret_body = a->web_identity_token != NULL;
	if ((call.body = aws_query_form_body(STS_API_VERSION, action, p, n, &call.bodylen)) ==
	    NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (aws_query_one(q, &call, &e) != 0) {
		snprintf(err, errlen, "STS %s for %s: %s: %.300s (HTTP %ld)", action, a->role_arn,
			 e.code, e.message[0] ? e.message : "no message", e.http_status);
		goto out;
	}
	if (sts_parse_credentials(call.resp, call.resplen, out, arn, sizeof(arn), why,
				  sizeof(why)) != 0) {
		snprintf(err, errlen, "STS %s for %s: %s", action, a->role_arn, why);
		goto out;
	}
	snprintf(out->identity, sizeof(out->identity), "%s", a->role_arn);
	log_info("STS %s: assumed %s as %s, expires in %lld s", action, a->role_arn,
		 arn[0] ? arn : "(no AssumedRoleUser in the answer)",
		 (long long)(out->expiration - time(NULL)));
	rc = 0;
out:
	aws_query_call_clear(&call);
	aws_query_free(q);
	return rc;
}
