/* SPDX-License-Identifier: ISC */
/*
 * EC2's calls over the Query protocol client (aws/query.h): the request
 * bodies and the XML answers, read with expat (lib/io/xmltree.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aws/query.h"
#include "ec2/ec2.h"
#include "io/xmltree.h"

#define EC2_API_VERSION "2016-11-15"
/* Pages of one DescribeRouteTables/DescribeNetworkInterfaces call. */
#define EC2_MAX_PAGES 100

struct ec2_client {
	struct aws_query *q;
};

static void
ec2_error_from(struct ec2_error *e, const struct aws_query_error *q)
{
	e->http_status = q->http_status;
	snprintf(e->code, sizeof(e->code), "%s", q->code);
	snprintf(e->message, sizeof(e->message), "%s", q->message);
	snprintf(e->request_id, sizeof(e->request_id), "%s", q->request_id);
	e->attempts = q->attempts;
}

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

int
ec2_parse_error(const char *xml, size_t len, struct ec2_error *e)
{
	struct aws_query_error q;

	memset(&q, 0, sizeof(q));
	q.http_status = e->http_status;
	q.attempts = e->attempts;
	if (aws_query_parse_error(xml, len, &q) != 0) {
		e->code[0] = e->message[0] = e->request_id[0] = '\0';
		return -1;
	}
	ec2_error_from(e, &q);
	return 0;
}

/* ---- requests ------------------------------------------------------------ */

char *
ec2_form_body(const char *action, const struct aws_query_param *p, size_t n, size_t *len)
{
	return aws_query_form_body(EC2_API_VERSION, action, p, n, len);
}

/* One call with retries: 0 with the answer in call->resp, or -1 with *e. */
static int
ec2_one(struct ec2_client *c, struct aws_query_call *call, struct ec2_error *e)
{
	struct aws_query_error q;

	if (aws_query_one(c->q, call, &q) == 0)
		return 0;
	ec2_error_from(e, &q);
	return -1;
}
int
ec2_replace_body(const struct ec2_replace *r, char **body, size_t *len, char *err, size_t errlen)
{
	struct aws_query_param p[4];
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


int
ec2_describe_route_tables(struct ec2_client *c, const char *const *ids, size_t nids,
			  struct ec2_route_tables **out, struct ec2_error *e)
{
	struct ec2_route_tables *t;
	struct aws_query_param *p = NULL;
	struct aws_query_call call;
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
			aws_query_call_clear(&call);
			goto out;
		}
		if (ec2_parse_route_tables(call.resp, call.resplen, t, next, sizeof(next), err,
					   sizeof(err)) != 0) {
			ec2_error_set(e, 200, "MalformedResponse", err);
			e->attempts = call.error.attempts;
			aws_query_call_clear(&call);
			goto out;
		}
		aws_query_call_clear(&call);
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
	struct aws_query_call *calls;
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
			aws_query_error_set(&calls[i].error, 0, "InvalidParameter", err);
			calls[i].done = 1;
		}
	}
	aws_query_run(c->q, calls, n);
	for (i = 0; i < n; i++) {
		r[i].elapsed_ms = calls[i].elapsed_ms;
		ec2_error_from(&r[i].error, &calls[i].error);
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
		aws_query_call_clear(&calls[i]);
	}
	free(calls);
	free(labels);
	return bad;
}

int
ec2_instance_enis(struct ec2_client *c, const char *instance_id, char ***enis, size_t *n,
		  struct ec2_error *e)
{
	struct aws_query_param p[3];
	struct aws_query_call call;
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
			aws_query_call_clear(&call);
			break;
		}
		if (ec2_parse_network_interfaces(call.resp, call.resplen, enis, n, next,
						 sizeof(next), err, sizeof(err)) != 0) {
			ec2_error_set(e, 200, "MalformedResponse", err);
			aws_query_call_clear(&call);
			break;
		}
		aws_query_call_clear(&call);
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

struct ec2_client *
ec2_new(const struct ec2_config *cfg, char *err, size_t errlen)
{
	struct aws_query_config qc;
	struct ec2_client *c;

	if (cfg == NULL || cfg->cred == NULL) {
		snprintf(err, errlen,
			 "EC2 client needs an endpoint, a region, "
			 "credentials and an HTTP client");
		return NULL;
	}
	memset(&qc, 0, sizeof(qc));
	qc.endpoint_url = cfg->endpoint_url;
	qc.region = cfg->region;
	qc.service = "ec2";
	qc.version = EC2_API_VERSION;
	qc.cred = cfg->cred;
	qc.http = cfg->http;
	qc.retry = cfg->retry;
	qc.clock = cfg->clock;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	if ((c->q = aws_query_new(&qc, err, errlen)) == NULL) {
		free(c);
		return NULL;
	}
	return c;
}

void
ec2_set_deadline(struct ec2_client *c, double deadline_ms)
{
	aws_query_set_deadline(c->q, deadline_ms);
}

void
ec2_free(struct ec2_client *c)
{
	if (c == NULL)
		return;
	aws_query_free(c->q);
	free(c);
}
