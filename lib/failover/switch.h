/*
 * Point every (route table, destination) pair at one router: read all
 * tables once, plan each pair (classify.h), replace the ones that need it
 * concurrently, then poll until the replaced ones read back at the router
 * (EC2 is eventually consistent).  Routes are never created or deleted, and
 * a live foreign target is never overwritten.
 */
#ifndef VHA_FAILOVER_SWITCH_H
#define VHA_FAILOVER_SWITCH_H

#include <stddef.h>

#include "core/netaddr.h"
#include "ec2/ec2.h"
#include "failover/classify.h"

struct switch_request {
	const char *const *tables; /* borrowed, as are dests and the ids */
	size_t ntables;
	const struct cidr *dests;
	size_t ndests;
	const char *primary;
	const char *secondary;
	enum failover_role to; /* where the routes should end */
	int dry_run;           /* ReplaceRoute with DryRun=true, no verify */
	double deadline_ms;    /* clock_now_ms() when the caller's time is up:
				* verification stops polling 1.5 s before */
};

enum pair_outcome {
	PAIR_ALREADY_SET,   /* pointed at the router already */
	PAIR_REPLACED,      /* replaced and read back at the router */
	PAIR_WOULD_REPLACE, /* dry run: EC2 would allow the replace */
	PAIR_FAILED,        /* ends not at the router: see fault */
};

enum pair_fault {
	FAULT_NONE,
	FAULT_FOREIGN,    /* a live foreign target: left alone */
	FAULT_MISSING,    /* no route for the destination in the table */
	FAULT_NO_TABLE,   /* the table does not exist (or is not readable) */
	FAULT_EC2,        /* ReplaceRoute failed: replace.error */
	FAULT_READ_BACK,  /* replaced, but read back elsewhere (read_back),
			   * or not read back in time (read_back "") */
};

struct switch_pair {
	struct route_pair pair; /* as read before the switch */
	enum route_plan plan;
	enum pair_outcome outcome;
	enum pair_fault fault;
	struct ec2_replace replace; /* the call and its result, when plan is
				     * PLAN_REPLACE */
	char read_back[112];        /* FAULT_READ_BACK: the target read */
};

struct switch_result {
	struct switch_pair *pairs; /* npairs, table-major; heap */
	size_t npairs;
	size_t replaced, already_set, would_replace, failed;
	/* When a ReplaceRoute to an instance id fails with InvalidInstanceID
	 * and the instance has several interfaces, their ids ("eni-a, eni-b")
	 * and count, so the user can pick one; else 0 and "". */
	size_t target_nenis;
	char target_enis[300];
	struct ec2_error read_error; /* SWITCH_ERR_READ: why */
};

#define SWITCH_ERR_READ (-1)  /* the first DescribeRouteTables failed */
#define SWITCH_ERR_NOMEM (-2)

/*
 * Point req's pairs at req->to.  Returns 0 with every pair's outcome in
 * *res, or a SWITCH_ERR_ code (nothing was replaced).  Free *res with
 * switch_result_free() in every case.
 */
int switch_routes(struct ec2_client *ec2, const struct switch_request *req,
		  struct switch_result *res);
void switch_result_free(struct switch_result *res);

/* The id of the router req->to names. */
const char *switch_target(const struct switch_request *req);

#endif
