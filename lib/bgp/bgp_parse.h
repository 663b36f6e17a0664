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

/* Detect the format and call one of the two parsers; -1 with err. */
int bgp_parse_summary(const char *buf, size_t len, struct bgp_summary **out, char *err,
		      size_t errlen);
/* The same for advertised routes (empty text: no routes). */
int bgp_parse_routes(const char *buf, size_t len, struct bgp_routes **out, char *err,
		     size_t errlen);

#endif
