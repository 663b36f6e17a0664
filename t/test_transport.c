/* SPDX-License-Identifier: ISC */
/*
 * The transport seam (lib/io/transport.c): commands are checked once above
 * every kind, a caller's ops table (a recording fake) is driven like the real
 * ones, a saved file answers every command, and --local runs an argv.
 */
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

#include "io/transport.h"

struct fake {
	char last[256];
	int runs;
	int *closed;
};

static int
fake_run(void *impl, const char *command, char **out, size_t *len, char **errout, int *status,
	 char *err, size_t errlen)
{
	struct fake *f = impl;

	(void)errout;
	(void)err;
	(void)errlen;
	f->runs++;
	snprintf(f->last, sizeof(f->last), "%s", command);
	*out = strdup("{}");
	*len = 2;
	*status = 0;
	return 0;
}

static void
fake_close(void *impl)
{
	struct fake *f = impl;

	(*f->closed)++;
	free(f);
}

static const struct transport_ops fake_ops = { fake_run, fake_close };

static void
test_fake_ops(void **state)
{
	struct fake *f = calloc(1, sizeof(*f));
	struct transport *t;
	char *out, *eo, err[128];
	size_t len;
	int st, closed = 0;

	(void)state;
	f->closed = &closed;
	t = transport_new(TRANSPORT_SSH, &fake_ops, f);
	assert_non_null(t);
	assert_int_equal(transport_get_kind(t), TRANSPORT_SSH);
	assert_int_equal(transport_run(t, "show ip bgp summary json", &out, &len, &eo, &st, err,
				       sizeof(err)), 0);
	assert_string_equal(f->last, "show ip bgp summary json");
	assert_string_equal(out, "{}");
	free(out);
	/* A second line would be a second vtysh command: refused above the
	 * ops, which never see it. */
	assert_int_equal(transport_run(t, "show ip bgp\nconfigure terminal", &out, &len, &eo,
				       &st, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "control characters"));
	assert_null(out);
	assert_int_equal(f->runs, 1);
	transport_close(t);
	assert_int_equal(closed, 1);
}

static void
test_file(void **state)
{
	char path[] = "/tmp/test_transport.XXXXXX", *out, err[256];
	struct transport_config cfg = { .kind = TRANSPORT_FILE };
	struct transport *t;
	size_t len;
	int fd, st;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "saved\n", 6), 6);
	close(fd);
	cfg.input = path;
	t = transport_open(&cfg, err, sizeof(err));
	assert_non_null(t);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(transport_run(t, "anything", &out, &len, NULL, &st, err,
					       sizeof(err)), 0);
		assert_int_equal(len, 6);
		assert_string_equal(out, "saved\n");
		free(out);
	}
	transport_close(t);
	unlink(path);
	cfg.input = "/nonexistent/answer";
	assert_null(transport_open(&cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "cannot open"));
}

static void
test_local(void **state)
{
	struct transport_config cfg = { .kind = TRANSPORT_LOCAL, .vtysh = "/bin/echo" };
	struct transport *t;
	char *out, *eo, err[256];
	size_t len;
	int st;

	(void)state;
	t = transport_open(&cfg, err, sizeof(err));
	assert_non_null(t);
	assert_int_equal(transport_run(t, "show 'x'", &out, &len, &eo, &st, err, sizeof(err)), 0);
	/* An argv, no shell: the quote arrives as it was written. */
	assert_string_equal(out, "-c show 'x'\n");
	assert_int_equal(st, 0);
	assert_null(eo);
	free(out);
	transport_close(t);
	cfg.vtysh = "vtysh";
	assert_null(transport_open(&cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "full path"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fake_ops),
		cmocka_unit_test(test_file),
		cmocka_unit_test(test_local),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
