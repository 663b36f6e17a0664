/* SPDX-License-Identifier: ISC */
/*
 * The text tables of Quagga (VyOS 1.1) and FRR.  Bytes in, heap structs
 * out, no I/O; on failure -1 with the offending line named in err, never a
 * partial result.  The caller frees *out with bgp_summary_free /
 * bgp_routes_free.
 */
#ifndef VHA_BGP_QUAGGA_TEXT_H
#define VHA_BGP_QUAGGA_TEXT_H

#include <stddef.h>

#include "bgp/bgp_types.h"

/* `show ip bgp summary`: wrapped neighbour names, hostname(addr) names,
 * several AFI sections, "% No BGP neighbors found". */
int quagga_parse_summary_text(const char *buf, size_t len, struct bgp_summary **out, char *err,
			      size_t errlen);
/* `show ip bgp neighbors X advertised-routes`, wrapped rows too; text
 * without a route table (blanks included) is an error. */
int quagga_parse_routes_text(const char *buf, size_t len, struct bgp_routes **out, char *err,
			     size_t errlen);

#endif
