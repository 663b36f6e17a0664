/* SPDX-License-Identifier: ISC */
/*
 * libFuzzer harnesses (t/fuzz/README.md): each file defines the entry point
 * below and calls one parser of lib/ on the input, read-only.  A parser's
 * contract broken (a result and an error at once, no reason on failure)
 * aborts, so libFuzzer reports it as a crash, as ASan/UBSan do memory and
 * undefined-behaviour errors.
 */
#ifndef VHA_T_FUZZ_H
#define VHA_T_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort when a contract does not hold. */
#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond))                                                                       \
			abort();                                                                   \
	} while (0)

/* The input as a NUL-terminated heap string cut at its first NUL (the
 * parsers that take C strings never see more than that). */
static inline char *
fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

/* The input in a heap block of exactly size bytes (at least one), so that
 * ASan sees any read past the answer. */
static inline char *
fuzz_exact(const uint8_t *data, size_t size)
{
	char *s = malloc(size > 0 ? size : 1);

	if (s == NULL)
		abort();
	memcpy(s, data, size);
	return s;
}

#endif
