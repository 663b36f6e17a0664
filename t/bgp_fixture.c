#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "bgp_fixture.h"

struct bgp_summary *
summary_ok(const char *rel)
{
	struct bgp_summary *s = NULL;
	char err[512] = "";
	size_t len;
	char *buf = fixture_load(rel, &len);

	if (bgp_parse_summary(buf, len, &s, err, sizeof(err)) != 0)
		fprintf(stderr, "%s: %s\n", rel, err);
	free(buf);
	assert_non_null(s);
	return s;
}

void
summary_fails(const char *rel, const char *want)
{
	struct bgp_summary *s = NULL;
	char err[512] = "";
	size_t len;
	char *buf = fixture_load(rel, &len);

	assert_int_equal(bgp_parse_summary(buf, len, &s, err, sizeof(err)), -1);
	assert_null(s);
	assert_true(err_has(err, want));
	free(buf);
}

struct bgp_routes *
routes_ok(const char *rel)
{
	struct bgp_routes *r = NULL;
	char err[512] = "";
	size_t len;
	char *buf = fixture_load(rel, &len);

	if (bgp_parse_routes(buf, len, &r, err, sizeof(err)) != 0)
		fprintf(stderr, "%s: %s\n", rel, err);
	free(buf);
	assert_non_null(r);
	return r;
}

void
routes_fail(const char *rel, const char *want)
{
	struct bgp_routes *r = NULL;
	char err[512] = "";
	size_t len;
	char *buf = fixture_load(rel, &len);

	assert_int_equal(bgp_parse_routes(buf, len, &r, err, sizeof(err)), -1);
	assert_null(r);
	assert_true(err_has(err, want));
	free(buf);
}
