/*
 * Asking the router (lib/bgp/bgp_query.c): vtysh over a transport, JSON
 * first and the text command where vtysh does not know the JSON form.
 */
#ifndef VHA_BGP_QUERY_H
#define VHA_BGP_QUERY_H

#include <stddef.h>

#include "bgp/bgp_parse.h"

struct transport;

/*
 * Run json_cmd; when the router answers "% Unknown command" run text_cmd
 * (may be NULL: then that is the error).  vtysh failures (exit status,
 * stderr, messages) become -1 with the reason.  On success *out holds the
 * answer (heap), *fmt its format.
 */
int bgp_query(struct transport *t, const char *json_cmd, const char *text_cmd, char **out,
	      size_t *outlen, enum bgp_format *fmt, char *err, size_t errlen);

/* Characters allowed in a VRF name we put into a command. */
int bgp_vrf_name_valid(const char *name);

#endif
