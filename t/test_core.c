/* SPDX-License-Identifier: ISC */
/*
 * core: the one buffer (limits, growth, hand-over, secret wiping) and the
 * one logger (which -v step lets each level through, and the sink).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "core/array.h"
#include "core/buf.h"
#include "core/log.h"

static void
test_buf_put_and_limit(void **state)
{
	struct buf b;

	(void)state;
	buf_init(&b, 8);
	assert_string_equal(buf_str(&b), "");
	assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_int_equal(buf_putc(&b, 'd'), 0);
	assert_int_equal(buf_put(&b, "efgh", 4), 0);
	assert_int_equal(b.len, 8);
	assert_string_equal(buf_str(&b), "abcdefgh");
	/* one byte over the limit: refused, the buffer unchanged */
	assert_int_equal(buf_putc(&b, 'i'), -1);
	assert_int_equal(buf_printf(&b, "%d", 1), -1);
	assert_int_equal(b.len, 8);
	assert_string_equal(buf_str(&b), "abcdefgh");
	/* an empty put still fits */
	assert_int_equal(buf_put(&b, "", 0), 0);
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	/* a huge request cannot wrap around the limit test */
	buf_init(&b, 0);
	assert_int_equal(buf_puts(&b, "x"), 0);
	assert_int_equal(buf_put(&b, "y", SIZE_MAX), -1);
	assert_string_equal(buf_str(&b), "x");
	buf_free(&b);
}

static void
test_buf_printf_grows(void **state)
{
	struct buf b = BUF_INIT;
	char want[5001];
	int i;

	(void)state;
	/* well past the first allocation, one piece at a time ... */
	for (i = 0; i < 1000; i++)
		assert_int_equal(buf_printf(&b, "%04d,", i), 0);
	assert_int_equal(b.len, 5000);
	assert_true(b.cap > b.len);
	assert_memory_equal(buf_str(&b), "0000,0001,", 10);
	assert_string_equal(buf_str(&b) + 4995, "0999,");
	/* ... and in one go */
	memset(want, 'z', 5000);
	want[5000] = '\0';
	buf_reset(&b);
	assert_int_equal(buf_printf(&b, "%s", want), 0);
	assert_string_equal(buf_str(&b), want);
	buf_free(&b);
}

static void
test_buf_steal_and_reset(void **state)
{
	struct buf b = BUF_INIT;
	size_t len = 99;
	char *s;

	(void)state;
	/* nothing put: "" all the same */
	s = buf_steal(&b, &len);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	free(s);
	assert_int_equal(buf_puts(&b, "hello"), 0);
	s = buf_steal(&b, &len);
	assert_string_equal(s, "hello");
	assert_int_equal(len, 5);
	free(s);
	/* the buffer is empty and usable after a steal */
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(buf_puts(&b, "again"), 0);
	assert_string_equal(buf_str(&b), "again");
	/* reset keeps the memory, empties the text */
	s = b.data;
	buf_reset(&b);
	assert_ptr_equal(b.data, s);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	buf_free(&b);
	/* reset and free of a buffer that never held anything */
	buf_reset(&b);
	buf_free(&b);
}

static void
test_buf_secret_wiped(void **state)
{
	struct buf b;
	size_t cap, i;

	(void)state;
	buf_init_secret(&b, 0);
	assert_int_equal(b.secret, 1);
	assert_int_equal(buf_puts(&b, "wJalrXUtnFEMI/K7MDENG"), 0);
	cap = b.cap;
	/* growth copies, never reallocs: the text survives it */
	for (i = 0; i < 100; i++)
		assert_int_equal(buf_puts(&b, "/more-secret-text"), 0);
	assert_true(b.cap > cap);
	assert_memory_equal(buf_str(&b), "wJalrXUtnFEMI/K7MDENG/more", 26);
	/* reset wipes every byte it holds, not only the first */
	buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(buf_str(&b), "");
	for (i = 0; i < b.cap; i++)
		if (b.data[i] != '\0')
			fail_msg("byte %zu of %zu survived the reset", i, b.cap);
	assert_int_equal(buf_puts(&b, "next"), 0);
	assert_string_equal(buf_str(&b), "next");
	buf_free(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
	/* still a secret buffer after a free */
	assert_int_equal(b.secret, 1);
}

/* ---- log ------------------------------------------------------------- */

static char sink_text[1024];

static void
sink(void *ctx, const char *msg)
{
	size_t n = strlen(sink_text);

	assert_ptr_equal(ctx, sink_text);
	snprintf(sink_text + n, sizeof(sink_text) - n, "[%s]", msg);
}

/* Everything one message of each level writes on stderr at verbosity v. */
static char *
log_all_at(int v)
{
	log_init("test_core", v);
	assert_int_equal(log_verbosity(), v);
	capture_start();
	log_warn("warn %d", 1);
	log_notice("notice %d", 2);
	log_info("info %d", 3);
	log_debug("debug %d", 4);
	log_debug3("debug3 %d", 5);
	return capture_end();
}

static void
test_log_levels(void **state)
{
	static const char *const lines[] = {
		"test_core: warn 1\n",	 "test_core: notice 2\n", "test_core: info 3\n",
		"test_core: debug 4\n", "test_core: debug3 5\n",
	};
	/* from which -v step each line shows */
	static const int step[] = {0, 1, 1, 2, 3};
	char *out;
	int v;
	size_t i;

	(void)state;
	for (v = 0; v <= 4; v++) {
		out = log_all_at(v);
		for (i = 0; i < 5; i++) {
			int shown = strstr(out, lines[i]) != NULL;

			if (shown != (v >= step[i]))
				fail_msg("-v x%d: '%s' %s", v, lines[i],
					 shown ? "shown" : "missing");
		}
		free(out);
	}
	/* exactly the warning, nothing else, without -v */
	out = log_all_at(0);
	assert_string_equal(out, "test_core: warn 1\n");
	free(out);
	log_init("test_core", 0);
}

static void
test_log_sink(void **state)
{
	char *out;

	(void)state;
	sink_text[0] = '\0';
	log_set_sink(sink, sink_text);
	/* warnings and notices reach the sink whatever the verbosity ... */
	out = log_all_at(0);
	assert_string_equal(sink_text, "[warn 1][notice 2]");
	assert_string_equal(out, "test_core: warn 1\n");
	free(out);
	/* ... and never info or debug, even at -vvv */
	sink_text[0] = '\0';
	out = log_all_at(3);
	assert_string_equal(sink_text, "[warn 1][notice 2]");
	assert_non_null(strstr(out, "test_core: debug3 5\n"));
	free(out);
	/* a long message is cut, not overflowed */
	sink_text[0] = '\0';
	{
		char big[3000];

		memset(big, 'x', sizeof(big) - 1);
		big[sizeof(big) - 1] = '\0';
		log_init("test_core", 0);
		capture_start();
		log_warn("%s", big);
		out = capture_end();
		assert_true(strlen(out) < sizeof(big));
		assert_true(strlen(out) > 1000);
		free(out);
	}
	log_set_sink(NULL, NULL);
	sink_text[0] = '\0';
	out = log_all_at(0);
	assert_string_equal(sink_text, "");
	free(out);
	log_init("test_core", 0);
}

/* Room is made by doubling; a failure leaves the array as it was. */
static void
test_array_grow(void **state)
{
	int *v = NULL, *nv;
	size_t cap = 0, n;

	(void)state;
	for (n = 0; n < 100; n++) {
		nv = array_grow(v, &cap, n, sizeof(*v));
		assert_non_null(nv);
		v = nv;
		v[n] = (int)n;
		assert_true(cap > n);
	}
	assert_int_equal(cap, 128);
	for (n = 0; n < 100; n++)
		assert_int_equal(v[n], (int)n);
	/* Room left: the same array back, cap unchanged. */
	assert_ptr_equal(array_grow(v, &cap, 100, sizeof(*v)), v);
	assert_int_equal(cap, 128);
	/* Overflow of cap * size: NULL, cap and v untouched. */
	assert_null(array_grow(v, &cap, 128, SIZE_MAX / 64));
	assert_int_equal(cap, 128);
	assert_int_equal(v[99], 99);
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_array_grow),
		cmocka_unit_test(test_buf_put_and_limit),
		cmocka_unit_test(test_buf_printf_grows),
		cmocka_unit_test(test_buf_steal_and_reset),
		cmocka_unit_test(test_buf_secret_wiped),
		cmocka_unit_test(test_log_levels),
		cmocka_unit_test(test_log_sink),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
