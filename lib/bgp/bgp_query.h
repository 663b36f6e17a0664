/* SPDX-License-Identifier: ISC */
/*
 * Asking the router (lib/bgp/bgp_query.c): vtysh over a transport, JSON
 * first and the text command where vtysh does not know the JSON form.
 */
#ifndef VHA_BGP_QUERY_H
#define VHA_BGP_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "bgp/bgp_parse.h"

struct transport;

/*
 * Each function runs the JSON form of its command; when the router answers
 * "% Unknown command" it runs the text form where there is one (Quagga has
 * no VRFs: with vrf there is none).  vtysh failures (exit status, stderr,
 * messages) become -1 with the reason in err.  On success *a holds the
 * classified answer; the caller frees it with bgp_answer_free.  A file
 * transport (--input) returns its saved answer whatever the command.
 */

/* The neighbour summary of afi (UNSPEC: ipv4) in vrf (NULL: default). */
int bgp_query_summary(struct transport *t, enum bgp_afi afi, const char *vrf, struct bgp_answer *a,
		      char *err, size_t errlen);
/* The routes advertised to neighbour addr (NULL only for a file
 * transport); afi UNSPEC: the family of addr. */
int bgp_query_routes(struct transport *t, enum bgp_afi afi, const char *vrf, const char *addr,
		     struct bgp_answer *a, char *err, size_t errlen);
/* The local AS from the summary, for Quagga's advertised-routes that do
 * not name it.  0, or -1 with err. */
int bgp_query_local_as(struct transport *t, enum bgp_afi afi, uint32_t *asn, char *err,
		       size_t errlen);

/* Characters allowed in a VRF name we put into a command. */
int bgp_vrf_name_valid(const char *name);

#endif
