/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/clock.h"
#include "failover/switch.h"

#define VERIFY_MAX_MS 5000.0

/* Move b's tables to the end of a; b is freed. */
static int
tables_merge(struct ec2_route_tables *a, struct ec2_route_tables *b)
{
	struct ec2_route_table *t;

	t = realloc(a->tables, (a->ntables + b->ntables) * sizeof(*t));
	if (t == NULL) {
		ec2_route_tables_free(b);
		return -1;
	}
	memcpy(t + a->ntables, b->tables, b->ntables * sizeof(*t));
	a->tables = t;
	a->ntables += b->ntables;
	free(b->tables);
	b->tables = NULL;
	b->ntables = 0;
	ec2_route_tables_free(b);
	return 0;
}

/*
 * All tables in one call; when EC2 refuses the call because one id does not
 * exist, ask per table so the other pairs still go ahead.
 */
static int
read_tables(struct ec2_client *ec2, const struct switch_request *req,
	    struct ec2_route_tables **out, struct ec2_error *e)
{
	struct ec2_route_tables *all, *one;
	struct ec2_error e1;

	if (ec2_describe_route_tables(ec2, req->tables, req->ntables, out,
				      e) == 0)
		return 0;
	if (!ec2_error_is_not_found(e) || req->ntables == 1)
		return -1;
	if ((all = calloc(1, sizeof(*all))) == NULL)
		return -1;
	for (size_t i = 0; i < req->ntables; i++) {
		if (ec2_describe_route_tables(ec2, &req->tables[i], 1, &one,
					      &e1) == 0) {
			if (tables_merge(all, one) != 0) {
				ec2_route_tables_free(all);
				return -1;
			}
		} else if (!ec2_error_is_not_found(&e1)) {
			*e = e1;
			ec2_route_tables_free(all);
			return -1;
		}
	}
	*out = all;
	return 0;
}

const char *
switch_target(const struct switch_request *req)
{
	return req->to == ROLE_SECONDARY ? req->secondary : req->primary;
}

static void
plan_pairs(const struct switch_request *req, const struct ec2_route_tables *t,
	   struct switch_result *res)
{
	static const enum pair_fault fault_of[] = {
		[PLAN_KEEP] = FAULT_NONE,	  [PLAN_REPLACE] = FAULT_NONE,
		[PLAN_FOREIGN] = FAULT_FOREIGN, [PLAN_MISSING] = FAULT_MISSING,
		[PLAN_NO_TABLE] = FAULT_NO_TABLE,
	};

	for (size_t i = 0; i < res->npairs; i++) {
		struct switch_pair *p = &res->pairs[i];

		route_classify(t, req->primary, req->secondary, &p->pair);
		p->plan = route_plan(&p->pair, req->to);
		p->fault = fault_of[p->plan];
		if (p->plan == PLAN_REPLACE) {
			p->replace.route_table_id = p->pair.table;
			p->replace.destination = p->pair.dest->text;
			p->replace.ipv6 = p->pair.dest->family == AF_INET6;
			p->replace.target = switch_target(req);
			p->replace.dry_run = req->dry_run;
		}
	}
}

/*
 * EC2 refuses InstanceId for an instance with several interfaces: find
 * which eni-... the user can pick.
 */
static void
list_target_enis(struct ec2_client *ec2, const char *target,
		 struct switch_result *res)
{
	struct ec2_error e;
	char **enis = NULL;
	size_t n = 0, used = 0;

	if (strncmp(target, "i-", 2) != 0 ||
	    ec2_instance_enis(ec2, target, &enis, &n, &e) != 0 || n < 2) {
		if (enis != NULL)
			ec2_strings_free(enis, n);
		return;
	}
	for (size_t i = 0; i < n && used < sizeof(res->target_enis); i++)
		used += (size_t)snprintf(res->target_enis + used,
					 sizeof(res->target_enis) - used,
					 "%s%s", i ? ", " : "", enis[i]);
	res->target_nenis = n;
	ec2_strings_free(enis, n);
}

/*
 * ReplaceRoute for every planned pair at once.  ec2_replace_routes wants
 * one contiguous array, so the planned calls are copied out to a batch and
 * their results copied back, both in pair order.
 */
static int
replace_planned(struct ec2_client *ec2, const struct switch_request *req,
		struct switch_result *res)
{
	struct ec2_replace *batch;
	size_t n = 0;
	int multi_eni = 0;

	if ((batch = calloc(res->npairs, sizeof(*batch))) == NULL)
		return -1;
	for (size_t i = 0; i < res->npairs; i++)
		if (res->pairs[i].plan == PLAN_REPLACE)
			batch[n++] = res->pairs[i].replace;
	if (n > 0)
		ec2_replace_routes(ec2, batch, n);
	n = 0;
	for (size_t i = 0; i < res->npairs; i++) {
		struct switch_pair *p = &res->pairs[i];

		if (p->plan != PLAN_REPLACE)
			continue;
		p->replace = batch[n++];
		if (!p->replace.ok) {
			p->fault = FAULT_EC2;
			if (strcmp(p->replace.error.code, "InvalidInstanceID") == 0)
				multi_eni = 1;
		}
	}
	free(batch);
	if (multi_eni)
		list_target_enis(ec2, switch_target(req), res);
	return 0;
}

/* Planned, and not read back at the router (yet). */
static int
unverified(const struct switch_pair *p)
{
	return p->plan == PLAN_REPLACE && p->outcome != PAIR_REPLACED;
}

/* Mark the planned pairs that read back at the router in t. */
static void
read_back(const struct switch_request *req, const struct ec2_route_tables *t,
	  struct switch_result *res)
{
	for (size_t i = 0; i < res->npairs; i++) {
		struct switch_pair *p = &res->pairs[i];
		struct route_pair now = p->pair;

		if (!unverified(p))
			continue;
		route_classify(t, req->primary, req->secondary, &now);
		if (now.class == route_class_of(req->to))
			p->outcome = PAIR_REPLACED;
		else
			snprintf(p->read_back, sizeof(p->read_back), "%s",
				 now.target);
	}
}

/*
 * Read every planned pair back, whatever its ReplaceRoute answered: a pair
 * that reads at the router has moved, even when the answer was lost.  Read
 * again, with a capped backoff, while an accepted pair has not shown up
 * (EC2 is eventually consistent), for at most VERIFY_MAX_MS and never into
 * the report's reserve.  A read that fails after its retries ends it: its
 * error is the reason for every pair not read back.
 */
static void
verify(struct ec2_client *ec2, const struct switch_request *req,
       struct switch_result *res)
{
	struct ec2_route_tables *t;
	double start = clock_now_ms(), wait_ms = 100;
	double stop = req->deadline_ms - SWITCH_REPORT_MS;
	size_t pending;
	int have_read = 0;

	ec2_set_deadline(ec2, stop);
	for (;;) {
		if (read_tables(ec2, req, &t, &res->verify_error) != 0)
			break;
		have_read = 1;
		read_back(req, t, res);
		ec2_route_tables_free(t);
		pending = 0;
		for (size_t i = 0; i < res->npairs; i++)
			if (unverified(&res->pairs[i]) &&
			    res->pairs[i].replace.ok)
				pending++;
		if (pending == 0 || clock_now_ms() - start > VERIFY_MAX_MS ||
		    stop - clock_now_ms() < wait_ms + AWS_RETRY_MIN_TRY_MS)
			break;
		usleep((useconds_t)(wait_ms * 1000));
		wait_ms = wait_ms * 2 > 800 ? 800 : wait_ms * 2;
	}
	for (size_t i = 0; i < res->npairs; i++) {
		struct switch_pair *p = &res->pairs[i];

		if (p->plan != PLAN_REPLACE)
			continue;
		if (p->outcome == PAIR_REPLACED)
			p->fault = FAULT_NONE;
		else if (!have_read)
			p->fault = FAULT_VERIFY;
		else
			p->fault = p->replace.ok ? FAULT_READ_BACK : FAULT_EC2;
	}
}

/* Outcome and counts from plan, fault and verification. */
static void
tally(const struct switch_request *req, struct switch_result *res)
{
	for (size_t i = 0; i < res->npairs; i++) {
		struct switch_pair *p = &res->pairs[i];

		if (p->fault != FAULT_NONE) {
			p->outcome = PAIR_FAILED;
			res->failed++;
		} else if (p->plan == PLAN_KEEP) {
			p->outcome = PAIR_ALREADY_SET;
			res->already_set++;
		} else if (req->dry_run) {
			p->outcome = PAIR_WOULD_REPLACE;
			res->would_replace++;
		} else {
			p->outcome = PAIR_REPLACED;
			res->replaced++;
		}
	}
}

int
switch_routes(struct ec2_client *ec2, const struct switch_request *req,
	      struct switch_result *res)
{
	struct ec2_route_tables *t = NULL;
	size_t k = 0, nplanned = 0;

	memset(res, 0, sizeof(*res));
	res->npairs = req->ntables * req->ndests;
	if ((res->pairs = calloc(res->npairs ? res->npairs : 1,
				 sizeof(*res->pairs))) == NULL)
		return SWITCH_ERR_NOMEM;
	for (size_t i = 0; i < req->ntables; i++)
		for (size_t j = 0; j < req->ndests; j++, k++) {
			res->pairs[k].pair.table = req->tables[i];
			res->pairs[k].pair.dest = &req->dests[j];
		}
	/* Keep time to read the pairs back and to report. */
	ec2_set_deadline(ec2, req->deadline_ms - SWITCH_VERIFY_MS -
				      SWITCH_REPORT_MS);
	if (read_tables(ec2, req, &t, &res->read_error) != 0)
		return SWITCH_ERR_READ;
	plan_pairs(req, t, res);
	ec2_route_tables_free(t);
	for (size_t i = 0; i < res->npairs; i++)
		if (res->pairs[i].plan == PLAN_REPLACE)
			nplanned++;
	if (nplanned > 0 && replace_planned(ec2, req, res) != 0)
		return SWITCH_ERR_NOMEM;
	if (nplanned > 0 && !req->dry_run)
		verify(ec2, req, res);
	tally(req, res);
	return 0;
}

int
switch_moved(const struct switch_request *req,
	     const struct switch_result *res)
{
	if (req->dry_run)
		return 0;
	if (res->replaced + res->already_set > 0)
		return 1;
	for (size_t i = 0; i < res->npairs; i++)
		if (res->pairs[i].fault == FAULT_VERIFY &&
		    res->pairs[i].replace.ok)
			return 1;
	return 0;
}

void
switch_result_free(struct switch_result *res)
{
	free(res->pairs);
	res->pairs = NULL;
	res->npairs = 0;
}
