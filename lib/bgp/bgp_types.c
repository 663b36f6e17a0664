/* SPDX-License-Identifier: ISC */
/*
 * The bottom of lib/bgp: what every parser and evaluation shares, below
 * them all (state words, uptimes, ASNs, prefixes, AS paths, releasing the
 * parsed structs).  No I/O; calls nothing else in lib/bgp.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp/bgp_types.h"
#include "core/array.h"

const char *
bgp_afi_name(enum bgp_afi a)
{
	switch (a) {
	case BGP_AFI_IPV4:
		return "ipv4";
	case BGP_AFI_IPV6:
		return "ipv6";
	case BGP_AFI_OTHER:
		return "other";
	case BGP_AFI_UNSPEC:
		break;
	}
	return "unspecified";
}

enum bgp_state
bgp_state_parse(const char *text, int *admin)
{
	static const struct {
		const char *word;
		enum bgp_state state;
	} words[] = {
	    {"Idle", BGP_STATE_IDLE},
	    {"Connect", BGP_STATE_CONNECT},
	    {"Active", BGP_STATE_ACTIVE},
	    {"OpenSent", BGP_STATE_OPENSENT},
	    {"OpenConfirm", BGP_STATE_OPENCONFIRM},
	    {"Established", BGP_STATE_ESTABLISHED},
	    {"Clearing", BGP_STATE_CLEARING},
	    {"Deleted", BGP_STATE_DELETED},
	};
	size_t n;

	if (admin != NULL)
		*admin = 0;
	if (text == NULL)
		return BGP_STATE_UNKNOWN;
	/* "(Admin)" is FRR's and Quagga's mark of `neighbor X shutdown`. */
	if (admin != NULL && strstr(text, "(Admin)") != NULL)
		*admin = 1;
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		n = strlen(words[i].word);
		if (strncmp(text, words[i].word, n) == 0 && (text[n] == '\0' || text[n] == ' '))
			return words[i].state;
	}
	return BGP_STATE_UNKNOWN;
}

/* Read digits at *p into *v; advance.  -1 when there are none. */
static int
take_num(const char **p, uint64_t *v)
{
	const char *s = *p;
	uint64_t x = 0;

	if (!isdigit((unsigned char)*s))
		return -1;
	while (isdigit((unsigned char)*s)) {
		if (x > UINT64_MAX / 10 - 10)
			return -1;
		x = x * 10 + (uint64_t)(*s - '0');
		s++;
	}
	*p = s;
	*v = x;
	return 0;
}

int
bgp_uptime_parse(const char *text, uint64_t *secs)
{
	const char *p = text;
	uint64_t a, b, c;

	if (strcmp(text, "never") == 0) {
		*secs = 0;
		return 0;
	}
	if (take_num(&p, &a) != 0)
		return -1;
	if (*p == ':') {
		/* hh:mm:ss */
		p++;
		if (take_num(&p, &b) != 0 || *p++ != ':' || take_num(&p, &c) != 0 || *p != '\0' ||
		    b > 59 || c > 59)
			return -1;
		*secs = a * 3600 + b * 60 + c;
		return 0;
	}
	/* FRR/Quagga peer_uptime(): "%dd%02dh%02dm", "%02dw%dd%02dh",
	 * "%02dy%02dw%dd": three fields, units in that order. */
	{
		static const struct {
			char u[3];
			uint64_t mul[3];
		} forms[] = {
		    {{'d', 'h', 'm'}, {86400, 3600, 60}},
		    {{'w', 'd', 'h'}, {604800, 86400, 3600}},
		    {{'y', 'w', 'd'}, {31536000, 604800, 86400}},
		};
		for (size_t f = 0; f < 3; f++) {
			const char *q = p;
			uint64_t v[3];

			if (*q != forms[f].u[0])
				continue;
			v[0] = a;
			q++;
			if (take_num(&q, &v[1]) != 0 || *q++ != forms[f].u[1] ||
			    take_num(&q, &v[2]) != 0 || *q++ != forms[f].u[2] || *q != '\0')
				return -1;
			*secs = v[0] * forms[f].mul[0] + v[1] * forms[f].mul[1] +
				v[2] * forms[f].mul[2];
			return 0;
		}
	}
	return -1;
}

int
bgp_asn_parse(const char *text, uint32_t *asn)
{
	const char *p = text;
	uint64_t a, b;

	if (take_num(&p, &a) != 0)
		return -1;
	if (*p == '\0') {
		if (a > UINT32_MAX)
			return -1;
		*asn = (uint32_t)a;
		return 0;
	}
	/* asdot "1.10" (FRR 9 `as-notation dot`) */
	if (*p++ != '.' || take_num(&p, &b) != 0 || *p != '\0' || a > 65535 || b > 65535)
		return -1;
	*asn = (uint32_t)(a << 16 | b);
	return 0;
}

/* ---- AS paths -------------------------------------------------------- */

int
bgp_path_parse(const char *text, struct bgp_path *path, char *err, size_t errlen)
{
	const char *p = text;
	size_t cap = 0, n = 0;
	struct bgp_path_elem *e = NULL, *ne;
	enum bgp_seg seg = BGP_SEG_SEQUENCE;
	int start = 1;
	char close = '\0';
	uint64_t v;

	path->n = 0;
	path->elems = NULL;
	for (;;) {
		while (*p == ' ' || *p == ',')
			p++;
		if (*p == '\0')
			break;
		if (close == '\0' && (*p == '{' || *p == '(' || *p == '[')) {
			seg = *p == '{'	  ? BGP_SEG_SET
			      : *p == '(' ? BGP_SEG_CONFED_SEQUENCE
					  : BGP_SEG_CONFED_SET;
			close = *p == '{' ? '}' : *p == '(' ? ')' : ']';
			start = 1;
			p++;
			continue;
		}
		if (close != '\0' && *p == close) {
			close = '\0';
			seg = BGP_SEG_SEQUENCE;
			start = 1;
			p++;
			continue;
		}
		if (!isdigit((unsigned char)*p)) {
			snprintf(err, errlen, "AS path '%.80s': unexpected '%c'", text, *p);
			goto fail;
		}
		{
			char tok[24];
			size_t k = 0;
			uint32_t asn;

			while ((isdigit((unsigned char)*p) || *p == '.') && k + 1 < sizeof(tok))
				tok[k++] = *p++;
			tok[k] = '\0';
			if (bgp_asn_parse(tok, &asn) != 0 ||
			    (*p != '\0' && *p != ' ' && *p != ',' && *p != close)) {
				snprintf(err, errlen, "AS path '%.80s': '%s' is not an ASN", text,
					 tok);
				goto fail;
			}
			v = asn;
		}
		if ((ne = array_grow(e, &cap, n, sizeof(*e))) == NULL) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
		e = ne;
		e[n].asn = (uint32_t)v;
		e[n].seg = seg;
		e[n].seg_start = start;
		/* In a sequence each ASN is its own step; sets group. */
		start = seg == BGP_SEG_SEQUENCE;
		n++;
	}
	if (close != '\0') {
		snprintf(err, errlen, "AS path '%.80s': '%c' is not closed", text, close);
		goto fail;
	}
	path->n = n;
	path->elems = e;
	return 0;
fail:
	free(e);
	return -1;
}

void
bgp_path_format(const struct bgp_path *path, char *buf, size_t len)
{
	size_t o = 0;
	int open = 0;
	char close = '\0';

	if (len == 0)
		return;
	buf[0] = '\0';
	if (path->n == 0) {
		snprintf(buf, len, "(empty)");
		return;
	}
	for (size_t i = 0; i < path->n && o + 1 < len; i++) {
		const struct bgp_path_elem *e = &path->elems[i];
		int n;
		const char *sep = "";

		if (open && (e->seg_start || e->seg == BGP_SEG_SEQUENCE)) {
			n = snprintf(buf + o, len - o, "%c", close);
			o += n > 0 ? (size_t)n : 0;
			open = 0;
		}
		if (o >= len)
			break;
		if (i > 0)
			sep = open ? (e->seg == BGP_SEG_SET || e->seg == BGP_SEG_CONFED_SET ? ","
											    : " ")
				   : " ";
		if (!open && e->seg != BGP_SEG_SEQUENCE) {
			char o2 = e->seg == BGP_SEG_SET		      ? '{'
				  : e->seg == BGP_SEG_CONFED_SEQUENCE ? '('
								      : '[';
			close = e->seg == BGP_SEG_SET		    ? '}'
				: e->seg == BGP_SEG_CONFED_SEQUENCE ? ')'
								    : ']';
			n = snprintf(buf + o, len - o, "%s%c%u", sep, o2, e->asn);
			open = 1;
		} else {
			n = snprintf(buf + o, len - o, "%s%u", sep, e->asn);
		}
		o += n > 0 ? (size_t)n : 0;
	}
	if (open && o + 1 < len)
		snprintf(buf + o, len - o, "%c", close);
}

void
bgp_summary_free(struct bgp_summary *s)
{
	if (s == NULL)
		return;
	free(s->peers);
	free(s);
}

void
bgp_routes_free(struct bgp_routes *r)
{
	if (r == NULL)
		return;
	for (size_t i = 0; i < r->n; i++)
		free(r->routes[i].path.elems);
	free(r->routes);
	free(r);
}
