/* SPDX-License-Identifier: ISC */
/*
 * EC2 Query API client (version 2016-11-15): the calls the failover handler
 * and check_ec2_route need, over the Query protocol client (aws/query.h:
 * SigV4, retries with backoff on throttling, 5xx and transport errors,
 * the deadline, the logging).  The XML parsers are pure and exposed for
 * tests.
 */
#ifndef VHA_EC2_H
#define VHA_EC2_H

#include <stddef.h>
#include <time.h>

#include "aws/aws_creds.h"
#include "aws/query.h"
#include "io/http.h"

struct ec2_error {
	long http_status;   /* 0 when none was received */
	char code[96];      /* EC2 error code, e.g. "RequestLimitExceeded";
			     * "Transport" for connect/TLS/timeout failures */
	char message[512];
	char request_id[96];
	int attempts;       /* how many tries were made */
};

struct ec2_route {
	char destination[64];  /* destinationCidrBlock or
				* destinationIpv6CidrBlock as EC2 reports it;
				* "pl-..." for a prefix list */
	int ipv6;
	char instance_id[32];  /* "" when none */
	char eni_id[32];       /* networkInterfaceId, "" when none */
	char other_target[96]; /* e.g. "gatewayId=igw-..",
				* "transitGatewayId=tgw-..", "" when none */
	char state[16];        /* "active", "blackhole", ... */
	char origin[32];
};

struct ec2_route_table {
	char id[32];
	char vpc_id[32];
	struct ec2_route *routes;
	size_t nroutes;
};

struct ec2_route_tables {
	struct ec2_route_table *tables;
	size_t ntables;
};

struct ec2_config {
	const char *endpoint_url; /* "https://ec2.eu-west-1.amazonaws.com" */
	const char *region;
	const struct aws_credentials *cred; /* borrowed */
	struct http_client *http;           /* borrowed */
	struct aws_retry_config retry; /* per-try limit, deadline, backoff
					* (aws/retry.h); zero: defaults */
	time_t (*clock)(void); /* signing clock; NULL: time() */
};

struct ec2_client;

/* Returns NULL with a reason in err.  Free with ec2_free(). */
struct ec2_client *ec2_new(const struct ec2_config *cfg, char *err,
			   size_t errlen);
void ec2_free(struct ec2_client *c);

/* Move the deadline of the calls that follow (clock_now_ms() value; 0:
 * none): no try starts after it and none runs past it. */
void ec2_set_deadline(struct ec2_client *c, double deadline_ms);

/*
 * DescribeRouteTables for these ids (RouteTableId.N), following nextToken.
 * Returns 0 and *out (free with ec2_route_tables_free), or -1 with *e.
 */
int ec2_describe_route_tables(struct ec2_client *c, const char *const *ids,
			      size_t nids, struct ec2_route_tables **out,
			      struct ec2_error *e);
void ec2_route_tables_free(struct ec2_route_tables *t);

/* One ReplaceRoute call; the batch below runs them concurrently. */
struct ec2_replace {
	const char *route_table_id;
	const char *destination; /* canonical CIDR, v4 or v6 */
	int ipv6;
	const char *target; /* "i-..." -> InstanceId, "eni-..." ->
			     * NetworkInterfaceId */
	int dry_run;
	/* results */
	int ok;             /* 1: EC2 returned true (or DryRunOperation
			     * for a dry run: then error.code says
			     * "DryRunOperation" and http_status 412) */
	struct ec2_error error;
	double elapsed_ms;
};

/*
 * Run every ReplaceRoute in r[0..n-1] concurrently, retrying the retryable
 * failures with backoff.  Returns the number that did not end ok.  A call
 * that did not end ok may still have been applied when its answer was lost
 * or garbled (code "Transport" or "MalformedResponse", or a 5xx): only a
 * read tells.
 */
size_t ec2_replace_routes(struct ec2_client *c, struct ec2_replace *r,
			  size_t n);

/*
 * Network interface ids attached to an instance (DescribeNetworkInterfaces,
 * filter attachment.instance-id), for the error that tells the user which
 * eni-... to use.  Returns 0 and a heap array of heap strings (free with
 * ec2_strings_free), or -1 with *e.
 */
int ec2_instance_enis(struct ec2_client *c, const char *instance_id,
		      char ***enis, size_t *n, struct ec2_error *e);
void ec2_strings_free(char **s, size_t n);

/* Pure parsers (no I/O), namespace and element order ignored. */

/* Append the tables of one DescribeRouteTables page to *t; next token (""
 * when last page) into next.  Returns 0, or -1 with a reason in err. */
int ec2_parse_route_tables(const char *xml, size_t len,
			   struct ec2_route_tables *t, char *next,
			   size_t nextlen, char *err, size_t errlen);
/* An EC2 error body (<Response><Errors><Error>... or <ErrorResponse>).
 * Returns 0 when a code was found. */
int ec2_parse_error(const char *xml, size_t len, struct ec2_error *e);
/* <return>true</return> of ReplaceRoute: 1 true (or no <return> in a
 * well-formed non-error answer: botocore's model has none), 0 false,
 * -1 unparsable or an error document. */
int ec2_parse_return(const char *xml, size_t len);

/* DescribeNetworkInterfaces page: appends the interface ids, ordered by
 * attachment device index, to the heap array *ids (*n entries so far);
 * next token into next.  Returns 0, or -1 with a reason in err. */
int ec2_parse_network_interfaces(const char *xml, size_t len, char ***ids,
				 size_t *n, char *next, size_t nextlen,
				 char *err, size_t errlen);

/* Request building, exposed for tests. */

/* "Action=A&Version=2016-11-15&N1=V1..." (aws_query_form_body with EC2's
 * version); heap, length in *len. */
char *ec2_form_body(const char *action, const struct aws_query_param *p,
		    size_t n, size_t *len);
/* The ReplaceRoute body for r (in botocore's parameter order).  Returns 0
 * and a heap *body, or -1 with a reason in err (bad target prefix). */
int ec2_replace_body(const struct ec2_replace *r, char **body, size_t *len,
		     char *err, size_t errlen);

/* 1 when e says a route table does not exist (or its id is malformed):
 * InvalidRouteTableID* and InvalidRouteTableId.NotFound/.Malformed, as EC2
 * and moto spell them. */
int ec2_error_is_not_found(const struct ec2_error *e);

#endif
