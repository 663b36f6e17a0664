/* SPDX-License-Identifier: ISC */
/* The state dir: lock, and the record of the last switch on disk. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/clock.h"
#include "failover/record.h"

#define P "eni-0aaaaaaaaaaaaaaa1"
#define S "eni-0bbbbbbbbbbbbbbb2"

static char dir[64];

static int
setup(void **state)
{
	snprintf(dir, sizeof(dir), "/tmp/vha-record-XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

static void
test_round_trip(void **state)
{
	struct record_store s;
	struct switch_record r = { SWITCH_FAILOVER, 1700000000, 42 }, back;
	char err[256], sub[128], text[256];
	FILE *f;
	size_t n;

	snprintf(sub, sizeof(sub), "%s/state", dir);
	assert_int_equal(record_store_init(&s, sub, P, S, err, sizeof(err)), 0);
	assert_int_equal(record_lock(&s, clock_now_ms(), err, sizeof(err)), 0);
	assert_int_equal(record_read(&s, &back), 0);
	assert_int_equal(back.last, SWITCH_NONE);
	assert_int_equal(back.generation, 0);
	assert_int_equal(record_write(&s, &r), 0);
	assert_int_equal(record_read(&s, &back), 0);
	assert_int_equal(back.last, SWITCH_FAILOVER);
	assert_int_equal(back.last_time, 1700000000);
	assert_int_equal(back.generation, 42);
	/* the format other versions read */
	assert_non_null(f = fopen(s.state_path, "r"));
	n = fread(text, 1, sizeof(text) - 1, f);
	text[n] = '\0';
	fclose(f);
	assert_string_equal(text, "last_action=failover\n"
				  "last_action_time=1700000000\n"
				  "generation=42\n");
	assert_non_null(strstr(s.state_path, "/route-failover-" P "-" S
					     ".state"));
	record_unlock(&s);
	assert_int_equal(s.lock_fd, -1);
}

static void
test_unknown_action_is_none(void **state)
{
	struct record_store s;
	struct switch_record back;
	char err[256];
	FILE *f;

	assert_int_equal(record_store_init(&s, dir, P, S, err, sizeof(err)), 0);
	assert_non_null(f = fopen(s.state_path, "w"));
	fputs("last_action=sideways\ngeneration=3\n", f);
	fclose(f);
	assert_int_equal(record_read(&s, &back), 0);
	assert_int_equal(back.last, SWITCH_NONE);
	assert_int_equal(back.generation, 3);
}

static void
test_lock_is_exclusive(void **state)
{
	struct record_store a, b;
	char err[256];
	double t0;

	assert_int_equal(record_store_init(&a, dir, P, S, err, sizeof(err)), 0);
	b = a;
	assert_int_equal(record_lock(&a, clock_now_ms(), err, sizeof(err)), 0);
	/* waits until the deadline, then says who holds it */
	t0 = clock_now_ms();
	assert_int_equal(record_lock(&b, t0 + 200, err, sizeof(err)), -1);
	assert_true(clock_now_ms() - t0 >= 150);
	assert_non_null(strstr(err, "another run holds it"));
	assert_int_equal(b.lock_fd, -1);
	record_unlock(&a);
	assert_int_equal(record_lock(&b, clock_now_ms(), err, sizeof(err)), 0);
	record_unlock(&b);
}

static void
test_bad_dirs(void **state)
{
	struct record_store s;
	char err[256], longdir[1100];

	memset(longdir, 'a', sizeof(longdir) - 1);
	longdir[0] = '/';
	longdir[sizeof(longdir) - 1] = '\0';
	assert_int_equal(record_store_init(&s, longdir, P, S, err, sizeof(err)),
			 -1);
	assert_non_null(strstr(err, "too long"));
	assert_int_equal(record_store_init(&s, "/nonexistent/x", P, S, err,
					   sizeof(err)), 0);
	assert_int_equal(record_lock(&s, clock_now_ms(), err, sizeof(err)), -1);
	assert_non_null(strstr(err, "cannot create state dir /nonexistent/x"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_unknown_action_is_none),
		cmocka_unit_test(test_lock_is_exclusive),
		cmocka_unit_test(test_bad_dirs),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
