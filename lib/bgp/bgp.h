/*
 * BGP data as the check plugins see it: a neighbour summary and the routes
 * advertised to one neighbour, parsed from FRR JSON (lib/bgp/frr_json.c) or the
 * Quagga / FRR text tables (lib/bgp/quagga_text.c), and the pure evaluations
 * over them (lib/bgp/aspath.c, lib/bgp/bgp_eval.c).
 *
 * Parsers take bytes and return heap structs with no I/O; on failure they
 * return -1 and write into err what was expected and where, never a partial
 * result.  Evaluations take structs and return a result struct; rendering
 * the status line and perfdata is the program's business.
 */
#ifndef VHA_BGP_H
#define VHA_BGP_H

#include <stddef.h>
#include <stdint.h>

#include "core/clock.h"
#include "core/state.h"
#include "core/range.h"

struct transport;

/* ---- format detection --------------------------------------------------- */

enum bgp_format {
	BGP_FMT_EMPTY,		 /* nothing but blanks */
	BGP_FMT_JSON,		 /* starts with '{' */
	BGP_FMT_TEXT,		 /* anything else that reads as text */
	BGP_FMT_UNKNOWN_COMMAND, /* "% Unknown command" / "% [BGP] Unknown ..." */
	BGP_FMT_VTYSH_ERROR,	 /* another "%" message, or a vtysh complaint */
	BGP_FMT_BINARY,		 /* NUL or control bytes: not router output */
};

/*
 * Classify an answer.  When the answer is a vtysh/router message, msg gets
 * its first line (without the leading "% ").  Pure; never fails.
 */
enum bgp_format bgp_detect_format(const char *buf, size_t len, char *msg, size_t msglen);
const char *bgp_format_name(enum bgp_format f);

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

void bgp_summary_free(struct bgp_summary *s);
const char *bgp_state_name(enum bgp_state s);
const char *bgp_afi_name(enum bgp_afi a);
/* Map FRR/Quagga state words ("Idle (Admin)", "Established") to the enum;
 * sets *admin when the words say the session is shut down by config. */
enum bgp_state bgp_state_parse(const char *text, int *admin);
/* "00:01:02", "1d02h03m", "01w2d03h", "01y02w3d" -> seconds; "never" -> 0.
 * Returns 0, or -1 when the text is none of these. */
int bgp_uptime_parse(const char *text, uint64_t *secs);
/* "65000", "1.10" (asdot) -> ASN.  Returns 0 or -1. */
int bgp_asn_parse(const char *text, uint32_t *asn);

/*
 * FRR JSON summary: `show [ip] bgp [vrf X] [ipv4|ipv6 [unicast]] summary json`
 * (one key per address family), `show bgp vrf all summary json` (VRF level
 * above), and the flat pre-7 form.  FRR 7 to 10 key differences handled.
 */
int frr_parse_summary_json(const char *buf, size_t len, struct bgp_summary **out, char *err,
			   size_t errlen);
/*
 * Text summary: Quagga / VyOS 1.1 and FRR (`show ip bgp summary`), with
 * wrapped neighbour names, hostname(addr) names, several AFI sections.
 */
int bgp_parse_summary_text(const char *buf, size_t len, struct bgp_summary **out, char *err,
			   size_t errlen);
/* Detect the format and call one of the two. */
int bgp_parse_summary(const char *buf, size_t len, struct bgp_summary **out, char *err,
		      size_t errlen);

/* ---- advertised routes ----------------------------------------------- */

enum bgp_seg {
	BGP_SEG_SEQUENCE,
	BGP_SEG_SET,		 /* {a,b} */
	BGP_SEG_CONFED_SEQUENCE, /* (a b) */
	BGP_SEG_CONFED_SET,	 /* [a,b] */
};

struct bgp_path_elem {
	uint32_t asn;
	uint8_t seg;	   /* enum bgp_seg */
	uint8_t seg_start; /* 1 on the first ASN of a segment */
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

struct bgp_prefix {
	int family; /* AF_INET / AF_INET6 */
	uint8_t addr[16];
	unsigned len;
};

struct bgp_route {
	char prefix[64]; /* canonical "a.b.c.d/n" or "x::/n" */
	struct bgp_prefix pfx;
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

void bgp_routes_free(struct bgp_routes *r);

/* Parse "65000 65000 {1,2} (3 4) [5,6]" into *path (elems on the heap).
 * Returns 0, or -1 with a reason in err. */
int bgp_path_parse(const char *text, struct bgp_path *path, char *err, size_t errlen);
/* Render a path as the router prints it; "(empty)" for no ASN. */
void bgp_path_format(const struct bgp_path *path, char *buf, size_t len);
/* "10.0.0.0/24", "2001:db8::/32", and Quagga's classful "10.0.0.0"; the
 * host bits must be clear.  Returns 0, or -1 with a reason. */
int bgp_prefix_parse(const char *text, int classful_ok, struct bgp_prefix *out, char *err,
		     size_t errlen);
int bgp_prefix_equal(const struct bgp_prefix *a, const struct bgp_prefix *b);
void bgp_prefix_format(const struct bgp_prefix *p, char *buf, size_t len);
const char *bgp_origin_name(enum bgp_origin o);

/* `show ... neighbors X advertised-routes json` of FRR 7 to 10. */
int frr_parse_routes_json(const char *buf, size_t len, struct bgp_routes **out, char *err,
			  size_t errlen);
/* The text table of the same command (Quagga, FRR), wrapped rows too. */
int bgp_parse_routes_text(const char *buf, size_t len, struct bgp_routes **out, char *err,
			  size_t errlen);
/* Detect the format and call one of the two (empty text: no routes). */
int bgp_parse_routes(const char *buf, size_t len, struct bgp_routes **out, char *err,
		     size_t errlen);

/* ---- AS path evaluation (lib/bgp/aspath.c) ----------------------------- */

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
	const struct bgp_prefix *expect; /* prefixes that must be advertised */
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

struct aspath_result {
	enum state state;
	uint32_t asn; /* the ASN judged against */
	int have_asn;
	size_t nroutes;
	unsigned min_prepend, max_prepend; /* valid when nroutes > 0 */
	int count_state;		   /* state from -w/-c on nroutes */
	size_t nproblems;
	struct aspath_problem *problems; /* heap */
	char reason[256];		 /* when state is UNKNOWN: why */
};

/* Judge routes against cfg.  Pure; *res must be released with
 * aspath_result_free.  Returns 0, or -1 on allocation failure. */
int aspath_evaluate(const struct bgp_routes *routes, const struct aspath_config *cfg,
		    struct aspath_result *res);
void aspath_result_free(struct aspath_result *res);
/* One sentence for a problem, e.g. "standby advertises 172.31.16.0/24
 * without prepend: the VGW may prefer this router". */
void aspath_problem_format(const struct bgp_routes *routes, const struct aspath_config *cfg,
			   const struct aspath_result *res, const struct aspath_problem *pb,
			   char *buf, size_t len);

/* ---- neighbour evaluation (lib/bgp/bgp_eval.c) -------------------------- */

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
/* 1 when the peer's name denotes the same neighbour as text (addresses
 * compared as addresses, names as strings). */
int bgp_peer_matches(const struct bgp_peer *p, const char *text);

/* ---- asking the router (lib/bgp/bgp_query.c) ---------------------------- */

/*
 * Run json_cmd; when the router answers "% Unknown command" run text_cmd
 * (may be NULL: then that is the error).  vtysh failures (exit status,
 * stderr, messages) become -1 with the reason.  On success *out holds the
 * answer (heap), *fmt its format.
 */
int bgp_query(struct transport *t, const char *json_cmd, const char *text_cmd, char **out,
	      size_t *outlen, enum bgp_format *fmt, char *err, size_t errlen);

/* Characters allowed in a VRF name we put into a command. */
int bgp_vrf_name_valid(const char *name);

#endif
