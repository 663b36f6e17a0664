/* SPDX-License-Identifier: ISC */
/*
 * Does a router advertise what its role says (lib/bgp/aspath.c)?  Pure:
 * structs in, a result struct out; the program writes the words.
 */
#ifndef VHA_BGP_ASPATH_H
#define VHA_BGP_ASPATH_H

#include <stddef.h>
#include <stdint.h>

#include "core/range.h"
#include "core/state.h"
#include "bgp/bgp_types.h"

/* Leading copies of asn at the front of the path (AS_SEQUENCE only). */
unsigned aspath_prepend_count(const struct bgp_path *path, uint32_t asn);

enum aspath_role {
	ASPATH_ROLE_ACTIVE,
	ASPATH_ROLE_STANDBY,
};

struct aspath_config {
	enum aspath_role role;
	uint32_t asn; /* used when have_asn, else the answer's local AS */
	int have_asn;
	unsigned prepend;		 /* standby: at least this many copies */
	const struct cidr *expect; /* prefixes that must be advertised */
	size_t nexpect;
	const struct range *warn; /* on the number advertised; may be NULL */
	const struct range *crit;
};

enum aspath_problem_kind {
	ASPATH_NO_PREPEND,    /* standby, 0 copies */
	ASPATH_SHORT_PREPEND, /* standby, 0 < copies < prepend */
	ASPATH_HAS_PREPEND,   /* active, copies > 0 */
	ASPATH_MISSING,	      /* an expected prefix is not advertised */
};

struct aspath_problem {
	enum aspath_problem_kind kind;
	size_t route;	/* index in routes (not for MISSING) */
	size_t expect;	/* index in cfg->expect (MISSING only) */
	unsigned count; /* prepend copies seen */
};

/* Why routes could not be judged at all (no problems are listed then). */
enum aspath_unjudged {
	ASPATH_JUDGED = 0,
	ASPATH_REFUSED, /* CRITICAL: the router refused, routes->warning says why */
	ASPATH_NO_ASN,	/* UNKNOWN: no cfg->asn and the answer names no local AS */
};

struct aspath_result {
	enum state state;
	uint32_t asn; /* the ASN judged against */
	int have_asn;
	size_t nroutes;
	unsigned min_prepend, max_prepend; /* valid when nroutes > 0 */
	enum state count_state;		   /* state from -w/-c on nroutes */
	size_t nproblems;
	struct aspath_problem *problems; /* heap */
	enum aspath_unjudged unjudged;
};

/* Judge routes against cfg.  Pure; *res must be released with
 * aspath_result_free.  Returns 0, or -1 on allocation failure. */
int aspath_evaluate(const struct bgp_routes *routes, const struct aspath_config *cfg,
		    struct aspath_result *res);
void aspath_result_free(struct aspath_result *res);

#endif
