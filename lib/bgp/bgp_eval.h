/* SPDX-License-Identifier: ISC */
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

/* Why an item is not OK: a set of these bits, in the order a reader
 * would name them.  The facts behind each are in the peer and the config. */
enum bgp_check_why {
	BGP_WHY_MISSING = 1 << 0,     /* a -n neighbour not in the answer */
	BGP_WHY_DOWN = 1 << 1,	      /* not Established: state_text, admin_down */
	BGP_WHY_NO_POLICY = 1 << 2,   /* Established, RFC 8212: nothing exchanged */
	BGP_WHY_NO_UPTIME = 1 << 3,   /* --min-uptime, but no uptime in the answer */
	BGP_WHY_YOUNG = 1 << 4,	      /* up less than --min-uptime (it flapped) */
	BGP_WHY_NO_PFX_RCVD = 1 << 5, /* -w/-c, but no prefix count in the answer */
	BGP_WHY_PFX_RCVD = 1 << 6,    /* prefixes received outside -w/-c */
};

struct bgp_check_item {
	const struct bgp_peer *peer; /* NULL: a -n neighbour not in the answer */
	const char *wanted;	     /* the -n text for a missing one */
	enum state state;
	unsigned why; /* enum bgp_check_why bits; 0 when OK */
};

struct bgp_check_result {
	enum state state;
	size_t nitems;
	struct bgp_check_item *items; /* heap, in answer / -n order */
	size_t nestablished;
};

/* Judge the selected peers of s.  Pure; items point into s and cfg, so
 * both outlive *res, which bgp_check_result_free releases.  0, or -1 when
 * out of memory. */
int bgp_check_evaluate(const struct bgp_summary *s, const struct bgp_check_config *cfg,
		       struct bgp_check_result *res);
void bgp_check_result_free(struct bgp_check_result *res);

#endif
