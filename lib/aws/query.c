/* SPDX-License-Identifier: ISC */
/*
 * The Query protocol client shared by EC2 and STS: endpoint, signing, the
 * retry loop (its policy is aws/retry.c), the error document.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/query.h"
#include "aws/sigv4.h"
#include "aws/url.h"
#include "core/buf.h"
#include "core/log.h"
#include "core/text.h"
#include "io/xmltree.h"

#define AWS_QUERY_CONTENT_TYPE "application/x-www-form-urlencoded; charset=utf-8"

struct aws_query {
	char *url;  /* endpoint + path, what curl is given */
	char *path; /* "/" or the endpoint's path */
	char *host; /* Host header: host[:port], port only when not the
		     * scheme's default */
	char *region;
	char *service;
	char *version;
	const struct aws_credentials *cred; /* NULL: unsigned */
	struct http_client *http;
	struct aws_retry retry;
	time_t (*clock)(void);
};

void
aws_query_error_set(struct aws_query_error *e, long status, const char *code, const char *msg)
{
	int attempts = e->attempts;

	memset(e, 0, sizeof(*e));
	e->attempts = attempts;
	e->http_status = status;
	snprintf(e->code, sizeof(e->code), "%s", code);
	snprintf(e->message, sizeof(e->message), "%s", msg);
}
int
aws_query_parse_error(const char *xml, size_t len, struct aws_query_error *e)
{
	struct xmltree_node *root, *err;
	char why[200];
	int rc = -1;

	e->code[0] = e->message[0] = e->request_id[0] = '\0';
	if ((root = xmltree_parse(xml, len, NULL, why, sizeof(why))) == NULL)
		return -1;
	/* <Response><Errors><Error> (EC2) or <ErrorResponse><Error> (the
	 * generic Query shape); the id is RequestID or RequestId. */
	if ((err = xmltree_find(root, "Error")) != NULL &&
	    xmltree_text(err, "Code", e->code, sizeof(e->code)) != 0 && e->code[0] != '\0') {
		xmltree_text(err, "Message", e->message, sizeof(e->message));
		if (xmltree_text(root, "RequestID", e->request_id, sizeof(e->request_id)) == 0)
			xmltree_text(root, "RequestId", e->request_id, sizeof(e->request_id));
		rc = 0;
	} else {
		e->code[0] = '\0';
	}
	xmltree_free(root);
	return rc;
}

/* Append s percent-encoded (RFC 3986). */
static int
aws_query_put_encoded(struct buf *b, const char *s)
{
	char *e = sigv4_uri_encode(s, strlen(s), 1);
	int rc;

	if (e == NULL)
		return -1;
	rc = buf_puts(b, e);
	free(e);
	return rc;
}

/*
 * The form body: Action, Version, then the parameters in the given order
 * (botocore's order), each name and value percent-encoded (RFC 3986).
 */
char *
aws_query_form_body(const char *version, const char *action, const struct aws_query_param *p,
		    size_t n, size_t *len)
{
	struct buf b = BUF_INIT;
	size_t i;
	int rc;

	rc = buf_puts(&b, "Action=");
	rc |= aws_query_put_encoded(&b, action);
	rc |= buf_puts(&b, "&Version=");
	rc |= aws_query_put_encoded(&b, version);
	for (i = 0; i < n; i++) {
		rc |= buf_putc(&b, '&');
		rc |= aws_query_put_encoded(&b, p[i].name);
		rc |= buf_putc(&b, '=');
		rc |= aws_query_put_encoded(&b, p[i].value);
	}
	if (rc != 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, len);
}


/* Per exchange storage for one round. */
struct aws_query_signed {
	struct sigv4_output sig;
	struct http_header hdrs[5];
};

static int
aws_query_sign(struct aws_query *c, struct aws_query_call *call, struct aws_query_signed *s,
	       struct http_request *req)
{
	struct http_header to_sign[2];
	struct sigv4_input in;
	char err[256];
	size_t n = 0;

	to_sign[0].name = "host";
	to_sign[0].value = c->host;
	to_sign[1].name = "content-type";
	to_sign[1].value = AWS_QUERY_CONTENT_TYPE;
	memset(&in, 0, sizeof(in));
	in.method = "POST";
	in.path = c->path;
	in.query = "";
	in.headers = to_sign;
	in.nheaders = 2;
	in.body = call->body;
	in.bodylen = call->bodylen;
	in.region = c->region;
	in.service = c->service;
	in.now = c->clock ? c->clock() : time(NULL);
	in.normalize_path = 1;
	s->hdrs[n].name = "Host";
	s->hdrs[n++].value = c->host;
	s->hdrs[n].name = "Content-Type";
	s->hdrs[n++].value = AWS_QUERY_CONTENT_TYPE;
	/* AssumeRoleWithWebIdentity is unsigned: the token is the proof. */
	if (c->cred != NULL) {
		if (sigv4_sign(&in, c->cred, &s->sig, err, sizeof(err)) != 0) {
			aws_query_error_set(&call->error, 0, "Signing", err);
			return -1;
		}
		s->hdrs[n].name = "X-Amz-Date";
		s->hdrs[n++].value = s->sig.amz_date;
		if (c->cred->session_token != NULL && c->cred->session_token[0]) {
			s->hdrs[n].name = "X-Amz-Security-Token";
			s->hdrs[n++].value = c->cred->session_token;
		}
		s->hdrs[n].name = "Authorization";
		s->hdrs[n++].value = s->sig.authorization;
	}

	memset(req, 0, sizeof(*req));
	req->method = "POST";
	req->url = c->url;
	req->headers = s->hdrs;
	req->nheaders = n;
	req->body = call->body;
	req->bodylen = call->bodylen;
	/* The per-try limit, cut to the time left: a stalled request is
	 * abandoned while there is time to try again. */
	req->timeout_ms = aws_retry_try_ms(&c->retry);
	return 0;
}

/* Judge one answer: 0 done (ok or not), 1 worth another try. */
static int
aws_query_judge(struct aws_query_call *call, struct http_response *r)
{
	struct aws_query_error *e = &call->error;
	char msg[300];

	call->elapsed_ms += r->elapsed_ms;
	if (r->transport_error) {
		snprintf(msg, sizeof(msg), "%s%s", r->timed_out ? "timed out: " : "", r->error);
		aws_query_error_set(e, r->status, "Transport", msg);
		return 1;
	}
	if (r->status >= 200 && r->status < 300) {
		call->ok = 1;
		call->resp = r->body;
		call->resplen = r->bodylen;
		r->body = NULL;
		r->bodylen = 0;
		aws_query_error_set(e, r->status, "", "");
		return 0;
	}
	e->http_status = r->status;
	if (aws_query_parse_error(r->body, r->bodylen, e) != 0) {
		char code[32];

		snprintf(code, sizeof(code), "HTTP%ld", r->status);
		aws_query_error_set(e, r->status, code,
			      "error answer without an "
			      "error code");
	}
	e->http_status = r->status;
	if (call->dry_run_ok && r->status == 412 && strcmp(e->code, "DryRunOperation") == 0) {
		call->ok = 1;
		return 0;
	}
	return aws_retry_retryable(r->status, e->code);
}

void
aws_query_run(struct aws_query *c, struct aws_query_call *calls, size_t n)
{
	struct http_exchange *x = NULL;
	struct aws_query_signed *s = NULL;
	size_t *idx = NULL, k, i, m, again;
	char what[64];
	int attempt;

	if ((x = calloc(n, sizeof(*x))) == NULL || (s = calloc(n, sizeof(*s))) == NULL ||
	    (idx = calloc(n, sizeof(*idx))) == NULL) {
		for (i = 0; i < n; i++)
			if (!calls[i].done) {
				aws_query_error_set(&calls[i].error, 0, "Internal", "out of memory");
				calls[i].done = 1;
			}
		goto out;
	}
	for (attempt = 1;; attempt++) {
		for (m = 0, i = 0; i < n; i++) {
			if (calls[i].done)
				continue;
			memset(&s[m], 0, sizeof(s[m]));
			calls[i].error.attempts = attempt;
			if (aws_query_sign(c, &calls[i], &s[m], &x[m].req) != 0) {
				calls[i].done = 1;
				continue;
			}
			log_debug3("%s %s: attempt %d, body %s", calls[i].action,
				   calls[i].label, attempt,
				   calls[i].secret_body ? "(not shown: it holds a secret)"
							: calls[i].body);
			idx[m++] = i;
		}
		if (m == 0)
			break;
		http_perform(c->http, x, m);
		again = 0;
		for (k = 0; k < m; k++) {
			struct aws_query_call *call = &calls[idx[k]];

			if (aws_query_judge(call, &x[k].resp))
				again++;
			else
				call->done = 1;
			log_debug("%s %s: %s%s in %.0f ms (attempt %d, limit %ld ms)%s%s",
				  call->action, call->label, call->ok ? "ok" : call->error.code,
				  call->done ? "" : ", will retry", x[k].resp.elapsed_ms, attempt,
				  x[k].req.timeout_ms, call->ok ? "" : ": ", call->error.message);
			http_response_free(&x[k].resp);
			sigv4_output_free(&s[k].sig);
			memset(&s[k].sig, 0, sizeof(s[k].sig));
		}
		if (again == 0)
			break;
		snprintf(what, sizeof(what), "%zu call(s)", again);
		if (!aws_retry_wait(&c->retry, attempt, what))
			break;
	}
	for (i = 0; i < n; i++)
		calls[i].done = 1;
out:
	free(x);
	free(s);
	free(idx);
}

void
aws_query_call_clear(struct aws_query_call *call)
{
	/* STS bodies and answers hold tokens and keys: wipe them all. */
	text_free_wiped(call->body);
	text_free_wiped(call->resp);
	call->body = call->resp = NULL;
}

int
aws_query_one(struct aws_query *c, struct aws_query_call *call, struct aws_query_error *e)
{
	aws_query_run(c, call, 1);
	if (call->ok)
		return 0;
	*e = call->error;
	return -1;
}

/* ---- the calls ------------------------------------------------------------ */

/* ---- client ----------------------------------------------------------- */

/*
 * The endpoint, under the one rule (aws/url.h), split into what we send:
 * the Host header (default port dropped, as the HTTP layer would) and the
 * path.  -1 with err when refused, -2 out of memory.
 */
static int
aws_query_parse_endpoint(struct aws_query *c, const char *url, char *err, size_t errlen)
{
	struct aws_url u;
	size_t hl, ul;

	if (aws_endpoint_check(url, "endpoint URL", err, errlen) != 0 ||
	    aws_url_split(url, &u, err, errlen) != 0)
		return -1;
	hl = u.hostlen;
	if (u.port != NULL &&
	    !(u.https && u.portlen == 3 && strncmp(u.port, "443", 3) == 0) &&
	    !(!u.https && u.portlen == 2 && strncmp(u.port, "80", 2) == 0))
		hl = (size_t)(u.port + u.portlen - u.host);
	if ((c->host = strndup(u.host, hl)) == NULL)
		return -2;
	c->path = strdup(u.path[0] && u.path[1] ? u.path : "/");
	ul = strlen(url);
	/* What curl gets: the endpoint with the path, "/" when none. */
	if (c->path == NULL || (c->url = malloc(ul + 2)) == NULL)
		return -2;
	snprintf(c->url, ul + 2, "%s%s", url, u.path[0] ? "" : "/");
	return 0;
}

struct aws_query *
aws_query_new(const struct aws_query_config *cfg, char *err, size_t errlen)
{
	struct aws_query *c;
	int rc;

	if (cfg == NULL || cfg->endpoint_url == NULL || cfg->region == NULL ||
	    cfg->region[0] == '\0' || cfg->service == NULL || cfg->version == NULL ||
	    (cfg->cred != NULL &&
	     (cfg->cred->access_key_id == NULL || cfg->cred->secret_access_key == NULL)) ||
	    cfg->http == NULL) {
		snprintf(err, errlen,
			 "a Query API client needs an endpoint, a region, a service, "
			 "a version, credentials and an HTTP client");
		return NULL;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL)
		goto nomem;
	rc = aws_query_parse_endpoint(c, cfg->endpoint_url, err, errlen);
	if (rc == -1) {
		aws_query_free(c);
		return NULL;
	}
	if (rc != 0 || (c->region = strdup(cfg->region)) == NULL ||
	    (c->service = strdup(cfg->service)) == NULL ||
	    (c->version = strdup(cfg->version)) == NULL)
		goto nomem;
	c->cred = cfg->cred;
	c->http = cfg->http;
	aws_retry_init(&c->retry, &cfg->retry);
	c->clock = cfg->clock;
	return c;
nomem:
	snprintf(err, errlen, "out of memory");
	aws_query_free(c);
	return NULL;
}

void
aws_query_set_deadline(struct aws_query *c, double deadline_ms)
{
	aws_retry_set_deadline(&c->retry, deadline_ms);
}

void
aws_query_free(struct aws_query *c)
{
	if (c == NULL)
		return;
	free(c->url);
	free(c->path);
	free(c->host);
	free(c->region);
	free(c->service);
	free(c->version);
	free(c);
}
