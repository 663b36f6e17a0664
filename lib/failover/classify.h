/* SPDX-License-Identifier: ISC */
/*
 * Where does a (route table, destination) pair point, relative to the
 * primary and secondary routers, and what would it take to point it at one
 * of them?  Pure functions over DescribeRouteTables results, shared by
 * handle_route_failover (through switch.h) and check_ec2_route.
 */
#ifndef VHA_FAILOVER_CLASSIFY_H
#define VHA_FAILOVER_CLASSIFY_H

#include <stddef.h>

#include "core/netaddr.h"
#include "core/state.h"
#include "ec2/ec2.h"

/* One of the two routers. */
enum failover_role {
	ROLE_PRIMARY,
	ROLE_SECONDARY,
};

enum route_class {
	ROUTE_ON_PRIMARY,   /* targets the primary router */
	ROUTE_ON_SECONDARY, /* targets the secondary router */
	ROUTE_FOREIGN,      /* targets something else: never touched */
	ROUTE_MISSING,      /* no route for the destination in the table */
	ROUTE_NO_TABLE,     /* the table was not in the answer */
};

struct route_pair {
	const char *table;       /* borrowed */
	const struct cidr *dest; /* borrowed */
	enum route_class class;
	int blackhole;           /* state is "blackhole" */
	char target[112];        /* the current target, for messages */
};

/* What pointing a pair at a router takes. */
enum route_plan {
	PLAN_KEEP,      /* already there */
	PLAN_REPLACE,   /* on the other router, or a blackhole: ReplaceRoute */
	PLAN_FOREIGN,   /* a live foreign target: left alone */
	PLAN_MISSING,   /* no route: routes are never created */
	PLAN_NO_TABLE,  /* the table does not exist */
};

/* 1 when route r targets id ("i-..." matches instanceId, "eni-..." matches
 * networkInterfaceId; EC2 reports both for an instance target). */
int route_targets(const struct ec2_route *r, const char *id);

/* Fill p->class/blackhole/target for p->table and p->dest in t (t may be
 * NULL: every table is then missing).  secondary may be NULL. */
void route_classify(const struct ec2_route_tables *t, const char *primary,
		    const char *secondary, struct route_pair *p);

/* "primary", "secondary", "foreign", "missing", "no-table". */
const char *route_class_name(enum route_class c);

/* The step that points an already classified pair at router to. */
enum route_plan route_plan(const struct route_pair *p, enum failover_role to);

/* The class a pair has once it points at router r. */
enum route_class route_class_of(enum failover_role r);

/*
 * Every (table, destination) pair, table-major, as check_ec2_route reports
 * them: OK when all are on the primary, WARNING when some are on the
 * secondary, CRITICAL when any is bad (route_pair_bad).
 */
struct route_survey {
	enum state state;
	size_t total, on_primary, on_secondary, bad;
	struct route_pair *pairs; /* total entries, heap */
};

/* 1 for a pair a check must name as a fault: no table, no route, a
 * blackhole, or a live foreign target. */
int route_pair_bad(const struct route_pair *p);

/*
 * Classify every pair of tables x dests in t into *s.  Returns 0, or -1
 * when out of memory.  Free with route_survey_free() (also after -1).
 */
int route_survey(const struct ec2_route_tables *t, const char *const *tables,
		 size_t ntables, const struct cidr *dests, size_t ndests,
		 const char *primary, const char *secondary,
		 struct route_survey *s);
void route_survey_free(struct route_survey *s);

#endif
