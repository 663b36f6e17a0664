/* SPDX-License-Identifier: ISC */
/* CIDR validation of command-line arguments. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <cmocka.h>

#include "core/netaddr.h"

static void
ok(const char *in, const char *canon, int family)
{
	struct cidr c;
	char err[128];

	if (cidr_parse(in, &c, err, sizeof(err)) != 0)
		fail_msg("%s: %s", in, err);
	assert_string_equal(c.text, canon);
	assert_int_equal(c.family, family);
}

static void
bad(const char *in, const char *needle)
{
	struct cidr c;
	char err[128] = "";

	assert_int_equal(cidr_parse(in, &c, err, sizeof(err)), -1);
	if (strstr(err, needle) == NULL)
		fail_msg("%s: '%s' lacks '%s'", in, err, needle);
}

static void
test_cidr_ok(void **state)
{
	ok("10.0.0.0/16", "10.0.0.0/16", AF_INET);
	ok("0.0.0.0/0", "0.0.0.0/0", AF_INET);
	ok("172.31.16.0/20", "172.31.16.0/20", AF_INET);
	ok("192.0.2.1/32", "192.0.2.1/32", AF_INET);
	ok("2001:DB8:0:0::/56", "2001:db8::/56", AF_INET6);
	ok("2600:1f18:abcd:ef00::/56", "2600:1f18:abcd:ef00::/56", AF_INET6);
	ok("::/0", "::/0", AF_INET6);
}

static void
test_cidr_bad(void **state)
{
	bad("10.0.0.0", "not a CIDR block");
	bad("10.0.0.1/16", "host bits set");
	bad("10.0.128.0/17x", "not a valid");
	bad("10.0.0.0/33", "not a valid");
	bad("10.0.0.0/", "not a valid");
	bad("10.0.0.0/-1", "not a valid");
	bad("/16", "not a valid");
	bad("10.0.0/16", "not a valid");
	bad("2001:db8::1/64", "host bits set");
	bad("2001:db8::/129", "not a valid");
	bad("banana/8", "not a valid");
	bad("", "not a CIDR block");
	bad(NULL, "not a CIDR block");
}

/* Quagga's bare classful networks, and only where asked for. */
static void
test_cidr_classful(void **state)
{
	static const struct {
		const char *in, *text;
	} ok_cases[] = {
		{ "10.0.0.0", "10.0.0.0/8" },
		{ "172.16.0.0", "172.16.0.0/16" },
		{ "192.168.1.0", "192.168.1.0/24" },
		{ "10.1.0.0/16", "10.1.0.0/16" },
	};
	static const char *bad_cases[] = { "224.0.0.0", "10.0.0.1", "2001:db8::",
					   "192.168.1.0/33" };
	struct cidr c;
	char err[128];

	for (size_t i = 0; i < sizeof(ok_cases) / sizeof(*ok_cases); i++) {
		assert_int_equal(cidr_parse_flags(ok_cases[i].in, CIDR_CLASSFUL, &c,
						  err, sizeof(err)), 0);
		assert_string_equal(c.text, ok_cases[i].text);
	}
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(*bad_cases); i++)
		assert_int_equal(cidr_parse_flags(bad_cases[i], CIDR_CLASSFUL, &c,
						  err, sizeof(err)), -1);
	assert_int_equal(cidr_parse("10.0.0.0", &c, err, sizeof(err)), -1);
}

static void
test_cidr_equal(void **state)
{
	struct cidr a, b;
	char err[64];

	assert_int_equal(cidr_parse("2001:db8::/32", &a, err, sizeof(err)), 0);
	assert_int_equal(cidr_parse("2001:0db8:0::/32", &b, err, sizeof(err)), 0);
	assert_true(cidr_equal(&a, &b));
	assert_int_equal(cidr_parse("2001:db8::/33", &b, err, sizeof(err)), 0);
	assert_false(cidr_equal(&a, &b));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cidr_ok),
		cmocka_unit_test(test_cidr_bad),
		cmocka_unit_test(test_cidr_classful),
		cmocka_unit_test(test_cidr_equal),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
