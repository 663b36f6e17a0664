/*
 * Neighbour states against what the operator expects (lib/bgp/bgp_eval.c).
 * Pure: a summary in, a result struct out; the program writes the words.
 */
#ifndef VHA_BGP_EVAL_H
#define VHA_BGP_EVAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/range.h"
#include "core/state.h"
#include "bgp/bgp_types.h"

struct bgp_check_config {
	const char *const *neighbours; /* -n values; NULL/0: all */
	size_t nneighbours;
	enum bgp_afi afi; /* BGP_AFI_UNSPEC: every family */
	const char *vrf;  /* NULL: any */
	unsigned min_up;
	int have_min_up;
	uint64_t min_uptime;
	int have_min_uptime;
	const struct range *warn; /* on each neighbour's prefixes received */
	const struct range *crit;
};

struct bgp_check_item {
	const struct bgp_peer *peer; /* NULL: a -n neighbour not in the answer */
	const char *wanted;	     /* the -n text for a missing one */
	enum state state;
	char reason[160]; /* "admin shutdown (Idle (Admin))" ... */
};

struct bgp_check_result {
	enum state state;
	size_t nitems;
	struct bgp_check_item *items; /* heap, in answer / -n order */
	size_t nestablished;
};

int bgp_check_evaluate(const struct bgp_summary *s, const struct bgp_check_config *cfg,
		       struct bgp_check_result *res);
void bgp_check_result_free(struct bgp_check_result *res);

#endif
