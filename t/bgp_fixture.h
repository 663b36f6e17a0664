/* SPDX-License-Identifier: ISC */
/* Test support for the BGP parser tests: parse a fixture, expecting success
 * (the result, which the caller frees) or failure with a given reason. */
#ifndef VHA_T_BGP_FIXTURE_H
#define VHA_T_BGP_FIXTURE_H

#include "bgp/bgp_parse.h"
#include "fixture.h"

/* Parse len bytes at buf (any memory) as the query's answer would be. */
int summary_parse(const char *buf, size_t len, struct bgp_summary **out, char *err, size_t errlen);
int routes_parse(const char *buf, size_t len, struct bgp_routes **out, char *err, size_t errlen);
struct bgp_summary *summary_ok(const char *rel);
void summary_fails(const char *rel, const char *want);
struct bgp_routes *routes_ok(const char *rel);
void routes_fail(const char *rel, const char *want);

#endif
