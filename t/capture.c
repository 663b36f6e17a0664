/* SPDX-License-Identifier: ISC */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "capture.h"

static FILE *capture_file;
static int capture_saved = -1;

void
capture_start(void)
{
	assert_null(capture_file);
	capture_file = tmpfile();
	assert_non_null(capture_file);
	fflush(stderr);
	capture_saved = dup(STDERR_FILENO);
	assert_true(capture_saved >= 0);
	assert_true(dup2(fileno(capture_file), STDERR_FILENO) >= 0);
}

char *
capture_end(void)
{
	char *text;
	long n;

	assert_non_null(capture_file);
	fflush(stderr);
	assert_true(dup2(capture_saved, STDERR_FILENO) >= 0);
	close(capture_saved);
	capture_saved = -1;
	assert_int_equal(fseek(capture_file, 0, SEEK_END), 0);
	n = ftell(capture_file);
	assert_true(n >= 0);
	rewind(capture_file);
	text = calloc(1, (size_t)n + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)n, capture_file), (size_t)n);
	fclose(capture_file);
	capture_file = NULL;
	return text;
}
