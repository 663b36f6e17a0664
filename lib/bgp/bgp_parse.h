/* SPDX-License-Identifier: ISC */
/*
 * Format detection and dispatch (lib/bgp/bgp_parse.c), above the FRR JSON
 * and the Quagga/FRR text parsers.
 */
#ifndef VHA_BGP_PARSE_H
#define VHA_BGP_PARSE_H

#include <stddef.h>

#include "bgp/bgp_types.h"

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

/*
 * One answer of the router, classified once: the query (or a test) hands
 * the bytes over with bgp_answer_take and the parse functions read the
 * format from here instead of detecting it again.
 */
struct bgp_answer {
	char *buf; /* heap, owned: bgp_answer_free releases it */
	size_t len;
	enum bgp_format fmt;
	char msg[200]; /* UNKNOWN_COMMAND, VTYSH_ERROR: the router's words */
};

/* Take ownership of buf (heap, len bytes, NULL when len is 0) and
 * classify it.  Never fails. */
void bgp_answer_take(struct bgp_answer *a, char *buf, size_t len);
/* Free the bytes; a is empty afterwards.  Safe on an empty answer. */
void bgp_answer_free(struct bgp_answer *a);

/* Call the parser the answer's format names; -1 with err for an answer
 * that is no summary (empty, binary, a router's complaint).  *out is
 * freed by the caller with bgp_summary_free. */
int bgp_parse_summary(const struct bgp_answer *a, struct bgp_summary **out, char *err,
		      size_t errlen);
/* The same for advertised routes.  An empty answer is an error for both
 * ("empty answer: ..."); a table without rows is zero routes. */
int bgp_parse_routes(const struct bgp_answer *a, struct bgp_routes **out, char *err, size_t errlen);

#endif
