/* SPDX-License-Identifier: ISC */
/*
 * The text tables of Quagga (VyOS 1.1) and FRR: `show ip bgp summary` and
 * `show ip bgp neighbors X advertised-routes`.  Both are read line by line
 * against their column header; a row that does not fit is an error naming
 * the line, never a guess.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/quagga_text.h"
#include "core/array.h"

#define LINE_MAX_LEN 4096

/* Iterate over the lines of buf; the line is copied NUL-terminated. */
struct lines {
	const char *buf;
	size_t len, pos;
	unsigned no; /* 1-based number of the current line */
	char line[LINE_MAX_LEN];
	size_t linelen;
};

static int
next_line(struct lines *l)
{
	size_t start = l->pos, n;

	if (l->pos >= l->len)
		return 0;
	while (l->pos < l->len && l->buf[l->pos] != '\n')
		l->pos++;
	n = l->pos - start;
	if (l->pos < l->len)
		l->pos++;
	if (n > 0 && l->buf[start + n - 1] == '\r')
		n--;
	if (n >= sizeof(l->line))
		n = sizeof(l->line) - 1;
	memcpy(l->line, l->buf + start, n);
	l->line[n] = '\0';
	/* Trailing blanks carry nothing and differ between pastes. */
	while (n > 0 && (l->line[n - 1] == ' ' || l->line[n - 1] == '\t'))
		l->line[--n] = '\0';
	l->linelen = n;
	l->no++;
	return 1;
}

static int
blank(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return *s == '\0';
}

/* Split s into at most max blank-separated tokens (s is modified). */
static size_t
tokenize(char *s, char **tok, size_t max)
{
	size_t n = 0;

	while (n < max) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		tok[n++] = s;
		while (*s != '\0' && *s != ' ' && *s != '\t')
			s++;
		if (*s != '\0')
			*s++ = '\0';
	}
	return n;
}

static int
all_digits(const char *s)
{
	if (*s == '\0')
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

static int
u64_of(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	if (!all_digits(s))
		return -1;
	for (; *s; s++) {
		if (x > (UINT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (uint64_t)(*s - '0');
	}
	*v = x;
	return 0;
}

/* ---- summary ---------------------------------------------------------- */

struct sum_ctx {
	struct bgp_summary *s;
	size_t cap;
	enum bgp_afi afi;
	char afi_name[32];
	char vrf[64];
	uint32_t local_as;
	int have_local_as;
	int have_pfxsnt, have_desc;
	size_t section_rows;
};

static struct bgp_peer *
sum_add(struct sum_ctx *c)
{
	struct bgp_peer *nv;

	if ((nv = array_grow(c->s->peers, &c->cap, c->s->npeers, sizeof(*nv))) == NULL)
		return NULL;
	c->s->peers = nv;
	memset(&c->s->peers[c->s->npeers], 0, sizeof(*nv));
	return &c->s->peers[c->s->npeers++];
}

/* "IPv4 Unicast Summary:" / "IPv6 Unicast Summary (VRF default):" */
static int
section_header(const char *line, struct sum_ctx *c)
{
	const char *p = strstr(line, " Summary");
	const char *v;
	size_t n;

	if (p == NULL || strchr(line, ':') == NULL || strncmp(line, "BGP ", 4) == 0)
		return 0;
	n = (size_t)(p - line);
	if (n >= sizeof(c->afi_name))
		return 0;
	memcpy(c->afi_name, line, n);
	c->afi_name[n] = '\0';
	if (strcmp(c->afi_name, "IPv4 Unicast") == 0)
		c->afi = BGP_AFI_IPV4;
	else if (strcmp(c->afi_name, "IPv6 Unicast") == 0)
		c->afi = BGP_AFI_IPV6;
	else
		c->afi = BGP_AFI_OTHER;
	v = strstr(line, "(VRF ");
	if (v != NULL)
		sscanf(v + 5, "%63[^)]", c->vrf);
	return 1;
}

/* "BGP router identifier A, local AS number N[ VRF name] [vrf-id N]" */
static int
router_line(const char *line, struct sum_ctx *c, char *err, size_t errlen, unsigned no)
{
	char rid[64], asn[32];
	const char *v;

	if (sscanf(line, "BGP router identifier %63[^,], local AS number %31s", rid, asn) != 2 ||
	    bgp_asn_parse(asn, &c->local_as) != 0) {
		snprintf(err, errlen,
			 "line %u: expected \"BGP router identifier A, local AS "
			 "number N\"",
			 no);
		return -1;
	}
	c->have_local_as = 1;
	if (c->s->ntables == 0) {
		snprintf(c->s->router_id, sizeof(c->s->router_id), "%s", rid);
		c->s->local_as = c->local_as;
		c->s->have_local_as = 1;
	}
	c->s->ntables++;
	v = strstr(line, " VRF ");
	if (v != NULL)
		sscanf(v + 5, "%63s", c->vrf);
	return 0;
}

/* The neighbour column: an address, a name, or FRR's "host(addr)". */
static void
set_name(struct bgp_peer *p, const char *name)
{
	const char *open = strchr(name, '(');
	size_t n = strlen(name);

	if (open != NULL && n > 0 && name[n - 1] == ')' && open > name) {
		snprintf(p->hostname, sizeof(p->hostname), "%.*s", (int)(open - name), name);
		snprintf(p->addr, sizeof(p->addr), "%.*s", (int)(n - 2 - (size_t)(open - name)),
			 open + 1);
	} else {
		snprintf(p->addr, sizeof(p->addr), "%s", name);
	}
}

/*
 * One row: "ADDR V AS MsgRcvd MsgSent TblVer InQ OutQ Up/Down State/PfxRcd
 * [PfxSnt] [Desc]" as tokens, so that collapsed blanks in pastes still read.
 */
static int
summary_row(struct sum_ctx *c, const char *name, char *rest, unsigned no, char *err, size_t errlen)
{
	char *tok[64], *st;
	size_t n, i;
	struct bgp_peer *p;
	uint64_t v;
	int admin;

	n = tokenize(rest, tok, 64);
	if (n < 9) {
		snprintf(err, errlen,
			 "line %u: a neighbour row needs V AS MsgRcvd MsgSent "
			 "TblVer InQ OutQ Up/Down State/PfxRcd",
			 no);
		return -1;
	}
	p = sum_add(c);
	if (p == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	set_name(p, name);
	snprintf(p->vrf, sizeof(p->vrf), "%s", c->vrf);
	snprintf(p->afi_name, sizeof(p->afi_name), "%s", c->afi_name);
	p->afi = c->afi;
	if (c->have_local_as) {
		p->local_as = c->local_as;
		p->have_local_as = 1;
	}
	if (strcmp(tok[0], "4") != 0 || bgp_asn_parse(tok[1], &p->remote_as) != 0) {
		snprintf(err, errlen,
			 "line %u: expected BGP version 4 and an ASN after "
			 "%.64s",
			 no, name);
		return -1;
	}
	p->have_remote_as = 1;
	for (i = 2; i < 7; i++) {
		if (!all_digits(tok[i])) {
			snprintf(err, errlen, "line %u: \"%.20s\" is not a counter", no, tok[i]);
			return -1;
		}
	}
	if (bgp_uptime_parse(tok[7], &p->state_secs) != 0) {
		snprintf(err, errlen, "line %u: Up/Down \"%.20s\" is not a duration", no, tok[7]);
		return -1;
	}
	p->have_state_secs = 1;
	i = 8;
	st = tok[i++];
	if (u64_of(st, &v) == 0) {
		snprintf(p->state_text, sizeof(p->state_text), "Established");
		p->state = BGP_STATE_ESTABLISHED;
		p->pfx_rcvd = v;
		p->have_pfx_rcvd = 1;
	} else if (strcmp(st, "(Policy)") == 0) {
		/* RFC 8212: up, but nothing accepted without a policy. */
		snprintf(p->state_text, sizeof(p->state_text), "Established");
		p->state = BGP_STATE_ESTABLISHED;
		p->policy_blocked = 1;
	} else {
		/* "Idle (Admin)", "Idle (PfxCt)": the state and its reason. */
		if (i < n && tok[i][0] == '(' && tok[i][strlen(tok[i]) - 1] == ')') {
			snprintf(p->state_text, sizeof(p->state_text), "%s %s", st, tok[i]);
			i++;
		} else {
			snprintf(p->state_text, sizeof(p->state_text), "%s", st);
		}
		p->state = bgp_state_parse(p->state_text, &admin);
		p->admin_down = admin;
		/* No session, no routes: FRR's JSON says 0 there too. */
		p->pfx_rcvd = 0;
		p->have_pfx_rcvd = 1;
		if (p->state == BGP_STATE_UNKNOWN || p->state == BGP_STATE_ESTABLISHED) {
			snprintf(err, errlen,
				 "line %u: \"%.40s\" is neither a prefix count "
				 "nor a BGP state",
				 no, p->state_text);
			return -1;
		}
	}
	if (c->have_pfxsnt) {
		if (i >= n) {
			snprintf(err, errlen, "line %u: no PfxSnt column", no);
			return -1;
		}
		if (strcmp(tok[i], "(Policy)") == 0) {
			p->policy_blocked = 1;
		} else if (u64_of(tok[i], &p->pfx_sent) != 0) {
			snprintf(err, errlen, "line %u: PfxSnt \"%.20s\" is not a count", no,
				 tok[i]);
			return -1;
		} else {
			p->have_pfx_sent = 1;
		}
		i++;
	}
	if (i < n) {
		if (!c->have_desc) {
			snprintf(err, errlen,
				 "line %u: unexpected \"%.40s\" after the "
				 "State/PfxRcd column",
				 no, tok[i]);
			return -1;
		}
		/* The description may hold blanks: rebuild from tokens. */
		{
			size_t o = 0;

			for (; i < n && o + 1 < sizeof(p->desc); i++)
				o += (size_t)snprintf(p->desc + o, sizeof(p->desc) - o, "%s%s",
						      o ? " " : "", tok[i]);
			/* FRR fills an empty Desc column with "N/A". */
			if (strcmp(p->desc, "N/A") == 0)
				p->desc[0] = '\0';
		}
	}
	c->section_rows++;
	return 0;
}

int
quagga_parse_summary_text(const char *buf, size_t len, struct bgp_summary **out, char *err,
			  size_t errlen)
{
	struct lines l = {.buf = buf, .len = len};
	struct sum_ctx c;
	char pending[128] = "";
	unsigned pending_no = 0;
	int in_table = 0, seen_router = 0, seen_total = 0, any = 0;
	uint64_t total;

	*out = NULL;
	memset(&c, 0, sizeof(c));
	c.s = calloc(1, sizeof(*c.s));
	if (c.s == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	while (next_line(&l)) {
		const char *line = l.line;

		if (strstr(line, "No BGP neighbors found") != NULL) {
			/* FRR/Quagga say so instead of printing a table. */
			any = 1;
			continue;
		}
		if (!in_table) {
			if (section_header(line, &c)) {
				continue;
			}
			if (strncmp(line, "BGP router identifier", 21) == 0) {
				if (router_line(line, &c, err, errlen, l.no))
					goto fail;
				seen_router = 1;
				continue;
			}
			if (strncmp(line, "Neighbor", 8) == 0 &&
			    strstr(line, "State/PfxRcd") != NULL) {
				if (!seen_router) {
					snprintf(err, errlen,
						 "line %u: neighbour table "
						 "before \"BGP router "
						 "identifier\"",
						 l.no);
					goto fail;
				}
				c.have_pfxsnt = strstr(line, "PfxSnt") != NULL;
				c.have_desc = strstr(line, "Desc") != NULL;
				c.section_rows = 0;
				seen_total = 0;
				in_table = 1;
				continue;
			}
			if (sscanf(line, "Total number of neighbors %" SCNu64, &total) == 1) {
				snprintf(err, errlen,
					 "line %u: neighbour total without a "
					 "table",
					 l.no);
				goto fail;
			}
			continue; /* banner lines: RIB entries, Peers ... */
		}
		/* In a table. */
		if (blank(line)) {
			if (pending[0] != '\0')
				goto wrapped_without_row;
			continue;
		}
		if (sscanf(line, "Total number of neighbors %" SCNu64, &total) == 1 ||
		    sscanf(line, "Displayed neighbors %" SCNu64, &total) == 1) {
			if (pending[0] != '\0')
				goto wrapped_without_row;
			if (!seen_total && total != c.section_rows) {
				snprintf(err, errlen,
					 "line %u: the router counts %" PRIu64
					 " neighbours, the table has %zu "
					 "(truncated or damaged answer?)",
					 l.no, total, c.section_rows);
				goto fail;
			}
			seen_total = 1;
			any = 1;
			if (strncmp(line, "Total", 5) == 0)
				in_table = 0;
			continue;
		}
		if (line[0] == ' ' || line[0] == '\t') {
			/* The rest of a row whose name was too wide. */
			char rest[LINE_MAX_LEN];

			if (pending[0] == '\0') {
				snprintf(err, errlen,
					 "line %u: a neighbour row without a "
					 "neighbour address",
					 l.no);
				goto fail;
			}
			snprintf(rest, sizeof(rest), "%s", line);
			if (summary_row(&c, pending, rest, l.no, err, errlen))
				goto fail;
			pending[0] = '\0';
			continue;
		}
		{
			char copyl[LINE_MAX_LEN], *sp;

			if (pending[0] != '\0')
				goto wrapped_without_row;
			snprintf(copyl, sizeof(copyl), "%s", line);
			sp = strpbrk(copyl, " \t");
			if (sp == NULL) {
				/* Quagga wraps a name of 16+ characters. */
				snprintf(pending, sizeof(pending), "%s", copyl);
				pending_no = l.no;
				continue;
			}
			*sp++ = '\0';
			if (summary_row(&c, copyl, sp, l.no, err, errlen))
				goto fail;
		}
	}
	if (pending[0] != '\0')
		goto wrapped_without_row;
	if (in_table) {
		snprintf(err, errlen,
			 "no \"Total number of neighbors\" line after the "
			 "table (truncated answer?)");
		goto fail;
	}
	if (!seen_router && !any) {
		snprintf(err, errlen,
			 "expected a BGP summary (\"BGP router identifier\" "
			 "and a Neighbor table)");
		goto fail;
	}
	if (!any) {
		snprintf(err, errlen,
			 "no Neighbor table after \"BGP router identifier\" "
			 "(truncated answer?)");
		goto fail;
	}
	*out = c.s;
	return 0;
wrapped_without_row:
	snprintf(err, errlen, "line %u: neighbour \"%.64s\" has no row after it", pending_no,
		 pending);
fail:
	bgp_summary_free(c.s);
	return -1;
}

/* ---- advertised routes ---------------------------------------------- */

/*
 * The columns of the header.  Metric, LocPrf and Weight are right-aligned
 * numbers of fixed width after a next hop padded to 16 (the same printf
 * widths from Quagga 0.99 to FRR 10), so their ends keep their distance to
 * the next hop even where a row is indented differently from its header.
 */
struct cols {
	size_t net, nh, metric_end, locprf_end, weight_end;
};

static int
header_cols(const char *line, struct cols *c)
{
	const char *net = strstr(line, "Network"), *nh = strstr(line, "Next Hop");
	const char *m = strstr(line, "Metric"), *lp = strstr(line, "LocPrf");
	const char *w = strstr(line, "Weight"), *p = strstr(line, "Path");

	if (!net || !nh || !m || !lp || !w || !p ||
	    !(net < nh && nh < m && m < lp && lp < w && w < p))
		return -1;
	c->net = (size_t)(net - line);
	c->nh = (size_t)(nh - line);
	c->metric_end = (size_t)(m - line) + 6;
	c->locprf_end = (size_t)(lp - line) + 6;
	c->weight_end = (size_t)(w - line) + 6;
	return 0;
}

/* The header's columns moved by shift (the row's indentation against the
 * header's); -1 when that would move them before the line's start. */
static int
cols_shift(const struct cols *c, long shift, struct cols *out)
{
	if (shift < 0 && (size_t)-shift > c->net)
		return -1;
	out->net = (size_t)((long)c->net + shift);
	out->nh = (size_t)((long)c->nh + shift);
	out->metric_end = (size_t)((long)c->metric_end + shift);
	out->locprf_end = (size_t)((long)c->locprf_end + shift);
	out->weight_end = (size_t)((long)c->weight_end + shift);
	return 0;
}

/* Right-aligned number field ending at end (exclusive), start at from:
 * 1 number, 0 blank, -1 neither. */
static int
num_field(const char *s, size_t slen, size_t from, size_t end, uint32_t *v)
{
	char f[32];
	size_t o = 0;
	uint64_t x;

	if (end > slen)
		end = slen;
	for (size_t i = from; i < end; i++) {
		if (s[i] == ' ')
			continue;
		if (o + 1 >= sizeof(f))
			return -1;
		f[o++] = s[i];
		if (i + 1 < end && s[i + 1] == ' ')
			return -1; /* two values in one field */
	}
	f[o] = '\0';
	if (o == 0)
		return 0;
	if (u64_of(f, &x) != 0 || x > UINT32_MAX)
		return -1;
	*v = (uint32_t)x;
	return 1;
}

struct routes_buf {
	struct bgp_routes *r;
	size_t cap;
};

static struct bgp_route *
routes_add(struct routes_buf *b)
{
	struct bgp_route *nv;

	if ((nv = array_grow(b->r->routes, &b->cap, b->r->n, sizeof(*nv))) == NULL)
		return NULL;
	b->r->routes = nv;
	memset(&b->r->routes[b->r->n], 0, sizeof(*nv));
	return &b->r->routes[b->r->n++];
}

/* Length of the next hop token at column nh of a header-aligned line. */
static size_t
nexthop_len(const char *s, size_t nh)
{
	size_t i = nh;

	while (s[i] != '\0' && s[i] != ' ')
		i++;
	return i - nh;
}

/*
 * The part of a row from the next hop on, in a line aligned to the column
 * header (wrapped rows are re-aligned by the caller).
 */
static int
route_tail(const struct cols *c, const char *s, struct bgp_route *r, unsigned no, char *err,
	   size_t errlen)
{
	size_t slen = strlen(s), i, o;
	char pathbuf[LINE_MAX_LEN], perr[160];
	const char *origin;
	int k;

	for (i = c->nh, o = 0; i < slen && s[i] != ' ' && o + 1 < sizeof(r->nexthop); i++)
		r->nexthop[o++] = s[i];
	r->nexthop[o] = '\0';
	if (o == 0 || i > c->metric_end - 10) {
		snprintf(err, errlen,
			 "line %u: the next hop does not line up with the "
			 "column header",
			 no);
		return -1;
	}
	k = num_field(s, slen, i, c->metric_end, &r->metric);
	if (k >= 0) {
		r->have_metric = k;
		k = num_field(s, slen, c->metric_end, c->locprf_end, &r->locprf);
	}
	if (k >= 0) {
		r->have_locprf = k;
		k = num_field(s, slen, c->locprf_end, c->weight_end, &r->weight);
	}
	if (k <= 0 || slen <= c->weight_end || s[c->weight_end] != ' ') {
		snprintf(err, errlen,
			 "line %u: Metric/LocPrf/Weight do not line up with "
			 "the column header",
			 no);
		return -1;
	}
	r->have_weight = 1;
	/* The path and the origin code at its end. */
	snprintf(pathbuf, sizeof(pathbuf), "%s", s + c->weight_end);
	o = strlen(pathbuf);
	while (o > 0 && pathbuf[o - 1] == ' ')
		pathbuf[--o] = '\0';
	origin = o > 0 ? &pathbuf[o - 1] : "";
	if (o == 0 || (o > 1 && pathbuf[o - 2] != ' ') ||
	    (*origin != 'i' && *origin != 'e' && *origin != '?')) {
		snprintf(err, errlen,
			 "line %u: the path does not end with an origin code "
			 "(i, e or ?)",
			 no);
		return -1;
	}
	r->origin = *origin == 'i'   ? BGP_ORIGIN_IGP
		    : *origin == 'e' ? BGP_ORIGIN_EGP
				     : BGP_ORIGIN_INCOMPLETE;
	pathbuf[o - 1] = '\0';
	if (bgp_path_parse(pathbuf, &r->path, perr, sizeof(perr)) != 0) {
		snprintf(err, errlen, "line %u: %s", no, perr);
		return -1;
	}
	return 0;
}

enum wrap {
	WRAP_NONE,
	WRAP_NETWORK, /* a wide Network alone on its line */
	WRAP_NEXTHOP, /* a wide next hop: Metric... on the next line */
};

struct rows {
	struct routes_buf b;
	struct cols c;	/* as the header has them */
	struct cols rc; /* of the prefix's rows: c moved by their indentation */
	enum wrap wrap;
	struct cidr pfx; /* of the row being read */
	char prefix[64];
	char partial[LINE_MAX_LEN]; /* WRAP_NEXTHOP: the row so far */
	char nexthop[64];	    /* WRAP_NEXTHOP: its next hop */
	unsigned wrap_no;
};

/* A header-aligned row from the next hop on: finish it or wait for the
 * wrapped rest. */
static int
row_tail(struct rows *w, const struct cols *c, const char *aligned, unsigned no, char *err,
	 size_t errlen)
{
	struct bgp_route *r;
	size_t nl = nexthop_len(aligned, c->nh);

	if (nl > 0 && blank(aligned + c->nh + nl)) {
		/* Quagga: a next hop of 16+ characters ends the line and
		 * the rest starts below at the Metric column. */
		snprintf(w->partial, sizeof(w->partial), "%s", aligned);
		snprintf(w->nexthop, sizeof(w->nexthop), "%.*s", (int)nl, aligned + c->nh);
		w->wrap = WRAP_NEXTHOP;
		w->wrap_no = no;
		return 0;
	}
	r = routes_add(&w->b);
	if (r == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	r->pfx = w->pfx;
	snprintf(r->prefix, sizeof(r->prefix), "%s", w->prefix);
	return route_tail(c, aligned, r, no, err, errlen);
}

/* Status codes: Quagga's and FRR's, and FRR's RPKI validation codes. */
static const char status_codes[] = " sdhu*>=irSRbfxVIN";

/* 1 when the blank-delimited token at s is an address or prefix. */
static int
addr_token(const char *s)
{
	char tok[INET6_ADDRSTRLEN + 8], *slash;
	unsigned char bin[sizeof(struct in6_addr)];
	size_t n = strcspn(s, " \t");

	if (n == 0 || n >= sizeof(tok))
		return 0;
	memcpy(tok, s, n);
	tok[n] = '\0';
	if ((slash = strchr(tok, '/')) != NULL)
		*slash = '\0';
	return inet_pton(AF_INET, tok, bin) == 1 || inet_pton(AF_INET6, tok, bin) == 1;
}

/*
 * Where the status codes of a row end: at the first character that is no
 * status code, or at a hex letter that begins an address ("*>ifd00::/64":
 * Quagga prints the codes and the network without a blank between).
 */
static size_t
status_end(const char *line)
{
	size_t i = 0;

	for (; line[i] != '\0' && strchr(status_codes, line[i]) != NULL; i++)
		if (isxdigit((unsigned char)line[i]) && addr_token(line + i))
			break;
	return i;
}

static int
misaligned(unsigned no, char *err, size_t errlen)
{
	snprintf(err, errlen, "line %u: the row does not line up with the column header", no);
	return -1;
}

/*
 * A line inside the table that is not the footer.  The row is read by its
 * tokens: status codes, the network (absent in a further path of the
 * prefix above), the next hop.  The header only gives the distance from
 * the network to the next hop and to the number fields: FRR 10 indents the
 * header by its RPKI column where some rows are not, and status codes are
 * 3 to 5 characters wide across Quagga and FRR 7.5-10.x.
 */
static int
table_row(struct rows *w, const char *line, unsigned no, char *err, size_t errlen)
{
	char aligned[LINE_MAX_LEN], perr[160];
	size_t lead = strspn(line, " "), len = strlen(line), k, e1, p2;
	long shift;
	int network;

	if (w->wrap == WRAP_NEXTHOP) {
		const struct cols *rc = &w->rc;
		size_t mstart = rc->metric_end - 10;

		if (lead < mstart || len <= mstart) {
			snprintf(err, errlen,
				 "line %u: expected the Metric/Weight/Path "
				 "rest of the row of line %u",
				 no, w->wrap_no);
			return -1;
		}
		/* The next hop overlaps the Metric column of the row below:
		 * read the row with a placeholder, then put it back. */
		snprintf(aligned, sizeof(aligned), "%*s-%*s%s", (int)rc->nh, "",
			 (int)(mstart - rc->nh - 1), "", line + mstart);
		w->wrap = WRAP_NONE;
		if (row_tail(w, rc, aligned, no, err, errlen) != 0)
			return -1;
		snprintf(w->b.r->routes[w->b.r->n - 1].nexthop, sizeof(w->b.r->routes[0].nexthop),
			 "%s", w->nexthop);
		return 0;
	}
	if (w->wrap == WRAP_NETWORK) {
		/* The rest of the row, indented to its next hop: re-align
		 * it to the row's Next Hop column. */
		if (lead <= w->rc.net || lead >= len) {
			snprintf(err, errlen, "line %u: expected the rest of the row for %s", no,
				 w->prefix);
			return -1;
		}
		snprintf(aligned, sizeof(aligned), "%*s%s", (int)w->rc.nh, "", line + lead);
		w->wrap = WRAP_NONE;
		return row_tail(w, &w->rc, aligned, no, err, errlen);
	}
	k = status_end(line);
	if (line[k] == '\0') {
		snprintf(err, errlen, "line %u: a row of status codes only", no);
		return -1;
	}
	if (!isxdigit((unsigned char)line[k]) && line[k] != ':') {
		snprintf(err, errlen, "line %u: unexpected \"%c\" in the status codes", no,
			 line[k]);
		return -1;
	}
	/* The network has a '/' (Quagga drops a classful length, but then
	 * a next hop follows it); a further path starts at its next hop. */
	e1 = k + strcspn(line + k, " ");
	p2 = e1 + strspn(line + e1, " ");
	network = memchr(line + k, '/', e1 - k) != NULL ||
		  (line[p2] != '\0' && strspn(line + p2, "0123456789") != strcspn(line + p2, " "));
	if (!network) {
		/* Another path of the prefix above, at its next hop. */
		if (w->prefix[0] == '\0') {
			snprintf(err, errlen, "line %u: a row without a prefix", no);
			return -1;
		}
		if (k != w->rc.nh)
			return misaligned(no, err, errlen);
		return row_tail(w, &w->rc, line, no, err, errlen);
	}
	shift = (long)k - (long)w->c.net;
	if (k == 0 || shift < -2 || shift > 2 || cols_shift(&w->c, shift, &w->rc) != 0)
		return misaligned(no, err, errlen);
	{
		char net[64];
		size_t i, o = 0;

		for (i = w->rc.net; line[i] != '\0' && line[i] != ' ' && o + 1 < sizeof(net); i++)
			net[o++] = line[i];
		net[o] = '\0';
		if (cidr_parse_flags(net, CIDR_CLASSFUL, &w->pfx, perr, sizeof(perr))) {
			snprintf(err, errlen, "line %u: %s", no, perr);
			return -1;
		}
		snprintf(w->prefix, sizeof(w->prefix), "%s", w->pfx.text);
		if (blank(line + i)) {
			/* Quagga puts a Network of 17+ characters on its
			 * own line; the row continues below. */
			w->wrap = WRAP_NETWORK;
			w->wrap_no = no;
			return 1;
		}
		if (i >= w->rc.nh || line[w->rc.nh - 1] != ' ' || line[w->rc.nh] == ' ')
			return misaligned(no, err, errlen);
	}
	if (row_tail(w, &w->rc, line, no, err, errlen) != 0)
		return -1;
	return 1;
}

int
quagga_parse_routes_text(const char *buf, size_t len, struct bgp_routes **out, char *err,
			 size_t errlen)
{
	struct lines l = {.buf = buf, .len = len};
	struct rows *w;
	int in_table = 0, done = 0, k;
	uint64_t total, paths;
	size_t nprefixes = 0;

	*out = NULL;
	w = calloc(1, sizeof(*w));
	if (w == NULL || (w->b.r = calloc(1, sizeof(*w->b.r))) == NULL) {
		free(w);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	while (next_line(&l)) {
		const char *line = l.line, *p;

		if (done) {
			if (!blank(line)) {
				snprintf(err, errlen,
					 "line %u: unexpected text after the "
					 "prefix total",
					 l.no);
				goto fail;
			}
			continue;
		}
		if (!in_table) {
			if ((p = strstr(line, "local router ID is ")) != NULL)
				sscanf(p + 19, "%63[^, ]", w->b.r->router_id);
			if ((p = strstr(line, "local AS ")) != NULL) {
				char asn[32];

				if (sscanf(p + 9, "%31s", asn) == 1 &&
				    bgp_asn_parse(asn, &w->b.r->local_as) == 0)
					w->b.r->have_local_as = 1;
			}
			if (strncmp(line, "No such neighbor", 16) == 0 ||
			    strncmp(line, "% No such neighbor", 18) == 0) {
				/* Quagga's refusal, the same as FRR's JSON
				 * warning object. */
				snprintf(w->b.r->warning, sizeof(w->b.r->warning), "%s",
					 line[0] == '%' ? line + 2 : line);
				done = 1;
				continue;
			}
			if (header_cols(line, &w->c) == 0) {
				in_table = 1;
				continue;
			}
			if (strncmp(line, "Total number of prefixes", 24) == 0 ||
			    strncmp(line, "BGP neighbor is", 15) == 0 ||
			    strncmp(line, "BGP router identifier", 21) == 0 ||
			    strncmp(line, "Displayed ", 10) == 0) {
				snprintf(err, errlen,
					 "line %u: expected a route table "
					 "(Network Next Hop ... Path header)",
					 l.no);
				goto fail;
			}
			continue;
		}
		if (blank(line)) {
			if (w->wrap != WRAP_NONE)
				goto wrap_alone;
			continue;
		}
		if (sscanf(line, "Total number of prefixes %" SCNu64, &total) == 1 ||
		    sscanf(line, "Displayed %" SCNu64 " routes and %" SCNu64, &total, &paths) ==
			2) {
			if (w->wrap != WRAP_NONE)
				goto wrap_alone;
			if (total != nprefixes) {
				snprintf(err, errlen,
					 "line %u: the router counts %" PRIu64
					 " prefixes, the table has %zu "
					 "(truncated or damaged answer?)",
					 l.no, total, nprefixes);
				goto fail;
			}
			done = 1;
			continue;
		}
		k = table_row(w, line, l.no, err, errlen);
		if (k < 0)
			goto fail;
		nprefixes += (size_t)k;
	}
	if (w->wrap != WRAP_NONE)
		goto wrap_alone;
	if (in_table && !done) {
		snprintf(err, errlen,
			 "no \"Total number of prefixes\" line after the table "
			 "(truncated answer?)");
		goto fail;
	}
	if (!in_table && !done) {
		/* An empty answer never gets here (bgp_parse_routes refuses
		 * it); text without a table is not this command's answer. */
		snprintf(err, errlen,
			 "expected advertised routes (a Network ... Path table), got other text");
		goto fail;
	}
	*out = w->b.r;
	free(w);
	return 0;
wrap_alone:
	snprintf(err, errlen, "line %u: the row of %s is cut short", w->wrap_no, w->prefix);
fail:
	bgp_routes_free(w->b.r);
	free(w);
	return -1;
}
