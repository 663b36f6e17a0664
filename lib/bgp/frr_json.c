/* SPDX-License-Identifier: ISC */
/*
 * FRR's JSON answers, FRR 7 to 10: the neighbour summary and the routes
 * advertised to one neighbour (json-c).  What changed between versions is
 * in t/fixtures/frr/README.md; each difference is handled where it shows.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/frr_json.h"
#include "core/array.h"

/*
 * Parse the whole buffer as one JSON object.  json-c's default (non-strict)
 * mode is kept on purpose: some FRR releases print a trailing comma after the
 * last peer (FRR issue 2567) and the data is unambiguous.  A truncated
 * answer, or text after the object, is an error.
 */
static struct json_object *
parse_object(const char *buf, size_t len, const char *what, char *err, size_t errlen)
{
	struct json_tokener *tok;
	struct json_object *o;
	enum json_tokener_error e;
	size_t end;

	if (len > INT32_MAX) {
		snprintf(err, errlen, "%s: answer too large", what);
		return NULL;
	}
	tok = json_tokener_new_ex(64);
	if (tok == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	o = json_tokener_parse_ex(tok, buf, (int)len);
	e = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (o == NULL) {
		if (e == json_tokener_continue)
			snprintf(err, errlen, "%s: the JSON ends early (truncated answer?)", what);
		else
			snprintf(err, errlen, "%s: malformed JSON at byte %zu (%s)", what, end,
				 json_tokener_error_desc(e));
		return NULL;
	}
	for (size_t i = end; i < len; i++) {
		if (buf[i] != ' ' && buf[i] != '\n' && buf[i] != '\r' && buf[i] != '\t') {
			snprintf(err, errlen,
				 "%s: unexpected text after the JSON object "
				 "at byte %zu",
				 what, i);
			json_object_put(o);
			return NULL;
		}
	}
	if (!json_object_is_type(o, json_type_object)) {
		snprintf(err, errlen, "%s: expected a JSON object, got %s", what,
			 json_type_to_name(json_object_get_type(o)));
		json_object_put(o);
		return NULL;
	}
	return o;
}

static struct json_object *
get(struct json_object *o, const char *key)
{
	struct json_object *v = NULL;

	if (!json_object_object_get_ex(o, key, &v))
		return NULL;
	return v;
}

static const char *
get_str(struct json_object *o, const char *key)
{
	struct json_object *v = get(o, key);

	if (v == NULL || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/*
 * An unsigned number under key: 1 found, 0 absent, -1 present but not a
 * non-negative integer (err written).
 */
static int
get_u64(struct json_object *o, const char *key, uint64_t *out, const char *where, char *err,
	size_t errlen)
{
	struct json_object *v = get(o, key);
	int64_t i;

	if (v == NULL || json_object_is_type(v, json_type_null))
		return 0;
	if (!json_object_is_type(v, json_type_int)) {
		snprintf(err, errlen, "%s: '%s' is not an integer", where, key);
		return -1;
	}
	errno = 0;
	i = json_object_get_int64(v);
	if (i < 0) {
		snprintf(err, errlen, "%s: '%s' is negative", where, key);
		return -1;
	}
	*out = (uint64_t)i;
	return 1;
}

/* An ASN: a number, or since FRR 9 (`as-notation dot`) a string.  FRR also
 * writes "external"/"internal" for peers configured that way before they
 * come up: reported as absent. */
static int
asn_of(struct json_object *v, const char *key, uint32_t *out, const char *where, char *err,
       size_t errlen)
{
	const char *s;
	int64_t i;

	if (v == NULL)
		return 0;
	if (json_object_is_type(v, json_type_int)) {
		i = json_object_get_int64(v);
		if (i < 0 || i > UINT32_MAX) {
			snprintf(err, errlen, "%s: '%s' %" PRId64 " is not an ASN", where, key, i);
			return -1;
		}
		*out = (uint32_t)i;
		return 1;
	}
	if (json_object_is_type(v, json_type_string)) {
		s = json_object_get_string(v);
		if (bgp_asn_parse(s, out) == 0)
			return 1;
		if (strcmp(s, "external") == 0 || strcmp(s, "internal") == 0)
			return 0;
		snprintf(err, errlen, "%s: '%s' \"%.20s\" is not an ASN", where, key, s);
		return -1;
	}
	snprintf(err, errlen, "%s: '%s' is not an ASN", where, key);
	return -1;
}

static int
get_asn(struct json_object *o, const char *key, uint32_t *out, const char *where, char *err,
	size_t errlen)
{
	return asn_of(get(o, key), key, out, where, err, errlen);
}

static void
copy(char *dst, size_t len, const char *src)
{
	snprintf(dst, len, "%s", src != NULL ? src : "");
}

/* ---- summary ---------------------------------------------------------- */

struct peers_buf {
	struct bgp_peer *v;
	size_t n, cap;
};

static struct bgp_peer *
peers_add(struct peers_buf *pb)
{
	struct bgp_peer *nv;

	if ((nv = array_grow(pb->v, &pb->cap, pb->n, sizeof(*nv))) == NULL)
		return NULL;
	pb->v = nv;
	memset(&pb->v[pb->n], 0, sizeof(pb->v[0]));
	return &pb->v[pb->n++];
}

static enum bgp_afi
afi_of_key(const char *key)
{
	if (strcmp(key, "ipv4Unicast") == 0)
		return BGP_AFI_IPV4;
	if (strcmp(key, "ipv6Unicast") == 0)
		return BGP_AFI_IPV6;
	return BGP_AFI_OTHER;
}

/* Does o look like one address-family table? */
static int
is_table(struct json_object *o)
{
	return get(o, "peers") != NULL || get(o, "routerId") != NULL || get(o, "as") != NULL;
}

static int
parse_peer(const char *addr, struct json_object *po, const char *afikey, enum bgp_afi afi,
	   const char *vrf, uint32_t table_as, int have_table_as, struct peers_buf *pb, char *err,
	   size_t errlen)
{
	struct bgp_peer *p;
	char where[128];
	const char *s;
	uint64_t v;
	int r, admin;

	snprintf(where, sizeof(where), "%s neighbour %.64s", afikey, addr);
	if (!json_object_is_type(po, json_type_object)) {
		snprintf(err, errlen, "%s: expected an object", where);
		return -1;
	}
	p = peers_add(pb);
	if (p == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	copy(p->addr, sizeof(p->addr), addr);
	copy(p->hostname, sizeof(p->hostname), get_str(po, "hostname"));
	copy(p->desc, sizeof(p->desc), get_str(po, "desc"));
	copy(p->vrf, sizeof(p->vrf), vrf);
	copy(p->afi_name, sizeof(p->afi_name), afikey);
	p->afi = afi;
	if ((r = get_asn(po, "remoteAs", &p->remote_as, where, err, errlen)) < 0)
		return -1;
	p->have_remote_as = r;
	if ((r = get_asn(po, "localAs", &p->local_as, where, err, errlen)) < 0)
		return -1;
	p->have_local_as = r;
	if (!r && have_table_as) {
		p->local_as = table_as;
		p->have_local_as = 1;
	}
	s = get_str(po, "state");
	if (s == NULL) {
		snprintf(err, errlen, "%s: no \"state\" (not a BGP summary?)", where);
		return -1;
	}
	copy(p->state_text, sizeof(p->state_text), s);
	p->state = bgp_state_parse(s, &admin);
	p->admin_down = admin;
	/* peerState (FRR 8+) says why a session is not up. */
	s = get_str(po, "peerState");
	if (s != NULL && strcmp(s, "Admin") == 0)
		p->admin_down = 1;
	if (s != NULL && strcmp(s, "Policy") == 0)
		p->policy_blocked = 1;

	/* peerUptimeMsec: time in the current state, may exceed 32 bits;
	 * older releases only have the peerUptime text. */
	r = get_u64(po, "peerUptimeMsec", &v, where, err, errlen);
	if (r < 0)
		return -1;
	if (r > 0) {
		p->state_secs = v / 1000;
		p->have_state_secs = 1;
	} else if ((s = get_str(po, "peerUptime")) != NULL) {
		if (bgp_uptime_parse(s, &p->state_secs) != 0) {
			snprintf(err, errlen, "%s: peerUptime \"%.20s\" is not a duration", where,
				 s);
			return -1;
		}
		p->have_state_secs = 1;
	}
	/* pfxRcd since 7.0; prefixReceivedCount before 7.4. */
	r = get_u64(po, "pfxRcd", &p->pfx_rcvd, where, err, errlen);
	if (r == 0)
		r = get_u64(po, "prefixReceivedCount", &p->pfx_rcvd, where, err, errlen);
	if (r < 0)
		return -1;
	p->have_pfx_rcvd = r;
	r = get_u64(po, "pfxSnt", &p->pfx_sent, where, err, errlen);
	if (r < 0)
		return -1;
	p->have_pfx_sent = r;
	return 0;
}

static int
parse_table(const char *afikey, enum bgp_afi afi, const char *vrfkey, struct json_object *t,
	    struct bgp_summary *s, struct peers_buf *pb, char *err, size_t errlen)
{
	struct json_object *peers;
	const char *vrf, *rid;
	uint32_t as = 0;
	int have_as;

	have_as = get_asn(t, "as", &as, afikey, err, errlen);
	if (have_as < 0)
		return -1;
	vrf = get_str(t, "vrfName");
	if (vrf == NULL)
		vrf = vrfkey;
	rid = get_str(t, "routerId");
	if (s->ntables == 0) {
		copy(s->router_id, sizeof(s->router_id), rid);
		s->local_as = as;
		s->have_local_as = have_as;
	}
	s->ntables++;
	peers = get(t, "peers");
	if (peers == NULL) {
		/* FRR leaves "peers" out of a family with no neighbour. */
		uint64_t cnt = 0;

		if (get_u64(t, "peerCount", &cnt, afikey, err, errlen) < 0)
			return -1;
		if (cnt == 0 && rid != NULL)
			return 0;
		snprintf(err, errlen, "%s: no \"peers\" object", afikey);
		return -1;
	}
	if (!json_object_is_type(peers, json_type_object)) {
		snprintf(err, errlen, "%s: \"peers\" is not an object", afikey);
		return -1;
	}
	json_object_object_foreach(peers, addr, po)
	{
		if (parse_peer(addr, po, afikey, afi, vrf, as, have_as, pb, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* The members of o (a VRF, or the top level): one table per family. */
static int
parse_families(struct json_object *o, const char *vrfkey, struct bgp_summary *s,
	       struct peers_buf *pb, int depth, char *err, size_t errlen)
{
	json_object_object_foreach(o, key, v)
	{
		if (!json_object_is_type(v, json_type_object)) {
			snprintf(err, errlen,
				 "unexpected \"%.40s\": expected an address "
				 "family like \"ipv4Unicast\"%s",
				 key, depth == 0 ? " or a VRF name" : "");
			return -1;
		}
		if (json_object_object_length(v) == 0)
			continue; /* a family with nothing configured */
		if (is_table(v)) {
			if (parse_table(key, afi_of_key(key), vrfkey, v, s, pb, err, errlen) != 0)
				return -1;
		} else if (depth == 0) {
			/* `show bgp vrf all summary json`: a VRF level. */
			if (parse_families(v, key, s, pb, 1, err, errlen) != 0)
				return -1;
		} else {
			snprintf(err, errlen,
				 "VRF %.40s: \"%.40s\" is not an address-family "
				 "summary (no peers, routerId or as)",
				 vrfkey, key);
			return -1;
		}
	}
	return 0;
}

int
frr_parse_summary_json(const char *buf, size_t len, struct bgp_summary **out, char *err,
		       size_t errlen)
{
	struct json_object *root;
	struct bgp_summary *s = NULL;
	struct peers_buf pb = {0};
	const char *w;
	int rc = -1;

	*out = NULL;
	root = parse_object(buf, len, "BGP summary", err, errlen);
	if (root == NULL)
		return -1;
	if ((w = get_str(root, "warning")) != NULL) {
		snprintf(err, errlen, "the router says: %.200s", w);
		goto out;
	}
	if (get(root, "bgpNoSuchNeighbor") != NULL) {
		snprintf(err, errlen,
			 "expected a BGP summary, got a neighbour query answer "
			 "(bgpNoSuchNeighbor)");
		goto out;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (is_table(root)) {
		/* Before FRR 7 a single family was printed without its key. */
		if (parse_table("summary", BGP_AFI_UNSPEC, "", root, s, &pb, err, errlen) != 0)
			goto out;
	} else {
		/* A neighbour detail answer has addresses as keys holding
		 * objects with "bgpState": say so rather than "no family". */
		json_object_object_foreach(root, key, v)
		{
			if (json_object_is_type(v, json_type_object) &&
			    get(v, "bgpState") != NULL) {
				snprintf(err, errlen,
					 "expected a BGP summary, got `show bgp "
					 "neighbors` output (key %.64s)",
					 key);
				goto out;
			}
		}
		if (parse_families(root, "", s, &pb, 0, err, errlen) != 0)
			goto out;
	}
	s->peers = pb.v;
	s->npeers = pb.n;
	pb.v = NULL;
	*out = s;
	s = NULL;
	rc = 0;
out:
	free(pb.v);
	bgp_summary_free(s);
	json_object_put(root);
	return rc;
}

/* ---- advertised routes ---------------------------------------------- */

static int
origin_parse(struct json_object *ro, enum bgp_origin *o)
{
	const char *s = get_str(ro, "origin");

	if (s == NULL)
		s = get_str(ro, "bgpOriginCode"); /* up to FRR 9 */
	if (s == NULL) {
		*o = BGP_ORIGIN_UNKNOWN;
		return 0;
	}
	if (strcmp(s, "IGP") == 0 || strcmp(s, "i") == 0)
		*o = BGP_ORIGIN_IGP;
	else if (strcmp(s, "EGP") == 0 || strcmp(s, "e") == 0)
		*o = BGP_ORIGIN_EGP;
	else if (strcmp(s, "incomplete") == 0 || strcmp(s, "?") == 0)
		*o = BGP_ORIGIN_INCOMPLETE;
	else
		return -1;
	return 0;
}

static int
parse_route(const char *key, struct json_object *ro, struct bgp_route *r, char *err, size_t errlen)
{
	char where[96], ptxt[80], perr[160];
	const char *path, *net, *ap, *nh;
	uint64_t v;
	int k;

	snprintf(where, sizeof(where), "advertised route %.64s", key);
	if (!json_object_is_type(ro, json_type_object)) {
		snprintf(err, errlen, "%s: expected an object", where);
		return -1;
	}
	if (get(ro, "rd") != NULL) {
		snprintf(err, errlen,
			 "%s: a route distinguisher level (VPN table): not a "
			 "unicast advertised-routes answer",
			 where);
		return -1;
	}
	if (get(ro, "paths") != NULL) {
		/* Before FRR 10.3 the detail form shows the path before the
		 * export route-map: it cannot show a prepend. */
		snprintf(err, errlen,
			 "%s: this is `advertised-routes detail` output, whose "
			 "path may predate the export route-map; expected the "
			 "plain form",
			 where);
		return -1;
	}
	path = get_str(ro, "path");
	if (path == NULL)
		path = get_str(ro, "asPath"); /* up to FRR 7.3 */
	if (path == NULL) {
		if (get(ro, "pathCount") != NULL || get(ro, "flags") != NULL)
			snprintf(err, errlen,
				 "%s: no AS path: this is `json brief` output "
				 "(FRR PR 21411); expected the full form",
				 where);
		else
			snprintf(err, errlen, "%s: no \"path\"", where);
		return -1;
	}
	/* The prefix: "network" (7.2+), else address + length, else the key
	 * (a bare address up to 7.1, "a/len" later). */
	net = get_str(ro, "network");
	ap = get_str(ro, "addrPrefix");
	if (net == NULL && ap == NULL)
		ap = key;
	if (net != NULL) {
		snprintf(ptxt, sizeof(ptxt), "%s", net);
	} else if (get_u64(ro, "prefixLen", &v, where, err, errlen) == 1) {
		snprintf(ptxt, sizeof(ptxt), "%.60s/%" PRIu64, ap, v);
	} else if (strchr(key, '/') != NULL) {
		snprintf(ptxt, sizeof(ptxt), "%.70s", key);
	} else {
		snprintf(err, errlen, "%s: no prefix length", where);
		return -1;
	}
	if (cidr_parse(ptxt, &r->pfx, perr, sizeof(perr)) != 0) {
		snprintf(err, errlen, "%s: %s", where, perr);
		return -1;
	}
	snprintf(r->prefix, sizeof(r->prefix), "%s", r->pfx.text);
	if (bgp_path_parse(path, &r->path, perr, sizeof(perr)) != 0) {
		snprintf(err, errlen, "%s: %s", where, perr);
		return -1;
	}
	if (origin_parse(ro, &r->origin) != 0) {
		snprintf(err, errlen, "%s: unknown origin", where);
		return -1;
	}
	nh = get_str(ro, "nextHop");
	if (nh == NULL)
		nh = get_str(ro, "nextHopGlobal");
	copy(r->nexthop, sizeof(r->nexthop), nh);
	if ((k = get_u64(ro, "metric", &v, where, err, errlen)) < 0)
		return -1;
	r->have_metric = k;
	r->metric = (uint32_t)v;
	if ((k = get_u64(ro, "locPrf", &v, where, err, errlen)) < 0)
		return -1;
	r->have_locprf = k;
	r->locprf = (uint32_t)v;
	if ((k = get_u64(ro, "weight", &v, where, err, errlen)) < 0)
		return -1;
	r->have_weight = k;
	r->weight = (uint32_t)v;
	return 0;
}

/*
 * The advertised-routes answer is read member by member, each route being
 * parsed by json-c on its own and released at once, instead of building the
 * whole document: with 100,000 routes json-c's tree alone would take some
 * 200 MB, and time would grow with memory rather than with routes.
 */
struct scan {
	const char *b;
	size_t len, pos;
	struct json_tokener *tok;
};

static void
skip_ws(struct scan *s)
{
	while (s->pos < s->len && (s->b[s->pos] == ' ' || s->b[s->pos] == '\n' ||
				   s->b[s->pos] == '\r' || s->b[s->pos] == '\t'))
		s->pos++;
}

static int
truncated(char *err, size_t errlen)
{
	snprintf(err, errlen, "advertised routes: the JSON ends early (truncated answer?)");
	return -1;
}

/* Expect character c (after blanks); -1 with err otherwise. */
static int
expect_char(struct scan *s, char c, char *err, size_t errlen)
{
	skip_ws(s);
	if (s->pos >= s->len)
		return truncated(err, errlen);
	if (s->b[s->pos] != c) {
		snprintf(err, errlen,
			 "advertised routes: malformed JSON at byte %zu "
			 "(expected '%c')",
			 s->pos, c);
		return -1;
	}
	s->pos++;
	return 0;
}

/* One JSON value at the current position, parsed by json-c. */
static struct json_object *
scan_value(struct scan *s, char *err, size_t errlen)
{
	struct json_object *o;
	enum json_tokener_error e;
	size_t left;

	skip_ws(s);
	left = s->len - s->pos;
	if (left == 0) {
		truncated(err, errlen);
		return NULL;
	}
	if (left > INT32_MAX)
		left = INT32_MAX;
	json_tokener_reset(s->tok);
	o = json_tokener_parse_ex(s->tok, s->b + s->pos, (int)left);
	e = json_tokener_get_error(s->tok);
	if (o == NULL && e == json_tokener_success) {
		/* A literal null: valid JSON, never a useful member here. */
		s->pos += json_tokener_get_parse_end(s->tok);
		snprintf(err, errlen, "advertised routes: unexpected null at byte %zu", s->pos);
		return NULL;
	}
	if (o == NULL) {
		if (e == json_tokener_continue)
			truncated(err, errlen);
		else
			snprintf(err, errlen,
				 "advertised routes: malformed JSON at byte "
				 "%zu (%s)",
				 s->pos + json_tokener_get_parse_end(s->tok),
				 json_tokener_error_desc(e));
		return NULL;
	}
	s->pos += json_tokener_get_parse_end(s->tok);
	return o;
}

/* A member name, then ':'.  The name is copied into key. */
static int
scan_key(struct scan *s, char *key, size_t keylen, char *err, size_t errlen)
{
	struct json_object *k = scan_value(s, err, errlen);

	if (k == NULL)
		return -1;
	if (!json_object_is_type(k, json_type_string)) {
		snprintf(err, errlen,
			 "advertised routes: malformed JSON before byte %zu "
			 "(expected a member name)",
			 s->pos);
		json_object_put(k);
		return -1;
	}
	snprintf(key, keylen, "%s", json_object_get_string(k));
	json_object_put(k);
	return expect_char(s, ':', err, errlen);
}

/* After a member: ',' then more (1), or '}' (0); -1 on anything else. A
 * trailing comma is accepted, as json-c does for the summary. */
static int
scan_next(struct scan *s, char *err, size_t errlen)
{
	skip_ws(s);
	if (s->pos >= s->len)
		return truncated(err, errlen);
	if (s->b[s->pos] == '}') {
		s->pos++;
		return 0;
	}
	if (s->b[s->pos] != ',') {
		snprintf(err, errlen,
			 "advertised routes: malformed JSON at byte %zu "
			 "(expected ',' or '}')",
			 s->pos);
		return -1;
	}
	s->pos++;
	skip_ws(s);
	if (s->pos < s->len && s->b[s->pos] == '}') {
		s->pos++;
		return 0;
	}
	return 1;
}

/* The members of "advertisedRoutes", one route at a time. */
static int
scan_routes(struct scan *s, struct bgp_routes *res, size_t *cap, char *err, size_t errlen)
{
	char key[256];
	int more;

	if (expect_char(s, '{', err, errlen) != 0) {
		if (s->pos < s->len)
			snprintf(err, errlen, "\"advertisedRoutes\" is not an object");
		return -1;
	}
	skip_ws(s);
	if (s->pos < s->len && s->b[s->pos] == '}') {
		s->pos++;
		return 0;
	}
	do {
		struct json_object *ro;
		struct bgp_route *r;
		int rc;

		if (scan_key(s, key, sizeof(key), err, errlen) != 0)
			return -1;
		ro = scan_value(s, err, errlen);
		if (ro == NULL)
			return -1;
		if ((r = array_grow(res->routes, cap, res->n, sizeof(*r))) == NULL) {
			json_object_put(ro);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		res->routes = r;
		r = &res->routes[res->n++];
		memset(r, 0, sizeof(*r));
		rc = parse_route(key, ro, r, err, errlen);
		json_object_put(ro);
		if (rc != 0)
			return -1;
		more = scan_next(s, err, errlen);
		if (more < 0)
			return -1;
	} while (more);
	return 0;
}

int
frr_parse_routes_json(const char *buf, size_t len, struct bgp_routes **out, char *err,
		      size_t errlen)
{
	struct scan s = {.b = buf, .len = len};
	struct bgp_routes *res = NULL;
	char key[256], warning[256] = "";
	size_t cap = 0, nkeys = 0;
	int rc = -1, more, seen_adv = 0, seen_recv = 0, seen_routes = 0;
	int nosuch = 0;

	*out = NULL;
	s.tok = json_tokener_new_ex(64);
	res = calloc(1, sizeof(*res));
	if (s.tok == NULL || res == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (expect_char(&s, '{', err, errlen) != 0) {
		if (s.pos < s.len)
			snprintf(err, errlen, "advertised routes: expected a JSON object");
		goto out;
	}
	skip_ws(&s);
	more = 1;
	if (s.pos < s.len && s.b[s.pos] == '}') {
		s.pos++;
		more = 0;
	}
	while (more) {
		struct json_object *v;

		if (scan_key(&s, key, sizeof(key), err, errlen) != 0)
			goto out;
		nkeys++;
		if (strcmp(key, "advertisedRoutes") == 0) {
			if (scan_routes(&s, res, &cap, err, errlen) != 0)
				goto out;
			seen_adv = 1;
		} else {
			v = scan_value(&s, err, errlen);
			if (v == NULL)
				goto out;
			if (strcmp(key, "warning") == 0 && json_object_is_type(v, json_type_string))
				copy(warning, sizeof(warning), json_object_get_string(v));
			else if (strcmp(key, "bgpNoSuchNeighbor") == 0)
				nosuch = 1;
			else if (strcmp(key, "receivedRoutes") == 0)
				seen_recv = 1;
			else if (strcmp(key, "routes") == 0)
				seen_routes = 1;
			else if (strcmp(key, "bgpLocalRouterId") == 0 &&
				 json_object_is_type(v, json_type_string))
				copy(res->router_id, sizeof(res->router_id),
				     json_object_get_string(v));
			else if (strcmp(key, "localAS") == 0) {
				uint32_t as;
				int k = asn_of(v, "localAS", &as, "advertised routes", err, errlen);

				if (k < 0) {
					json_object_put(v);
					goto out;
				}
				res->have_local_as = k;
				res->local_as = k ? as : 0;
			}
			json_object_put(v);
		}
		more = scan_next(&s, err, errlen);
		if (more < 0)
			goto out;
	}
	skip_ws(&s);
	if (s.pos < s.len) {
		snprintf(err, errlen,
			 "advertised routes: unexpected text after the JSON "
			 "object at byte %zu",
			 s.pos);
		goto out;
	}
	if (warning[0] != '\0' || nosuch || nkeys == 0) {
		/* The router could not answer: say it in its words.  FRR's
		 * "{}" is such an answer too. */
		copy(res->warning, sizeof(res->warning),
		     warning[0] ? warning
		     : nosuch	? "No such neighbor"
				: "empty answer {} (unknown neighbour or "
				  "address family?)");
		for (size_t i = 0; i < res->n; i++)
			free(res->routes[i].path.elems);
		res->n = 0;
	} else if (!seen_adv) {
		if (seen_recv)
			snprintf(err, errlen,
				 "expected \"advertisedRoutes\", got "
				 "\"receivedRoutes\" (received-routes output)");
		else if (seen_routes)
			snprintf(err, errlen,
				 "expected \"advertisedRoutes\", got \"routes\" "
				 "(a routes table, not advertised-routes)");
		else
			snprintf(err, errlen,
				 "expected \"advertisedRoutes\" (neighbors X "
				 "advertised-routes json)");
		goto out;
	}
	*out = res;
	res = NULL;
	rc = 0;
out:
	bgp_routes_free(res);
	if (s.tok != NULL)
		json_tokener_free(s.tok);
	return rc;
}
