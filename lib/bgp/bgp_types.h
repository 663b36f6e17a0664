/* SPDX-License-Identifier: ISC */
/*
 * BGP data as the check plugins see it: a neighbour summary and the routes
 * advertised to one neighbour, and the small readers and writers every
 * layer above shares (lib/bgp/bgp_types.c).
 *
 * lib/bgp reads bottom-up, each layer including only those below it:
 *   bgp_types   these structs and helpers
 *   frr_json, quagga_text   the two parsers
 *   bgp_parse   format detection and dispatch to a parser
 *   bgp_query   asking the router (io/transport), JSON or text
 *   bgp_eval, aspath   pure evaluations of the parsed structs
 */
#ifndef VHA_BGP_TYPES_H
#define VHA_BGP_TYPES_H

#include <stddef.h>
#include <stdint.h>

#include "core/netaddr.h"

/* ---- neighbour summary ------------------------------------------------- */

enum bgp_state {
	BGP_STATE_UNKNOWN = 0, /* a state text we do not know: kept verbatim */
	BGP_STATE_IDLE,
	BGP_STATE_CONNECT,
	BGP_STATE_ACTIVE,
	BGP_STATE_OPENSENT,
	BGP_STATE_OPENCONFIRM,
	BGP_STATE_ESTABLISHED,
	BGP_STATE_CLEARING,
	BGP_STATE_DELETED,
};

enum bgp_afi {
	BGP_AFI_UNSPEC = 0, /* the answer does not say (Quagga text) */
	BGP_AFI_IPV4,
	BGP_AFI_IPV6,
	BGP_AFI_OTHER, /* l2vpnEvpn, ipv4Vpn ...: kept, never selected by --afi */
};

struct bgp_peer {
	char addr[64];	   /* as the router names it: address or interface */
	char hostname[64]; /* "" when absent */
	char desc[128];	   /* "" when absent */
	char vrf[64];	   /* "" when the answer does not say */
	enum bgp_afi afi;
	char afi_name[32]; /* "ipv4Unicast", "IPv4 Unicast", "" */
	uint32_t remote_as;
	int have_remote_as;
	uint32_t local_as;
	int have_local_as;
	enum bgp_state state;
	char state_text[48]; /* FRR's words: "Idle (Admin)", "Established" */
	int admin_down;	     /* shutdown by configuration */
	int policy_blocked;  /* RFC 8212: eBGP without policy, nothing sent */
	uint64_t state_secs; /* time in the current state (up or down) */
	int have_state_secs;
	uint64_t pfx_rcvd;
	int have_pfx_rcvd;
	uint64_t pfx_sent;
	int have_pfx_sent;
};

struct bgp_summary {
	char router_id[64]; /* of the first table; "" when absent */
	uint32_t local_as;
	int have_local_as;
	size_t ntables; /* address-family tables seen */
	size_t npeers;
	struct bgp_peer *peers;
};

/* Release a parser's summary (and its peers); NULL is fine. */
void bgp_summary_free(struct bgp_summary *s);
/* "ipv4", "ipv6", "other", "unspecified": for labels. */
const char *bgp_afi_name(enum bgp_afi a);
/* Map FRR/Quagga state words ("Idle (Admin)", "Established") to the enum;
 * sets *admin when the words say the session is shut down by config. */
enum bgp_state bgp_state_parse(const char *text, int *admin);
/* "00:01:02", "1d02h03m", "01w2d03h", "01y02w3d" -> seconds; "never" -> 0.
 * Returns 0, or -1 when the text is none of these. */
int bgp_uptime_parse(const char *text, uint64_t *secs);
/* "65000", "1.10" (asdot) -> ASN.  Returns 0 or -1. */
int bgp_asn_parse(const char *text, uint32_t *asn);

/* ---- advertised routes ----------------------------------------------- */

enum bgp_seg {
	BGP_SEG_SEQUENCE,
	BGP_SEG_SET,		 /* {a,b} */
	BGP_SEG_CONFED_SEQUENCE, /* (a b) */
	BGP_SEG_CONFED_SET,	 /* [a,b] */
};

struct bgp_path_elem {
	uint32_t asn;
	enum bgp_seg seg;
	int seg_start; /* 1 on the first ASN of a segment */
};

struct bgp_path {
	size_t n;
	struct bgp_path_elem *elems; /* heap; NULL when n == 0 */
};

enum bgp_origin {
	BGP_ORIGIN_UNKNOWN = 0,
	BGP_ORIGIN_IGP,
	BGP_ORIGIN_EGP,
	BGP_ORIGIN_INCOMPLETE,
};

struct bgp_route {
	char prefix[64]; /* canonical "a.b.c.d/n" or "x::/n" */
	struct cidr pfx;
	char nexthop[64]; /* "" when absent */
	struct bgp_path path;
	enum bgp_origin origin;
	uint32_t metric;
	int have_metric;
	uint32_t locprf;
	int have_locprf;
	uint32_t weight;
	int have_weight;
};

struct bgp_routes {
	char router_id[64];
	uint32_t local_as;
	int have_local_as;
	/* The router answered but refused: "No such neighbor in this view/vrf".
	 * No routes then; the program decides what that means. */
	char warning[256];
	size_t n;
	struct bgp_route *routes;
};

/* Release a parser's routes (and their paths); NULL is fine. */
void bgp_routes_free(struct bgp_routes *r);

/* Parse "65000 65000 {1,2} (3 4) [5,6]" into *path (elems on the heap).
 * Returns 0, or -1 with a reason in err. */
int bgp_path_parse(const char *text, struct bgp_path *path, char *err, size_t errlen);
/* Render a path as the router prints it; "(empty)" for no ASN. */
void bgp_path_format(const struct bgp_path *path, char *buf, size_t len);

#endif
