/* SPDX-License-Identifier: ISC */
/*
 * Format detection and dispatch, above both parsers: an answer is
 * classified once (bgp_answer_take) and the parse functions hand it to the
 * FRR JSON or the Quagga/FRR text parser by that classification.
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bgp/bgp_parse.h"
#include "bgp/frr_json.h"
#include "bgp/quagga_text.h"

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

void
bgp_answer_take(struct bgp_answer *a, char *buf, size_t len)
{
	a->buf = buf;
	a->len = buf != NULL ? len : 0;
	a->fmt = bgp_detect_format(a->buf, a->len, a->msg, sizeof(a->msg));
}

void
bgp_answer_free(struct bgp_answer *a)
{
	free(a->buf);
	a->buf = NULL;
	a->len = 0;
	a->fmt = BGP_FMT_EMPTY;
	a->msg[0] = '\0';
}

/*
 * Nothing but blanks is no evidence of anything: a vtysh that died, a cut
 * connection and Quagga's text form with nothing advertised all look like
 * this, so every parser-based plugin says UNKNOWN in these same words.
 * (A router that answers with an empty table says so in its answer.)
 */
static void
empty_answer(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "empty answer: expected %s (JSON or text)", what);
}

int
bgp_parse_summary(const struct bgp_answer *a, struct bgp_summary **out, char *err, size_t errlen)
{
	*out = NULL;
	switch (a->fmt) {
	case BGP_FMT_JSON:
		return frr_parse_summary_json(a->buf, a->len, out, err, errlen);
	case BGP_FMT_TEXT:
		return quagga_parse_summary_text(a->buf, a->len, out, err, errlen);
	case BGP_FMT_EMPTY:
		empty_answer(err, errlen, "a BGP summary");
		return -1;
	case BGP_FMT_VTYSH_ERROR:
		/* "% No BGP neighbors found [in VRF x]" is an answer. */
		if (strstr(a->msg, "No BGP neighbors found") != NULL)
			return quagga_parse_summary_text(a->buf, a->len, out, err, errlen);
		/* FALLTHROUGH */
	case BGP_FMT_UNKNOWN_COMMAND:
		snprintf(err, errlen, "the router says: %s", a->msg);
		return -1;
	case BGP_FMT_BINARY:
		break;
	}
	snprintf(err, errlen, "binary data: expected a BGP summary (JSON or text)");
	return -1;
}

int
bgp_parse_routes(const struct bgp_answer *a, struct bgp_routes **out, char *err, size_t errlen)
{
	*out = NULL;
	switch (a->fmt) {
	case BGP_FMT_JSON:
		return frr_parse_routes_json(a->buf, a->len, out, err, errlen);
	case BGP_FMT_TEXT:
		return quagga_parse_routes_text(a->buf, a->len, out, err, errlen);
	case BGP_FMT_EMPTY:
		empty_answer(err, errlen, "advertised routes");
		return -1;
	case BGP_FMT_UNKNOWN_COMMAND:
	case BGP_FMT_VTYSH_ERROR:
		snprintf(err, errlen, "the router says: %s", a->msg);
		return -1;
	case BGP_FMT_BINARY:
		break;
	}
	snprintf(err, errlen, "binary data: expected advertised routes (JSON or text)");
	return -1;
}
