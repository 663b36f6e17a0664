/*
 * Where does a (route table, destination) pair point, relative to the
 * primary and secondary routers?  Pure functions over DescribeRouteTables
 * results, shared by handle_route_failover and check_ec2_route.
 */
#ifndef VHA_ROUTEPLAN_H
#define VHA_ROUTEPLAN_H

#include <stddef.h>

#include "ec2/ec2.h"
#include "core/netaddr.h"

enum route_where {
	ROUTE_PRIMARY,       /* targets the primary router */
	ROUTE_SECONDARY,     /* targets the secondary router */
	ROUTE_FOREIGN,       /* targets something else: never touched */
	ROUTE_MISSING,       /* no route for the destination in the table */
	ROUTE_NO_TABLE,      /* the table was not in the answer */
};

struct route_pair {
	const char *table;          /* borrowed */
	const struct cidr *dest;    /* borrowed */
	enum route_where where;
	int blackhole;              /* state is "blackhole" */
	char target[112];           /* the current target, for messages */
};

/* 1 when route r targets id ("i-..." matches instanceId, "eni-..." matches
 * networkInterfaceId; EC2 reports both for an instance target). */
int routeplan_targets(const struct ec2_route *r, const char *id);

/* Fill p->where/blackhole/target for p->table and p->dest in t. */
void routeplan_classify(const struct ec2_route_tables *t, const char *primary,
			const char *secondary, struct route_pair *p);

/* "primary", "secondary", "foreign", "missing", "no-table". */
const char *routeplan_where_name(enum route_where w);

#endif
