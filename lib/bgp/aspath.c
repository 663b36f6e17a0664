/* SPDX-License-Identifier: ISC */
/*
 * Does a router advertise what its role says?  The standby prepends its own
 * ASN (the VGW then prefers the active's shorter paths); the active must not.
 * advertised-routes shows paths after the export route-map but before eBGP
 * adds the router's own AS, so every leading copy of our ASN is a prepend.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "bgp/aspath.h"
#include "core/array.h"

unsigned
aspath_prepend_count(const struct bgp_path *path, uint32_t asn)
{
	unsigned n = 0;

	for (size_t i = 0; i < path->n; i++) {
		/* A set or confederation segment is not a prepend. */
		if (path->elems[i].seg != BGP_SEG_SEQUENCE || path->elems[i].asn != asn)
			break;
		n++;
	}
	return n;
}

static int
add_problem(struct aspath_result *res, size_t *cap, const struct aspath_problem *pb)
{
	struct aspath_problem *nv;

	if ((nv = array_grow(res->problems, cap, res->nproblems, sizeof(*nv))) == NULL)
		return -1;
	res->problems = nv;
	res->problems[res->nproblems++] = *pb;
	return 0;
}

int
aspath_evaluate(const struct bgp_routes *routes, const struct aspath_config *cfg,
		struct aspath_result *res)
{
	size_t cap = 0;

	memset(res, 0, sizeof(*res));
	res->state = STATE_OK;
	res->nroutes = routes->n;
	if (cfg->have_asn) {
		res->asn = cfg->asn;
		res->have_asn = 1;
	} else if (routes->have_local_as) {
		res->asn = routes->local_as;
		res->have_asn = 1;
	}
	if (routes->warning[0] != '\0') {
		/* The router could not answer for this neighbour. */
		res->state = STATE_CRITICAL;
		res->unjudged = ASPATH_REFUSED;
		return 0;
	}
	if (!res->have_asn && routes->n > 0) {
		res->state = STATE_UNKNOWN;
		res->unjudged = ASPATH_NO_ASN;
		return 0;
	}
	for (size_t i = 0; i < routes->n; i++) {
		unsigned k = aspath_prepend_count(&routes->routes[i].path, res->asn);
		struct aspath_problem pb = {.route = i, .count = k};

		if (i == 0 || k < res->min_prepend)
			res->min_prepend = k;
		if (i == 0 || k > res->max_prepend)
			res->max_prepend = k;
		if (cfg->role == ASPATH_ROLE_STANDBY && k < cfg->prepend)
			pb.kind = k == 0 ? ASPATH_NO_PREPEND : ASPATH_SHORT_PREPEND;
		else if (cfg->role == ASPATH_ROLE_ACTIVE && k > 0)
			pb.kind = ASPATH_HAS_PREPEND;
		else
			continue;
		if (add_problem(res, &cap, &pb) != 0)
			goto oom;
		res->state = STATE_CRITICAL;
	}
	for (size_t e = 0; e < cfg->nexpect; e++) {
		size_t i;

		for (i = 0; i < routes->n; i++)
			if (cidr_equal(&routes->routes[i].pfx, &cfg->expect[e]))
				break;
		if (i < routes->n)
			continue;
		{
			struct aspath_problem pb = {.kind = ASPATH_MISSING, .expect = e};

			if (add_problem(res, &cap, &pb) != 0)
				goto oom;
		}
		res->state = STATE_CRITICAL;
	}
	res->count_state = STATE_OK;
	if (cfg->crit != NULL && range_alert(cfg->crit, (double)routes->n))
		res->count_state = STATE_CRITICAL;
	else if (cfg->warn != NULL && range_alert(cfg->warn, (double)routes->n))
		res->count_state = STATE_WARNING;
	res->state = state_worst(res->state, res->count_state);
	return 0;
oom:
	aspath_result_free(res);
	return -1;
}

void
aspath_result_free(struct aspath_result *res)
{
	free(res->problems);
	res->problems = NULL;
	res->nproblems = 0;
}
