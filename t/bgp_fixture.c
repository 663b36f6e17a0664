/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>
#include <string.h>

#include "bgp_fixture.h"

/* A heap copy of the bytes, classified, as the query hands it over. */
static void
answer_of(const char *buf, size_t len, struct bgp_answer *a)
{
	char *copy = malloc(len + 1);

	assert_non_null(copy);
	memcpy(copy, buf, len);
	copy[len] = '\0';
	bgp_answer_take(a, copy, len);
}

int
summary_parse(const char *buf, size_t len, struct bgp_summary **out, char *err, size_t errlen)
{
	struct bgp_answer a;
	int rc;

	answer_of(buf, len, &a);
	rc = bgp_parse_summary(&a, out, err, errlen);
	bgp_answer_free(&a);
	return rc;
}

int
routes_parse(const char *buf, size_t len, struct bgp_routes **out, char *err, size_t errlen)
{
	struct bgp_answer a;
	int rc;

	answer_of(buf, len, &a);
	rc = bgp_parse_routes(&a, out, err, errlen);
	bgp_answer_free(&a);
	return rc;
}

struct bgp_summary *
summary_ok(const char *rel)
{
	struct bgp_summary *s = NULL;
	char err[512] = "";
	size_t len;
	char *buf = fixture_load(rel, &len);

	if (summary_parse(buf, len, &s, err, sizeof(err)) != 0)
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

	assert_int_equal(summary_parse(buf, len, &s, err, sizeof(err)), -1);
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

	if (routes_parse(buf, len, &r, err, sizeof(err)) != 0)
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

	assert_int_equal(routes_parse(buf, len, &r, err, sizeof(err)), -1);
	assert_null(r);
	assert_true(err_has(err, want));
	free(buf);
}
