/*
 * The Query protocol client shared by EC2 and STS: endpoint, signing, the
 * retry loop with its backoff and deadline, the error document.
 */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "aws/query.h"
#include "aws/sigv4.h"
#include "core/buf.h"
#include "core/clock.h"
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
	int max_attempts;
	long base_ms;
	long cap_ms;
	double deadline_ms;
	time_t (*clock)(void);
	double (*now_ms)(void);
	void (*sleep_ms)(long ms);
	uint64_t rng;
};

static void
aws_query_default_sleep_ms(long ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

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


int
aws_query_retryable(long http_status, const char *code)
{
	static const char *const codes[] = {
	    "RequestLimitExceeded",	"Throttling",	    "ThrottlingException",
	    "EC2ThrottledException",	"RequestThrottled", "RequestThrottledException",
	    "TooManyRequestsException", "InternalError",    "InternalFailure",
	    "ServiceUnavailable",	"Unavailable",	    "Transport",
	    "IDPCommunicationError",
	};
	size_t i;

	if (http_status >= 500 || http_status == 429 || http_status == 0)
		return 1;
	for (i = 0; code != NULL && i < sizeof(codes) / sizeof(codes[0]); i++)
		if (strcmp(code, codes[i]) == 0)
			return 1;
	return 0;
}

/* Per exchange storage for one round. */
struct aws_query_signed {
	struct sigv4_output sig;
	struct http_header hdrs[5];
};

static int
aws_query_sign(struct aws_query *c, struct aws_query_call *call, struct aws_query_signed *s,
	 struct http_request *req, double now)
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
	/* Never run past the caller's deadline, retries included. */
	if (c->deadline_ms > 0)
		req->timeout_ms = c->deadline_ms - now >= 1.0 ? (long)(c->deadline_ms - now) : 1;
	return 0;
}

/* Judge one answer: 0 done (ok or not), 1 worth another try. */
static int
aws_query_judge(struct aws_query *c, struct aws_query_call *call, struct http_response *r)
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
	log_debug3("%s %s: HTTP %ld %s: %s", call->action, call->label, r->status, e->code,
		 e->message);
	return aws_query_retryable(r->status, e->code);
}

static long
aws_query_backoff(struct aws_query *c, int attempt)
{
	long ceil = c->base_ms;
	int i;

	for (i = 1; i < attempt && ceil < c->cap_ms; i++)
		ceil *= 2;
	if (ceil > c->cap_ms)
		ceil = c->cap_ms;
	/* Full jitter (xorshift: not security relevant). */
	c->rng ^= c->rng << 13;
	c->rng ^= c->rng >> 7;
	c->rng ^= c->rng << 17;
	return (long)(c->rng % (uint64_t)(ceil + 1));
}

void
aws_query_run(struct aws_query *c, struct aws_query_call *calls, size_t n)
{
	struct http_exchange *x = NULL;
	struct aws_query_signed *s = NULL;
	size_t *idx = NULL, k, i, m;
	double now;
	long wait;
	int attempt, again;

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
		now = c->now_ms();
		for (m = 0, i = 0; i < n; i++) {
			if (calls[i].done)
				continue;
			memset(&s[m], 0, sizeof(s[m]));
			calls[i].error.attempts = attempt;
			if (aws_query_sign(c, &calls[i], &s[m], &x[m].req, now) != 0) {
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

			if (aws_query_judge(c, call, &x[k].resp) && attempt < c->max_attempts)
				again++;
			else
				call->done = 1;
			log_debug("%s %s: %s%s in %.0f ms (attempt %d)", call->action,
				 call->label, call->ok ? "ok" : call->error.code,
				 call->ok || call->done ? "" : ", will retry", x[k].resp.elapsed_ms,
				 attempt);
			http_response_free(&x[k].resp);
			sigv4_output_free(&s[k].sig);
			memset(&s[k].sig, 0, sizeof(s[k].sig));
		}
		if (again == 0)
			break;
		wait = aws_query_backoff(c, attempt);
		now = c->now_ms();
		if (c->deadline_ms > 0 && now + (double)wait >= c->deadline_ms) {
			log_info("no retry of %d call(s): the deadline "
				 "is %.0f ms away",
				 again, c->deadline_ms - now);
			break;
		}
		log_info("retrying %d call(s) in %ld ms (attempt %d of "
			 "%d)",
			 again, wait, attempt + 1, c->max_attempts);
		c->sleep_ms(wait);
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
 * Split "scheme://host[:port][/path]" into what we send: the Host header
 * (default port dropped, as the HTTP layer would) and the path.
 */
static int
aws_query_parse_endpoint(struct aws_query *c, const char *url, char *err, size_t errlen)
{
	const char *hs, *he, *ps, *port = NULL;
	size_t hl, ul;
	int https;

	if (strncmp(url, "https://", 8) == 0) {
		https = 1;
		hs = url + 8;
	} else if (strncmp(url, "http://", 7) == 0) {
		https = 0;
		hs = url + 7;
	} else {
		snprintf(err, errlen, "endpoint URL '%s' is not http(s)://", url);
		return -1;
	}
	ps = strchr(hs, '/');
	he = ps ? ps : hs + strlen(hs);
	if (memchr(hs, '@', (size_t)(he - hs)) != NULL || strpbrk(url, "?# \t\r\n") != NULL) {
		snprintf(err, errlen,
			 "endpoint URL '%s': user info, query or "
			 "fragment not supported",
			 url);
		return -1;
	}
	if (*hs == '[') {
		const char *rb = memchr(hs, ']', (size_t)(he - hs));

		if (rb == NULL) {
			snprintf(err, errlen,
				 "endpoint URL '%s': bad IPv6 "
				 "literal",
				 url);
			return -1;
		}
		if (rb + 1 < he && rb[1] == ':')
			port = rb + 2;
		hl = (size_t)(rb + 1 - hs);
	} else {
		const char *colon = memchr(hs, ':', (size_t)(he - hs));

		if (colon != NULL)
			port = colon + 1;
		hl = (size_t)((colon ? colon : he) - hs);
	}
	if (hl == 0) {
		snprintf(err, errlen, "endpoint URL '%s' has no host", url);
		return -1;
	}
	if (port != NULL) {
		const char *q;

		for (q = port; q < he; q++)
			if (*q < '0' || *q > '9')
				break;
		if (q != he || q == port) {
			snprintf(err, errlen, "endpoint URL '%s': bad port", url);
			return -1;
		}
		if ((https && he - port == 3 && strncmp(port, "443", 3) == 0) ||
		    (!https && he - port == 2 && strncmp(port, "80", 2) == 0))
			port = NULL;
	}
	if (port != NULL)
		hl = (size_t)(he - hs);
	if ((c->host = strndup(hs, hl)) == NULL)
		return -2;
	c->path = strdup(ps && ps[1] ? ps : "/");
	ul = strlen(url);
	/* What curl gets: the endpoint with the path, "/" when none. */
	if (c->path == NULL || (c->url = malloc(ul + 2)) == NULL)
		return -2;
	snprintf(c->url, ul + 2, "%s%s", url, ps ? "" : "/");
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
	c->max_attempts = cfg->max_attempts > 0 ? cfg->max_attempts : 4;
	c->base_ms = cfg->backoff_base_ms > 0 ? cfg->backoff_base_ms : 100;
	c->cap_ms = cfg->backoff_cap_ms > 0 ? cfg->backoff_cap_ms : 2000;
	c->deadline_ms = cfg->deadline_ms;
	c->clock = cfg->clock;
	c->now_ms = cfg->now_ms ? cfg->now_ms : clock_now_ms;
	c->sleep_ms = cfg->sleep_ms ? cfg->sleep_ms : aws_query_default_sleep_ms;
	/* Jitter only has to differ between two handlers started at once. */
	c->rng = (uint64_t)(clock_now_ms() * 1e6) ^ ((uint64_t)getpid() << 40) ^
		 0x9e3779b97f4a7c15ULL;
	if (cfg->jitter_seed != 0)
		c->rng = cfg->jitter_seed;
	return c;
nomem:
	snprintf(err, errlen, "out of memory");
	aws_query_free(c);
	return NULL;
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
