/* SPDX-License-Identifier: ISC */
/*
 * Point every (route table, destination) pair at one router: read all
 * tables once, plan each pair (classify.h), replace the ones that need it
 * concurrently, then read every planned pair back: the read, not the
 * ReplaceRoute answer, decides whether a pair moved (an answer can be lost
 * after EC2 applied the change).  Accepted pairs are polled until they read
 * back at the router (EC2 is eventually consistent).  Routes are never
 * created or deleted, and a live foreign target is never overwritten.
 *
 * Time: the reads and replaces retry (aws/retry.h) until
 * SWITCH_VERIFY_MS + SWITCH_REPORT_MS before the deadline, the read-back
 * until SWITCH_REPORT_MS before it.
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
	double deadline_ms;    /* clock_now_ms() when the caller's time is up */
};

#define SWITCH_VERIFY_MS 4000.0 /* kept for the read-back */
#define SWITCH_REPORT_MS 1000.0 /* kept for the record and the report */

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
	FAULT_EC2,        /* ReplaceRoute failed and the pair reads back
			   * elsewhere: replace.error */
	FAULT_READ_BACK,  /* replaced, but read back elsewhere (read_back),
			   * or not read back in time (read_back "") */
	FAULT_VERIFY,     /* the read-back itself failed: result.verify_error
			   * (replace.ok says whether EC2 accepted) */
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
	struct ec2_error verify_error; /* FAULT_VERIFY: why */
};

#define SWITCH_ERR_READ (-1)  /* the first DescribeRouteTables failed */
#define SWITCH_ERR_NOMEM (-2)

/*
 * Point req's pairs at req->to.  Returns 0 with every pair's outcome in
 * *res, or a SWITCH_ERR_ code (nothing was replaced).  Moves ec2's deadline
 * (ec2_set_deadline).  Free *res with switch_result_free() in every case.
 */
int switch_routes(struct ec2_client *ec2, const struct switch_request *req,
		  struct switch_result *res);
void switch_result_free(struct switch_result *res);

/* 1 when the routes may have moved to req->to, so the switch is worth
 * recording: a pair reads back there (replaced or already set), or EC2
 * accepted a ReplaceRoute that could not be read back.  0 for a dry run. */
int switch_moved(const struct switch_request *req,
		 const struct switch_result *res);

/* The id of the router req->to names. */
const char *switch_target(const struct switch_request *req);

#endif
