/* SPDX-License-Identifier: ISC */
/*
 * FRR's JSON answers, FRR 7 to 10 (json-c).  Bytes in, heap structs out, no
 * I/O; on failure -1 with what was expected and where in err, never a
 * partial result.  The caller frees *out with bgp_summary_free /
 * bgp_routes_free.
 */
#ifndef VHA_BGP_FRR_JSON_H
#define VHA_BGP_FRR_JSON_H

#include <stddef.h>

#include "bgp/bgp_types.h"

/*
 * `show [ip] bgp [vrf X] [ipv4|ipv6 [unicast]] summary json` (one key per
 * address family), `show bgp vrf all summary json` (VRF level above), and
 * the flat pre-7 form.  FRR 7 to 10 key differences handled.
 */
int frr_parse_summary_json(const char *buf, size_t len, struct bgp_summary **out, char *err,
			   size_t errlen);
/* `show ... neighbors X advertised-routes json` of FRR 7 to 10. */
int frr_parse_routes_json(const char *buf, size_t len, struct bgp_routes **out, char *err,
			  size_t errlen);

#endif
