/*
 * EC2 Query API client: form-encoded POST /, SigV4-signed, over the http
 * seam, with retries; XML answers read with expat (lib/io/xmltree.c).
 *
 * Every round of a batch re-signs its requests (a fresh x-amz-date) and
 * sends the ones still pending together, so a batch of ReplaceRoute calls
 * costs one round trip when nothing fails and the retry of a throttled
 * subset runs in parallel too.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "aws/sigv4.h"
#include "aws/url.h"
#include "core/buf.h"
#include "core/log.h"
#include "ec2/ec2.h"
#include "io/xmltree.h"

#define EC2_API_VERSION "2016-11-15"
#define EC2_CONTENT_TYPE "application/x-www-form-urlencoded; charset=utf-8"
/* Pages of one DescribeRouteTables/DescribeNetworkInterfaces call. */
#define EC2_MAX_PAGES 100

struct ec2_client {
	char *url;  /* endpoint + path, what curl is given */
	char *path; /* "/" or the endpoint's path */
	char *host; /* Host header: host[:port], port only when not the
		     * scheme's default */
	char *region;
	const struct aws_credentials *cred;
	struct http_client *http;
	struct aws_retry retry;
	time_t (*clock)(void);
};

/* One API call through ec2_run(). */
struct ec2_call {
	const char *action;
	const char *label; /* for log lines, e.g. "rtb-1 10.0.0.0/16" */
	char *body;
	size_t bodylen;
	int dry_run_ok; /* 412 DryRunOperation counts as success */
	/* results */
	int done;
	int ok;
	char *resp; /* body of the successful answer (heap) */
	size_t resplen;
	struct ec2_error error;
	double elapsed_ms;
};

static void
ec2_error_set(struct ec2_error *e, long status, const char *code, const char *msg)
{
	int attempts = e->attempts;

	memset(e, 0, sizeof(*e));
	e->attempts = attempts;
	e->http_status = status;
	snprintf(e->code, sizeof(e->code), "%s", code);
	snprintf(e->message, sizeof(e->message), "%s", msg);
}

/* ---- XML ---------------------------------------------------------------- */

/* Route target elements other than instanceId/networkInterfaceId, in the
 * order EC2's model lists them. */
static const char *const ec2_other_targets[] = {
    "gatewayId",
    "natGatewayId",
    "transitGatewayId",
    "vpcPeeringConnectionId",
    "egressOnlyInternetGatewayId",
    "localGatewayId",
    "carrierGatewayId",
    "coreNetworkArn",
    "vpcEndpointId",
    "odbNetworkArn",
};

static int
ec2_parse_route(const struct xmltree_node *item, struct ec2_route *r, char *err, size_t errlen)
{
	char val[256];
	size_t i;
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = xmltree_text(item, "destinationCidrBlock", r->destination,
			       sizeof(r->destination))) == 0) {
		rc = xmltree_text(item, "destinationIpv6CidrBlock", r->destination,
				  sizeof(r->destination));
		r->ipv6 = rc == 1;
		if (rc == 0)
			rc = xmltree_text(item, "destinationPrefixListId", r->destination,
					  sizeof(r->destination));
	}
	if (rc != 1 || r->destination[0] == '\0') {
		snprintf(err, errlen, "route without a usable destination");
		return -1;
	}
	if (xmltree_text(item, "instanceId", r->instance_id, sizeof(r->instance_id)) < 0 ||
	    xmltree_text(item, "networkInterfaceId", r->eni_id, sizeof(r->eni_id)) < 0 ||
	    xmltree_text(item, "state", r->state, sizeof(r->state)) < 0 ||
	    xmltree_text(item, "origin", r->origin, sizeof(r->origin)) < 0) {
		snprintf(err, errlen, "route %s: a field is too long", r->destination);
		return -1;
	}
	for (i = 0; i < sizeof(ec2_other_targets) / sizeof(ec2_other_targets[0]); i++) {
		rc = xmltree_text(item, ec2_other_targets[i], val, sizeof(val));
		if (rc == 0 || val[0] == '\0')
			continue;
		/* Display only: a long ARN may be cut. */
		snprintf(r->other_target, sizeof(r->other_target), "%s=%s", ec2_other_targets[i],
			 val);
		break;
	}
	return 0;
}

static int
ec2_parse_table(const struct xmltree_node *item, struct ec2_route_table *t, char *err,
		size_t errlen)
{
	const struct xmltree_node *set, *k;
	struct ec2_route *routes = NULL, *nr;
	size_t n = 0, cap = 0;

	memset(t, 0, sizeof(*t));
	if (xmltree_text(item, "routeTableId", t->id, sizeof(t->id)) != 1 || t->id[0] == '\0') {
		snprintf(err, errlen, "route table without a usable id");
		return -1;
	}
	if (xmltree_text(item, "vpcId", t->vpc_id, sizeof(t->vpc_id)) < 0) {
		snprintf(err, errlen, "%s: vpcId too long", t->id);
		return -1;
	}
	set = xmltree_child(item, "routeSet");
	for (k = set ? set->children : NULL; k != NULL; k = k->next) {
		if (!xmltree_is(k, "item"))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			if ((nr = realloc(routes, cap * sizeof(*nr))) == NULL) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
			routes = nr;
		}
		if (ec2_parse_route(k, &routes[n], err, errlen) != 0) {
			char why[200];

			snprintf(why, sizeof(why), "%s", err);
			snprintf(err, errlen, "%s: %s", t->id, why);
			goto fail;
		}
		n++;
	}
	t->routes = routes;
	t->nroutes = n;
	return 0;
fail:
	free(routes);
	return -1;
}

int
ec2_parse_route_tables(const char *xml, size_t len, struct ec2_route_tables *t, char *next,
		       size_t nextlen, char *err, size_t errlen)
{
	struct xmltree_node *root, *set, *k;
	struct ec2_route_table *nt;
	size_t first = t->ntables, i;
	char why[200];
	int rc = -1;

	if (nextlen > 0)
		next[0] = '\0';
	if ((root = xmltree_parse(xml, len, NULL, why, sizeof(why))) == NULL) {
		snprintf(err, errlen, "DescribeRouteTables: %s", why);
		return -1;
	}
	if (xmltree_is(root, "Response") || xmltree_is(root, "ErrorResponse")) {
		snprintf(err, errlen, "DescribeRouteTables: an error answer");
		goto out;
	}
	if ((set = xmltree_child(root, "routeTableSet")) == NULL) {
		snprintf(err, errlen,
			 "DescribeRouteTables: no routeTableSet "
			 "in the answer");
		goto out;
	}
	for (k = set->children; k != NULL; k = k->next) {
		if (!xmltree_is(k, "item"))
			continue;
		nt = realloc(t->tables, (t->ntables + 1) * sizeof(*nt));
		if (nt == NULL) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		t->tables = nt;
		if (ec2_parse_table(k, &t->tables[t->ntables], err, errlen) != 0)
			goto out;
		t->ntables++;
	}
	if (xmltree_text(root, "nextToken", next, nextlen) < 0) {
		snprintf(err, errlen,
			 "DescribeRouteTables: nextToken too "
			 "long");
		goto out;
	}
	rc = 0;
out:
	if (rc != 0) {
		/* Leave *t as it was before this page. */
		for (i = first; i < t->ntables; i++)
			free(t->tables[i].routes);
		t->ntables = first;
		if (nextlen > 0)
			next[0] = '\0';
	}
	xmltree_free(root);
	return rc;
}

int
ec2_parse_error(const char *xml, size_t len, struct ec2_error *e)
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

int
ec2_parse_return(const char *xml, size_t len)
{
	struct xmltree_node *root;
	char v[16], why[200];
	int rc = -1;

	if ((root = xmltree_parse(xml, len, NULL, why, sizeof(why))) == NULL)
		return -1;
	if (!xmltree_is(root, "Response") && !xmltree_is(root, "ErrorResponse")) {
		switch (xmltree_text(root, "return", v, sizeof(v))) {
		case 0:
			/* botocore's model has no output for ReplaceRoute, and
			 * moto sends none: a 2xx answer is the success. */
			rc = 1;
			break;
		case 1:
			if (strcmp(v, "true") == 0)
				rc = 1;
			else if (strcmp(v, "false") == 0)
				rc = 0;
			break;
		}
	}
	xmltree_free(root);
	return rc;
}

struct ec2_eni_dev {
	char *id;
	long index;
};

static int
ec2_eni_cmp(const void *a, const void *b)
{
	const struct ec2_eni_dev *x = a, *y = b;

	return (x->index > y->index) - (x->index < y->index);
}

int
ec2_parse_network_interfaces(const char *xml, size_t len, char ***ids, size_t *n, char *next,
			     size_t nextlen, char *err, size_t errlen)
{
	struct xmltree_node *root, *set, *k, *att;
	struct ec2_eni_dev *devs = NULL, *nd;
	size_t nd_n = 0, i, first = *n;
	char id[64], idx[16], why[200], **out;
	int rc = -1;

	if (nextlen > 0)
		next[0] = '\0';
	if ((root = xmltree_parse(xml, len, NULL, why, sizeof(why))) == NULL) {
		snprintf(err, errlen, "DescribeNetworkInterfaces: %s", why);
		return -1;
	}
	if ((set = xmltree_child(root, "networkInterfaceSet")) == NULL) {
		snprintf(err, errlen,
			 "DescribeNetworkInterfaces: no "
			 "networkInterfaceSet in the answer");
		goto out;
	}
	for (k = set->children; k != NULL; k = k->next) {
		if (!xmltree_is(k, "item"))
			continue;
		if (xmltree_text(k, "networkInterfaceId", id, sizeof(id)) != 1 || id[0] == '\0') {
			snprintf(err, errlen,
				 "network interface without a "
				 "usable id");
			goto out;
		}
		att = xmltree_child(k, "attachment");
		if (xmltree_text(att, "deviceIndex", idx, sizeof(idx)) != 1)
			snprintf(idx, sizeof(idx), "999");
		if ((nd = realloc(devs, (nd_n + 1) * sizeof(*nd))) == NULL)
			goto nomem;
		devs = nd;
		devs[nd_n].index = strtol(idx, NULL, 10);
		if ((devs[nd_n].id = strdup(id)) == NULL)
			goto nomem;
		nd_n++;
	}
	if (xmltree_text(root, "nextToken", next, nextlen) < 0) {
		snprintf(err, errlen, "nextToken too long");
		goto out;
	}
	qsort(devs, nd_n, sizeof(*devs), ec2_eni_cmp);
	if ((out = realloc(*ids, (first + nd_n + 1) * sizeof(*out))) == NULL)
		goto nomem;
	*ids = out;
	for (i = 0; i < nd_n; i++) {
		out[first + i] = devs[i].id;
		devs[i].id = NULL;
	}
	*n = first + nd_n;
	rc = 0;
	goto out;
nomem:
	snprintf(err, errlen, "out of memory");
out:
	for (i = 0; i < nd_n; i++)
		free(devs[i].id);
	free(devs);
	xmltree_free(root);
	return rc;
}

/* ---- requests ------------------------------------------------------------ */

/* Append s percent-encoded (RFC 3986). */
static int
ec2_put_encoded(struct buf *b, const char *s)
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
ec2_form_body(const char *action, const struct ec2_param *p, size_t n, size_t *len)
{
	struct buf b = BUF_INIT;
	size_t i;
	int rc;

	rc = buf_puts(&b, "Action=");
	rc |= ec2_put_encoded(&b, action);
	rc |= buf_puts(&b, "&Version=" EC2_API_VERSION);
	for (i = 0; i < n; i++) {
		rc |= buf_putc(&b, '&');
		rc |= ec2_put_encoded(&b, p[i].name);
		rc |= buf_putc(&b, '=');
		rc |= ec2_put_encoded(&b, p[i].value);
	}
	if (rc != 0) {
		buf_free(&b);
		return NULL;
	}
	return buf_steal(&b, len);
}

int
ec2_replace_body(const struct ec2_replace *r, char **body, size_t *len, char *err, size_t errlen)
{
	struct ec2_param p[4];
	size_t n = 0;

	if (r->route_table_id == NULL || r->destination == NULL || r->target == NULL) {
		snprintf(err, errlen,
			 "ReplaceRoute needs a route table, a "
			 "destination and a target");
		return -1;
	}
	p[n].name = "RouteTableId";
	p[n++].value = r->route_table_id;
	p[n].name = r->ipv6 ? "DestinationIpv6CidrBlock" : "DestinationCidrBlock";
	p[n++].value = r->destination;
	if (strncmp(r->target, "i-", 2) == 0) {
		p[n].name = "InstanceId";
	} else if (strncmp(r->target, "eni-", 4) == 0) {
		p[n].name = "NetworkInterfaceId";
	} else {
		snprintf(err, errlen,
			 "target '%s' is neither i-... nor "
			 "eni-...",
			 r->target);
		return -1;
	}
	p[n++].value = r->target;
	if (r->dry_run) {
		p[n].name = "DryRun";
		p[n++].value = "true";
	}
	if ((*body = ec2_form_body("ReplaceRoute", p, n, len)) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

int
ec2_error_is_not_found(const struct ec2_error *e)
{
	return strncmp(e->code, "InvalidRouteTableID", 19) == 0 ||
	       strcmp(e->code, "InvalidRouteTableId.NotFound") == 0 ||
	       strcmp(e->code, "InvalidRouteTableId.Malformed") == 0;
}

/* Per exchange storage for one round. */
struct ec2_signed {
	struct sigv4_output sig;
	struct http_header hdrs[5];
};

static int
ec2_sign(struct ec2_client *c, struct ec2_call *call, struct ec2_signed *s,
	 struct http_request *req)
{
	struct http_header to_sign[2];
	struct sigv4_input in;
	char err[256];
	size_t n = 0;

	to_sign[0].name = "host";
	to_sign[0].value = c->host;
	to_sign[1].name = "content-type";
	to_sign[1].value = EC2_CONTENT_TYPE;
	memset(&in, 0, sizeof(in));
	in.method = "POST";
	in.path = c->path;
	in.query = "";
	in.headers = to_sign;
	in.nheaders = 2;
	in.body = call->body;
	in.bodylen = call->bodylen;
	in.region = c->region;
	in.service = "ec2";
	in.now = c->clock ? c->clock() : time(NULL);
	in.normalize_path = 1;
	if (sigv4_sign(&in, c->cred, &s->sig, err, sizeof(err)) != 0) {
		ec2_error_set(&call->error, 0, "Signing", err);
		return -1;
	}
	s->hdrs[n].name = "Host";
	s->hdrs[n++].value = c->host;
	s->hdrs[n].name = "Content-Type";
	s->hdrs[n++].value = EC2_CONTENT_TYPE;
	s->hdrs[n].name = "X-Amz-Date";
	s->hdrs[n++].value = s->sig.amz_date;
	if (c->cred->session_token != NULL && c->cred->session_token[0]) {
		s->hdrs[n].name = "X-Amz-Security-Token";
		s->hdrs[n++].value = c->cred->session_token;
	}
	s->hdrs[n].name = "Authorization";
	s->hdrs[n++].value = s->sig.authorization;

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
ec2_judge(struct ec2_call *call, struct http_response *r)
{
	struct ec2_error *e = &call->error;
	char msg[300];

	call->elapsed_ms += r->elapsed_ms;
	if (r->transport_error) {
		snprintf(msg, sizeof(msg), "%s%s", r->timed_out ? "timed out: " : "", r->error);
		ec2_error_set(e, r->status, "Transport", msg);
		return 1;
	}
	if (r->status >= 200 && r->status < 300) {
		call->ok = 1;
		call->resp = r->body;
		call->resplen = r->bodylen;
		r->body = NULL;
		r->bodylen = 0;
		ec2_error_set(e, r->status, "", "");
		return 0;
	}
	e->http_status = r->status;
	if (ec2_parse_error(r->body, r->bodylen, e) != 0) {
		char code[32];

		snprintf(code, sizeof(code), "HTTP%ld", r->status);
		ec2_error_set(e, r->status, code,
			      "error answer without an "
			      "EC2 error code");
	}
	e->http_status = r->status;
	if (call->dry_run_ok && r->status == 412 && strcmp(e->code, "DryRunOperation") == 0) {
		call->ok = 1;
		return 0;
	}
	return aws_retry_retryable(r->status, e->code);
}

/*
 * Run the calls, concurrently, retrying the retryable failures.  Each
 * ends with done=1 and either ok=1 (resp holds the body) or error set.
 */
static void
ec2_run(struct ec2_client *c, struct ec2_call *calls, size_t n)
{
	struct http_exchange *x = NULL;
	struct ec2_signed *s = NULL;
	size_t *idx = NULL, k, i, m, again;
	char what[128];
	int attempt;

	if ((x = calloc(n, sizeof(*x))) == NULL || (s = calloc(n, sizeof(*s))) == NULL ||
	    (idx = calloc(n, sizeof(*idx))) == NULL) {
		for (i = 0; i < n; i++)
			if (!calls[i].done) {
				ec2_error_set(&calls[i].error, 0, "Internal", "out of memory");
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
			if (ec2_sign(c, &calls[i], &s[m], &x[m].req) != 0) {
				calls[i].done = 1;
				continue;
			}
			log_debug3("%s %s: attempt %d, body %s", calls[i].action, calls[i].label,
				   attempt, calls[i].body);
			idx[m++] = i;
		}
		if (m == 0)
			break;
		http_perform(c->http, x, m);
		again = 0;
		for (k = 0; k < m; k++) {
			struct ec2_call *call = &calls[idx[k]];

			if (ec2_judge(call, &x[k].resp))
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

static void
ec2_call_clear(struct ec2_call *call)
{
	free(call->body);
	free(call->resp);
	call->body = call->resp = NULL;
}

/* One call with retries; the body is taken over.  0 with the answer in
 * call->resp, or -1 with *e. */
static int
ec2_one(struct ec2_client *c, struct ec2_call *call, struct ec2_error *e)
{
	ec2_run(c, call, 1);
	if (call->ok)
		return 0;
	*e = call->error;
	return -1;
}

/* ---- the calls ------------------------------------------------------------ */

int
ec2_describe_route_tables(struct ec2_client *c, const char *const *ids, size_t nids,
			  struct ec2_route_tables **out, struct ec2_error *e)
{
	struct ec2_route_tables *t;
	struct ec2_param *p = NULL;
	struct ec2_call call;
	char(*names)[32] = NULL;
	char next[4096], token[4096], err[256], label[64];
	size_t i, np;
	int page, rc = -1;

	memset(e, 0, sizeof(*e));
	*out = NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL || (p = calloc(nids + 1, sizeof(*p))) == NULL ||
	    (names = calloc(nids + 1, sizeof(*names))) == NULL) {
		ec2_error_set(e, 0, "Internal", "out of memory");
		goto out;
	}
	for (i = 0; i < nids; i++) {
		snprintf(names[i], sizeof(names[i]), "RouteTableId.%zu", i + 1);
		p[i].name = names[i];
		p[i].value = ids[i];
	}
	token[0] = '\0';
	for (page = 0; page < EC2_MAX_PAGES; page++) {
		np = nids;
		if (token[0] != '\0') {
			p[np].name = "NextToken";
			p[np++].value = token;
		}
		memset(&call, 0, sizeof(call));
		call.action = "DescribeRouteTables";
		if (nids == 1)
			snprintf(label, sizeof(label), "%s", ids[0]);
		else
			snprintf(label, sizeof(label), "(%zu tables)", nids);
		call.label = label;
		if ((call.body = ec2_form_body(call.action, p, np, &call.bodylen)) == NULL) {
			ec2_error_set(e, 0, "Internal", "out of memory");
			goto out;
		}
		if (ec2_one(c, &call, e) != 0) {
			ec2_call_clear(&call);
			goto out;
		}
		if (ec2_parse_route_tables(call.resp, call.resplen, t, next, sizeof(next), err,
					   sizeof(err)) != 0) {
			ec2_error_set(e, 200, "MalformedResponse", err);
			e->attempts = call.error.attempts;
			ec2_call_clear(&call);
			goto out;
		}
		ec2_call_clear(&call);
		if (next[0] == '\0') {
			rc = 0;
			goto out;
		}
		if (strcmp(next, token) == 0) {
			ec2_error_set(e, 200, "MalformedResponse",
				      "DescribeRouteTables returned the same "
				      "nextToken twice");
			goto out;
		}
		memcpy(token, next, sizeof(token));
	}
	ec2_error_set(e, 200, "MalformedResponse",
		      "DescribeRouteTables: too "
		      "many pages");
out:
	free(p);
	free(names);
	if (rc == 0)
		*out = t;
	else
		ec2_route_tables_free(t);
	return rc;
}

void
ec2_route_tables_free(struct ec2_route_tables *t)
{
	size_t i;

	if (t == NULL)
		return;
	for (i = 0; i < t->ntables; i++)
		free(t->tables[i].routes);
	free(t->tables);
	free(t);
}

size_t
ec2_replace_routes(struct ec2_client *c, struct ec2_replace *r, size_t n)
{
	struct ec2_call *calls;
	char(*labels)[128] = NULL;
	char err[256];
	size_t i, bad = 0;
	int v;

	for (i = 0; i < n; i++) {
		r[i].ok = 0;
		r[i].elapsed_ms = 0;
		memset(&r[i].error, 0, sizeof(r[i].error));
	}
	if (n == 0)
		return 0;
	if ((calls = calloc(n, sizeof(*calls))) == NULL ||
	    (labels = calloc(n, sizeof(*labels))) == NULL) {
		free(calls);
		for (i = 0; i < n; i++)
			ec2_error_set(&r[i].error, 0, "Internal", "out of memory");
		return n;
	}
	for (i = 0; i < n; i++) {
		snprintf(labels[i], sizeof(labels[i]), "%s %s -> %s%s",
			 r[i].route_table_id ? r[i].route_table_id : "?",
			 r[i].destination ? r[i].destination : "?", r[i].target ? r[i].target : "?",
			 r[i].dry_run ? " (dry run)" : "");
		calls[i].action = "ReplaceRoute";
		calls[i].label = labels[i];
		calls[i].dry_run_ok = r[i].dry_run;
		if (ec2_replace_body(&r[i], &calls[i].body, &calls[i].bodylen, err, sizeof(err)) !=
		    0) {
			ec2_error_set(&calls[i].error, 0, "InvalidParameter", err);
			calls[i].done = 1;
		}
	}
	ec2_run(c, calls, n);
	for (i = 0; i < n; i++) {
		r[i].elapsed_ms = calls[i].elapsed_ms;
		r[i].error = calls[i].error;
		if (calls[i].ok && calls[i].resp != NULL && calls[i].error.http_status != 412) {
			v = ec2_parse_return(calls[i].resp, calls[i].resplen);
			if (v != 1) {
				calls[i].ok = 0;
				ec2_error_set(&r[i].error, 200,
					      v == 0 ? "ReturnFalse" : "MalformedResponse",
					      v == 0 ? "EC2 answered false"
						     : "ReplaceRoute answer "
						       "without <return>");
				r[i].error.attempts = calls[i].error.attempts;
			}
		}
		r[i].ok = calls[i].ok;
		if (!r[i].ok)
			bad++;
		ec2_call_clear(&calls[i]);
	}
	free(calls);
	free(labels);
	return bad;
}

int
ec2_instance_enis(struct ec2_client *c, const char *instance_id, char ***enis, size_t *n,
		  struct ec2_error *e)
{
	struct ec2_param p[3];
	struct ec2_call call;
	char next[4096], token[4096], err[256];
	size_t np;
	int page;

	memset(e, 0, sizeof(*e));
	*enis = NULL;
	*n = 0;
	token[0] = '\0';
	for (page = 0; page < EC2_MAX_PAGES; page++) {
		np = 0;
		p[np].name = "Filter.1.Name";
		p[np++].value = "attachment.instance-id";
		p[np].name = "Filter.1.Value.1";
		p[np++].value = instance_id;
		if (token[0] != '\0') {
			p[np].name = "NextToken";
			p[np++].value = token;
		}
		memset(&call, 0, sizeof(call));
		call.action = "DescribeNetworkInterfaces";
		call.label = instance_id;
		if ((call.body = ec2_form_body(call.action, p, np, &call.bodylen)) == NULL) {
			ec2_error_set(e, 0, "Internal", "out of memory");
			break;
		}
		if (ec2_one(c, &call, e) != 0) {
			ec2_call_clear(&call);
			break;
		}
		if (ec2_parse_network_interfaces(call.resp, call.resplen, enis, n, next,
						 sizeof(next), err, sizeof(err)) != 0) {
			ec2_error_set(e, 200, "MalformedResponse", err);
			ec2_call_clear(&call);
			break;
		}
		ec2_call_clear(&call);
		if (next[0] == '\0')
			return 0;
		if (strcmp(next, token) == 0) {
			ec2_error_set(e, 200, "MalformedResponse", "the same nextToken twice");
			break;
		}
		memcpy(token, next, sizeof(token));
	}
	if (e->code[0] == '\0')
		ec2_error_set(e, 200, "MalformedResponse", "too many pages");
	ec2_strings_free(*enis, *n);
	*enis = NULL;
	*n = 0;
	return -1;
}

void
ec2_strings_free(char **s, size_t n)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < n; i++)
		free(s[i]);
	free(s);
}

/* ---- client ----------------------------------------------------------- */

/*
 * The endpoint, under the one rule (aws/url.h), split into what we send:
 * the Host header (default port dropped, as the HTTP layer would) and the
 * path.  -1 with err when refused, -2 out of memory.
 */
static int
ec2_parse_endpoint(struct ec2_client *c, const char *url, char *err, size_t errlen)
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

struct ec2_client *
ec2_new(const struct ec2_config *cfg, char *err, size_t errlen)
{
	struct ec2_client *c;
	int rc;

	if (cfg == NULL || cfg->endpoint_url == NULL || cfg->region == NULL ||
	    cfg->region[0] == '\0' || cfg->cred == NULL || cfg->cred->access_key_id == NULL ||
	    cfg->cred->secret_access_key == NULL || cfg->http == NULL) {
		snprintf(err, errlen,
			 "EC2 client needs an endpoint, a region, "
			 "credentials and an HTTP client");
		return NULL;
	}
	if ((c = calloc(1, sizeof(*c))) == NULL)
		goto nomem;
	rc = ec2_parse_endpoint(c, cfg->endpoint_url, err, errlen);
	if (rc == -1) {
		ec2_free(c);
		return NULL;
	}
	if (rc != 0 || (c->region = strdup(cfg->region)) == NULL)
		goto nomem;
	c->cred = cfg->cred;
	c->http = cfg->http;
	aws_retry_init(&c->retry, &cfg->retry);
	c->clock = cfg->clock;
	return c;
nomem:
	snprintf(err, errlen, "out of memory");
	ec2_free(c);
	return NULL;
}

void
ec2_set_deadline(struct ec2_client *c, double deadline_ms)
{
	aws_retry_set_deadline(&c->retry, deadline_ms);
}

void
ec2_free(struct ec2_client *c)
{
	if (c == NULL)
		return;
	free(c->url);
	free(c->path);
	free(c->host);
	free(c->region);
	free(c);
}
