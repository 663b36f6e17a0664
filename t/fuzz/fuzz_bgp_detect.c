/* SPDX-License-Identifier: ISC */
/*
 * Format detection and dispatch (lib/bgp/bgp_parse.c): the path every
 * router answer takes, classified once, then parsed as a summary and as
 * advertised routes.
 */
#include "config.h"

#include "bgp/bgp_parse.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bgp_answer a;
	struct bgp_summary *s = (void *)1;
	struct bgp_routes *r = (void *)1;
	char err[512] = "", msg[200];
	int rc;

	/* The same classification with and without room for a message. */
	FUZZ_CHECK(bgp_detect_format((const char *)data, size, msg, sizeof(msg)) ==
		   bgp_detect_format((const char *)data, size, msg, 0));
	bgp_answer_take(&a, size > 0 ? fuzz_exact(data, size) : NULL, size);
	FUZZ_CHECK(strlen(bgp_format_name(a.fmt)) > 0 && memchr(a.msg, '\0', sizeof(a.msg)));
	rc = bgp_parse_summary(&a, &s, err, sizeof(err));
	FUZZ_CHECK(rc == 0 ? s != NULL : s == NULL && err[0] != '\0');
	bgp_summary_free(s);
	err[0] = '\0';
	rc = bgp_parse_routes(&a, &r, err, sizeof(err));
	FUZZ_CHECK(rc == 0 ? r != NULL : r == NULL && err[0] != '\0');
	/* Nothing but blanks is never a result (issue 10). */
	FUZZ_CHECK(a.fmt != BGP_FMT_EMPTY || rc != 0);
	bgp_routes_free(r);
	bgp_answer_free(&a);
	return 0;
}
