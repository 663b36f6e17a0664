/*
 * Pieces every BGP parser shares: format detection, state words, uptimes,
 * ASNs, prefixes and AS paths.  No I/O.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "bgp/bgp.h"

const char *
bgp_format_name(enum bgp_format f)
{
	switch (f) {
	case BGP_FMT_EMPTY:
		return "empty";
	case BGP_FMT_JSON:
		return "JSON";
	case BGP_FMT_TEXT:
		return "text";
	case BGP_FMT_UNKNOWN_COMMAND:
		return "unknown command";
	case BGP_FMT_VTYSH_ERROR:
		return "vtysh error";
	case BGP_FMT_BINARY:
		return "binary";
	}
	return "?";
}

/* Copy the first line of s (at most n bytes) into msg, trimmed. */
static void
first_line(const char *s, size_t n, char *msg, size_t msglen)
{
	size_t i = 0, o = 0;

	if (msglen == 0)
		return;
	while (i < n && (s[i] == ' ' || s[i] == '\t'))
		i++;
	for (; i < n && s[i] != '\n' && s[i] != '\r' && o + 1 < msglen; i++)
		msg[o++] = s[i];
	while (o > 0 && (msg[o - 1] == ' ' || msg[o - 1] == '\t'))
		o--;
	msg[o] = '\0';
}

/* 1 when the n bytes at s begin with word (s need not be NUL-terminated). */
static int
starts_with(const char *s, size_t n, const char *word)
{
	size_t w = strlen(word);

	return n >= w && memcmp(s, word, w) == 0;
}

enum bgp_format
bgp_detect_format(const char *buf, size_t len, char *msg, size_t msglen)
{
	size_t i = 0, j;

	if (msglen > 0)
		msg[0] = '\0';
	for (j = 0; j < len; j++) {
		unsigned char c = (unsigned char)buf[j];

		if (c == 0 || (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f'))
			return BGP_FMT_BINARY;
	}
	while (i < len && isspace((unsigned char)buf[i]))
		i++;
	if (i == len)
		return BGP_FMT_EMPTY;
	if (buf[i] == '{')
		return BGP_FMT_JSON;
	if (buf[i] == '%') {
		/* "% Unknown command: x" (FRR), "% [BGP] Unknown command: x"
		 * (Quagga with json), "% Unknown command." (old vtysh). */
		const char *end = memchr(buf + i, '\n', len - i);
		size_t n = end ? (size_t)(end - (buf + i)) : len - i;
		const char *p = buf + i + 1;

		while (p < buf + i + n && *p == ' ')
			p++;
		first_line(p, (size_t)(buf + i + n - p), msg, msglen);
		for (const char *q = buf + i; q + 15 <= buf + i + n; q++)
			if (strncmp(q, "Unknown command", 15) == 0)
				return BGP_FMT_UNKNOWN_COMMAND;
		return BGP_FMT_VTYSH_ERROR;
	}
	/* vtysh's own complaints when it cannot reach the daemons. */
	if (starts_with(buf + i, len - i, "Exiting:") ||
	    starts_with(buf + i, len - i, "bgpd is not running")) {
		first_line(buf + i, len - i, msg, msglen);
		return BGP_FMT_VTYSH_ERROR;
	}
	return BGP_FMT_TEXT;
}

const char *
bgp_state_name(enum bgp_state s)
{
	switch (s) {
	case BGP_STATE_IDLE:
		return "Idle";
	case BGP_STATE_CONNECT:
		return "Connect";
	case BGP_STATE_ACTIVE:
		return "Active";
	case BGP_STATE_OPENSENT:
		return "OpenSent";
	case BGP_STATE_OPENCONFIRM:
		return "OpenConfirm";
	case BGP_STATE_ESTABLISHED:
		return "Established";
	case BGP_STATE_CLEARING:
		return "Clearing";
	case BGP_STATE_DELETED:
		return "Deleted";
	case BGP_STATE_UNKNOWN:
		break;
	}
	return "unknown";
}

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

/* ---- prefixes -------------------------------------------------------- */

int
bgp_prefix_parse(const char *text, int classful_ok, struct bgp_prefix *out, char *err,
		 size_t errlen)
{
	char addr[64];
	const char *slash = strchr(text, '/');
	size_t alen = slash ? (size_t)(slash - text) : strlen(text);
	unsigned long len;
	unsigned maxlen;
	char *end;

	memset(out, 0, sizeof(*out));
	if (alen == 0 || alen >= sizeof(addr)) {
		snprintf(err, errlen, "'%.64s' is not a prefix", text);
		return -1;
	}
	memcpy(addr, text, alen);
	addr[alen] = '\0';
	if (inet_pton(AF_INET, addr, out->addr) == 1) {
		out->family = AF_INET;
		maxlen = 32;
	} else if (inet_pton(AF_INET6, addr, out->addr) == 1) {
		out->family = AF_INET6;
		maxlen = 128;
	} else {
		snprintf(err, errlen, "'%.64s' is not an IPv4 or IPv6 prefix", text);
		return -1;
	}
	if (slash != NULL) {
		if (!isdigit((unsigned char)slash[1])) {
			snprintf(err, errlen, "'%.64s': bad prefix length", text);
			return -1;
		}
		errno = 0;
		len = strtoul(slash + 1, &end, 10);
		if (errno != 0 || *end != '\0' || len > maxlen) {
			snprintf(err, errlen, "'%.64s': bad prefix length", text);
			return -1;
		}
	} else if (classful_ok && out->family == AF_INET) {
		/* Quagga omits "/len" when it equals the classful mask. */
		if (out->addr[0] < 128)
			len = 8;
		else if (out->addr[0] < 192)
			len = 16;
		else if (out->addr[0] < 224)
			len = 24;
		else {
			snprintf(err, errlen, "'%.64s' has no prefix length", text);
			return -1;
		}
	} else {
		snprintf(err, errlen, "'%.64s' has no prefix length", text);
		return -1;
	}
	out->len = (unsigned)len;
	for (unsigned bit = out->len; bit < maxlen; bit++) {
		if (out->addr[bit / 8] & (0x80 >> (bit % 8))) {
			snprintf(err, errlen, "'%.64s' has host bits set after /%u", text,
				 out->len);
			return -1;
		}
	}
	return 0;
}

int
bgp_prefix_equal(const struct bgp_prefix *a, const struct bgp_prefix *b)
{
	return a->family == b->family && a->len == b->len &&
	       memcmp(a->addr, b->addr, a->family == AF_INET ? 4 : 16) == 0;
}

void
bgp_prefix_format(const struct bgp_prefix *p, char *buf, size_t len)
{
	char a[INET6_ADDRSTRLEN];

	if (inet_ntop(p->family, p->addr, a, sizeof(a)) == NULL)
		snprintf(a, sizeof(a), "?");
	snprintf(buf, len, "%s/%u", a, p->len);
}

const char *
bgp_origin_name(enum bgp_origin o)
{
	switch (o) {
	case BGP_ORIGIN_IGP:
		return "IGP";
	case BGP_ORIGIN_EGP:
		return "EGP";
	case BGP_ORIGIN_INCOMPLETE:
		return "incomplete";
	case BGP_ORIGIN_UNKNOWN:
		break;
	}
	return "unknown";
}

/* ---- AS paths -------------------------------------------------------- */

int
bgp_path_parse(const char *text, struct bgp_path *path, char *err, size_t errlen)
{
	const char *p = text;
	size_t cap = 0, n = 0;
	struct bgp_path_elem *e = NULL, *ne;
	int seg = BGP_SEG_SEQUENCE, start = 1;
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
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			ne = realloc(e, cap * sizeof(*e));
			if (ne == NULL) {
				snprintf(err, errlen, "out of memory");
				goto fail;
			}
			e = ne;
		}
		e[n].asn = (uint32_t)v;
		e[n].seg = (uint8_t)seg;
		e[n].seg_start = (uint8_t)start;
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

int
bgp_parse_summary(const char *buf, size_t len, struct bgp_summary **out, char *err, size_t errlen)
{
	char msg[200];

	*out = NULL;
	switch (bgp_detect_format(buf, len, msg, sizeof(msg))) {
	case BGP_FMT_JSON:
		return frr_parse_summary_json(buf, len, out, err, errlen);
	case BGP_FMT_TEXT:
		return bgp_parse_summary_text(buf, len, out, err, errlen);
	case BGP_FMT_EMPTY:
		snprintf(err, errlen, "empty answer: expected a BGP summary (JSON or text)");
		return -1;
	case BGP_FMT_VTYSH_ERROR:
		/* "% No BGP neighbors found [in VRF x]" is an answer. */
		if (strstr(msg, "No BGP neighbors found") != NULL)
			return bgp_parse_summary_text(buf, len, out, err, errlen);
		/* FALLTHROUGH */
	case BGP_FMT_UNKNOWN_COMMAND:
		snprintf(err, errlen, "the router says: %s", msg);
		return -1;
	case BGP_FMT_BINARY:
		break;
	}
	snprintf(err, errlen, "binary data: expected a BGP summary (JSON or text)");
	return -1;
}

int
bgp_parse_routes(const char *buf, size_t len, struct bgp_routes **out, char *err, size_t errlen)
{
	char msg[200];

	*out = NULL;
	switch (bgp_detect_format(buf, len, msg, sizeof(msg))) {
	case BGP_FMT_JSON:
		return frr_parse_routes_json(buf, len, out, err, errlen);
	case BGP_FMT_TEXT:
	case BGP_FMT_EMPTY:
		/* Quagga and FRR print nothing at all when nothing is
		 * advertised; the text parser turns that into zero routes. */
		return bgp_parse_routes_text(buf, len, out, err, errlen);
	case BGP_FMT_UNKNOWN_COMMAND:
	case BGP_FMT_VTYSH_ERROR:
		snprintf(err, errlen, "the router says: %s", msg);
		return -1;
	case BGP_FMT_BINARY:
		break;
	}
	snprintf(err, errlen, "binary data: expected advertised routes (JSON or text)");
	return -1;
}

int
bgp_vrf_name_valid(const char *name)
{
	size_t n = 0;

	if (name == NULL || *name == '\0')
		return 0;
	for (; name[n] != '\0'; n++)
		if (!isalnum((unsigned char)name[n]) && name[n] != '_' && name[n] != '.' &&
		    name[n] != '-')
			return 0;
	/* A leading '-' would read as an option somewhere down the line. */
	return n <= 36 && name[0] != '-';
}
